"""Resolving one unit — a set of blocks tied together by user decisions — from its
facts to companies and projects, as plain data; no database here.

The result is a pure function of the facts (their content, not their ids or the
order they arrive in) and the decisions, which makes resolution idempotent and
independent of ingestion order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from chainatlas.resolve.companies import ResolvedCompany, cluster_companies
from chainatlas.resolve.counting import CountedAmount, counted_amount, without_phases
from chainatlas.resolve.decisions import Decision, apply_decisions
from chainatlas.resolve.figures import InvestmentFigures, investment_figures
from chainatlas.resolve.mentions import (
    CompanyFact,
    FactRow,
    ProjectFact,
    block_of_fact,
    company_facts,
    project_fact,
)
from chainatlas.resolve.places import name_of_code, specificity
from chainatlas.resolve.projects import NO_OWNER, ProjectNode, group_phase, group_projects, parents
from chainatlas.resolve.timeline import TimelineEntry, current_status, timeline


@dataclass
class ResolvedProject:
    """One project with everything resolution concluded about it."""

    block: str
    name: str
    key: str
    phase: int | None
    owner: int | None  # index into ResolvedUnit.companies
    parent: int | None  # index into ResolvedUnit.projects
    region: str | None
    region_code: str | None
    capacity: str | None
    chain: str | None
    node: str | None
    members: list[ProjectFact]
    reasons: dict[int, str]  # fact id → why the mention is part of this project
    blocks: dict[int, str]  # fact id → the block of the fact
    entries: list[TimelineEntry]
    status: str | None
    status_warning: str | None
    figures: InvestmentFigures
    counted: CountedAmount

    @property
    def first_seen(self) -> date | None:
        return min((m.published for m in self.members if m.published), default=None)

    @property
    def last_seen(self) -> date | None:
        return max((m.published for m in self.members if m.published), default=None)


@dataclass
class ResolvedUnit:
    companies: list[tuple[str, ResolvedCompany]] = field(default_factory=list)  # (block, company)
    projects: list[ResolvedProject] = field(default_factory=list)

    def extend(self, other: ResolvedUnit) -> None:
        """Append another unit's entities, shifting its company and project indices."""
        companies, projects = len(self.companies), len(self.projects)
        self.companies.extend(other.companies)
        for project in other.projects:
            if project.owner is not None:
                project.owner += companies
            if project.parent is not None:
                project.parent += projects
            self.projects.append(project)


def resolve_unit(rows: Sequence[FactRow], decisions: Sequence[Decision]) -> ResolvedUnit:
    """Companies and projects of the blocks ``rows`` belong to."""
    by_block: dict[str, list[FactRow]] = {}
    for row in rows:
        block = block_of_fact(row)
        if block is not None:
            by_block.setdefault(block, []).append(row)
    unit = ResolvedUnit()
    facts: list[ProjectFact] = []
    nodes: list[ProjectNode] = []
    reasons: list[str] = []
    groups: list[list[int]] = []
    blocks_of_fact: list[str] = []
    for block in sorted(by_block):
        block_rows = by_block[block]
        companies, company_of_fact = cluster_companies(_company_facts(block_rows))
        offset = len(unit.companies)
        projects = sorted(
            (project_fact(r) for r in block_rows if r.kind == "project"), key=_canonical
        )
        grouping = group_projects(projects, companies, company_of_fact)
        remap = _follow_owners(companies, company_of_fact, projects, grouping.owners)
        companies = [c for c in companies if c.members]
        start = len(facts)
        facts.extend(projects)
        blocks_of_fact.extend(block for _ in projects)
        unit.companies.extend((block, c) for c in companies)
        nodes.extend(
            replace(n, owner=remap[n.owner] + offset) if n.owner != NO_OWNER else n
            for n in grouping.nodes
        )
        reasons.extend(grouping.reasons)
        groups.extend([start + i for i in group] for group in grouping.groups)
    groups = apply_decisions(groups, facts, reasons, decisions)
    parent_of = parents(groups, nodes)
    for g, group in enumerate(groups):
        unit.projects.append(
            _project(
                [facts[i] for i in group],
                [nodes[i] for i in group],
                {facts[i].fact_id: reasons[i] for i in group},
                {facts[i].fact_id: blocks_of_fact[i] for i in group},
                parent_of[g],
            )
        )
    for parent, phases in _phases_by_parent(unit.projects).items():
        whole = unit.projects[parent]
        whole.counted = without_phases(whole.counted, [unit.projects[p].counted for p in phases])
    return unit


def _phases_by_parent(projects: list[ResolvedProject]) -> dict[int, list[int]]:
    found: dict[int, list[int]] = {}
    for index, project in enumerate(projects):
        if project.parent is not None:
            found.setdefault(project.parent, []).append(index)
    return found


def _follow_owners(
    companies: list[ResolvedCompany],
    company_of_fact: dict[int, int],
    projects: list[ProjectFact],
    owners: list[int],
) -> dict[int, int]:
    """Move a project's owner mention to the firm project evidence chose for it; returns
    the new index of every company once emptied ones are dropped."""
    for fact, owner in zip(projects, owners, strict=True):
        stated = company_of_fact.get(fact.fact_id)
        if stated is None or owner in (NO_OWNER, stated):
            continue
        source, target = companies[stated], companies[owner]
        # The same name in the same article is the same firm: its company mention follows.
        moved = [
            m
            for m in source.members
            if (m.fact_id == fact.fact_id and m.from_project)
            or (m.document_id == fact.document_id and m.name == fact.company)
        ]
        source.members = [m for m in source.members if m not in moved]
        target.members.extend(moved)
        for m in moved:
            target.reasons.setdefault(m.name, f"{m.name} owns a project of this firm")
            if all(other.name != m.name for other in source.members):
                source.reasons.pop(m.name, None)
    kept = [i for i, c in enumerate(companies) if c.members]
    return {old: new for new, old in enumerate(kept)}


def _canonical(fact: ProjectFact) -> tuple[str, str, str, int]:
    return (fact.document_hash, fact.name, fact.published.isoformat() if fact.published else "",
            fact.fact_id)  # fmt: skip


def _company_facts(rows: list[FactRow]) -> list[CompanyFact]:
    return [c for row in rows for c in company_facts(row)]


def _most_common(values: list[str | None]) -> str | None:
    counts = Counter(v for v in values if v)
    if not counts:
        return None
    return min(counts, key=lambda v: (-counts[v], -len(v), v))


def _project(
    members: list[ProjectFact],
    member_nodes: list[ProjectNode],
    reasons: dict[int, str],
    blocks: dict[int, str],
    parent: int | None,
) -> ResolvedProject:
    names = Counter(m.name for m in members)
    name = min(names, key=lambda n: (-names[n], -len(n), n))
    owners = Counter(n.owner for n in member_nodes if n.owner != NO_OWNER)
    owner = min(owners, key=lambda o: (-owners[o], o)) if owners else None
    codes = [n.region_code for n in member_nodes if n.region_code]
    code = max(codes, key=lambda c: (specificity(c), codes.count(c), c)) if codes else None
    region = (name_of_code(code) if code else None) or _most_common([m.region for m in members])
    entries = timeline(members)
    status, warning = current_status(entries)
    if status is None:
        status = _most_common([m.status for m in members])
    figures = investment_figures(members)
    phase = group_phase(member_nodes)
    key = min((n.key for n in member_nodes if n.phase == phase), key=lambda k: (-len(k), k))
    return ResolvedProject(
        block=min(blocks.values()),
        name=name,
        key=key,
        phase=phase or None,
        owner=owner,
        parent=parent,
        region=region,
        region_code=code,
        capacity=_most_common([n.capacity for n in member_nodes]),
        chain=_most_common([m.chain for m in members]),
        node=_most_common([m.node for m in members]),
        members=sorted(members, key=lambda m: m.order_key),
        reasons=reasons,
        blocks=blocks,
        entries=entries,
        status=status,
        status_warning=warning,
        figures=figures,
        counted=counted_amount(figures),
    )
