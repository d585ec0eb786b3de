"""亩均 evaluation of pipeline records: land (亩), promised and realised output and tax per 亩,
investment intensity, realisation of promises and an A/B/C/D grade against a benchmark.

The rules (docs/indicators.md explains them for readers):

- a record is evaluated once it is signed (签约, 开工, 投产 or 达产); a record without land
  or with zero land is listed as 无法评价 with the reason and never divided by;
- realised figures count only once the record operates (投产/达产);
- investment is the record's investment plus its dated 增资 increments;
- group values are sums over sums (Σ tax / Σ 亩 of the records that have the figure),
  never a mean of per-record ratios; each record is counted once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy.orm import Session

from chainatlas.pipeline.access import Scope
from chainatlas.pipeline.listing import RecordFilter, list_records
from chainatlas.pipeline.models import PipelineRecord
from chainatlas.pipeline.records import PipelineError

WAN = 10_000
EVALUATED_STAGES = ("signed", "construction", "trial", "operating", "at_capacity")
OPERATING_STAGES = frozenset({"operating", "at_capacity"})
GRADES = ("A", "B", "C", "D")
GRADE_NAMES = {"A": "优先发展", "B": "鼓励提升", "C": "整治提升", "D": "倒逼转型"}
NO_LAND = "未填用地面积"
ZERO_LAND = "用地面积为0"
NO_REGION = "未填地区"
NO_TEAM = "未分配专班"


@dataclass(frozen=True)
class LandRules:
    """The parameters of the evaluation, with their documented defaults.

    ``benchmark_tax_per_mu`` is the 亩均税收 benchmark in 元/亩; a record's grade is A when
    its per-亩 tax reaches ``grade_shares[0]`` of it, B for ``[1]``, C for ``[2]``, D below.
    A record realising less than ``shortfall_ratio`` of a promise is on the shortfall list.
    """

    benchmark_tax_per_mu: float = 10 * WAN
    grade_shares: tuple[float, float, float] = (1.0, 0.6, 0.3)
    shortfall_ratio: float = 0.8

    def __post_init__(self) -> None:
        if not self.benchmark_tax_per_mu > 0:
            raise PipelineError(
                f"亩均 benchmark must be positive, got {self.benchmark_tax_per_mu} 元/亩"
            )
        a, b, c = self.grade_shares
        if not a > b > c > 0:
            raise PipelineError(f"grade shares must fall strictly above 0, got {self.grade_shares}")
        if not 0 < self.shortfall_ratio <= 1:
            raise PipelineError(f"shortfall ratio must be in (0, 1], got {self.shortfall_ratio}")

    def grade(self, tax_per_mu: float | None) -> str | None:
        """A/B/C/D of a per-亩 tax (元/亩), None when there is none."""
        if tax_per_mu is None:
            return None
        for grade, share in zip(GRADES, self.grade_shares, strict=False):
            if tax_per_mu >= share * self.benchmark_tax_per_mu:
                return grade
        return GRADES[-1]


def per_mu(amount: float | None, land_mu: float | None) -> float | None:
    """``amount`` (元) per 亩, None when either is missing or the land is not positive."""
    if amount is None or land_mu is None or land_mu <= 0:
        return None
    return amount / land_mu


def _ratio(realised: float | None, promised: float | None) -> float | None:
    if realised is None or promised is None or promised <= 0:
        return None
    return realised / promised


def stage_on(record: PipelineRecord, day: date | None) -> str:
    """The record's stage on ``day`` from its history (its current stage when day is None)."""
    if day is None:
        return record.stage
    reached = [change for change in record.changes if change.changed_on <= day]
    return reached[-1].to_stage if reached else ""


def _increments(record: PipelineRecord, day: date | None) -> float:
    return sum(
        amount.amount_cny
        for amount in record.amounts
        if amount.kind == "increase" and (day is None or amount.dated <= day)
    )


@dataclass(frozen=True)
class LandRow:
    """The 亩均 figures of one record; per-亩 values in 元/亩, ratios as shares (0.8 = 80%)."""

    record_id: int
    name: str
    region: str
    team: str
    stage: str
    land_mu: float | None
    investment_cny: float | None
    promised_output_cny: float | None
    promised_tax_cny: float | None
    realised_output_cny: float | None
    realised_tax_cny: float | None
    evaluable: bool
    reason: str  # why not evaluable ("" when it is)
    operating: bool
    investment_per_mu: float | None
    promised_output_per_mu: float | None
    promised_tax_per_mu: float | None
    realised_output_per_mu: float | None
    realised_tax_per_mu: float | None
    output_ratio: float | None
    tax_ratio: float | None
    promised_grade: str | None
    grade: str | None
    shortfall: bool


def evaluate_record(
    record: PipelineRecord, rules: LandRules | None = None, as_of: date | None = None
) -> LandRow:
    """The 亩均 row of one record (as of a day, or now)."""
    rules = rules or LandRules()
    stage = stage_on(record, as_of)
    operating = stage in OPERATING_STAGES
    land = record.land_mu
    reason = NO_LAND if land is None else ZERO_LAND if land <= 0 else ""
    evaluable = not reason
    increments = _increments(record, as_of)
    investment = (
        (record.investment_cny or 0.0) + increments
        if record.investment_cny is not None or increments
        else None
    )
    realised_output = record.realised_output_cny if operating else None
    realised_tax = record.realised_tax_cny if operating else None
    promised_tax_per_mu = per_mu(record.promised_tax_cny, land)
    realised_tax_per_mu = per_mu(realised_tax, land)
    output_ratio = _ratio(realised_output, record.promised_output_cny) if evaluable else None
    tax_ratio = _ratio(realised_tax, record.promised_tax_cny) if evaluable else None
    shortfall = any(
        ratio is not None and ratio < rules.shortfall_ratio for ratio in (output_ratio, tax_ratio)
    )
    return LandRow(
        record_id=record.id,
        name=record.name,
        region=record.region or NO_REGION,
        team=record.team.name if record.team else NO_TEAM,
        stage=stage,
        land_mu=land,
        investment_cny=investment,
        promised_output_cny=record.promised_output_cny,
        promised_tax_cny=record.promised_tax_cny,
        realised_output_cny=realised_output,
        realised_tax_cny=realised_tax,
        evaluable=evaluable,
        reason=reason,
        operating=operating,
        investment_per_mu=per_mu(investment, land),
        promised_output_per_mu=per_mu(record.promised_output_cny, land),
        promised_tax_per_mu=promised_tax_per_mu,
        realised_output_per_mu=per_mu(realised_output, land),
        realised_tax_per_mu=realised_tax_per_mu,
        output_ratio=output_ratio,
        tax_ratio=tax_ratio,
        promised_grade=rules.grade(promised_tax_per_mu),
        grade=rules.grade(realised_tax_per_mu),
        shortfall=shortfall,
    )


@dataclass(frozen=True)
class PerMu:
    """A group's per-亩 value as Σ amount / Σ 亩 over the ``records`` that have the amount."""

    amount_cny: float = 0.0
    land_mu: float = 0.0
    records: int = 0

    @property
    def value(self) -> float | None:
        return self.amount_cny / self.land_mu if self.land_mu > 0 else None

    def plus(self, amount: float | None, land_mu: float) -> PerMu:
        if amount is None:
            return self
        return PerMu(self.amount_cny + amount, self.land_mu + land_mu, self.records + 1)


@dataclass(frozen=True)
class Ratio:
    """A group's realisation: Σ realised / Σ promised over operating records having both."""

    realised_cny: float = 0.0
    promised_cny: float = 0.0
    records: int = 0

    @property
    def value(self) -> float | None:
        return self.realised_cny / self.promised_cny if self.promised_cny > 0 else None

    def plus(self, realised: float | None, promised: float | None) -> Ratio:
        if realised is None or promised is None or promised <= 0:
            return self
        return Ratio(self.realised_cny + realised, self.promised_cny + promised, self.records + 1)


@dataclass(frozen=True)
class LandGroup:
    """Totals of one county/zone or team over its evaluable records (each record once)."""

    key: str
    records: int = 0
    unevaluable: int = 0
    operating: int = 0
    land_mu: float = 0.0
    investment: PerMu = field(default_factory=PerMu)
    promised_output: PerMu = field(default_factory=PerMu)
    promised_tax: PerMu = field(default_factory=PerMu)
    realised_output: PerMu = field(default_factory=PerMu)
    realised_tax: PerMu = field(default_factory=PerMu)
    output_ratio: Ratio = field(default_factory=Ratio)
    tax_ratio: Ratio = field(default_factory=Ratio)
    shortfalls: int = 0
    grade: str | None = None


def _add(group: LandGroup, row: LandRow) -> LandGroup:
    if not row.evaluable or row.land_mu is None:
        return replace(group, unevaluable=group.unevaluable + 1)
    land = row.land_mu
    return LandGroup(
        key=group.key,
        records=group.records + 1,
        unevaluable=group.unevaluable,
        operating=group.operating + row.operating,
        land_mu=group.land_mu + land,
        investment=group.investment.plus(row.investment_cny, land),
        promised_output=group.promised_output.plus(row.promised_output_cny, land),
        promised_tax=group.promised_tax.plus(row.promised_tax_cny, land),
        realised_output=group.realised_output.plus(row.realised_output_cny, land),
        realised_tax=group.realised_tax.plus(row.realised_tax_cny, land),
        output_ratio=group.output_ratio.plus(row.realised_output_cny, row.promised_output_cny),
        tax_ratio=group.tax_ratio.plus(row.realised_tax_cny, row.promised_tax_cny),
        shortfalls=group.shortfalls + row.shortfall,
    )


def aggregate(
    rows: Iterable[LandRow], key: Callable[[LandRow], str], rules: LandRules | None = None
) -> list[LandGroup]:
    """Groups of ``rows`` by ``key`` (each row once), graded by their Σ tax / Σ 亩, by key."""
    rules = rules or LandRules()
    groups: dict[str, LandGroup] = {}
    for row in rows:
        name = key(row)
        groups[name] = _add(groups.get(name, LandGroup(key=name)), row)
    return [
        replace(group, grade=rules.grade(group.realised_tax.value))
        for _, group in sorted(groups.items())
    ]


@dataclass(frozen=True)
class LandReport:
    """The 亩均 evaluation of what one user may see."""

    rules: LandRules
    rows: list[LandRow]
    by_region: list[LandGroup]
    by_team: list[LandGroup]
    total: LandGroup

    @property
    def evaluable(self) -> list[LandRow]:
        return [row for row in self.rows if row.evaluable]

    @property
    def unevaluable(self) -> list[LandRow]:
        return [row for row in self.rows if not row.evaluable]

    @property
    def shortfalls(self) -> list[LandRow]:
        return [row for row in self.rows if row.shortfall]


def land_report(
    rows: list[LandRow], rules: LandRules | None = None, grade: str | None = None
) -> LandReport:
    """The report over ``rows``: aggregates cover all rows; ``grade`` narrows the row list."""
    rules = rules or LandRules()
    if grade is not None and grade not in GRADES:
        raise PipelineError(f"grade {grade!r} must be one of {', '.join(GRADES)}")
    total = aggregate(rows, lambda _row: "合计", rules)
    return LandReport(
        rules=rules,
        rows=[row for row in rows if grade is None or row.grade == grade],
        by_region=aggregate(rows, lambda row: row.region, rules),
        by_team=aggregate(rows, lambda row: row.team, rules),
        total=total[0] if total else LandGroup(key="合计"),
    )


def land_efficiency(
    session: Session,
    scope: Scope,
    rules: LandRules | None = None,
    filters: RecordFilter | None = None,
    grade: str | None = None,
) -> LandReport:
    """亩均 evaluation of the signed-or-later records ``scope`` may see that pass ``filters``.

    A team-scoped user sees only their teams' records, hence only their teams' and the
    counties/zones of those records in the aggregates."""
    rules = rules or LandRules()
    records = [
        record
        for record in list_records(session, scope, filters)
        if record.stage in EVALUATED_STAGES
    ]
    return land_report([evaluate_record(record, rules) for record in records], rules, grade)
