"""From the desktop: the case's *Subject access copy…* writes the copy off the UI thread."""

from __future__ import annotations

import json

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFileDialog

from db import audit
from ui.help_menu import shortcuts_text


def test_the_case_action_writes_the_copy_and_audits_it(qtbot, window, controller, tmp_path,
                                                        monkeypatch) -> None:
    chosen = tmp_path / "for-the-dpo"
    chosen.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory",
                        staticmethod(lambda *_a, **_k: str(chosen)))
    window.open_case("X123456", "e1")
    button = window.workspace.buttons["Subject access copy"]
    assert button.isEnabled()
    assert button.shortcut() == QKeySequence("Ctrl+Shift+A")
    assert "Ctrl+Shift+A" in shortcuts_text()

    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    out = chosen / "subject-access-X123456-2026-11-24"
    qtbot.waitUntil(lambda: hasattr(window.workspace, "subject_access_message"), timeout=20000)
    assert "Wrote the subject access copy for Łukasz Żółć" in \
        window.workspace.subject_access_message.text()
    assert {"index.pdf", "subject-access.json", "held-back.json"} == {
        p.name for p in out.iterdir()}
    data = json.loads((out / "subject-access.json").read_text(encoding="utf-8"))
    assert data["crn"] == "X123456" and "Y654321" not in json.dumps(data)
    text = " ".join(p.extract_text() for p in PdfReader(out / "index.pdf").pages)
    assert "Łukasz Żółć" in text and "1 May 1990" in text
    assert audit.entries(controller.opened.db, crn="X123456", limit=1)[0].action == \
        "subject_access_copy"

    # A second copy the same day: the folder is there already, said in one sentence.
    del window.workspace.subject_access_message
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert "is not empty" in window.workspace.subject_access_message.text()
