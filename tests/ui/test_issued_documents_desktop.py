"""Issued documents on the desktop: a second print asks first; the list reprints byte for byte."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import Qt


def _issue_plan(qtbot, window, tmp_path: Path, name: str) -> Path:
    target = tmp_path / name
    window.builder.choose_path = lambda _parent, _suggested: target
    with qtbot.waitSignal(window.builder.saved, timeout=20000):
        window.print_document("e1", "sentence-plan")
    return target


def test_a_second_print_offers_the_issued_copy_or_a_new_version(qtbot, window, controller,
                                                                tmp_path) -> None:
    window.open_case("X123456", "e1")
    first = _issue_plan(qtbot, window, tmp_path, "first.pdf")
    asked: list[str] = []

    def reprint_it(_parent, doc):
        asked.append(doc.describe())
        return "reprint", ""

    window.builder.choose_version = reprint_it
    second = _issue_plan(qtbot, window, tmp_path, "second.pdf")
    assert asked and "version 1" in asked[0]
    assert second.read_bytes() == first.read_bytes()

    window.builder.choose_version = lambda _parent, _doc: ("new", "Objective reworded")
    third = _issue_plan(qtbot, window, tmp_path, "third.pdf")
    docs = controller.issued_documents("X123456")
    assert [(d.version, d.reason) for d in docs] == [(1, None), (2, "Objective reworded")]
    assert "Sentence plan" in PdfReader(third).pages[0].extract_text()


def test_the_issued_list_reprints_exactly_by_keyboard(qtbot, window, controller,
                                                      tmp_path) -> None:
    window.open_case("X123456", "e1")
    issued = _issue_plan(qtbot, window, tmp_path, "plan.pdf")
    button = window.workspace.buttons["Issued letters and packs"]
    assert button.text() == "Issued letters and pac&ks…"
    button.click()
    dialog = window.workspace.documents_dialog
    assert dialog.isVisible() and dialog.model.rowCount() == 1
    assert "Sentence plan" in dialog.model.index(0, 1).data()
    again = tmp_path / "again.pdf"
    window.builder.choose_path = lambda _parent, _suggested: again
    with qtbot.waitSignal(window.builder.saved, timeout=10000):
        qtbot.keyClick(dialog.reprint_button, Qt.Key.Key_Space)
    assert again.read_bytes() == issued.read_bytes()
    actions = [e.action for e in controller.audit_entries("X123456")]
    assert "reprint" in actions and "issue" in actions
