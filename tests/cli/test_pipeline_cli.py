"""The pipeline and targets commands on a real database, as a user runs them."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from chainatlas.accounts.users import create_user
from chainatlas.cli.pipeline import parse_yuan, register
from chainatlas.store.db import Database

Invoke = Callable[..., tuple[int, str, str]]  # see cli_invoker in tests/cli/conftest.py


@pytest.fixture(scope="module")
def invoke(cli_invoker: Callable[..., Invoke]) -> Invoke:
    return cli_invoker(register)


@pytest.mark.parametrize(
    ("text", "expected"), [("12亿", 1.2e9), ("5000万", 5e7), ("3.5亿元", 3.5e8), ("42", 42.0)]
)
def test_parse_yuan(text: str, expected: float) -> None:
    assert parse_yuan(text) == pytest.approx(expected)


@pytest.fixture
def url(database: Database) -> str:
    with database.session() as session:
        create_user(session, "zhangsan", "password-one", "editor")
        create_user(session, "lisi", "password-two", "admin")
    return database.url


def test_round_trip_from_lead_to_counted_signing(url: str, invoke: Invoke) -> None:
    code, out, err = invoke(
        url, "pipeline", "add", "储能电池项目", "--company", "皖江储能科技有限公司",
        "--team", "新能源专班", "--investment", "12亿", "--user", "zhangsan",
        "--on", "2026-01-10", "--follow-up", "2026-02-01",
    )  # fmt: skip
    assert code == 0, err
    assert "added pipeline record 1" in out
    assert (
        invoke(url, "pipeline", "move", "1", "洽谈", "--user", "zhangsan", "--on", "2026-02-03")[0]
        == 0
    )
    code, _, err = invoke(url, "pipeline", "move", "1", "开工", "--user", "zhangsan")
    assert code == 2
    assert "negotiating → 开工 construction is not allowed" in err.replace("\n", " ")
    code, _, err = invoke(
        url, "pipeline", "move", "1", "signed", "--user", "zhangsan", "--on", "2026-03-15",
        "--evidence", "投资协议扫描件",
    )  # fmt: skip
    assert code == 0, err
    code, _, err = invoke(url, "pipeline", "verify", "1", "--user", "zhangsan")
    assert code == 2
    assert "cannot also verify" in err
    assert invoke(url, "pipeline", "verify", "1", "--user", "lisi", "--on", "2026-03-16")[0] == 0
    assert invoke(url, "targets", "set", "2026", "signed_cny", "40亿")[0] == 0
    assert invoke(url, "targets", "set", "2026", "projects", "2", "--team", "新能源专班")[0] == 0

    code, out, _ = invoke(url, "pipeline", "show", "1", "--format", "json")
    detail = json.loads(out)
    assert [(h["from"], h["to"]) for h in detail["history"]] == [
        (None, "lead"),
        ("lead", "negotiating"),
        ("negotiating", "signed"),
    ]
    assert detail["history"][-1]["verified_by"] == "lisi"
    assert detail["history"][-1]["evidence"] == "投资协议扫描件"

    code, out, _ = invoke(url, "pipeline", "list", "--stage", "签约", "--format", "json")
    assert [row["name"] for row in json.loads(out)] == ["储能电池项目"]

    code, out, _ = invoke(
        url, "targets", "progress", "2026", "--as-of", "2026-03-31", "--format", "json"
    )
    (region,) = json.loads(out)
    assert (region["achieved"], region["status"]) == (1.2e9, "超进度")
    assert region["evidence"][0]["record_id"] == 1
    code, out, _ = invoke(
        url, "targets", "progress", "2026", "--as-of", "2026-12-31", "--team", "新能源专班"
    )
    assert code == 0
    assert "欠进度" in out
    assert "50.0%" in out

    code, out, _ = invoke(url, "pipeline", "overdue", "--today", "2026-02-10", "--format", "json")
    assert [(row["record_id"], row["days_overdue"]) for row in json.loads(out)] == [(1, 9)]


def test_shelving_without_reason_and_unknown_record_fail_cleanly(url: str, invoke: Invoke) -> None:
    invoke(url, "pipeline", "add", "光伏组件项目")
    code, _, err = invoke(url, "pipeline", "move", "1", "搁置", "--user", "zhangsan")
    assert code == 2
    assert "needs a reason" in err
    code, _, err = invoke(url, "pipeline", "show", "7")
    assert code == 2
    assert "no pipeline record with id 7" in err
    code, out, _ = invoke(url, "pipeline", "list")
    assert "线索" in out


def test_edit_log_and_amounts(url: str, invoke: Invoke) -> None:
    invoke(url, "pipeline", "add", "精密铸件项目", "--investment", "3亿", "--on", "2026-01-05")
    code, out, err = invoke(
        url, "pipeline", "edit", "1", "--land", "80", "--promised-output", "6亿", "--escalate",
    )  # fmt: skip
    assert code == 0, err
    code, _, err = invoke(
        url, "pipeline", "log", "1", "visit", "--notes", "走访企业", "--follow-up", "2026-03-01"
    )
    assert code == 0, err
    code, _, err = invoke(url, "pipeline", "log", "1", "fax")
    assert code == 2
    assert "activity kind 'fax'" in err
    code, out, err = invoke(
        url, "pipeline", "amount", "1", "increase", "5000万", "--on", "2026-04-01"
    )
    assert code == 0, err
    assert "record 1: increase" in out
    assert "2026-04-01" in out
    detail = json.loads(invoke(url, "pipeline", "show", "1", "--format", "json")[1])
    assert (detail["land_mu"], detail["escalated"], str(detail["next_follow_up"])) == (
        80.0,
        True,
        "2026-03-01",
    )


def test_conversion_rates_command(url: str, invoke: Invoke) -> None:
    invoke(url, "pipeline", "add", "一号项目", "--on", "2026-02-01")
    invoke(url, "pipeline", "add", "二号项目", "--on", "2026-02-01")
    invoke(url, "pipeline", "move", "2", "洽谈", "--user", "zhangsan", "--on", "2026-03-01")
    code, out, err = invoke(
        url, "targets", "conversion", "2026-01-01", "2026-12-31", "--format", "json"
    )
    assert code == 0, err
    first = json.loads(out)[0]
    assert (first["from_stage"], first["reached_from"], first["reached_to"], first["rate"]) == (
        "lead",
        2,
        1,
        0.5,
    )
    code, out, _ = invoke(url, "targets", "conversion", "2026-01-01", "2026-12-31")
    assert "50.0%" in out


def test_member_puts_a_user_in_a_team_and_takes_them_out(url: str, invoke: Invoke) -> None:
    code, out, _ = invoke(url, "pipeline", "member", "镁基专班", "zhangsan", "--kind", "专班")
    assert code == 0 and "镁基专班" in out
    code, out, _ = invoke(url, "pipeline", "teams", "--format", "json")
    assert code == 0
    listed = json.loads(out)
    assert [(t["name"], t["kind"], t["members"]) for t in listed] == [
        ("镁基专班", "专班", ["zhangsan"])
    ]
    code, out, _ = invoke(url, "pipeline", "member", "镁基专班", "zhangsan", "--remove")
    assert code == 0 and "left" in out
    code, _, err = invoke(url, "pipeline", "member", "镁基专班", "zhangsan", "--remove")
    assert code != 0 and "not in team" in err
    code, _, err = invoke(url, "pipeline", "member", "镁基专班", "nobody")
    assert code != 0 and "no user named 'nobody'" in err
