"""A lost laptop, taken off the hub by its administrator: what it still sends waits for a person,
it pulls nothing more, and at its next contact it removes every case and says so."""

from __future__ import annotations

import json
import uuid
from datetime import datetime

import psycopg
import pytest
from psycopg.types.json import Jsonb

from db.hub import admin
from db.hub import sync as engine
from officer_desk import services
from officer_desk.cli import main
from officer_desk.errors import UserFacingError
from officer_desk.model import ContactMode
from tests.hub.conftest import Laptop, ensure_staff, signed_in


def _case(owner, crn: str, username: str) -> None:
    admin.allocate(owner, crn, username)
    with owner.transaction():
        owner.execute("INSERT INTO hub.records (record_type, record_id, crn, data, changed) "
                      "VALUES ('person', %s, %s, %s, 0) ON CONFLICT DO NOTHING",
                      [f"p-{crn}", crn, Jsonb({"type": "person", "id": f"p-{crn}", "crn": crn,
                                               "given_name": "Siobhán",
                                               "family_name": "Ó Briain"})])
    owner.commit()


def test_a_revoked_laptop_sends_what_waits_then_removes_every_case(hub, owner, laptops,
                                                                  tmp_path, capsys) -> None:
    ensure_staff(owner, "lena")
    _case(owner, "L555555", "lena")
    lost = laptops("lena")
    assert lost.sync().granted == ["L555555"]
    device = engine.linked(lost.store)["device"]

    assert main(["hub", "device", "list", "--dir", str(hub.folder), "--json"]) == 0
    listed = {d["id"]: d for d in json.loads(capsys.readouterr().out)}
    assert listed[device]["username"] == "lena" and listed[device]["revoked_at"] is None

    # Written offline on the lost laptop, before anyone knew.
    services.import_lines(lost.store, [
        '{"type": "header", "format": "officer-desk-exchange", "schema_version": 1}',
        '{"type": "event", "id": "ev-l", "crn": "L555555", "kind": "community_order"}'], "test")
    added = services.add_contact(lost.store, "ev-l", datetime(2026, 11, 24, 10, 0),
                                 ContactMode.TELEPHONE, "Phoned about the hostel")
    contact_id = added.records[0][1]

    assert main(["hub", "device", "revoke", device, "--dir", str(hub.folder)]) == 0
    said = capsys.readouterr().out
    assert "lena" in said and "new password" in said

    result = lost.sync()
    assert result.revoked and result.removed == ["L555555"]
    assert "taken off the team hub" in result.sentence()
    assert lost.crns() == set()
    assert lost.record("contact", contact_id) is None
    with pytest.raises(UserFacingError, match="taken off the team hub"):
        lost.sync()

    # What it sent was not applied: it waits for a person, on the hub, for her new laptop.
    assert owner.execute("SELECT count(*) FROM hub.records WHERE record_id = %s",
                         [contact_id]).fetchone()[0] == 0
    waiting = owner.execute("SELECT op->>'record_id' FROM hub.quarantine WHERE from_role = %s "
                            "AND op->>'device' = %s", [admin.login_role("lena"), device]
                            ).fetchall()
    owner.commit()
    assert (contact_id,) in waiting
    new = Laptop(tmp_path / "lena-new", hub, "lena")
    try:
        assert new.sync().granted == ["L555555"]
        late = new.store.setting(engine.QUARANTINE) or []
        assert any(item["record_id"] == contact_id for item in late)
    finally:
        new.opened.lock()

    # Raw SQL with the revoked laptop's id: nothing of another officer's case is taken in.
    with signed_in(hub, "lena") as conn:
        op = {"op_id": str(uuid.uuid4()), "device_seq": 99, "crn": "Y222222",
              "record_type": "contact", "record_id": "c-planted", "kind": "create",
              "changes": {"summary": {"new": "planted"}}}
        [answer] = conn.execute("SELECT hub.apply_ops(%s, %s)", [device, Jsonb([op])]
                                ).fetchone()[0]
        conn.commit()
    assert answer["status"] == "rejected"
    assert owner.execute("SELECT count(*) FROM hub.quarantine WHERE crn = 'Y222222' AND "
                         "op->>'record_id' = 'c-planted'").fetchone()[0] == 0
    owner.commit()


def test_only_the_administrator_revokes_a_laptop_or_removes_staff(hub, owner, laptops) -> None:
    ensure_staff(owner, "mair")
    laptop = laptops("mair")
    laptop.sync()
    device = engine.linked(laptop.store)["device"]
    for statement, args in (("SELECT hub.revoke_device(%s)", [device]),
                            ("SELECT hub.staff_leaves(%s)", ["bob"]),
                            ("SELECT hub.add_staff('eve', 'od_eve', 'EVE', 'CDF1', 'N07', 'PO')",
                             None),
                            ("SELECT hub.allocate('Y222222', 'mair', NULL, NULL)", None)):
        with signed_in(hub, "mair") as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(statement, args)
    # Another officer cannot claim a laptop id that is not theirs.
    with signed_in(hub, "alice") as conn, pytest.raises(psycopg.errors.InsufficientPrivilege,
                                                        match="another officer"):
        conn.execute("SELECT hub.checkin(%s)", [device])


def test_a_new_hub_password_shuts_the_old_one_out(hub, owner, tmp_path, capsys) -> None:
    ensure_staff(owner, "nesta")
    new_password = "a brand new hub password"
    secret = tmp_path / "new.txt"
    secret.write_text(new_password + "\n", encoding="utf-8")
    live = signed_in(hub, "nesta")  # e.g. a stolen laptop's session, open already
    assert main(["hub", "staff", "password", "--dir", str(hub.folder), "--username", "nesta",
                 "--password-file", str(secret)]) == 0
    assert "new hub password" in capsys.readouterr().out
    assert not live.closed and _ended(live)  # the session opened before is ended too
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        signed_in(hub, "nesta").close()
    with psycopg.connect(hub.dsn(), user=admin.login_role("nesta"), password=new_password) as conn:
        assert conn.execute("SELECT current_user").fetchone()[0] == admin.login_role("nesta")



def _ended(conn) -> bool:
    try:
        conn.execute("SELECT 1")
    except psycopg.OperationalError:
        return True
    return False


def test_a_laptop_that_pushes_is_on_the_device_list_and_no_one_borrows_its_id(hub, owner,
                                                                               laptops) -> None:
    ensure_staff(owner, "owen")
    laptop = laptops("owen")
    laptop.sync()
    theirs = engine.linked(laptop.store)["device"]
    fresh = f"raw-{uuid.uuid4()}"
    op = {"op_id": str(uuid.uuid4()), "device_seq": 1, "crn": "Y222222",
          "record_type": "contact", "record_id": f"c-{uuid.uuid4()}", "kind": "create",
          "changes": {"summary": {"new": "x"}}}
    with signed_in(hub, "alice") as conn:
        conn.execute("SELECT hub.apply_ops(%s, %s)", [fresh, Jsonb([op])])  # never checked in
        conn.commit()
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="another officer"):
            conn.execute("SELECT hub.apply_ops(%s, %s)", [theirs, Jsonb([op])])
    listed = {d.id: d.username for d in admin.devices(owner)}
    owner.commit()
    assert listed[fresh] == "alice" and listed[theirs] == "owen"


def test_a_cover_ends_when_its_case_moves_and_the_colleague_can_then_leave(hub, owner) -> None:
    from datetime import timedelta

    from tests.helpers.clock import hub_today

    for username in ("cari", "dewi", "elin"):
        ensure_staff(owner, username)
    _case(owner, "C100001", "cari")
    admin.give_cover(owner, "cari", "dewi", hub_today(owner) + timedelta(days=20), "Leave")
    owner.commit()
    with signed_in(hub, "dewi") as conn:
        assert conn.execute("SELECT count(*) FROM hub.records WHERE crn = 'C100001'"
                            ).fetchone()[0] == 1
    admin.transfer(owner, "C100001", "elin", reason="Cari moves on")
    owner.commit()
    with signed_in(hub, "dewi") as conn:  # the cover went with the case's old holder
        assert conn.execute("SELECT count(*) FROM hub.records WHERE crn = 'C100001'"
                            ).fetchone()[0] == 0
    gone, _ended_sessions = admin.remove_staff(owner, "dewi")
    assert gone.username == "dewi"


def test_a_wiped_laptop_is_retired_on_the_hub(hub, owner, laptops, tmp_path) -> None:
    from officer_desk.app import wipe

    ensure_staff(owner, "wyn")
    laptop = laptops("wyn")
    laptop.sync()
    device = engine.linked(laptop.store)["device"]
    contact = wipe.hub_contact(laptop.opened)
    root = tmp_path / "wyn"  # where the laptops fixture keeps this caseload
    caseload_id = laptop.opened.caseload_id
    laptop.opened.lock()
    done = wipe.wipe(root, caseload_id, contact)
    assert done.hub_told is True and "The team hub was told" in wipe.describe(done)
    listed = {d.id: d for d in admin.devices(owner)}
    owner.commit()
    assert listed[device].revoked_at is not None and listed[device].username == "wyn"


def test_cover_is_ended_early_by_a_manager_and_by_no_officer(hub, owner, capsys) -> None:
    from datetime import timedelta

    from tests.helpers.clock import hub_today

    for username in ("ffion", "gethin"):
        ensure_staff(owner, username)
    _case(owner, "F200002", "ffion")
    admin.give_cover(owner, "ffion", "gethin", hub_today(owner) + timedelta(days=20), "Leave")
    owner.commit()
    with signed_in(hub, "gethin") as conn:
        assert conn.execute("SELECT count(*) FROM hub.records WHERE crn = 'F200002'"
                            ).fetchone()[0] == 1
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="only a manager"):
            conn.execute("SELECT hub.end_cover('ffion', 'gethin')")  # not his to end
    assert main(["hub", "cover", "--dir", str(hub.folder), "--absent", "ffion", "--cover",
                 "gethin", "--end"]) == 0
    assert "no longer covers" in capsys.readouterr().out
    with signed_in(hub, "gethin") as conn:
        assert conn.execute("SELECT count(*) FROM hub.records WHERE crn = 'F200002'"
                            ).fetchone()[0] == 0
    assert main(["hub", "cover", "--dir", str(hub.folder), "--absent", "ffion", "--cover",
                 "gethin"]) == 1  # neither --until nor --end: said, not guessed
    assert "--until" in capsys.readouterr().err
