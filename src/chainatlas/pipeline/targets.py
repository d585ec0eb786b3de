"""Annual targets: the indicators a team (or the whole region) is measured on, and
setting them.

A target with ``team`` None belongs to the region as a whole; ``chain`` None means all
chains. Setting the same (year, team, chain, indicator) again replaces the value.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from chainatlas.pipeline.models import Target, Team
from chainatlas.pipeline.records import PipelineError

YI = 100_000_000

INDICATORS: dict[str, str] = {
    "signed_cny": "签约金额",
    "funds_cny": "到位资金",
    "projects": "签约项目数",
    "projects_100m": "亿元以上项目数",
    "projects_1b": "10亿元以上项目数",
}
AMOUNT_INDICATORS = frozenset({"signed_cny", "funds_cny"})
# Minimum investment of a project counted by each count indicator.
COUNT_THRESHOLDS: dict[str, float] = {"projects": 0.0, "projects_100m": YI, "projects_1b": 10 * YI}


def set_target(
    session: Session,
    year: int,
    indicator: str,
    value: float,
    team: Team | None = None,
    chain: str | None = None,
) -> Target:
    """Create or replace one annual target."""
    if indicator not in INDICATORS:
        raise PipelineError(f"indicator {indicator!r} must be one of {', '.join(INDICATORS)}")
    if value <= 0:
        raise PipelineError(f"target {indicator} for {year} must be positive, got {value}")
    query = select(Target).where(Target.year == year, Target.indicator == indicator)
    query = query.where(Target.team_id == team.id if team else Target.team_id.is_(None))
    query = query.where(Target.chain == chain if chain else Target.chain.is_(None))
    target = session.scalars(query).first()
    if target is None:
        target = Target(year=year, indicator=indicator, team=team, chain=chain, value=value)
        session.add(target)
    else:
        target.value = value
    session.flush()
    return target


def list_targets(session: Session, year: int, team: Team | None = None) -> list[Target]:
    query = select(Target).where(Target.year == year)
    query = query.where(Target.team_id == team.id if team else Target.team_id.is_(None))
    return list(
        session.scalars(
            query.order_by(Target.chain.is_not(None), Target.chain, Target.indicator, Target.id)
        )
    )
