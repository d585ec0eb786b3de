"""Where the briefing's CJK font lives: Noto Sans SC, copied from npm by ``make install``
next to the web app's other vendored assets. Never a system font: the PDF and the charts
must look the same on every machine."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from chainatlas.reports.errors import FontMissing

FONT_DIR = Path(__file__).resolve().parents[1] / "web" / "static" / "vendor" / "fonts"
FAMILY = "Noto Sans SC"


@dataclass(frozen=True)
class Fonts:
    regular: Path
    bold: Path


def find_fonts(folder: Path = FONT_DIR) -> Fonts:
    """The regular and bold TTF files in ``folder``; FontMissing naming the first one absent."""
    fonts = Fonts(folder / "NotoSansSC-Regular.ttf", folder / "NotoSansSC-Bold.ttf")
    for path in (fonts.regular, fonts.bold):
        if not path.is_file():
            raise FontMissing(path)
    return fonts
