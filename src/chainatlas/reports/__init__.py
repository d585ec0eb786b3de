"""Reports on the team's pipeline: the 招商工作简报 (briefing) of a period as data, and as
HTML, PDF and DOCX with charts.

    from chainatlas.reports import BriefingRequest, build_briefing, parse_period
    briefing = build_briefing(session, scope, BriefingRequest(parse_period("2026-01-01",
                              "2026-06-30", today)), home_region="池州市")
    render_pdf(briefing)  # bytes (chainatlas.reports.pdf)
"""

from __future__ import annotations

from chainatlas.reports.briefing import Briefing, BriefingRequest, build_briefing
from chainatlas.reports.errors import BriefingError, FontMissing
from chainatlas.reports.period import Period, parse_period, quick_periods

__all__ = [
    "Briefing",
    "BriefingError",
    "BriefingRequest",
    "FontMissing",
    "Period",
    "build_briefing",
    "parse_period",
    "quick_periods",
]
