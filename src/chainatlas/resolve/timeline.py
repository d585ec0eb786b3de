"""A project's status timeline from all its mentions, its current status and
contradiction warnings.

Each mention contributes one entry per stage it dates (``data["dates"]``), and
one for its own status dated by the article's publication when the status has
no stated date. A stated date after the article was published is a plan
(计划2025年投产), shown in the timeline but not taken as evidence of progress.
The current status is the most advanced stage actually evidenced; a warning is
raised when a later report names an earlier stage than an earlier report did
(签约 reported after 投产).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from chainatlas.extract.model import STATUS_ORDER
from chainatlas.resolve.mentions import ProjectFact

STAGE_RANK: dict[str, int] = {stage: rank for rank, stage in enumerate(STATUS_ORDER)}
STAGE_LABELS = {
    "planned": "谋划",
    "negotiating": "洽谈",
    "signed": "签约",
    "construction": "开工",
    "trial": "试生产",
    "operating": "投产",
}


@dataclass(frozen=True)
class TimelineEntry:
    stage: str
    date: str | None  # ISO date or partial (2023-06, 2023)
    dated_by: str  # stated | published | undated
    planned: bool
    fact: ProjectFact

    @property
    def sort_key(self) -> tuple[str, int, str]:
        return (self.date or "9999", STAGE_RANK.get(self.stage, 0), self.fact.document_hash)


def _is_plan(stated: str, published: date | None) -> bool:
    """A stated date later than the article's publication (compared at the stated precision)."""
    if published is None:
        return False
    return stated > published.isoformat()[: len(stated)]


def entries_of(fact: ProjectFact) -> list[TimelineEntry]:
    found: list[TimelineEntry] = []
    for stage, stated in sorted(fact.dates.items(), key=lambda item: STAGE_RANK[item[0]]):
        found.append(TimelineEntry(stage, stated, "stated", _is_plan(stated, fact.published), fact))
    if fact.status in STAGE_RANK and fact.status not in fact.dates:
        published = fact.published.isoformat() if fact.published else None
        found.append(
            TimelineEntry(fact.status, published, "published" if published else "undated",
                          False, fact)
        )  # fmt: skip
    return found


def timeline(facts: list[ProjectFact]) -> list[TimelineEntry]:
    """Every entry of every mention, oldest first."""
    return sorted((e for f in facts for e in entries_of(f)), key=lambda e: e.sort_key)


def current_status(entries: list[TimelineEntry]) -> tuple[str | None, str | None]:
    """The most advanced evidenced stage, and a warning when reports contradict."""
    evidence = [e for e in entries if not e.planned]
    if not evidence:
        plans = [e for e in entries if e.planned]
        return ("planned" if plans else None), None
    status = max(evidence, key=lambda e: (STAGE_RANK.get(e.stage, 0), e.sort_key)).stage
    return status, _contradiction([e for e in evidence if e.date])


def _contradiction(dated: list[TimelineEntry]) -> str | None:
    """The first report of a stage earlier than one already reported on an earlier date."""
    furthest: TimelineEntry | None = None
    for entry in sorted(dated, key=lambda e: e.sort_key):
        if (
            furthest is not None
            and (entry.date or "") > (furthest.date or "")
            and STAGE_RANK[entry.stage] < STAGE_RANK[furthest.stage]
        ):
            return (
                f"{STAGE_LABELS[entry.stage]} {entry.stage} reported {entry.date} after "
                f"{STAGE_LABELS[furthest.stage]} {furthest.stage} on {furthest.date}"
            )
        if furthest is None or STAGE_RANK[entry.stage] > STAGE_RANK[furthest.stage]:
            furthest = entry
    return None
