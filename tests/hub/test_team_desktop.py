"""The team's work on the desktop, as the officer and the SPO meet it, against a real hub.

The officer asks for countersignature from the recall wizard (opened from Today); the SPO reads
the Part A and countersigns from the My team tab; the team's numbers are the rules engine's; a
case opens read only; a transfer and an oversight entry go through the hub to the officers.
"""

from __future__ import annotations

import io
import json
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt

from db import audit, caseload_file
from db.hub import admin, casework
from officer_desk import services
from officer_desk.dates import uk_date
from officer_desk.due import due_items
from officer_desk.policy import load_policy
from tests.helpers.clock import hub_days_ahead
from tests.helpers.fakes import FAST_KDF
from tests.helpers.mnemonics import clashes
from tests.helpers.records import HEADER, recall_records
from tests.hub.conftest import PASSWORD, connected, ensure_staff, signed_in
from ui.models.list_table_model import RowRole

PASSPHRASE = "desktop passphrase for the tests"
NOW = datetime(2026, 11, 24, 12, 0)
CRN = "R600001"


@pytest.fixture
def desks(qtbot, hub, owner, tmp_path: Path):
    """A desktop for a member of staff, linked to the hub and synced once."""
    from ui.controller import Controller
    from ui.main_window import MainWindow

    made = []

    def desk(username: str, records: list[dict] | None = None):
        root = tmp_path / username
        opened, _ = caseload_file.create(root, PASSPHRASE, cost=FAST_KDF, recovery_cost=FAST_KDF)
        if records:
            services.import_lines(opened.store, [json.dumps(HEADER)]
                                  + [json.dumps(r, ensure_ascii=False) for r in records], "test")
            opened.store.set_setting("officer_name", f"{username.capitalize()} Hughes")
        opened.lock()
        controller = Controller(root, load_policy(), clock=lambda: NOW)
        window = MainWindow(controller)
        qtbot.addWidget(window)
        controller.unlock(PASSPHRASE)
        window.show()
        controller.link_hub(hub.dsn(), username, PASSWORD)
        _sync(qtbot, window)
        made.append(window)
        return window

    yield desk
    for window in made:
        window.lock_on_close()


def _sync(qtbot, window):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    with qtbot.waitSignal(window.hub.synced, timeout=60000) as done:
        qtbot.keyClick(window, Qt.Key.Key_S,
                       Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert not isinstance(done.args[0], Exception), done.args[0]
    return done.args[0]


def _row_of(view, predicate) -> int:
    model = view.model()
    for r in range(model.rowCount()):
        if predicate(model.index(r, 0).data(RowRole)):
            return r
    raise AssertionError("no such row")


def test_officer_asks_spo_reads_and_countersigns_then_the_recall_goes(qtbot, hub, owner,
                                                                      desks, tmp_path) -> None:
    ensure_staff(owner, "gwen")
    admin.allocate(owner, CRN, "gwen")
    owner.commit()
    gwen = desks("gwen", recall_records(CRN, "dq-"))
    assert not gwen.tabs.isTabVisible(gwen.tabs.indexOf(gwen.team))  # a PO has no team tab

    # Today lists the Part A; Enter on it opens the wizard at its pack, waiting for managers.
    gwen.tabs.setCurrentWidget(gwen.today)
    view = gwen.today.due_view
    row = _row_of(view, lambda i: i.crn == CRN and i.kind == "recall_report")
    assert view.model().index(row, 5).data() == ("Part A recall report to PPCS: Not yet sent "
                                                 "for countersignature")
    view.setFocus()
    view.setCurrentIndex(view.model().index(_row_of(
        view, lambda i: i.crn == CRN and i.kind == "recall_report"), 0))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    wizard = gwen.wizard
    assert wizard is not None and wizard.currentPage() is wizard.pack_page
    page = wizard.pack_page
    assert page.countersign_button.isVisible() and page.countersign_button.isEnabled()
    assert "Not yet sent for countersignature" in page.countersign_status.text()
    assert not page.submit_button.isEnabled()
    qtbot.mouseClick(page.countersign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Waiting for the SPO" in page.countersign_status.text(),
                    timeout=60000)
    assert not page.submit_button.isEnabled()

    sam = desks("sam")
    index = sam.tabs.indexOf(sam.team)
    assert sam.tabs.isTabVisible(index) and sam.tabs.tabText(index) == "M&y team"
    assert not clashes(sam)
    sam.tabs.setCurrentWidget(sam.team)
    assert not clashes(sam)
    team = sam.team
    row = _row_of(team.queue, lambda r: r.crn == CRN)
    team.queue.selectRow(row)
    qtbot.mouseClick(team.sign_button, Qt.MouseButton.LeftButton)  # not before reading it
    assert team.dialog is None or not team.dialog.isVisible()
    team.choose_path = lambda _parent, name: tmp_path / name
    qtbot.mouseClick(team.read_button, Qt.MouseButton.LeftButton)
    read = (tmp_path / f"{CRN}-part-a-to-countersign.pdf").read_bytes()
    text = " ".join(" ".join(p.extract_text().split())
                    for p in PdfReader(io.BytesIO(read)).pages)
    assert "Łukasz" in text and "Awaiting countersignature" in text
    qtbot.mouseClick(team.sign_button, Qt.MouseButton.LeftButton)
    form = team.dialog
    form.widgets["rationale"].setPlainText("Risk to a former partner: recall agreed.")
    with qtbot.waitSignal(team.done, timeout=60000) as said:
        form.accept()
    assert "waiting for the aco" in said.args[0].lower()

    aco_store_rec = None
    with connected(_Staff(gwen)) as conn:  # the officer's view of it, from the hub
        aco_store_rec = [r for r in casework.refresh(gwen.controller.store, conn)
                         if r.crn == CRN][0]
    assert aco_store_rec.status == "ACO_SIGNATURE_REQUESTED"
    aco = desks("aco")
    aco.tabs.setCurrentWidget(aco.team)
    aco.team.queue.selectRow(_row_of(aco.team.queue, lambda r: r.crn == CRN))
    aco.team.choose_path = lambda _parent, name: tmp_path / f"aco-{name}"
    qtbot.mouseClick(aco.team.read_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(aco.team.sign_button, Qt.MouseButton.LeftButton)
    aco.team.dialog.widgets["rationale"].setPlainText("Authorised.")
    with qtbot.waitSignal(aco.team.done, timeout=60000):
        aco.team.dialog.accept()

    with qtbot.waitSignal(gwen.hub.synced, timeout=60000):  # the sync every few minutes
        gwen.hub.timer.timeout.emit()
    qtbot.waitUntil(lambda: "countersigned by the SPO and the ACO" in
                    page.countersign_status.text(), timeout=10000)
    gwen.tabs.setCurrentWidget(gwen.today)  # Today, when next looked at, says so too
    row = _row_of(view, lambda i: i.crn == CRN and i.kind == "recall_report")
    assert view.model().index(row, 5).data().endswith("Recall countersigned by the SPO and "
                                                      "the ACO")
    assert page.submit_button.isEnabled()
    qtbot.mouseClick(page.submit_button, Qt.MouseButton.LeftButton)
    decision = gwen.controller.store.record("enforcement", "dq-r1")
    assert decision["submitted_at"] == "2026-11-24T12:00"


class _Staff:
    """The bits ``connected`` needs from a desktop."""

    def __init__(self, window) -> None:
        self.store = window.controller.store
        self.opened = window.controller.opened


def test_team_numbers_read_only_cases_transfer_and_oversight(qtbot, hub, owner, desks,
                                                             laptops) -> None:
    ensure_staff(owner, "ifan")
    ensure_staff(owner, "hal")
    admin.allocate(owner, "R600002", "ifan")
    owner.commit()
    ifan = laptops("ifan")
    services.import_lines(ifan.store, [json.dumps(HEADER)] + [
        json.dumps(r, ensure_ascii=False) for r in recall_records("R600002", "tt-")], "test")
    ifan.sync()

    sam = desks("sam")
    sam.tabs.setCurrentWidget(sam.team)
    team = sam.team
    officers = team.officer_model
    row = _row_of(team.officers, lambda o: o.username == "ifan")
    line = officers.row_object(row)
    c = sam.controller
    held = {x["crn"] for x in sam.team_work.state()["cases"]
            if x["username"] == "ifan" and x["kind"] == "holder"}
    expected = Counter(i.kind for i in due_items(c.store.caseload(), c.today(), c.policy,
                                                 extended=True)
                       if i.status == "overdue" and i.crn in held)
    assert line.overdue == expected and len(line.cases) == len(held)
    assert line.awaiting_oversight >= 1  # the recall decision, not yet overseen

    team.officers.selectRow(row)
    team.cases.selectRow(_row_of(team.cases, lambda x: x.crn == "R600002"))
    qtbot.mouseClick(team.open_button, Qt.MouseButton.LeftButton)
    ws = sam.workspace
    assert sam.tabs.currentWidget() is ws and ws.crn == "R600002"
    assert "Read only: ifan's case" in ws.header.text()
    assert not ws.buttons["Record outcome"].isEnabled()
    assert not ws.buttons["Breach or recall"].isEnabled()
    assert ws.buttons["Print"].isEnabled() and ws.buttons["Audit trail"].isEnabled()

    sam.tabs.setCurrentWidget(team)
    team.officers.selectRow(_row_of(team.officers, lambda o: o.username == "ifan"))
    team.cases.selectRow(_row_of(team.cases, lambda x: x.crn == "R600002"))
    qtbot.mouseClick(team.oversight_button, Qt.MouseButton.LeftButton)
    form = team.dialog
    assert form.values()["about"] == "tt-r1"  # the decision awaiting oversight
    form.widgets["note"].setPlainText("Read the case with Ifan; the recall decision stands.")
    form.accept()
    _sync(qtbot, sam)
    ifan.sync()
    [entry] = [r for r in ifan.store.records_of("R600002") if r["type"] == "oversight"]
    assert entry["by"] == "sam" and entry["grade"] == "SPO" and entry["about"] == "tt-r1"

    team.officers.selectRow(_row_of(team.officers, lambda o: o.username == "ifan"))
    team.cases.selectRow(_row_of(team.cases, lambda x: x.crn == "R600002"))
    qtbot.mouseClick(team.transfer_button, Qt.MouseButton.LeftButton)
    form = team.dialog
    form.set_value("to", "hal")
    form.set_value("reason", "Ifan's caseload is over 60")
    with qtbot.waitSignal(team.done, timeout=60000) as said:
        form.accept()
    assert "moves from ifan to hal" in said.args[0]
    assert admin.holder(owner, "R600002") == "hal"
    moved = ifan.sync()
    assert "R600002" in moved.removed
    actions = [e.action for e in sam.controller.audit_entries("R600002")]
    assert "transfer" in actions

    # Hal is away: Ifan covers his cases until a date (shown to Ifan, and in the audit).
    team.refresh()
    team.officers.selectRow(_row_of(team.officers, lambda o: o.username == "hal"))
    qtbot.mouseClick(team.cover_button, Qt.MouseButton.LeftButton)
    form = team.dialog
    form.set_value("cover", "ifan")
    until = hub_days_ahead(owner, 10)  # the hub decides cover by its own day
    form.set_value("until", uk_date(until))
    form.set_value("reason", "Hal on leave")
    with qtbot.waitSignal(team.done, timeout=60000) as said:
        form.accept()
    assert f"ifan covers 1 case(s) of hal until {uk_date(until)}" in said.args[0]
    covered = ifan.sync()
    assert "R600002" in covered.granted  # back on Ifan's laptop while he covers
    with signed_in(hub, "ifan") as raw:
        row = raw.execute("SELECT kind, to_date, granted_by FROM hub.allocation WHERE "
                          "crn = 'R600002' AND kind = 'cover'").fetchone()
    assert row[0] == "cover" and row[1] == until and row[2] == "od_sam"
    assert any(e.action == "give_cover" for e in audit.entries(sam.controller.store.db))

    sam.lock()  # locked: nothing of the team's cases stays on screen or in memory
    assert not sam.tabs.isTabVisible(sam.tabs.indexOf(team))
    assert all(m.rowCount() == 0 for m in (team.officer_model, team.case_model,
                                           team.queue_model, team.late_model))
    assert sam.team_work._full is None
