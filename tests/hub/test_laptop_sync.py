"""Laptops syncing through a real hub: offline edits merged or shown, cases moving whole."""

from __future__ import annotations

from datetime import datetime

import pytest

from db.hub import admin
from db.hub import sync as engine
from officer_desk import services
from officer_desk.errors import UserFacingError
from officer_desk.model import ContactMode
from tests.hub.conftest import PASSWORD


def _event(store, eid: str, crn: str) -> None:
    services.import_lines(store, [
        '{"type": "header", "format": "officer-desk-exchange", "schema_version": 1}',
        f'{{"type": "event", "id": "{eid}", "crn": "{crn}", "kind": "community_order"}}'],
        "test")


def test_work_moves_between_laptops_and_offline_edits_merge_or_are_shown(hub, owner,
                                                                         laptops) -> None:
    alice, sam = laptops("alice"), laptops("sam")
    first = alice.sync()
    assert first.granted == ["X111111"]
    assert alice.record("person", "p1")["given_name"].startswith("Siân")  # as on the hub
    _event(alice.store, "ev-x", "X111111")
    added = services.add_contact(alice.store, "ev-x", datetime(2026, 11, 24, 10, 0),
                                 ContactMode.TELEPHONE, "Phoned about housing")
    contact_id = added.records[0][1]
    sent = alice.sync()
    assert sent.pushed == 2 and sent.applied == 2 and sent.conflicts == 0

    sam.sync()  # the SPO's desk brings the team's case, with its history
    assert sam.record("contact", contact_id)["summary"] == "Phoned about housing"

    # Offline, both change the summary; the SPO also changes the mode: a different field.
    for laptop, words in ((sam, "Phoned: housing and benefits"),
                          (alice, "Phoned about housing; left a message")):
        rec = dict(laptop.record("contact", contact_id), summary=words)
        if laptop is sam:
            rec["mode"] = "video"
        laptop.store.save([rec])
    sam.sync()
    result = alice.sync()
    assert result.conflicts >= 1
    merged = alice.record("contact", contact_id)
    assert merged["mode"] == "video"  # the other field merged
    assert merged["summary"] == "Phoned: housing and benefits"  # nothing overwritten
    [conflict] = [c for c in alice.store.setting(engine.CONFLICTS)
                  if c["record_id"] == contact_id]
    assert conflict["mine"] == "Phoned about housing; left a message"
    assert conflict["theirs"] == "Phoned: housing and benefits"
    open_before = engine.status(alice.store)["conflicts"]
    assert open_before >= 1

    conn = engine.connect(alice.store, alice.opened.key)
    try:
        engine.resolve(alice.store, conn, conflict["id"], "mine")
    finally:
        conn.close()
    assert alice.record("contact", contact_id)["summary"] == "Phoned about housing; left a message"
    sam.sync()
    assert sam.record("contact", contact_id)["summary"] == "Phoned about housing; left a message"
    assert engine.status(alice.store)["conflicts"] == open_before - 1
    actions = [e[0] for e in alice.store.db.execute("SELECT action FROM audit")]
    assert "resolve_conflict" in actions and "sync" in actions

    # The case moves to Bob: Alice's laptop keeps nothing of it; Bob's brings it whole.
    admin.allocate(owner, "X111111", "bob", reason="Alice moves team")
    owner.commit()
    try:
        moved = alice.sync()
        assert moved.removed == ["X111111"] and "X111111" not in alice.crns()
        bob = laptops("bob")
        got = bob.sync()
        assert "X111111" in got.granted
        assert bob.record("contact", contact_id)["summary"] == \
            "Phoned about housing; left a message"
        assert bob.record("event", "ev-x") is not None
    finally:
        admin.allocate(owner, "X111111", "alice")
        owner.commit()


def test_a_replayed_push_after_a_lost_reply_applies_once(hub, laptops) -> None:
    alice = laptops("alice")
    alice.sync()
    _event(alice.store, "ev-replay", "X111111")
    assert engine.materialise(alice.store) == 1
    ops = engine.pending(alice.store)
    conn = engine.connect(alice.store, alice.opened.key)
    try:
        from db.hub import protocol

        protocol.push(conn, alice.store.setting(engine.LINK)["device"], ops)  # reply "lost"
    finally:
        conn.close()
    result = alice.sync()  # the same op goes again, with the same id
    assert result.applied == 1 and result.conflicts == 0
    answer = alice.store.db.execute("SELECT answer FROM outbox WHERE op_id = ?",
                                    [ops[0]["op_id"]]).fetchone()[0]
    assert '"replayed": true' in answer


def test_no_hub_no_harm(hub, laptops, tmp_path) -> None:
    alice = laptops("alice")
    link = dict(alice.store.setting(engine.LINK), dsn="postgresql://127.0.0.1:9/officer_desk_hub")
    alice.store.set_setting(engine.LINK, link)
    services.import_lines(alice.store, [
        '{"type": "header", "format": "officer-desk-exchange", "schema_version": 1}',
        '{"type": "person", "id": "p-off", "crn": "Z333333", "given_name": "Rhys", '
        '"family_name": "Llewelyn"}'], "test")
    _event(alice.store, "ev-off", "Z333333")
    with pytest.raises(UserFacingError,
                       match="nothing is answering at 127.0.0.1:9.*goes at the next sync"):
        engine.connect(alice.store, alice.opened.key, timeout=2)
    assert alice.record("event", "ev-off") is not None
    assert engine.status(alice.store)["pending"] >= 1
    # The password is wrapped with the caseload key, never kept as typed.
    assert PASSWORD not in str(alice.store.setting(engine.LINK))


def test_a_case_that_disagrees_with_the_hub_is_brought_back_whole(hub, laptops) -> None:
    alice = laptops("alice")
    first = alice.sync()
    assert first.resynced == []
    again = alice.sync()
    assert again.resynced == [] and again.pulled == 0  # agreeing: nothing to take again
    # A record lost from this laptop's copy (a damaged file restored from an old backup...).
    lost = alice.store.db.execute("SELECT type, id FROM records WHERE crn = 'X111111' "
                                  "AND type = 'person'").fetchone()
    with alice.store.db.conn:
        alice.store.db.execute("DELETE FROM records WHERE type = ? AND id = ?", list(lost))
        alice.store.db.execute("DELETE FROM hub_base WHERE record_type = ? AND record_id = ?",
                               list(lost))
    result = alice.sync()
    assert result.resynced == ["X111111"]
    assert alice.record(*lost) is not None
    assert alice.sync().resynced == []
