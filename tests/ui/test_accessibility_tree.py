"""Every screen as a screen reader meets it, through Qt's own accessibility interface: no
focusable object without a name, and no label whose name hides what it says."""

from __future__ import annotations

import re

from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QLabel, QWidget

from ui.widgets import plain_text


def _interfaces(iface, depth: int = 0):
    if iface is None or not iface.isValid() or depth > 60:
        return
    yield iface
    for i in range(iface.childCount()):
        yield from _interfaces(iface.child(i), depth + 1)


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def problems(widget: QWidget) -> list[str]:
    """What a screen reader would miss on this widget and everything in it."""
    found = []
    for iface in _interfaces(QAccessible.queryAccessibleInterface(widget)):
        obj = iface.object()
        if isinstance(obj, QWidget) and not obj.isVisible():
            continue
        name = " ".join(iface.text(QAccessible.Text.Name).split())
        role = iface.role()
        if iface.state().focusable and not name and role not in (
                QAccessible.Role.Cell, QAccessible.Role.ColumnHeader, QAccessible.Role.RowHeader,
                QAccessible.Role.ListItem, QAccessible.Role.Client):
            found.append(f"a focusable {role.name} with no name ({type(obj).__name__} "
                         f"{getattr(obj, 'objectName', lambda: '')()})")
        if isinstance(obj, QLabel) and obj.buddy() is None:
            said = plain_text(obj.text())
            if said and not _words(said) <= _words(name):  # every word it shows is said
                found.append(f"the label named {name!r} hides what it says: {said!r}")
    return found


def test_today_caseload_and_a_case_name_everything_they_show(window, qtbot) -> None:
    assert problems(window) == []
    window.tabs.setCurrentWidget(window.caseload)
    assert problems(window) == []
    window.open_case("Y654321", "e2")
    qtbot.wait(10)
    assert problems(window) == []


def test_a_refused_form_and_a_wrong_passphrase_are_said(window, qtbot) -> None:
    window.open_case("X123456", "e1")
    window.workspace.add_contact()
    dialog = window.workspace.dialog
    dialog.set_value("summary", "")
    dialog.accept()  # refused: the summary is needed
    assert dialog.isVisible() and dialog.problem.text()
    assert dialog.problem.text().splitlines()[0] in dialog.problem.accessibleName()
    assert problems(dialog) == []
    dialog.reject()


def test_every_page_of_the_recall_wizard_names_everything(window, qtbot) -> None:
    window.open_case("Y654321", "e2")
    window.workspace.open_wizard()
    wizard = window.wizard
    for _page in range(3):
        qtbot.wait(10)
        assert problems(wizard) == [], wizard.currentPage().title()
        if wizard.currentPage() is wizard.questions_page:
            for key in wizard.questions_page.answers:
                wizard.questions_page.answer(key, "yes", "Done")
        wizard.next()
    wizard.reject()


def _luminance(color) -> float:
    def channel(c: float) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.red()) + 0.7152 * channel(color.green()) \
        + 0.0722 * channel(color.blue())


def contrast(a, b) -> float:
    """WCAG's contrast ratio between two colours."""
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_the_focus_ring_and_a_selected_row_meet_wcag_contrast(window, qtbot) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor

    window.tabs.setCurrentWidget(window.caseload)
    find = window.caseload.search
    find.setFocus()
    qtbot.wait(20)
    assert find.hasFocus()
    image = find.grab().toImage()
    ring = image.pixelColor(1, image.height() // 2)  # the ring, on the field's edge
    inside = image.pixelColor(image.width() // 2, 6)  # the field itself
    assert contrast(ring, inside) >= 3, (ring.name(), inside.name())
    assert contrast(ring, window.palette().color(window.backgroundRole())) >= 3

    table = window.caseload.view
    table.setFocus()
    table.selectRow(0)
    qtbot.wait(20)
    rect = table.visualRect(table.model().index(0, 0))
    shot = table.viewport().grab().toImage()
    background = shot.pixelColor(rect.left() + 2, rect.top() + 2)
    text = table.palette().color(table.palette().ColorGroup.Active,
                                 table.palette().ColorRole.HighlightedText)
    assert contrast(background, text) >= 4.5, (background.name(), text.name())
    assert text == QColor(Qt.GlobalColor.white) or contrast(background, text) >= 4.5


def test_find_opens_the_one_match_with_enter_and_the_list_sorts_by_keyboard(window,
                                                                            qtbot) -> None:
    from PySide6.QtCore import Qt

    window.tabs.setCurrentWidget(window.caseload)
    view = window.caseload
    qtbot.keyClicks(view.search, "Siobh")
    qtbot.keyClick(view.search, Qt.Key.Key_Return)
    assert window.tabs.currentWidget() is window.workspace
    assert window.workspace.crn == "Y654321"

    window.tabs.setCurrentWidget(window.caseload)
    view.search.clear()
    qtbot.keyClick(view.search, Qt.Key.Key_Down)
    assert view.view.hasFocus() and view.view.currentIndex().row() == 0
    first = view.view.currentIndex().data()
    view.sort_by.setFocus()
    names = [view.sort_by.itemText(i) for i in range(view.sort_by.count())]
    target = next(i for i, text in enumerate(names) if text.endswith("Z to A"))
    while view.sort_by.currentIndex() != target:
        qtbot.keyClick(view.sort_by, Qt.Key.Key_Down)
    assert view.view.model().index(0, 0).data() != first
