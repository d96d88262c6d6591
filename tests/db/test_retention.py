"""Retention on real files: an ended, acknowledged case leaves the caseload, its search index
and every backup; an ended case with one change not exported stays, listed with the reason;
the audit trail verifies after (each copy opened with the key, as the transfer tests do)."""

from __future__ import annotations

import json
from datetime import date, datetime

from db import audit, export_file
from db import documents as stored
from db.connection import close_database, open_database
from officer_desk import retention
from officer_desk.app import retention as app_retention
from officer_desk.policy import load_policy
from officer_desk.services import import_lines
from tests.helpers.records import HEADER, event, person

ON = date(2026, 11, 20)
GONE, KEPT, HUB, RUNNING = "R100001", "R100002", "R100003", "R100004"


def _import(opened, records: list[dict]) -> None:
    import_lines(opened.store, [json.dumps(HEADER)] + [json.dumps(r) for r in records], "test")


def _every_value(db) -> str:
    found = []
    for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
        for row in db.execute(f'SELECT * FROM "{table}"'):
            found.append(repr(row))
    return "\n".join(found).lower()


def test_an_ended_sent_case_leaves_every_copy_and_an_unsent_one_stays(opened) -> None:
    _import(opened, [
        person(GONE, "p1", given_name="Zebedee", family_name="Quarrington"),
        event("e1", GONE, end_date="2026-09-01", offence="Theft"),
        {"type": "contact", "id": "c1", "event_id": "e1", "at": "2026-08-01T10:00",
         "mode": "office", "summary": "Spoke about the xylophone workshop"},
        person(KEPT, "p2", given_name="Ann", family_name="Kept"),
        event("e2", KEPT, end_date="2026-09-01"),
        person(RUNNING, "p4", given_name="Run", family_name="Ning"),
        event("e4", RUNNING, start_date="2026-01-01"),
    ])
    stored.store_issued(opened.store, kind="warning_letter", variant="standard", crn=GONE,
                        event_id="e1", record_type="warning", record_id="w1", version=1,
                        reason=None, as_of=date(2026, 8, 2), policy_version="test",
                        pdf=b"%PDF-1.4 Quarrington letter", pages=1,
                        issued_at=datetime(2026, 8, 2, 9, 0))
    assert opened.store.search("quarrington")
    pending = export_file.gather(opened.store)  # the central system acknowledges everything
    pending.write(opened.paths.root.parent / "export.jsonl")
    pending.mark(opened.store)
    _import(opened, [person(KEPT, "p2", given_name="Ann", family_name="Kept-Changed")])
    opened.backup()

    outcome = app_retention.run(opened, load_policy(), ON)

    said = {v.crn: v for v in outcome.verdicts}
    assert [v.crn for v in outcome.gone] == [GONE]
    assert said[KEPT].status == retention.KEPT
    assert "1 change not yet exported" in said[KEPT].reason
    assert RUNNING not in said and outcome.copies == 1
    # Gone from the caseload: records, documents, the search index, the trail's details.
    assert opened.store.records_of(GONE) == [] and opened.store.search("quarrington") == []
    assert opened.store.search("xylophone") == []
    text = _every_value(opened.db)
    for needle in (GONE.lower(), "quarrington", "zebedee", "xylophone"):
        assert needle not in text, needle
    assert opened.store.records_of(KEPT) and opened.store.records_of(RUNNING)
    check = audit.verify(opened.db)
    assert check.ok, check.reason
    # ...and from the backup, opened with the key.
    for backup in opened.paths.backups.glob("*.db"):
        db = open_database(backup, opened.key)
        try:
            assert GONE.lower() not in _every_value(db) and "quarrington" not in _every_value(db)
            assert audit.verify(db).ok
        finally:
            close_database(db)
    # The run again: nothing more goes, the unsent case is still listed.
    again = app_retention.run(opened, load_policy(), ON)
    assert not again.gone and [v.crn for v in again.verdicts] == [KEPT]


def test_the_hub_having_every_change_is_enough_and_today_warns_a_week_before(opened) -> None:
    _import(opened, [person(HUB, "p3"), event("e3", HUB, end_date="2026-09-01"),
                     person(KEPT, "p2"), event("e2", KEPT, end_date="2026-10-25")])
    # Never exported, but shared with a hub that has answered every change.
    opened.store.set_setting("hub_link", {"dsn": "host=hub", "username": "tess",
                                          "device": "d1"})
    opened.store.set_setting("hub_cases", [HUB, KEPT])
    opened.store.set_setting("hub_pushed_seq", opened.store.high_water())
    opened.store.set_setting("hub_pushed_documents", 0)
    verdicts = app_retention.review(opened.store, opened.store.caseload(), load_policy(), ON)
    assert {v.crn: v.status for v in verdicts} == {HUB: retention.GOES, KEPT: retention.SOON}
    assert "acknowledged by the team hub" in verdicts[0].reason
    items = app_retention.today_items(opened.store, opened.store.caseload(), load_policy(), ON)
    assert [(i.crn, i.title) for i in items] == [
        (KEPT, "Leaves this laptop on 23 Nov 2026 (supervision has ended)")]
    # A change the hub has not answered keeps the case.
    opened.db.execute("INSERT INTO outbox (op_id, record_type, record_id, crn, kind, "
                      "base_version, changes, actor, client_time) VALUES ('op1', 'person', "
                      "'p3', ?, 'update', 1, '{}', 'tess', '2026-11-19T10:00:00')", [HUB])
    opened.db.conn.commit()
    [held, _soon] = app_retention.review(opened.store, opened.store.caseload(), load_policy(),
                                         ON)
    assert held.status == retention.KEPT and "1 change not yet synced with the hub" in held.reason
