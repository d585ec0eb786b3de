"""What the knowledge base holds on each node of a chain: its mounted projects and firms,
for ``chainatlas chains show`` and the web app."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from chainatlas.analysis.placement import load_chain_view
from chainatlas.chains import Chain, ChainMounter


@dataclass(frozen=True)
class MountedProject:
    id: int
    name: str
    company: str | None
    region: str | None
    status: str | None
    counted_cny: float | None


@dataclass(frozen=True)
class MountedFirm:
    id: int
    name: str
    region: str | None
    via: str  # "projects": it has projects on the node; "name": its name names the node


@dataclass
class NodeMounts:
    node_id: str
    name: str
    segment: str
    projects: list[MountedProject] = field(default_factory=list)
    firms: list[MountedFirm] = field(default_factory=list)


@dataclass
class ChainMountsReport:
    """Every node of a chain with the projects and firms mounted on it, chain order."""

    chain_id: str
    chain_name: str
    nodes: list[NodeMounts]
    unplaced: list[MountedProject]  # on the chain, on none of its nodes

    def node(self, node_id: str) -> NodeMounts:
        for node in self.nodes:
            if node.node_id == node_id:
                return node
        raise KeyError(f"chain '{self.chain_id}' has no node '{node_id}'")


def chain_mounts(session: Session, chain: Chain, mounter: ChainMounter) -> ChainMountsReport:
    """The projects and firms of the knowledge base on each node of ``chain``."""
    view = load_chain_view(session, chain, mounter)
    nodes = {node.id: NodeMounts(node.id, node.name, node.segment) for node in chain.nodes}
    for project in view.projects:
        nodes[project.node_id].projects.append(
            MountedProject(project.id, project.name, project.company, project.region,
                           project.status, project.counted_cny)
        )  # fmt: skip
    for firm in sorted(view.firms.values(), key=lambda f: (f.name, f.id)):
        via = "name" if firm.name_words else "projects"
        for node_id in firm.node_ids:
            nodes[node_id].firms.append(MountedFirm(firm.id, firm.name, firm.region, via))
    unplaced = [
        MountedProject(p.id, p.name, p.company, p.region, p.status, p.counted_cny)
        for p in view.unplaced
    ]
    return ChainMountsReport(chain.id, chain.name, list(nodes.values()), unplaced)
