"""``analyse_region``: one region on one chain — coverage, 补链, 延链, 强链 and 链主 —
as a typed report that turns into JSON for scripts and the web app."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from typing import Any

from rapidfuzz import fuzz, process
from sqlalchemy.orm import Session

from chainatlas.analysis.coverage import NodeCoverage, ProjectOnNode, local_presence
from chainatlas.analysis.errors import UnknownChainError
from chainatlas.analysis.gaps import (
    ExtensionGap,
    FillGap,
    WeakNode,
    extension_gaps,
    fill_gaps,
    weak_nodes,
)
from chainatlas.analysis.layouts import planned_layouts
from chainatlas.analysis.leaders import ChainLeader, chain_leaders
from chainatlas.analysis.placement import load_chain_view
from chainatlas.analysis.regions import RegionScope, resolve_region
from chainatlas.chains import Chain, ChainLibrary, ChainMounter, load_library
from chainatlas.resolve.counting import RULES


@dataclass
class RegionChainReport:
    """What a region has and lacks on a chain, with the evidence for each point."""

    region: RegionScope
    chain_id: str
    chain_name: str
    nodes: list[NodeCoverage]  # chain order
    fill: list[FillGap]  # 补链
    extend: list[ExtensionGap]  # 延链
    strengthen: list[WeakNode]  # 强链
    leaders: list[ChainLeader]  # 链主
    unplaced: list[ProjectOnNode]  # local projects on the chain but on none of its nodes
    reference_date: date | None  # latest report on the chain; "recent" is measured from it

    @property
    def covered(self) -> list[str]:
        return [n.node_id for n in self.nodes if n.covered]

    @property
    def missing(self) -> list[str]:
        return [n.node_id for n in self.nodes if not n.covered]

    @property
    def planned(self) -> list[str]:
        """Nodes with planned layouts (规划布局) in the region, covered or not."""
        return [n.node_id for n in self.nodes if n.layouts]

    @property
    def investment_cny(self) -> float:
        """Local investment on the chain, each project once (a project sits on one node)."""
        return sum(n.investment_cny for n in self.nodes) + sum(
            p.counted_cny or 0.0 for p in self.unplaced
        )

    @property
    def projects(self) -> int:
        return sum(len(n.projects) for n in self.nodes) + len(self.unplaced)

    def node(self, node_id: str) -> NodeCoverage:
        for node in self.nodes:
            if node.node_id == node_id:
                return node
        raise KeyError(f"chain '{self.chain_id}' has no node '{node_id}'")

    def to_json(self) -> dict[str, Any]:
        """Plain JSON types only: dates as ISO strings."""
        return {
            "region": self.region.to_json(),
            "chain": {"id": self.chain_id, "name": self.chain_name},
            "summary": {
                "nodes": len(self.nodes),
                "covered": self.covered,
                "missing": self.missing,
                "planned": self.planned,
                "projects": self.projects,
                "investment_cny": self.investment_cny,
                "counting_rules": list(RULES),
                "reference_date": _plain(self.reference_date),
            },
            "nodes": _plain(self.nodes),
            "fill": _plain(self.fill),
            "extend": _plain(self.extend),
            "strengthen": _plain(self.strengthen),
            "leaders": _plain(self.leaders),
            "unplaced": _plain(self.unplaced),
        }


def analyse_region(
    session: Session, region: str, chain: str, library: ChainLibrary | None = None
) -> RegionChainReport:
    """Coverage, gaps and leaders of ``region`` (any level, name or code) on ``chain``
    (id, name or alias). Raises UnknownRegionError / UnknownChainError with close matches.
    """
    library = library or load_library()
    found_chain = find_chain(library, chain)
    scope = resolve_region(region)
    mounter = ChainMounter(library)
    view = load_chain_view(session, found_chain, mounter)
    local = local_presence(view, scope)
    layouts = planned_layouts(session, found_chain, mounter, scope)
    for node in local.nodes:
        node.layouts = layouts.get(node.node_id, [])
    fill = fill_gaps(view, local, scope)
    for gap in fill:
        if layouts.get(gap.node_id):
            gap.reasons.insert(
                1, f"已规划布局（{len(layouts[gap.node_id])}处规划提及），尚无落地项目"
            )
    unplaced = [
        ProjectOnNode(p.id, p.name, p.company, p.region, p.status, p.investment_cny,
                      p.counted_cny, p.last_seen, p.sentence)
        for p in view.unplaced
        if scope.contains(p.region_code, p.region)
    ]  # fmt: skip
    return RegionChainReport(
        region=scope,
        chain_id=found_chain.id,
        chain_name=found_chain.name,
        nodes=local.nodes,
        fill=fill,
        extend=extension_gaps(view, local, scope),
        strengthen=weak_nodes(local),
        leaders=chain_leaders(view, local),
        unplaced=unplaced,
        reference_date=view.reference_date,
    )


def find_chain(library: ChainLibrary, text: str) -> Chain:
    """The chain with this id, name or alias; UnknownChainError with close matches."""
    try:
        return library.get(text)
    except KeyError:
        pass
    labels: dict[str, str] = {}
    for chain in library.chains.values():
        for label in (chain.id, chain.name, *chain.aliases):
            labels.setdefault(label, chain.id)
    matches = process.extract(text.strip(), list(labels), scorer=fuzz.WRatio, limit=5,
                              score_cutoff=60)  # fmt: skip
    suggestions = list(
        dict.fromkeys(_chain_label(library.chains[labels[m]]) for m, _, _ in matches)
    )
    raise UnknownChainError(f"unknown chain {text!r}", suggestions)


def _chain_label(chain: Chain) -> str:
    return f"{chain.name} ({chain.id})"


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, date):
        return value.isoformat()
    return value
