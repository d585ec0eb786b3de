"""The targets page in a real Chromium against the shared demo server: a target set through
the form, a signing recorded and verified through the record pages moves the completion,
the as-of date moves it back; and both XLSX buttons download real workbooks.

The demo already carries targets and records, and other browser tests add their own, so
these tests measure changes rather than absolute figures, on a chain (氢能, ``hydrogen``)
that the demo's targets leave alone.
"""

from __future__ import annotations

import io
import re
import uuid
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Browser, Locator, Page, expect

pytestmark = pytest.mark.slow

LogIn = Callable[[Page, str], None]
CHAIN = "hydrogen"


def _percent(cell: Locator) -> float:
    return float(cell.inner_text().strip().rstrip("%"))


def _row(page: Page) -> Locator:
    return page.locator(f'tbody.indicator[data-indicator="signed_cny"][data-chain="{CHAIN}"]')


def _second_user(browser: Browser, server_url: str, log_in: LogIn, username: str) -> Page:
    """Another person at another browser (the signing and its 核验 need two people)."""
    context = browser.new_context(base_url=server_url, locale="zh-CN")
    other = context.new_page()
    log_in(other, username)
    return other


def test_a_verified_signing_raises_completion_as_of_its_day(
    page: Page,
    browser: Browser,
    server_url: str,
    log_in: LogIn,
    screenshot: Callable[[Page, str], None],
) -> None:
    today = date.today()
    year = today.year
    log_in(page, "admin")

    # The admin sets the region's 氢能 signed-amount target through the form.
    page.goto(f"/pipeline/targets?year={year}")
    form = page.locator("#target-form")
    form.locator("input[name=year]").fill(str(year))
    form.locator("select[name=team]").select_option("")
    form.locator("select[name=indicator]").select_option("signed_cny")
    form.locator("select[name=chain]").select_option(CHAIN)
    form.locator("input[name=value]").fill("100亿")
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/pipeline/targets\?year={year}"))
    expect(_row(page)).to_have_count(1)
    expect(_row(page).locator("td").nth(2)).to_have_text("100亿元")
    before = _percent(_row(page).locator(".completion"))
    achieved_before = _row(page).locator(".achieved").inner_text()

    # An editor records a 20亿 氢能 project and its signing today, through the record pages.
    name = f"氢能装备浏览器测试项目{uuid.uuid4().hex[:6]}"
    editor = _second_user(browser, server_url, log_in, "editor")
    editor.goto("/pipeline/new")
    new = editor.locator("#new-record-form")
    new.locator("input[name=name]").fill(name)
    new.locator("select[name=chain]").select_option(CHAIN)
    new.locator("input[name=investment]").fill("20")
    new.locator("select[name=unit]").select_option("亿元")
    new.locator("select[name=stage]").select_option("negotiating")
    new.locator("button[type=submit]").click()
    expect(editor).to_have_url(re.compile(r"/pipeline/records/\d+$"))
    record_url = editor.url
    move = editor.locator("#move-form")
    move.locator("select[name=to_stage]").select_option("signed")
    move.locator("input[name=on]").fill(today.isoformat())
    move.locator("button[type=submit]").click()
    expect(editor.locator("#verify-form")).to_have_count(0)  # an editor in no team may verify,
    editor.context.close()  # but never the signing they recorded themselves

    # Signed but not verified: it waits in 待核验 and counts for nothing yet.
    page.reload()
    expect(page.locator("#pending")).to_contain_text(name)
    expect(page.locator("#pending")).to_contain_text("20亿元")
    assert _percent(_row(page).locator(".completion")) == before

    # The admin verifies (核验) on the record page; completion rises by 20亿 of 100亿.
    page.goto(record_url)
    page.locator("#verify-form button[type=submit]").click()
    page.goto(f"/pipeline/targets?year={year}")
    row = _row(page)
    expect(row.locator(".achieved")).not_to_have_text(achieved_before)
    after = _percent(row.locator(".completion"))
    assert after == pytest.approx(before + 20.0, abs=0.05)
    expect(page.locator("#pending")).not_to_contain_text(name)
    row.locator("summary").click()
    expect(row.locator(f"a:has-text('{name}')")).to_be_visible()
    elapsed_today = page.locator("#time-progress").inner_text()
    screenshot(page, "targets_after_verification")

    # As of the day before the signing it was not yet there: completion drops back.
    earlier = today - timedelta(days=1)
    if earlier.year != year:
        # On 1 January the day before lies in last year, which has no 氢能 target at all.
        page.goto(f"/pipeline/targets?year={earlier.year}&as_of={earlier.isoformat()}")
        expect(_row(page)).to_have_count(0)
        return
    page.locator("#targets-filter input[name=as_of]").fill(earlier.isoformat())
    page.locator("#targets-filter button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"as_of={earlier.isoformat()}"))
    assert _percent(_row(page).locator(".completion")) == pytest.approx(before, abs=0.05)
    elapsed_earlier = page.locator("#time-progress").inner_text()
    assert float(elapsed_earlier.rstrip("%")) < float(elapsed_today.rstrip("%"))
    expect(page.locator("#chart-progress canvas")).to_have_count(1)


def test_download_progress_and_records_workbooks(page: Page, log_in: LogIn) -> None:
    year = date.today().year
    log_in(page, "zhuanban")  # an editor of one team: the region's totals and the team's own
    page.goto(f"/pipeline/targets?year={year}&as_of={year}-06-30")
    expect(page.locator("#set-target")).to_have_count(0)
    with page.expect_download() as progress_download:
        page.click("#export-progress")
    progress = progress_download.value
    assert progress.suggested_filename == f"{year}年目标进度_截至{year}-06-30.xlsx"
    book = load_workbook(io.BytesIO(progress.path().read_bytes()))
    assert book.sheetnames[0] == "全区" and book.sheetnames[-1] == "计入明细"
    assert "镁基新材料产业专班" in book.sheetnames
    region = book["全区"]
    assert f"截至{year}-06-30" in str(region["A1"].value)
    statuses = {region.cell(row, 8).value for row in range(3, region.max_row + 1)}
    assert statuses and statuses <= {"超进度", "欠进度"}
    shown = page.locator("tbody.indicator").count()
    assert region.max_row - 2 == shown  # one line per indicator on the page

    with page.expect_download() as records_download:
        page.click("#export-records")
    records = records_download.value
    assert re.fullmatch(r"招商项目库_\d{4}-\d{2}-\d{2}\.xlsx", records.suggested_filename)
    sheet = load_workbook(io.BytesIO(records.path().read_bytes()))["招商项目库"]
    assert sheet.freeze_panes == "A2"
    teams = {row[7] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert teams == {"镁基新材料产业专班"}  # only the team's own records
