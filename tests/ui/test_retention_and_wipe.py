"""The desktop: retention at unlock says what left; File › Wipe this laptop… through its
real QAction, the statement saved, the phrase typed, and nothing left that opens."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from db import caseload_file, export_file
from db.connection import close_database, open_database
from officer_desk.errors import OfficerDeskError
from officer_desk.policy import load_policy
from officer_desk.services import import_lines
from tests.helpers.fakes import FAST_KDF
from tests.helpers.records import HEADER, event, person
from tests.ui.conftest import NOW, PASSPHRASE


def _menu_actions(window) -> dict[str, object]:
    menu = window.menuBar().actions()[0].menu()
    return {a.text().replace("&", ""): a for a in menu.actions() if not a.isSeparator()}


def test_retention_runs_at_unlock_and_says_what_left(qtbot, tmp_path: Path) -> None:
    from ui.controller import Controller
    from ui.main_window import MainWindow

    root = tmp_path / "ended"
    opened, _ = caseload_file.create(root, PASSPHRASE, cost=FAST_KDF, recovery_cost=FAST_KDF)
    import_lines(opened.store, [json.dumps(HEADER)] + [json.dumps(r) for r in (
        person("U100001", "p1", given_name="Ended", family_name="Sent"),
        event("e1", "U100001", end_date="2026-09-01"),
        person("U100002", "p2", given_name="Ends", family_name="Soon"),
        event("e2", "U100002", end_date="2026-10-29"))], "test")
    pending = export_file.gather(opened.store)
    pending.write(tmp_path / "export.jsonl")
    pending.mark(opened.store)
    opened.lock()
    controller = Controller(root, load_policy(), clock=lambda: NOW)
    window = MainWindow(controller)
    qtbot.addWidget(window)
    controller.unlock(PASSPHRASE)
    try:
        qtbot.waitUntil(lambda: getattr(window, "retention_message", None) is not None,
                        timeout=15000)
        assert "1 ended case(s) left this laptop" in window.retention_message
        assert "U100001 (Ended Sent)" in window.retention_message
        assert "U100001" not in controller.caseload.people
        # Today warns of the other: it leaves on 27 Nov (28 days after 29 Oct, then a day).
        [item] = [i for i in controller.items if i.crn == "U100002"]
        assert item.title == "Leaves this laptop on 27 Nov 2026 (supervision has ended)"
    finally:
        window.lock_on_close()


def test_wipe_from_the_file_menu(qtbot, window, controller, tmp_path, monkeypatch) -> None:
    key = bytes(controller.opened.key)
    root = controller.root
    import_lines(controller.store, [json.dumps(HEADER), json.dumps(
        person("X123456", date_of_birth="1990-05-01", family_name="Changed"))], "test")
    saved = tmp_path / "statement.txt"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(saved), "Text (*.txt)")))

    _menu_actions(window)["Wipe this laptop…"].trigger()

    dialog = window.wipe_dialog
    assert dialog.isVisible()
    assert "X123456" in dialog.text.toPlainText()
    assert "not yet exported to the central system" in dialog.text.toPlainText()
    dialog.save.click()
    assert "X123456" in saved.read_text(encoding="utf-8")
    assert not dialog.go.isEnabled()
    dialog.typed.setText("wipe this")
    assert not dialog.go.isEnabled()
    dialog.typed.setText("Wipe this laptop")
    dialog.go.click()

    assert not controller.is_open
    assert "This laptop was wiped" in window.wipe_message
    for path in root.rglob("*"):
        if path.is_file():
            with pytest.raises(Exception):  # noqa: B017, PT011 - any refusal will do
                close_database(open_database(path, key))
    with pytest.raises(OfficerDeskError):
        caseload_file.unlock(root, PASSPHRASE)
    assert window.unlock_dialog is not None and window.unlock_dialog.creating
