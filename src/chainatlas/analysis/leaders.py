"""链主: the region's firms that anchor the chain — on several nodes, on nodes with many
supply edges, with the largest investment, or called 链主/龙头 in the news.

Score, each part with its reason:
- each local node the firm sits on: 3 points;
- each supply edge touching those nodes: 1 point (a firm on a hub node connects
  more of the chain);
- its local investment on the chain: 2 × log10(1 + amount in 亿元);
- each local project on the chain: 1 point;
- stated role: 链主企业 5 points, 龙头企业 3.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from chainatlas.analysis.coverage import LocalPresence
from chainatlas.analysis.placement import ChainView, PlacedFirm
from chainatlas.analysis.wording import ROLE_NAMES
from chainatlas.formatting import format_amount

NODE_POINTS = 3.0
EDGE_POINTS = 1.0
INVESTMENT_WEIGHT = 2.0
PROJECT_POINTS = 1.0
ROLE_POINTS = {"chain_leader": 5.0, "leading": 3.0}
MAX_LEADERS = 10


@dataclass
class ChainLeader:
    """A local firm ranked as a chain anchor, with why."""

    company_id: int
    name: str
    region: str | None
    score: float
    node_ids: list[str]
    edges: int
    investment_cny: float
    projects: int
    roles: list[str]
    reasons: list[str]


def chain_leaders(
    view: ChainView, local: LocalPresence, limit: int = MAX_LEADERS
) -> list[ChainLeader]:
    """Local firms on the chain, strongest anchor first."""
    ranked = [_leader(view, local, firm) for firm in local.firms.values()]
    ranked.sort(key=lambda leader: (-leader.score, leader.name, leader.company_id))
    return ranked[:limit]


def _leader(view: ChainView, local: LocalPresence, firm: PlacedFirm) -> ChainLeader:
    chain = view.chain
    nodes = firm.node_ids
    edges = {
        (edge.source, edge.target)
        for edge in chain.edges
        if edge.source in nodes or edge.target in nodes
    }
    projects = [p for p in local.projects if p.company_id == firm.id]
    invested = sum(p.counted_cny or 0.0 for p in projects)
    score = NODE_POINTS * len(nodes) + EDGE_POINTS * len(edges)
    score += INVESTMENT_WEIGHT * math.log10(1 + invested / 1e8) + PROJECT_POINTS * len(projects)
    score += sum(ROLE_POINTS.get(role, 0.0) for role in firm.roles)
    names = "、".join(chain.node(n).name for n in nodes)
    reasons = [f"在本地布局{len(nodes)}个环节：{names}"]
    if edges:
        reasons.append(f"所在环节连接{len(edges)}条上下游供应关系")
    if projects:
        value = f"，投资合计{format_amount(invested)}" if invested else ""
        reasons.append(f"在本地有{len(projects)}个本链项目{value}")
    reasons += [f"报道称其为{ROLE_NAMES[role]}" for role in firm.roles if role in ROLE_NAMES]
    return ChainLeader(
        company_id=firm.id,
        name=firm.name,
        region=firm.region,
        score=round(score, 2),
        node_ids=list(nodes),
        edges=len(edges),
        investment_cny=invested,
        projects=len(projects),
        roles=list(firm.roles),
        reasons=reasons,
    )
