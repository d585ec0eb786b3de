"""``chainatlas pipeline compare`` and ``chainatlas pipeline land`` on a real database."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from chainatlas.cli.main import app
from chainatlas.cli.pipeline import console

Invoke = Callable[..., tuple[int, str, str]]  # see cli_invoker in tests/cli/conftest.py


@pytest.fixture(scope="module")
def invoke(cli_invoker: Callable[..., Invoke]) -> Invoke:
    return cli_invoker(app)


WAN = 10_000
YI = 100_000_000


@pytest.fixture
def url(database_url: str, evaluation_pipeline: Callable[..., None]) -> str:
    """甲区 (甲组) signs 12亿 and operates on 100亩 paying 1000万 tax; 乙区 (乙组) signs 3亿
    on no land and has 5亿 funds in place (no 产值 figures)."""
    evaluation_pipeline(database_url, outputs=False)
    return database_url


@pytest.fixture(autouse=True)
def wide_console(monkeypatch: pytest.MonkeyPatch) -> None:
    # The tables are wider than the test runner's 80 columns; a real terminal is wider too.
    monkeypatch.setattr(console, "_width", 250)


def test_compare_table_and_json(url: str, invoke: Invoke) -> None:
    code, out, _ = invoke(url, "pipeline", "compare", "2026", "--as-of", "2026-06-30")
    assert code == 0
    assert out.index("甲区") < out.index("乙区")
    assert "80.0" in out and "12亿元 #1" in out
    code, out, _ = invoke(
        url, "pipeline", "compare", "2026", "--as-of", "2026-06-30", "--format", "json"
    )
    body = json.loads(out)
    assert [(row["group"], row["score"]) for row in body["rows"]] == [
        ("甲区", 80.0),
        ("乙区", 30.0),
    ]
    assert body["rows"][0]["measures"]["signed"]["value"] == 12 * YI


def test_weights_change_the_order(url: str, invoke: Invoke) -> None:
    code, out, _ = invoke(
        url, "pipeline", "compare", "2026", "--as-of", "2026-06-30",
        "--weights", "funds=200", "--format", "json",
    )  # fmt: skip
    assert code == 0
    assert [row["group"] for row in json.loads(out)["rows"]] == ["乙区", "甲区"]


def test_weights_from_a_file_then_the_option(url: str, tmp_path: Path, invoke: Invoke) -> None:
    path = tmp_path / "weights.toml"
    path.write_text("[weights]\nfunds = 200\nsigned = 0\n", encoding="utf-8")
    args = ("pipeline", "compare", "2026", "--as-of", "2026-06-30", "--format", "json")
    code, out, _ = invoke(url, *args, "--weights-file", str(path))
    assert code == 0
    body = json.loads(out)
    assert [row["group"] for row in body["rows"]] == ["乙区", "甲区"]
    assert (body["weights"]["funds"], body["weights"]["signed"]) == (200, 0)
    code, out, _ = invoke(url, *args, "--weights-file", str(path), "--weights", "funds=1")
    assert json.loads(out)["weights"]["funds"] == 1
    code, _, err = invoke(url, *args, "--weights-file", str(tmp_path / "none.toml"))
    assert code == 2 and "cannot read weights file" in err


def test_compare_by_team_as_a_team_member(url: str, invoke: Invoke) -> None:
    code, out, _ = invoke(
        url, "pipeline", "compare", "2026", "--as-of", "2026-06-30", "--by", "team",
        "--user", "pj-team", "--format", "json",
    )  # fmt: skip
    assert code == 0
    body = json.loads(out)
    assert [row["group"] for row in body["rows"]] == ["甲组"]
    assert (body["groups_ranked"], body["hidden_groups"]) == (2, 1)


def test_bad_weights_exit_with_the_reason(url: str, invoke: Invoke) -> None:
    code, _, err = invoke(url, "pipeline", "compare", "2026", "--weights", "bogus=3")
    assert code == 2
    assert "unknown indicator 'bogus'" in err


def test_land_records_and_groups(url: str, invoke: Invoke) -> None:
    code, out, _ = invoke(url, "pipeline", "land", "--format", "json")
    assert code == 0
    rows = {row["name"]: row for row in json.loads(out)}
    assert rows["甲区电机项目"]["grade"] == "A"
    assert rows["甲区电机项目"]["realised_tax_per_mu"] == pytest.approx(10 * WAN)
    assert rows["乙区电池项目"]["reason"] == "用地面积为0"
    code, out, _ = invoke(url, "pipeline", "land", "--by", "team", "--format", "json")
    groups = {group["key"]: group for group in json.loads(out)}
    assert (groups["甲组"]["records"], groups["乙组"]["unevaluable"]) == (1, 1)
    assert groups["合计"]["land_mu"] == 100
    code, out, _ = invoke(url, "pipeline", "land", "--benchmark", "20")
    assert code == 0 and "无法评价：用地面积为0" in out and " C " in out


def test_land_bad_benchmark(url: str, invoke: Invoke) -> None:
    code, _, err = invoke(url, "pipeline", "land", "--benchmark", "0")
    assert code == 2
    assert "benchmark must be positive" in err
