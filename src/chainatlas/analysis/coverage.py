"""Coverage: which nodes of a chain a region holds, with its firms and projects on
each, projects by status, investment (each project counted once) and strength."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from chainatlas.analysis.layouts import PlannedLayout
from chainatlas.analysis.placement import ChainView, PlacedFirm, PlacedProject
from chainatlas.analysis.regions import RegionScope
from chainatlas.analysis.wording import EARLY_STATUSES

# Statuses at which a plant exists or is being built: a node with none of them is early.
BUILT_STATUSES = frozenset({"construction", "trial", "operating"})


@dataclass(frozen=True)
class FirmOnNode:
    id: int
    name: str
    region: str | None
    via: str  # "projects": it has projects on the node; "name": its name names the node
    project_ids: list[int]


@dataclass(frozen=True)
class ProjectOnNode:
    id: int
    name: str
    company: str | None
    region: str | None
    status: str | None
    investment_cny: float | None
    counted_cny: float | None
    last_seen: date | None
    sentence: str | None


@dataclass
class NodeCoverage:
    """One node of the chain in the region."""

    node_id: str
    name: str
    segment: str
    covered: bool
    firms: list[FirmOnNode] = field(default_factory=list)
    projects: list[ProjectOnNode] = field(default_factory=list)
    projects_by_status: dict[str, int] = field(default_factory=dict)
    investment_cny: float = 0.0  # counted amounts, each project once
    projects_without_amount: int = 0
    built_projects: int = 0  # under construction, in trial or operating
    strength: str = "missing"  # missing | weak | medium | strong
    # 规划布局: plans naming the node in the region; they do not make it covered.
    layouts: list[PlannedLayout] = field(default_factory=list)


@dataclass
class LocalPresence:
    """The part of a chain view inside a region."""

    projects: list[PlacedProject]
    firms: dict[int, PlacedFirm]  # local firms, node_ids narrowed to their local nodes
    nodes: list[NodeCoverage]

    def covered_ids(self) -> set[str]:
        return {n.node_id for n in self.nodes if n.covered}


def local_presence(view: ChainView, region: RegionScope) -> LocalPresence:
    """Firms and projects of the chain inside ``region`` and the coverage of each node.

    A firm is local when it is registered in the region (it sits on all its nodes) or
    runs a project there (it sits on the nodes of its local projects only: a battery
    maker's cell plant here does not bring its lithium mine elsewhere).
    """
    projects = [p for p in view.projects if region.contains(p.region_code, p.region)]
    local_nodes: dict[int, set[str]] = {}
    for firm in view.firms.values():
        if region.contains(firm.region_code, firm.region):
            local_nodes[firm.id] = set(firm.node_ids)
    for project in projects:
        if project.company_id is not None and project.company_id in view.firms:
            local_nodes.setdefault(project.company_id, set()).add(project.node_id)
    order = view.node_order()
    firms: dict[int, PlacedFirm] = {}
    for firm_id, nodes in local_nodes.items():
        firm = view.firms[firm_id]
        firms[firm_id] = PlacedFirm(
            id=firm.id,
            name=firm.name,
            region=firm.region,
            region_code=firm.region_code,
            node_ids=sorted(nodes, key=order.__getitem__),
            project_ids=[p.id for p in projects if p.company_id == firm_id],
            name_words=firm.name_words,
            roles=firm.roles,
        )
    coverage = [_node_coverage(view, node.id, projects, firms) for node in view.chain.nodes]
    return LocalPresence(projects, firms, coverage)


def _node_coverage(
    view: ChainView, node_id: str, projects: list[PlacedProject], firms: dict[int, PlacedFirm]
) -> NodeCoverage:
    node = view.chain.node(node_id)
    on_node = [p for p in projects if p.node_id == node_id]
    firms_on_node = [
        FirmOnNode(
            id=f.id,
            name=f.name,
            region=f.region,
            via="name" if f.name_words else "projects",
            project_ids=[p.id for p in on_node if p.company_id == f.id],
        )
        for f in sorted(firms.values(), key=lambda f: (f.name, f.id))
        if node_id in f.node_ids
    ]
    statuses = Counter(p.status or "unknown" for p in on_node)
    built = sum(1 for p in on_node if p.status in BUILT_STATUSES)
    result = NodeCoverage(
        node_id=node.id,
        name=node.name,
        segment=node.segment,
        covered=bool(on_node or firms_on_node),
        firms=firms_on_node,
        projects=[_project_on_node(p) for p in _newest_first(on_node)],
        projects_by_status=dict(sorted(statuses.items())),
        # Each resolved project once, by its counted amount (phases and increases are
        # already settled in counted_cny by the counting rules).
        investment_cny=sum(p.counted_cny or 0.0 for p in on_node),
        projects_without_amount=sum(1 for p in on_node if p.counted_cny is None),
        built_projects=built,
    )
    result.strength = _strength(result)
    return result


def is_weak(node: NodeCoverage) -> bool:
    """A covered node held by one firm at most, or only by projects not yet built."""
    return node.covered and (len(node.firms) <= 1 or only_early(node))


def only_early(node: NodeCoverage) -> bool:
    return bool(node.projects) and all(p.status in EARLY_STATUSES for p in node.projects)


def _strength(node: NodeCoverage) -> str:
    if not node.covered:
        return "missing"
    if is_weak(node):
        return "weak"
    return "strong" if len(node.firms) >= 3 and node.built_projects >= 1 else "medium"


def _newest_first(projects: list[PlacedProject]) -> list[PlacedProject]:
    return sorted(projects, key=lambda p: (-(p.last_seen or date.min).toordinal(), p.id))


def _project_on_node(project: PlacedProject) -> ProjectOnNode:
    return ProjectOnNode(
        id=project.id,
        name=project.name,
        company=project.company,
        region=project.region,
        status=project.status,
        investment_cny=project.investment_cny,
        counted_cny=project.counted_cny,
        last_seen=project.last_seen,
        sentence=project.sentence,
    )
