"""Resolution: facts (mentions) → knowledge-base entities — one company, one project
across every article — with timelines, conflicting figures and counting rules.

Call ``resolve_document(session, document_id)`` after a document's facts are
stored, in the same transaction; ``rebuild(session)`` resolves everything again.
"""

from __future__ import annotations

from chainatlas.resolve.counting import RULES, CountableProject, Total, total
from chainatlas.resolve.engine import (
    ResolutionError,
    ResolveReport,
    merge_projects,
    rebuild,
    resolve_document,
    resolve_documents,
    split_project,
    undo_decision,
)

__all__ = [
    "RULES",
    "CountableProject",
    "ResolutionError",
    "ResolveReport",
    "Total",
    "merge_projects",
    "rebuild",
    "resolve_document",
    "resolve_documents",
    "split_project",
    "total",
    "undo_decision",
]
