"""Spreadsheet import in a real Chromium: the region-wide editor uploads an XLSX with two bad
rows, sees the errors and a disabled 确认导入, changes a column mapping, then uploads the
corrected sheet, confirms, and finds the new records in the pipeline table.

Screenshots go to artifacts/screenshots/.
"""

from __future__ import annotations

import io
import re
import uuid
from collections.abc import Callable

import pytest
from openpyxl import Workbook
from playwright.sync_api import FilePayload, Page, expect

pytestmark = pytest.mark.slow

LogIn = Callable[[Page, str], None]
Snap = Callable[[object, str], None]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER = ["序号", "项目编号", "项目名称", "企业名称", "所属产业链", "实施地点", "责任单位",
          "项目阶段", "总投资（万元）", "签约日期", "备注"]  # fmt: skip


def workbook(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["2026年池州市重点招商项目库"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    sheet.append(["合计", None, None, None, None, None, None, None, "=SUM(I3:I5)"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rows(prefix: str) -> list[list[object]]:
    return [
        [1, f"{prefix}-1", f"{prefix}镁合金压铸项目", "池州镁铸科技有限公司", "镁铝轻合金",
         "青阳县", "镁基新材料专班", "已签约", "15,000", "2026.3.15", ""],
        [2, f"{prefix}-2", f"{prefix}镁基电池材料项目", "东至镁能新材料有限公司", "新能源电池",
         "东至县", "镁基新材料专班", "在谈", "8000", None, "第二轮洽谈"],
        [3, f"{prefix}-3", f"{prefix}秋浦文旅项目", "池州秋浦文旅有限公司", "文旅",
         "贵池区", "文旅专班", "线索", "2亿元", None, ""],
    ]  # fmt: skip


def upload(page: Page, name: str, content: bytes) -> None:
    page.goto("/pipeline/import")
    page.set_input_files(
        "#import-form input[type=file]",
        FilePayload(name=name, mimeType=XLSX, buffer=content),
    )
    page.click("#import-form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/pipeline/import/\d+$"))


def test_import_a_sheet_with_errors_then_a_clean_one(
    page: Page, log_in: LogIn, screenshot: Snap
) -> None:
    prefix = f"BR{uuid.uuid4().hex[:6]}"
    log_in(page, "editor")
    page.goto("/pipeline")
    page.click("nav.tabs a:has-text('导入')")
    expect(page.locator("h1")).to_have_text("导入项目库表格")

    bad = rows(prefix)
    bad[0][8] = "约一万五"  # not a number
    bad[1][9] = "三月中旬"  # not a date
    upload(page, "项目库-有错.xlsx", workbook(bad))
    errors = page.locator("#import-errors li")
    expect(errors).to_have_count(2)
    expect(errors.nth(0)).to_have_text("第3行 总投资(万元): '约一万五' 不是数字")
    expect(errors.nth(1)).to_contain_text("第4行 签约日期: '三月中旬' 不是日期")
    expect(page.locator("td.cell-error")).to_have_count(2)
    expect(page.locator("[data-count=errors]")).to_have_text("2")
    expect(page.locator("#skipped-rows")).to_contain_text("合计行")
    expect(page.locator("#confirm-import")).to_be_disabled()
    screenshot(page, "sheets_import_errors")

    # Changing a column's field previews again at once (the select submits its form).
    page.select_option("select[aria-label='备注']", "")
    expect(page.locator("#unmapped")).to_contain_text("备注")
    expect(page.locator("#confirm-import")).to_be_disabled()

    upload(page, "项目库.xlsx", workbook(rows(prefix)))
    expect(page.locator("#import-errors")).to_have_count(0)
    expect(page.locator("[data-count=create]")).to_have_text("3")
    expect(page.locator("#new-teams")).to_contain_text("文旅专班")
    expect(page.locator("#confirm-import")).to_be_enabled()
    page.click("#confirm-import")
    result = page.locator("#import-result")
    expect(result).to_contain_text("新建 3 个、更新 0 个项目")
    expect(result).to_contain_text("尚未核验")
    expect(result.locator("a[href^='/pipeline/records/']")).to_have_count(3)
    expect(page.locator("#confirm-import")).to_have_count(0)
    screenshot(page, "sheets_import_result")

    result.locator("a:has-text('查看项目库')").click()
    expect(page).to_have_url(re.compile(r"/pipeline\?view=table"))
    page.fill("form.filters input[name=q]", prefix)
    page.click("form.filters button[type=submit]")
    table = page.locator("main table").first
    for name in ("镁合金压铸项目", "镁基电池材料项目", "秋浦文旅项目"):
        expect(table).to_contain_text(prefix + name)
