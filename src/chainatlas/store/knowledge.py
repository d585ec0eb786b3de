"""Reading the knowledge base: projects, companies, timelines, evidence and totals.

The Python API behind ``chainatlas projects|project|companies|company``, ready
for a web app: each function takes a session and returns plain dataclasses.
Resolution writes these tables through ``chainatlas.store.resolution``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from chainatlas.resolve.counting import CountableProject, Total, total
from chainatlas.resolve.places import code_ranges
from chainatlas.store.models import (
    Company,
    CompanyAlias,
    CompanyMention,
    Document,
    Fact,
    Project,
)


@dataclass
class ProjectQuery:
    """Filters of a project list; every field is optional."""

    region: str | None = None  # a region name at any level: 安徽 includes 池州市's projects
    chain: str | None = None  # chain id, name or alias
    status: str | None = None
    since: date | None = None  # evidence on or after this day
    company_id: int | None = None
    limit: int | None = None
    offset: int = 0


@dataclass
class ProjectSummary:
    id: int
    name: str
    company_id: int | None
    company: str | None
    region: str | None
    region_code: str | None
    phase: int | None
    parent_id: int | None
    status: str | None
    status_warning: str | None
    investment_cny: float | None
    investment_conflict: bool
    counted_cny: float | None
    capacity: str | None
    chain: str | None
    node: str | None
    first_seen: date | None
    last_seen: date | None
    mentions: int
    documents: int


@dataclass
class TimelineItem:
    stage: str
    when: str | None
    dated_by: str
    planned: bool
    document_id: int
    document: str
    published: date | None


@dataclass
class EvidenceItem:
    """One mention of a project with its sentence and source document."""

    fact_id: int
    name: str
    reason: str
    sentence: str | None
    investment_cny: float | None
    increase: bool
    status: str | None
    document_id: int
    document: str
    title: str | None
    source: str | None
    url: str | None
    published: date | None


@dataclass
class ProjectRecord:
    project: ProjectSummary
    counted_why: str
    timeline: list[TimelineItem]
    evidence: list[EvidenceItem]
    parent: ProjectSummary | None
    phases: list[ProjectSummary]


def project_summary(project: Project, company: str | None) -> ProjectSummary:
    return ProjectSummary(
        id=project.id,
        name=project.name,
        company_id=project.company_id,
        company=company,
        region=project.region,
        region_code=project.region_code,
        phase=project.phase,
        parent_id=project.parent_id,
        status=project.status,
        status_warning=project.status_warning,
        investment_cny=project.investment_cny,
        investment_conflict=project.investment_conflict,
        counted_cny=project.counted_cny,
        capacity=project.capacity,
        chain=project.chain,
        node=project.node,
        first_seen=project.first_seen,
        last_seen=project.last_seen,
        mentions=project.mentions,
        documents=project.documents,
    )


def _region_condition(region: str) -> Any:
    """A region at any level: its own name, or any code inside the divisions it names."""
    alternatives = [Project.region == region]
    for low, high in code_ranges(region):
        alternatives.append(and_(Project.region_code >= low, Project.region_code < high))
    if len(alternatives) == 1:
        alternatives.append(Project.region.contains(region, autoescape=True))
    return or_(*alternatives)


def _chain_ids(chain: str) -> set[str]:
    """A chain given by id, Chinese name or alias (新能源电池 → new-energy-battery)."""
    from chainatlas.chains.library import load_library

    try:
        return {chain, load_library().get(chain).id}
    except KeyError:
        return {chain}


def project_select(query: ProjectQuery) -> Any:
    statement = select(Project, Company.name).outerjoin(Company, Company.id == Project.company_id)
    if query.region:
        statement = statement.where(_region_condition(query.region))
    if query.chain:
        statement = statement.where(Project.chain.in_(_chain_ids(query.chain)))
    if query.status:
        statement = statement.where(Project.status == query.status)
    if query.since:
        statement = statement.where(Project.last_seen >= query.since)
    if query.company_id is not None:
        statement = statement.where(Project.company_id == query.company_id)
    return statement


def list_projects(session: Session, query: ProjectQuery | None = None) -> list[ProjectSummary]:
    """Projects matching ``query``, most recently reported first."""
    query = query or ProjectQuery()
    statement = project_select(query).order_by(Project.last_seen.desc().nulls_last(), Project.id)
    if query.limit is not None:
        statement = statement.limit(query.limit)
    statement = statement.offset(query.offset)
    return [project_summary(p, c) for p, c in session.execute(statement)]


def project_total(session: Session, query: ProjectQuery | None = None) -> Total:
    """The total of the matching projects under the counting rules, with what it counted."""
    rows = session.execute(project_select(query or ProjectQuery()))
    return total(CountableProject(p.id, p.name, p.counted_cny, p.counted_why) for p, _ in rows)


def get_project(session: Session, project_id: int) -> ProjectRecord | None:
    """One project with its timeline, every evidence sentence and its phases."""
    project = session.get(Project, project_id)
    if project is None:
        return None
    company = project.company.name if project.company else None
    docs = {
        d.id: d
        for d in session.scalars(
            select(Document).where(Document.id.in_({m.document_id for m in project.links}))
        )
    }
    sentences = dict(
        session.execute(
            select(Fact.id, Fact.sentence).where(Fact.id.in_({m.fact_id for m in project.links}))
        ).all()
    )
    evidence = [
        EvidenceItem(
            fact_id=m.fact_id,
            name=m.name,
            reason=m.reason,
            sentence=sentences.get(m.fact_id),
            investment_cny=m.investment_cny,
            increase=m.increase,
            status=m.status,
            document_id=m.document_id,
            document=docs[m.document_id].name,
            title=docs[m.document_id].title,
            source=docs[m.document_id].source,
            url=docs[m.document_id].url,
            published=m.published,
        )
        for m in sorted(project.links, key=lambda m: (m.published or date.min, m.fact_id))
    ]
    timeline = [
        TimelineItem(e.stage, e.when, e.dated_by, e.planned, e.document_id,
                     docs[e.document_id].name if e.document_id in docs else "", e.published)
        for e in sorted(project.timeline, key=lambda e: (e.when or "9999", e.id))
    ]  # fmt: skip
    parent = session.get(Project, project.parent_id) if project.parent_id else None
    phases = list_phases(session, project.id)
    return ProjectRecord(
        project=project_summary(project, company),
        counted_why=project.counted_why,
        timeline=timeline,
        evidence=evidence,
        parent=project_summary(parent, company) if parent else None,
        phases=phases,
    )


def list_phases(session: Session, project_id: int) -> list[ProjectSummary]:
    statement = project_select(ProjectQuery()).where(Project.parent_id == project_id)
    return [project_summary(p, c) for p, c in session.execute(statement.order_by(Project.phase))]


@dataclass
class CompanySummary:
    id: int
    name: str
    region: str | None
    region_code: str | None
    aliases: list[str]
    projects: int
    mentions: int
    documents: int


@dataclass
class CompanyRecord:
    company: CompanySummary
    alias_reasons: dict[str, str]
    projects: list[ProjectSummary]
    documents: list[tuple[int, str, date | None]]  # id, name, published


def list_companies(
    session: Session, name: str | None = None, region: str | None = None, limit: int = 100
) -> list[CompanySummary]:
    """Companies whose name or an alias contains ``name``, in ``region`` (any level)."""
    statement = select(Company)
    if name:
        statement = statement.where(
            Company.id.in_(
                select(CompanyAlias.company_id).where(
                    CompanyAlias.alias.contains(name, autoescape=True)
                )
            )
        )
    if region:
        ranges = [
            and_(Company.region_code >= low, Company.region_code < high)
            for low, high in code_ranges(region)
        ]
        statement = statement.where(or_(Company.region == region, *ranges))
    companies = list(
        session.scalars(statement.order_by(Company.documents.desc(), Company.id).limit(limit))
    )
    counts = dict(
        session.execute(
            select(Project.company_id, func.count())
            .where(Project.company_id.in_([c.id for c in companies]))
            .group_by(Project.company_id)
        ).all()
    )
    return [_company_summary(c, counts.get(c.id, 0)) for c in companies]


def _company_summary(company: Company, projects: int) -> CompanySummary:
    return CompanySummary(
        id=company.id,
        name=company.name,
        region=company.region,
        region_code=company.region_code,
        aliases=[a.alias for a in company.aliases if a.alias != company.name],
        projects=projects,
        mentions=company.mentions,
        documents=company.documents,
    )


def get_company(session: Session, company_id: int) -> CompanyRecord | None:
    """One company with its aliases (and why each was linked), projects and sources."""
    company = session.get(Company, company_id)
    if company is None:
        return None
    projects = list_projects(session, ProjectQuery(company_id=company_id))
    documents = session.execute(
        select(Document.id, Document.name, Document.published)
        .where(
            Document.id.in_(
                select(CompanyMention.document_id).where(CompanyMention.company_id == company_id)
            )
        )
        .order_by(Document.published, Document.id)
    ).all()
    return CompanyRecord(
        company=_company_summary(company, len(projects)),
        alias_reasons={a.alias: a.reason for a in company.aliases},
        projects=projects,
        documents=list(documents),
    )
