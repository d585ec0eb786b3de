"""The knowledge-base commands on a real database, as a user runs them."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from chainatlas.cli.knowledge import register
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
from chainatlas.store.db import Database

ARTICLES: list[dict[str, Any]] = json.loads(
    (Path(__file__).resolve().parents[1] / "resolve" / "kb_articles.json").read_text("utf-8")
)
Invoke = Callable[..., tuple[int, str, str]]  # see cli_invoker in tests/cli/conftest.py


@pytest.fixture(scope="module")
def invoke(cli_invoker: Callable[..., Invoke]) -> Invoke:
    return cli_invoker(register)


def perfect_extractor(normalised: NormalisedText, _masked: list[tuple[int, int]]) -> Extraction:
    article = next(a for a in ARTICLES if a["name"] in normalised.text)
    return Extraction(
        published=date.fromisoformat(article["published"]),
        companies=[CompanyMention(**c) for c in article["companies"]],
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
def url(database_url: str, settings: Settings, tmp_path: Path, invoke: Invoke) -> str:
    source = tmp_path / "articles.jsonl"
    source.write_text(
        "\n".join(
            json.dumps({"title": a["name"], "published": a["published"],
                        "text": a["name"] + "".join(p["sentence"] for p in a["projects"])},
                       ensure_ascii=False)
            for a in ARTICLES
        ),
        "utf-8",
    )  # fmt: skip
    database = Database(database_url)
    Ingestor(database, settings, extract=perfect_extractor).ingest([str(source)])
    database.dispose()
    code, _, _ = invoke(database_url, "projects", "rebuild")
    assert code == 0
    return database_url


def test_projects_json_with_totals(url: str, invoke: Invoke) -> None:
    code, out, _ = invoke(url, "projects", "--region", "安徽", "--totals", "--format", "json")
    assert code == 0
    result = json.loads(out)
    assert len(result["projects"]) == 6
    assert result["total"]["projects"] == 6
    assert result["total"]["amount_cny"] == pytest.approx(78e8)
    assert all(item["why"] for item in result["total"]["items"])


def test_projects_table_and_csv(url: str, invoke: Invoke) -> None:
    code, out, _ = invoke(url, "projects", "--chain", "new-energy-battery", "--totals")
    assert code == 0 and "total" in out and "33亿元" in out
    code, out, _ = invoke(url, "projects", "--region", "江苏", "--format", "csv")
    lines = out.strip().splitlines()
    assert code == 0 and lines[0].startswith("id,name,company_id") and len(lines) == 2


def project_id(url: str, name: str, invoke: Invoke) -> int:
    _, out, _ = invoke(url, "projects", "--format", "json")
    return next(p["id"] for p in json.loads(out)["projects"] if p["name"] == name)


def test_project_shows_timeline_and_evidence(url: str, invoke: Invoke) -> None:
    pid = project_id(url, "华勤技术年产500万台笔记本电脑项目", invoke)
    code, out, _ = invoke(url, "project", str(pid), "--format", "json")
    record = json.loads(out)
    assert code == 0
    assert [t["stage"] for t in record["timeline"]] == ["signed", "construction", "operating"]
    assert any("增资5亿元" in e["sentence"] for e in record["evidence"])
    code, out, _ = invoke(url, "project", str(pid))
    assert code == 0 and "timeline" in out and "figures conflict" in out


def test_companies_and_company(url: str, invoke: Invoke) -> None:
    code, out, _ = invoke(url, "companies", "--name", "华勤", "--format", "json")
    found = {c["name"]: c for c in json.loads(out)}
    assert code == 0 and set(found) == {"华勤技术股份有限公司", "常州华勤电子有限公司", "华勤"}
    code, out, _ = invoke(url, "company", str(found["华勤技术股份有限公司"]["id"]))
    assert code == 0 and "alias 华勤:" in out and "华勤技术服务器主板项目" in out


def test_merge_decisions_and_undo(url: str, invoke: Invoke) -> None:
    first = project_id(url, "华勤技术年产500万台笔记本电脑项目", invoke)
    second = project_id(url, "华勤智能终端项目", invoke)
    code, out, _ = invoke(url, "projects", "merge", str(first), str(second), "--reason", "同一项目")
    assert code == 0 and "decision #1" in out
    _, out, _ = invoke(url, "projects", "--format", "json")
    assert len(json.loads(out)["projects"]) == 6
    _, out, _ = invoke(url, "projects", "decisions", "--format", "json")
    assert [(d["kind"], d["reason"]) for d in json.loads(out)] == [("merge", "同一项目")]
    code, out, _ = invoke(url, "projects", "undo", "1")
    assert code == 0
    _, out, _ = invoke(url, "projects", "--format", "json")
    assert len(json.loads(out)["projects"]) == 7


def test_split_takes_a_mention_out(url: str, invoke: Invoke) -> None:
    pid = project_id(url, "华勤技术年产500万台笔记本电脑项目", invoke)
    _, out, _ = invoke(url, "project", str(pid), "--format", "json")
    fact = json.loads(out)["evidence"][-1]["fact_id"]
    code, _, _ = invoke(url, "projects", "split", str(pid), "--mention", str(fact))
    assert code == 0
    _, out, _ = invoke(url, "projects", "--format", "json")
    assert len(json.loads(out)["projects"]) == 8


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("project", "9999"), "no project with id 9999"),
        (("company", "9999"), "no company with id 9999"),
        (("projects", "--since", "yesterday"), "is not an ISO date"),
        (("projects", "merge", "1", "1"), "cannot merge project 1 with itself"),
        (("projects", "undo", "77"), "no decision with id 77"),
    ],
)
def test_errors_name_the_problem_and_exit_2(
    url: str, args: tuple[str, ...], message: str, invoke: Invoke
) -> None:
    code, _, err = invoke(url, *args)
    assert code == 2
    assert message in " ".join(err.split())
