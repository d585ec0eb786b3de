"""Tests of pipeline records: stage moves with history, 核验, promotion, overdue follow-ups."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select

from chainatlas.pipeline.models import PipelineRecord, StageChange
from chainatlas.pipeline.records import (
    PipelineError,
    add_activity,
    create_record,
    get_record,
    move_stage,
    overdue_follow_ups,
    promote_candidate,
    promote_project,
    promoted_record,
    set_owner,
    update_record,
    verify_signing,
)
from chainatlas.pipeline.stages import StageError
from chainatlas.store.models import Company, Project

# The ``crew`` fixture of tests/pipeline/conftest.py (conftest modules are not importable).
Crew = Any


def test_moves_are_dated_attributed_and_refused_moves_change_nothing(crew: Crew) -> None:
    s = crew.session
    record = create_record(s, "年产10GWh储能电池项目", user=crew.recorder, on=date(2026, 2, 1))
    move_stage(s, record, "negotiating", user=crew.recorder, on=date(2026, 3, 2), note="首轮洽谈")
    with pytest.raises(StageError, match=r"negotiating → .*construction is not allowed"):
        move_stage(s, record, "construction", user=crew.recorder, on=date(2026, 3, 3))
    change = move_stage(
        s,
        record,
        "签约",
        user=crew.recorder,
        on=date(2026, 4, 10),
        evidence_text="投资协议扫描件",
    )
    assert record.stage == "signed"
    history = [(c.from_stage, c.to_stage, c.changed_on) for c in get_record(s, record.id).changes]
    assert history == [
        (None, "lead", date(2026, 2, 1)),
        ("lead", "negotiating", date(2026, 3, 2)),
        ("negotiating", "signed", date(2026, 4, 10)),
    ]
    assert change.user_id == crew.recorder.id
    assert change.evidence_text == "投资协议扫描件"


def test_shelving_requires_and_keeps_a_reason(crew: Crew) -> None:
    s = crew.session
    record = create_record(s, "光伏组件项目", user=crew.recorder, on=date(2026, 1, 5))
    with pytest.raises(StageError, match="needs a reason"):
        move_stage(s, record, "shelved", user=crew.recorder, on=date(2026, 2, 1))
    assert record.stage == "lead"
    move_stage(s, record, "搁置", user=crew.recorder, on=date(2026, 2, 1), reason="用地指标未落实")
    assert (record.stage, record.stage_reason) == ("shelved", "用地指标未落实")


def test_verification_needs_another_editor_or_admin(crew: Crew) -> None:
    s = crew.session
    record = create_record(
        s, "电机电控项目", user=crew.recorder, on=date(2026, 1, 5), stage="negotiating"
    )
    with pytest.raises(PipelineError, match="no signing"):
        verify_signing(s, record, crew.checker, date(2026, 1, 6))
    move_stage(s, record, "signed", user=crew.recorder, on=date(2026, 1, 20))
    with pytest.raises(PipelineError, match="cannot also verify"):
        verify_signing(s, record, crew.recorder, date(2026, 1, 21))
    with pytest.raises(PipelineError, match="may not verify"):
        verify_signing(s, record, crew.viewer, date(2026, 1, 21))
    signing = verify_signing(s, record, crew.checker, date(2026, 1, 22))
    assert (signing.verified_by_id, signing.verified_on) == (crew.checker.id, date(2026, 1, 22))
    with pytest.raises(PipelineError, match="already verified"):
        verify_signing(s, record, crew.checker, date(2026, 1, 23))


def test_promotion_copies_a_knowledge_base_project_and_keeps_the_link(crew: Crew) -> None:
    s = crew.session
    company = Company(block="b", name="江淮新材料科技有限公司", key="江淮新材料")
    s.add(company)
    s.flush()
    project = Project(
        block="b",
        name="高端隔膜生产基地项目",
        key="高端隔膜",
        company_id=company.id,
        region="安徽省合肥市",
        status="signed",
        investment_cny=3.5e9,
        chain="new-energy-vehicle",
        node="separator",
    )
    s.add(project)
    s.flush()
    record = promote_project(s, project.id, crew.team, crew.recorder, on=date(2026, 5, 1))
    assert (record.name, record.company_name, record.region) == (
        "高端隔膜生产基地项目",
        "江淮新材料科技有限公司",
        "安徽省合肥市",
    )
    assert (record.investment_cny, record.chain, record.node) == (
        3.5e9,
        "new-energy-vehicle",
        "separator",
    )
    assert (record.project_id, record.team_id, record.stage) == (project.id, crew.team.id, "lead")
    assert project.status == "signed"
    with pytest.raises(PipelineError, match="no knowledge-base project with id 999"):
        promote_project(s, 999, None, None)


def test_overdue_follow_ups_skip_finished_and_future_ones(crew: Crew) -> None:
    s = crew.session
    today = date(2026, 6, 10)
    late = create_record(
        s, "一号项目", user=None, on=today, team=crew.team, next_follow_up=date(2026, 6, 1)
    )
    create_record(s, "二号项目", user=None, on=today, next_follow_up=date(2026, 6, 20))
    ended = create_record(s, "三号项目", user=None, on=today, next_follow_up=date(2026, 5, 1))
    move_stage(s, ended, "terminated", user=None, on=today, reason="企业撤回")
    later = create_record(s, "四号项目", user=None, on=today, next_follow_up=date(2026, 6, 9))
    overdue = overdue_follow_ups(s, today)
    assert [(o.record_id, o.days_overdue, o.team) for o in overdue] == [
        (late.id, 9, "新能源汽车专班"),
        (later.id, 1, ""),
    ]
    add_activity(s, late, "visit", today, "走访企业总部", crew.recorder, date(2026, 7, 1))
    assert [o.record_id for o in overdue_follow_ups(s, today)] == [later.id]
    with pytest.raises(PipelineError, match="activity kind 'fax'"):
        add_activity(s, late, "fax", today)
    assert s.scalars(select(StageChange).where(StageChange.record_id == ended.id)).all()


def test_update_record_sets_plain_fields_and_refuses_the_stage(crew: Crew) -> None:
    s = crew.session
    record = create_record(s, "精密铸件项目", user=None, on=date(2026, 1, 5))
    update_record(
        s, record, land_mu=120.5, promised_output_cny=6e8, promised_tax_cny=3e7, escalated=True
    )
    assert (record.land_mu, record.promised_output_cny, record.escalated) == (120.5, 6e8, True)
    with pytest.raises(PipelineError, match="cannot edit stage directly"):
        update_record(s, record, stage="signed")
    with pytest.raises(PipelineError, match="land_mu must be a non-negative number"):
        update_record(s, record, land_mu=-3)
    assert record.stage == "lead"


def test_promoting_a_project_twice_leads_to_the_same_record(crew: Crew) -> None:
    s = crew.session
    company = Company(block="test", name="安徽镁创新材料有限公司", key="镁创新")
    s.add(company)
    s.flush()
    project = Project(
        block="test", name="高性能镁合金项目", key="镁合金", company_id=company.id, region="青阳县"
    )
    s.add(project)
    s.flush()
    first = promote_project(s, project.id, crew.team, crew.recorder, date(2026, 5, 1))
    again = promote_project(s, project.id, None, crew.checker, date(2026, 5, 2))
    assert again.id == first.id
    assert promoted_record(s, project.id) is first
    assert s.scalar(select(func.count()).select_from(PipelineRecord)) == 1
    assert first.company_name == "安徽镁创新材料有限公司"


def test_candidate_firm_becomes_a_lead_with_chain_and_node(crew: Crew) -> None:
    s = crew.session
    company = Company(block="test", name="云南精锻齿轮有限公司", key="精锻齿轮")
    s.add(company)
    s.flush()
    record = promote_candidate(
        s,
        company.id,
        chain="magnesium-light-alloy",
        node="magnesium-alloy",
        node_name="镁合金",
        team=crew.team,
        user=crew.recorder,
        region="池州市",
        on=date(2026, 5, 1),
    )
    assert (record.name, record.company_name, record.chain, record.node, record.region) == (
        "云南精锻齿轮有限公司（镁合金）",
        "云南精锻齿轮有限公司",
        "magnesium-light-alloy",
        "magnesium-alloy",
        "池州市",
    )
    assert record.stage == "lead" and record.team_id == crew.team.id
    assert record.owner_user_id == crew.recorder.id
    with pytest.raises(PipelineError, match="no knowledge-base company with id 9999"):
        promote_candidate(s, 9999, chain=None, node=None, team=None, user=crew.recorder)


def test_remarks_are_editable(crew: Crew) -> None:
    s = crew.session
    record = create_record(s, "项目", user=crew.recorder, on=date(2026, 1, 5))
    update_record(s, record, remarks="企业要求配套标准厂房")
    assert get_record(s, record.id).remarks == "企业要求配套标准厂房"


def test_evidence_document_must_exist_and_a_refused_move_changes_nothing(crew: Crew) -> None:
    s = crew.session
    record = create_record(s, "项目", user=crew.recorder, on=date(2026, 1, 5))
    with pytest.raises(PipelineError, match="evidence document 424242 is not in the knowledge"):
        move_stage(
            s,
            record,
            "negotiating",
            user=crew.recorder,
            on=date(2026, 2, 1),
            evidence_document_id=424242,
        )
    assert record.stage == "lead" and len(record.changes) == 1


def test_owner_is_a_linked_user_or_a_plain_name(crew: Crew) -> None:
    s = crew.session
    record = create_record(s, "项目", user=crew.recorder, on=date(2026, 1, 5), owner="王建国")
    assert (record.owner_user_id, record.owner_name) == (None, "王建国")
    set_owner(s, record, " lisi ")
    assert (record.owner_user_id, record.owner_name) == (crew.checker.id, "")
    set_owner(s, record, "县招商局 李科长")
    assert (record.owner_user_id, record.owner_name) == (None, "县招商局 李科长")
    set_owner(s, record, "")
    assert (record.owner_user_id, record.owner_name) == (None, "")


def test_nul_characters_are_refused_before_anything_is_stored(crew: Crew) -> None:
    s = crew.session
    with pytest.raises(PipelineError, match="company_name contains a NUL"):
        create_record(s, "项目", user=crew.recorder, on=date(2026, 1, 5), company_name="甲\x00")
    record = create_record(s, "项目", user=crew.recorder, on=date(2026, 1, 5))
    with pytest.raises(PipelineError, match="evidence_text contains a NUL"):
        move_stage(
            s, record, "negotiating", user=crew.recorder, on=date(2026, 2, 1), evidence_text="\x00"
        )
    with pytest.raises(PipelineError, match="remarks contains a NUL"):
        update_record(s, record, remarks="a\x00b")
    with pytest.raises(PipelineError, match="notes contains a NUL"):
        add_activity(s, record, "call", date(2026, 2, 1), notes="\x00")
    assert record.stage == "lead" and record.remarks == "" and record.activities == []
