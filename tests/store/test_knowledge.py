"""Reading the knowledge base: project lists with region/chain/status/date filters,
project records with timelines and evidence, companies, and totals that explain
themselves — after ingesting a hand-written article set through the real pipeline."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect

from chainatlas.config import Settings
from chainatlas.extract.model import (
    CompanyMention,
    Evidence,
    Extraction,
    ProjectDates,
    ProjectMention,
)
from chainatlas.ingest.model import NormalisedText
from chainatlas.ingest.pipeline import Ingestor
from chainatlas.resolve import rebuild
from chainatlas.store.db import Database, downgrade_schema, upgrade_schema
from chainatlas.store.knowledge import (
    ProjectQuery,
    get_company,
    get_project,
    list_companies,
    list_projects,
    project_total,
)

ARTICLES: list[dict[str, Any]] = json.loads(
    (Path(__file__).resolve().parents[1] / "resolve" / "kb_articles.json").read_text("utf-8")
)


def perfect_extractor(normalised: NormalisedText, _masked: list[tuple[int, int]]) -> Extraction:
    """The extraction each article was written with, found by the article's name in its text."""
    article = next(a for a in ARTICLES if a["name"] in normalised.text)
    evidence = [Evidence(0, 1, p["sentence"], 0) for p in article["projects"]]
    return Extraction(
        published=date.fromisoformat(article["published"]),
        companies=[CompanyMention(**c, evidence=evidence[:1]) for c in article["companies"]],
        projects=[
            ProjectMention(
                **{k: v for k, v in p.items() if k not in ("sentence", "dates")},
                dates=ProjectDates(**p.get("dates", {})),
                evidence=[Evidence(0, 1, p["sentence"], 0)],
            )
            for p in article["projects"]
        ],
    )


@pytest.fixture
def knowledge_base(database: Database, settings: Settings, tmp_path: Path) -> Database:
    lines = [
        {"title": a["name"], "published": a["published"],
         "text": a["name"] + "\n" + "".join(p["sentence"] for p in a["projects"])}
        for a in ARTICLES
    ]  # fmt: skip
    source = tmp_path / "articles.jsonl"
    source.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines), "utf-8")
    report = Ingestor(database, settings, extract=perfect_extractor).ingest([str(source)])
    assert not report.errors and report.count("added") == len(ARTICLES)
    with database.session() as session:
        rebuild(session)
    return database


def names(query: ProjectQuery, database: Database) -> list[str]:
    with database.session() as session:
        return sorted(p.name for p in list_projects(session, query))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (ProjectQuery(region="江苏"), ["常州华勤电子年产2万吨电解铜箔项目"]),
        (ProjectQuery(region="合肥"), ["华勤智能终端项目"]),
        (ProjectQuery(region="安徽", chain="new-energy-battery"),
         ["池州绿源年产10万吨磷酸铁锂项目", "池州绿源年产10万吨磷酸铁锂项目"]),
        (ProjectQuery(region="池州市", status="negotiating"), ["华勤技术服务器主板项目"]),
        (ProjectQuery(since=date(2023, 11, 1)),
         ["常州华勤电子年产2万吨电解铜箔项目", "池州绿源年产10万吨磷酸铁锂项目",
          "池州绿源年产10万吨磷酸铁锂项目"]),
        (ProjectQuery(region="浙江"), []),
        (ProjectQuery(chain="新能源电池"),
         ["池州绿源年产10万吨磷酸铁锂项目", "池州绿源年产10万吨磷酸铁锂项目"]),
    ],
)  # fmt: skip
def test_project_filters(
    knowledge_base: Database, query: ProjectQuery, expected: list[str]
) -> None:
    assert names(query, knowledge_base) == expected


def test_a_province_includes_its_cities(knowledge_base: Database) -> None:
    assert len(names(ProjectQuery(region="安徽"), knowledge_base)) == 6
    assert len(names(ProjectQuery(), knowledge_base)) == 7


def test_project_record_has_timeline_evidence_and_phases(knowledge_base: Database) -> None:
    with knowledge_base.session() as session:
        (notebooks,) = [
            p for p in list_projects(session) if p.name == "华勤技术年产500万台笔记本电脑项目"
        ]
        record = get_project(session, notebooks.id)
    assert record is not None
    assert [(t.stage, t.when) for t in record.timeline] == [
        ("signed", "2022-02"), ("construction", "2022-06-18"), ("operating", "2022-12")
    ]  # fmt: skip
    assert [e.title for e in record.evidence] == [
        "a01-signing.txt", "a02-groundbreaking.txt", "a03-production.txt", "a05-increase.txt"
    ]  # fmt: skip
    assert record.evidence[3].increase and "增资5亿元" in (record.evidence[3].sentence or "")
    assert record.project.investment_conflict and record.project.investment_cny == 3.2e9
    assert [p.phase for p in record.phases] == [2]
    assert "增资 +5亿元" in record.counted_why


def test_missing_records_are_none(knowledge_base: Database) -> None:
    with knowledge_base.session() as session:
        assert get_project(session, 10_000) is None
        assert get_company(session, 10_000) is None


def test_totals_count_each_project_once_and_explain(knowledge_base: Database) -> None:
    with knowledge_base.session() as session:
        chizhou = project_total(session, ProjectQuery(region="池州"))
    assert chizhou.projects == 5
    assert chizhou.amount_cny == pytest.approx(1.7e9 + 2e9 + 1.5e9 + 1.8e9)
    whys = {item.name: item.why for item in chizhou.items}
    assert whys["华勤技术服务器主板项目"].startswith("no investment figure")


def test_companies_with_aliases_and_reasons(knowledge_base: Database) -> None:
    with knowledge_base.session() as session:
        found = {c.name: c for c in list_companies(session, name="华勤")}
        assert set(found) == {"华勤技术股份有限公司", "常州华勤电子有限公司", "华勤"}
        assert "华勤" in found["华勤技术股份有限公司"].aliases
        assert [c.name for c in list_companies(session, region="江苏")] == ["常州华勤电子有限公司"]
        record = get_company(session, found["华勤技术股份有限公司"].id)
    assert record is not None
    assert record.company.projects == 3
    assert "owns a project of this firm" in record.alias_reasons["华勤"]
    assert record.documents[0][2] == date(2022, 2, 15)


def test_knowledge_base_migration_goes_down_and_up(database: Database) -> None:
    kb_tables = {"companies", "company_aliases", "company_mentions", "projects",
                 "project_mentions", "project_timeline", "resolution_decisions"}  # fmt: skip
    downgrade_schema(database.engine, "0001")
    assert not kb_tables & set(inspect(database.engine).get_table_names())
    upgrade_schema(database.engine)
    assert kb_tables <= set(inspect(database.engine).get_table_names())
