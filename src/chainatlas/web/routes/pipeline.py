"""Pipeline pages: the board (kanban or table) of the team's records, the new-lead form and
promotion from the knowledge base; the record page is in pipeline_record and mounted here.
Every page asks pipeline.access what the user may see and change."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from chainatlas.accounts.users import get_user
from chainatlas.api.deps import AppSettings, CurrentUser, DbSession, PipelineScope
from chainatlas.api.params import RowId
from chainatlas.api.routes.chains import chain_library
from chainatlas.api.routes.pipeline import acting_user
from chainatlas.pipeline.access import (
    Scope,
    require_create,
    require_view,
    require_write,
    visible_teams,
)
from chainatlas.pipeline.history import unverified_signings
from chainatlas.pipeline.listing import SORTS, RecordFilter, list_records
from chainatlas.pipeline.models import Team
from chainatlas.pipeline.records import (
    ACTIVITY_KINDS,
    PipelineError,
    create_record,
    promote_candidate,
    promote_project,
)
from chainatlas.pipeline.stages import (
    MAIN_STAGES,
    SIDE_STAGES,
    STAGE_NAMES,
    STAGES,
)
from chainatlas.pipeline.values import (
    UNITS,
    FieldError,
    amount_in_unit,
    parse_day,
    parse_number,
    parse_row_id,
)
from chainatlas.web.i18n import register_messages
from chainatlas.web.render import render
from chainatlas.web.routes import pipeline_record
from chainatlas.web.routes.pipeline_record import (
    record_redirect,
    stage_names_for,
    today,
)

router = APIRouter(include_in_schema=False)
router.include_router(pipeline_record.router)

_STAGES_EN = {
    "lead": "Lead",
    "negotiating": "Negotiating",
    "signed": "Signed",
    "construction": "Construction",
    "trial": "Trial production",
    "operating": "Operating",
    "at_capacity": "At capacity",
    "shelved": "Shelved",
    "terminated": "Terminated",
}
_ACTIVITIES_EN = {
    "visit": "Visit",
    "call": "Call",
    "meeting": "Meeting",
    "promotion": "推介会 event",
}
# Stage and activity names come from the library's vocabularies, in Chinese and English.
register_messages(
    {f"pipeline.stage.{k}": (v, _STAGES_EN.get(k, v)) for k, v in STAGE_NAMES.items()}
    | {f"pipeline.kind.{k}": (v, _ACTIVITIES_EN.get(k, v)) for k, v in ACTIVITY_KINDS.items()}
)

register_messages(
    {
        "pipeline.title": ("招商项目库", "Investment pipeline"),
        "pipeline.new": ("新建线索", "New lead"),
        "pipeline.board": ("看板", "Board"),
        "pipeline.export": ("导出 Excel", "Export to Excel"),
        "pipeline.table": ("表格", "Table"),
        "pipeline.side": ("搁置 / 终止", "Shelved / terminated"),
        "pipeline.count": ("共 {n} 条", "{n} records"),
        "pipeline.empty": ("暂无", "None"),
        "pipeline.text": ("名称或企业", "Name or company"),
        "pipeline.team": ("专班/小分队", "Team"),
        "pipeline.stage": ("阶段", "Stage"),
        "pipeline.overdue_only": ("仅逾期", "Overdue only"),
        "pipeline.escalated_only": ("仅提级跟进", "Escalated only"),
        "pipeline.escalated": ("提级跟进", "Escalated"),
        "pipeline.unverified": ("待核验", "Awaiting 核验"),
        "pipeline.verified": ("已核验", "Verified"),
        "pipeline.overdue": ("逾期跟进", "Overdue follow-ups"),
        "pipeline.pending": ("待核验签约", "Signings awaiting 核验"),
        "pipeline.verify": ("核验", "Verify"),
        "pipeline.days_overdue": ("逾期 {n} 天", "{n} days overdue"),
        "pipeline.follow_up": ("下次跟进", "Next follow-up"),
        "pipeline.owner": ("责任人", "Owner"),
        "pipeline.investment": ("投资额", "Investment"),
        "pipeline.unit": ("单位", "Unit"),
        "pipeline.land": ("用地（亩）", "Land (mu)"),
        "pipeline.start_stage": ("初始阶段", "Starting stage"),
        "pipeline.region_wide": ("全区（不属专班）", "Whole region (no team)"),
        "pipeline.node": ("产业链环节", "Chain node"),
        "pipeline.create": ("保存", "Save"),
        "pipeline.form_error": (
            "请修正标出的字段，未保存任何内容。",
            "Fix the marked fields; nothing was saved.",
        ),
        "pipeline.fields": ("项目信息", "Record"),
        "pipeline.edit": ("修改信息", "Edit"),
        "pipeline.promised_output": ("承诺产值", "Promised output"),
        "pipeline.promised_tax": ("承诺税收", "Promised tax"),
        "pipeline.realised_output": ("实际产值", "Realised output"),
        "pipeline.realised_tax": ("实际税收", "Realised tax"),
        "pipeline.amount_hint": (
            "可写 3.5亿、5000万；纯数字按所选单位",
            "e.g. 3.5亿, 5000万; plain numbers use the unit",
        ),
        "pipeline.remarks": ("备注", "Remarks"),
        "pipeline.move": ("阶段变更", "Change stage"),
        "pipeline.to_stage": ("变更为", "Move to"),
        "pipeline.date": ("日期", "Date"),
        "pipeline.note": ("说明", "Note"),
        "pipeline.reason": ("原因（搁置/终止必填）", "Reason (needed for 搁置/终止)"),
        "pipeline.evidence_text": ("佐证（链接或文字）", "Evidence (link or text)"),
        "pipeline.evidence_doc": ("知识库文档编号", "Knowledge-base document id"),
        "pipeline.evidence_file": ("佐证文件（图片/PDF）", "Evidence file (image/PDF)"),
        "pipeline.no_moves": ("该阶段不能再变更。", "No further stage from here."),
        "pipeline.activity": ("跟进记录", "Log activity"),
        "pipeline.activity_kind": ("方式", "Kind"),
        "pipeline.notes": ("内容", "Notes"),
        "pipeline.amounts": ("资金", "Amounts"),
        "pipeline.amount_kind": ("类别", "Kind"),
        "pipeline.amount.funds": ("到位资金", "Funds in place"),
        "pipeline.amount.increase": ("增资", "Capital increase"),
        "pipeline.amount": ("金额", "Amount"),
        "pipeline.history": ("全部记录", "History"),
        "pipeline.created": ("创建", "Created"),
        "pipeline.by": ("经办", "by"),
        "pipeline.verified_by": ("核验：{who}，{when}", "Verified by {who} on {when}"),
        "pipeline.attachments": ("附件", "Attachments"),
        "pipeline.upload": ("上传附件", "Upload"),
        "pipeline.kb_project": ("知识库项目", "Knowledge-base project"),
        "pipeline.read_only": (
            "只读：您无权修改此记录。",
            "Read only: you may not change this record.",
        ),
        "pipeline.promote": ("转为招商线索", "Make a pipeline lead"),
        "pipeline.promote_short": ("转线索", "To lead"),
        "pipeline.reason_short": ("原因", "Reason"),
        "pipeline.submit": ("提交", "Submit"),
        "pipeline.of_team": ("所属", "Team"),
    }
)


def _flag(value: str) -> bool | None:
    return True if value in ("1", "true", "on", "yes") else None


def _filters(
    stage: str, team: str, chain: str, region: str, q: str, overdue: str, escalated: str
) -> RecordFilter:
    return RecordFilter(
        stage=stage if stage in STAGES else None,
        team_id=_team_filter(team),
        chain=chain.strip() or None,
        region=region.strip() or None,
        text=q.strip() or None,
        overdue_on=today() if _flag(overdue) else None,
        escalated=_flag(escalated),
    )


def _chains(request: Request) -> list[Any]:
    library = chain_library(request)
    return [library.chains[key] for key in sorted(library.chains)]


@router.get("/pipeline")
def board_page(
    request: Request,
    auth: CurrentUser,
    scope: PipelineScope,
    session: DbSession,
    view: str = "board",
    stage: str = "",
    team: str = "",
    chain: str = "",
    region: str = "",
    q: str = "",
    overdue: str = "",
    escalated: str = "",
    sort: str = "id",
    order: str = "asc",
) -> HTMLResponse:
    filters = _filters(stage, team, chain, region, q, overdue, escalated)
    if view == "table":
        filters = replace(filters, sort=sort if sort in SORTS else "id", descending=order == "desc")
    records = list_records(session, scope, filters)
    columns = {name: [r for r in records if r.stage == name] for name in STAGES}
    overdue_list = list_records(session, scope, RecordFilter(overdue_on=today(), sort="follow_up"))
    pending = unverified_signings(list_records(session, scope, RecordFilter(sort="id")))
    teams = visible_teams(session, scope)
    params = {
        "stage": stage,
        "team": team,
        "chain": chain,
        "region": region,
        "q": q,
        "overdue": "1" if _flag(overdue) else "",
        "escalated": "1" if _flag(escalated) else "",
    }
    kept = {k: v for k, v in params.items() if v}
    return render(
        request,
        "pipeline_board.html",
        auth,
        view="table" if view == "table" else "board",
        records=records,
        columns=columns,
        main_stages=MAIN_STAGES,
        side_stages=SIDE_STAGES,
        stage_names=stage_names_for(request),
        stages=STAGES,
        overdue_list=overdue_list,
        pending=pending,
        teams=teams,
        chains=_chains(request),
        params=params,
        query=urlencode(kept),
        sort=filters.sort,
        descending=filters.descending,
        today=today(),
        scope=scope,
        can_create=scope.can_write and (scope.region_wide or bool(teams)),
        unverified_ids={record.id for record, _ in pending},
    )


# ---- new lead -------------------------------------------------------------------------

NEW_FIELDS = (
    "name",
    "company",
    "region",
    "chain",
    "node",
    "team_id",
    "owner",
    "investment",
    "unit",
    "land",
    "follow_up",
    "stage",
)


def _new_form(
    request: Request,
    auth: CurrentUser,
    scope: Scope,
    session: DbSession,
    values: dict[str, str],
    errors: dict[str, str],
    status: int = 200,
) -> HTMLResponse:
    teams = [t for t in visible_teams(session, scope) if scope.can_create_in(t.id)]
    return render(
        request,
        "pipeline_new.html",
        auth,
        status=status,
        values=values,
        errors=errors,
        teams=teams,
        may_region_wide=scope.can_create_in(None),
        chains=_chains(request),
        units=list(UNITS),
        stage_names=stage_names_for(request),
    )


@router.get("/pipeline/new")
def new_page(
    request: Request,
    auth: CurrentUser,
    scope: PipelineScope,
    session: DbSession,
    settings: AppSettings,
) -> HTMLResponse:
    require_write(scope)
    values = {name: "" for name in NEW_FIELDS}
    values.update(region=settings.home_region, owner=scope.username, unit="万元", stage="lead")
    return _new_form(request, auth, scope, session, values, {})


def _team_filter(text: str) -> int | None:
    try:
        return parse_row_id(text, "team")
    except FieldError:
        return None  # a hand-edited URL: list every team rather than fail


def _find_team(session: DbSession, team_id: str) -> Team | None:
    found = parse_row_id(team_id, "team_id")
    if found is None:
        return None
    team = session.get(Team, found)
    if team is None:
        raise FieldError("team_id", f"no team with id {team_id}")
    return team


def _check_chain(request: Request, chain: str, node: str) -> tuple[str | None, str | None]:
    if not chain and ":" in node:
        chain = node.split(":", 1)[0]
    if not chain:
        if node:
            raise FieldError("node", "pick the chain of this node first")
        return None, None
    found = chain_library(request).chains.get(chain)
    if found is None:
        raise FieldError("chain", f"unknown chain {chain!r}")
    if node:
        if node.startswith(f"{chain}:"):
            node = node.split(":", 1)[1]
        elif ":" in node:
            raise FieldError("node", f"node {node!r} is not on chain {chain!r}")
        try:
            found.node(node)
        except KeyError:
            raise FieldError("node", f"node {node!r} is not on chain {chain!r}") from None
    return chain, node or None


@router.post("/pipeline/new")
def new_submit(
    request: Request,
    auth: CurrentUser,
    scope: PipelineScope,
    session: DbSession,
    name: Annotated[str, Form(max_length=500)] = "",
    company: Annotated[str, Form(max_length=300)] = "",
    region: Annotated[str, Form(max_length=100)] = "",
    chain: Annotated[str, Form(max_length=100)] = "",
    node: Annotated[str, Form(max_length=201)] = "",
    team_id: Annotated[str, Form(max_length=20)] = "",
    owner: Annotated[str, Form(max_length=200)] = "",
    investment: Annotated[str, Form(max_length=40)] = "",
    unit: Annotated[str, Form(max_length=10)] = "万元",
    land: Annotated[str, Form(max_length=40)] = "",
    follow_up: Annotated[str, Form(max_length=20)] = "",
    stage: Annotated[str, Form(max_length=20)] = "lead",
) -> Response:
    values = {
        "name": name,
        "company": company,
        "region": region,
        "chain": chain,
        "node": node,
        "team_id": team_id,
        "owner": owner,
        "investment": investment,
        "unit": unit,
        "land": land,
        "follow_up": follow_up,
        "stage": stage,
    }
    require_write(scope)
    errors: dict[str, str] = {}

    def read(field: str, reader: Any) -> Any:
        try:
            return reader()
        except FieldError as error:
            errors[error.field] = error.message
        except PipelineError as error:
            errors[field] = str(error)
        return None

    if not name.strip():
        errors["name"] = "required"
    if stage not in ("lead", "negotiating"):
        errors["stage"] = f"a new record starts as lead or negotiating, not {stage!r}"
    team = read("team_id", lambda: _find_team(session, team_id))
    if "team_id" not in errors and not scope.can_create_in(team.id if team else None):
        errors["team_id"] = "you may not create records for this team"
    chain_node = read("chain", lambda: _check_chain(request, chain.strip(), node.strip()))
    amount = read("investment", lambda: amount_in_unit(investment, unit, "investment"))
    land_mu = read("land", lambda: parse_number(land, "land"))
    due = read("follow_up", lambda: parse_day(follow_up, "follow_up"))
    if errors:
        return _new_form(request, auth, scope, session, values, errors, status=422)
    owner_user = get_user(session, owner) if owner.strip() else None
    require_create(scope, team)
    record = create_record(
        session,
        name,
        user=acting_user(session, scope),
        on=today(),
        company_name=company,
        region=region,
        chain=chain_node[0] if chain_node else None,
        node=chain_node[1] if chain_node else None,
        team=team,
        owner=owner_user or owner.strip() or None,
        stage=stage,
        investment_cny=amount,
        land_mu=land_mu,
        next_follow_up=due,
    )
    return RedirectResponse(f"/pipeline/records/{record.id}", status_code=303)


# ---- promotion from the knowledge base ------------------------------------------------


def _promotion_team(session: DbSession, scope: Scope, team_id: str) -> Team | None:
    team = _find_team(session, team_id)
    if team is None and not scope.region_wide:
        # A team member's lead belongs to their (first) team.
        team = session.get(Team, min(scope.team_ids))
    require_create(scope, team)
    return team


@router.post("/projects/{project_id}/promote")
def promote_project_submit(
    project_id: RowId,
    auth: CurrentUser,
    scope: PipelineScope,
    session: DbSession,
    team_id: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    team = _promotion_team(session, scope, team_id)
    record = promote_project(session, project_id, team, acting_user(session, scope), today())
    require_view(scope, record)  # promoted before, by another team: not theirs to see
    return record_redirect(record.id)


@router.post("/pipeline/promote-candidate")
def promote_candidate_submit(
    request: Request,
    auth: CurrentUser,
    scope: PipelineScope,
    session: DbSession,
    company_id: Annotated[RowId, Form()],
    chain: Annotated[str, Form(max_length=100)] = "",
    node: Annotated[str, Form(max_length=100)] = "",
    region: Annotated[str, Form(max_length=100)] = "",
    team_id: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    team = _promotion_team(session, scope, team_id)
    chain_id, node_id = _check_chain(request, chain.strip(), node.strip())
    node_name = ""
    if chain_id and node_id:
        node_name = chain_library(request).chains[chain_id].node(node_id).name
    record = promote_candidate(
        session,
        company_id,
        chain=chain_id,
        node=node_id,
        team=team,
        user=acting_user(session, scope),
        region=region.strip(),
        node_name=node_name,
        on=today(),
    )
    return record_redirect(record.id)
