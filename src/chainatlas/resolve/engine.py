"""Running resolution against the database: after a document's facts are stored,
on demand for everything, and when a person merges or splits projects.

Resolution works block by block (see ``names.block_of``): the blocks a document
touches — now and before its re-extraction — are deleted and rebuilt from all
their facts, so the outcome never depends on the order documents came in.
Blocks joined by a user decision are always rebuilt together.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from chainatlas.resolve.linking import UnionFind
from chainatlas.resolve.mentions import FactRow, block_of_fact
from chainatlas.resolve.unit import ResolvedUnit, resolve_unit
from chainatlas.store import resolution as kb
from chainatlas.store.models import Project, ResolutionDecision


class ResolutionError(ValueError):
    """A merge or split that cannot be done, with the reason."""


@dataclass
class ResolveReport:
    blocks: int = 0
    companies: int = 0
    projects: int = 0

    def add(self, other: ResolveReport) -> None:
        self.blocks += other.blocks
        self.companies += other.companies
        self.projects += other.projects


def resolve_document(session: Session, document_id: int) -> ResolveReport:
    """Bring the knowledge base up to date with one document's (new or re-extracted) facts."""
    return resolve_documents(session, [document_id])


def resolve_documents(session: Session, document_ids: Iterable[int]) -> ResolveReport:
    """The same for a batch of documents, in one pass over the blocks they touch."""
    ids = set(document_ids)
    fresh = kb.facts_of_documents(session, ids)
    blocks = kb.blocks_of_documents(session, ids)
    blocks.update(b for b in map(block_of_fact, fresh) if b is not None)
    return _resolve_blocks(session, blocks, fresh, ids)


def rebuild(session: Session) -> ResolveReport:
    """Resolve every fact again from scratch (user decisions are re-applied)."""
    rows = kb.all_facts(session)
    blocks = kb.all_blocks(session)
    blocks.update(b for b in map(block_of_fact, rows) if b is not None)
    return _resolve_blocks(session, blocks, rows, None)


def _resolve_blocks(
    session: Session, blocks: set[str], known: list[FactRow], documents: set[int] | None
) -> ResolveReport:
    """Rebuild ``blocks``; ``known`` rows are current, ``documents`` None means all are known."""
    decisions = kb.load_decisions(session)
    units = _units(blocks, decisions)
    every_block = {b for unit in units for b in unit}
    rows = list(known)
    if documents is not None:
        rows.extend(kb.facts_in_blocks(session, every_block, documents))
    by_block: dict[str, dict[int, FactRow]] = {}
    for row in rows:
        block = block_of_fact(row)
        if block in every_block:
            by_block.setdefault(block, {})[row.fact_id] = row
    old_projects, old_companies = kb.previous_ids(session, every_block)
    kb.delete_blocks(session, every_block)
    report = ResolveReport(blocks=len(every_block))
    as_decisions = [kb.as_decision(d) for d in decisions]
    combined = ResolvedUnit()
    for unit_blocks in units:
        unit_rows = [r for b in sorted(unit_blocks) for r in by_block.get(b, {}).values()]
        if not unit_rows:
            continue
        relevant = [
            d for d, row in zip(as_decisions, decisions, strict=True)
            if unit_blocks.intersection(row.blocks)
        ]  # fmt: skip
        combined.extend(resolve_unit(unit_rows, relevant))
    kb.write_unit(session, combined, old_projects, old_companies)
    report.companies = len(combined.companies)
    report.projects = len(combined.projects)
    session.flush()
    return report


def _units(blocks: set[str], decisions: list[ResolutionDecision]) -> list[set[str]]:
    """Group blocks that user decisions tie together (closing over the decisions)."""
    involved = set(blocks)
    changed = True
    while changed:
        changed = False
        for decision in decisions:
            if involved.intersection(decision.blocks) and not involved.issuperset(decision.blocks):
                involved.update(decision.blocks)
                changed = True
    ordered = sorted(involved)
    index = {b: i for i, b in enumerate(ordered)}
    sets = UnionFind(len(ordered))
    for decision in decisions:
        tied = [index[b] for b in decision.blocks if b in index]
        for other in tied[1:]:
            sets.union(tied[0], other)
    return [{ordered[i] for i in group} for group in sets.groups()]


def _project(session: Session, project_id: int) -> Project:
    project = session.get(Project, project_id)
    if project is None:
        raise ResolutionError(f"no project with id {project_id}")
    return project


def merge_projects(
    session: Session, first_id: int, second_id: int, user: str = "", reason: str = ""
) -> ResolutionDecision:
    """Record that two projects are one, and resolve their blocks again."""
    if first_id == second_id:
        raise ResolutionError(f"cannot merge project {first_id} with itself")
    first, second = _project(session, first_id), _project(session, second_id)
    anchors = kb.project_anchors(session, first.id)
    others = kb.project_anchors(session, second.id)
    blocks = {m.block for m in first.links} | {m.block for m in second.links}
    decision = kb.add_decision(session, "merge", anchors, others, blocks, user, reason)
    _resolve_blocks(session, blocks, [], set())
    return decision


def split_project(
    session: Session, project_id: int, fact_ids: Iterable[int], user: str = "", reason: str = ""
) -> ResolutionDecision:
    """Record that some mentions are a different project, and resolve the block again."""
    project = _project(session, project_id)
    wanted = set(fact_ids)
    taken = [m for m in project.links if m.fact_id in wanted]
    missing = wanted - {m.fact_id for m in taken}
    if missing:
        raise ResolutionError(
            f"project {project_id} has no mention with fact id {', '.join(map(str, sorted(missing)))}"  # noqa: E501
        )
    if not taken or len(taken) == len(project.links):
        raise ResolutionError(f"split needs some but not all mentions of project {project_id}")
    anchors = sorted({(m.document_id, m.name) for m in taken})
    blocks = {m.block for m in project.links}
    decision = kb.add_decision(session, "split", anchors, [], blocks, user, reason)
    _resolve_blocks(session, blocks, [], set())
    return decision


def undo_decision(session: Session, decision_id: int) -> ResolutionDecision:
    """Forget a merge or split and resolve its blocks again without it."""
    removed = kb.delete_decision(session, decision_id)
    if removed is None:
        raise ResolutionError(f"no decision with id {decision_id}")
    _resolve_blocks(session, set(removed.blocks), [], set())
    return removed
