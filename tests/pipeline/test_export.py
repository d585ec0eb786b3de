"""Tests of the XLSX exports, read back with openpyxl: headers, values, number formats,
real dates, fills, frozen panes, autofilters, sheet names and the download filename."""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any
from urllib.parse import unquote

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from chainatlas.chains import load_library
from chainatlas.pipeline.access import scope_of
from chainatlas.pipeline.export import (
    AHEAD_FILL,
    BEHIND_FILL,
    OVERDUE_FILL,
    PERCENT_FORMAT,
    YI_FORMAT,
    content_disposition,
    library_labels,
    progress_xlsx,
    records_xlsx,
)
from chainatlas.pipeline.listing import RecordFilter, list_records
from chainatlas.pipeline.models import PipelineRecord
from chainatlas.pipeline.progress import progress_sections
from chainatlas.pipeline.records import (
    add_amount,
    create_record,
    ensure_team,
    move_stage,
    update_record,
    verify_signing,
)
from chainatlas.pipeline.targets import set_target

Crew = Any  # the ``crew`` fixture of tests/pipeline/conftest.py
YI = 100_000_000
TODAY = date(2026, 7, 1)


@pytest.fixture
def records(crew: Crew) -> list[PipelineRecord]:
    s = crew.session
    signed = create_record(
        s,
        "储能电池项目",
        user=crew.recorder,
        on=date(2026, 1, 5),
        company_name="某某储能科技有限公司",
        region="贵池区",
        chain="new-energy-battery",
        node="cathode",
        team=crew.team,
        owner="张三",
        stage="negotiating",
        investment_cny=12.5 * YI,
        land_mu=180.5,
        next_follow_up=date(2026, 6, 20),
    )
    move_stage(s, signed, "signed", user=crew.recorder, on=date(2026, 3, 1))
    verify_signing(s, signed, crew.checker, date(2026, 3, 3))
    move_stage(s, signed, "construction", user=crew.recorder, on=date(2026, 5, 8))
    add_amount(s, signed, "funds", date(2026, 4, 1), 2 * YI)
    add_amount(s, signed, "funds", date(2026, 6, 1), 0.5 * YI)
    update_record(
        s,
        signed,
        promised_output_cny=30 * YI,
        promised_tax_cny=1.2 * YI,
        escalated=True,
    )
    lead = create_record(
        s,
        "光伏组件\x07线索",
        user=crew.recorder,
        on=date(2026, 2, 1),
        next_follow_up=date(2026, 9, 1),
    )
    pending = create_record(
        s, "电机项目", user=crew.recorder, on=date(2026, 2, 1), stage="negotiating"
    )
    move_stage(s, pending, "signed", user=crew.recorder, on=date(2026, 6, 10))
    return [signed, lead, pending]


def _sheet(body: bytes, name: str) -> Worksheet:
    book = load_workbook(io.BytesIO(body))
    sheet = book[name]
    assert isinstance(sheet, Worksheet)
    return sheet


def _row(sheet: Worksheet, number: int) -> dict[str, Any]:
    headers = [cell.value for cell in sheet[1]]
    return {str(h): cell for h, cell in zip(headers, sheet[number], strict=True)}


def test_records_workbook(crew: Crew, records: list[PipelineRecord]) -> None:
    found = list_records(crew.session, scope_of(crew.session, crew.checker))
    body = records_xlsx(found, TODAY, *library_labels(load_library()))
    sheet = _sheet(body, "招商项目库")
    headers = [cell.value for cell in sheet[1]]
    assert headers[:4] == ["编号", "项目编号", "项目名称", "企业"]
    for header in (
        "总投资(亿元)",
        "用地(亩)",
        "到位资金合计(亿元)",
        "签约日期",
        "核验",
        "提级跟进",
    ):
        assert header in headers
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet["A1"].fill.fgColor.rgb.endswith("1F4E79")
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(headers)).column_letter}4"
    assert sheet.max_row == 4
    signed = _row(sheet, 2)
    assert signed["项目名称"].value == "储能电池项目"
    assert signed["产业链"].value == "新能源电池"
    assert signed["环节"].value == "正极材料"
    assert signed["专班"].value == "新能源汽车专班"
    assert signed["责任人"].value == "张三"
    assert signed["阶段"].value == "开工"
    assert signed["总投资(亿元)"].value == pytest.approx(12.5)
    assert signed["总投资(亿元)"].number_format == YI_FORMAT
    assert signed["承诺产值(亿元)"].value == pytest.approx(30)
    assert signed["承诺税收(万元)"].value == pytest.approx(12_000)
    assert signed["到位资金合计(亿元)"].value == pytest.approx(2.5)
    assert signed["用地(亩)"].value == pytest.approx(180.5)
    for header, expected in [
        ("签约日期", date(2026, 3, 1)),
        ("开工日期", date(2026, 5, 8)),
        ("下次跟进", date(2026, 6, 20)),
    ]:
        cell = signed[header]
        assert isinstance(cell.value, datetime) and cell.value.date() == expected
        assert cell.is_date and cell.number_format == "yyyy-mm-dd"
    assert signed["投产日期"].value is None
    assert signed["核验"].value == "已核验 2026-03-03"
    assert signed["提级跟进"].value == "是"
    # Follow-up of 20 June is overdue on 1 July; the lead's of 1 September is not.
    assert signed["下次跟进"].fill.fgColor.rgb == OVERDUE_FILL.fgColor.rgb
    lead = _row(sheet, 3)
    assert lead["下次跟进"].fill.fill_type is None
    assert lead["阶段"].value == "线索"
    assert lead["项目名称"].value == "光伏组件线索"  # a pasted control character is dropped
    assert lead["核验"].value in ("", None)
    assert _row(sheet, 4)["核验"].value == "待核验"


def test_records_workbook_follows_the_filter(crew: Crew, records: list[PipelineRecord]) -> None:
    scope = scope_of(crew.session, crew.checker)
    found = list_records(crew.session, scope, RecordFilter(stage="signed"))
    sheet = _sheet(records_xlsx(found, TODAY), "招商项目库")
    assert [row[2].value for row in sheet.iter_rows(min_row=2)] == ["电机项目"]


def test_progress_workbook(crew: Crew, records: list[PipelineRecord]) -> None:
    s = crew.session
    ensure_team(s, "镁基/新材料:专班")  # characters Excel forbids in sheet names
    set_target(s, 2026, "signed_cny", 30 * YI)
    set_target(s, 2026, "projects", 1)
    set_target(s, 2026, "funds_cny", 5 * YI, team=crew.team)
    as_of = date(2026, 6, 30)
    sections = progress_sections(s, scope_of(s, crew.checker), 2026, as_of)
    body = progress_xlsx(sections, 2026, as_of)
    book = load_workbook(io.BytesIO(body))
    assert book.sheetnames == [
        "全区",
        "新能源汽车专班",
        "镁基_新材料_专班",
        "各专班对比",
        "计入明细",
    ]
    region = book["全区"]
    assert isinstance(region, Worksheet)
    title = str(region["A1"].value)
    assert "2026年" in title and "2026-06-30" in title and "序时进度 49.6%" in title
    assert [c.value for c in region[2]][:9] == [
        "指标",
        "产业链",
        "单位",
        "目标",
        "完成",
        "完成率",
        "序时进度",
        "状态",
        "差距(百分点)",
    ]
    assert region.freeze_panes == "A3"
    assert region.auto_filter.ref == "A2:I4"
    rows = {row[0].value: row for row in region.iter_rows(min_row=3)}
    projects, signed = rows["签约项目数"], rows["签约金额"]
    assert projects[3].value == 1 and projects[4].value == 1
    assert projects[5].value == pytest.approx(1.0)
    assert projects[5].number_format == PERCENT_FORMAT
    assert projects[6].number_format == PERCENT_FORMAT
    assert projects[7].value == "超进度"
    assert projects[7].fill.fgColor.rgb == AHEAD_FILL.fgColor.rgb
    assert signed[2].value == "亿元"
    assert signed[3].value == pytest.approx(30) and signed[3].number_format == YI_FORMAT
    assert signed[4].value == pytest.approx(12.5)
    assert signed[7].value == "欠进度"
    assert signed[7].fill.fgColor.rgb == BEHIND_FILL.fgColor.rgb
    assert signed[8].value == pytest.approx(-7.9)
    team = book["新能源汽车专班"]
    assert isinstance(team, Worksheet)
    assert team["A3"].value == "到位资金" and team["E3"].value == pytest.approx(2.5)
    empty = book["镁基_新材料_专班"]
    assert isinstance(empty, Worksheet)
    assert empty["A3"].value == "本年度未设目标"
    comparison = book["各专班对比"]
    assert isinstance(comparison, Worksheet)
    assert [c.value for c in comparison[2]] == [
        "指标",
        "产业链",
        "新能源汽车专班",
        "镁基/新材料:专班",
    ]
    assert [c.value for c in comparison[3]] == ["到位资金", "全部", 0.5, None]
    assert comparison["C3"].number_format == PERCENT_FORMAT
    assert comparison["C3"].fill.fgColor.rgb == AHEAD_FILL.fgColor.rgb  # 50 % against 49.6 %
    assert comparison["D3"].fill.fill_type is None
    assert region.page_setup.orientation == "landscape"
    assert region.print_title_rows == "$2:$2"
    evidence = book["计入明细"]
    assert isinstance(evidence, Worksheet)
    lines = [[c.value for c in row] for row in evidence.iter_rows(min_row=2)]
    assert ["全区", "签约金额", "全部", records[0].id, "储能电池项目"] in [
        line[:5] for line in lines
    ]
    dated = evidence.cell(2, 7)
    assert dated.is_date and isinstance(dated.value, datetime)


def test_content_disposition_carries_the_chinese_name() -> None:
    header = content_disposition("2026年目标进度.xlsx", "targets-2026.xlsx")
    plain, _, encoded = header.partition("; filename*=UTF-8''")
    assert plain == 'attachment; filename="targets-2026.xlsx"'
    assert unquote(encoded) == "2026年目标进度.xlsx"
    assert encoded.isascii()
