"""Dashboard aggregates and paged project lists over the resolved demo corpus."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

import pytest

from chainatlas.api.settings import WebSettings
from chainatlas.store.dashboard import (
    SORTABLE,
    ProjectFilter,
    all_projects,
    dashboard,
    page_projects,
    project_of_fact,
    projects_of_documents,
)
from chainatlas.store.db import Database
from chainatlas.store.knowledge import ProjectSummary, get_project
from chainatlas.web.demo import seed_demo


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    url = f"sqlite:///{tmp_path_factory.mktemp('dashboard-db') / 'chainatlas.sqlite3'}"
    seed_demo(WebSettings(database_url=url))
    database = Database(url)
    yield database
    database.dispose()


def test_pages_cover_every_project_once(demo: Database) -> None:
    with demo.session() as session:
        everything = all_projects(session, ProjectFilter())
        pages = [page_projects(session, ProjectFilter(), page=n, page_size=7) for n in (1, 2, 3)]
    assert pages[0].total == len(everything) and pages[0].pages == -(-len(everything) // 7)
    seen = [p.id for page in pages for p in page.items]
    assert seen == [p.id for p in everything][:21]


@pytest.mark.parametrize("sort", sorted(SORTABLE))
def test_every_sort_key_orders_the_list(demo: Database, sort: str) -> None:
    with demo.session() as session:
        items = page_projects(session, ProjectFilter(), sort=sort, descending=False, page_size=200)
    column = {"investment": "investment_cny"}.get(sort, sort)
    values = [getattr(p, column) for p in items.items if getattr(p, column) is not None]
    assert values == sorted(values)


def test_unknown_sort_names_the_choices(demo: Database) -> None:
    with demo.session() as session, pytest.raises(ValueError, match="cannot sort by 'secret'"):
        page_projects(session, ProjectFilter(), sort="secret")


@pytest.mark.parametrize(
    ("selection", "check"),
    [
        (ProjectFilter(region="安徽"), lambda p: (p.region_code or "").startswith("34")),
        (ProjectFilter(status="signed"), lambda p: p.status == "signed"),
        (
            ProjectFilter(until=date(2022, 12, 31)),
            lambda p: p.first_seen is not None and p.first_seen <= date(2022, 12, 31),
        ),
    ],
)
def test_filters(
    demo: Database, selection: ProjectFilter, check: Callable[[ProjectSummary], bool]
) -> None:
    with demo.session() as session:
        found = all_projects(session, selection)
    assert found and all(check(p) for p in found)


def test_dashboard_totals_agree_with_the_list(demo: Database) -> None:
    selection = ProjectFilter(region="江西")
    with demo.session() as session:
        board = dashboard(session, selection)
        listed = all_projects(session, selection)
    assert board.projects == len(listed) == sum(b.projects for b in board.by_status)
    assert board.investment_cny == pytest.approx(sum(p.counted_cny or 0 for p in listed))
    assert sum(b.projects for b in board.by_month) == sum(1 for p in listed if p.first_seen)
    assert [p.id for p in board.latest] == [p.id for p in listed][:10]


def test_projects_of_documents_and_of_facts(demo: Database) -> None:
    with demo.session() as session:
        first = all_projects(session, ProjectFilter())[0]
        record = get_project(session, first.id)
        assert record is not None
        evidence = record.evidence[0]
        assert project_of_fact(session, evidence.fact_id) == first.id
        assert (first.id, first.name) in projects_of_documents(session, [evidence.document_id])
        assert project_of_fact(session, -1) is None
