"""Pipeline and target commands: ``chainatlas pipeline add/list/show/move/verify/overdue``
and ``chainatlas targets set/progress`` — thin layers over ``chainatlas.pipeline``.

``register(app)`` adds both groups to the ``chainatlas`` command; the database URL
comes from the root command's ``--database`` option.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import date
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy import select
from sqlalchemy.orm import Session

from chainatlas.accounts.models import User
from chainatlas.accounts.users import get_user
from chainatlas.config import Settings
from chainatlas.formatting import format_amount
from chainatlas.pipeline.access import add_member, remove_member
from chainatlas.pipeline.models import PipelineRecord, Team, TeamMember
from chainatlas.pipeline.progress import conversion_rates, target_progress
from chainatlas.pipeline.records import (
    ACTIVITY_KINDS,
    PipelineError,
    add_activity,
    add_amount,
    create_record,
    ensure_team,
    find_team,
    get_record,
    move_stage,
    overdue_follow_ups,
    update_record,
    verify_signing,
)
from chainatlas.pipeline.stages import STAGE_NAMES, StageError, parse_stage
from chainatlas.pipeline.targets import INDICATORS, set_target
from chainatlas.pipeline.values import parse_yuan as read_yuan
from chainatlas.store.db import Database

console = Console()
errors = Console(stderr=True)

pipeline_app = typer.Typer(
    help="The team's own project pipeline (项目库).\n\nExample: chainatlas pipeline list",
    no_args_is_help=True,
)
targets_app = typer.Typer(
    help="Annual targets and progress (序时进度).\n\nExample: chainatlas targets progress 2026",
    no_args_is_help=True,
)


class OutputFormat(StrEnum):
    table = "table"
    json = "json"


FormatOption = Annotated[
    OutputFormat, typer.Option("--format", help="table or json.", case_sensitive=False)
]
UserOption = Annotated[str, typer.Option("--user", help="Username of the person acting.")]


@contextmanager
def _session(ctx: typer.Context) -> Iterator[Session]:
    url = ctx.find_root().params.get("database")
    database = Database((Settings(database_url=url) if url else Settings()).database_url)
    try:
        with database.session() as session:
            yield session
    except (PipelineError, StageError) as error:
        errors.print(f"[red]{error}")
        raise typer.Exit(2) from None
    finally:
        database.dispose()


def parse_yuan(text: str) -> float:
    """Yuan from ``3.5亿``, ``5000万`` or a plain number (the forms' reader, as a CLI error)."""
    try:
        return read_yuan(text)
    except PipelineError as error:
        raise typer.BadParameter(str(error)) from None


def parse_day(text: str | None) -> date:
    if text is None:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"date {text!r} is not YYYY-MM-DD") from None


def _user(session: Session, username: str) -> User:
    user = get_user(session, username)
    if user is None:
        raise PipelineError(f"no user named {username!r}")
    return user


def _record_row(record: PipelineRecord) -> dict[str, Any]:
    return {
        "id": record.id,
        "name": record.name,
        "company": record.company_name,
        "stage": record.stage,
        "stage_name": STAGE_NAMES[record.stage],
        "reason": record.stage_reason,
        "team": record.team.name if record.team else None,
        "region": record.region,
        "chain": record.chain,
        "node": record.node,
        "investment_cny": record.investment_cny,
        "land_mu": record.land_mu,
        "owner": record.owner.username if record.owner else record.owner_name,
        "escalated": record.escalated,
        "next_follow_up": record.next_follow_up,
        "project_id": record.project_id,
    }


def _echo_json(value: Any) -> None:
    typer.echo(json.dumps(value, ensure_ascii=False, indent=2, default=str))


@pipeline_app.command("add")
def add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Project name.")],
    company: Annotated[str, typer.Option(help="Company name.")] = "",
    region: Annotated[str, typer.Option(help="Region (county, zone).")] = "",
    team: Annotated[str | None, typer.Option(help="Team; created as 专班 if new.")] = None,
    chain: Annotated[str | None, typer.Option(help="Chain id.")] = None,
    node: Annotated[str | None, typer.Option(help="Chain node id.")] = None,
    investment: Annotated[str | None, typer.Option(help="Investment: 3.5亿, 5000万, yuan.")] = None,
    land: Annotated[float | None, typer.Option(help="Land area in 亩.")] = None,
    owner: Annotated[str | None, typer.Option(help="Responsible person (name).")] = None,
    stage: Annotated[str, typer.Option(help="lead or negotiating.")] = "lead",
    follow_up: Annotated[str | None, typer.Option(help="Next follow-up, YYYY-MM-DD.")] = None,
    user: Annotated[str | None, typer.Option("--user", help="Username recording it.")] = None,
    on: Annotated[str | None, typer.Option(help="Date, YYYY-MM-DD (default today).")] = None,
) -> None:
    """Add a lead or project to the pipeline.

    Example: chainatlas pipeline add 储能电池项目 --team 新能源专班 --investment 12亿
    """
    with _session(ctx) as session:
        acting = _user(session, user) if user else None
        owner_user = get_user(session, owner) if owner else None
        record = create_record(
            session,
            name,
            user=acting,
            on=parse_day(on),
            company_name=company,
            region=region,
            chain=chain,
            node=node,
            team=ensure_team(session, team) if team else None,
            owner=owner_user or owner,
            stage=stage,
            investment_cny=parse_yuan(investment) if investment else None,
            land_mu=land,
            next_follow_up=parse_day(follow_up) if follow_up else None,
        )
        typer.echo(
            f"added pipeline record {record.id}: {record.name} ({STAGE_NAMES[record.stage]})"
        )


@pipeline_app.command("list")
def list_records(
    ctx: typer.Context,
    stage: Annotated[str | None, typer.Option(help="Only this stage (id or 中文).")] = None,
    team: Annotated[str | None, typer.Option(help="Only this team.")] = None,
    output: FormatOption = OutputFormat.table,
) -> None:
    """List pipeline records.

    Example: chainatlas pipeline list --stage 签约 --format json
    """
    with _session(ctx) as session:
        query = select(PipelineRecord).order_by(PipelineRecord.id)
        if stage:
            query = query.where(PipelineRecord.stage == parse_stage(stage))
        if team:
            query = query.where(PipelineRecord.team_id == find_team(session, team).id)
        rows = [_record_row(record) for record in session.scalars(query)]
    if output is OutputFormat.json:
        _echo_json(rows)
        return
    table = Table("id", "项目", "企业", "阶段", "团队", "投资额", "下次跟进")
    for row in rows:
        table.add_row(
            str(row["id"]),
            row["name"],
            row["company"],
            row["stage_name"],
            row["team"] or "",
            format_amount(row["investment_cny"]),
            str(row["next_follow_up"] or ""),
        )
    console.print(table)


@pipeline_app.command("show")
def show(
    ctx: typer.Context,
    record_id: Annotated[int, typer.Argument(help="Record id.")],
    output: FormatOption = OutputFormat.table,
) -> None:
    """Show one record with its full stage history.

    Example: chainatlas pipeline show 3 --format json
    """
    with _session(ctx) as session:
        record = get_record(session, record_id)
        names = {user.id: user.username for user in session.scalars(select(User))}
        detail = _record_row(record)
        detail["history"] = [
            {
                "on": change.changed_on,
                "from": change.from_stage,
                "to": change.to_stage,
                "user": names.get(change.user_id) if change.user_id else None,
                "note": change.note,
                "evidence": change.evidence_text,
                "evidence_document_id": change.evidence_document_id,
                "verified_by": names.get(change.verified_by_id) if change.verified_by_id else None,
                "verified_on": change.verified_on,
            }
            for change in record.changes
        ]
    if output is OutputFormat.json:
        _echo_json(detail)
        return
    console.print(f"[bold]{detail['name']}[/] #{detail['id']} — {detail['stage_name']}")
    for key in ("company", "team", "region", "chain", "owner", "reason"):
        if detail[key]:
            console.print(f"  {key}: {detail[key]}")
    console.print(f"  investment: {format_amount(detail['investment_cny'])}")
    table = Table("日期", "变更", "用户", "说明", "核验")
    for step in detail["history"]:
        moved = f"{step['from'] or '—'} → {step['to']}"
        verified = f"{step['verified_by']} {step['verified_on']}" if step["verified_on"] else ""
        table.add_row(str(step["on"]), moved, step["user"] or "", step["note"], verified)
    console.print(table)


@pipeline_app.command("move")
def move(
    ctx: typer.Context,
    record_id: Annotated[int, typer.Argument(help="Record id.")],
    stage: Annotated[str, typer.Argument(help="New stage (id or 中文).")],
    user: UserOption,
    on: Annotated[str | None, typer.Option(help="Date, YYYY-MM-DD (default today).")] = None,
    note: Annotated[str, typer.Option(help="Note.")] = "",
    reason: Annotated[str, typer.Option(help="Reason (required for 搁置/终止).")] = "",
    evidence: Annotated[str, typer.Option(help="Evidence: a link or a description.")] = "",
    document: Annotated[int | None, typer.Option(help="Evidence document id.")] = None,
) -> None:
    """Move a record to another stage (only allowed transitions).

    Example: chainatlas pipeline move 3 签约 --user zhangsan --on 2026-04-10 --evidence 协议扫描件
    """
    with _session(ctx) as session:
        record = get_record(session, record_id)
        change = move_stage(
            session,
            record,
            stage,
            user=_user(session, user),
            on=parse_day(on),
            note=note,
            reason=reason,
            evidence_document_id=document,
            evidence_text=evidence,
        )
        typer.echo(
            f"record {record.id}: {change.from_stage} → {change.to_stage} on {change.changed_on}"
        )


@pipeline_app.command("verify")
def verify(
    ctx: typer.Context,
    record_id: Annotated[int, typer.Argument(help="Record id.")],
    user: UserOption,
    on: Annotated[str | None, typer.Option(help="Date, YYYY-MM-DD (default today).")] = None,
) -> None:
    """Verify (核验) a record's signing; must be another editor or admin than its recorder.

    Example: chainatlas pipeline verify 3 --user lisi --on 2026-04-12
    """
    with _session(ctx) as session:
        signing = verify_signing(
            session, get_record(session, record_id), _user(session, user), parse_day(on)
        )
        typer.echo(f"record {record_id}: signing of {signing.changed_on} verified by {user}")


@pipeline_app.command("edit")
def edit(
    ctx: typer.Context,
    record_id: Annotated[int, typer.Argument(help="Record id.")],
    investment: Annotated[str | None, typer.Option(help="Investment: 3.5亿, 5000万, yuan.")] = None,
    land: Annotated[float | None, typer.Option(help="Land area in 亩.")] = None,
    promised_output: Annotated[str | None, typer.Option(help="Promised annual output.")] = None,
    promised_tax: Annotated[str | None, typer.Option(help="Promised annual tax.")] = None,
    realised_output: Annotated[str | None, typer.Option(help="Realised annual output.")] = None,
    realised_tax: Annotated[str | None, typer.Option(help="Realised annual tax.")] = None,
    escalate: Annotated[
        bool | None, typer.Option("--escalate/--no-escalate", help="提级跟进 flag.")
    ] = None,
    follow_up: Annotated[str | None, typer.Option(help="Next follow-up, YYYY-MM-DD.")] = None,
) -> None:
    """Change a record's figures, 提级跟进 flag or next follow-up date.

    Example: chainatlas pipeline edit 3 --land 120 --promised-output 6亿 --escalate
    """
    amounts = {
        "investment_cny": investment,
        "promised_output_cny": promised_output,
        "promised_tax_cny": promised_tax,
        "realised_output_cny": realised_output,
        "realised_tax_cny": realised_tax,
    }
    changes: dict[str, object] = {k: parse_yuan(v) for k, v in amounts.items() if v is not None}
    if land is not None:
        changes["land_mu"] = land
    if escalate is not None:
        changes["escalated"] = escalate
    if follow_up is not None:
        changes["next_follow_up"] = parse_day(follow_up)
    with _session(ctx) as session:
        update_record(session, get_record(session, record_id), **changes)
        typer.echo(f"record {record_id}: updated {', '.join(sorted(changes)) or 'nothing'}")


@pipeline_app.command("log")
def log(
    ctx: typer.Context,
    record_id: Annotated[int, typer.Argument(help="Record id.")],
    kind: Annotated[str, typer.Argument(help=", ".join(ACTIVITY_KINDS))],
    notes: Annotated[str, typer.Option(help="What happened.")] = "",
    user: Annotated[str | None, typer.Option("--user", help="Username.")] = None,
    on: Annotated[str | None, typer.Option(help="Date, YYYY-MM-DD (default today).")] = None,
    follow_up: Annotated[str | None, typer.Option(help="Next follow-up, YYYY-MM-DD.")] = None,
) -> None:
    """Log a visit, call, meeting or 推介会 (promotion) on a record.

    Example: chainatlas pipeline log 3 visit --notes 走访企业总部 --follow-up 2026-07-01
    """
    with _session(ctx) as session:
        activity = add_activity(
            session,
            get_record(session, record_id),
            kind,
            parse_day(on),
            notes,
            _user(session, user) if user else None,
            parse_day(follow_up) if follow_up else None,
        )
        typer.echo(f"record {record_id}: {ACTIVITY_KINDS[kind]} on {activity.happened_on}")


@pipeline_app.command("amount")
def amount(
    ctx: typer.Context,
    record_id: Annotated[int, typer.Argument(help="Record id.")],
    kind: Annotated[str, typer.Argument(help="funds (到位资金) or increase (增资).")],
    value: Annotated[str, typer.Argument(help="Amount: 2亿, 5000万, yuan.")],
    on: Annotated[str | None, typer.Option(help="Date, YYYY-MM-DD (default today).")] = None,
    note: Annotated[str, typer.Option(help="Note.")] = "",
) -> None:
    """Record dated funds in place (到位资金) or a 增资 increment of a record.

    Example: chainatlas pipeline amount 3 funds 2亿 --on 2026-06-01
    """
    with _session(ctx) as session:
        row = add_amount(
            session, get_record(session, record_id), kind, parse_day(on), parse_yuan(value), note
        )
        typer.echo(f"record {record_id}: {kind} {format_amount(row.amount_cny)} on {row.dated}")


@pipeline_app.command("overdue")
def overdue(
    ctx: typer.Context,
    today: Annotated[str | None, typer.Option(help="Date, YYYY-MM-DD (default today).")] = None,
    output: FormatOption = OutputFormat.table,
) -> None:
    """List records whose next follow-up date has passed.

    Example: chainatlas pipeline overdue --today 2026-06-10
    """
    with _session(ctx) as session:
        rows = [asdict(item) for item in overdue_follow_ups(session, parse_day(today))]
    if output is OutputFormat.json:
        _echo_json(rows)
        return
    table = Table("id", "项目", "团队", "应跟进", "逾期天数")
    for row in rows:
        table.add_row(
            str(row["record_id"]),
            row["name"],
            row["team"],
            str(row["due"]),
            str(row["days_overdue"]),
        )
    console.print(table)


@pipeline_app.command("member")
def member(
    ctx: typer.Context,
    team: Annotated[str, typer.Argument(help="Team name; created if new (see --kind).")],
    username: Annotated[str, typer.Argument(help="User to add to (or remove from) the team.")],
    kind: Annotated[str, typer.Option(help="专班, 小分队 or 部门, for a new team.")] = "专班",
    remove: Annotated[bool, typer.Option("--remove", help="Take the user out.")] = False,
) -> None:
    """Put a user in a team (or take them out): a team member sees and edits only the
    records of their teams; a user in no team works for the whole region.

    Example: chainatlas pipeline member 镁基新材料产业专班 zhangsan
    """
    with _session(ctx) as session:
        person = _user(session, username)
        if remove:
            group = find_team(session, team)
            if not remove_member(session, group, person):
                raise PipelineError(f"user {username!r} is not in team {group.name!r}")
            typer.echo(f"{username} left {group.name}")
            return
        group = ensure_team(session, team, kind)
        add_member(session, group, person)
        typer.echo(f"{username} is in {group.name} ({group.kind})")


@pipeline_app.command("teams")
def teams(ctx: typer.Context, output: FormatOption = OutputFormat.table) -> None:
    """List the teams with their members.

    Example: chainatlas pipeline teams --format json
    """
    with _session(ctx) as session:
        rows: list[dict[str, Any]] = [
            {
                "id": group.id,
                "name": group.name,
                "kind": group.kind,
                "members": sorted(
                    session.scalars(
                        select(User.username)
                        .join(TeamMember, TeamMember.user_id == User.id)
                        .where(TeamMember.team_id == group.id)
                    )
                ),
            }
            for group in session.scalars(select(Team).order_by(Team.name))
        ]
    if output is OutputFormat.json:
        _echo_json(rows)
        return
    table = Table("id", "团队", "类型", "成员")
    for row in rows:
        table.add_row(str(row["id"]), row["name"], row["kind"], "、".join(row["members"]) or "—")
    console.print(table)


@targets_app.command("set")
def set_(
    ctx: typer.Context,
    year: Annotated[int, typer.Argument(help="Year.")],
    indicator: Annotated[str, typer.Argument(help=", ".join(INDICATORS))],
    value: Annotated[str, typer.Argument(help="Amount (12亿, 5000万, yuan) or a count.")],
    team: Annotated[str | None, typer.Option(help="Team; omitted = the whole region.")] = None,
    chain: Annotated[str | None, typer.Option(help="Only this chain.")] = None,
) -> None:
    """Set an annual target of the region or of a team.

    Example: chainatlas targets set 2026 signed_cny 50亿 --team 新能源专班
    """
    with _session(ctx) as session:
        target = set_target(
            session,
            year,
            indicator,
            parse_yuan(value),
            team=find_team(session, team) if team else None,
            chain=chain,
        )
        typer.echo(f"target {year} {INDICATORS[indicator]} = {_shown(indicator, target.value)}")


def _shown(indicator: str, value: float) -> str:
    return format_amount(value) if indicator.endswith("_cny") else f"{value:g}"


@targets_app.command("progress")
def progress(
    ctx: typer.Context,
    year: Annotated[int, typer.Argument(help="Year.")],
    as_of: Annotated[str | None, typer.Option("--as-of", help="Date, YYYY-MM-DD.")] = None,
    team: Annotated[str | None, typer.Option(help="Team; omitted = the whole region.")] = None,
    output: FormatOption = OutputFormat.table,
) -> None:
    """Progress against the year's targets with 序时进度 (超进度/欠进度).

    Example: chainatlas targets progress 2026 --as-of 2026-06-30 --format json
    """
    with _session(ctx) as session:
        chosen: Team | None = find_team(session, team) if team else None
        rows = target_progress(session, year, parse_day(as_of), chosen)
    if output is OutputFormat.json:
        _echo_json([asdict(row) for row in rows])
        return
    table = Table("指标", "产业链", "目标", "完成", "完成率", "序时进度", "状态", "差距(百分点)")
    for row in rows:
        table.add_row(
            row.label,
            row.chain or "",
            _shown(row.indicator, row.target),
            _shown(row.indicator, row.achieved),
            f"{row.completion:.1%}",
            f"{row.time_progress:.1%}",
            row.status,
            f"{row.gap_points:+.1f}",
        )
    console.print(table)


@targets_app.command("conversion")
def conversion(
    ctx: typer.Context,
    start: Annotated[str, typer.Argument(help="First day, YYYY-MM-DD.")],
    end: Annotated[str, typer.Argument(help="Last day, YYYY-MM-DD.")],
    team: Annotated[str | None, typer.Option(help="Team; omitted = the whole region.")] = None,
    output: FormatOption = OutputFormat.table,
) -> None:
    """Conversion rates between stages (线索→洽谈→签约→开工→投产→达产) over a period.

    Example: chainatlas targets conversion 2026-01-01 2026-06-30 --format json
    """
    with _session(ctx) as session:
        chosen = find_team(session, team) if team else None
        rows = conversion_rates(session, parse_day(start), parse_day(end), chosen)
    if output is OutputFormat.json:
        _echo_json([asdict(row) for row in rows])
        return
    table = Table("从", "到", "到达前一阶段", "到达后一阶段", "转化率")
    for row in rows:
        rate = "" if row.rate is None else f"{row.rate:.1%}"
        table.add_row(
            STAGE_NAMES[row.from_stage],
            STAGE_NAMES[row.to_stage],
            str(row.reached_from),
            str(row.reached_to),
            rate,
        )
    console.print(table)


def register(app: typer.Typer) -> None:
    """Add the ``pipeline`` and ``targets`` groups to the ``chainatlas`` command."""
    app.add_typer(pipeline_app, name="pipeline")
    app.add_typer(targets_app, name="targets")
