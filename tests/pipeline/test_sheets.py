"""Importing 项目库 spreadsheets: reading, header and unit guessing, row validation, access,
and applying on both databases (all or nothing; re-imports update instead of duplicating)."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Sequence
from datetime import date, datetime

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from chainatlas.chains import load_library
from chainatlas.pipeline.access import AccessDenied, Scope, add_member, scope_of
from chainatlas.pipeline.models import (
    PipelineRecord,
    RecordAmount,
    SheetImport,
    StageChange,
    Team,
)
from chainatlas.pipeline.records import PipelineError, create_record, move_stage
from chainatlas.pipeline.sheet_fields import guess_field, guess_mapping
from chainatlas.pipeline.sheet_values import (
    MAX_COLUMNS,
    SheetError,
    parse_date,
    parse_header,
    parse_number,
    parse_stage_text,
    read_table,
)
from chainatlas.pipeline.sheets import (
    SheetPreview,
    analyse,
    apply_import,
    list_imports,
    preview_import,
    sample_sheet,
    set_mapping,
    upload_sheet,
)

from .conftest import Crew

TODAY = date(2026, 11, 22)
LIBRARY = load_library()
HEADER: list[object] = [
    "序号", "项目编号", "项目名称", "投资方", "所属产业链", "所在县区", "责任单位",
    "项目进展", "总投资（万元）", "签约时间", "开工时间", "用地面积(亩)", "到位资金(万元)", "备注",
]  # fmt: skip
GOOD: list[list[object]] = [
    [1, "CZ-001", "高性能镁合金压铸件项目", "池州皖镁科技有限公司", "镁铝轻合金", "青阳县",
     "新能源汽车专班", "已签约", "12,000", "2026.3.15", None, 120, 3000, None],
    [2, "CZ-002", "镁基储氢材料项目", "安徽氢镁能源有限公司", "镁产业", "东至县",
     "新能源汽车专班", "在谈", "8000", None, None, None, None, "对方来池考察"],
    [3, "CZ-003", "半导体封测项目", "池州芯联科技有限公司", "集成电路", "池州经济技术开发区",
     "新能源汽车专班", "在建", "5亿元", "2026年1月", datetime(2026, 3, 19), 80, None, None],
]  # fmt: skip


def xlsx(
    rows: Sequence[Sequence[object]], title: str | None = "2026年池州市重点招商项目库"
) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    if title:
        sheet.append([title])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_text(rows: Sequence[Sequence[object]]) -> str:
    def cell(value: object) -> str:
        text = "" if value is None else str(value)
        return f'"{text}"' if "," in text else text

    return "\n".join(",".join(cell(value) for value in row) for row in rows) + "\n"


def count(session: Session, model: type[object]) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def editor_scope(crew: Crew) -> Scope:
    return scope_of(crew.session, crew.recorder)


# --- values ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "factor", "expected"),
    [
        ("12,000", 1e4, 1.2e8),
        ("１２，０００", 1e4, 1.2e8),  # full-width digits and comma
        (" 3.5 ", 1e8, 3.5e8),
        ("5亿元", 1e4, 5e8),  # the cell's unit wins over the column's
        ("3000万", 1e8, 3e7),
        (120, 1.0, 120.0),
        (2.5, 1e8, 2.5e8),
        ("约5000", 1e4, 5e7),
    ],
)
def test_numbers(value: object, factor: float, expected: float) -> None:
    assert parse_number(value, factor) == pytest.approx(expected)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", ["约三千", "待定", "1.2.3", True])
def test_not_numbers(value: object) -> None:
    with pytest.raises(ValueError, match="不是数字"):
        parse_number(value, 1.0)  # type: ignore[arg-type]


def test_absurd_numbers_are_refused() -> None:
    with pytest.raises(ValueError, match="数值过大"):
        parse_number("9" * 400, 1e4)


def test_overlong_text_is_a_cell_error_not_a_database_failure(crew: Crew) -> None:
    rows = [["项目名称", "投资方", "所在县区"], ["储能项目", "甲公司", "县" * 101]]
    preview = preview_of(crew, rows)
    assert [str(e) for e in preview.errors] == ["第2行 所在县区: 长度 101 超过上限 100 个字"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026.3.15", date(2026, 3, 15)),
        ("2026年3月15日", date(2026, 3, 15)),
        ("2026-03-15", date(2026, 3, 15)),
        ("2026/3/5", date(2026, 3, 5)),
        ("20260315", date(2026, 3, 15)),
        ("2026年3月", date(2026, 3, 1)),
        ("２０２６．３．１５", date(2026, 3, 15)),
        (46096, date(2026, 3, 15)),  # Excel serial
        ("46096", date(2026, 3, 15)),  # an Excel serial saved into a CSV
        (datetime(2026, 3, 15, 9, 30), date(2026, 3, 15)),
    ],
)
def test_dates(value: object, expected: date) -> None:
    assert parse_date(value) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("value", ["三月中旬", "2026.13.1", 12, "待定"])
def test_not_dates(value: object) -> None:
    with pytest.raises(ValueError, match="不是日期"):
        parse_date(value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "stage"),
    [("在谈", "negotiating"), ("洽谈中", "negotiating"), ("已签约", "signed"),
     ("签约", "signed"), ("开工", "construction"), ("在建", "construction"),
     ("已投产", "operating"), ("试生产", "trial"), ("达产", "at_capacity"), ("搁置", "shelved"),
     ("终止", "terminated"), ("线索", "lead"), ("signed", "signed")],
)  # fmt: skip
def test_stage_wording(text: str, stage: str) -> None:
    assert parse_stage_text(text) == stage


def test_unknown_stage_is_named() -> None:
    with pytest.raises(ValueError, match="'快好了' 不是已知的项目阶段"):
        parse_stage_text("快好了")


@pytest.mark.parametrize(
    ("header", "field", "unit"),
    [
        ("总投资(万元)", "investment", "万元"),
        ("计划总投资（亿元）", "investment", "亿元"),
        ("总投资\n（亿元）", "investment", "亿元"),
        ("项目编号", "key", ""),
        ("企业名称", "company", ""),
        ("签约企业", "company", ""),
        ("产业类别", "chain", ""),
        ("落地区域", "region", ""),
        ("实施地点", "region", ""),
        ("牵头单位", "team", ""),
        ("包保领导", "owner", ""),
        ("当前状态", "stage", ""),
        ("签约日期", "signed_on", ""),
        ("占地（亩）", "land", "亩"),
        ("承诺产值(万元)", "promised_output", "万元"),
        ("预计税收", "promised_tax", ""),
        ("实际税收", "realised_tax", ""),
        ("累计到位资金（万元）", "funds", "万元"),
        ("下次跟进", "follow_up", ""),
        ("项目建设内容", None, ""),
        ("联系电话", None, ""),
    ],
)
def test_header_guesses(header: str, field: str | None, unit: str) -> None:
    assert guess_field(header) == field
    assert parse_header(header).unit == unit


def test_a_field_goes_to_the_first_column_naming_it() -> None:
    mapping = guess_mapping(["项目名称", "总投资", "投资额", "项目名称"])
    assert mapping == {
        "项目名称": "name",
        "总投资": "investment",
        "投资额": None,
        "项目名称#2": None,
    }


# --- reading files --------------------------------------------------------------------------


def test_gbk_csv_with_a_title_row_and_a_total_row(crew: Crew) -> None:
    content = csv_text([["2026年池州市重点招商项目库"], HEADER, *GOOD, ["合计", *[""] * 13]])
    table = read_table("项目库.csv", content.encode("gbk"))
    assert table.encoding.startswith("gb18030")
    preview = analyse(crew.session, editor_scope(crew), table, filename="项目库.csv",
                      mapping=None, library=LIBRARY, today=TODAY)  # fmt: skip
    assert preview.header_line == 2
    assert preview.counts == {
        "rows": 3, "create": 3, "update": 0, "unchanged": 0, "errors": 0, "skipped": 1,
    }  # fmt: skip
    assert preview.skipped == [(6, "合计行")]
    first = preview.rows[0].values
    assert first["investment"] == pytest.approx(1.2e8)  # "12,000" 万元
    assert first["signed_on"] == date(2026, 3, 15)
    assert first["chain"] == "magnesium-light-alloy"
    assert preview.rows[2].values["investment"] == pytest.approx(5e8)  # "5亿元" in a 万元 column


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8", "utf-16"])
def test_a_tiny_csv_decodes_in_every_common_encoding(encoding: str) -> None:
    content = "项目名称,投资方\n镁粉项目,池州镁业\n".encode(encoding)
    table = read_table("tiny.csv", content)
    assert table.rows == [["项目名称", "投资方"], ["镁粉项目", "池州镁业"]]


def test_utf8_bom_csv_with_semicolons_and_full_width_headers() -> None:
    rows = [
        ["项目名称", "投资方", "计划总投资（亿元）", "项目阶段"],
        ["储能项目", "甲公司", "1.5", "在谈"],
    ]
    content = "\n".join(";".join(row) for row in rows).encode("utf-8-sig")
    table = read_table("sheet.csv", content)
    assert table.rows[0][0] == "项目名称"  # the byte-order mark is not part of the header
    assert table.rows[1] == ["储能项目", "甲公司", "1.5", "在谈"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.xlsx", b"", "文件是空的"),
        ("fake.xlsx", "项目名称,总投资\n甲,1\n".encode(), "内容不是 Excel 工作簿"),
        ("broken.xlsx", b"PK\x03\x04" + b"\x00garbage" * 50, "不是可读的 Excel 工作簿"),
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "旧版 Excel"),
        ("notes.docx", b"hello", "只接受 .xlsx 或 .csv"),
        ("binary.csv", bytes(range(256)) * 4, "无法识别为文本表格"),
    ],
)
def test_unreadable_files_get_a_clear_error(name: str, content: bytes, message: str) -> None:
    with pytest.raises(SheetError, match=message) as caught:
        read_table(name, content)
    assert name in str(caught.value)


def test_a_truncated_zip_is_refused() -> None:
    whole = xlsx([HEADER, *GOOD])
    with pytest.raises(SheetError, match=r"broken\.xlsx"):
        read_table("broken.xlsx", whole[: len(whole) // 2])
    with zipfile.ZipFile(io.BytesIO(whole)) as archive:
        assert "xl/workbook.xml" in archive.namelist()  # the intact file is a real workbook


def test_an_xlsx_with_too_many_columns_is_refused_and_a_stray_far_cell_ignored() -> None:
    def book_bytes(header: list[str], stray: int | None = None) -> bytes:
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.append(header)
        sheet.append(["储能项目", "甲公司"])
        if stray:
            sheet.cell(row=2, column=stray, value="x")
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()

    wide = book_bytes(["项目名称", "投资方", *(f"列{i}" for i in range(400))])
    with pytest.raises(SheetError, match=f"超过上限 {MAX_COLUMNS} 列"):
        read_table("wide.xlsx", wide)
    stray = read_table("stray.xlsx", book_bytes(["项目名称", "投资方"], stray=16000))
    assert stray.rows == [["项目名称", "投资方"], ["储能项目", "甲公司"]]


def test_a_huge_number_of_columns_is_refused() -> None:
    content = ",".join(f"列{i}" for i in range(MAX_COLUMNS + 500)).encode()
    with pytest.raises(SheetError, match=f"超过上限 {MAX_COLUMNS} 列"):
        read_table("wide.csv", content)


def test_xlsx_title_row_merged_cells_and_excel_dates(crew: Crew) -> None:
    rows = [HEADER, *GOOD]
    rows[3] = [*rows[3][:9], 46023, 46100, *rows[3][11:]]  # dates stored as serial numbers
    table = read_table("项目库.xlsx", xlsx(rows))
    assert table.rows[0][0] == table.rows[0][5] == "2026年池州市重点招商项目库"  # merged, filled
    preview = analyse(crew.session, editor_scope(crew), table, filename="项目库.xlsx",
                      mapping=None, library=LIBRARY, today=TODAY)  # fmt: skip
    assert preview.header_line == 2
    assert not preview.errors
    third = preview.rows[2].values
    assert (third["signed_on"], third["started_on"]) == (date(2026, 1, 1), date(2026, 3, 19))


def test_a_two_line_header_with_merged_cells_and_a_repeated_header(crew: Crew) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["序号", "项目名称", "投资方", "投资情况（万元）", None, "项目进展"])
    sheet.append([None, None, None, "总投资", "到位资金", None])
    for column in (1, 2, 3, 6):
        sheet.merge_cells(start_row=1, start_column=column, end_row=2, end_column=column)
    sheet.merge_cells(start_row=1, start_column=4, end_row=1, end_column=5)
    sheet.append([1, "镁粉项目", "池州镁业", 3000, 500, "已签约"])
    sheet.append(["序号", "项目名称", "投资方", "总投资", "到位资金", "项目进展"])  # page break
    sheet.append([2, "镁渣利用项目", "青阳循环", 800, None, "在谈"])
    buffer = io.BytesIO()
    book.save(buffer)
    table = read_table("two-line.xlsx", buffer.getvalue())
    preview = analyse(crew.session, editor_scope(crew), table, filename="two-line.xlsx",
                      mapping=None, library=LIBRARY, today=TODAY)  # fmt: skip
    assert preview.header_line == 2
    assert [c.field for c in preview.columns] == [
        "seq", "name", "company", "investment", "funds", "stage",
    ]  # fmt: skip
    assert [row.values["name"] for row in preview.rows] == ["镁粉项目", "镁渣利用项目"]
    assert preview.rows[0].values["funds"] == pytest.approx(5e6)
    assert preview.skipped == [(4, "重复的表头行")]
    assert not preview.errors


def test_no_header_row_is_an_error(crew: Crew) -> None:
    table = read_table("x.csv", "甲,乙,丙\n1,2,3\n".encode())
    with pytest.raises(SheetError, match="找不到表头行"):
        analyse(crew.session, editor_scope(crew), table, filename="x.csv", mapping=None,
                library=LIBRARY, today=TODAY)  # fmt: skip


# --- validating rows ------------------------------------------------------------------------


def preview_of(
    crew: Crew, rows: Sequence[Sequence[object]], scope: Scope | None = None
) -> SheetPreview:
    table = read_table("t.csv", csv_text(rows).encode("utf-8"))
    return analyse(crew.session, scope or editor_scope(crew), table, filename="t.csv",
                   mapping=None, library=LIBRARY, today=TODAY)  # fmt: skip


def test_row_errors_name_line_column_and_value(crew: Crew) -> None:
    bad = [row[:] for row in GOOD]
    bad[1][8] = "约三千"
    bad[2][2] = ""
    bad[0][7] = "快签了"
    rows = [HEADER, *bad, [4, "CZ-001", "重复编号项目", "某公司", "", "", "", "在谈", "", "", "",
                           "", "", ""]]  # fmt: skip
    preview = preview_of(crew, rows)
    texts = [str(error) for error in preview.errors]
    assert "第3行 总投资(万元): '约三千' 不是数字" in texts
    assert "第4行 项目名称: 项目名称不能为空" in texts
    assert any(t.startswith("第2行 项目进展: '快签了' 不是已知的项目阶段") for t in texts)
    assert "第5行 项目编号: 项目编号 'CZ-001' 与第2行重复" in texts
    assert preview.counts["errors"] == 4
    assert preview.rows[1].error_columns == {"总投资(万元)"}


def test_unknown_headers_are_left_unmapped_and_listed(crew: Crew) -> None:
    rows = [["项目名称", "投资方", "总投资", "联系电话", "项目建设内容"],
            ["储能项目", "甲公司", "100", "0566-1234567", "年产储能电池"]]  # fmt: skip
    preview = preview_of(crew, rows)
    assert preview.unmapped == ["联系电话", "项目建设内容"]
    assert preview.rows[0].values["investment"] == pytest.approx(1e6)
    note = preview.columns[2].unit_note
    assert "按万元计" in note


def test_empty_and_section_rows_are_skipped_not_errors(crew: Crew) -> None:
    rows: list[list[object]] = [
        HEADER,
        ["一、镁基新材料产业链"],
        GOOD[0],
        [],
        GOOD[1],
        ["小计"],
        [],
        [],
    ]
    preview = preview_of(crew, rows)
    assert not preview.errors
    reasons = [reason for _, reason in preview.skipped]
    assert reasons == ["分组标题行（一、镁基新材料产业链）", "空行", "小计行"]


def test_future_date_and_dates_out_of_order_are_errors(crew: Crew) -> None:
    row = GOOD[2][:]
    row[9], row[10] = "2026-05-01", "2026-03-01"  # 开工 before 签约
    late = GOOD[0][:]
    late[9] = "2027-01-01"
    texts = [str(e) for e in preview_of(crew, [HEADER, row, late]).errors]
    assert any(t.startswith("第2行 开工时间:") and "早于" in t for t in texts)
    assert any(t.startswith("第3行 签约时间:") and "晚于今天" in t for t in texts)


def test_only_headers_gives_an_empty_preview_that_cannot_be_applied(crew: Crew) -> None:
    scope = editor_scope(crew)
    stored, preview = upload_sheet(crew.session, scope, "空表.xlsx", xlsx([HEADER]),
                                   library=LIBRARY, today=TODAY)  # fmt: skip
    assert preview.counts["rows"] == 0 and not preview.clean
    with pytest.raises(PipelineError, match="没有数据行"):
        apply_import(crew.session, scope, stored.id, library=LIBRARY, today=TODAY)


# --- access ---------------------------------------------------------------------------------


def test_viewer_cannot_import(crew: Crew) -> None:
    with pytest.raises(AccessDenied, match="may not import"):
        upload_sheet(crew.session, scope_of(crew.session, crew.viewer), "a.xlsx",
                     xlsx([HEADER, *GOOD]), library=LIBRARY, today=TODAY)  # fmt: skip
    assert count(crew.session, SheetImport) == 0


def test_team_editor_imports_only_their_own_teams_rows(crew: Crew) -> None:
    add_member(crew.session, crew.team, crew.recorder)
    other = Team(name="电子信息专班", kind="专班")
    crew.session.add(other)
    crew.session.flush()
    rows = [row[:] for row in GOOD]
    rows[1][6] = "电子信息专班"  # another team's row
    rows[2][6] = "全新专班"  # a team that does not exist yet
    preview = preview_of(crew, [HEADER, *rows])
    texts = [str(e) for e in preview.errors]
    assert texts == [
        "第3行 责任单位: “电子信息专班”不是你所在的团队，不能导入其项目",
        "第4行 责任单位: 团队“全新专班”不存在；新建团队需要全区编辑权限",
    ]
    assert preview.rows[0].action == "create"


def test_region_wide_editor_creates_new_teams_and_is_told(crew: Crew) -> None:
    rows = [row[:] for row in GOOD]
    rows[2][6] = "电子信息专班"
    preview = preview_of(crew, [HEADER, *rows])
    assert preview.new_teams == ["电子信息专班"]


# --- storing and applying (SQLite and PostgreSQL) -------------------------------------------


def test_errors_store_nothing_then_a_clean_sheet_applies(crew: Crew) -> None:
    scope = editor_scope(crew)
    bad = [row[:] for row in GOOD]
    bad[1][8] = "约三千"
    stored, preview = upload_sheet(crew.session, scope, "项目库.xlsx", xlsx([HEADER, *bad]),
                                   library=LIBRARY, today=TODAY)  # fmt: skip
    assert stored.status == "previewed" and len(stored.sha256) == 64
    assert preview.counts["errors"] == 1
    with pytest.raises(PipelineError, match="有 1 处错误，未导入任何数据"):
        apply_import(crew.session, scope, stored.id, library=LIBRARY, today=TODAY)
    assert count(crew.session, PipelineRecord) == 0
    assert crew.session.get(SheetImport, stored.id).status == "previewed"

    clean, _ = upload_sheet(crew.session, scope, "项目库.xlsx", xlsx([HEADER, *GOOD]),
                            library=LIBRARY, today=TODAY)  # fmt: skip
    result = apply_import(crew.session, scope, clean.id, library=LIBRARY, today=TODAY)
    assert (len(result.created), len(result.updated), result.unchanged) == (3, 0, 0)
    records = {r.external_key: r for r in crew.session.scalars(select(PipelineRecord))}
    signed = records["CZ-001"]
    assert signed.stage == "signed" and signed.team is not None
    assert signed.team.name == "新能源汽车专班"
    assert signed.investment_cny == pytest.approx(1.2e8) and signed.land_mu == 120
    assert [(c.to_stage, c.changed_on) for c in signed.changes] == [
        ("lead", date(2026, 3, 15)),
        ("negotiating", date(2026, 3, 15)),
        ("signed", date(2026, 3, 15)),
    ]
    assert signed.changes[-1].verified_on is None  # an imported signing still needs 核验
    assert result.signed_unverified == [signed.id, records["CZ-003"].id]
    assert "核验" in result.as_dict()["note"]
    assert [a.amount_cny for a in signed.amounts] == [pytest.approx(3e7)]
    assert records["CZ-003"].stage == "construction"
    assert records["CZ-002"].stage == "negotiating" and records["CZ-002"].remarks == "对方来池考察"
    summary = json.loads(crew.session.get(SheetImport, clean.id).summary)
    assert summary["created"] == result.created


def test_applying_again_changes_nothing(crew: Crew) -> None:
    scope = editor_scope(crew)
    content = xlsx([HEADER, *GOOD])
    stored, _ = upload_sheet(crew.session, scope, "a.xlsx", content, library=LIBRARY, today=TODAY)
    apply_import(crew.session, scope, stored.id, library=LIBRARY, today=TODAY)
    before = [count(crew.session, m) for m in (PipelineRecord, StageChange, RecordAmount, Team)]
    again = apply_import(crew.session, scope, stored.id, library=LIBRARY, today=TODAY)
    assert (again.created, again.updated, again.unchanged) == ([], [], 3)
    second, preview = upload_sheet(crew.session, scope, "a.xlsx", content, library=LIBRARY,
                                   today=TODAY)  # fmt: skip
    assert preview.counts["unchanged"] == 3
    apply_import(crew.session, scope, second.id, library=LIBRARY, today=TODAY)
    after = [count(crew.session, m) for m in (PipelineRecord, StageChange, RecordAmount, Team)]
    assert after == before


def test_reimport_updates_moves_forward_and_adds_the_funds_difference(crew: Crew) -> None:
    scope = editor_scope(crew)
    first, _ = upload_sheet(crew.session, scope, "a.xlsx", xlsx([HEADER, *GOOD]),
                            library=LIBRARY, today=TODAY)  # fmt: skip
    apply_import(crew.session, scope, first.id, library=LIBRARY, today=TODAY)
    later = [row[:] for row in GOOD]
    later[0][7], later[0][10], later[0][12] = "在建", "2026-06-01", 5000  # started, more funds
    later[1][8] = "9000"
    second, preview = upload_sheet(crew.session, scope, "b.xlsx", xlsx([HEADER, *later]),
                                   library=LIBRARY, today=TODAY)  # fmt: skip
    assert preview.counts == {
        "rows": 3, "create": 0, "update": 2, "unchanged": 1, "errors": 0, "skipped": 0,
    }  # fmt: skip
    assert preview.rows[0].changes == ["到位资金", "阶段"]
    result = apply_import(crew.session, scope, second.id, library=LIBRARY, today=TODAY)
    assert len(result.updated) == 2 and result.funds_added_cny == pytest.approx(2e7)
    assert count(crew.session, PipelineRecord) == 3
    record = crew.session.scalars(
        select(PipelineRecord).where(PipelineRecord.external_key == "CZ-001")
    ).one()
    assert record.stage == "construction"
    assert record.changes[-1].changed_on == date(2026, 6, 1)
    assert sorted(a.amount_cny for a in record.amounts) == [pytest.approx(2e7), pytest.approx(3e7)]


def test_a_stage_going_backwards_is_a_row_error(crew: Crew) -> None:
    scope = editor_scope(crew)
    first, _ = upload_sheet(crew.session, scope, "a.xlsx", xlsx([HEADER, *GOOD]),
                            library=LIBRARY, today=TODAY)  # fmt: skip
    apply_import(crew.session, scope, first.id, library=LIBRARY, today=TODAY)
    back = [row[:] for row in GOOD]
    back[2][7] = "在谈"
    _, preview = upload_sheet(crew.session, scope, "b.xlsx", xlsx([HEADER, *back]),
                              library=LIBRARY, today=TODAY)  # fmt: skip
    assert [str(e) for e in preview.errors] == [
        "第5行 项目进展: 系统中该项目已是“开工”，阶段不能倒退为“洽谈”"
    ]


def test_keyless_sheet_matches_by_name_and_company(crew: Crew) -> None:
    scope = editor_scope(crew)
    existing = create_record(crew.session, "镁基储氢材料项目", user=crew.recorder,
                             on=date(2026, 2, 1), company_name="安徽氢镁能源有限公司")  # fmt: skip
    move_stage(crew.session, existing, "negotiating", user=crew.recorder, on=date(2026, 2, 3))
    rows = [[h for i, h in enumerate(HEADER) if i != 1]] + [
        [v for i, v in enumerate(row) if i != 1] for row in GOOD
    ]
    stored, preview = upload_sheet(crew.session, scope, "无编号.xlsx", xlsx(rows),
                                   library=LIBRARY, today=TODAY)  # fmt: skip
    assert [row.action for row in preview.rows] == ["create", "update", "create"]
    assert preview.rows[1].record_id == existing.id
    apply_import(crew.session, scope, stored.id, library=LIBRARY, today=TODAY)
    assert count(crew.session, PipelineRecord) == 3
    assert existing.investment_cny == pytest.approx(8e7) and existing.stage == "negotiating"


def test_mapping_overrides_are_stored_and_checked(crew: Crew) -> None:
    scope = editor_scope(crew)
    rows = [["项目名称", "投资方", "招商金额", "备注"], ["储能项目", "甲公司", "2", "x"]]
    stored, preview = upload_sheet(crew.session, scope, "m.csv", csv_text(rows).encode(),
                                   library=LIBRARY, today=TODAY)  # fmt: skip
    assert preview.unmapped == ["招商金额"]
    set_mapping(crew.session, scope, stored.id, {"招商金额": "investment", "备注": None})
    again = preview_import(crew.session, scope, stored.id, library=LIBRARY, today=TODAY)
    by_header = {column.header: column for column in again.columns}
    assert by_header["招商金额"].field == "investment" and not by_header["招商金额"].guessed
    assert by_header["项目名称"].guessed
    assert again.rows[0].values["investment"] == pytest.approx(2e4)
    assert "remarks" not in again.rows[0].values
    with pytest.raises(PipelineError, match="同时对应了列"):
        set_mapping(crew.session, scope, stored.id, {"投资方": "investment"})
    with pytest.raises(PipelineError, match="没有名为 '电话' 的列"):
        set_mapping(crew.session, scope, stored.id, {"电话": "remarks"})
    with pytest.raises(PipelineError, match="项目名称"):
        set_mapping(crew.session, scope, stored.id, {"项目名称": None})


def test_imports_are_listed_for_their_owner(crew: Crew) -> None:
    scope = editor_scope(crew)
    stored, _ = upload_sheet(crew.session, scope, "a.xlsx", xlsx([HEADER, *GOOD]),
                             library=LIBRARY, today=TODAY)  # fmt: skip
    apply_import(crew.session, scope, stored.id, library=LIBRARY, today=TODAY)
    listed = list_imports(crew.session, scope)
    assert [(row["user"], row["filename"], row["status"]) for row in listed] == [
        ("zhangsan", "a.xlsx", "applied")
    ]
    assert len(listed[0]["summary"]["created"]) == 3
    add_member(crew.session, crew.team, crew.checker)
    other = scope_of(crew.session, crew.checker)  # an admin sees every import
    assert len(list_imports(crew.session, other)) == 1


def test_history_skips_the_optional_trial_step_unless_the_sheet_says_trial(crew: Crew) -> None:
    scope = editor_scope(crew)
    rows = [row[:] for row in GOOD[:2]]
    rows[0][7], rows[0][10] = "已投产", "2026-05-01"
    rows[1][7] = "试生产"
    stored, _ = upload_sheet(crew.session, scope, "a.xlsx", xlsx([HEADER, *rows]),
                             library=LIBRARY, today=TODAY)  # fmt: skip
    apply_import(crew.session, scope, stored.id, library=LIBRARY, today=TODAY)
    records = {r.external_key: r for r in crew.session.scalars(select(PipelineRecord))}
    assert [c.to_stage for c in records["CZ-001"].changes] == [
        "lead", "negotiating", "signed", "construction", "operating",
    ]  # fmt: skip
    assert records["CZ-001"].changes[-1].changed_on == TODAY  # no 投产 date: the import date
    assert records["CZ-001"].changes[3].changed_on == date(2026, 5, 1)
    assert [c.to_stage for c in records["CZ-002"].changes][-2:] == ["construction", "trial"]


def test_the_sample_sheet_imports_clean_and_names_team_kinds(crew: Crew) -> None:
    scope = editor_scope(crew)
    content = sample_sheet().read_bytes()
    assert content.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, for Excel
    stored, preview = upload_sheet(crew.session, scope, sample_sheet().name, content,
                                   library=LIBRARY, today=TODAY)  # fmt: skip
    assert preview.counts["create"] == 6 and not preview.errors and len(preview.skipped) == 1
    apply_import(crew.session, scope, stored.id, library=LIBRARY, today=TODAY)
    kinds = {team.name: team.kind for team in crew.session.scalars(select(Team))}
    assert kinds["农业招商小分队"] == "小分队" and kinds["市投资促进局综合科"] == "部门"
    nodes = {r.external_key: r.node for r in crew.session.scalars(select(PipelineRecord))}
    assert (
        nodes["CZ2026-002"] == "auto-magnesium-parts" and nodes["CZ2026-004"] == "packaging-testing"
    )
    shelved = crew.session.scalars(
        select(PipelineRecord).where(PipelineRecord.stage == "shelved")
    ).one()
    assert shelved.stage_reason == "项目库表格导入：企业资金链紧张，暂缓推进"
