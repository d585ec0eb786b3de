"""The briefing as HTML: the context the app's page and the standalone document share, and
the standalone document itself — one file with its CSS inline and the charts as ``data:``
URIs, nothing fetched from anywhere, so it opens offline and can be mailed as is.

Both render ``web/templates/briefing_body.html`` from the same outline as the PDF and DOCX.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from chainatlas.formatting import format_date
from chainatlas.reports.briefing import Briefing
from chainatlas.reports.charts import briefing_charts
from chainatlas.reports.content import MARKS, outline
from chainatlas.reports.errors import FontMissing
from chainatlas.reports.fonts import FONT_DIR

WEB = Path(__file__).resolve().parents[1] / "web"
TEMPLATES = WEB / "templates"
CSS = WEB / "static" / "css" / "briefing.css"


def briefing_context(briefing: Briefing, font_dir: Path = FONT_DIR) -> dict[str, Any]:
    """What ``briefing_body.html`` needs: the outline and the charts as data URIs (or,
    without the font, a note saying why there are none)."""
    try:
        charts = {chart.key: chart for chart in briefing_charts(briefing, font_dir)}
        problem = ""
    except FontMissing as error:
        charts, problem = {}, f"图表未生成：{error}"
    return {
        "briefing": briefing,
        "sections": outline(briefing),
        "charts": charts,
        "chart_problem": problem,
        "marks": MARKS,
        "made_on": format_date(briefing.today),
    }


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(briefing: Briefing, font_dir: Path = FONT_DIR) -> str:
    """The standalone HTML document of the briefing."""
    template = _environment().get_template("briefing_document.html")
    return template.render(**briefing_context(briefing, font_dir), css=CSS.read_text("utf-8"))
