"""Knowledge-base scale: resolve the facts of many synthetic articles into companies
and projects, and time ingestion and a region × chain query.

Usage (from the repository root):
    .venv/bin/python benchmarks/kb_scale.py [--articles 100000] [--batch 2000] [--rebuild]

Articles are generated from templates: firms with trade names, home cities and
legal suffixes; projects of those firms making a product of a node of the chain
library (src/chainatlas/data/chains) in a county of the division gazetteer; and
several articles per project — signing, groundbreaking, production — that name
the project and its owner in varied ways, with occasional conflicting figures,
second phases and increases (增资). Each batch of articles is stored as
documents with fact rows and resolved in the same transaction, as ingestion
does, in an SQLite file in a temporary folder. Prints articles/s, then the time
of ``projects --region <province> --chain <chain>`` and of its total.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select

from chainatlas.chains.library import load_library
from chainatlas.extract.gazetteer import Division, load_gazetteer
from chainatlas.extract.model import (
    CompanyMention,
    Evidence,
    ProjectDates,
    ProjectMention,
    ProjectStatus,
)
from chainatlas.resolve import resolve_documents
from chainatlas.resolve.places import places_named
from chainatlas.store.db import Database
from chainatlas.store.knowledge import ProjectQuery, list_projects, project_total
from chainatlas.store.models import Company, Document, Fact, Project

# Characters that start and continue trade names; 120 × 120 possible first pairs.
NAME_CHARS = (
    "华勤源峰瑞达昌盛恒通宏鑫泰嘉益安信诚德丰创新博远明辉海天金宇凯旭佳合美欣荣祥润聚航星光"
    "科锐弘瀚腾飞龙骏晟煜晶璟铭朗睿智恩正道中立远东方南北西江河湖山川林森晨曦阳辰宸霖雨露"
    "云霞鸿雁彩虹锦绣华夏长青松柏竹梅兰菊桂银铜铁锂硅钛镁铝钢磁能动力普惠永久亿万千百"
)
INDUSTRY = ("科技", "新材料", "新能源", "电子", "智能装备", "实业", "材料科技", "精密制造")
STAGES: tuple[ProjectStatus, ...] = ("signed", "construction", "operating")
STAGE_WORDS = {"signed": "签约", "construction": "开工建设", "operating": "建成投产"}


@dataclass
class Firm:
    trade: str
    full: str
    short: str
    home: Division


@dataclass
class Plan:
    firm: Firm
    product: str
    chain: str
    node: str
    county: Division
    capacity: str
    investment: float
    phase: int | None
    start: date


def products() -> list[tuple[str, str, str]]:
    """(product word, chain id, node id) for every node of the chain library."""
    found = []
    for chain, node in load_library().nodes():
        word = next((w for w in (node.name, *node.keywords) if "/" not in w and "与" not in w), "")
        if 2 <= len(word) <= 8:
            found.append((word, chain.id, node.id))
    return found


def _place_word(division: Division) -> str:
    """How articles write a place: its short form, else its full name, else nothing
    when both are everyday words the gazetteer does not read as places (城区, 郊区)."""
    for word in (division.short, division.name):
        if places_named(word):
            return word
    return ""


def firms(rng: random.Random, count: int, cities: list[Division]) -> list[Firm]:
    seen: set[str] = set()
    made: list[Firm] = []
    while len(made) < count:
        trade = "".join(rng.sample(NAME_CHARS, 2 if rng.random() < 0.6 else 3))
        # Trade names that are also place names (昌江) read as places without an owner.
        if trade[:2] in seen or places_named(trade[:2]) or places_named(trade):
            continue
        seen.add(trade[:2])
        home = rng.choice(cities)
        industry = rng.choice(INDUSTRY)
        prefix = _place_word(home) if rng.random() < 0.5 else ""
        full = f"{prefix}{trade}{industry}{rng.choice(('有限公司', '股份有限公司'))}"
        made.append(Firm(trade, full, trade + industry, home))
    return made


def plans(rng: random.Random, articles: int) -> Iterator[tuple[Plan, int]]:
    """Projects with how many articles each gets, until ``articles`` are planned."""
    gazetteer = load_gazetteer()
    counties = [d for d in gazetteer.divisions if d.level == "county"]
    cities = [d for d in gazetteer.divisions if d.level == "city"]
    catalogue = products()
    owners = firms(rng, max(articles // 8, 10), cities)
    planned = 0
    while planned < articles:
        firm = rng.choice(owners)
        product, chain, node = rng.choice(catalogue)
        base = Plan(
            firm, product, chain, node, rng.choice(counties),
            f"{rng.randint(1, 50)}万吨", rng.randint(5, 500) * 1e7, None,
            date(2019, 1, 1) + timedelta(days=rng.randint(0, 1800)),
        )  # fmt: skip
        count = min(rng.randint(1, 5), articles - planned)
        planned += count
        yield base, count
        if rng.random() < 0.1 and planned < articles:
            phase = Plan(**{**base.__dict__, "phase": 2, "investment": base.investment / 2,
                            "start": base.start + timedelta(days=400)})  # fmt: skip
            planned += 1
            yield phase, 1


def article(rng: random.Random, plan: Plan, index: int) -> dict[str, Any]:
    """One article about ``plan`` at its ``index``-th stage, as document + facts."""
    stage = STAGES[min(index, 2)]
    published = plan.start + timedelta(days=150 * index + rng.randint(0, 30))
    firm = plan.firm
    phase = "二期" if plan.phase else ""
    name = rng.choice(
        (f"{firm.short}年产{plan.capacity}{plan.product}{phase}项目",
         f"{firm.trade}{plan.product}{phase}项目",
         f"{_place_word(plan.county)}{firm.trade}{plan.product}{phase}生产基地项目")
    )  # fmt: skip
    owner = rng.choice((firm.full, firm.short, firm.trade, None))
    investment: float | None = rng.choice((plan.investment, plan.investment, None))
    if investment and rng.random() < 0.1:
        investment = round(investment * rng.uniform(0.8, 1.2), -6)
    amount = f"总投资{investment / 1e8:.2f}亿元" if investment else "进展顺利"
    sentence = f"{name}{STAGE_WORDS[stage]}，{amount}。"
    if index > 0 and rng.random() < 0.03:
        investment = rng.randint(1, 20) * 1e8
        sentence = f"{firm.short}对{name}增资{investment / 1e8:.0f}亿元。"
    evidence = [Evidence(0, len(name), sentence, 0)]
    project = ProjectMention(
        name=name, company=owner, region=plan.county.name, region_code=plan.county.code,
        investment_cny=investment, capacity=f"年产{plan.capacity}", status=stage,
        dates=ProjectDates(**{stage: published.isoformat()[:7]}) if rng.random() < 0.5
        else ProjectDates(),
        chain=plan.chain, node=plan.node, evidence=evidence,
    )  # fmt: skip
    facts = [_fact("project", project, sentence, stage, plan.county.name, investment)]
    if owner:
        company = CompanyMention(name=owner, evidence=evidence)
        facts.append(_fact("company", company, sentence, None, None, None))
    return {"published": published, "text": sentence, "facts": facts}


def _fact(
    kind: str, mention: Any, sentence: str, status: str | None, region: str | None,
    value: float | None,
) -> dict[str, Any]:  # fmt: skip
    return {"kind": kind, "name": mention.name, "status": status, "region": region,
            "value_cny": value, "start": 0, "end": len(mention.name), "sentence": sentence,
            "data": asdict(mention)}  # fmt: skip


def articles(count: int, seed: int) -> Iterator[dict[str, Any]]:
    rng = random.Random(seed)
    for number, (plan, mentions) in enumerate(plans(rng, count)):
        for index in range(mentions):
            yield {**article(rng, plan, index), "plan": number}


def store_batch(database: Database, batch: list[dict[str, Any]], offset: int) -> None:
    """Store a batch of articles and resolve them in one transaction, like ingestion."""
    now = datetime.now().replace(microsecond=0)
    with database.session() as session:
        rows = [
            {"content_hash": hashlib.sha256(f"{offset + i}{a['text']}".encode()).hexdigest(),
             "name": f"synthetic-{offset + i}.txt", "format": "txt", "encoding": "utf-8",
             "title": None, "url": None, "source": "合成日报", "published": a["published"],
             "ingested_at": now, "original_text": a["text"], "normalised_text": a["text"],
             "offset_map": [[0, 0]], "removed_spans": [], "minhash": None, "story_id": None,
             "extracted_at": now, "extractor_version": "synthetic"}
            for i, a in enumerate(batch)
        ]  # fmt: skip
        # Ids chosen here: RETURNING in a given order makes SQLite insert row by row.
        first = (session.scalar(select(func.max(Document.id))) or 0) + 1
        ids = list(range(first, first + len(rows)))
        for row, doc_id in zip(rows, ids, strict=True):
            row["id"] = doc_id
        session.execute(insert(Document).execution_options(render_nulls=True), rows)
        facts = [
            {**fact, "document_id": doc_id}
            for doc_id, a in zip(ids, batch, strict=True)
            for fact in a["facts"]
        ]
        session.execute(insert(Fact).execution_options(render_nulls=True), facts)
        resolve_documents(session, ids)


def timed_query(database: Database, query: ProjectQuery, runs: int = 10) -> tuple[float, int]:
    times, found = [], 0
    for _ in range(runs):
        with database.session() as session:
            started = time.perf_counter()
            found = len(list_projects(session, query))
            times.append(time.perf_counter() - started)
    return statistics.median(times), found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=2000, help="articles per transaction")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--rebuild", action="store_true", help="also time a full rebuild")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        database = Database(f"sqlite:///{Path(folder) / 'kb.sqlite3'}")
        generated, storing, cpu, truth = 0, 0.0, 0.0, set()
        batch: list[dict[str, Any]] = []
        started = time.perf_counter()
        for item in articles(args.articles, args.seed):
            truth.add(item["plan"])
            batch.append(item)
            if len(batch) == args.batch or generated + len(batch) == args.articles:
                began, cpu_began = time.perf_counter(), time.process_time()
                store_batch(database, batch, generated)
                storing += time.perf_counter() - began
                cpu += time.process_time() - cpu_began
                generated += len(batch)
                batch = []
        if batch:
            began, cpu_began = time.perf_counter(), time.process_time()
            store_batch(database, batch, generated)
            storing += time.perf_counter() - began
            cpu += time.process_time() - cpu_began
            generated += len(batch)
        elapsed = time.perf_counter() - started
        with database.session() as session:
            projects = session.scalar(select(func.count(Project.id))) or 0
            companies = session.scalar(select(func.count(Company.id))) or 0
            facts = session.scalar(select(func.count(Fact.id))) or 0
            pairs = Counter(
                (code[:2] + "0000", chain)
                for code, chain in session.execute(select(Project.region_code, Project.chain))
                if code and chain
            )
        (province_code, chain), _ = pairs.most_common(1)[0]
        province = load_gazetteer().by_code(province_code)
        region = province.name if province else province_code
        print(f"articles            {generated:,} ({facts:,} facts)")
        print(f"resolved into       {projects:,} projects ({len(truth):,} generated), "
              f"{companies:,} companies")  # fmt: skip
        print(f"generate + store    {elapsed:.1f} s, of which storing and resolving "
              f"{storing:.1f} s = {generated / storing:,.0f} articles/s")  # fmt: skip
        # On a shared machine wall time includes waiting for the CPU; this process's own
        # CPU time gives the throughput on an idle core.
        print(f"  CPU time          {cpu:.1f} s = {generated / cpu:,.0f} articles/s per core")
        query = ProjectQuery(region=region, chain=chain, limit=None)
        seconds, found = timed_query(database, query)
        print(f"projects --region {region} --chain {chain}: {found} projects in "
              f"{seconds * 1000:.1f} ms (median of 10)")  # fmt: skip
        with database.session() as session:
            started = time.perf_counter()
            result = project_total(session, query)
            total_seconds = time.perf_counter() - started
        print(f"  total {result.amount_cny / 1e8:,.1f}亿元 over {result.projects} projects "
              f"in {total_seconds * 1000:.1f} ms")  # fmt: skip
        if args.rebuild:
            from chainatlas.resolve import rebuild

            started, cpu_started = time.perf_counter(), time.process_time()
            with database.session() as session:
                report = rebuild(session)
            print(f"full rebuild        {time.perf_counter() - started:.1f} s "
                  f"(CPU {time.process_time() - cpu_started:.1f} s, "
                  f"{report.projects:,} projects)")  # fmt: skip
        database.dispose()


if __name__ == "__main__":
    main()
