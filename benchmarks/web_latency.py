"""Web latency at scale: p50/p95 of the dashboard, project-list and search APIs over a
knowledge base of (by default) 100,000 projects, under concurrent load on loopback.

Usage (from the repository root):
    .venv/bin/python benchmarks/web_latency.py [--projects 100000] [--requests 200]
        [--concurrency 8] [--db PATH]

The knowledge base is written in bulk with SQLAlchemy Core inserts from templates
(firm names, products of chain nodes and counties as in benchmarks/kb_scale.py; one
company per five projects, one short article per ten projects for document search),
into an SQLite file that is reused when it already holds the same number of projects.
A uvicorn server runs the app in a subprocess on a free loopback port; an asyncio client
(httpx, bounded concurrency) logs in with an API token and sends ``--requests`` requests
per endpoint, cycling through a few parameter sets, and prints p50/p95 in milliseconds.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, insert, select

from chainatlas.extract.gazetteer import load_gazetteer
from chainatlas.store.db import Database
from chainatlas.store.models import Company, Document, Project

sys.path.insert(0, str(Path(__file__).resolve().parent))
from kb_scale import NAME_CHARS, products  # a sibling script, not a package

STATUSES = ("planned", "negotiating", "signed", "construction", "trial", "operating")
INDUSTRY = ("科技", "新材料", "新能源", "电子", "智能装备", "实业")
BATCH = 5000
USERNAME = "latency-bench"
# Endpoint label → parameter sets the client cycles through.
ENDPOINTS: dict[str, tuple[str, list[dict[str, str]]]] = {
    "dashboard": ("/api/v1/dashboard", [{}, {"region": "安徽"}, {"chain": "new-energy-battery"}]),
    "projects (region, paged)": (
        "/api/v1/projects",
        [
            {"region": "安徽", "page": "1", "page_size": "50"},
            {"region": "江苏", "page": "3", "page_size": "50"},
            {"region": "四川", "page": "2", "page_size": "50", "sort": "investment"},
        ],
    ),
    "search": (
        "/api/v1/search",
        [{"q": "正极材料"}, {"q": "锂电"}, {"q": "签约 项目"}, {"q": "镁合金", "kind": "project"}],
    ),
}


def _rows(count: int, seed: int) -> Iterator[tuple[str, dict[str, Any]]]:
    """("company" | "project" | "document", row) in insertion order, ids from 1."""
    rng = random.Random(seed)
    counties = [d for d in load_gazetteer().divisions if d.level == "county"]
    catalogue = products()
    firms = max(count // 5, 1)
    for company_id in range(1, firms + 1):
        trade = "".join(rng.sample(NAME_CHARS, 3))
        home = rng.choice(counties)
        name = f"{trade}{rng.choice(INDUSTRY)}有限公司"
        yield "company", {"id": company_id, "block": trade[:2], "name": name, "key": trade,
                          "region": home.name, "region_code": home.code, "mentions": 1,
                          "documents": 1}  # fmt: skip
    for project_id in range(1, count + 1):
        product, chain, node = rng.choice(catalogue)
        county = rng.choice(counties)
        first = date(2019, 1, 1) + timedelta(days=rng.randint(0, 2000))
        amount = rng.randint(5, 500) * 1e7
        name = f"年产{rng.randint(1, 50)}万吨{product}项目"
        yield "project", {"id": project_id, "block": product[:2], "name": name, "key": name,
                          "company_id": rng.randint(1, firms), "region": county.name,
                          "region_code": county.code, "status": rng.choice(STATUSES),
                          "investment_cny": amount, "counted_cny": amount, "chain": chain,
                          "node": node, "first_seen": first,
                          "last_seen": first + timedelta(days=rng.randint(0, 600)),
                          "mentions": rng.randint(1, 5), "documents": 1}  # fmt: skip
        if project_id % 10 == 0:
            text = (f"{first:%Y年%m月%d日}，{county.name}与企业签约{name}，"
                    f"总投资{amount / 1e8:.1f}亿元，主要生产{product}。")  # fmt: skip
            yield "document", {"id": project_id // 10, "content_hash": f"{project_id:064d}",
                               "name": f"bench_{project_id}.txt", "format": "txt",
                               "title": f"{county.name}{product}项目签约", "published": first,
                               "ingested_at": datetime(2025, 1, 1), "original_text": text,
                               "normalised_text": text, "offset_map": [],
                               "removed_spans": []}  # fmt: skip


def build(database: Database, count: int) -> float:
    """Fill an empty knowledge base with ``count`` projects; seconds taken."""
    tables = {"company": Company, "project": Project, "document": Document}
    started = time.perf_counter()
    pending: dict[str, list[dict[str, Any]]] = {kind: [] for kind in tables}
    with database.session() as session:
        for kind, row in _rows(count, seed=6):
            pending[kind].append(row)
            if len(pending[kind]) >= BATCH:
                session.execute(insert(tables[kind]), pending[kind])
                pending[kind] = []
        for kind, rows in pending.items():
            if rows:
                session.execute(insert(tables[kind]), rows)
    return time.perf_counter() - started


def api_token(database: Database) -> str:
    import chainatlas.accounts.models  # noqa: F401  (registers the account tables)
    from chainatlas.accounts.tokens import create_api_token
    from chainatlas.accounts.users import create_user, get_user

    with database.session() as session:
        if get_user(session, USERNAME) is None:
            create_user(session, USERNAME, os.urandom(12).hex(), "viewer")
        return create_api_token(session, USERNAME, "web latency benchmark")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def start_server(url: str, port: int) -> subprocess.Popen[bytes]:
    code = (
        "import uvicorn\n"
        "from chainatlas.api.app import create_app\n"
        "from chainatlas.api.settings import WebSettings\n"
        f"app = create_app(WebSettings(database_url={url!r}))\n"
        f"uvicorn.run(app, host='127.0.0.1', port={port}, log_level='warning')\n"
    )
    return subprocess.Popen([sys.executable, "-c", code])


async def wait_until_up(base: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    async with httpx.AsyncClient(base_url=base) as client:
        while True:
            try:
                if (await client.get("/api/v1/health")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"server at {base} did not answer within {seconds} s")
            await asyncio.sleep(0.2)


async def measure(
    base: str, token: str, path: str, params: list[dict[str, str]], requests: int, width: int
) -> list[float]:
    """Milliseconds of each of ``requests`` GETs, ``width`` at a time."""
    gate = asyncio.Semaphore(width)
    timings: list[float] = []
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=120) as client:

        async def one(index: int) -> None:
            async with gate:
                started = time.perf_counter()
                response = await client.get(path, params=params[index % len(params)])
                timings.append((time.perf_counter() - started) * 1000)
                if response.status_code != 200:
                    raise RuntimeError(f"GET {path} → {response.status_code}: {response.text}")

        await client.get(path, params=params[0])  # warm-up (caches, chain library)
        await asyncio.gather(*(one(i) for i in range(requests)))
    return timings


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def run(base: str, token: str, requests: int, width: int) -> None:
    print(f"{'endpoint':28} {'p50 ms':>8} {'p95 ms':>8} {'mean ms':>8}")
    for label, (path, params) in ENDPOINTS.items():
        timings = await measure(base, token, path, params, requests, width)
        print(f"{label:28} {percentile(timings, 0.5):8.1f} {percentile(timings, 0.95):8.1f} "
              f"{statistics.fmean(timings):8.1f}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200, help="per endpoint")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--db", type=Path, default=None, help="SQLite file (kept for reuse)")
    args = parser.parse_args()
    path = (
        args.db or Path(tempfile.gettempdir()) / f"chainatlas-web-latency-{args.projects}.sqlite3"
    )
    url = f"sqlite:///{path}"
    database = Database(url)
    with database.session() as session:
        existing = session.scalar(select(func.count(Project.id))) or 0
    if existing == args.projects:
        print(f"reusing {path} ({existing:,} projects)")
    elif existing:
        raise SystemExit(f"{path} holds {existing:,} projects, not {args.projects:,}: delete it")
    else:
        print(f"built {args.projects:,} projects in {build(database, args.projects):.1f} s: {path}")
    token = api_token(database)
    database.dispose()
    port = _free_port()
    server = start_server(url, port)
    base = f"http://127.0.0.1:{port}"
    try:
        asyncio.run(wait_until_up(base))
        print(f"{args.requests} requests per endpoint, {args.concurrency} at a time, {base}")
        asyncio.run(run(base, token, args.requests, args.concurrency))
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
