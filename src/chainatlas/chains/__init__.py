"""The industrial-chain library (产业链) and mounting (挂链) of projects and companies on it."""

from __future__ import annotations

from chainatlas.chains.library import (
    ChainLibrary,
    ChainLibraryError,
    builtin_dir,
    load_library,
    validate_path,
)
from chainatlas.chains.mounting import ChainMounter, Mount, document_chains
from chainatlas.chains.schema import SEGMENTS, Chain, Edge, Node, Segment

__all__ = [
    "SEGMENTS",
    "Chain",
    "ChainLibrary",
    "ChainLibraryError",
    "ChainMounter",
    "Edge",
    "Mount",
    "Node",
    "Segment",
    "builtin_dir",
    "document_chains",
    "load_library",
    "validate_path",
]
