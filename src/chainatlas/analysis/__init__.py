"""Region analysis on industrial chains: coverage of a chain's nodes in a region (at any
level), 补链 candidates from elsewhere, 延链, 强链 and 链主 — typed, JSON-ready results
for the CLI and the web app.

    from chainatlas.analysis import analyse_region
    report = analyse_region(session, "青阳县", "镁铝轻合金")
    report.to_json()
"""

from __future__ import annotations

from chainatlas.analysis.coverage import FirmOnNode, NodeCoverage, ProjectOnNode
from chainatlas.analysis.errors import AnalysisError, UnknownChainError, UnknownRegionError
from chainatlas.analysis.gaps import Candidate, ExtensionGap, FillGap, WeakNode
from chainatlas.analysis.layouts import PlannedLayout
from chainatlas.analysis.leaders import ChainLeader
from chainatlas.analysis.mounts import ChainMountsReport, MountedFirm, MountedProject, chain_mounts
from chainatlas.analysis.regions import RegionScope, resolve_region
from chainatlas.analysis.report import RegionChainReport, analyse_region, find_chain

__all__ = [
    "AnalysisError",
    "Candidate",
    "ChainLeader",
    "ChainMountsReport",
    "ExtensionGap",
    "FillGap",
    "FirmOnNode",
    "MountedFirm",
    "MountedProject",
    "NodeCoverage",
    "PlannedLayout",
    "ProjectOnNode",
    "RegionChainReport",
    "RegionScope",
    "UnknownChainError",
    "UnknownRegionError",
    "WeakNode",
    "analyse_region",
    "chain_mounts",
    "find_chain",
    "resolve_region",
]
