"""The pipeline in a real Chromium: an editor creates a lead and signs it with evidence, an
admin verifies (核验) it, a PNG goes along with the next move and downloads again; a viewer
sees the board but no way to change anything.

Each test leaves a screenshot in artifacts/screenshots/<test>.png.
"""

from __future__ import annotations

import io
import re
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import FilePayload, Page, expect

pytestmark = pytest.mark.slow

LogIn = Callable[[Page, str], None]
Snap = Callable[[object, str], None]


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (183, 40, 46)).save(buffer, format="PNG")
    return buffer.getvalue()


def _move(page: Page, stage: str, evidence: str = "") -> None:
    form = page.locator("#move-form")
    form.locator("select[name=to_stage]").select_option(stage)
    if evidence:
        form.locator("input[name=evidence_text]").fill(evidence)
    form.locator("button[type=submit]").click()


def test_editor_signs_admin_verifies_and_evidence_downloads(
    page: Page, log_in: LogIn, screenshot: Snap, tmp_path: Path
) -> None:
    name = f"浏览器测试镁合金项目-{uuid.uuid4().hex[:6]}"
    log_in(page, "editor")
    page.goto("/pipeline")
    expect(page.locator("#pipeline-board .pl-column")).to_have_count(7)
    page.click("#new-lead")
    expect(page.locator("input[name=region]")).to_have_value(re.compile(".*"))
    page.fill("input[name=name]", name)
    page.fill("input[name=company]", "池州镁业科技有限公司")
    page.select_option("select[name=chain]", "magnesium-light-alloy")
    groups = page.locator("select[name=node] optgroup:not([hidden])")
    expect(groups).to_have_count(1)
    expect(groups).to_have_attribute("data-chain", "magnesium-light-alloy")
    page.select_option("select[name=node]", "magnesium-light-alloy:magnesium-alloy")
    page.fill("input[name=investment]", "2.5")
    page.select_option("select[name=unit]", "亿元")
    page.click("#new-record-form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/pipeline/records/\d+$"))
    record_url = page.url
    expect(page.locator("h1")).to_contain_text(name)
    expect(page.locator("dl.record")).to_contain_text("2.5亿元")
    expect(page.locator("dl.record")).to_contain_text("镁")

    _move(page, "negotiating")
    expect(page.locator("#record-stage")).to_have_text("洽谈")
    _move(page, "signed", evidence="https://example.org/signing-ceremony")
    expect(page.locator("#record-stage")).to_have_text("签约")
    expect(page.locator("#unverified-badge")).to_be_visible()
    expect(page.locator("#verify-form")).to_have_count(0)  # not for the one who signed
    expect(page.locator("#history")).to_contain_text("https://example.org/signing-ceremony")
    page.goto("/pipeline")
    card = page.locator(".pl-column[data-stage=signed] .pl-card", has_text=name)
    expect(card.locator(".pl-badge-unverified")).to_be_visible()
    screenshot(page, "pipeline_board_unverified")

    page.click("form[action='/logout'] button")
    expect(page).to_have_url(re.compile(r"/login"))
    log_in(page, "admin")
    page.goto(record_url)
    page.click("#verify-form button")
    expect(page.locator("#history .pl-verified")).to_contain_text("admin")
    expect(page.locator("#unverified-badge")).to_have_count(0)

    form = page.locator("#move-form")
    form.locator("select[name=to_stage]").select_option("construction")
    png = _png()
    form.locator("input[name=file]").set_input_files(
        files=[FilePayload(name="开工现场.png", mimeType="image/png", buffer=png)]
    )
    form.locator("button[type=submit]").click()
    expect(page.locator("#record-stage")).to_have_text("开工")
    link = page.locator("#history a.pl-file")
    expect(link).to_contain_text("开工现场.png")
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "开工现场.png"
    target = tmp_path / "evidence.png"
    download.value.save_as(target)
    assert target.read_bytes() == png


def test_viewer_sees_the_board_but_cannot_change_anything(page: Page, log_in: LogIn) -> None:
    log_in(page, "viewer")
    page.goto("/pipeline")
    expect(page.locator("#pipeline-board")).to_be_visible()
    expect(page.locator("#overdue-panel")).to_be_visible()
    expect(page.locator("#new-lead")).to_have_count(0)
    page.click("a:has-text('表格')")
    expect(page).to_have_url(re.compile(r"view=table"))
    expect(page.locator("#pipeline-table tbody tr").first).to_be_visible()
    page.locator("#pipeline-table tbody a").first.click()
    expect(page).to_have_url(re.compile(r"/pipeline/records/\d+$"))
    expect(page.locator("#read-only")).to_be_visible()
    expect(page.locator("main form")).to_have_count(0)
    expect(page.locator("#history li").first).to_be_visible()
