"""The comparison and 亩均 pages in a real Chromium: a weight changes the ranking, a grade
shows. Data is arranged through the library in the server's database, in two counties of
our own and in 2019, where the demo has nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from chainatlas.accounts.users import get_user
from chainatlas.api.settings import WebSettings
from chainatlas.pipeline.records import (
    add_amount,
    create_record,
    move_stage,
    update_record,
    verify_signing,
)
from chainatlas.store.db import Database

pytestmark = pytest.mark.slow

LogIn = Callable[[Page, str], None]
YI = 100_000_000
WAN = 10_000
FIRST, SECOND = "观摩甲区", "观摩乙区"


@pytest.fixture(scope="module")
def arranged(server_settings: WebSettings) -> None:
    """观摩甲区 signs 50亿 in 2019, starts and operates on 100亩 (2000万 tax: grade A);
    观摩乙区 only has 60亿 funds in place. With the default weights 甲 earns the points of six
    indicators (80 of 100) and 乙 those of funds (20); funds weighted 1000 turn that round."""
    with Database(server_settings.database_url) as database, database.session() as session:
        editor, admin = get_user(session, "editor"), get_user(session, "admin")
        assert editor is not None and admin is not None
        first = create_record(
            session, "观摩甲区整车项目", user=editor, on=date(2019, 1, 10), stage="negotiating",
            region=FIRST, investment_cny=50 * YI, land_mu=100,
        )  # fmt: skip
        move_stage(session, first, "signed", user=editor, on=date(2019, 3, 1))
        verify_signing(session, first, admin, date(2019, 3, 5))
        move_stage(session, first, "construction", user=editor, on=date(2019, 5, 1))
        move_stage(session, first, "operating", user=editor, on=date(2019, 11, 1))
        update_record(session, first, promised_tax_cny=2500 * WAN, realised_tax_cny=2000 * WAN)
        second = create_record(
            session, "观摩乙区材料项目", user=editor, on=date(2019, 1, 10),
            stage="negotiating", region=SECOND,
        )  # fmt: skip
        add_amount(session, second, "funds", date(2019, 6, 1), 60 * YI)
        session.commit()


def _order(page: Page) -> list[str]:
    groups = page.locator("#ranking tbody tr").evaluate_all(
        "rows => rows.map(row => row.dataset.group)"
    )
    return [group for group in groups if group in (FIRST, SECOND)]


def test_a_weight_changes_the_ranking(page: Page, log_in: LogIn, arranged: None) -> None:
    log_in(page, "viewer")
    page.goto("/pipeline/compare?year=2019&as_of=2019-12-31")
    expect(page.locator("h1")).to_contain_text("三比三看")
    expect(page.locator(f'#ranking tr[data-group="{FIRST}"]')).to_be_visible()
    assert _order(page) == [FIRST, SECOND]
    expect(page.locator("#chart-scores canvas")).to_have_count(1)
    page.fill("input[name=w_funds]", "1000")
    page.click("#compare-form button[type=submit]")
    page.wait_for_url("**w_funds=1000**")
    expect(page.locator("input[name=w_funds]")).to_have_value("1000")
    expect(page.locator("select[name=year]")).to_have_value("2019")
    assert _order(page) == [SECOND, FIRST]
    funds = page.locator(f'#ranking tr[data-group="{SECOND}"] td[data-key=funds]')
    expect(funds).to_contain_text("60亿元")
    expect(funds).to_contain_text("#1")


def test_land_page_shows_a_grade(page: Page, log_in: LogIn, arranged: None) -> None:
    log_in(page, "viewer")
    page.goto("/pipeline/land")
    expect(page.locator("h1")).to_have_text("亩均效益评价")
    page.fill("#land-form input[name=region]", FIRST)
    page.click("#land-form button[type=submit]")
    row = page.locator("#land-records tbody tr", has_text="观摩甲区整车项目")
    expect(row.locator(".grade-cell .grade")).to_have_text("A")
    expect(row).to_contain_text("20.00万元/亩")
    expect(page.locator("#land-records tbody tr")).to_have_count(1)
    expect(page.locator(f'#land-regions tr[data-group="{FIRST}"] .grade')).to_have_text("A")
