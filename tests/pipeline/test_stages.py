"""Tests of the transition table: allowed moves, refused moves naming from/to, reasons."""

from __future__ import annotations

import pytest

from chainatlas.pipeline.stages import StageError, check_transition, parse_stage


@pytest.mark.parametrize(
    ("from_stage", "to_stage", "reason"),
    [
        ("lead", "negotiating", ""),
        ("negotiating", "signed", ""),
        ("signed", "construction", ""),
        ("construction", "operating", ""),
        ("operating", "at_capacity", ""),
        ("negotiating", "shelved", "企业资金链紧张"),
        ("shelved", "negotiating", ""),
        ("lead", "terminated", "企业另选他址"),
    ],
)
def test_allowed_transitions(from_stage: str, to_stage: str, reason: str) -> None:
    check_transition(from_stage, to_stage, reason)


@pytest.mark.parametrize(
    ("from_stage", "to_stage"),
    [
        ("lead", "signed"),
        ("lead", "operating"),
        ("signed", "lead"),
        ("terminated", "lead"),
        ("at_capacity", "operating"),
        ("operating", "shelved"),
    ],
)
def test_refused_transitions_name_from_and_to(from_stage: str, to_stage: str) -> None:
    with pytest.raises(StageError, match=rf"{from_stage} → .*{to_stage} is not allowed"):
        check_transition(from_stage, to_stage, "理由")


@pytest.mark.parametrize("to_stage", ["shelved", "terminated"])
def test_shelving_and_terminating_need_a_reason(to_stage: str) -> None:
    with pytest.raises(StageError, match="needs a reason"):
        check_transition("negotiating", to_stage, "  ")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("签约", "signed"), ("达产", "at_capacity"), ("开工", "construction"), ("lead", "lead")],
)
def test_parse_stage_accepts_ids_and_chinese_names(text: str, expected: str) -> None:
    assert parse_stage(text) == expected


def test_parse_stage_rejects_unknown_names() -> None:
    with pytest.raises(StageError, match="unknown stage '试产'"):
        parse_stage("试产")


def test_trial_production_is_an_optional_step_after_construction() -> None:
    check_transition("construction", "trial")
    check_transition("trial", "operating")
    check_transition("construction", "operating")
    with pytest.raises(StageError, match="not allowed"):
        check_transition("signed", "trial")
    with pytest.raises(StageError, match="not allowed"):
        check_transition("trial", "construction")
    assert parse_stage("试生产") == "trial"
