"""The desktop and the hub: link, Ctrl+Shift+S in the background, the status line, conflicts."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from db import caseload_file
from db.hub import sync as engine
from officer_desk.policy import load_policy
from tests.helpers.fakes import FAST_KDF
from tests.hub.conftest import PASSWORD

PASSPHRASE = "desktop passphrase for the tests"
NOW = datetime(2026, 11, 24, 12, 0)


@pytest.fixture
def desk(qtbot, hub, tmp_path: Path):
    from ui.controller import Controller
    from ui.main_window import MainWindow

    root = tmp_path / "sam"
    opened, _ = caseload_file.create(root, PASSPHRASE, cost=FAST_KDF, recovery_cost=FAST_KDF)
    opened.lock()
    controller = Controller(root, load_policy(), clock=lambda: NOW)
    window = MainWindow(controller)
    qtbot.addWidget(window)
    controller.unlock(PASSPHRASE)
    window.show()
    yield window
    window.lock_on_close()


def _menu(window, text: str):
    return next(a for a in window.menuBar().actions()[0].menu().actions()
                if a.text().replace("&", "") == text)


def test_link_then_sync_from_the_keyboard(qtbot, hub, desk) -> None:
    window = desk
    assert window.hub_status.text() == ""  # not linked: nothing claims a hub
    _menu(window, "Link to a team hub…").trigger()
    form = window.hub.link_dialog
    form.set_value("dsn", hub.dsn())
    form.set_value("username", "sam")
    form.set_value("password", "wrong password")
    with qtbot.waitSignal(window.hub.synced, timeout=30000) as failed:
        form.accept()
    assert isinstance(failed.args[0], Exception)
    assert "not reachable" in window.hub_status.text()
    said = str(failed.args[0])  # in the officer's words, not the driver's
    assert "did not accept your username and password" in said, said
    assert "FATAL" not in said and "connection to server" not in said
    assert window.tabs.isEnabled()  # offline work goes on

    window.controller.link_hub(hub.dsn(), "sam", PASSWORD)
    window.activateWindow()  # the link dialog had the focus
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    with qtbot.waitSignal(window.hub.synced, timeout=30000) as done:
        qtbot.keyClick(window, Qt.Key.Key_S,
                       Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    result = done.args[0]
    assert not isinstance(result, Exception), result
    assert "X111111" in result.granted
    assert "X111111" in window.controller.caseload.people
    status = window.hub_status.text()
    assert status.startswith("Team hub: last sync 24 Nov 2026") or "last sync" in status
    assert "not reachable" not in status
    assert PASSWORD not in str(window.controller.store.setting(engine.LINK))


def test_conflicts_are_resolved_side_by_side(qtbot, hub, desk) -> None:
    window = desk
    window.controller.link_hub(hub.dsn(), "sam", PASSWORD)
    with qtbot.waitSignal(window.hub.synced, timeout=30000):
        window.hub.sync_now()
    # Alice's laptop changes the person's name on the hub while the SPO's desk has it open.
    store = window.controller.store
    person = dict(store.record("person", "p1"))
    alice = engine.Outgoing("alice-desk-test", [{
        "op_id": engine.uuid7(), "device_seq": 1, "record_type": "person", "record_id": "p1",
        "crn": "X111111", "kind": "update",
        "base_version": store.db.execute("SELECT version FROM hub_base WHERE record_id = 'p1'"
                                         ).fetchone()[0],
        "changes": {"given_name": {"old": person["given_name"], "new": "Siân (from Alice)"}},
        "actor": "alice", "client_time": "2026-11-24T12:00"}], 0, set(), 1)
    import psycopg

    from db.hub import protocol
    with psycopg.connect(hub.dsn(), user="od_alice", password=PASSWORD) as conn:
        protocol.push(conn, alice.device, alice.ops)
    window.controller.run(lambda s: _rename(s, person), )
    with qtbot.waitSignal(window.hub.synced, timeout=30000):
        window.hub.sync_now()
    conflicts = window.controller.hub_conflicts()
    mine = [c for c in conflicts if c["record_id"] == "p1" and c["field"] == "given_name"]
    assert mine, conflicts
    _menu(window, "Conflicts…").trigger()
    dialog = window.hub.conflicts_dialog
    assert dialog.isVisible() and dialog.model.rowCount() == len(conflicts)
    row = next(r for r in range(dialog.model.rowCount())
               if dialog.model.row_object(r)["id"] == mine[0]["id"])
    dialog.table.selectRow(row)
    first = dialog.model.row_object(row)
    assert dialog.model.index(row, 3).data() == "Siân (SPO's spelling)"
    assert dialog.model.index(row, 4).data() == "Siân (from Alice)"
    # In words: the person by name, the field as the form calls it, who made "theirs" and when.
    assert dialog.model.index(row, 0).data() != "X111111"
    assert dialog.model.index(row, 2).data() == "given name"
    assert dialog.model.index(row, 5).data().startswith("alice, ")
    shown = " ".join(str(dialog.model.index(r, c).data()) for r in range(dialog.model.rowCount())
                     for c in range(dialog.model.columnCount()))
    assert not re.search(r"\d{4}-\d{2}-\d{2}", shown)  # no ISO dates on screen
    with qtbot.waitSignal(window.hub.synced, timeout=30000):
        dialog.keep_mine.click()
    assert first["id"] not in {c["id"] for c in window.controller.hub_conflicts()}
    assert store.record("person", "p1")["given_name"] == "Siân (SPO's spelling)"
    actions = [e.action for e in window.controller.audit_entries(first["crn"])]
    assert "resolve_conflict" in actions


def _rename(store, person):
    from officer_desk.services import Changes

    store.save([dict(person, given_name="Siân (SPO's spelling)")])
    return Changes({"X111111"})


def test_a_hub_on_another_machine_needs_its_ca_in_the_link_dialog(qtbot, desk, tmp_path) -> None:
    window = desk
    _menu(window, "Link to a team hub…").trigger()
    form = window.hub.link_dialog
    form.set_value("dsn", "postgresql://192.0.2.50:54329/officer_desk_hub")  # never contacted
    form.set_value("username", "sam")
    form.set_value("password", PASSWORD)
    form.accept()
    assert form.isVisible() and "CA file" in form.problem.text()
    not_a_ca = tmp_path / "notes.txt"
    not_a_ca.write_text("not a certificate\n", encoding="utf-8")
    form.set_value("ca_file", str(not_a_ca))
    form.accept()
    assert form.isVisible() and "not a certificate" in form.problem.text()
    assert not window.controller.hub_linked()  # nothing kept from a refused link
    form.reject()


def test_a_case_that_moves_away_is_named_when_it_leaves_the_desk(qtbot, hub, owner,
                                                                 desk) -> None:
    from psycopg.types.json import Jsonb

    from db.hub import admin

    admin.allocate(owner, "Z777777", "alice")
    with owner.transaction():
        owner.execute("INSERT INTO hub.records (record_type, record_id, crn, data, changed) "
                      "VALUES ('person', 'p-z', 'Z777777', %s, 0) ON CONFLICT DO NOTHING",
                      [Jsonb({"type": "person", "id": "p-z", "crn": "Z777777",
                              "given_name": "Łukasz", "family_name": "Żółć"})])
    owner.commit()
    window = desk
    window.controller.link_hub(hub.dsn(), "sam", PASSWORD)  # alice's SPO sees her cases
    with qtbot.waitSignal(window.hub.synced, timeout=30000):
        window.hub.sync_now()
    assert "Z777777" in window.controller.caseload.people
    admin.transfer(owner, "Z777777", "bob", reason="Moves to Swansea")  # another team's
    owner.commit()
    with qtbot.waitSignal(window.hub.synced, timeout=30000):
        window.hub.sync_now()
    assert "Z777777" not in window.controller.caseload.people
    notice = window.moved_notice
    assert notice.isVisible() and "Łukasz Żółć (Z777777)" in notice.text()
    notice.close()
