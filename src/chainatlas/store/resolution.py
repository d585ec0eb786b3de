"""Knowledge-base storage for resolution: loading facts by document or block,
replacing whole blocks of companies and projects, and user decisions.

Resolution (``chainatlas.resolve.engine``) is the only caller; reading for the
CLI and the web app is in ``chainatlas.store.knowledge``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, delete, func, insert, select, text, union, update
from sqlalchemy.orm import Session

from chainatlas.resolve.decisions import Decision
from chainatlas.resolve.figures import is_increase
from chainatlas.resolve.mentions import FactRow, owner_hints
from chainatlas.resolve.unit import ResolvedUnit
from chainatlas.store.models import (
    Company,
    CompanyAlias,
    CompanyMention,
    Document,
    Fact,
    Project,
    ProjectMention,
    ProjectTimelineEntry,
    ResolutionDecision,
)

RESOLVED_KINDS = ("project", "company")
_KB_ENTITIES = (
    Company,
    CompanyAlias,
    CompanyMention,
    Project,
    ProjectMention,
    ProjectTimelineEntry,
)
# Bound parameter lists: SQLite allows 32766 per statement, PostgreSQL 65535.
_CHUNK = 500


def _chunks(values: Iterable[Any]) -> Iterable[list[Any]]:
    items = sorted(values)
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


_FACT_COLUMNS = (
    Fact.id,
    Fact.document_id,
    Document.content_hash,
    Document.published,
    Fact.kind,
    Fact.name,
    Fact.sentence,
    Fact.data,
)


def _rows(session: Session, *conditions: Any) -> list[FactRow]:
    query = (
        select(*_FACT_COLUMNS)
        .join(Document, Document.id == Fact.document_id)
        .where(Fact.kind.in_(RESOLVED_KINDS), *conditions)
    )
    rows = [FactRow(*row) for row in session.execute(query)]
    ownerless = {r.document_id for r in rows if r.kind == "project" and not r.data.get("company")}
    companies: dict[int, set[str]] = {}
    for chunk in _chunks(ownerless):
        named = select(Fact.document_id, Fact.name).where(
            Fact.kind == "company", Fact.document_id.in_(chunk)
        )
        for doc_id, name in session.execute(named):
            companies.setdefault(doc_id, set()).add(name)
    return owner_hints(rows, companies)


def facts_of_documents(session: Session, document_ids: Iterable[int]) -> list[FactRow]:
    """The company and project facts of these documents."""
    found: list[FactRow] = []
    for chunk in _chunks(set(document_ids)):
        found.extend(_rows(session, Fact.document_id.in_(chunk)))
    return found


def all_facts(session: Session) -> list[FactRow]:
    return _rows(session)


def facts_in_blocks(
    session: Session, blocks: Iterable[str], exclude_documents: Iterable[int] = ()
) -> list[FactRow]:
    """Facts already resolved into these blocks (except those of ``exclude_documents``)."""
    excluded = set(exclude_documents)
    found: list[FactRow] = []
    for chunk in _chunks(set(blocks)):
        linked = union(
            select(ProjectMention.fact_id, ProjectMention.document_id).where(
                ProjectMention.block.in_(chunk)
            ),
            select(CompanyMention.fact_id, CompanyMention.document_id).where(
                CompanyMention.block.in_(chunk)
            ),
        ).subquery()
        # Matching the document too: a fact id freed by re-extraction may be reused.
        rows = _rows(
            session,
            Fact.id.in_(
                select(linked.c.fact_id)
                .join(
                    Fact,
                    and_(Fact.id == linked.c.fact_id, Fact.document_id == linked.c.document_id),
                )
                .scalar_subquery()
            ),
        )
        found.extend(r for r in rows if r.document_id not in excluded)
    return found


def blocks_of_documents(session: Session, document_ids: Iterable[int]) -> set[str]:
    """Blocks the documents' facts were resolved into last time."""
    found: set[str] = set()
    for chunk in _chunks(set(document_ids)):
        for table in (ProjectMention, CompanyMention):
            query = select(table.block).where(table.document_id.in_(chunk)).distinct()
            found.update(session.scalars(query))
    return found


def all_blocks(session: Session) -> set[str]:
    return set(session.scalars(select(Project.block).distinct())) | set(
        session.scalars(select(Company.block).distinct())
    )


def load_decisions(session: Session) -> list[ResolutionDecision]:
    return list(session.scalars(select(ResolutionDecision).order_by(ResolutionDecision.id)))


def as_decision(row: ResolutionDecision) -> Decision:
    return Decision(
        id=row.id,
        kind=row.kind,
        anchors=tuple((int(d), str(n)) for d, n in row.anchors),
        others=tuple((int(d), str(n)) for d, n in row.others),
    )


def add_decision(
    session: Session,
    kind: str,
    anchors: Sequence[tuple[int, str]],
    others: Sequence[tuple[int, str]],
    blocks: Iterable[str],
    user: str,
    reason: str,
) -> ResolutionDecision:
    decision = ResolutionDecision(
        kind=kind,
        anchors=[list(a) for a in anchors],
        others=[list(a) for a in others],
        blocks=sorted(set(blocks)),
        user=user,
        reason=reason,
        created_at=datetime.now().replace(microsecond=0),
    )
    session.add(decision)
    session.flush()
    return decision


def delete_decision(session: Session, decision_id: int) -> ResolutionDecision | None:
    found = session.get(ResolutionDecision, decision_id)
    if found is not None:
        session.delete(found)
        session.flush()
    return found


def project_anchors(session: Session, project_id: int) -> list[tuple[int, str]]:
    query = select(ProjectMention.document_id, ProjectMention.name).where(
        ProjectMention.project_id == project_id
    )
    return sorted((int(d), str(n)) for d, n in set(session.execute(query).all()))


def mention_of_fact(session: Session, fact_id: int) -> ProjectMention | None:
    return session.scalar(select(ProjectMention).where(ProjectMention.fact_id == fact_id))


def previous_ids(
    session: Session, blocks: Iterable[str]
) -> tuple[dict[tuple[int, str], int], dict[tuple[int, str], int]]:
    """Which project and company each (document, name) belonged to, to keep ids stable."""
    projects: dict[tuple[int, str], int] = {}
    companies: dict[tuple[int, str], int] = {}
    for chunk in _chunks(set(blocks)):
        query = select(ProjectMention.document_id, ProjectMention.name, ProjectMention.project_id)
        for doc, name, pid in session.execute(query.where(ProjectMention.block.in_(chunk))):
            projects.setdefault((doc, name), pid)
        query = select(CompanyMention.document_id, CompanyMention.name, CompanyMention.company_id)
        for doc, name, cid in session.execute(query.where(CompanyMention.block.in_(chunk))):
            companies.setdefault((doc, name), cid)
    return projects, companies


def delete_blocks(session: Session, blocks: Iterable[str]) -> None:
    """Remove every entity of these blocks with its links (the database cascades)."""
    for chunk in _chunks(set(blocks)):
        session.execute(delete(ProjectMention).where(ProjectMention.block.in_(chunk)))
        session.execute(delete(CompanyMention).where(CompanyMention.block.in_(chunk)))
        session.execute(delete(Project).where(Project.block.in_(chunk)))
        session.execute(delete(Company).where(Company.block.in_(chunk)))
    # Bulk deletes bypass the identity map: forget any entity loaded before.
    for entity in list(session.identity_map.values()):
        if isinstance(entity, _KB_ENTITIES):
            session.expunge(entity)


def _reuse(votes: list[list[int]]) -> list[int | None]:
    """Give each new entity the old id most of its mentions had, each old id once."""
    chosen: list[int | None] = [None] * len(votes)
    taken: set[int] = set()
    order = sorted(range(len(votes)), key=lambda i: -len(votes[i]))
    for i in order:
        counts = Counter(v for v in votes[i] if v not in taken)
        if counts:
            best = min(counts, key=lambda v: (-counts[v], v))
            chosen[i] = best
            taken.add(best)
    return chosen


def _insert(session: Session, model: Any, rows: list[dict[str, Any]]) -> None:
    """One executemany for all rows: without ``render_nulls`` the ORM splits rows by which
    values are None and inserts many of them one by one."""
    session.execute(insert(model).execution_options(render_nulls=True), rows)


def _allocate_ids(session: Session, model: Any, count: int, reused: int) -> list[int]:
    """Reserve ``count`` new primary keys, so rows can be inserted in one executemany
    without RETURNING (which SQLite can only order by inserting row by row)."""
    if count == 0:
        return []
    if session.get_bind().dialect.name == "postgresql":
        table = model.__tablename__
        statement = text(
            f"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) "
            "FROM generate_series(1, :count)"
        )
        return sorted(int(i) for i in session.scalars(statement, {"count": count}))
    # SQLite: this transaction already holds the write lock (blocks were deleted first).
    # Ids being reused were deleted a moment ago, so the table's maximum may be below them.
    highest = max(session.scalar(select(func.max(model.id))) or 0, reused)
    return list(range(highest + 1, highest + 1 + count))


def _insert_with_ids(session: Session, model: Any, rows: list[dict[str, Any]]) -> list[int]:
    """Insert rows, some with a reused id; return every row's id in order."""
    fresh = [i for i, r in enumerate(rows) if r.get("id") is None]
    reused = max((int(r["id"]) for r in rows if r.get("id") is not None), default=0)
    for i, new_id in zip(fresh, _allocate_ids(session, model, len(fresh), reused), strict=True):
        rows[i]["id"] = new_id
    if rows:
        _insert(session, model, rows)
    return [int(r["id"]) for r in rows]


def write_unit(
    session: Session,
    unit: ResolvedUnit,
    old_projects: dict[tuple[int, str], int],
    old_companies: dict[tuple[int, str], int],
) -> None:
    """Store a resolved unit (its blocks must have been deleted first)."""
    company_rows: list[dict[str, Any]] = []
    votes = [
        [old_companies[k] for m in c.members if (k := (m.document_id, m.name)) in old_companies]
        for _, c in unit.companies
    ]
    for (block, company), reused in zip(unit.companies, _reuse(votes), strict=True):
        company_rows.append(
            {
                "id": reused,
                "block": block,
                "name": company.name[:300],
                "key": company.key[:300],
                "region": company.region,
                "region_code": company.region_code,
                "mentions": len(company.members),
                "documents": len({m.document_id for m in company.members}),
            }
        )
    company_ids = _insert_with_ids(session, Company, company_rows)
    aliases: list[dict[str, Any]] = []
    company_links: list[dict[str, Any]] = []
    for (block, company), cid in zip(unit.companies, company_ids, strict=True):
        for alias, reason in sorted(company.reasons.items()):
            aliases.append({"company_id": cid, "alias": alias[:500], "reason": reason[:500]})
        for m in company.members:
            company_links.append(
                {"company_id": cid, "fact_id": m.fact_id, "document_id": m.document_id,
                 "block": block, "name": m.name[:500]}
            )  # fmt: skip
    if aliases:
        _insert(session, CompanyAlias, aliases)
    if company_links:
        _insert(session, CompanyMention, company_links)
    _write_projects(session, unit, company_ids, old_projects)


def _write_projects(
    session: Session,
    unit: ResolvedUnit,
    company_ids: list[int],
    old_projects: dict[tuple[int, str], int],
) -> None:
    votes = [
        [old_projects[k] for m in p.members if (k := m.anchor) in old_projects]
        for p in unit.projects
    ]
    rows: list[dict[str, Any]] = []
    for project, reused in zip(unit.projects, _reuse(votes), strict=True):
        rows.append(
            {
                "id": reused,
                "block": project.block,
                "name": project.name[:500],
                "key": project.key[:300],
                "company_id": company_ids[project.owner] if project.owner is not None else None,
                "parent_id": None,
                "phase": project.phase,
                "region": project.region[:100] if project.region else None,
                "region_code": project.region_code,
                "status": project.status,
                "status_warning": project.status_warning,
                "investment_cny": project.figures.shown_cny,
                "investment_conflict": project.figures.conflict,
                "counted_cny": project.counted.counted_cny,
                "counted_why": project.counted.why,
                "capacity": project.capacity[:200] if project.capacity else None,
                "chain": project.chain[:100] if project.chain else None,
                "node": project.node[:100] if project.node else None,
                "first_seen": project.first_seen,
                "last_seen": project.last_seen,
                "mentions": len(project.members),
                "documents": len({m.document_id for m in project.members}),
            }
        )
    ids = _insert_with_ids(session, Project, rows)
    parents = [
        {"id": pid, "parent_id": ids[project.parent]}
        for project, pid in zip(unit.projects, ids, strict=True)
        if project.parent is not None
    ]
    if parents:
        session.execute(update(Project), parents)
    links: list[dict[str, Any]] = []
    entries: list[dict[str, Any]] = []
    for project, pid in zip(unit.projects, ids, strict=True):
        for m in project.members:
            links.append(
                {
                    "project_id": pid,
                    "fact_id": m.fact_id,
                    "document_id": m.document_id,
                    "block": project.blocks[m.fact_id],
                    "name": m.name[:500],
                    "reason": project.reasons.get(m.fact_id, "")[:500],
                    "investment_cny": m.investment_cny,
                    "increase": is_increase(m),
                    "status": m.status,
                    "published": m.published,
                }
            )
        for e in project.entries:
            entries.append(
                {"project_id": pid, "stage": e.stage, "when": e.date, "dated_by": e.dated_by,
                 "planned": e.planned, "fact_id": e.fact.fact_id,
                 "document_id": e.fact.document_id, "published": e.fact.published}
            )  # fmt: skip
    if links:
        _insert(session, ProjectMention, links)
    if entries:
        _insert(session, ProjectTimelineEntry, entries)
