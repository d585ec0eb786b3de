"""Gaps of a region on a chain: 补链 (missing nodes, with candidate firms from elsewhere
ranked by evidence), 延链 (absent nodes next to covered ones) and 强链 (covered nodes
held by one firm or only by projects not yet built).

Candidate score, each part with the reason a person reads:
- each project of the firm on the node elsewhere: 3 points (a firm that invests now
  is the best lead), plus 2 if reported within a year of the latest report on the
  chain and 1 if within three;
- the investment of those projects: 2 × log10(1 + amount in 亿元), so 30亿 ≈ 3 points;
- each edge between a node the firm sits on and a node covered locally: 1 point
  (it would supply local firms, or buy from them);
- a firm already present in the region on another node: 2 points;
- a firm known only by the words of its name: no project points, so it ranks after
  firms with projects.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

from chainatlas.analysis.coverage import LocalPresence, NodeCoverage, is_weak, only_early
from chainatlas.analysis.placement import ChainView, PlacedFirm, PlacedProject
from chainatlas.analysis.regions import RegionScope
from chainatlas.analysis.wording import STATUS_VERBS, place_label
from chainatlas.formatting import STATUS_NAMES, format_amount

PROJECT_POINTS = 3.0
RECENT_POINTS = {1: 2.0, 3: 1.0}  # reported within N years of the reference date
INVESTMENT_WEIGHT = 2.0
EDGE_POINTS = 1.0
PRESENT_POINTS = 2.0
MAX_CANDIDATES = 10


@dataclass
class Candidate:
    """A firm outside the region on a node the region lacks, with why it is a lead."""

    company_id: int
    name: str
    region: str | None
    score: float
    reasons: list[str]
    project_ids: list[int] = field(default_factory=list)


@dataclass
class FillGap:
    """补链: a node the region lacks, and firms elsewhere that could fill it."""

    node_id: str
    name: str
    segment: str
    reasons: list[str]
    candidates: list[Candidate]


@dataclass
class ExtensionGap:
    """延链: an absent node next to covered ones."""

    node_id: str
    name: str
    segment: str
    direction: str  # downstream | upstream | both
    after: list[str]  # covered nodes it buys from (it lies downstream of them)
    before: list[str]  # covered nodes it supplies (it lies upstream of them)
    reasons: list[str]
    candidates: list[Candidate]


@dataclass
class WeakNode:
    """强链: a covered node that needs strengthening, with why."""

    node_id: str
    name: str
    segment: str
    firms: int
    reasons: list[str]


def fill_gaps(
    view: ChainView, local: LocalPresence, region: RegionScope, limit: int = MAX_CANDIDATES
) -> list[FillGap]:
    """Every missing node in chain order, with ranked candidates from elsewhere."""
    covered = local.covered_ids()
    gaps: list[FillGap] = []
    for coverage in local.nodes:
        if coverage.covered:
            continue
        reasons = [f"{region.name}尚无{coverage.name}环节的企业或项目"]
        reasons += _neighbour_reasons(view, coverage.node_id, covered)
        gaps.append(
            FillGap(
                node_id=coverage.node_id,
                name=coverage.name,
                segment=coverage.segment,
                reasons=reasons,
                candidates=candidates(view, local, region, coverage.node_id, limit),
            )
        )
    return gaps


def extension_gaps(
    view: ChainView, local: LocalPresence, region: RegionScope, limit: int = MAX_CANDIDATES
) -> list[ExtensionGap]:
    """Absent nodes adjacent to covered ones: most covered neighbours first, then chain order."""
    chain = view.chain
    covered = local.covered_ids()
    found: list[ExtensionGap] = []
    for coverage in local.nodes:
        if coverage.covered:
            continue
        after = [n.id for n in chain.suppliers(coverage.node_id) if n.id in covered]
        before = [n.id for n in chain.customers(coverage.node_id) if n.id in covered]
        if not after and not before:
            continue
        direction = "both" if after and before else "downstream" if after else "upstream"
        found.append(
            ExtensionGap(
                node_id=coverage.node_id,
                name=coverage.name,
                segment=coverage.segment,
                direction=direction,
                after=after,
                before=before,
                reasons=_neighbour_reasons(view, coverage.node_id, covered),
                candidates=candidates(view, local, region, coverage.node_id, limit),
            )
        )
    order = view.node_order()
    return sorted(found, key=lambda g: (-len(g.after) - len(g.before), order[g.node_id]))


def weak_nodes(local: LocalPresence) -> list[WeakNode]:
    """强链: covered nodes with one firm at most or only early-stage projects, chain order."""
    found: list[WeakNode] = []
    for node in local.nodes:
        if not is_weak(node):
            continue
        found.append(
            WeakNode(node.node_id, node.name, node.segment, len(node.firms), _weak_reasons(node))
        )
    return found


def _weak_reasons(node: NodeCoverage) -> list[str]:
    reasons: list[str] = []
    if not node.firms:
        reasons.append("仅有项目，尚无可识别的企业")
    elif len(node.firms) == 1:
        reasons.append(f"仅有1家企业：{node.firms[0].name}")
    if only_early(node):
        counts = "、".join(
            f"{STATUS_NAMES[status]}{count}个"
            for status, count in node.projects_by_status.items()
            if status in STATUS_NAMES
        )
        reasons.append(f"项目均处于前期阶段（{counts}），尚无开工或投产项目")
    return reasons


def _neighbour_reasons(view: ChainView, node_id: str, covered: set[str]) -> list[str]:
    chain = view.chain
    name = chain.node(node_id).name
    reasons: list[str] = []
    for supplier in chain.suppliers(node_id):
        if supplier.id in covered:
            reasons.append(f"本地已有上游{supplier.name}，可向下游延伸至{name}")
    for customer in chain.customers(node_id):
        if customer.id in covered:
            reasons.append(f"本地已有下游{customer.name}，可向上游补齐{name}")
    return reasons


def candidates(
    view: ChainView, local: LocalPresence, region: RegionScope, node_id: str, limit: int
) -> list[Candidate]:
    """Firms with activity on ``node_id`` outside the region, best evidence first."""
    found: list[Candidate] = []
    covered = local.covered_ids()
    for firm in view.firms.values():
        if node_id not in firm.node_ids:
            continue
        elsewhere = [
            p
            for p in view.projects
            if p.company_id == firm.id
            and p.node_id == node_id
            and not region.contains(p.region_code, p.region)
        ]
        registered_here = region.contains(firm.region_code, firm.region)
        if registered_here or (firm.project_ids and not elsewhere):
            continue  # not elsewhere: its work on this node is in the region (or nowhere)
        found.append(_candidate(view, local, firm, elsewhere, covered))
    found.sort(key=lambda c: (-c.score, c.name, c.company_id))
    return found[:limit]


def _candidate(
    view: ChainView,
    local: LocalPresence,
    firm: PlacedFirm,
    projects: list[PlacedProject],
    covered: set[str],
) -> Candidate:
    chain = view.chain
    score = 0.0
    reasons: list[str] = []
    newest = sorted(projects, key=lambda p: (-(_when(p) or date.min).toordinal(), p.id))
    for project in newest:
        score += PROJECT_POINTS + _recency_points(view.reference_date, _when(project))
        reasons.append(_project_reason(project))
    invested = sum(p.counted_cny or 0.0 for p in projects)
    if invested > 0:
        score += INVESTMENT_WEIGHT * math.log10(1 + invested / 1e8)
        if len(projects) > 1:
            reasons.append(f"在该环节的项目投资合计{format_amount(invested)}")
    if firm.name_words:
        words = "、".join(f"“{w}”" for w in firm.name_words)
        reasons.append(f"企业名称含{words}，据名称挂链")
    here = local.firms[firm.id].node_ids if firm.id in local.firms else []
    # Only its nodes elsewhere: what it already does in the region is no reason to come.
    for own in (n for n in firm.node_ids if n not in here):
        for supplier in chain.suppliers(own):
            if supplier.id in covered:
                score += EDGE_POINTS
                reasons.append(f"其{chain.node(own).name}可采购本地{supplier.name}产品")
        for customer in chain.customers(own):
            if customer.id in covered:
                score += EDGE_POINTS
                reasons.append(f"其{chain.node(own).name}可供应本地{customer.name}企业")
    present = [p for p in local.projects if p.company_id == firm.id]
    if present:
        score += PRESENT_POINTS
        names = "、".join(p.name for p in present[:3])
        reasons.append(f"已在本地投资：{names}")
    return Candidate(
        company_id=firm.id,
        name=firm.name,
        region=firm.region,
        score=round(score, 2),
        reasons=reasons,
        project_ids=[p.id for p in newest],
    )


def _when(project: PlacedProject) -> date | None:
    return project.last_seen or project.first_seen


def _recency_points(reference: date | None, when: date | None) -> float:
    if reference is None or when is None:
        return 0.0
    years = (reference - when).days / 365.25
    return next((points for limit, points in RECENT_POINTS.items() if years <= limit), 0.0)


def _project_reason(project: PlacedProject) -> str:
    """2023年在萍乡市签约年产5万吨正极材料项目，总投资30亿元."""
    when = _when(project)
    year = f"{when.year}年" if when else ""
    place = f"在{place_label(project.region_code, project.region)}" if project.region else ""
    verb = STATUS_VERBS.get(project.status or "", "报道")
    text = f"{year}{place}{verb}{project.name}"
    value = project.counted_cny or project.investment_cny
    return text + (f"，总投资{format_amount(value)}" if value else "")
