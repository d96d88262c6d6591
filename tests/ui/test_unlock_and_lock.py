"""Unlocking, wrong passphrases, creating a caseload, and locking (manual and idle)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QLabel

from officer_desk.policy import load_policy
from tests.ui.conftest import NOW, PASSPHRASE
from ui.controller import Controller
from ui.main_window import MainWindow


def test_unlock_wrong_then_right(qtbot, controller) -> None:
    window = MainWindow(controller)
    qtbot.addWidget(window)
    dialog = window.ask_unlock()
    dialog.passphrase.setText("not the passphrase")
    dialog.attempt()
    assert "does not unlock" in dialog.message.text()
    assert not controller.is_open
    dialog.passphrase.setText(PASSPHRASE)
    dialog.attempt()
    assert controller.is_open
    assert window.tabs.isEnabled()
    assert "2 people" in window.status.text()
    assert "Rhian Evans" in window.status.text()
    window.lock_on_close()


def test_create_a_new_caseload_shows_the_recovery_code(qtbot, tmp_path: Path) -> None:
    controller = Controller(tmp_path / "new", load_policy(), clock=lambda: NOW)
    window = MainWindow(controller)
    qtbot.addWidget(window)
    dialog = window.ask_unlock()
    assert dialog.creating
    dialog.passphrase.setText("a long enough passphrase")
    dialog.confirm.setText("a different passphrase!!")
    dialog.attempt()
    assert "differ" in dialog.message.text()
    dialog.confirm.setText("a long enough passphrase")
    dialog.attempt()
    assert controller.is_open
    code = window.code_dialog.findChild(QLabel, "recovery_code").text()
    assert len(code.replace("-", "")) == 24
    assert not window.code_dialog.ok.isEnabled()
    window.code_dialog.confirm.setChecked(True)
    assert window.code_dialog.ok.isEnabled()
    window.lock_on_close()


def test_lock_drops_the_key_and_asks_again(qtbot, window, controller) -> None:
    window.action_lock.trigger()
    assert not controller.is_open
    assert controller.caseload.people == {}
    assert window.unlock_dialog is not None and window.unlock_dialog.isVisible()
    assert window.caseload.model.rowCount() == 0
    assert list((controller.root / "backups").glob("*.backup.db"))  # backed up on lock


def test_idle_lock(qtbot, window, controller) -> None:
    window.idle.timer.setInterval(50)
    window.idle.start()
    qtbot.waitUntil(lambda: not controller.is_open, timeout=3000)


def test_search_across_notes(window, controller) -> None:
    window.caseload.search.setText("Siob")
    assert window.caseload.proxy.rowCount() == 1
    window.caseload.search.setText("X123456")
    assert window.caseload.proxy.rowCount() == 1
    window.caseload.search.setText("")
    assert window.caseload.proxy.rowCount() == 2


def test_search_finds_words_in_notes(window, controller) -> None:
    from officer_desk import services
    from officer_desk.model import ContactMode

    controller.run(services.add_contact, "e2", NOW, ContactMode.TELEPHONE,
                   "Talked about the allotment project")
    window.caseload.search.setText("allotment")
    assert window.caseload.proxy.rowCount() == 1
    assert window.caseload.proxy.index(0, 1).data() == "Y654321"


def test_case_shows_stages_and_contact_level(window) -> None:
    window.open_case("X123456", "e1")
    labels = window.workspace.stage_labels
    assert set(labels) == {"assessment", "sentence_plan", "induction", "review", "enforcement"}
    assert "missing" in labels["assessment"].accessibleName()
    # The plan exists; the rail says what an inspector would still find missing in it.
    plan = labels["sentence_plan"].accessibleName()
    # Made before any assessment: nothing plans for the risk of harm, a "no" (shown red), but
    # nothing about the plan is late: missing, not overdue.
    assert plan.startswith("Sentence plan: missing, Completed") and "objective" in plan
    assert "Nothing plans for the risk of harm" in plan
    assert "strengths" in labels["sentence_plan"].toolTip()
    text = window.workspace.compliance.text()
    assert "standard level" in text and "short" in text


def test_change_passphrase_from_the_desktop(window, controller) -> None:
    dialog = window.change_passphrase()
    dialog.set_value("old", "wrong one entirely")
    dialog.set_value("new", "a new long passphrase")
    dialog.set_value("again", "a new long passphrase")
    dialog.accept()
    assert "not right" in dialog.problem.text() and dialog.isVisible()
    dialog.set_value("old", PASSPHRASE)
    dialog.accept()
    assert not dialog.isVisible()
    window.lock_on_close()
    controller.unlock("a new long passphrase")
    assert controller.is_open


def test_print_with_a_password(qtbot, window, controller) -> None:
    from pypdf import PdfReader

    window.open_case("X123456", "e1")
    window.workspace.print_menu()
    form = window.workspace.dialog
    form.set_value("kind", "sentence-plan")
    form.set_value("password", "pdf-secret-1")
    form.set_value("again", "pdf-secret-2")
    form.accept()
    assert "differ" in form.problem.text()
    form.set_value("again", "pdf-secret-1")
    with qtbot.waitSignal(window.builder.saved, timeout=20000) as saved:
        form.accept()
    reader = PdfReader(saved.args[0])
    assert reader.is_encrypted and reader.decrypt("pdf-secret-1")
    assert "Sentence plan" in reader.pages[0].extract_text()


def test_import_allocations_from_the_desktop(qtbot, window, controller, tmp_path) -> None:
    from tests.helpers.records import event, person, write_jsonl

    good = write_jsonl(tmp_path / "alloc.jsonl", [
        person("Z222222", "p9", given_name="Nguyễn Văn", family_name="An"),
        event("e9", "Z222222", allocation_date="2026-11-23")])
    window.import_file(good)
    qtbot.waitUntil(lambda: window.tabs.isEnabled(), timeout=10000)
    assert "2 added" in window.import_message.text()
    assert "Z222222" in controller.caseload.people
    assert any(i.crn == "Z222222" and i.kind == "induction" for i in controller.items)
    bad = write_jsonl(tmp_path / "bad.jsonl", [event("e10", "Q000000")])
    before = controller.store.count()
    window.import_file(bad)
    qtbot.waitUntil(lambda: window.tabs.isEnabled(), timeout=10000)
    box = window.findChild(type(window.import_message), "errorBox")
    assert box is not None and "no person with CRN Q000000" in box.text()
    assert controller.store.count() == before
    window.import_file(tmp_path / "missing.jsonl")
    qtbot.waitUntil(lambda: window.tabs.isEnabled(), timeout=10000)
    assert controller.store.count() == before
