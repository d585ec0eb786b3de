"""``chainatlas briefing`` on the hand-built pipeline of tests/reports/sample_pipeline.py:
each format written where asked, bad periods and teams refused with a message."""

from __future__ import annotations

import json
from collections.abc import Callable
from io import BytesIO
from pathlib import Path
from types import ModuleType

import pytest
from docx import Document
from pypdf import PdfReader

from chainatlas.cli.briefing import register
from chainatlas.store.db import Database

Invoke = Callable[..., tuple[int, str, str]]  # see cli_invoker in tests/cli/conftest.py


@pytest.fixture(scope="module")
def invoke(cli_invoker: Callable[..., Invoke]) -> Invoke:
    return cli_invoker(register, "briefing", env={"CHAINATLAS_HOME_REGION": "池州市"})


PERIOD = ["2026-04-01", "2026-06-30", "--today", "2026-07-10"]


@pytest.fixture
def url(tmp_path: Path, sample_pipeline: ModuleType) -> str:
    database = Database(f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    with database.session() as session:
        sample_pipeline.build_sample(session)
    database.dispose()
    return database.url


def test_pdf_to_a_file(url: str, tmp_path: Path, invoke: Invoke) -> None:
    out = tmp_path / "简报.pdf"
    code, stdout, stderr = invoke(url, *PERIOD, "--format", "pdf", "--out", str(out))
    assert code == 0, stderr
    assert f"wrote {out}" in stdout
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert "2026年4月1日至2026年6月30日 · 安徽省池州市" in text
    assert "储能电池项目" in text
    assert "序时进度" in text


def test_default_file_name_in_the_current_folder(
    url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, invoke: Invoke
) -> None:
    monkeypatch.chdir(tmp_path)
    code, stdout, stderr = invoke(url, *PERIOD)
    assert code == 0, stderr
    written = tmp_path / "招商工作简报_2026-04-01_2026-06-30.html"
    assert written.is_file()
    assert stdout.startswith(f"wrote {written.name} (")
    assert "储能电池项目" in written.read_text("utf-8")


def test_docx_for_one_team(url: str, tmp_path: Path, invoke: Invoke) -> None:
    out = tmp_path / "brief.docx"
    code, _, stderr = invoke(
        url, *PERIOD, "--format", "docx", "--out", str(out), "--team", "新材料小分队"
    )
    assert code == 0, stderr
    document = Document(BytesIO(out.read_bytes()))
    assert document.paragraphs[1].text.endswith("新材料小分队")
    texts = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert "铜箔项目" in texts
    assert "储能电池项目" not in texts


def test_json_to_stdout(url: str, invoke: Invoke) -> None:
    code, stdout, stderr = invoke(url, *PERIOD, "--format", "json", "--region", "青阳县")
    assert code == 0, stderr
    data = json.loads(stdout)
    assert data["totals"]["signed_cny"] == 15 * 100_000_000
    assert data["gaps"]["region"] == "安徽省池州市青阳县"
    assert [o["name"] for o in data["overdue"]] == ["新材料研发中心"]


def test_without_home_region_the_gaps_say_so(url: str, invoke: Invoke) -> None:
    code, stdout, _ = invoke(url, *PERIOD, "--format", "json", env={"CHAINATLAS_HOME_REGION": ""})
    assert code == 0
    assert "CHAINATLAS_HOME_REGION" in json.loads(stdout)["gaps"]["notes"][0]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["2026-06-30", "2026-01-01"], "before its start"),
        (["2026-01-01", "soon"], "end 'soon' is not a date"),
        ([*PERIOD, "--team", "招商三组"], "no team named '招商三组'"),
    ],
)
def test_bad_input_is_refused(
    url: str, tmp_path: Path, args: list[str], message: str, invoke: Invoke
) -> None:
    code, _, stderr = invoke(url, *args, "--out", str(tmp_path / "x.html"))
    assert code == 2
    assert message in stderr
    assert not (tmp_path / "x.html").exists()
