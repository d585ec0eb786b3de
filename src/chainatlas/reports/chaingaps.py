"""Chain gaps of the briefing: for each chain the pipeline works on, the nodes the home
region lacks (补链) with the best candidate firms from elsewhere, from ``chainatlas.analysis``.

A missing or unknown region, or a chain the library lacks, becomes a note in the briefing
rather than an error: the rest of the briefing stands without this section.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from chainatlas.analysis import AnalysisError, analyse_region, resolve_region
from chainatlas.chains import ChainLibrary

MAX_CHAINS = 6
MAX_NODES = 8
MAX_CANDIDATES = 3
NO_REGION = "未设置本地区域（CHAINATLAS_HOME_REGION），未分析补链环节；可在简报中指定地区。"


@dataclass(frozen=True)
class MissingNode:
    """A node the region lacks (补链) and the best firms elsewhere that could fill it."""

    node_id: str
    name: str
    segment: str
    candidates: list[str]


@dataclass(frozen=True)
class ChainGap:
    chain_id: str
    chain_name: str
    nodes: int
    covered: int
    missing: list[MissingNode]
    more_missing: int  # missing nodes beyond those listed


@dataclass
class ChainGaps:
    """The 补链 section: the region it is about ("" if none) and what it lacks per chain."""

    region: str
    chains: list[ChainGap] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def chain_gaps(
    session: Session, region: str, chains: list[str], library: ChainLibrary
) -> ChainGaps:
    """The missing nodes of ``region`` on each of ``chains`` (the first MAX_CHAINS)."""
    if not region.strip():
        return ChainGaps(region="", notes=[NO_REGION])
    try:
        scope = resolve_region(region)
    except AnalysisError as error:
        return ChainGaps(region=region.strip(), notes=[f"地区“{region.strip()}”无法识别：{error}"])
    found = ChainGaps(region=scope.label)
    if not chains:
        found.notes.append("项目库中的项目尚未标注产业链，无法分析补链环节。")
    for chain in chains[:MAX_CHAINS]:
        try:
            report = analyse_region(
                session, scope.code if scope.prefix else scope.name, chain, library
            )
        except AnalysisError as error:
            found.notes.append(f"产业链“{chain}”未能分析：{error}")
            continue
        found.chains.append(
            ChainGap(
                chain_id=report.chain_id,
                chain_name=report.chain_name,
                nodes=len(report.nodes),
                covered=len(report.covered),
                missing=[
                    MissingNode(
                        gap.node_id,
                        gap.name,
                        gap.segment,
                        [c.name for c in gap.candidates[:MAX_CANDIDATES]],
                    )
                    for gap in report.fill[:MAX_NODES]
                ],
                more_missing=max(0, len(report.fill) - MAX_NODES),
            )
        )
    if len(chains) > MAX_CHAINS:
        found.notes.append(f"另有{len(chains) - MAX_CHAINS}条产业链未列出。")
    return found
