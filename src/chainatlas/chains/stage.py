"""The ``chains`` extraction stage: mounts each extracted project on its best chain node
and lists the chains the document speaks of (``Extraction.chains``)."""

from __future__ import annotations

from chainatlas.chains.library import ChainLibrary, load_library
from chainatlas.chains.mounting import ChainMounter, Mount, document_chains
from chainatlas.extract.base import ExtractionContext, register_stage
from chainatlas.extract.model import ProjectMention


@register_stage("chains")
class ChainStage:
    """Runs after ``projects``; the automaton is built on the first document, not at import."""

    name = "chains"

    def __init__(self, library: ChainLibrary | None = None) -> None:
        self._library = library
        self._mounter: ChainMounter | None = None

    @property
    def mounter(self) -> ChainMounter:
        if self._mounter is None:
            self._mounter = ChainMounter(self._library or load_library())
        return self._mounter

    def __call__(self, context: ExtractionContext) -> None:
        self.mounter.clear_memo()  # the memo serves one document
        for project in context.result.projects:
            mounts = self.mount_project(project)
            if mounts:
                project.chain, project.node = mounts[0].chain_id, mounts[0].node_id
        context.result.chains = document_chains(context.text, self.mounter)

    def mount_project(self, project: ProjectMention) -> list[Mount]:
        """All nodes for a project, from its name, aliases and first evidence sentence."""
        sentence = project.evidence[0].sentence if project.evidence else ""
        for name in (project.name, *project.aliases):
            mounts = self.mounter.mount(name, sentence)
            if mounts:
                return mounts
        return []
