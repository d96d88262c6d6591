"""Every menu action and shortcut, triggered through Qt with its dialogs answered."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from tests.helpers.records import event, person, write_jsonl


def _answer_save(monkeypatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(path), "JSON Lines (*.jsonl)")))


def _answer_open(monkeypatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(path), "")))


def _menu_actions(window) -> dict[str, object]:
    menu = window.menuBar().actions()[0].menu()
    return {a.text().replace("&", ""): a for a in menu.actions() if not a.isSeparator()}


def test_export_from_the_menu_writes_the_file(qtbot, window, controller, tmp_path,
                                               monkeypatch) -> None:
    out = tmp_path / "export.jsonl"
    _answer_save(monkeypatch, out)
    _menu_actions(window)["Export to the central system…"].trigger()
    qtbot.waitUntil(lambda: getattr(window, "export_message", None) is not None, timeout=15000)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0])["type"] == "header" and len(lines) > 5
    assert str(out) in window.export_message.text()


def test_shortcuts_reach_export_and_import(qtbot, window, controller, tmp_path,
                                           monkeypatch) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    out = tmp_path / "by-shortcut.jsonl"
    _answer_save(monkeypatch, out)
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: getattr(window, "export_message", None) is not None, timeout=15000)
    assert out.exists()
    qtbot.keyClick(window.export_message, Qt.Key.Key_Escape)  # the officer closes the notice
    assert not window.export_message.isVisible()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    alloc = write_jsonl(tmp_path / "alloc.jsonl", [
        person("Z222222", "p9", given_name="Łukasz", family_name="Żółć"),
        event("e9", "Z222222", allocation_date="2026-11-23")])
    _answer_open(monkeypatch, alloc)
    qtbot.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "Z222222" in controller.caseload.people, timeout=15000)
    assert "2 added" in window.import_message.text()


def test_every_caseload_menu_action_does_its_job(qtbot, window, controller, tmp_path,
                                                 monkeypatch) -> None:
    actions = _menu_actions(window)
    assert set(actions) == {"Lock", "Import allocations…", "Export to the central system…",
                            "Back up now", "Officer details…", "Change passphrase…", "Quit",
                            "Diary for Outlook…", "Sync with the team hub", "Conflicts…",
                            "Link to a team hub…", "Inspection readiness…",
                            "Wipe this laptop…"}
    # Inspection readiness: the caseload's answers to each question.
    actions["Inspection readiness…"].trigger()
    summary = window.readiness
    assert summary.isVisible() and summary.model.rowCount() == 9
    assert "2 running order(s) or licence(s)" in summary.intro.text()
    summary.reject()
    # Import with nothing chosen: nothing happens, no error.
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: ("", "")))
    actions["Import allocations…"].trigger()
    assert window.tabs.isEnabled()
    # Back up now: a backup file, and the officer is told where.
    backups = controller.opened.paths.backups
    before = set(backups.glob("*.backup.db")) if backups.exists() else set()
    actions["Back up now"].trigger()
    qtbot.waitUntil(lambda: getattr(window, "backup_message", None) is not None, timeout=15000)
    assert set(backups.glob("*.backup.db")) - before
    assert "backup" in window.backup_message.text()
    # Officer details: typed into the dialog's fields, then Save.
    actions["Officer details…"].trigger()
    form = window.officer_dialog
    name = form.widgets["name"]
    name.selectAll()
    name.insert("Siobhán Ó Briain")  # as an input method types accented letters
    address = form.widgets["address"]
    qtbot.keyClick(address, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # replace it all
    for n, line in enumerate(("Probation Office", "Heol y Frenhines", "Caerdydd")):
        if n:
            qtbot.keyClick(address, Qt.Key.Key_Return)
        qtbot.keyClicks(address, line)
    phone = form.widgets["phone"]
    phone.selectAll()
    qtbot.keyClicks(phone, "029 2000 1234")
    form.accept()  # Save
    assert controller.officer() == "Siobhán Ó Briain"
    assert controller.office().address == ("Probation Office", "Heol y Frenhines", "Caerdydd")
    assert controller.office().phone == "029 2000 1234"
    # Change passphrase opens its form.
    actions["Change passphrase…"].trigger()
    form = window.passphrase_dialog
    assert form.isVisible()
    form.reject()
    # Lock drops the key and asks to unlock.
    actions["Lock"].trigger()
    assert not controller.is_open
    qtbot.waitUntil(lambda: window.unlock_dialog is not None and window.unlock_dialog.isVisible(),
                    timeout=5000)


def test_a_missing_pdf_viewer_says_where_the_file_is(qtbot, window, controller) -> None:
    window.builder.opener = lambda _path: False  # no viewer, no file manager
    window.open_case("X123456", "e1")
    with qtbot.waitSignal(window.builder.saved, timeout=20000) as saved:
        window.print_document("e1", "sentence-plan")
    box = window.builder.confirmation
    assert box is not None and str(saved.args[0]) in box.text()
    box.open_file.click()
    assert "No program on this computer opens .pdf files" in box.text()
    assert str(saved.args[0]) in box.text()
    box.open_folder.click()
    assert "could not be opened" in box.text()
