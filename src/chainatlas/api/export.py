"""Project lists as CSV (UTF-8 with BOM, so Excel shows Chinese) and XLSX (openpyxl)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from openpyxl import Workbook

from chainatlas.store.knowledge import ProjectSummary

COLUMNS = (
    ("id", "编号"),
    ("name", "项目名称"),
    ("company", "企业"),
    ("region", "地区"),
    ("region_code", "区划代码"),
    ("status", "状态"),
    ("investment_cny", "投资额(元)"),
    ("counted_cny", "计入总额(元)"),
    ("chain", "产业链"),
    ("node", "环节"),
    ("first_seen", "首次报道"),
    ("last_seen", "最近报道"),
    ("documents", "来源文章数"),
)


def _rows(projects: Sequence[ProjectSummary]) -> list[list[object]]:
    return [[getattr(p, key) for key, _ in COLUMNS] for p in projects]


def projects_csv(projects: Sequence[ProjectSummary]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([label for _, label in COLUMNS])
    writer.writerows(["" if v is None else v for v in row] for row in _rows(projects))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def projects_xlsx(projects: Sequence[ProjectSummary]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "项目"
    sheet.append([label for _, label in COLUMNS])
    for row in _rows(projects):
        sheet.append(row)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
