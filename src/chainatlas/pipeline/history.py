"""A record's whole history as one dated timeline: stage changes (with who, note, evidence
and 核验), activities, amounts and attachments."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from chainatlas.accounts.models import User
from chainatlas.pipeline.attachments import AttachmentInfo, list_attachments
from chainatlas.pipeline.models import PipelineRecord, StageChange


@dataclass(frozen=True)
class Event:
    """One line of the timeline; ``kind`` is stage, activity, amount or attachment."""

    kind: str
    on: date
    order: int  # keeps same-day events in the order they were entered
    who: str = ""
    # stage changes
    from_stage: str | None = None
    to_stage: str | None = None
    change_id: int | None = None
    evidence_text: str = ""
    evidence_document_id: int | None = None
    verified_by: str = ""
    verified_on: date | None = None
    awaits_verification: bool = False
    # activities and amounts
    activity_kind: str = ""
    amount_kind: str = ""
    amount_cny: float | None = None
    note: str = ""
    attachments: tuple[AttachmentInfo, ...] = field(default_factory=tuple)


def awaiting_verification(change: StageChange) -> bool:
    return change.to_stage == "signed" and change.verified_on is None


def record_history(session: Session, record: PipelineRecord) -> list[Event]:
    """Every event of ``record``, oldest first; attachments of a stage change ride with it."""
    files = list_attachments(session, record.id)
    ids = {c.user_id for c in record.changes} | {c.verified_by_id for c in record.changes}
    ids |= {a.user_id for a in record.activities} | {f.user_id for f in files}
    rows = session.execute(select(User.id, User.username).where(User.id.in_([i for i in ids if i])))
    names: dict[int, str] = {user_id: username for user_id, username in rows}

    def who(user_id: int | None) -> str:
        return names.get(user_id, "") if user_id else ""

    by_change: dict[int, list[AttachmentInfo]] = {}
    for item in files:
        if item.stage_change_id is not None:
            by_change.setdefault(item.stage_change_id, []).append(item)
    events: list[Event] = []
    for change in record.changes:
        events.append(
            Event(
                kind="stage",
                on=change.changed_on,
                order=change.id,
                who=who(change.user_id),
                from_stage=change.from_stage,
                to_stage=change.to_stage,
                change_id=change.id,
                evidence_text=change.evidence_text,
                evidence_document_id=change.evidence_document_id,
                verified_by=who(change.verified_by_id),
                verified_on=change.verified_on,
                awaits_verification=awaiting_verification(change),
                note=change.note,
                attachments=tuple(by_change.get(change.id, ())),
            )
        )
    for activity in record.activities:
        events.append(
            Event(
                kind="activity",
                on=activity.happened_on,
                order=activity.id,
                who=who(activity.user_id),
                activity_kind=activity.kind,
                note=activity.notes,
            )
        )
    for amount in record.amounts:
        events.append(
            Event(
                kind="amount",
                on=amount.dated,
                order=amount.id,
                amount_kind=amount.kind,
                amount_cny=amount.amount_cny,
                note=amount.note,
            )
        )
    for item in files:
        if item.stage_change_id is None:
            events.append(
                Event(
                    kind="attachment",
                    on=item.created_at.date(),
                    order=item.id,
                    who=who(item.user_id),
                    attachments=(item,),
                )
            )
    rank = {"stage": 0, "activity": 1, "amount": 2, "attachment": 3}
    return sorted(events, key=lambda e: (e.on, rank[e.kind], e.order))


def unverified_signings(records: list[PipelineRecord]) -> list[tuple[PipelineRecord, StageChange]]:
    """Records whose latest signing still awaits 核验, with that signing."""
    found = []
    for record in records:
        signings = [c for c in record.changes if c.to_stage == "signed"]
        if signings and signings[-1].verified_on is None:
            found.append((record, signings[-1]))
    return found
