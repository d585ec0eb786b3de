"""Formatted XLSX workbooks of the pipeline (openpyxl): the record list and the target-progress
table, with Chinese sheet names and headers, 亿元 number formats, real Excel dates, frozen
header rows, autofilters and 超进度/欠进度 fills — ready to hand to a leader as they are.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from chainatlas.chains import ChainLibrary
from chainatlas.pipeline.models import PipelineRecord
from chainatlas.pipeline.progress import AHEAD, ProgressSection, team_comparison, time_progress
from chainatlas.pipeline.records import latest_signing
from chainatlas.pipeline.stages import STAGE_NAMES
from chainatlas.pipeline.targets import AMOUNT_INDICATORS

YI = 100_000_000
WAN = 10_000
YI_FORMAT = "#,##0.00"
WAN_FORMAT = "#,##0.0"
MU_FORMAT = "#,##0.0"
COUNT_FORMAT = "0"
PERCENT_FORMAT = "0.0%"
POINTS_FORMAT = "+0.0;-0.0;0.0"
DATE_FORMAT = "yyyy-mm-dd"

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
TITLE_FONT = Font(bold=True, size=13)
AHEAD_FILL = PatternFill("solid", fgColor="C6EFCE")
BEHIND_FILL = PatternFill("solid", fgColor="FFC7CE")
OVERDUE_FILL = PatternFill("solid", fgColor="FFC7CE")
ESCALATED_FILL = PatternFill("solid", fgColor="FFEB9C")
# Stages in which a record is no longer followed up, so a past date is not overdue.
_CLOSED = frozenset({"terminated", "at_capacity"})


@dataclass(frozen=True)
class Column:
    header: str
    width: float
    number_format: str | None = None


RECORD_COLUMNS: tuple[Column, ...] = (
    Column("编号", 7, COUNT_FORMAT),
    Column("项目编号", 12),
    Column("项目名称", 30),
    Column("企业", 26),
    Column("县区", 12),
    Column("产业链", 14),
    Column("环节", 12),
    Column("专班", 14),
    Column("责任人", 10),
    Column("阶段", 7),
    Column("总投资(亿元)", 12, YI_FORMAT),
    Column("用地(亩)", 10, MU_FORMAT),
    Column("承诺产值(亿元)", 13, YI_FORMAT),
    Column("承诺税收(万元)", 13, WAN_FORMAT),
    Column("实际产值(亿元)", 13, YI_FORMAT),
    Column("实际税收(万元)", 13, WAN_FORMAT),
    Column("到位资金合计(亿元)", 16, YI_FORMAT),
    Column("签约日期", 12, DATE_FORMAT),
    Column("开工日期", 12, DATE_FORMAT),
    Column("投产日期", 12, DATE_FORMAT),
    Column("核验", 16),
    Column("下次跟进", 12, DATE_FORMAT),
    Column("提级跟进", 9),
)
FOLLOW_UP_COLUMN = 1 + [c.header for c in RECORD_COLUMNS].index("下次跟进")
ESCALATED_COLUMN = 1 + [c.header for c in RECORD_COLUMNS].index("提级跟进")

PROGRESS_COLUMNS: tuple[Column, ...] = (
    Column("指标", 18),
    Column("产业链", 16),
    Column("单位", 7),
    Column("目标", 12),
    Column("完成", 12),
    Column("完成率", 10, PERCENT_FORMAT),
    Column("序时进度", 10, PERCENT_FORMAT),
    Column("状态", 9),
    Column("差距(百分点)", 13, POINTS_FORMAT),
)
STATUS_COLUMN = 1 + [c.header for c in PROGRESS_COLUMNS].index("状态")

EVIDENCE_COLUMNS: tuple[Column, ...] = (
    Column("范围", 14),
    Column("指标", 18),
    Column("产业链", 16),
    Column("编号", 7, COUNT_FORMAT),
    Column("项目名称", 30),
    Column("金额(亿元)", 12, YI_FORMAT),
    Column("日期", 12, DATE_FORMAT),
    Column("计入依据", 10),
)

ChainLabel = Callable[[str | None], str]
NodeLabel = Callable[[str | None, str | None], str]


def _plain(value: str | None) -> str:
    return value or ""


def _plain_node(chain: str | None, node: str | None) -> str:
    return node or ""


def library_labels(library: ChainLibrary) -> tuple[ChainLabel, NodeLabel]:
    """Chinese names of chain and node ids from ``library`` (the id itself if unknown)."""

    def chain_label(chain_id: str | None) -> str:
        found = library.chains.get(chain_id or "")
        return found.name if found else chain_id or ""

    def node_label(chain_id: str | None, node_id: str | None) -> str:
        found = library.chains.get(chain_id or "")
        if found is None or not node_id:
            return node_id or ""
        try:
            return found.node(node_id).name
        except KeyError:
            return node_id

    return chain_label, node_label


def _yi(value: float | None) -> float | None:
    return None if value is None else value / YI


def _wan(value: float | None) -> float | None:
    return None if value is None else value / WAN


def _reached(record: PipelineRecord, stage: str) -> date | None:
    dates = [change.changed_on for change in record.changes if change.to_stage == stage]
    return dates[-1] if dates else None


def _verification(record: PipelineRecord) -> str:
    signing = latest_signing(record)
    if signing is None:
        return ""
    if signing.verified_on is None:
        return "待核验"
    return f"已核验 {signing.verified_on.isoformat()}"


def _owner(record: PipelineRecord) -> str:
    if record.owner is not None:
        return record.owner.display_name or record.owner.username
    return record.owner_name


def record_row(
    record: PipelineRecord, chain_label: ChainLabel = _plain, node_label: NodeLabel = _plain_node
) -> list[object]:
    """The cells of one record, in the order of ``RECORD_COLUMNS``."""
    funds = sum(a.amount_cny for a in record.amounts if a.kind == "funds")
    signing = latest_signing(record)
    return [
        record.id,
        record.external_key or "",
        record.name,
        record.company_name,
        record.region,
        chain_label(record.chain) if record.chain else "",
        node_label(record.chain, record.node) if record.node else "",
        record.team.name if record.team else "",
        _owner(record),
        STAGE_NAMES.get(record.stage, record.stage),
        _yi(record.investment_cny),
        record.land_mu,
        _yi(record.promised_output_cny),
        _wan(record.promised_tax_cny),
        _yi(record.realised_output_cny),
        _wan(record.realised_tax_cny),
        _yi(funds) if record.amounts else None,
        signing.changed_on if signing else None,
        _reached(record, "construction"),
        _reached(record, "operating"),
        _verification(record),
        record.next_follow_up,
        "是" if record.escalated else "",
    ]


def _header(sheet: Worksheet, row: int, columns: Sequence[Column]) -> None:
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=row, column=index, value=column.header)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(index)].width = column.width


def _cells(sheet: Worksheet, row: int, columns: Sequence[Column], values: Sequence[object]) -> None:
    for index, (column, value) in enumerate(zip(columns, values, strict=True), start=1):
        if isinstance(value, str):
            # Control characters (pasted from other programs) would make openpyxl refuse
            # the whole workbook.
            value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell = sheet.cell(row=row, column=index, value=value)
        if column.number_format and value is not None:
            cell.number_format = column.number_format


def _finish(sheet: Worksheet, header_row: int, last_row: int, columns: Sequence[Column]) -> None:
    last = get_column_letter(len(columns))
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    sheet.auto_filter.ref = f"A{header_row}:{last}{max(last_row, header_row)}"
    # Printed landscape, one page wide, the header repeated on every page.
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{header_row}:{header_row}"


def _bytes(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def records_xlsx(
    records: Sequence[PipelineRecord],
    today: date,
    chain_label: ChainLabel = _plain,
    node_label: NodeLabel = _plain_node,
) -> bytes:
    """The record list as one sheet 招商项目库; follow-ups before ``today`` are marked red."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "招商项目库"
    _header(sheet, 1, RECORD_COLUMNS)
    for offset, record in enumerate(records):
        row = offset + 2
        _cells(sheet, row, RECORD_COLUMNS, record_row(record, chain_label, node_label))
        due = record.next_follow_up
        if due is not None and due < today and record.stage not in _CLOSED:
            sheet.cell(row=row, column=FOLLOW_UP_COLUMN).fill = OVERDUE_FILL
        if record.escalated:
            sheet.cell(row=row, column=ESCALATED_COLUMN).fill = ESCALATED_FILL
    _finish(sheet, 1, len(records) + 1, RECORD_COLUMNS)
    return _bytes(book)


def _sheet_title(name: str, taken: set[str]) -> str:
    # Excel forbids []:*?/\ in sheet names and allows at most 31 characters.
    clean = "".join("_" if ch in "[]:*?/\\" else ch for ch in name)[:31] or "专班"
    title, number = clean, 2
    while title in taken:
        suffix = f"({number})"
        title, number = clean[: 31 - len(suffix)] + suffix, number + 1
    taken.add(title)
    return title


def progress_title(year: int, as_of: date) -> str:
    elapsed = time_progress(year, as_of)
    return f"{year}年目标进度（截至{as_of.isoformat()}，序时进度 {elapsed:.1%}）"


def _progress_sheet(
    sheet: Worksheet, section: ProgressSection, year: int, as_of: date, chain_label: ChainLabel
) -> None:
    sheet.cell(
        row=1, column=1, value=f"{section.title} {progress_title(year, as_of)}"
    ).font = TITLE_FONT
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(PROGRESS_COLUMNS))
    _header(sheet, 2, PROGRESS_COLUMNS)
    for offset, item in enumerate(section.rows):
        row = offset + 3
        amount = item.indicator in AMOUNT_INDICATORS
        scale = YI if amount else 1
        values: list[object] = [
            item.label,
            chain_label(item.chain) if item.chain else "全部",
            "亿元" if amount else "个",
            item.target / scale,
            item.achieved / scale,
            item.completion,
            item.time_progress,
            item.status,
            item.gap_points,
        ]
        _cells(sheet, row, PROGRESS_COLUMNS, values)
        number = YI_FORMAT if amount else COUNT_FORMAT
        for column in (4, 5):
            sheet.cell(row=row, column=column).number_format = number
        sheet.cell(row=row, column=STATUS_COLUMN).fill = (
            AHEAD_FILL if item.status == AHEAD else BEHIND_FILL
        )
    if not section.rows:
        sheet.cell(row=3, column=1, value="本年度未设目标")
    _finish(sheet, 2, len(section.rows) + 2, PROGRESS_COLUMNS)


COMPARISON_SHEET = "各专班对比"
EVIDENCE_SHEET = "计入明细"


def _comparison_sheet(
    sheet: Worksheet,
    sections: Sequence[ProgressSection],
    year: int,
    as_of: date,
    chain_label: ChainLabel,
) -> None:
    teams = [section.title for section in sections if section.team is not None]
    columns = (
        Column("指标", 18),
        Column("产业链", 16),
        *(Column(name, max(12, 2.2 * len(name)), PERCENT_FORMAT) for name in teams),
    )
    sheet.cell(
        row=1, column=1, value=f"各专班完成率对比 {progress_title(year, as_of)}"
    ).font = TITLE_FONT
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(columns))
    _header(sheet, 2, columns)
    elapsed = time_progress(year, as_of)
    lines = team_comparison(list(sections))
    for offset, line in enumerate(lines):
        row = offset + 3
        chain = chain_label(line.chain) if line.chain else "全部"
        _cells(sheet, row, columns, [line.label, chain, *line.completions])
        for index, value in enumerate(line.completions, start=3):
            if value is not None:
                fill = AHEAD_FILL if value >= elapsed else BEHIND_FILL
                sheet.cell(row=row, column=index).fill = fill
    _finish(sheet, 2, len(lines) + 2, columns)


def progress_xlsx(
    sections: Sequence[ProgressSection], year: int, as_of: date, chain_label: ChainLabel = _plain
) -> bytes:
    """One sheet per section (全区 first, then each team), 各专班对比 with the teams side by
    side, and 计入明细 with the records each indicator counted, so every figure can be traced."""
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    taken: set[str] = {COMPARISON_SHEET, EVIDENCE_SHEET}
    for section in sections:
        sheet = book.create_sheet(_sheet_title(section.title, taken))
        _progress_sheet(sheet, section, year, as_of, chain_label)
    if any(section.team is not None for section in sections):
        _comparison_sheet(book.create_sheet(COMPARISON_SHEET), sections, year, as_of, chain_label)
    evidence = book.create_sheet(EVIDENCE_SHEET)
    _header(evidence, 1, EVIDENCE_COLUMNS)
    row = 2
    for section in sections:
        for item in section.rows:
            for proof in item.evidence:
                chain = chain_label(item.chain) if item.chain else "全部"
                values: list[object] = [
                    section.title,
                    item.label,
                    chain,
                    proof.record_id,
                    proof.name,
                    proof.amount_cny / YI,
                    proof.dated,
                    proof.why,
                ]
                _cells(evidence, row, EVIDENCE_COLUMNS, values)
                row += 1
    _finish(evidence, 1, row - 1, EVIDENCE_COLUMNS)
    return _bytes(book)


def content_disposition(filename: str, fallback: str) -> str:
    """An attachment header naming a Chinese file: ASCII ``fallback`` for old clients and
    the real name as RFC 5987 ``filename*`` (UTF-8, percent-encoded)."""
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"


def records_filename(today: date) -> tuple[str, str]:
    return f"招商项目库_{today.isoformat()}.xlsx", f"pipeline-records-{today.isoformat()}.xlsx"


def progress_filename(year: int, as_of: date) -> tuple[str, str]:
    return (
        f"{year}年目标进度_截至{as_of.isoformat()}.xlsx",
        f"targets-{year}-as-of-{as_of.isoformat()}.xlsx",
    )
