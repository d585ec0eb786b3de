"""The briefing as a document: numbered sections of paragraphs, tables and charts, worded
in Chinese. The HTML, PDF and DOCX renderers all walk this one outline, so the three say
the same thing in the same order.

The briefing is an official Chinese document (招商工作简报), so its wording does not follow
the interface language; the page around it does.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from chainatlas.formatting import format_amount, format_date
from chainatlas.pipeline.progress import AHEAD, BEHIND, ProgressRow
from chainatlas.pipeline.stages import STAGE_NAMES
from chainatlas.pipeline.targets import AMOUNT_INDICATORS
from chainatlas.reports.briefing import Briefing, Entry, FollowUp, GroupSummary

NONE_IN_PERIOD = "本期无。"
# Table cells that stand out, and how: ahead of time progress, behind it, not yet verified.
MARKS = {AHEAD: "ahead", BEHIND: "behind", "未核验": "unverified"}


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[list[str]]
    widths: list[float]  # relative column widths
    numeric: frozenset[int] = frozenset()  # columns aligned right
    caption: str = ""
    kind = "table"  # for templates, which cannot ask isinstance


@dataclass
class Section:
    heading: str
    blocks: list[Paragraph | Table | ChartRef] = field(default_factory=list)


@dataclass(frozen=True)
class Paragraph:
    text: str
    note: bool = False  # a remark in smaller, muted type
    kind = "paragraph"


@dataclass(frozen=True)
class ChartRef:
    key: str  # targets | monthly | funnel (see reports.charts)
    kind = "chart"


def outline(briefing: Briefing) -> list[Section]:
    """The sections of the briefing, in order, each heading numbered 一、二、…"""
    parts = [
        ("总体情况", _overview(briefing)),
        ("目标完成情况", _targets(briefing)),
        ("新签约项目", _signings(briefing)),
        ("新开工项目", _starts(briefing)),
        ("投产达产项目", _commissionings(briefing)),
        ("分专班、分县区情况", _groups(briefing)),
        ("项目阶段分布", _funnel(briefing)),
        ("逾期跟进与提级跟进", _follow_ups(briefing)),
        ("产业链补链方向", _gaps(briefing)),
    ]
    numbers = "一二三四五六七八九十"
    return [Section(f"{numbers[i]}、{title}", blocks) for i, (title, blocks) in enumerate(parts)]


def _yuan(value: float | None) -> str:
    return format_amount(value) if value else "—"


def _overview(b: Briefing) -> list[Paragraph | Table | ChartRef]:
    t = b.totals
    who = f"{b.team}" if b.team else ("、".join(b.teams) if b.teams else "全区")
    text = (
        f"{b.period.label}，{who}新增线索{t.new_leads}个；新签约项目{t.signings}个（已核验），"
        f"签约金额{format_amount(t.signed_cny)}"
        + (f"（含增资{format_amount(t.increase_cny)}）" if t.increase_cny else "")
        + f"，其中亿元以上项目{t.signings_100m}个、10亿元以上项目{t.signings_1b}个；"
        f"到位资金{format_amount(t.funds_cny)}；新开工项目{t.started}个、"
        f"计划总投资{format_amount(t.started_cny)}；投产项目{t.commissioned}个，"
        f"达产项目{t.at_capacity}个。"
    )
    blocks: list[Paragraph | Table | ChartRef] = [Paragraph(text)]
    if t.unverified_signings:
        blocks.append(
            Paragraph(
                f"另有未核验签约{t.unverified_signings}个、{format_amount(t.unverified_cny)}，"
                "核验后方计入目标完成。",
                note=True,
            )
        )
    blocks.append(
        Table(
            ["指标", "本期"],
            [
                ["新增线索", f"{t.new_leads}个"],
                ["新签约项目（已核验）", f"{t.signings}个"],
                ["签约金额（含增资）", format_amount(t.signed_cny)],
                ["其中：亿元以上项目", f"{t.signings_100m}个"],
                ["其中：10亿元以上项目", f"{t.signings_1b}个"],
                ["未核验签约", f"{t.unverified_signings}个，{format_amount(t.unverified_cny)}"],
                ["到位资金", format_amount(t.funds_cny)],
                ["新开工项目", f"{t.started}个，{format_amount(t.started_cny)}"],
                ["投产项目", f"{t.commissioned}个"],
                ["达产项目", f"{t.at_capacity}个"],
            ],
            [3, 2],
            frozenset({1}),
        )
    )
    return blocks


def _value(row: ProgressRow, value: float) -> str:
    return format_amount(value) if row.indicator in AMOUNT_INDICATORS else f"{value:.0f}个"


def _targets(b: Briefing) -> list[Paragraph | Table | ChartRef]:
    end = b.period.end
    blocks: list[Paragraph | Table | ChartRef] = [
        Paragraph(
            f"截至{format_date(end)}，{b.year}年序时进度为{b.time_progress * 100:.1f}%。"
            "签约类指标只计已核验的签约，增资只计增量；差距以百分点计。"
        )
    ]
    if not any(section.rows for section in b.targets):
        blocks.append(Paragraph(f"{b.year}年尚未设定目标。", note=True))
        return blocks
    for section in b.targets:
        if not section.rows:
            continue
        rows = [
            [
                row.label + (f"（{b.chain_name(row.chain)}）" if row.chain else ""),
                _value(row, row.target),
                _value(row, row.achieved),
                f"{row.completion * 100:.1f}%",
                f"{row.time_progress * 100:.1f}%",
                row.status,
                f"{row.gap_points:+.1f}",
            ]
            for row in section.rows
        ]
        caption = f"{section.team}目标" if section.team else "全区目标"
        headers = ["指标", "年度目标", "完成", "完成率", "序时进度", "进度", "差距"]
        widths = [3, 2, 2, 1.4, 1.4, 1.2, 1.6]
        blocks.append(Table(headers, rows, widths, frozenset({1, 2, 3, 4, 6}), caption))
    blocks.append(ChartRef("targets"))
    return blocks


def _entry_rows(entries: list[Entry], *, verified: bool = False) -> list[list[str]]:
    rows = []
    for e in entries:
        row = [
            e.name,
            e.company or "—",
            e.team,
            e.county,
            format_date(e.dated),
            _yuan(e.amount_cny),
        ]
        if verified:
            row.append("已核验" if e.verified else "未核验")
        rows.append(row)
    return rows


ENTRY_HEADERS = ["项目名称", "企业", "专班", "县区", "日期", "投资额"]
ENTRY_WIDTHS = [3.4, 2.6, 1.8, 1.4, 1.8, 1.4]


def _signings(b: Briefing) -> list[Paragraph | Table | ChartRef]:
    blocks: list[Paragraph | Table | ChartRef] = []
    if b.signings:
        blocks.append(
            Table(
                [*ENTRY_HEADERS, "核验"],
                _entry_rows(b.signings, verified=True),
                [*ENTRY_WIDTHS, 1.1],
                frozenset({5}),
            )
        )
    else:
        blocks.append(Paragraph(NONE_IN_PERIOD))
    if b.increases:
        blocks.append(
            Table(
                [*ENTRY_HEADERS, "核验"],
                _entry_rows(b.increases, verified=True),
                [*ENTRY_WIDTHS, 1.1],
                frozenset({5}),
                caption="增资（只计增量）",
            )
        )
    blocks.append(ChartRef("monthly"))
    return blocks


def _starts(b: Briefing) -> list[Paragraph | Table | ChartRef]:
    if not b.starts:
        return [Paragraph(NONE_IN_PERIOD)]
    return [Table(ENTRY_HEADERS, _entry_rows(b.starts), ENTRY_WIDTHS, frozenset({5}))]


def _commissionings(b: Briefing) -> list[Paragraph | Table | ChartRef]:
    if not b.commissionings:
        return [Paragraph(NONE_IN_PERIOD)]
    rows = [
        [STAGE_NAMES[e.stage], *row]
        for e, row in zip(b.commissionings, _entry_rows(b.commissionings), strict=True)
    ]
    return [Table(["阶段", *ENTRY_HEADERS], rows, [1, *ENTRY_WIDTHS], frozenset({6}))]


def _group_table(first: str, groups: list[GroupSummary], caption: str) -> Table:
    headers = [first, "项目数", "新增线索", "签约", "签约金额", "到位资金", "开工", "投产达产"]
    rows = [
        [
            g.name,
            str(g.records),
            str(g.new_leads),
            str(g.signings),
            _yuan(g.signed_cny),
            _yuan(g.funds_cny),
            str(g.started),
            str(g.commissioned),
        ]
        for g in groups
    ]
    widths = [2.6, 1.1, 1.2, 1, 1.8, 1.8, 1, 1.2]
    return Table(headers, rows, widths, frozenset(range(1, 8)), caption)


def _groups(b: Briefing) -> list[Paragraph | Table | ChartRef]:
    if not b.by_team:
        return [Paragraph("项目库中尚无项目。")]
    return [
        Paragraph("项目数为当前在库项目，其余各列为本期数据；签约只计已核验。", note=True),
        _group_table("专班", b.by_team, "分专班"),
        _group_table("县区", b.by_county, "分县区"),
    ]


def _funnel(b: Briefing) -> list[Paragraph | Table | ChartRef]:
    counts = "、".join(f"{row.name}{row.count}个" for row in b.funnel if row.count)
    total = sum(row.count for row in b.funnel)
    text = f"当前在库项目{total}个" + (f"：{counts}。" if counts else "。")
    return [Paragraph(text), ChartRef("funnel")]


def _follow_up_rows(items: list[FollowUp]) -> list[list[str]]:
    return [
        [
            f.name,
            f.team,
            STAGE_NAMES.get(f.stage, f.stage),
            format_date(f.due),
            f"{f.days_overdue}天" if f.days_overdue is not None else "—",
            "是" if f.escalated else "否",
        ]
        for f in items
    ]


def _follow_ups(b: Briefing) -> list[Paragraph | Table | ChartRef]:
    headers = ["项目名称", "专班", "阶段", "跟进日期", "逾期", "提级跟进"]
    widths = [3.6, 2, 1.2, 2, 1.2, 1.4]
    blocks: list[Paragraph | Table | ChartRef] = [
        Paragraph(
            f"逾期未跟进项目{len(b.overdue)}个（截至{format_date(b.today)}），"
            f"提级跟进项目{len(b.escalated)}个。"
        )
    ]
    if b.overdue:
        rows = _follow_up_rows(b.overdue)
        blocks.append(Table(headers, rows, widths, frozenset({4}), "逾期未跟进"))
    if b.escalated:
        rows = _follow_up_rows(b.escalated)
        blocks.append(Table(headers, rows, widths, frozenset({4}), "提级跟进"))
    return blocks


def _gaps(b: Briefing) -> list[Paragraph | Table | ChartRef]:
    gaps = b.gaps
    blocks: list[Paragraph | Table | ChartRef] = []
    if gaps.region and gaps.chains:
        blocks.append(
            Paragraph(
                f"按项目库涉及的产业链，{gaps.region}尚缺以下环节（补链方向），"
                "并列出其他地区在该环节有项目的企业，供招商参考。"
            )
        )
    for chain in gaps.chains:
        summary = f"{chain.chain_name}：共{chain.nodes}个环节，已覆盖{chain.covered}个"
        if not chain.missing:
            blocks.append(Paragraph(summary + "，环节齐全。"))
            continue
        more = f"，另有{chain.more_missing}个缺失环节未列出" if chain.more_missing else ""
        blocks.append(
            Paragraph(f"{summary}，缺失{len(chain.missing) + chain.more_missing}个{more}。")
        )
        rows = [
            [node.name, node.segment, "、".join(node.candidates) or "暂无候选企业"]
            for node in chain.missing
        ]
        blocks.append(
            Table(["缺失环节", "分段", "可招引企业"], rows, [2, 1, 6], caption=chain.chain_name)
        )
    blocks.extend(Paragraph(note, note=True) for note in gaps.notes)
    return blocks
