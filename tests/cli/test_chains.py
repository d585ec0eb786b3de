"""``chainatlas chains list | show | validate`` as a user runs them: show lists the firms
and projects a short article of our own mounted on the chain's nodes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chainatlas.analysis import chain_mounts
from chainatlas.chains import ChainMounter, builtin_dir, load_library
from chainatlas.cli.main import app
from chainatlas.config import Settings
from chainatlas.ingest.pipeline import Ingestor, extraction_step
from chainatlas.store.db import Database

runner = CliRunner()

ARTICLE = (
    "宝鸡市钛产业项目集中签约",
    "2024-09-03",
    "2024年9月2日，宝鸡钛源新材料有限公司与宝鸡市签约，投资12亿元建设年产1万吨海绵钛项目。",
)


@pytest.fixture
def url(database_url: str, settings: Settings, tmp_path: Path) -> str:
    title, published, body = ARTICLE
    source = tmp_path / "article.jsonl"
    line = {"title": title, "published": published, "text": f"{title}\n{body}"}
    source.write_text(json.dumps(line, ensure_ascii=False), "utf-8")
    database = Database(database_url)
    try:
        report = Ingestor(database, settings, extract=extraction_step()).ingest([str(source)])
    finally:
        database.dispose()
    assert not report.errors and report.count("added") == 1
    return database_url


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_list_names_every_chain(tmp_path: Path) -> None:
    code, out, _ = invoke("--database", f"sqlite:///{tmp_path / 'empty.sqlite3'}", "chains", "list")
    assert code == 0
    assert "titanium" in out and "钛材" in out and "new-energy-battery" in out


def test_show_lists_mounted_projects_and_firms(url: str) -> None:
    code, out, _ = invoke("--database", url, "chains", "show", "钛材")
    assert code == 0
    mounted = out.split("挂链")[1]
    assert "海绵钛 (sponge): 1 firms, 1 projects" in mounted
    assert "宝鸡钛源新材料有限公司" in mounted
    assert "年产1万吨海绵钛项目" in mounted and "签约" in mounted


def test_chain_mounts_library_function(url: str) -> None:
    library = load_library()
    database = Database(url)
    try:
        with database.session() as session:
            mounts = chain_mounts(session, library.get("titanium"), ChainMounter(library))
    finally:
        database.dispose()
    sponge = mounts.node("sponge")
    assert [f.name for f in sponge.firms] == ["宝鸡钛源新材料有限公司"]
    (project,) = sponge.projects
    assert project.region == "宝鸡市" and project.status == "signed"
    assert not mounts.node("ilmenite").projects


def test_show_on_an_empty_knowledge_base(tmp_path: Path) -> None:
    code, out, _ = invoke("--database", f"sqlite:///{tmp_path / 'empty.sqlite3'}", "chains",
                          "show", "titanium")  # fmt: skip
    assert code == 0 and "no firm or project" in out


def test_show_unknown_chain_exits_2(tmp_path: Path) -> None:
    code, _, err = invoke("--database", f"sqlite:///{tmp_path / 'e.sqlite3'}", "chains", "show",
                          "不存在的链")  # fmt: skip
    assert code == 2 and "不存在的链" in err


@pytest.mark.parametrize(
    ("breakage", "code", "expected"),
    [
        (None, 0, "valid"),
        (("segment: 上游", "segment: 侧游"), 1, "titanium"),
        (("name: 钛材", "title: 钛材"), 1, "name"),
    ],
)
def test_validate(
    tmp_path: Path, breakage: tuple[str, str] | None, code: int, expected: str
) -> None:
    text = (builtin_dir() / "titanium.yaml").read_text(encoding="utf-8")
    if breakage is not None:
        text = text.replace(*breakage, 1)
    path = tmp_path / "mine.yaml"
    path.write_text(text, encoding="utf-8")
    exit_code, out, err = invoke("chains", "validate", str(path))
    assert exit_code == code
    assert expected in (out if code == 0 else err)
    if code:
        assert "mine.yaml" in err
