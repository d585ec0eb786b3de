"""The targets page through the ASGI app (no browser): progress with 超进度/欠进度 as of a
date, evidence, 待核验, the team comparison, the target form (who may use it, validation)
and the XLSX downloads."""

from __future__ import annotations

import io
import json
import re
import warnings
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date
from html import unescape

import pytest
from openpyxl import load_workbook

from chainatlas.accounts.users import create_user
from chainatlas.api.settings import WebSettings
from chainatlas.pipeline.access import add_member
from chainatlas.pipeline.records import create_record, ensure_team, move_stage, verify_signing
from chainatlas.pipeline.targets import list_targets, set_target
from chainatlas.store.db import Database

with warnings.catch_warnings():
    warnings.simplefilter("ignore", UserWarning)  # Starlette asks for httpx2; httpx works
    from fastapi.testclient import TestClient

YI = 100_000_000
TARGETS = "/pipeline/targets?year=2026"  # the page opened after logging in
PASSWORDS = {
    "chief": "password-chief",
    "office": "password-office",
    "squad": "password-squad",
    "reader": "password-reader",
}


PageLogIn = Callable[..., str]  # the page_log_in fixture of tests/web/conftest.py


@dataclass
class Site:
    client: TestClient
    database: Database
    team_id: int
    other_team_id: int
    big_id: int


@pytest.fixture(scope="module")
def site(
    tmp_path_factory: pytest.TempPathFactory,
    page_client: Callable[[WebSettings], AbstractContextManager[TestClient]],
) -> Iterator[Site]:
    url = f"sqlite:///{tmp_path_factory.mktemp('targets-pages') / 'chainatlas.sqlite3'}"
    database = Database(url)
    with database.session() as s:
        users = {
            name: create_user(s, name, password, "editor") for name, password in PASSWORDS.items()
        }
        users["chief"].role = "admin"
        users["reader"].role = "viewer"
        team = ensure_team(s, "新能源汽车专班")
        other = ensure_team(s, "镁基新材料专班")
        add_member(s, team, users["squad"])
        big = create_record(
            s, "整车基地项目", user=users["office"], on=date(2026, 1, 2), stage="negotiating",
            investment_cny=12 * YI, team=team,
        )  # fmt: skip
        move_stage(s, big, "signed", user=users["office"], on=date(2026, 2, 10))
        verify_signing(s, big, users["chief"], date(2026, 2, 12))
        waiting = create_record(
            s, "电机待核验项目", user=users["office"], on=date(2026, 1, 2), stage="negotiating",
            investment_cny=3 * YI, team=other,
        )  # fmt: skip
        move_stage(s, waiting, "signed", user=users["office"], on=date(2026, 4, 1))
        set_target(s, 2026, "signed_cny", 20 * YI)
        set_target(s, 2026, "projects", 1, team=team)
        set_target(s, 2026, "projects", 2, team=other)
        ids = (team.id, other.id, big.id)
    with page_client(WebSettings(database_url=url)) as client:
        yield Site(client, database, *ids)
    database.dispose()


def _badges(html: str) -> list[str]:
    return re.findall(r'class="status-badge [a-z]+">([^<]+)<', html)


def _time_progress(html: str) -> str:
    found = re.search(r'id="time-progress">([^<]+)<', html)
    assert found is not None
    return found.group(1)


def test_progress_is_measured_as_of_the_chosen_day(site: Site, page_log_in: PageLogIn) -> None:
    page_log_in(site.client, "reader", TARGETS, PASSWORDS["reader"])
    march = site.client.get("/pipeline/targets?year=2026&as_of=2026-03-31")
    assert march.status_code == 200
    assert _badges(march.text) == ["超进度"]  # 12亿 of 20亿 = 60 % against 24.7 %
    assert _time_progress(march.text) == "24.7%"
    assert "12亿元" in march.text and "60.0%" in march.text
    december = site.client.get("/pipeline/targets?year=2026&as_of=2026-12-01")
    assert _badges(december.text) == ["欠进度"]
    assert _time_progress(december.text) == "91.8%"
    before = site.client.get("/pipeline/targets?year=2026&as_of=2026-02-11")
    assert "0.0%" in before.text and _badges(before.text) == ["欠进度"]  # not yet verified


def test_as_of_defaults_to_today_clamped_into_the_year(site: Site, page_log_in: PageLogIn) -> None:
    page_log_in(site.client, "reader", TARGETS, PASSWORDS["reader"])
    past = site.client.get("/pipeline/targets?year=2025")
    assert 'name="as_of" value="2025-12-31"' in past.text
    assert _time_progress(past.text) == "100.0%"
    by_day = site.client.get("/pipeline/targets?as_of=2026-07-01")
    assert '<option value="2026" selected>' in by_day.text
    assert 'id="no-targets"' in past.text


def test_evidence_pending_signings_comparison_and_chart(site: Site, page_log_in: PageLogIn) -> None:
    page_log_in(site.client, "office", TARGETS, PASSWORDS["office"])
    html = site.client.get("/pipeline/targets?year=2026&as_of=2026-06-30").text
    assert f'href="/pipeline/records/{site.big_id}">整车基地项目</a>' in html
    pending = html[html.index('id="pending"') :]
    assert "电机待核验项目" in pending and "3亿元" in pending
    comparison = html[html.index('id="comparison"') : html.index('id="conversion"')]
    assert "新能源汽车专班" in comparison and "镁基新材料专班" in comparison
    assert "100.0%" in comparison and "0.0%" in comparison
    chart = re.search(r"data-chart='([^']+)'", html)
    assert chart is not None
    option = json.loads(unescape(chart.group(1)))
    series = option["series"][0]
    assert series["data"][0]["value"] == 60.0
    assert series["markLine"]["data"][0]["xAxis"] == pytest.approx(49.6)


def test_a_team_member_sees_their_team_and_the_region(site: Site, page_log_in: PageLogIn) -> None:
    page_log_in(site.client, "squad", TARGETS, PASSWORDS["squad"])
    region = site.client.get("/pipeline/targets?year=2026&as_of=2026-06-30")
    assert region.status_code == 200
    assert "另有" not in region.text  # the region's one counted record is the team's own
    assert "电机待核验项目" not in region.text  # another team's unverified signing
    assert 'id="set-target"' not in region.text
    own = site.client.get(f"/pipeline/targets?year=2026&team={site.team_id}")
    assert own.status_code == 200 and _badges(own.text) == ["超进度"]
    other = site.client.get(f"/pipeline/targets?year=2026&team={site.other_team_id}")
    assert other.status_code == 403


@pytest.mark.parametrize("who", ["reader", "squad"])
def test_the_target_form_is_refused_to_viewers_and_team_editors(
    site: Site, who: str, page_log_in: PageLogIn
) -> None:
    token = page_log_in(site.client, who, TARGETS, PASSWORDS[who])
    page = site.client.get("/pipeline/targets?year=2026")
    assert 'id="set-target"' not in page.text
    sent = {"csrf_token": token, "year": "2026", "indicator": "funds_cny", "value": "5亿"}
    response = site.client.post("/pipeline/targets", data=sent)
    assert response.status_code == 403
    with site.database.session() as s:
        assert [t.indicator for t in list_targets(s, 2026)] == ["signed_cny"]


@pytest.mark.parametrize(
    ("value", "message"),
    [("50", "has no unit"), ("五亿", "not an amount"), ("-1亿", "not an amount")],
)
def test_a_bad_target_value_is_shown_and_nothing_stored(
    site: Site, value: str, message: str, page_log_in: PageLogIn
) -> None:
    token = page_log_in(site.client, "office", TARGETS, PASSWORDS["office"])
    sent = {"csrf_token": token, "year": "2027", "indicator": "signed_cny", "value": value}
    response = site.client.post("/pipeline/targets", data=sent)
    assert response.status_code == 422
    assert 'id="target-error"' in response.text and message in unescape(response.text)
    assert f'name="value" value="{value}"' in response.text  # what was typed is kept
    with site.database.session() as s:
        assert list_targets(s, 2027) == []


def test_set_and_delete_a_target_through_the_form(site: Site, page_log_in: PageLogIn) -> None:
    token = page_log_in(site.client, "office", TARGETS, PASSWORDS["office"])
    sent = {
        "csrf_token": token,
        "year": "2026",
        "team": str(site.team_id),
        "indicator": "funds_cny",
        "chain": "nev-parts",
        "value": "5000万",
    }
    saved = site.client.post("/pipeline/targets", data=sent)
    assert saved.status_code == 303
    assert saved.headers["location"] == f"/pipeline/targets?year=2026&team={site.team_id}"
    page = site.client.get(saved.headers["location"]).text
    assert "到位资金" in page and "5,000万元" in page and "新能源汽车零部件" in page
    with site.database.session() as s:
        team = ensure_team(s, "新能源汽车专班")
        made = [t for t in list_targets(s, 2026, team) if t.indicator == "funds_cny"]
        assert [(t.value, t.chain) for t in made] == [(5000 * 10_000, "nev-parts")]
        target_id = made[0].id
    missing_token = site.client.post(f"/pipeline/targets/{target_id}/delete", data={})
    assert missing_token.status_code == 403
    deleted = site.client.post(f"/pipeline/targets/{target_id}/delete", data={"csrf_token": token})
    assert deleted.status_code == 303
    with site.database.session() as s:
        team = ensure_team(s, "新能源汽车专班")
        assert [t.indicator for t in list_targets(s, 2026, team)] == ["projects"]


def test_downloads_from_the_page(site: Site, page_log_in: PageLogIn) -> None:
    page_log_in(site.client, "squad", TARGETS, PASSWORDS["squad"])
    html = site.client.get("/pipeline/targets?year=2026&as_of=2026-06-30").text
    link = re.search(r'id="export-progress" href="([^"]+)"', html)
    assert link is not None
    progress = site.client.get(unescape(link.group(1)))
    assert progress.status_code == 200
    book = load_workbook(io.BytesIO(progress.content))
    assert book.sheetnames == ["全区", "新能源汽车专班", "各专班对比", "计入明细"]
    records = site.client.get("/pipeline/export.xlsx?q=整车")
    sheet = load_workbook(io.BytesIO(records.content))["招商项目库"]
    assert [row[2].value for row in sheet.iter_rows(min_row=2)] == ["整车基地项目"]
    assert site.client.get("/pipeline/export.xlsx?stage=nonsense").status_code == 422


def test_every_text_of_the_page_is_translated(site: Site, page_log_in: PageLogIn) -> None:
    from chainatlas.web.i18n import MESSAGES
    from chainatlas.web.render import TEMPLATES

    template = (TEMPLATES / "pipeline_targets.html").read_text(encoding="utf-8")
    keys = set(re.findall(r"""\bt\(["']([\w.]+)["']""", template))
    assert {"targets.title", "targets.time_progress", "targets.pending_hint"} <= keys
    assert sorted(keys - set(MESSAGES)) == []
    page_log_in(site.client, "office", TARGETS, PASSWORDS["office"])
    site.client.cookies.set("lang", "en")
    english = site.client.get("/pipeline/targets?year=2026&as_of=2026-06-30").text
    assert "Time progress" in english and "Set a target" in english
    assert re.search(r">[^<]*targets\.[a-z_]+", english) is None  # no key shown as text


def test_conversion_rates_over_a_chosen_period(site: Site, page_log_in: PageLogIn) -> None:
    page_log_in(site.client, "office", TARGETS, PASSWORDS["office"])

    def signed_step(query: str) -> list[str]:
        html = site.client.get(f"/pipeline/targets?year=2026&{query}").text
        table = html[html.index('id="conversion"') :]
        cells = re.search(r"<td>洽谈</td><td>签约</td>\s*(.*?)</tr>", table, re.S)
        assert cells is not None
        return re.findall(r'<td class="num">([^<]*)</td>', cells.group(1))

    # Both records reached 洽谈 on 2 January; one signing in February, the other in April.
    assert signed_step("as_of=2026-12-31") == ["2", "2", "100.0%"]
    assert signed_step("start=2026-01-01&end=2026-02-28") == ["2", "1", "50.0%"]
    assert signed_step("start=2026-03-01&end=2026-03-31") == ["0", "0", "—"]
    backwards = site.client.get("/pipeline/targets?year=2026&start=2026-05-01&end=2026-04-01")
    assert backwards.status_code == 422
