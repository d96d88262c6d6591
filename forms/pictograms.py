"""The pictures beside each point of an Easy Read letter, drawn with ReportLab's own shapes.

Easy Read puts a picture to the left of every point so a reader who finds words hard can see
what the point is about (Department of Health, "Making written information easier to
understand for people with learning disabilities", 2010; Mencap, "Am I making myself clear?").
Each pictogram is a few bold shapes on a 100-unit square, drawn as vectors (no bitmaps, no new
dependency), so it stays sharp printed and is still recognisable on a screen at 60 dpi. None
holds text: a letter in a picture would be read out by a screen reader and copied with the
letter's words. Colour helps, but each one is told apart by its shape, for greyscale printing.

ReportLab writes untagged PDFs (no structure tree, so no /Alt entry), so each pictogram carries
its text alternative as ``alt`` beside the drawing; the letter's sentence beside it always says
the same thing in words.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import (
    Circle,
    Drawing,
    Ellipse,
    Group,
    Line,
    Path,
    Polygon,
    PolyLine,
    Rect,
    Shape,
    Wedge,
)
from reportlab.lib import colors
from reportlab.platypus import Flowable

INK = colors.HexColor("#1b1b1b")
PAPER = colors.white
RED = colors.HexColor("#c62828")
GREEN = colors.HexColor("#2e7d32")
BLUE = colors.HexColor("#1f4e8c")
YELLOW = colors.HexColor("#f5c400")
GREY = colors.HexColor("#9aa3ad")
LIGHT = colors.HexColor("#e3e7ec")
GOLD = colors.HexColor("#e0a800")

STROKE = 5  # thick outlines survive a 60 dpi screen and a poor printer


def _line(x1: float, y1: float, x2: float, y2: float, width: float = STROKE,
          colour: colors.Color = INK) -> Line:
    return Line(x1, y1, x2, y2, strokeColor=colour, strokeWidth=width, strokeLineCap=1)


def _box(x: float, y: float, w: float, h: float, fill: colors.Color = PAPER,
         stroke: colors.Color | None = INK, radius: float = 0,
         width: float = STROKE) -> Rect:
    return Rect(x, y, w, h, rx=radius, ry=radius, fillColor=fill, strokeColor=stroke,
                strokeWidth=width if stroke is not None else 0, strokeLineJoin=1)


def _poly(points: list[float], fill: colors.Color | None, stroke: colors.Color | None = INK,
          width: float = STROKE) -> Polygon:
    return Polygon(points, fillColor=fill, strokeColor=stroke,
                   strokeWidth=width if stroke is not None else 0, strokeLineJoin=1)


def _dot(x: float, y: float, r: float, fill: colors.Color = INK) -> Circle:
    return Circle(x, y, r, fillColor=fill, strokeColor=None, strokeWidth=0)


def _tick(x: float, y: float, size: float, colour: colors.Color = GREEN,
          width: float = 9) -> PolyLine:
    """A tick whose elbow is at (x, y)."""
    return PolyLine([x - size * 0.45, y + size * 0.4, x, y, x + size * 0.8, y + size * 0.95],
                    strokeColor=colour, strokeWidth=width, strokeLineCap=1, strokeLineJoin=1)


def _cross(cx: float, cy: float, r: float, width: float = 10) -> list[Shape]:
    return [_line(cx - r, cy - r, cx + r, cy + r, width, RED),
            _line(cx - r, cy + r, cx + r, cy - r, width, RED)]


def calendar() -> list[Shape]:
    """A wall calendar: rings, a red top band and a grid of days, one picked out."""
    shapes: list[Shape] = [_box(10, 8, 80, 76, radius=6), _box(10, 64, 80, 20, RED, radius=6),
                           _box(10, 64, 80, 8, RED, None)]
    shapes += [_box(x, 74, 8, 20, LIGHT, INK, 3, 3) for x in (27, 65)]
    for row, y in enumerate((46, 31, 16)):
        for col, x in enumerate((19, 38, 57, 72)):
            picked = row == 1 and col == 1
            shapes.append(_box(x, y, 11, 10, INK if picked else GREY, None))
    return shapes


def missed() -> list[Shape]:
    """A calendar crossed out in red: a day that was missed."""
    return [*calendar(), *_cross(50, 40, 30, 11)]


def clock() -> list[Shape]:
    """A clock face with hour marks and two hands."""
    shapes: list[Shape] = [Circle(50, 50, 42, fillColor=PAPER, strokeColor=INK,
                                  strokeWidth=STROKE + 1)]
    for i in range(12):
        a = math.radians(i * 30)
        inner = 30 if i % 3 == 0 else 34
        shapes.append(_line(50 + inner * math.sin(a), 50 + inner * math.cos(a),
                            50 + 38 * math.sin(a), 50 + 38 * math.cos(a),
                            4 if i % 3 == 0 else 2.5))
    shapes += [_line(50, 50, 50, 80, 5), _line(50, 50, 70, 50, 7), _dot(50, 50, 5)]
    return shapes


def place() -> list[Shape]:
    """A map pin: where to go."""
    pin = Path(fillColor=RED, strokeColor=INK, strokeWidth=4, strokeLineJoin=1)
    pin.moveTo(50, 6)
    pin.curveTo(38, 30, 20, 44, 20, 64)
    pin.curveTo(20, 82, 34, 94, 50, 94)
    pin.curveTo(66, 94, 80, 82, 80, 64)
    pin.curveTo(80, 44, 62, 30, 50, 6)
    pin.closePath()
    return [Ellipse(50, 7, 22, 5, fillColor=LIGHT, strokeColor=None, strokeWidth=0), pin,
            Circle(50, 64, 12, fillColor=PAPER, strokeColor=INK, strokeWidth=3)]


def phone() -> list[Shape]:
    """A telephone handset with sound coming from it."""
    body = Path(fillColor=INK, strokeColor=INK, strokeWidth=2, strokeLineJoin=1)
    body.moveTo(16, 74)
    body.curveTo(14, 50, 34, 24, 60, 16)
    body.lineTo(70, 30)
    body.lineTo(58, 40)
    body.curveTo(48, 44, 42, 52, 40, 62)
    body.lineTo(52, 70)
    body.lineTo(42, 86)
    body.closePath()
    waves: list[Shape] = []
    for r in (16, 28):
        arc = Path(fillColor=None, strokeColor=BLUE, strokeWidth=5, strokeLineCap=1)
        for i, deg in enumerate(range(-5, 100, 15)):
            x = 58 + r * math.cos(math.radians(deg))
            y = 58 + r * math.sin(math.radians(deg))
            if i == 0:
                arc.moveTo(x, y)
            else:
                arc.lineTo(x, y)
        waves.append(arc)
    return [body, *waves]


def _person(cx: float, base: float, scale: float, fill: colors.Color) -> list[Shape]:
    return [Wedge(cx, base, 34 * scale, 0, 180, fillColor=fill, strokeColor=None,
                  strokeWidth=0),
            Circle(cx, base + 50 * scale, 16 * scale, fillColor=fill, strokeColor=None,
                   strokeWidth=0)]


def officer() -> list[Shape]:
    """A person wearing a work badge: your probation officer."""
    return [*_person(50, 6, 1.15, BLUE), _box(54, 20, 14, 16, PAPER, INK, 2, 2.5),
            _line(57, 31, 65, 31, 2.5), _line(57, 26, 65, 26, 2.5)]


def manager() -> list[Shape]:
    """Two people side by side: talking it through with someone else."""
    return [*_person(32, 6, 0.85, GREY), *_person(68, 6, 0.85, BLUE),
            _box(22, 72, 30, 18, PAPER, INK, 4, 3), _poly([28, 74, 32, 66, 38, 74], PAPER,
                                                          INK, 3)]


def warning() -> list[Shape]:
    """A warning triangle with an exclamation mark."""
    return [_poly([50, 94, 6, 10, 94, 10], YELLOW, INK, 6),
            _line(50, 70, 50, 38, 10), _dot(50, 24, 6)]


def court() -> list[Shape]:
    """A court building: a roof, pillars and steps."""
    shapes: list[Shape] = [_poly([6, 70, 94, 70, 50, 94], LIGHT, INK, 4),
                           _box(10, 63, 80, 7, INK, None)]
    shapes += [_box(x, 22, 9, 41, LIGHT, INK, 0, 3) for x in (15, 34, 57, 76)]
    shapes += [_box(10, 15, 80, 7, INK, None), _box(4, 6, 92, 9, INK, None)]
    return shapes


def prison() -> list[Shape]:
    """A prison window: a wall with bars across it."""
    shapes: list[Shape] = [_box(8, 8, 84, 84, GREY, INK, 4), _box(22, 22, 56, 56, PAPER, INK, 0,
                                                                   4)]
    shapes += [_line(x, 22, x, 78, 6) for x in (33, 44, 56, 67)]
    shapes.append(_line(22, 50, 78, 50, 5))
    return shapes


def _page(x: float, y: float, w: float, h: float) -> list[Shape]:
    fold = 14
    shapes: list[Shape] = [
        _poly([x, y, x + w, y, x + w, y + h - fold, x + w - fold, y + h, x, y + h], PAPER,
              INK, 4),
        _poly([x + w - fold, y + h, x + w - fold, y + h - fold, x + w, y + h - fold], LIGHT,
              INK, 3)]
    for i in range(5):
        ly = y + h - 24 - i * 12
        if ly > y + 8:
            shapes.append(_line(x + 9, ly, x + w - 11 - (12 if i == 4 else 0), ly, 3.5, GREY))
    return shapes


def document() -> list[Shape]:
    """A page of writing: this letter, or your order or licence."""
    return _page(20, 6, 60, 88)


def proof() -> list[Shape]:
    """A page of writing with a tick: a note that proves what you say."""
    return [*_page(14, 6, 56, 88), Circle(70, 28, 22, fillColor=PAPER, strokeColor=GREEN,
                                          strokeWidth=5), _tick(66, 20, 22, GREEN, 7)]


def envelope() -> list[Shape]:
    """A letter in an envelope: a letter that comes to you in the post."""
    return [_box(8, 20, 84, 60, PAPER, INK, 3), PolyLine([8, 80, 50, 46, 92, 80],
                                                         strokeColor=INK, strokeWidth=4,
                                                         strokeLineJoin=1),
            _line(8, 20, 38, 52, 3), _line(92, 20, 62, 52, 3)]


def id_card() -> list[Shape]:
    """An identity card: your number with us."""
    return [_box(6, 18, 88, 64, LIGHT, INK, 6), *_person(26, 30, 0.42, BLUE),
            _line(46, 64, 84, 64, 5), _line(46, 50, 84, 50, 5), _line(46, 36, 72, 36, 5)]


def question() -> list[Shape]:
    """A speech bubble holding a question mark: tell me."""
    mark = Path(fillColor=None, strokeColor=INK, strokeWidth=8, strokeLineCap=1,
                strokeLineJoin=1)
    mark.moveTo(38, 68)
    mark.curveTo(38, 84, 64, 84, 64, 68)
    mark.curveTo(64, 58, 52, 56, 51, 46)
    mark.lineTo(51, 40)
    return [_box(6, 22, 88, 72, PAPER, INK, 16),
            _poly([22, 26, 18, 4, 42, 24], PAPER, None),
            PolyLine([22, 24, 18, 4, 42, 23], strokeColor=INK, strokeWidth=STROKE,
                     strokeLineJoin=1),
            mark, _dot(51, 31, 5)]


def checklist() -> list[Shape]:
    """A clipboard with ticked lines: what you must do."""
    shapes: list[Shape] = [_box(14, 4, 72, 86, GOLD, INK, 5, 4), _box(22, 10, 56, 72, PAPER,
                                                                       None),
                           _box(36, 82, 28, 12, GREY, INK, 3, 3)]
    for y in (62, 42, 22):
        shapes += [_tick(32, y - 2, 12, GREEN, 5), _line(44, y + 2, 72, y + 2, 4, GREY)]
    return shapes


def tick() -> list[Shape]:
    """A green circle with a tick: this is good, or this is decided."""
    return [Circle(50, 50, 42, fillColor=GREEN, strokeColor=None, strokeWidth=0),
            _tick(44, 30, 40, PAPER, 11)]


def star() -> list[Shape]:
    """A star: what is going well."""
    points: list[float] = []
    for i in range(10):
        r = 44 if i % 2 == 0 else 18
        a = math.radians(90 + i * 36)
        points += [50 + r * math.cos(a), 48 + r * math.sin(a)]
    return [_poly(points, GOLD, INK, 4)]


def money() -> list[Shape]:
    """A pile of coins and a bank note: paying money."""
    shapes: list[Shape] = [_box(30, 40, 64, 38, colors.HexColor("#b7dfb9"), INK, 4, 4),
                           Circle(62, 59, 10, fillColor=PAPER, strokeColor=INK, strokeWidth=3)]
    for i in range(4):
        y = 12 + i * 9
        shapes.append(Ellipse(30, y, 22, 8, fillColor=GOLD, strokeColor=INK, strokeWidth=3))
    return shapes


def spade() -> list[Shape]:
    """A spade: work you do in the community."""
    blade = Path(fillColor=GREY, strokeColor=INK, strokeWidth=4, strokeLineJoin=1)
    blade.moveTo(36, 40)
    blade.lineTo(64, 40)
    blade.lineTo(64, 16)
    blade.curveTo(64, 8, 50, 2, 50, 2)
    blade.curveTo(50, 2, 36, 8, 36, 16)
    blade.closePath()
    return [_line(50, 40, 50, 82, 8, colors.HexColor("#8d5a2b")),
            _box(38, 80, 24, 12, PAPER, INK, 5, 5), blade]


def curfew() -> list[Shape]:
    """A house at night: staying at home at set times."""
    return [Circle(78, 80, 14, fillColor=YELLOW, strokeColor=None, strokeWidth=0),
            Circle(70, 85, 13, fillColor=PAPER, strokeColor=None, strokeWidth=0),
            _poly([8, 52, 46, 84, 84, 52], RED, INK, 4), _box(16, 8, 60, 46, PAPER, INK, 0, 4),
            _box(38, 8, 16, 26, BLUE, INK, 0, 3)]


PICTURES: dict[str, tuple[Callable[[], list[Shape]], str, str]] = {
    # name: (drawing, English text alternative, Welsh text alternative)
    "calendar": (calendar, "A calendar", "Calendr"),
    "missed": (missed, "A calendar crossed out", "Calendr wedi'i groesi allan"),
    "clock": (clock, "A clock", "Cloc"),
    "place": (place, "A map pin", "Pin map"),
    "phone": (phone, "A telephone", "Ffôn"),
    "officer": (officer, "Your probation officer", "Eich swyddog prawf"),
    "manager": (manager, "Two people talking", "Dau berson yn siarad"),
    "warning": (warning, "A warning sign", "Arwydd rhybudd"),
    "court": (court, "A court building", "Adeilad llys"),
    "prison": (prison, "A prison window with bars", "Ffenest carchar gyda barrau"),
    "document": (document, "A letter", "Llythyr"),
    "proof": (proof, "A note with a tick", "Nodyn gyda thic"),
    "envelope": (envelope, "A letter in an envelope", "Llythyr mewn amlen"),
    "id_card": (id_card, "An identity card", "Cerdyn adnabod"),
    "question": (question, "A question", "Cwestiwn"),
    "checklist": (checklist, "A list of things to do", "Rhestr o bethau i'w gwneud"),
    "tick": (tick, "A tick", "Tic"),
    "star": (star, "A star", "Seren"),
    "money": (money, "Money", "Arian"),
    "spade": (spade, "A spade", "Rhaw"),
    "curfew": (curfew, "A house at night", "Tŷ yn y nos"),
}

_watchers: list[list[str]] = []


@contextmanager
def drawn() -> Iterator[list[str]]:
    """Collect the name of every pictogram drawn on a page inside the ``with`` block.

    The tests' way to see that each point of a letter really got its picture on the page, not
    only in the story handed to the layout.
    """
    names: list[str] = []
    _watchers.append(names)
    try:
        yield names
    finally:
        _watchers.remove(names)


class Pictogram(Flowable):
    """One picture, ``size`` points square, with its text alternative (``alt``)."""

    def __init__(self, name: str, size: float, lang: str = "en") -> None:
        super().__init__()
        make, en, cy = PICTURES[name]
        self.name = name
        self.alt = cy if lang == "cy" else en
        self.width = self.height = size
        group = Group(*make())
        group.scale(size / 100, size / 100)
        self.drawing = Drawing(size, size, group)

    def wrap(self, _avail_width: float, _avail_height: float) -> tuple[float, float]:
        """Always its own size: a picture is never squeezed."""
        return self.width, self.height

    def draw(self) -> None:
        """Draw the vectors, then tell anyone watching (``drawn``) which picture it was."""
        renderPDF.draw(self.drawing, self.canv, 0, 0)
        for names in _watchers:
            names.append(self.name)
