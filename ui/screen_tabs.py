"""The window's sections as tabs, each screen inside a scroll area of its own.

A screen taller or wider than the window (a 1366x768 laptop, text at 1.5x) scrolls inside its
tab instead of making the window larger than the screen, which would push the status line and
the case's actions off it. Callers speak of screens, never of the scroll areas around them.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QTabWidget, QWidget


class ScreenTabs(QTabWidget):
    """Tabs whose pages are screens, each scrolled when it does not fit."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._screens: list[tuple[QWidget, QScrollArea, str]] = []  # in their place order

    def add_screen(self, screen: QWidget, label: str) -> int:
        """Add a screen; its tab's index."""
        area = QScrollArea()
        area.setWidget(screen)
        area.setWidgetResizable(True)
        # The scroll area makes its screen and viewport opaque, and Qt then paints an opaque
        # screen on its own before painting the window over it again: every change of screen
        # painted twice. Left transparent, the window beneath paints the background once.
        screen.setAutoFillBackground(False)
        area.viewport().setAutoFillBackground(False)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes into the screen, not the frame
        area.setAccessibleName(label.replace("&", ""))
        self._screens.append((screen, area, label))
        return super().addTab(area, label)

    def _area(self, screen: QWidget | None) -> QWidget | None:
        for inner, area, _label in self._screens:
            if inner is screen:
                return area
        return screen

    def currentWidget(self) -> QWidget | None:  # noqa: N802 - Qt's own name
        """The screen shown (not the scroll area around it)."""
        area = super().currentWidget()
        for inner, outer, _label in self._screens:
            if outer is area:
                return inner
        return area

    def setCurrentWidget(self, screen: QWidget) -> None:  # noqa: N802 - Qt's own name
        """Show a screen."""
        super().setCurrentWidget(self._area(screen))

    def indexOf(self, screen: QWidget) -> int:  # noqa: N802 - Qt's own name
        """The tab of a screen, or -1 when it is not offered."""
        return super().indexOf(self._area(screen))

    def offer(self, screen: QWidget, shown: bool) -> None:
        """Offer a screen's tab or take it away entirely (not merely hidden: a screen that is
        not this person's is not in the window for a screen reader to find either)."""
        area = self._area(screen)
        present = super().indexOf(area) >= 0
        if shown == present:
            return
        if not shown:
            self.removeTab(super().indexOf(area))
            return
        place = 0
        for inner, outer, label in self._screens:
            if inner is screen:
                self.insertTab(place, outer, label)
                return
            if super().indexOf(outer) >= 0:
                place += 1
