"""Errors of the briefing: a bad period or team (the caller's mistake) and a missing font
(the installation's)."""

from __future__ import annotations

from pathlib import Path

from chainatlas.pipeline.records import PipelineError


class BriefingError(PipelineError):
    """A briefing request that cannot be answered: a bad date or period, an unknown team.

    A PipelineError, so that the API and the pages answer it with 422 and its message.
    """


class FontMissing(RuntimeError):
    """The CJK font a PDF (or a chart) needs is not where ``make install`` puts it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(
            f"font file {path} is missing: run `make install` to copy Noto Sans SC from npm"
        )
