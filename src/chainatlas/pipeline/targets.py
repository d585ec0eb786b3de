"""Annual targets: the indicators a team (or the whole region) is measured on, and
setting them.

A target with ``team`` None belongs to the region as a whole; ``chain`` None means all
chains. Setting the same (year, team, chain, indicator) again replaces the value.
"""

from __future__ import annotations

import math
import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from chainatlas.pipeline.access import AccessDenied, Scope
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
# Years a target may be set for: wide enough for any plan, narrow enough to catch typos.
YEARS = range(2000, 2101)

_AMOUNT = re.compile(r"^([0-9]+(?:\.[0-9]+)?)\s*(亿元|亿|万元|万|元)?$")
_COUNT = re.compile(r"^([0-9]+(?:\.[0-9]+)?)\s*(个|项)?$")
_UNITS = {"亿元": YI, "亿": YI, "万元": 10_000, "万": 10_000, "元": 1, None: 1}
# A unitless amount below this is almost surely 亿 or 万 with the unit left out.
_SMALLEST_UNITLESS = 10_000


def parse_target_value(indicator: str, text: str) -> float:
    """A target's value from what a user typed: ``50亿``/``5000万元`` (yuan) for amounts,
    a whole number (``12``, ``12个``) for counts; PipelineError naming the value if not."""
    if indicator not in INDICATORS:
        raise PipelineError(f"indicator {indicator!r} must be one of {', '.join(INDICATORS)}")
    clean = text.strip().replace(",", "").replace("，", "")
    label = INDICATORS[indicator]
    if indicator in AMOUNT_INDICATORS:
        match = _AMOUNT.match(clean)
        if match is None:
            raise PipelineError(f"{label}: {text!r} is not an amount such as 50亿 or 5000万")
        number, unit = float(match.group(1)), match.group(2)
        if unit is None and 0 < number < _SMALLEST_UNITLESS:
            raise PipelineError(f"{label}: {text!r} has no unit; write 亿 or 万, e.g. {text}亿")
        value = number * _UNITS[unit]
    else:
        match = _COUNT.match(clean)
        if match is None or not float(match.group(1)).is_integer():
            raise PipelineError(f"{label}: {text!r} is not a whole number of projects")
        value = float(match.group(1))
    if not math.isfinite(value) or value <= 0:
        raise PipelineError(f"{label}: {text!r} must be positive")
    return value


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
    if year not in YEARS:
        raise PipelineError(f"target year {year} is outside {YEARS.start}–{YEARS.stop - 1}")
    if not math.isfinite(value) or value <= 0:
        raise PipelineError(f"target {indicator} for {year} must be positive, got {value}")
    if indicator not in AMOUNT_INDICATORS and not float(value).is_integer():
        raise PipelineError(f"target {indicator} for {year} counts projects: {value} is not whole")
    chain = chain.strip() if chain else None
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
    """The targets of ``year`` of the region (``team`` None) or of one team."""
    query = select(Target).where(Target.year == year)
    query = query.where(Target.team_id == team.id if team else Target.team_id.is_(None))
    found = session.scalars(query.order_by(Target.id))
    # Region-wide (all chains) first, then by chain; within each, in the order of INDICATORS.
    order = list(INDICATORS)
    return sorted(
        found, key=lambda t: (t.chain is not None, t.chain or "", order.index(t.indicator))
    )


def get_target(session: Session, target_id: int) -> Target:
    target = session.get(Target, target_id)
    if target is None:
        raise PipelineError(f"no target with id {target_id}")
    return target


def delete_target(session: Session, target_id: int) -> Target:
    """Remove one target; PipelineError when there is none with this id."""
    target = get_target(session, target_id)
    session.delete(target)
    session.flush()
    return target


def team_for(session: Session, scope: Scope, team_id: int | None) -> Team | None:
    """The team ``team_id`` names (None: the region as a whole) if ``scope`` may see it."""
    if team_id is None:
        return None
    # Beyond 64 bits the database driver would overflow rather than find nothing.
    team = session.get(Team, team_id) if 0 < team_id < 2**63 else None
    if team is None:
        raise PipelineError(f"no team with id {team_id}")
    if not scope.sees_team(team.id):
        raise AccessDenied(f"user {scope.username!r} may not see the targets of team {team.name!r}")
    return team
