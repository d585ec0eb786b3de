"""The record fields a 项目库 column can fill, the header wordings that name each one, and the
guess of a column mapping from a sheet's header row."""

from __future__ import annotations

from dataclasses import dataclass

from chainatlas.pipeline.sheet_values import Cell, compact, parse_header, unit_factor


@dataclass(frozen=True)
class FieldSpec:
    label: str
    kind: str  # key, text, money, land, date, stage, team, chain, node, ignore
    synonyms: tuple[str, ...]


FIELDS: dict[str, FieldSpec] = {
    "seq": FieldSpec("序号（不导入）", "ignore", ("序号", "排序", "顺序号")),
    "key": FieldSpec("项目编号", "key", ("项目编号", "项目代码", "项目ID", "项目id", "编号")),
    "name": FieldSpec("项目名称", "text", ("项目名称", "项目名", "项目", "名称")),
    "company": FieldSpec(
        "企业",
        "text",
        (
            "投资方",
            "企业名称",
            "签约企业",
            "投资主体",
            "签约主体",
            "投资企业",
            "企业",
            "投资商",
            "项目单位",
            "建设单位",
            "投资方名称",
        ),
    ),
    "chain": FieldSpec(
        "产业链",
        "chain",
        ("所属产业链", "产业类别", "产业链", "所属产业", "产业", "所属行业", "行业", "产业类型"),
    ),
    "node": FieldSpec("产业链环节", "node", ("产业链环节", "环节", "链条环节", "所属环节")),
    "region": FieldSpec(
        "地区",
        "text",
        (
            "所在县区",
            "落地区域",
            "实施地点",
            "县区",
            "项目地点",
            "建设地点",
            "所在地",
            "区域",
            "落户地",
            "属地",
            "县市区",
            "所在地区",
            "落户地点",
        ),
    ),
    "team": FieldSpec(
        "责任单位/专班",
        "team",
        (
            "责任单位",
            "牵头单位",
            "专班",
            "招商专班",
            "责任专班",
            "招商单位",
            "负责单位",
            "承办单位",
            "招商小分队",
        ),
    ),
    "owner": FieldSpec(
        "责任人", "text", ("责任人", "包保领导", "负责人", "项目负责人", "包保责任人", "联系人")
    ),
    "stage": FieldSpec(
        "项目阶段",
        "stage",
        ("项目进展", "项目阶段", "当前状态", "项目状态", "状态", "阶段", "当前阶段", "进展阶段"),
    ),
    "investment": FieldSpec(
        "总投资",
        "money",
        (
            "总投资",
            "计划总投资",
            "投资额",
            "投资总额",
            "协议投资",
            "协议投资额",
            "项目总投资",
            "签约金额",
        ),
    ),
    "signed_on": FieldSpec("签约时间", "date", ("签约时间", "签约日期")),
    "started_on": FieldSpec("开工时间", "date", ("开工时间", "开工日期")),
    "operating_on": FieldSpec("投产时间", "date", ("投产时间", "投产日期")),
    "land": FieldSpec(
        "用地（亩）", "land", ("用地面积", "占地", "占地面积", "用地", "供地面积", "用地规模")
    ),
    "promised_output": FieldSpec(
        "预计年产值",
        "money",
        ("预计年产值", "承诺产值", "预计产值", "达产产值", "达产后年产值", "承诺年产值"),
    ),
    "promised_tax": FieldSpec(
        "预计税收", "money", ("预计税收", "承诺税收", "预计年税收", "达产税收", "承诺年税收")
    ),
    "realised_output": FieldSpec("实际产值", "money", ("实际产值", "实现产值")),
    "realised_tax": FieldSpec("实际税收", "money", ("实际税收", "实现税收")),
    "funds": FieldSpec(
        "到位资金", "money", ("到位资金", "累计到位资金", "实际到位资金", "到位资金累计")
    ),
    "funds_on": FieldSpec("到位时间", "date", ("到位时间", "资金到位时间")),
    "follow_up": FieldSpec(
        "下次跟进", "date", ("下次跟进", "下次跟进时间", "下次跟进日期", "跟进日期")
    ),
    "remarks": FieldSpec("备注", "text", ("备注", "说明", "备注说明")),
}

# Amount columns without a unit in their header: 项目库 sheets count in 万元.
DEFAULT_MONEY_UNIT = "万元"
_EXACT: dict[str, str] = {
    word: field for field, spec in reversed(FIELDS.items()) for word in spec.synonyms
}
# Only words of three or more characters are looked for inside longer headers: 项目, 名称
# or 产业 alone would claim columns such as 项目建设内容.
_CONTAINED = sorted(
    ((word, field) for word, field in _EXACT.items() if len(word) >= 3),
    key=lambda pair: -len(pair[0]),
)


def guess_field(header: Cell) -> str | None:
    """The field a header names, or None when no wording of any field matches."""
    base = parse_header(header).base
    if not base:
        return None
    found = _EXACT.get(base)
    if found is not None:
        return found
    for word, field in _CONTAINED:
        if word in base:
            return field
    return None


@dataclass(frozen=True)
class Column:
    """One column of the sheet and the field it fills (None: not imported)."""

    index: int
    header: str  # unique within the sheet
    field: str | None
    guessed: bool
    unit: str
    factor: float
    unit_note: str


def column_unit(header: Cell, field: str | None) -> tuple[str, float, str]:
    """The unit, the factor to 元 (or 亩) and a note saying where the unit came from."""
    kind = FIELDS[field].kind if field else ""
    unit = parse_header(header).unit
    if kind == "money":
        if unit in ("亿元", "亿", "万元", "万", "元"):
            return unit, unit_factor(unit), f"单位：{unit}（表头）"
        return DEFAULT_MONEY_UNIT, 1e4, f"单位：{DEFAULT_MONEY_UNIT}（表头未注明，按万元计）"
    if kind == "land":
        if unit in ("亩", "公顷", "平方米", "㎡", "m2"):
            return unit, unit_factor(unit), f"单位：{unit}（表头）"
        return "亩", 1.0, "单位：亩"
    return "", 1.0, ""


def header_keys(cells: list[Cell]) -> list[str]:
    """Unique names of the header cells: the text, ``第N列`` when empty, ``名称#2`` on repeats."""
    keys: list[str] = []
    for index, cell in enumerate(cells):
        text = parse_header(cell).text or f"第{index + 1}列"
        key, n = text, 2
        while key in keys:
            key, n = f"{text}#{n}", n + 1
        keys.append(key)
    return keys


def guess_mapping(cells: list[Cell]) -> dict[str, str | None]:
    """Header key → guessed field; a field goes to the first column that names it."""
    mapping: dict[str, str | None] = {}
    taken: set[str] = set()
    for key, cell in zip(header_keys(cells), cells, strict=True):
        field = guess_field(cell)
        if field is not None and field in taken:
            field = None
        if field is not None:
            taken.add(field)
        mapping[key] = field
    return mapping


def header_score(cells: list[Cell]) -> int:
    """How many cells of a row read as known headers (a header row scores 2 or more)."""
    return sum(1 for cell in cells if compact(cell) and guess_field(cell) is not None)
