"""``chainatlas pipeline export`` and ``chainatlas targets export`` on a real database, through
the real ``chainatlas`` command, with the workbooks read back."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from chainatlas.accounts.users import create_user
from chainatlas.cli.main import app
from chainatlas.pipeline.access import add_member
from chainatlas.pipeline.records import create_record, ensure_team, move_stage, verify_signing
from chainatlas.pipeline.targets import set_target
from chainatlas.store.db import Database

runner = CliRunner()
YI = 100_000_000


@pytest.fixture
def url(database: Database) -> str:
    with database.session() as s:
        editor = create_user(s, "zhangsan", "password-one", "editor")
        admin = create_user(s, "lisi", "password-two", "admin")
        member = create_user(s, "wangwu", "password-three", "editor")
        team = ensure_team(s, "新能源专班")
        add_member(s, team, member)
        signed = create_record(
            s, "储能电池项目", user=editor, on=date(2026, 1, 5), stage="negotiating",
            investment_cny=12 * YI, team=team, chain="new-energy-battery",
        )  # fmt: skip
        move_stage(s, signed, "signed", user=editor, on=date(2026, 3, 1))
        verify_signing(s, signed, admin, date(2026, 3, 2))
        create_record(s, "光伏线索", user=editor, on=date(2026, 2, 1), investment_cny=2 * YI)
        set_target(s, 2026, "signed_cny", 10 * YI)
        set_target(s, 2026, "projects", 4, team=team)
    return database.url


def invoke(url: str, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--database", url, *args])
    return result.exit_code, result.stdout + result.stderr


def test_pipeline_export_writes_the_filtered_records(url: str, tmp_path: Path) -> None:
    path = tmp_path / "项目库.xlsx"
    code, out = invoke(
        url, "pipeline", "export", str(path), "--stage", "签约", "--team", "新能源专班"
    )
    assert code == 0, out
    assert "1 records" in out
    sheet = load_workbook(path)["招商项目库"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [(row[2], row[5], row[9]) for row in rows] == [("储能电池项目", "新能源电池", "签约")]
    everything = tmp_path / "all.xlsx"
    assert invoke(url, "pipeline", "export", str(everything))[0] == 0
    assert load_workbook(everything)["招商项目库"].max_row == 3


def test_pipeline_export_as_a_team_member_sees_only_the_team(url: str, tmp_path: Path) -> None:
    path = tmp_path / "mine.xlsx"
    code, out = invoke(url, "pipeline", "export", str(path), "--user", "wangwu")
    assert code == 0, out
    names = [
        row[2] for row in load_workbook(path)["招商项目库"].iter_rows(min_row=2, values_only=True)
    ]
    assert names == ["储能电池项目"]


def test_targets_export_writes_progress_sheets(url: str, tmp_path: Path) -> None:
    path = tmp_path / "目标进度.xlsx"
    code, out = invoke(url, "targets", "export", "2026", str(path), "--as-of", "2026-03-31")
    assert code == 0, out
    assert "2 progress rows as of 2026-03-31" in out
    book = load_workbook(path)
    assert book.sheetnames == ["全区", "新能源专班", "各专班对比", "计入明细"]
    region = book["全区"]
    assert "序时进度 24.7%" in str(region["A1"].value)
    assert [region.cell(3, column).value for column in (1, 5, 8)] == ["签约金额", 12, "超进度"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("pipeline", "export", "out.csv"), "should end in .xlsx"),
        (("pipeline", "export", "no-such-folder/out.xlsx"), "does not exist"),
        (("pipeline", "export", "out.xlsx", "--team", "无此专班"), "no team named '无此专班'"),
        (("pipeline", "export", "out.xlsx", "--stage", "乱"), "unknown stage"),
        (("pipeline", "export", "out.xlsx", "--user", "nobody"), "no user named 'nobody'"),
        (("targets", "export", "2026", "out.xlsx", "--as-of", "30.6.2026"), "not YYYY-MM-DD"),
    ],
)
def test_bad_export_arguments_are_named(
    url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out = invoke(url, *args)
    assert code == 2
    assert message in " ".join(out.split())
    assert not (tmp_path / "out.xlsx").exists()
