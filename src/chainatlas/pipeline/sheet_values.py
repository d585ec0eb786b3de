"""Reading a 项目库 spreadsheet into plain rows, and turning its cell texts into values: numbers
with 万元/亿元, dates in the forms Chinese sheets use, stage wording, header names with units.

Everything here is pure (bytes or cell values in, values out); ``sheets.py`` maps columns to
fields, validates rows against the database and applies them.
"""

from __future__ import annotations

import csv
import io
import math
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import PurePath

from openpyxl import load_workbook

from chainatlas.ingest.decoding import decode_bytes
from chainatlas.ingest.model import IngestError
from chainatlas.pipeline.stages import STAGE_NAMES, STAGES

MAX_COLUMNS = 300
MAX_ROWS = 20_000
HEADER_ALLOWANCE = 30  # title rows above the header
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_NUMBER = 1e15  # 10万亿元: larger is a typing error, not an investment
# Below this size the workbook is opened fully (not read-only) so that merged cells can be
# filled from their top-left cell: read-only mode does not see merged ranges at all.
MERGE_FILL_MAX_BYTES = 5 * 1024 * 1024

Cell = str | int | float | date | datetime | None


class SheetError(ValueError):
    """A spreadsheet that cannot be read or used; the message names the file and what is wrong."""


@dataclass(frozen=True)
class SheetTable:
    """The rows of one sheet, trailing empty cells trimmed; ``names`` lists every sheet."""

    sheet: str
    names: tuple[str, ...]
    rows: list[list[Cell]]
    kind: str  # xlsx | csv
    encoding: str = ""


def read_table(filename: str, content: bytes, sheet: str | None = None) -> SheetTable:
    """The rows of an XLSX (first or named sheet) or CSV file; SheetError if unusable."""
    if not content:
        raise SheetError(f"{filename}: 文件是空的 (empty file)")
    suffix = PurePath(filename).suffix.lower()
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        raise SheetError(
            f"{filename}: 旧版 Excel (.xls) 文件不支持，请在 Excel 中另存为 .xlsx 或 CSV"
        )
    if content.startswith(b"PK\x03\x04") or suffix in (".xlsx", ".xlsm"):
        table = _read_xlsx(filename, content, sheet)
    elif suffix in (".csv", ".txt", ".tsv"):
        table = _read_csv(filename, content)
    else:
        raise SheetError(
            f"{filename}: 只接受 .xlsx 或 .csv 文件，不接受 '{suffix or '(无扩展名)'}'"
        )
    if len(table.rows) > MAX_ROWS + HEADER_ALLOWANCE:
        raise SheetError(f"{filename}: 表格超过 {MAX_ROWS} 行的上限，请分成几个文件导入")
    widest = max((len(row) for row in table.rows), default=0)
    if widest > MAX_COLUMNS:
        raise SheetError(f"{filename}: 表格有 {widest} 列，超过上限 {MAX_COLUMNS} 列")
    return table


def _read_xlsx(filename: str, content: bytes, sheet: str | None) -> SheetTable:
    if not content.startswith(b"PK\x03\x04"):
        raise SheetError(f"{filename}: 文件名是 .xlsx，但内容不是 Excel 工作簿 (not a zip file)")
    _check_unpacked_size(filename, content)
    read_only = len(content) > MERGE_FILL_MAX_BYTES
    # openpyxl reports malformed workbooks with many exception types (zip, XML, KeyError,
    # ValueError, TypeError …); every one of them means "this file cannot be read".
    try:
        book = load_workbook(io.BytesIO(content), read_only=read_only, data_only=True)
    except Exception as error:
        raise SheetError(f"{filename}: 不是可读的 Excel 工作簿 ({error})") from None
    try:
        names = tuple(book.sheetnames)
        if sheet is not None and sheet not in names:
            raise SheetError(f"{filename}: 没有名为 '{sheet}' 的工作表；有：{', '.join(names)}")
        worksheet = book[sheet] if sheet is not None else book.worksheets[0]
        # One column and one row past the limits are read, so that read_table can refuse.
        # (iter_rows pads up to max_row/max_col, so the sheet's own size caps them first.)
        row_cap, col_cap = MAX_ROWS + HEADER_ALLOWANCE + 1, MAX_COLUMNS + 1
        last_row = min(worksheet.max_row or row_cap, row_cap)
        last_col = min(worksheet.max_column or col_cap, col_cap)
        cells = worksheet.iter_rows(max_row=last_row, max_col=last_col, values_only=True)
        rows = [_trim(list(values)) for values in cells]
        if not read_only:
            for merged in worksheet.merged_cells.ranges:
                right = min(merged.max_col, MAX_COLUMNS + 1)
                _fill_merged(rows, merged.min_row, merged.max_row, merged.min_col, right)
        return SheetTable(sheet=worksheet.title, names=names, rows=rows, kind="xlsx")
    except SheetError:
        raise
    except Exception as error:
        raise SheetError(f"{filename}: Excel 工作簿已损坏 ({error})") from None
    finally:
        book.close()


def _check_unpacked_size(filename: str, content: bytes) -> None:
    """Refuse a workbook that would unpack to more than MAX_UNPACKED_BYTES (a zip bomb)."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(item.file_size for item in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise SheetError(f"{filename}: 不是可读的 Excel 工作簿 ({error})") from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise SheetError(
            f"{filename}: 解压后有 {unpacked} 字节，超过上限 {MAX_UNPACKED_BYTES} 字节"
        )


def _fill_merged(rows: list[list[Cell]], top: int, bottom: int, left: int, right: int) -> None:
    if top - 1 >= len(rows) or left - 1 >= len(rows[top - 1]):
        return
    value = rows[top - 1][left - 1]
    for number in range(top, min(bottom, len(rows)) + 1):
        row = rows[number - 1]
        if len(row) < right:
            row.extend([None] * (right - len(row)))
        for column in range(left, right + 1):
            if row[column - 1] is None:
                row[column - 1] = value


def _read_csv(filename: str, content: bytes) -> SheetTable:
    try:
        text, encoding = decode_bytes(content, filename)
    except IngestError as error:
        raise SheetError(f"{filename}: 无法识别为文本表格 ({error})") from None
    if "项目" not in text:
        # Detection can misjudge a short GBK sheet; every 项目库 header says 项目 somewhere,
        # so GB18030 wins when only it reads that word.
        try:
            legacy = content.decode("gb18030")
        except UnicodeDecodeError:
            legacy = ""
        if "项目" in legacy:
            text, encoding = legacy, "gb18030 (项目库 headers)"
    sample = text[:8192]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",\t;|")
    except csv.Error:
        dialect = csv.excel
    try:
        rows: list[list[Cell]] = [
            _trim(list(row)) for row in csv.reader(io.StringIO(text, newline=""), dialect)
        ]
    except csv.Error as error:
        raise SheetError(f"{filename}: CSV 格式错误 ({error})") from None
    return SheetTable(sheet="", names=(), rows=rows, kind="csv", encoding=encoding)


def _trim(values: list[Cell]) -> list[Cell]:
    cleaned: list[Cell] = [None if is_blank(value) else value for value in values]
    while cleaned and cleaned[-1] is None:
        cleaned.pop()
    return cleaned


def is_blank(value: Cell) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def normal_text(value: Cell) -> str:
    """Cell text as written (outer spaces, full-width ones too, removed): names and remarks
    keep their Chinese punctuation."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        return value.date().isoformat()
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()


def half_width(value: Cell) -> str:
    """Cell text with full-width letters, digits and signs made half-width (NFKC)."""
    return unicodedata.normalize("NFKC", normal_text(value)).strip()


def compact(value: Cell) -> str:
    """``half_width`` without any whitespace: how headers, numbers and 合计 are compared."""
    return re.sub(r"\s+", "", half_width(value))


# --- headers --------------------------------------------------------------------------------

_BRACKETS = re.compile(r"[(\[【]([^)\]】]*)[)\]】]")
_UNITS: dict[str, float] = {
    "亿元": 1e8,
    "亿": 1e8,
    "万元": 1e4,
    "万": 1e4,
    "元": 1.0,
    "亩": 1.0,
    "公顷": 15.0,
    "平方米": 1 / 666.6667,
    "㎡": 1 / 666.6667,
    "m2": 1 / 666.6667,
}


@dataclass(frozen=True)
class Header:
    """A header split into its words and the unit its brackets (or ending) name."""

    text: str  # as shown in the sheet, whitespace collapsed
    base: str  # compact, without brackets and unit
    unit: str  # 万元, 亿元, 亩 … or ""


def parse_header(value: Cell) -> Header:
    text = compact(value)
    unit = ""
    for inside in _BRACKETS.findall(text):
        if inside in _UNITS:
            unit = inside
    base = _BRACKETS.sub("", text).strip("/:：")
    for name in sorted(_UNITS, key=len, reverse=True):
        for joiner in ("/", ""):
            if not unit and len(base) > len(name) + 1 and base.endswith(joiner + name):
                unit, base = name, base[: -len(joiner + name)].rstrip("/")
    return Header(text=text, base=base, unit=unit)


def unit_factor(unit: str) -> float:
    return _UNITS.get(unit, 1.0)


# --- numbers --------------------------------------------------------------------------------

_NUMBER = re.compile(r"^([+-]?\d+(?:\.\d+)?)(亿元|亿|万元|万|元|亩)?$")


def parse_number(value: Cell, factor: float) -> float:
    """A number from a cell; text with commas and a unit of its own (``3.5亿元``) is read,
    and the unit in the cell wins over the column's ``factor``. ValueError otherwise."""
    if isinstance(value, bool):
        raise ValueError(f"'{value}' 不是数字")
    if isinstance(value, int | float):
        number = float(value) * factor
    else:
        text = compact(value).replace(",", "").replace("，", "")
        for prefix in ("约", "≈"):
            text = text.removeprefix(prefix)
        match = _NUMBER.match(text)
        if match is None:
            raise ValueError(f"'{normal_text(value)}' 不是数字")
        unit = match.group(2)
        number = float(match.group(1)) * (_UNITS[unit] if unit and unit != "亩" else factor)
    if not math.isfinite(number) or abs(number) > MAX_NUMBER:
        raise ValueError(f"'{normal_text(value)}' 数值过大")
    return number


# --- dates ----------------------------------------------------------------------------------

_EXCEL_EPOCH = date(1899, 12, 30)
_DATE_FORMS = (
    re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
    re.compile(r"^(\d{4})[-/.年](\d{1,2})月?()$"),
)


def parse_date(value: Cell) -> date:
    """A date from a datetime cell, an Excel serial number or text such as 2026.3.15,
    2026年3月15日, 2026/03/15, 20260315 or 2026年3月 (the 1st of the month)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _serial(value, value)
    text = compact(value)
    if re.fullmatch(r"\d{5}(\.\d+)?", text):
        return _serial(float(text), value)
    text = re.sub(r"\s*\d{1,2}:\d{2}(:\d{2})?$", "", text)
    for form in _DATE_FORMS:
        match = form.match(text)
        if match:
            year, month, day = match.groups()
            try:
                return date(int(year), int(month), int(day) if day else 1)
            except ValueError:
                break
    raise ValueError(f"'{normal_text(value)}' 不是日期（如 2026-03-15、2026.3.15、2026年3月）")


def _serial(number: float, shown: Cell) -> date:
    # Serials 20000..80000 are 1954..2119, the only span a 项目库 date can sit in.
    if not 20_000 <= number <= 80_000:
        raise ValueError(f"'{normal_text(shown)}' 不是日期")
    return _EXCEL_EPOCH + timedelta(days=int(number))


# --- stages ---------------------------------------------------------------------------------

_STAGE_WORDS: dict[str, tuple[str, ...]] = {
    "lead": ("线索", "储备", "意向", "谋划", "初步接触", "对接"),
    "negotiating": ("洽谈", "在谈", "洽谈中", "谈判", "对接中", "在洽谈", "跟踪洽谈", "拟签约"),
    "signed": ("签约", "已签约", "签约未开工", "已签约未开工", "待开工", "签约待开工"),
    "construction": ("开工", "已开工", "在建", "新开工", "建设中", "开工建设", "续建"),
    "trial": ("试生产", "试产", "试运行", "试投产"),
    "operating": ("投产", "已投产", "竣工投产", "部分投产", "建成投产"),
    "at_capacity": ("达产", "已达产", "满产", "达产达效"),
    "shelved": ("搁置", "暂缓", "停滞", "暂停", "已搁置"),
    "terminated": ("终止", "已终止", "退出", "取消", "放弃", "已退出"),
}
_STAGE_LOOKUP: dict[str, str] = (
    {word: stage for stage, words in _STAGE_WORDS.items() for word in words}
    | {stage: stage for stage in STAGES}
    | {name: stage for stage, name in STAGE_NAMES.items()}
)


def parse_stage_text(value: Cell) -> str:
    """A stage id from the wording sheets use (在谈, 已签约, 在建, 已投产, 搁置 …)."""
    text = compact(value)
    found = _STAGE_LOOKUP.get(text) or _STAGE_LOOKUP.get(text.lower())
    if found is None:
        raise ValueError(
            f"'{normal_text(value)}' 不是已知的项目阶段"
            "（如 在谈、已签约、在建、已投产、搁置、终止）"
        )
    return found
