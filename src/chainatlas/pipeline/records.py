"""Creating and changing pipeline records: add, promote from the knowledge base, move
through stages, verify signings (核验), log activities and dated amounts, list overdue
follow-ups.

Functions take an open session and flush; the caller's transaction commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from chainatlas.accounts.models import User
from chainatlas.pipeline.models import (
    AMOUNT_KINDS,
    TEAM_KINDS,
    Activity,
    PipelineRecord,
    RecordAmount,
    StageChange,
    Team,
)
from chainatlas.pipeline.stages import StageError, check_transition, parse_stage
from chainatlas.store.models import Company, Document, Project

ACTIVITY_KINDS: dict[str, str] = {
    "visit": "走访",
    "call": "电话",
    "meeting": "会谈",
    "promotion": "推介会",
}
VERIFIER_ROLES = frozenset({"admin", "editor"})


class PipelineError(ValueError):
    """A pipeline request that names something missing or breaks a rule."""


def check_text(**fields: object) -> None:
    """PipelineError naming the first text field holding a NUL character: PostgreSQL cannot
    store one, and no person types one, so it is refused on every database alike."""
    for name, value in fields.items():
        if isinstance(value, str) and "\x00" in value:
            raise PipelineError(f"{name} contains a NUL character")


def ensure_team(session: Session, name: str, kind: str = "专班") -> Team:
    """The team of this name, created with ``kind`` (专班/小分队/部门) when new."""
    clean = name.strip()
    if not clean:
        raise PipelineError("team name is empty")
    check_text(team=clean)
    if kind not in TEAM_KINDS:
        raise PipelineError(f"team kind {kind!r} must be one of {', '.join(TEAM_KINDS)}")
    team = session.scalars(select(Team).where(Team.name == clean)).first()
    if team is None:
        team = Team(name=clean, kind=kind)
        session.add(team)
        session.flush()
    return team


def find_team(session: Session, name: str) -> Team:
    team = session.scalars(select(Team).where(Team.name == name.strip())).first()
    if team is None:
        raise PipelineError(f"no team named {name!r}")
    return team


def get_record(session: Session, record_id: int) -> PipelineRecord:
    record = session.get(PipelineRecord, record_id)
    if record is None:
        raise PipelineError(f"no pipeline record with id {record_id}")
    return record


def create_record(
    session: Session,
    name: str,
    *,
    user: User | None,
    on: date,
    company_name: str = "",
    region: str = "",
    chain: str | None = None,
    node: str | None = None,
    team: Team | None = None,
    owner: User | str | None = None,
    stage: str = "lead",
    investment_cny: float | None = None,
    land_mu: float | None = None,
    next_follow_up: date | None = None,
    project_id: int | None = None,
) -> PipelineRecord:
    """A new record at ``stage`` (a first StageChange row records who created it and when)."""
    if not name.strip():
        raise PipelineError("record name is empty")
    check_text(
        name=name, company_name=company_name, region=region, chain=chain, node=node, owner=owner
    )
    start = parse_stage(stage)
    if start not in ("lead", "negotiating"):
        # Later stages must be reached by moves so that the history holds their dates.
        raise StageError(f"a new record starts as lead or negotiating, not {start!r}")
    record = PipelineRecord(
        name=name.strip(),
        company_name=company_name.strip(),
        region=region.strip(),
        chain=chain,
        node=node,
        team=team,
        owner_user_id=owner.id if isinstance(owner, User) else None,
        owner_name=owner if isinstance(owner, str) else "",
        stage=start,
        stage_reason="",
        investment_cny=investment_cny,
        land_mu=land_mu,
        escalated=False,
        next_follow_up=next_follow_up,
        project_id=project_id,
        created_at=datetime.now().replace(microsecond=0),
    )
    record.changes.append(
        StageChange(
            from_stage=None,
            to_stage=start,
            changed_on=on,
            user_id=user.id if user else None,
            note="created",
            evidence_text="",
        )
    )
    session.add(record)
    session.flush()
    return record


def promote_project(
    session: Session, project_id: int, team: Team | None, user: User | None, on: date | None = None
) -> PipelineRecord:
    """A lead copied from a knowledge-base project, keeping the link to it.

    The knowledge-base project itself is left untouched: news intelligence and the
    team's own pipeline are linked, not mixed.
    """
    project = session.get(Project, project_id)
    if project is None:
        raise PipelineError(f"no knowledge-base project with id {project_id}")
    existing = promoted_record(session, project_id)
    if existing is not None:
        # One lead per knowledge-base project: promoting again leads to the record there is.
        return existing
    company = session.get(Company, project.company_id) if project.company_id else None
    return create_record(
        session,
        project.name,
        user=user,
        on=on or date.today(),
        company_name=company.name if company else "",
        region=project.region or "",
        chain=project.chain,
        node=project.node,
        team=team,
        owner=user,
        investment_cny=project.investment_cny,
        project_id=project.id,
    )


def promoted_record(session: Session, project_id: int) -> PipelineRecord | None:
    """The record already promoted from knowledge-base project ``project_id``, if any."""
    return session.scalars(
        select(PipelineRecord)
        .where(PipelineRecord.project_id == project_id)
        .order_by(PipelineRecord.id)
    ).first()


def promote_candidate(
    session: Session,
    company_id: int,
    *,
    chain: str | None,
    node: str | None,
    team: Team | None,
    user: User | None,
    region: str = "",
    node_name: str = "",
    on: date | None = None,
) -> PipelineRecord:
    """A lead to court a 补链 candidate firm for ``node`` of ``chain`` in ``region``.

    The record is named after the firm and the node it would fill (``node_name``, the
    node's label, else its id); the firm itself stays in the knowledge base untouched.
    """
    company = session.get(Company, company_id)
    if company is None:
        raise PipelineError(f"no knowledge-base company with id {company_id}")
    filled = node_name.strip() or node or ""
    return create_record(
        session,
        f"{company.name}（{filled}）" if filled else company.name,
        user=user,
        on=on or date.today(),
        company_name=company.name,
        region=region,
        chain=chain or None,
        node=node or None,
        team=team,
        owner=user,
    )


def move_stage(
    session: Session,
    record: PipelineRecord,
    to_stage: str,
    *,
    user: User | None,
    on: date,
    note: str = "",
    reason: str = "",
    evidence_document_id: int | None = None,
    evidence_text: str = "",
) -> StageChange:
    """Move ``record`` to ``to_stage`` if the transition table allows it; StageError if not."""
    check_text(note=note, reason=reason, evidence_text=evidence_text)
    target = parse_stage(to_stage)
    check_transition(record.stage, target, reason)
    if evidence_document_id is not None and session.get(Document, evidence_document_id) is None:
        raise PipelineError(
            f"record {record.id}: evidence document {evidence_document_id} is not in the "
            "knowledge base"
        )
    change = StageChange(
        from_stage=record.stage,
        to_stage=target,
        changed_on=on,
        user_id=user.id if user else None,
        note=(reason.strip() if not note.strip() else note.strip()),
        evidence_document_id=evidence_document_id,
        evidence_text=evidence_text.strip(),
    )
    record.changes.append(change)
    record.stage = target
    record.stage_reason = reason.strip()
    session.flush()
    return change


def latest_signing(record: PipelineRecord) -> StageChange | None:
    signings = [change for change in record.changes if change.to_stage == "signed"]
    return signings[-1] if signings else None


def verify_signing(session: Session, record: PipelineRecord, user: User, on: date) -> StageChange:
    """Mark the record's latest signing verified (核验) by ``user``, an admin or editor
    other than the person who recorded it."""
    signing = latest_signing(record)
    if signing is None:
        raise PipelineError(f"record {record.id} has no signing to verify")
    if user.role not in VERIFIER_ROLES:
        raise PipelineError(f"user {user.username!r} ({user.role}) may not verify signings")
    if signing.user_id is not None and signing.user_id == user.id:
        raise PipelineError(
            f"user {user.username!r} recorded the signing of record {record.id} "
            "and cannot also verify it"
        )
    if signing.verified_on is not None:
        raise PipelineError(f"the signing of record {record.id} is already verified")
    signing.verified_by_id = user.id
    signing.verified_on = on
    session.flush()
    return signing


def add_activity(
    session: Session,
    record: PipelineRecord,
    kind: str,
    on: date,
    notes: str = "",
    user: User | None = None,
    next_follow_up: date | None = None,
) -> Activity:
    """Log a visit/call/meeting/推介会; optionally set the next follow-up date."""
    check_text(notes=notes)
    if kind not in ACTIVITY_KINDS:
        raise PipelineError(f"activity kind {kind!r} must be one of {', '.join(ACTIVITY_KINDS)}")
    activity = Activity(kind=kind, happened_on=on, notes=notes, user_id=user.id if user else None)
    record.activities.append(activity)
    if next_follow_up is not None:
        record.next_follow_up = next_follow_up
    session.flush()
    return activity


def add_amount(
    session: Session, record: PipelineRecord, kind: str, on: date, amount_cny: float, note: str = ""
) -> RecordAmount:
    """A dated amount: ``funds`` in place (到位资金) or an ``increase`` (增资 increment)."""
    check_text(note=note)
    if kind not in AMOUNT_KINDS:
        raise PipelineError(f"amount kind {kind!r} must be one of {', '.join(AMOUNT_KINDS)}")
    if amount_cny <= 0:
        raise PipelineError(f"amount of record {record.id} must be positive, got {amount_cny}")
    amount = RecordAmount(kind=kind, dated=on, amount_cny=amount_cny, note=note)
    record.amounts.append(amount)
    session.flush()
    return amount


@dataclass(frozen=True)
class OverdueFollowUp:
    record_id: int
    name: str
    team: str
    due: date
    days_overdue: int


def overdue_follow_ups(session: Session, today: date) -> list[OverdueFollowUp]:
    """Records still being worked whose next follow-up date is before ``today``, oldest first."""
    rows = session.scalars(
        select(PipelineRecord)
        .where(PipelineRecord.next_follow_up < today)
        .where(PipelineRecord.stage.not_in(("terminated", "at_capacity")))
        .order_by(PipelineRecord.next_follow_up, PipelineRecord.id)
    )
    return [
        OverdueFollowUp(
            record_id=record.id,
            name=record.name,
            team=record.team.name if record.team else "",
            due=record.next_follow_up,
            days_overdue=(today - record.next_follow_up).days,
        )
        for record in rows
        if record.next_follow_up is not None
    ]


# Fields a user may change on a record directly; stage changes go through move_stage.
EDITABLE_FIELDS = frozenset(
    {
        "company_name",
        "region",
        "chain",
        "node",
        "owner_name",
        "investment_cny",
        "land_mu",
        "promised_output_cny",
        "promised_tax_cny",
        "realised_output_cny",
        "realised_tax_cny",
        "escalated",
        "next_follow_up",
        "remarks",
    }
)


def update_record(session: Session, record: PipelineRecord, **changes: object) -> PipelineRecord:
    """Set plain fields (亩, promised/realised output and tax, 提级跟进, follow-up …)."""
    unknown = sorted(set(changes) - EDITABLE_FIELDS)
    if unknown:
        raise PipelineError(f"record {record.id}: cannot edit {', '.join(unknown)} directly")
    check_text(**changes)
    for name, value in changes.items():
        amount = name.endswith(("_cny", "_mu")) and value is not None
        if amount and (not isinstance(value, int | float) or value < 0):
            raise PipelineError(f"record {record.id}: {name} must be a non-negative number")
        setattr(record, name, value)
    session.flush()
    return record


def set_owner(session: Session, record: PipelineRecord, owner: str) -> PipelineRecord:
    """Make ``owner`` responsible for ``record``: a username links the user, any other
    text is kept as a name (people outside the system), empty text clears it."""
    check_text(owner=owner)
    clean = owner.strip()
    user = session.scalars(select(User).where(User.username == clean)).first() if clean else None
    record.owner_user_id = user.id if user else None
    record.owner = user
    record.owner_name = "" if user else clean
    session.flush()
    return record
