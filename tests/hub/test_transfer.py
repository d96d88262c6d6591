"""A case moving to another officer: its whole history goes, the old laptop keeps nothing."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import psycopg

from db import audit
from db import documents as stored
from db.connection import close_database, open_database
from db.hub import admin, casework, history, team
from officer_desk import app, services
from officer_desk.model import ContactMode
from officer_desk.policy import load_policy
from tests.helpers.records import HEADER, recall_records
from tests.hub.conftest import connected, ensure_staff, signed_in

CRN = "T400001"


def _every_value(db) -> str:
    """Everything in every table of a caseload, as text (for a search by CRN or name)."""
    found = []
    for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
        for row in db.execute(f'SELECT * FROM "{table}"'):
            found.append(repr(row))
    return "\n".join(found).lower()


def test_a_moved_case_takes_its_history_and_leaves_nothing_behind(hub, owner, laptops) -> None:
    ensure_staff(owner, "dave")
    ensure_staff(owner, "tess")
    admin.allocate(owner, CRN, "tess")
    owner.commit()
    tess, dave, sam = laptops("tess"), laptops("dave"), laptops("sam")
    visit = {"type": "home_visit", "id": "tr1-hv", "event_id": "tr1-e1",
             "planned_at": "2026-11-18T11:00", "purpose": "Check the approved address",
             "checkin_by": "2026-11-18T12:30"}
    services.import_lines(tess.store, [json.dumps(HEADER)] + [
        json.dumps(r) for r in [*recall_records(CRN, "tr1-"), visit]], "test")
    services.add_contact(tess.store, "tr1-e1", datetime(2026, 11, 19, 15, 0),
                         ContactMode.TELEPHONE, "Phoned the hostel about his whereabouts")
    tess.store.set_setting("officer_name", "Tess Morgan")
    caseload = tess.store.caseload()
    # An issued document goes with the case (a Part A here would still be a draft: not issued
    # until the managers countersign it).
    _, doc, pdf = app.issue(tess.store, caseload, "home-visit", "tr1-e1", load_policy(),
                            on=date(2026, 11, 20))
    assert doc is not None
    tess.opened.backup()  # a kept copy holding the case, as the officer's laptop would have
    tess.sync()
    tess.opened.backup()  # and one taken after a sync: the hub's bookkeeping names the case

    before = admin.transfer(owner, CRN, "dave", "Moves to Dave's patch")
    owner.commit()
    assert before == "tess" and admin.holder(owner, CRN) == "dave"
    # Tess, offline, records one more thing before her laptop hears of the move.
    services.add_contact(tess.store, "tr1-e1", datetime(2026, 11, 21, 9, 0),
                         ContactMode.TELEPHONE, "Late call: he says he is at his sister's")
    result = tess.sync()
    assert result.removed == [CRN] and result.quarantined == 1
    assert "moved to another officer and removed from this laptop" in result.sentence()

    got = dave.sync()
    assert CRN in got.granted
    mine = {(r["type"], r["id"]) for r in dave.store.records_of(CRN)}
    assert {("person", "tr1-p1"), ("event", "tr1-e1"), ("appointment", "tr1-a1"),
            ("enforcement", "tr1-r1")} <= mine
    assert sum(t == "contact" for t, _ in mine) == 1  # the late one waits for a person
    [copy] = stored.issued(dave.store, crn=CRN)
    assert copy.sha256 == doc.sha256 and stored.pdf_bytes(dave.store, copy.id) == pdf
    past = history.entries(dave.store, CRN)
    assert {"issue", "create"} <= {e.action for e in past}
    assert all(e.actor for e in past)

    for who in (dave, sam):  # the new officer and the SPO both see the late change
        with connected(who) as conn:
            late = [q for q in team.quarantined(conn) if q["crn"] == CRN]
        assert len(late) == 1 and late[0]["from"] == "tess"
        assert late[0]["changes"]["summary"]["new"].startswith("Late call")
    with connected(dave) as conn:
        casework.take_late_change(dave.store, conn, late[0]["id"])
        assert not [q for q in team.quarantined(conn) if q["crn"] == CRN]
    assert any(r.get("summary", "").startswith("Late call")
               for r in dave.store.records_of(CRN) if r["type"] == "contact")

    # The old laptop: nothing of the case in any table, index or kept copy; the trail verifies.
    text = _every_value(tess.store.db)
    for needle in (CRN.lower(), "tr1-", "whereabouts", "sister"):
        assert needle not in text, needle
    check = audit.verify(tess.store.db)
    assert check.ok, check.reason
    for path in tess.opened.paths.root.rglob("*"):
        if path.is_file():
            assert CRN.encode() not in path.read_bytes(), path
    for backup in (tess.opened.paths.root / "backups").glob("*.db"):
        db = open_database(backup, tess.opened.key)
        try:
            assert CRN.lower() not in _every_value(db) and audit.verify(db).ok
        finally:
            close_database(db)

    with psycopg.connect(hub.owner_dsn()) as conn:
        [(kind, extra)] = conn.execute("SELECT event_type, additional FROM hub.domain_event "
                                       "WHERE crn = %s", [CRN]).fetchall()
    assert kind == "person.community.manager.transferred"
    assert extra["fromStaffCode"] == "TESS" and extra["toStaffCode"] == "DAVE"
    assert extra["reason"] == "Moves to Dave's patch"


def test_an_spo_moves_work_in_their_team_and_gives_cover_that_ends(hub, owner) -> None:
    ensure_staff(owner, "erin")
    ensure_staff(owner, "uma")
    ensure_staff(owner, "fran", "PO", "SWA1")
    admin.allocate(owner, "T400002", "uma")
    admin.allocate(owner, "T400003", "uma")
    owner.commit()
    with signed_in(hub, "uma") as raw:  # an officer cannot move their own cases
        try:
            team.transfer(raw, "T400002", "erin", "Mine to give")
            raise AssertionError("a PO moved a case")
        except Exception as exc:  # noqa: BLE001 - the refusal, in words
            assert "refused" in str(exc)
    with signed_in(hub, "sam") as raw:
        assert team.transfer(raw, "T400002", "erin", "Balancing the team") == "uma"
        try:  # nor to someone outside the team
            team.transfer(raw, "T400003", "fran", "Out of team")
            raise AssertionError("an SPO moved a case out of their team")
        except Exception as exc:  # noqa: BLE001
            assert "refused" in str(exc)
        until = date.today() + timedelta(days=7)
        n = team.give_cover(raw, "uma", "erin", until, "Uma on leave")
        assert n >= 1
    with signed_in(hub, "erin") as raw:
        seen = {r[0] for r in raw.execute("SELECT DISTINCT crn FROM hub.allocation "
                                          "WHERE hub.can_see(crn)")}
        assert {"T400002", "T400003"} <= seen  # her own, and Uma's while she covers
    assert admin.holder(owner, "T400003") == "uma"  # cover is not a transfer
    owner.execute("UPDATE hub.allocation SET to_date = current_date - 1, "
                  "from_date = current_date - 8 WHERE kind = 'cover' AND crn = 'T400003'")
    owner.commit()
    with signed_in(hub, "erin") as raw:  # the cover has ended: the case is gone from view
        seen = {r[0] for r in raw.execute("SELECT DISTINCT crn FROM hub.allocation "
                                          "WHERE hub.can_see(crn)")}
        assert "T400003" not in seen and "T400002" in seen
    with psycopg.connect(hub.owner_dsn()) as conn:
        kinds = [r[0] for r in conn.execute("SELECT event_type FROM hub.domain_event WHERE "
                                            "crn IN ('T400002', 'T400003') ORDER BY id")]
        granted_by = conn.execute("SELECT granted_by FROM hub.allocation WHERE kind = 'cover' "
                                  "AND crn = 'T400003'").fetchone()[0]
    assert kinds[:2] == ["person.community.manager.transferred", "officer-desk.cover.granted"]
    assert granted_by == "od_sam"  # who gave the cover, kept on the hub
