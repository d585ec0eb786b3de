"""SQLAlchemy models of the team's own investment pipeline (项目库): records, stage history,
activities, funds in place, 增资 increments, teams and their members, annual targets,
evidence attachments and spreadsheet imports.

These tables are the team's own work and stay apart from the news-derived knowledge
base: a record may *link* to a knowledge-base ``Project`` but never changes it.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from chainatlas.accounts.models import User
from chainatlas.store.models import Base

TEAM_KINDS = ("专班", "小分队", "部门")
AMOUNT_KINDS = ("funds", "increase")


class Team(Base):
    """A 专班, 招商小分队 or department that courts projects and carries targets."""

    __tablename__ = "pipeline_teams"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(16), default="专班")


class TeamMember(Base):
    """A user who works in a team; a user in no team works for the whole region."""

    __tablename__ = "pipeline_team_members"
    __table_args__ = (UniqueConstraint("team_id", "user_id", name="uq_team_member"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[int] = mapped_column(
        ForeignKey("pipeline_teams.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)

    team: Mapped[Team] = relationship()
    user: Mapped[User] = relationship()


class PipelineRecord(Base):
    """One lead or project the team courts in its own region."""

    __tablename__ = "pipeline_records"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The sheet's own project number (项目编号), so that a re-import updates the record.
    external_key: Mapped[str | None] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(500))
    company_name: Mapped[str] = mapped_column(String(300), default="")
    chain: Mapped[str | None] = mapped_column(String(100), index=True)
    node: Mapped[str | None] = mapped_column(String(100))
    region: Mapped[str] = mapped_column(String(100), default="")
    team_id: Mapped[int | None] = mapped_column(
        ForeignKey("pipeline_teams.id", ondelete="SET NULL"), index=True
    )
    owner_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    owner_name: Mapped[str] = mapped_column(String(200), default="")
    stage: Mapped[str] = mapped_column(String(16), index=True)
    stage_reason: Mapped[str] = mapped_column(Text, default="")
    investment_cny: Mapped[float | None] = mapped_column(Float)
    land_mu: Mapped[float | None] = mapped_column(Float)
    promised_output_cny: Mapped[float | None] = mapped_column(Float)
    promised_tax_cny: Mapped[float | None] = mapped_column(Float)
    realised_output_cny: Mapped[float | None] = mapped_column(Float)
    realised_tax_cny: Mapped[float | None] = mapped_column(Float)
    escalated: Mapped[bool] = mapped_column(Boolean, default=False)
    next_follow_up: Mapped[date | None] = mapped_column(Date, index=True)
    project_id: Mapped[int | None] = mapped_column(
        ForeignKey("projects.id", ondelete="SET NULL"), index=True
    )
    remarks: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)

    team: Mapped[Team | None] = relationship()
    owner: Mapped[User | None] = relationship()
    changes: Mapped[list[StageChange]] = relationship(
        back_populates="record", cascade="all, delete-orphan", order_by="StageChange.id"
    )
    activities: Mapped[list[Activity]] = relationship(
        back_populates="record", cascade="all, delete-orphan", order_by="Activity.id"
    )
    amounts: Mapped[list[RecordAmount]] = relationship(
        back_populates="record", cascade="all, delete-orphan", order_by="RecordAmount.id"
    )


class StageChange(Base):
    """A dated, attributed stage change; a signing also carries its 核验 (verification)."""

    __tablename__ = "pipeline_stage_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_id: Mapped[int] = mapped_column(
        ForeignKey("pipeline_records.id", ondelete="CASCADE"), index=True
    )
    from_stage: Mapped[str | None] = mapped_column(String(16))
    to_stage: Mapped[str] = mapped_column(String(16))
    changed_on: Mapped[date] = mapped_column(Date, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(Text, default="")
    evidence_document_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="SET NULL")
    )
    evidence_text: Mapped[str] = mapped_column(Text, default="")
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    verified_on: Mapped[date | None] = mapped_column(Date)

    record: Mapped[PipelineRecord] = relationship(back_populates="changes")


class Activity(Base):
    """A visit, call, meeting or 推介会 about a record."""

    __tablename__ = "pipeline_activities"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_id: Mapped[int] = mapped_column(
        ForeignKey("pipeline_records.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    happened_on: Mapped[date] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    record: Mapped[PipelineRecord] = relationship(back_populates="activities")


class RecordAmount(Base):
    """A dated amount of a record: funds in place (``funds``) or a 增资 increment (``increase``)."""

    __tablename__ = "pipeline_amounts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_id: Mapped[int] = mapped_column(
        ForeignKey("pipeline_records.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    dated: Mapped[date] = mapped_column(Date)
    amount_cny: Mapped[float] = mapped_column(Float)
    note: Mapped[str] = mapped_column(Text, default="")

    record: Mapped[PipelineRecord] = relationship(back_populates="amounts")


class Target(Base):
    """An annual target of one indicator, for a team (or the whole region when team is None)."""

    __tablename__ = "pipeline_targets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    team_id: Mapped[int | None] = mapped_column(
        ForeignKey("pipeline_teams.id", ondelete="CASCADE"), index=True
    )
    chain: Mapped[str | None] = mapped_column(String(100))
    indicator: Mapped[str] = mapped_column(String(32))
    value: Mapped[float] = mapped_column(Float)

    team: Mapped[Team | None] = relationship()


class Attachment(Base):
    """Evidence kept with a record or one of its stage changes: a photo, a scan, a contract
    page. The bytes live in the database so that a backup of it is a backup of everything."""

    __tablename__ = "pipeline_attachments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_id: Mapped[int] = mapped_column(
        ForeignKey("pipeline_records.id", ondelete="CASCADE"), index=True
    )
    stage_change_id: Mapped[int | None] = mapped_column(
        ForeignKey("pipeline_stage_changes.id", ondelete="SET NULL"), index=True
    )
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime)


class SheetImport(Base):
    """An uploaded 项目库 spreadsheet: kept from preview to confirmation, and afterwards as the
    record of who imported what and what it changed."""

    __tablename__ = "pipeline_imports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    filename: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    mapping: Mapped[str] = mapped_column(Text, default="{}")  # JSON: column header → field
    status: Mapped[str] = mapped_column(String(16), default="previewed")  # previewed | applied
    summary: Mapped[str] = mapped_column(Text, default="")  # JSON: created/updated counts
    created_at: Mapped[datetime] = mapped_column(DateTime)
    applied_at: Mapped[datetime | None] = mapped_column(DateTime)
