"""Errors of region analysis: an unknown or ambiguous region, an unknown chain.

Each names the value that was wrong and lists close matches, so a CLI or web form
can show the user what they probably meant.
"""

from __future__ import annotations

from collections.abc import Sequence


class AnalysisError(ValueError):
    """A region or chain the analysis could not use; ``suggestions`` are close matches."""

    def __init__(self, message: str, suggestions: Sequence[str] = ()) -> None:
        self.suggestions = list(suggestions)
        if self.suggestions:
            message += "; did you mean: " + ", ".join(self.suggestions) + "?"
        super().__init__(message)


class UnknownRegionError(AnalysisError):
    """No division (or several at the same level) answers to the region given."""


class UnknownChainError(AnalysisError):
    """The chain library has no chain with this id, name or alias."""
