"""User decisions regroup mentions, in the order they were made."""

from __future__ import annotations

import pytest

from chainatlas.resolve.decisions import Decision, apply_decisions
from chainatlas.resolve.mentions import ProjectFact


def mention(document_id: int, name: str) -> ProjectFact:
    return ProjectFact(
        fact_id=document_id, document_id=document_id, document_hash=str(document_id),
        published=None, name=name, company=None, region=None, region_code=None,
        investment_cny=None, capacity=None, status=None,
    )  # fmt: skip


FACTS = [mention(1, "甲项目"), mention(2, "甲项目"), mention(3, "乙项目")]


def test_split_then_merge_back() -> None:
    reasons = ["", "", ""]
    split = Decision(1, "split", ((2, "甲项目"),))
    groups = apply_decisions([[0, 1], [2]], FACTS, reasons, [split])
    assert groups == [[0], [1], [2]]
    assert reasons[1] == "split off by user decision #1"
    merge = Decision(2, "merge", ((3, "乙项目"),), ((2, "甲项目"),))
    assert apply_decisions([[0, 1], [2]], FACTS, reasons, [merge, split]) == [[0], [1, 2]]


def test_decisions_about_missing_mentions_change_nothing() -> None:
    gone = Decision(1, "merge", ((9, "丙项目"),), ((1, "甲项目"),))
    assert apply_decisions([[0, 1], [2]], FACTS, ["", "", ""], [gone]) == [[0, 1], [2]]


def test_unknown_decision_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown kind 'join'"):
        Decision(1, "join", ())
