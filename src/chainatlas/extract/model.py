"""Typed results of extraction: mentions of regions, companies, projects,
amounts, events and figures, each with the evidence it was read from.

Spans are character offsets into the *normalised* text; ``original_start`` and
``original_end`` are the same span mapped back into the original text through
the document's offset map (filled in by the pipeline).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Literal

ProjectStatus = Literal["planned", "negotiating", "signed", "construction", "trial", "operating"]
STATUS_ORDER: tuple[ProjectStatus, ...] = (
    "planned",
    "negotiating",
    "signed",
    "construction",
    "trial",
    "operating",
)
AmountRole = Literal[
    "total_investment",
    "signed_amount",
    "funds_in_place",
    "output_value",
    "tax",
    "loan",
    "revenue",
    "other",
]
RegionLevel = Literal["province", "city", "county", "zone"]
CompanyRole = Literal["chain_leader", "leading", "supporting"]
EventKind = Literal["promotion_conference", "signing", "groundbreaking", "inspection", "trip"]
FigureKind = Literal["indicator", "target"]


@dataclass
class Evidence:
    """Where a fact was read: its span and the sentence around it."""

    start: int
    end: int
    sentence: str
    sentence_start: int
    original_start: int | None = None
    original_end: int | None = None


@dataclass
class RegionMention:
    name: str  # canonical full name, e.g. 青阳县
    code: str | None  # 6-digit division code; zones carry their city's code
    level: RegionLevel
    province: str | None
    city: str | None
    surface: str  # the text as written, e.g. 青阳
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class CompanyMention:
    name: str  # longest form in the text
    aliases: list[str] = field(default_factory=list)
    role: CompanyRole | None = None
    region: str | None = None
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class ProjectDates:
    signed: str | None = None  # ISO date or partial (2023-06, 2023)
    construction: str | None = None
    trial: str | None = None
    operating: str | None = None


@dataclass
class ProjectMention:
    name: str
    aliases: list[str] = field(default_factory=list)
    company: str | None = None
    region: str | None = None
    region_code: str | None = None
    investment_cny: float | None = None
    capacity: str | None = None
    status: ProjectStatus | None = None
    dates: ProjectDates = field(default_factory=ProjectDates)
    chain: str | None = None
    node: str | None = None
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class AmountMention:
    value_cny: float
    text: str  # as written, e.g. 超500亿元
    qualifier: str | None = None  # 超, 近, 多, 约, 以上, 余 ...
    role: AmountRole | None = None
    evidence: Evidence | None = None


@dataclass
class EventMention:
    kind: EventKind
    name: str
    date: str | None = None
    place: str | None = None
    organiser: str | None = None
    counterparties: list[str] = field(default_factory=list)
    deals: int | None = None
    amount_cny: float | None = None
    evidence: Evidence | None = None


@dataclass
class FigureMention:
    kind: FigureKind
    indicator: str  # 工业投资, 签约项目, 产业规模 ...
    value: float | None
    unit: str | None  # 元, 个, %, ...
    growth_pct: float | None = None
    region: str | None = None
    period: str | None = None  # 2022, 2023-Q1, 2025 (target year)
    text: str = ""
    evidence: Evidence | None = None


@dataclass
class Extraction:
    """Everything extracted from one document."""

    published: date | None
    regions: list[RegionMention] = field(default_factory=list)
    companies: list[CompanyMention] = field(default_factory=list)
    projects: list[ProjectMention] = field(default_factory=list)
    amounts: list[AmountMention] = field(default_factory=list)
    events: list[EventMention] = field(default_factory=list)
    figures: list[FigureMention] = field(default_factory=list)
    chains: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["published"] = self.published.isoformat() if self.published else None
        return data
