"""A hand-built knowledge base on the new-energy-battery chain, where the right answers
are known: firms and projects in 玉溪市 (华宁县, 红塔区), 昆明市, 萍乡市, 宜春市, 南京市
and 宁德市. Shared by the analysis tests and the ``region`` command's tests."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.orm import Session

from chainatlas.store.db import Database
from chainatlas.store.models import (
    Company,
    CompanyMention,
    Document,
    Fact,
    Project,
    ProjectMention,
)

CHAIN = "new-energy-battery"
# name, region, region code, stated role in a company mention
FIRMS: dict[str, tuple[str, str, str, str | None]] = {
    "C1": ("玉溪华能锂电有限公司", "玉溪市", "530400", "chain_leader"),
    "C2": ("恩隆隔膜(玉溪)有限公司", "玉溪市", "530400", None),
    "C3": ("玉溪新能电池有限公司", "玉溪市", "530400", None),
    "C4": ("玉溪市储能科技有限公司", "玉溪市", "530400", None),  # no project: mounted by name
    "C5": ("江西萍锂新材料有限公司", "萍乡市", "360300", None),
    "C6": ("宜春电解液有限公司", "宜春市", "360900", None),  # no project: mounted by name
    "C8": ("南京化成科技有限公司", "南京市", "320100", None),
    "C9": ("宁德锂想科技有限公司", "宁德市", "350900", None),
    "C10": ("宜春锂盐有限公司", "宜春市", "360900", None),  # no project: mounted by name
    "C11": ("昆明碳素科技有限公司", "昆明市", "530100", None),
    "C12": ("昆明日用百货有限公司", "昆明市", "530100", None),  # on no chain at all
}
# key: firm, name, node, region, code, status, counted amount, last seen
PROJECTS: dict[str, tuple[str | None, str, str, str, str, str | None, float | None, date]] = {
    "P1": ("C1", "年产10万吨磷酸铁锂正极材料项目", "cathode", "华宁县", "530424",
           "operating", 30e8, date(2022, 5, 1)),
    "P2": ("C1", "年产20GWh动力电池项目", "cell", "红塔区", "530402",
           "construction", 50e8, date(2024, 3, 1)),
    "P3": ("C2", "湿法隔膜项目", "separator", "红塔区", "530402", "signed", 10e8, date(2024, 6, 1)),
    "P4": ("C3", "锂离子电池电芯项目", "cell", "玉溪市", "530400", "operating", 20e8,
           date(2021, 1, 1)),
    "P6": ("C5", "年产5万吨电解液项目", "electrolyte", "萍乡市", "360300", "signed", 30e8,
           date(2024, 1, 10)),
    "P8": ("C8", "六氟磷酸锂电解液项目", "electrolyte", "南京市", "320100", "operating", 5e8,
           date(2019, 6, 1)),
    "P9": ("C9", "极薄铜箔项目", "copper-foil", "蕉城区", "350902", "operating", 15e8,
           date(2024, 5, 1)),
    "P10": ("C9", "电池模组PACK项目", "pack", "玉溪市", "530400", "signed", 8e8,
            date(2024, 4, 1)),
    "P11": ("C11", "人造石墨负极材料项目", "anode", "昆明市", "530100", "operating", 12e8,
            date(2023, 2, 1)),
    # resolution picked a node of another chain: on the chain, on none of its nodes
    "P12": (None, "新能源产业园项目", "primary-magnesium", "玉溪市", "530400", None, None,
            date(2023, 8, 1)),
}  # fmt: skip


def sentence(key: str) -> str:
    firm, name, *_ = PROJECTS[key]
    owner = FIRMS[firm][0] if firm else "某企业"
    return f"{owner}投资建设{name}。"


def build(database: Database) -> dict[str, int]:
    """Write the knowledge base; return the database id of every firm and project key."""
    ids: dict[str, int] = {}
    with database.session() as session:
        document = Document(
            content_hash="battery-kb", name="battery-kb.txt", format="txt", encoding="utf-8",
            ingested_at=datetime(2024, 7, 1), original_text="", normalised_text="",
            offset_map=[], removed_spans=[], published=date(2024, 6, 1),
        )  # fmt: skip
        session.add(document)
        session.flush()
        for key, (name, region, code, role) in FIRMS.items():
            company = Company(block=name[:2], name=name, key=name, region=region,
                              region_code=code, mentions=1, documents=1)  # fmt: skip
            session.add(company)
            session.flush()
            ids[key] = company.id
            fact = _fact(session, document.id, "company", name, {"name": name, "role": role})
            mention = CompanyMention(
                company_id=company.id, fact_id=fact.id, document_id=document.id,
                block=name[:2], name=name,
            )  # fmt: skip
            session.add(mention)
        for key, (firm, name, node, region, code, status, amount, seen) in PROJECTS.items():
            project = Project(
                block=name[:2], name=name, key=name, company_id=ids[firm] if firm else None,
                region=region, region_code=code, status=status, investment_cny=amount,
                counted_cny=amount, counted_why="", chain=CHAIN, node=node,
                first_seen=seen, last_seen=seen, mentions=1, documents=1,
            )  # fmt: skip
            session.add(project)
            session.flush()
            ids[key] = project.id
            fact = _fact(session, document.id, "project", name, {"name": name}, sentence(key))
            session.add(ProjectMention(project_id=project.id, fact_id=fact.id,
                                       document_id=document.id, block=name[:2], name=name,
                                       reason="test", published=seen))  # fmt: skip
    return ids


def _fact(
    session: Session,
    document_id: int,
    kind: str,
    name: str,
    data: dict[str, object],
    text: str | None = None,
) -> Fact:
    fact = Fact(document_id=document_id, kind=kind, name=name, sentence=text, data=data)
    session.add(fact)
    session.flush()
    return fact
