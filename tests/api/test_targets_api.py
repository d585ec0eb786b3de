"""The targets API on SQLite and PostgreSQL: progress with 序时进度, setting and deleting
targets (region-wide editors and admins only), conversion rates and the XLSX exports."""

from __future__ import annotations

import io
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from urllib.parse import unquote

import pytest
from openpyxl import load_workbook

from chainatlas.accounts.tokens import create_api_token
from chainatlas.accounts.users import create_user
from chainatlas.api.app import create_app
from chainatlas.api.settings import WebSettings
from chainatlas.pipeline.access import add_member
from chainatlas.pipeline.records import create_record, ensure_team, move_stage, verify_signing
from chainatlas.pipeline.targets import list_targets, set_target
from chainatlas.store.db import Database

with warnings.catch_warnings():
    warnings.simplefilter("ignore", UserWarning)  # Starlette asks for httpx2; httpx works
    from fastapi.testclient import TestClient

YI = 100_000_000
AS_OF = "2026-06-30"


@dataclass
class World:
    client: Callable[[str], TestClient]
    database: Database
    team_id: int
    other_team_id: int
    big_id: int
    other_id: int


@pytest.fixture
def world(database_url: str) -> Iterator[World]:
    database = Database(database_url)
    tokens: dict[str, str] = {}
    with database.session() as s:
        admin = create_user(s, "chief", "password-chief", "admin")
        editor = create_user(s, "office", "password-office", "editor")
        member = create_user(s, "squad", "password-squad", "editor")
        create_user(s, "reader", "password-reader", "viewer")
        team = ensure_team(s, "新能源汽车专班")
        other = ensure_team(s, "镁基新材料专班")
        add_member(s, team, member)
        big = create_record(
            s, "整车基地项目", user=editor, on=date(2026, 1, 2), stage="negotiating",
            investment_cny=12 * YI, team=team,
        )  # fmt: skip
        move_stage(s, big, "signed", user=editor, on=date(2026, 2, 10))
        verify_signing(s, big, admin, date(2026, 2, 12))
        elsewhere = create_record(
            s, "镁合金项目", user=editor, on=date(2026, 1, 2), stage="negotiating",
            investment_cny=3 * YI, team=other,
        )  # fmt: skip
        move_stage(s, elsewhere, "signed", user=editor, on=date(2026, 8, 1))
        verify_signing(s, elsewhere, admin, date(2026, 8, 2))
        set_target(s, 2026, "signed_cny", 20 * YI)
        set_target(s, 2026, "projects", 1, team=team)
        for name in ("chief", "office", "squad", "reader"):
            tokens[name] = create_api_token(s, name, "test")
        ids = (team.id, other.id, big.id, elsewhere.id)
    app = create_app(WebSettings(database_url=database_url), extract_factory=None)
    clients: list[TestClient] = []

    def client(name: str) -> TestClient:
        made = TestClient(app, raise_server_exceptions=False)
        made.headers["Authorization"] = f"Bearer {tokens[name]}"
        clients.append(made)
        return made

    yield World(client, database, *ids)
    for made in clients:
        made.close()
    app.state.upload_jobs.shutdown()
    app.state.database.dispose()
    database.dispose()


def test_progress_changes_with_the_as_of_date(world: World) -> None:
    api = world.client("office")
    early = api.get("/api/v1/pipeline/targets", params={"year": 2026, "as_of": "2026-02-11"})
    assert early.status_code == 200, early.text
    assert early.json()["rows"][0]["achieved"] == 0  # signed, not yet verified
    body = api.get("/api/v1/pipeline/targets", params={"year": 2026, "as_of": AS_OF}).json()
    assert body["as_of"] == AS_OF and body["team"] is None
    assert body["time_progress"] == pytest.approx(181 / 365)
    [row] = body["rows"]
    assert (row["indicator"], row["achieved"], row["status"]) == ("signed_cny", 12 * YI, "超进度")
    assert [e["record_id"] for e in row["evidence"]] == [world.big_id]
    late = api.get("/api/v1/pipeline/targets", params={"year": 2026, "as_of": "2026-12-01"})
    assert late.json()["rows"][0]["achieved"] == 15 * YI
    assert late.json()["rows"][0]["status"] == "欠进度"  # 75 % against 92 % of the year
    team = api.get("/api/v1/pipeline/targets", params={"year": 2026, "team": world.team_id})
    assert [r["indicator"] for r in team.json()["rows"]] == ["projects"]


def test_a_team_member_sees_the_region_total_without_other_teams_names(world: World) -> None:
    squad = world.client("squad")
    params: dict[str, str | int] = {"year": 2026, "as_of": "2026-09-30"}
    [row] = squad.get("/api/v1/pipeline/targets", params=params).json()["rows"]
    assert row["achieved"] == 15 * YI
    assert [e["record_id"] for e in row["evidence"]] == [world.big_id]
    assert row["hidden_evidence"] == 1
    refused = squad.get("/api/v1/pipeline/targets", params={**params, "team": world.other_team_id})
    assert refused.status_code == 403
    assert "镁基新材料专班" in refused.json()["error"]["message"]


@pytest.mark.parametrize("who", ["reader", "squad"])
def test_only_region_wide_editors_set_targets(world: World, who: str) -> None:
    api = world.client(who)
    sent = {"year": 2026, "indicator": "funds_cny", "value": "5亿"}
    response = api.post("/api/v1/pipeline/targets", json=sent)
    assert response.status_code == 403
    assert api.delete("/api/v1/pipeline/targets/1").status_code == 403
    with world.database.session() as s:
        assert [t.indicator for t in list_targets(s, 2026)] == ["signed_cny"]


def test_set_replace_and_delete_a_target(world: World) -> None:
    api = world.client("office")
    made = api.post(
        "/api/v1/pipeline/targets",
        json={"year": 2026, "indicator": "funds_cny", "value": "5000万", "team_id": world.team_id},
    )
    assert made.status_code == 201, made.text
    assert made.json()["value"] == 5000 * 10_000 and made.json()["label"] == "到位资金"
    again = api.post(
        "/api/v1/pipeline/targets",
        json={"year": 2026, "indicator": "funds_cny", "value": 2 * YI, "team_id": world.team_id},
    )
    assert again.json()["id"] == made.json()["id"] and again.json()["value"] == 2 * YI
    chained = api.post(
        "/api/v1/pipeline/targets",
        json={"year": 2026, "indicator": "projects", "value": "2", "chain": "新能源汽车零部件"},
    )
    assert chained.status_code == 201, chained.text
    assert chained.json()["chain"] == "nev-parts"
    assert api.delete(f"/api/v1/pipeline/targets/{made.json()['id']}").status_code == 204
    assert api.delete(f"/api/v1/pipeline/targets/{made.json()['id']}").status_code == 422
    with world.database.session() as s:
        team = ensure_team(s, "新能源汽车专班")
        assert [t.indicator for t in list_targets(s, 2026, team)] == ["projects"]


@pytest.mark.parametrize(
    ("sent", "message"),
    [
        ({"indicator": "signed_cny", "value": "50"}, "has no unit"),
        ({"indicator": "projects", "value": "2.5"}, "not a whole number"),
        ({"indicator": "projects", "value": 2.5}, "not whole"),
        ({"indicator": "signed_cny", "value": "5亿", "chain": "no-such-chain"}, "unknown chain"),
        ({"indicator": "signed_cny", "value": "5亿", "team_id": 999}, "no team with id 999"),
        ({"indicator": "tax", "value": "5亿"}, "indicator"),
    ],
)
def test_bad_targets_are_refused_and_nothing_is_stored(
    world: World, sent: dict[str, object], message: str
) -> None:
    response = world.client("chief").post("/api/v1/pipeline/targets", json={"year": 2027, **sent})
    assert response.status_code == 422
    assert message in response.json()["error"]["message"]
    with world.database.session() as s:
        assert list_targets(s, 2027) == []


def test_conversion_rates(world: World) -> None:
    api = world.client("reader")
    params = {"start": "2026-01-01", "end": "2026-12-31"}
    steps = api.get("/api/v1/pipeline/conversion", params=params).json()
    assert steps[0] == {
        "from_stage": "lead",
        "to_stage": "negotiating",
        "reached_from": 2,
        "reached_to": 2,
        "rate": 1.0,
    }
    assert steps[2]["from_stage"] == "signed" and steps[2]["rate"] == 0.0
    first_half = api.get("/api/v1/pipeline/conversion", params={**params, "end": "2026-06-30"})
    assert first_half.json()[1]["rate"] == 0.5
    backwards = api.get(
        "/api/v1/pipeline/conversion", params={"start": "2026-02-01", "end": "2026-01-01"}
    )
    assert backwards.status_code == 422


def test_exports_are_workbooks_with_chinese_filenames(world: World) -> None:
    api = world.client("squad")
    records = api.get("/api/v1/pipeline/export.xlsx", params={"stage": "签约"})
    assert records.status_code == 200, records.text
    disposition = records.headers["content-disposition"]
    assert unquote(disposition.split("filename*=UTF-8''")[1]).startswith("招商项目库_")
    sheet = load_workbook(io.BytesIO(records.content))["招商项目库"]
    # The team member sees only the team's record.
    assert [row[2].value for row in sheet.iter_rows(min_row=2)] == ["整车基地项目"]
    progress = api.get(
        "/api/v1/pipeline/targets/export.xlsx", params={"year": 2026, "as_of": AS_OF}
    )
    assert progress.status_code == 200
    name = unquote(progress.headers["content-disposition"].split("filename*=UTF-8''")[1])
    assert name == "2026年目标进度_截至2026-06-30.xlsx"
    book = load_workbook(io.BytesIO(progress.content))
    assert book.sheetnames == ["全区", "新能源汽车专班", "各专班对比", "计入明细"]
    bad = api.get("/api/v1/pipeline/export.xlsx", params={"escalated": "perhaps"})
    assert bad.status_code == 422 and "escalated" in bad.json()["error"]["message"]
