"""The briefing page in a real Chromium against the shared demo server: a viewer chooses a
period, sees the charts, and downloads the PDF through the button; its text is read back.

The signing in the briefing is arranged through the library on the server's own database,
in a past month that the demo leaves alone; other figures are not assumed.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from chainatlas.accounts.users import get_user
from chainatlas.api.settings import WebSettings
from chainatlas.pipeline.records import create_record, move_stage, verify_signing
from chainatlas.store.db import Database

pytestmark = pytest.mark.slow

LogIn = Callable[[Page, str], None]
START, END = date(2024, 3, 1), date(2024, 3, 31)


@pytest.fixture(scope="module")
def signing(server_settings: WebSettings) -> str:
    """A verified 2024-03-12 signing of 8亿 recorded by the demo editor; its name."""
    name = f"简报浏览器测试项目{uuid.uuid4().hex[:6]}"
    database = Database(server_settings.database_url)
    try:
        with database.session() as session:
            editor, admin = get_user(session, "editor"), get_user(session, "admin")
            assert editor is not None and admin is not None
            record = create_record(
                session, name, user=editor, on=date(2024, 2, 1), stage="negotiating",
                investment_cny=8e8, region="贵池区",
            )  # fmt: skip
            move_stage(session, record, "signed", user=editor, on=date(2024, 3, 12))
            verify_signing(session, record, admin, date(2024, 3, 13))
    finally:
        database.dispose()
    return name


def test_viewer_downloads_the_briefing_pdf(
    page: Page, log_in: LogIn, signing: str, tmp_path: Path
) -> None:
    log_in(page, "viewer")
    page.goto("/pipeline/briefing")
    expect(page.locator("h1").first).to_have_text("招商工作简报")
    form = page.locator("#briefing-form")
    form.locator("input[name=start]").fill(START.isoformat())
    form.locator("input[name=end]").fill(END.isoformat())
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"start=2024-03-01&end=2024-03-31"))
    expect(page.locator(".briefing-subtitle")).to_contain_text("2024年3月1日至2024年3月31日")
    expect(page.locator(".briefing")).to_contain_text(signing)

    # The charts are drawn (PNG data URIs, decoded by the browser).
    images = page.locator("figure.briefing-chart img")
    expect(images.first).to_be_visible()
    expect(page.locator("[data-briefing-chart=monthly] img")).to_be_visible()
    expect(page.locator("[data-briefing-chart=funnel] img")).to_be_visible()
    widths = images.evaluate_all("imgs => imgs.map(i => i.complete ? i.naturalWidth : 0)")
    assert all(width >= 1000 for width in widths), widths

    with page.expect_download() as info:
        page.click("#download-pdf")
    download = info.value
    assert download.suggested_filename == "招商工作简报_2024-03-01_2024-03-31.pdf"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    text = "".join(p.extract_text() for p in PdfReader(saved).pages)
    assert "招商工作简报" in text
    assert "2024年3月1日至2024年3月31日" in text
    assert signing in text.replace("\n", "")
    assert "序时进度" in text


def test_quick_choice_and_a_bad_period(page: Page, log_in: LogIn) -> None:
    log_in(page, "viewer")
    page.goto("/pipeline/briefing")
    page.click("a[data-quick=month]")
    first = date.today().replace(day=1).isoformat()
    expect(page).to_have_url(re.compile(f"start={first}"))
    expect(page.locator("input[name=start]")).to_have_value(first)
    page.goto("/pipeline/briefing?start=2024-05-01&end=2024-04-01")
    expect(page.locator("#briefing-problem")).to_contain_text("before its start")
    expect(page.locator("#download-pdf")).to_have_count(0)
