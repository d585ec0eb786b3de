"""``chainatlas pipeline import`` on a real database: preview stores nothing, --confirm
imports, a second run changes nothing, errors and bad options exit non-zero."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select

import chainatlas.cli.sheets  # noqa: F401  (adds `import` to the pipeline group)
from chainatlas.accounts.users import create_user
from chainatlas.cli.pipeline import register
from chainatlas.pipeline.models import PipelineRecord, SheetImport
from chainatlas.pipeline.sheets import sample_sheet
from chainatlas.store.db import Database

Invoke = Callable[..., tuple[int, str, str]]  # see cli_invoker in tests/cli/conftest.py


@pytest.fixture(scope="module")
def invoke(cli_invoker: Callable[..., Invoke]) -> Invoke:
    return cli_invoker(register, "pipeline", "import")


@pytest.fixture
def url(database: Database) -> str:
    with database.session() as session:
        create_user(session, "zhangsan", "password-one", "editor")
        create_user(session, "wangwu", "password-three", "viewer")
    return database.url


def counts(url: str) -> tuple[int, int]:
    with Database(url) as database, database.session() as session:
        records = session.scalar(select(func.count()).select_from(PipelineRecord)) or 0
        imports = session.scalar(select(func.count()).select_from(SheetImport)) or 0
    return records, imports


def test_preview_then_confirm_then_nothing_changes(url: str, invoke: Invoke) -> None:
    sample = str(sample_sheet())
    code, out, err = invoke(url, sample, "--user", "zhangsan")
    assert code == 0, err
    assert "create 6" in out and "跳过第9行：合计行" in out and "未导入" in out
    assert counts(url) == (0, 0)  # a preview stores nothing

    code, out, err = invoke(url, sample, "--user", "zhangsan", "--confirm")
    assert code == 0, err
    assert "已导入：新建 6，更新 0，未变 0，跳过 1" in out
    assert "核验" in out
    assert counts(url) == (6, 1)

    code, out, err = invoke(url, sample, "--user", "zhangsan", "--confirm")
    assert code == 0, err
    assert "新建 0，更新 0，未变 6" in out
    assert counts(url) == (6, 2)


def test_rows_with_errors_import_nothing(url: str, tmp_path: Path, invoke: Invoke) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(
        "项目名称,投资方,总投资(万元),项目进展\n储能项目,甲公司,约三千,在谈\n".encode("gbk")
    )
    code, _, err = invoke(url, str(path), "--user", "zhangsan", "--confirm")
    assert code == 1
    assert "第2行 总投资(万元): '约三千' 不是数字" in err
    assert counts(url) == (0, 0)


def test_mapping_option_overrides_a_guess(url: str, tmp_path: Path, invoke: Invoke) -> None:
    path = tmp_path / "m.csv"
    path.write_text("项目名称,投资方,招商金额\n储能项目,甲公司,2\n", encoding="utf-8")
    code, out, err = invoke(
        url, str(path), "--user", "zhangsan", "--mapping", "招商金额=investment", "--json"
    )
    assert code == 0, err
    assert '"field": "investment"' in out and '"unmapped": []' in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--mapping", "招商金额"], "is not 列名=field"),
        (["--mapping", "招商金额=salary"], "unknown field 'salary'"),
    ],
)
def test_bad_mapping_options_are_usage_errors(
    url: str, tmp_path: Path, args: list[str], message: str, invoke: Invoke
) -> None:
    path = tmp_path / "m.csv"
    path.write_text("项目名称,投资方,招商金额\n储能项目,甲公司,2\n", encoding="utf-8")
    code, _, err = invoke(url, str(path), "--user", "zhangsan", *args)
    assert code == 2 and message in err


def test_unreadable_file_missing_file_and_viewer(url: str, tmp_path: Path, invoke: Invoke) -> None:
    fake = tmp_path / "fake.xlsx"
    fake.write_text("not a workbook", encoding="utf-8")
    code, _, err = invoke(url, str(fake), "--user", "zhangsan")
    assert code == 2 and "fake.xlsx" in err and "不是 Excel 工作簿" in err
    code, _, err = invoke(url, str(tmp_path / "absent.csv"), "--user", "zhangsan")
    assert code == 2 and "absent.csv" in err
    code, _, err = invoke(url, str(sample_sheet()), "--user", "wangwu", "--confirm")
    assert code == 2 and "may not import" in err
    assert counts(url) == (0, 0)
