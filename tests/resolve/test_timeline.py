"""Timelines from mentions, the current status and contradiction warnings."""

from __future__ import annotations

from datetime import date

import pytest

from chainatlas.resolve.mentions import ProjectFact
from chainatlas.resolve.timeline import current_status, timeline


def mention(published: str, status: str | None = None, **dates: str) -> ProjectFact:
    return ProjectFact(
        fact_id=0, document_id=0, document_hash=published, published=date.fromisoformat(published),
        name="绿源磷酸铁锂项目", company=None, region=None, region_code=None, investment_cny=None,
        capacity=None, status=status, dates=dates,
    )  # fmt: skip


def test_entries_are_ordered_by_their_dates_not_by_publication() -> None:
    entries = timeline(
        [mention("2023-09-01", "operating", operating="2023-08"),
         mention("2023-01-09", "signed", signed="2023-01-06")]
    )  # fmt: skip
    assert [(e.stage, e.date, e.dated_by) for e in entries] == [
        ("signed", "2023-01-06", "stated"),
        ("operating", "2023-08", "stated"),
    ]


def test_a_status_without_a_date_is_dated_by_publication() -> None:
    (entry,) = timeline([mention("2023-07-12", "construction")])
    assert (entry.stage, entry.date, entry.dated_by) == ("construction", "2023-07-12", "published")


def test_a_date_after_publication_is_a_plan_not_progress() -> None:
    entries = timeline([mention("2023-03-10", "signed", signed="2023-03", operating="2024-06")])
    assert [(e.stage, e.planned) for e in entries] == [("signed", False), ("operating", True)]
    assert current_status(entries) == ("signed", None)


@pytest.mark.parametrize(
    ("mentions", "status", "warned"),
    [
        ([("2022-02-15", "signed"), ("2022-12-28", "operating")], "operating", False),
        ([("2022-12-28", "operating"), ("2023-11-20", "signed")], "operating", True),
        ([("2023-01-01", "construction"), ("2023-01-01", "signed")], "construction", False),
    ],
)
def test_current_status_and_contradictions(
    mentions: list[tuple[str, str]], status: str, warned: bool
) -> None:
    found, warning = current_status(timeline([mention(day, stage) for day, stage in mentions]))
    assert found == status
    assert (warning is not None) is warned
    if warning:
        assert warning == "签约 signed reported 2023-11-20 after 投产 operating on 2022-12-28"


def test_only_plans_mean_planned() -> None:
    assert current_status(timeline([mention("2023-01-01", None, operating="2025")])) == (
        "planned",
        None,
    )
