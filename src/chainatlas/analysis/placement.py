"""The knowledge base seen through one chain: every project mounted on the chain's
nodes, and every firm placed on nodes through its projects or, failing that, its name.

Projects carry ``chain``/``node`` from resolution (the ids the ``chains`` extraction
stage set). Companies have no chain field: a firm sits on the nodes of its projects on
the chain; a firm with none is mounted by its name (青阳县镁合金有限公司), which is
weaker evidence and is said so in reasons.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from chainatlas.chains import Chain, ChainMounter
from chainatlas.store.models import Company, CompanyMention, Fact, Project, ProjectMention

# Roles the extraction reads from 链主企业X / 龙头企业X (chainatlas.extract.companies).
LEADER_ROLES = ("chain_leader", "leading")


@dataclass(frozen=True)
class PlacedProject:
    """A resolved project on one node of the chain."""

    id: int
    name: str
    node_id: str
    company_id: int | None
    company: str | None
    region: str | None
    region_code: str | None
    status: str | None
    investment_cny: float | None
    counted_cny: float | None  # what it adds to totals under the counting rules
    first_seen: date | None
    last_seen: date | None
    sentence: str | None  # the earliest evidence sentence


@dataclass
class PlacedFirm:
    """A firm with the nodes of the chain it sits on and why."""

    id: int
    name: str
    region: str | None
    region_code: str | None
    node_ids: list[str] = field(default_factory=list)  # chain order
    project_ids: list[int] = field(default_factory=list)
    name_words: list[str] = field(default_factory=list)  # set when mounted by its name
    roles: list[str] = field(default_factory=list)


@dataclass
class ChainView:
    """Everything in the knowledge base placed on one chain."""

    chain: Chain
    projects: list[PlacedProject]
    firms: dict[int, PlacedFirm]
    unplaced: list[PlacedProject]  # on the chain, but on no node of it
    reference_date: date | None  # the latest report on the chain: "recent" is measured from it

    def node_order(self) -> dict[str, int]:
        return {node.id: i for i, node in enumerate(self.chain.nodes)}


def load_chain_view(session: Session, chain: Chain, mounter: ChainMounter) -> ChainView:
    """Read the chain's projects and place every firm of the knowledge base on it."""
    order = {node.id: i for i, node in enumerate(chain.nodes)}
    rows = session.execute(
        select(Project, Company.name)
        .outerjoin(Company, Company.id == Project.company_id)
        .where(Project.chain.in_({chain.id, chain.name}))
        .order_by(Project.id)
    ).all()
    sentences = _first_sentences(session, [project.id for project, _ in rows])
    projects: list[PlacedProject] = []
    unplaced: list[PlacedProject] = []
    for project, company in rows:
        placed = PlacedProject(
            id=project.id,
            name=project.name,
            node_id=project.node or "",
            company_id=project.company_id,
            company=company,
            region=project.region,
            region_code=project.region_code,
            status=project.status,
            investment_cny=project.investment_cny,
            counted_cny=project.counted_cny,
            first_seen=project.first_seen,
            last_seen=project.last_seen,
            sentence=sentences.get(project.id),
        )
        # Resolution picks chain and node by separate majorities, so a node may belong
        # to another chain; such a project is on the chain but on none of its nodes.
        (projects if placed.node_id in order else unplaced).append(placed)
    firms = _place_firms(session, chain, mounter, projects, order)
    seen = [d for p in projects + unplaced for d in (p.last_seen, p.first_seen) if d]
    return ChainView(chain, projects, firms, unplaced, max(seen) if seen else None)


def _first_sentences(session: Session, project_ids: list[int]) -> dict[int, str]:
    found: dict[int, str] = {}
    if not project_ids:
        return found
    rows = session.execute(
        select(ProjectMention.project_id, Fact.sentence)
        .join(Fact, Fact.id == ProjectMention.fact_id)
        .where(ProjectMention.project_id.in_(project_ids), Fact.sentence.is_not(None))
        .order_by(ProjectMention.published.nulls_last(), ProjectMention.fact_id)
    )
    for project_id, sentence in rows:
        if sentence:
            found.setdefault(project_id, sentence)
    return found


def _place_firms(
    session: Session,
    chain: Chain,
    mounter: ChainMounter,
    projects: list[PlacedProject],
    order: dict[str, int],
) -> dict[int, PlacedFirm]:
    by_company: dict[int, list[PlacedProject]] = defaultdict(list)
    for project in projects:
        if project.company_id is not None:
            by_company[project.company_id].append(project)
    firms: dict[int, PlacedFirm] = {}
    for company in session.scalars(select(Company).order_by(Company.id)):
        firm = PlacedFirm(company.id, company.name, company.region, company.region_code)
        owned = by_company.get(company.id)
        if owned:
            firm.project_ids = [p.id for p in owned]
            firm.node_ids = sorted({p.node_id for p in owned}, key=order.__getitem__)
        else:
            mounts = [m for m in mounter.mount(company.name) if m.chain_id == chain.id]
            if not mounts:
                continue
            firm.node_ids = sorted({m.node_id for m in mounts}, key=order.__getitem__)
            firm.name_words = sorted({w for m in mounts for w in m.matched})
        firms[company.id] = firm
    for company_id, role in _roles(session, list(firms)):
        if role not in firms[company_id].roles:
            firms[company_id].roles.append(role)
    return firms


def _roles(session: Session, company_ids: list[int]) -> list[tuple[int, str]]:
    """Stated chain roles (链主, 龙头) from the firms' company mentions."""
    if not company_ids:
        return []
    rows = session.execute(
        select(CompanyMention.company_id, Fact.data)
        .join(Fact, Fact.id == CompanyMention.fact_id)
        .where(CompanyMention.company_id.in_(company_ids), Fact.kind == "company")
        .order_by(CompanyMention.company_id, Fact.id)
    )
    found: list[tuple[int, str]] = []
    for company_id, data in rows:
        role = data.get("role") if isinstance(data, dict) else None
        if role in LEADER_ROLES:
            found.append((company_id, str(role)))
    return found
