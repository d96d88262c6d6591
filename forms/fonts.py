"""The embedded Unicode font: the base-14 PDF fonts cannot print "Łukasz Żółć" or "Nguyễn"."""

from __future__ import annotations

from importlib.resources import as_file, files

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
_registered = False


def register_fonts() -> None:
    """Register DejaVu Sans (regular and bold) once per process."""
    global _registered
    if _registered:
        return
    for name, filename in ((REGULAR, "DejaVuSans.ttf"), (BOLD, "DejaVuSans-Bold.ttf")):
        with as_file(files("resources").joinpath("fonts", filename)) as path:
            pdfmetrics.registerFont(TTFont(name, str(path)))
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, REGULAR)
    addMapping(REGULAR, 1, 1, BOLD)
    _registered = True
