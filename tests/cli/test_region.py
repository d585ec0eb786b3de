"""``chainatlas region`` on the hand-built battery knowledge base, as a user runs it."""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.main import get_command

from chainatlas.cli.region import register
from chainatlas.store.db import Database

Invoke = Callable[..., tuple[int, str, str]]  # see cli_invoker in tests/cli/conftest.py


@pytest.fixture(scope="module")
def invoke(cli_invoker: Callable[..., Invoke]) -> Invoke:
    return cli_invoker(register, "region")


@pytest.fixture
def url(database_url: str) -> str:
    # Test folders are not packages (pytest's importlib mode): load the builder by path.
    path = Path(__file__).resolve().parents[1] / "analysis" / "battery_kb.py"
    spec = importlib.util.spec_from_file_location("battery_kb", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    database = Database(database_url)
    module.build(database)
    database.dispose()
    return database_url


def test_help_ends_with_an_example(invoke: Invoke) -> None:
    command = get_command(invoke.app).commands["region"]  # type: ignore[attr-defined]
    last = (command.help or "").strip().splitlines()[-1]
    assert last == "Example: chainatlas region 玉溪市 --chain 新能源电池"


def test_table(url: str, invoke: Invoke) -> None:
    code, out, _ = invoke(url, "玉溪市", "--chain", "新能源电池")
    assert code == 0
    assert "5/12 nodes covered, 6 projects, 118亿元" in out
    assert "玉溪华能锂电有限公司投资建设年产20GWh动力电池项目。" in out  # evidence
    assert "1. 江西萍锂新材料有限公司 (萍乡市, score 8.98)" in out
    assert "2024年在萍乡市签约年产5万吨电解液项目，总投资30亿元" in out
    assert "上下游 梯次利用与回收" in out
    assert "项目均处于前期阶段（签约1个）" in out
    assert out.index("链主") < out.index("玉溪华能锂电有限公司   │ 25.82")


def test_json_for_scripts(url: str, invoke: Invoke) -> None:
    code, out, _ = invoke(url, "云南", "--chain", "new-energy-battery", "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert data["region"]["name"] == "云南省"
    assert "anode" in data["summary"]["covered"]
    assert [leader["name"] for leader in data["leaders"]][:1] == ["玉溪华能锂电有限公司"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("玉溪线", "--chain", "新能源电池"), "did you mean: 玉溪市"),
        (("玉溪市", "--chain", "新能源电芯"), "新能源电池 (new-energy-battery)"),
        (("朝阳区", "--chain", "新能源电池"), "give its 6-digit code"),
    ],
)
def test_errors_name_close_matches(
    url: str, args: tuple[str, ...], message: str, invoke: Invoke
) -> None:
    code, out, err = invoke(url, *args)
    assert code == 2 and out == ""
    assert message in " ".join(err.split())
