"""The hub attacked with raw SQL as every login role: login roles read, only the hub's own
functions write, and those functions write only what the caller may.

Each exploit a red team found against the earlier hub is tried again here, with the officers'
own passwords over TCP, against a real PostgreSQL.
"""

from __future__ import annotations

import contextlib
import json
import random
import threading
import time
import uuid
from datetime import datetime, timedelta

import psycopg
import pytest
from psycopg.types.json import Jsonb

from db.hub import admin, casework, history, team
from officer_desk import services
from officer_desk.errors import UserFacingError
from tests.helpers.clock import hub_days_ahead
from tests.helpers.records import HEADER, recall_records
from tests.hub.conftest import connected, ensure_staff, signed_in

ROLES = ("alice", "sam", "bob", "aco")  # a PO and an SPO of CDF1, a PO of SWA1, an ACO
WRITES = ("INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER")
API = {"apply_ops(text,jsonb)", "resolve_conflict(text,bigint,text,jsonb)",
       "decide_late_change(bigint,text)", "request_countersign(text,text,text,text,text)",
       "countersign(bigint,text,text)", "transfer(text,text,text)",
       "give_cover(text,text,date,text)", "checkin(text)", "retire_device(text)",
       "end_cover(text,text)"}


def _op(rid: str, crn: str, changes: dict, *, kind: str = "create", base: int = 0,
        rtype: str = "contact", seq: int = 1) -> dict:
    return {"op_id": str(uuid.uuid4()), "device_seq": seq, "record_type": rtype,
            "record_id": rid, "crn": crn, "kind": kind, "base_version": base,
            "changes": {k: {"old": None, "new": v} for k, v in changes.items()},
            "actor": "attacker", "client_time": "2000-01-01T00:00"}


def _push(conn, ops: list[dict], device: str | None = None) -> list[dict]:
    answers = conn.execute("SELECT hub.apply_ops(%s, %s)",
                           [device or f"d-{uuid.uuid4()}", Jsonb(ops)]).fetchone()[0]
    conn.commit()
    return answers


def _tables(owner) -> list[str]:
    rows = owner.execute("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON "
                         "n.oid = c.relnamespace WHERE n.nspname = 'hub' AND c.relkind = 'r' "
                         "ORDER BY 1").fetchall()
    owner.commit()
    return [r[0] for r in rows]


def test_no_login_role_holds_a_write_privilege_anywhere(hub, owner) -> None:
    tables = _tables(owner)
    assert {"records", "allocation", "counter", "applied_op", "audit"} <= set(tables)
    for username in ROLES:
        role = admin.login_role(username)
        for table in tables:
            for privilege in WRITES:
                held = owner.execute("SELECT has_table_privilege(%s, %s, %s)",
                                     [role, f"hub.{table}", privilege]).fetchone()[0]
                assert not held, (role, table, privilege)
        for schema in ("hub", "public"):
            assert not owner.execute("SELECT has_schema_privilege(%s, %s, 'CREATE')",
                                     [role, schema]).fetchone()[0], (role, schema)
        assert not owner.execute("SELECT has_database_privilege(%s, current_database(), "
                                 "'TEMP')", [role]).fetchone()[0]
        # Only the named API among the functions that write.
        callable_ = {r[0] for r in owner.execute(
            "SELECT substr(p.oid::regprocedure::text, 5) FROM pg_proc p "
            "WHERE p.pronamespace = 'hub'::regnamespace "
            "AND has_function_privilege(%s, p.oid, 'EXECUTE') AND p.provolatile = 'v'",
            [role])}
        assert {f.replace(" ", "") for f in callable_} == API, role
    owner.commit()


@pytest.mark.parametrize("username", ROLES)
def test_every_write_statement_is_refused_for_every_role_and_table(hub, owner,
                                                                   username) -> None:
    tables = _tables(owner)
    first = dict(owner.execute("SELECT DISTINCT ON (table_name) table_name, column_name "
                               "FROM information_schema.columns WHERE table_schema = 'hub' "
                               "AND is_identity = 'NO' ORDER BY table_name, ordinal_position"
                               ).fetchall())
    owner.commit()
    with signed_in(hub, username) as conn:
        for table in tables:
            column = first[table]
            for statement in (f"INSERT INTO hub.{table} DEFAULT VALUES",
                              f"UPDATE hub.{table} SET {column} = {column}",
                              f"DELETE FROM hub.{table}",
                              f"TRUNCATE hub.{table}",
                              f"LOCK TABLE hub.{table} IN ACCESS EXCLUSIVE MODE",
                              f"LOCK TABLE hub.{table} IN ROW EXCLUSIVE MODE",
                              f"SELECT * FROM hub.{table} FOR UPDATE",
                              f"SELECT * FROM hub.{table} FOR SHARE"):
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    conn.execute(statement)
                conn.rollback()
        for statement in ("CREATE TABLE hub.mine (x int)", "CREATE TABLE public.mine (x int)",
                          "CREATE TEMP TABLE mine (x int)",
                          "CREATE FUNCTION hub.mine() RETURNS int LANGUAGE sql AS 'SELECT 1'",
                          "SELECT hub.apply_op('d', '{}'::jsonb)", "SELECT hub.tick()",
                          "SELECT hub.begin_write()", "SET ROLE officer_desk_writer",
                          "SET ROLE officer_desk_owner"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)
            conn.rollback()


def test_every_api_function_refuses_a_case_the_role_may_not_touch(hub, owner) -> None:
    ensure_staff(owner, "swa_spo", "SPO", "SWA1")
    ensure_staff(owner, "yan")
    admin.allocate(owner, "Z900001", "yan")
    owner.commit()
    # A conflict, a late change and a recommendation on Yan's case (team CDF1).
    with signed_in(hub, "yan") as yan:
        device = f"yan-{uuid.uuid4()}"
        [created] = _push(yan, [_op("atk-c1", "Z900001", {"summary": "first"},
                                    rtype="contact")], device)
        _push(yan, [_op("atk-c1", "Z900001", {"summary": "second"}, kind="update", base=0,
                        seq=2)], device)
        [conflict_id] = [r[0] for r in yan.execute(
            "SELECT id FROM hub.conflict WHERE record_id = 'atk-c1'")]
        yan.commit()
        assert created["status"] == "applied"
    for stranger in ("bob", "swa_spo"):  # another team's PO and SPO
        with signed_in(hub, stranger) as conn:
            [answer] = _push(conn, [_op("atk-c2", "Z900001", {"summary": "forged"})])
            assert answer["status"] == "rejected" and "not allocated" in answer["reason"]
            for call, args, error in (
                    ("SELECT hub.resolve_conflict('d', %s, 'theirs', NULL)", [conflict_id],
                     psycopg.errors.NoDataFound),
                    ("SELECT hub.request_countersign('Z900001', 'e', 'r', 'recall', %s)",
                     ["a" * 64], psycopg.errors.InsufficientPrivilege),
                    ("SELECT hub.transfer('Z900001', %s, 'mine now')", [stranger],
                     psycopg.errors.InsufficientPrivilege),
                    ("SELECT hub.give_cover('yan', %s, current_date + 3, 'cover')", [stranger],
                     psycopg.errors.InsufficientPrivilege)):
                with pytest.raises(error):
                    conn.execute(call, args)
                conn.rollback()
            assert conn.execute("SELECT hub.decide_late_change(1, 'taken')").fetchone()[0] == 0
            conn.rollback()
    with signed_in(hub, "alice") as alice:  # a PO of the same team: not hers to move
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            alice.execute("SELECT hub.transfer('Z900001', 'alice', 'mine now')")
        alice.rollback()
    assert admin.holder(owner, "Z900001") == "yan"
    owner.commit()


def test_an_op_naming_another_cases_record_says_nothing_of_it(hub) -> None:
    with signed_in(hub, "bob") as bob:
        [made] = _push(bob, [_op("atk-secret", "Y222222", {"summary": "Bob's"})])
    assert made["status"] == "applied"
    with signed_in(hub, "alice") as alice:
        [unseen] = _push(alice, [_op("atk-secret", "X111111", {"summary": "taken over"})])
        [other] = _push(alice, [_op("atk-x", "Y222222", {"summary": "taken over"})])
    assert unseen["status"] == other["status"] == "rejected"
    assert unseen["reason"] == other["reason"]  # the same words as a case that is not hers


def _decided_recall(hub, owner, laptops, crn: str, prefix: str, desks: dict | None = None):
    """A recall countersigned by the SPO and the ACO through the real flow (``desks``: the
    laptops of an earlier call, used again)."""
    ensure_staff(owner, "tina")
    admin.allocate(owner, crn, "tina")
    owner.commit()
    desks = desks if desks is not None else {}
    for name in ("tina", "sam", "aco"):
        if name not in desks:
            desks[name] = laptops(name)
    cora, sam, aco = desks["tina"], desks["sam"], desks["aco"]
    cora.sync()
    services.import_lines(cora.store, [json.dumps(HEADER)] + [
        json.dumps(r) for r in recall_records(crn, prefix)], "test")
    with connected(cora) as conn:
        rec = casework.request(cora.store, conn, prefix + "e1")
    for signer, why in ((sam, "Agreed: recall."), (aco, "Authorised.")):
        signer.sync()
        with connected(signer) as conn:
            casework.sign(signer.store, conn, rec.id, why)
    return cora, rec


def test_a_signed_recall_cannot_change_nor_go_unsigned_on_any_path(hub, owner, laptops) -> None:
    cora, rec = _decided_recall(hub, owner, laptops, "R700001", "atk1-")
    with signed_in(hub, "tina") as raw:
        assert raw.execute("SELECT hub.recommendation_now(%s)", [rec.id]).fetchone()[0] \
            == "RECALL_DECIDED"
        base = raw.execute("SELECT version FROM hub.records WHERE record_id = 'atk1-r1'"
                           ).fetchone()[0]
        raw.commit()
        device = f"modified-{uuid.uuid4()}"
        # Once signed, the decision's content does not change...
        answers = _push(raw, [
            _op("atk1-r1", "R700001", {"rationale": "Rewritten after signing"},
                kind="update", base=base, rtype="enforcement"),
            _op("atk1-r1", "R700001", {"recall_type": "fixed_term"}, kind="update", base=base,
                rtype="enforcement", seq=2)], device)
        assert [a["status"] for a in answers] == ["rejected", "rejected"]
        # ...nor can a new decision be made "sent" in the same op that creates it.
        [created] = _push(raw, [_op("atk1-r2", "R700001", {
            "event_id": "atk1-e1", "decision": "recall", "decided_at": "2026-11-21T09:00",
            "submitted_at": "2026-11-21T10:00"}, rtype="enforcement", seq=3)], device)
        assert created["status"] == "rejected" and "signed" in created["reason"]
        # A change to what the Part A is made from (an appointment before the decision)
        # voids both signatures: the recall cannot go until it is asked for and signed again.
        [moved] = _push(raw, [_op("atk1-a1", "R700001", {"location": "Somewhere else"},
                                  kind="update", base=1, rtype="appointment", seq=4)], device)
        assert moved["status"] == "applied"
        assert raw.execute("SELECT hub.recommendation_now(%s)", [rec.id]).fetchone()[0] \
            == "SPO_SIGNATURE_REQUESTED"
        note = raw.execute("SELECT note FROM hub.recommendation_status WHERE "
                           "recommendation_id = %s ORDER BY id DESC LIMIT 1", [rec.id]
                           ).fetchone()[0]
        assert "voided" in note and "appointment atk1-a1" in note
        raw.commit()
        [sent] = _push(raw, [_op("atk1-r1", "R700001", {"submitted_at": "2026-11-20T11:00"},
                                 kind="update", base=base, rtype="enforcement", seq=5)],
                       device)
        assert sent["status"] == "rejected" and "SPO and the ACO" in sent["reason"]
    # The SPO is told: the event is in the hub's outbox, and a signature on the old content is
    # refused until the officer asks again.
    with signed_in(hub, "sam") as sam:
        events = [e for e in team.domain_events(sam)
                  if e["eventType"] == "officer-desk.countersignature.voided"]
        assert any(e["additionalInformation"]["recommendation"] == rec.id for e in events)
        with pytest.raises(UserFacingError, match="changed"):
            team.sign(sam, rec.id, rec.content_sha256, "Sign the old one")
    # The administrator's own paths keep the rules too: a record keeps its type.
    with pytest.raises(psycopg.errors.ObjectNotInPrerequisiteState, match="keeps its type"):
        owner.execute("UPDATE hub.records SET record_type = 'contact' "
                      "WHERE record_type = 'enforcement' AND record_id = 'atk1-r1'")
    owner.rollback()


def test_only_the_requesting_officer_asks_again_and_no_one_signs_what_they_asked(
        hub, owner, laptops) -> None:
    ensure_staff(owner, "tina")
    admin.allocate(owner, "R700002", "tina")
    owner.commit()
    cora = laptops("tina")
    services.import_lines(cora.store, [json.dumps(HEADER)] + [
        json.dumps(r) for r in recall_records("R700002", "atk2-")], "test")
    with connected(cora) as conn:
        rec = casework.request(cora.store, conn, "atk2-e1")
    with signed_in(hub, "sam") as sam:  # the SPO re-issues the request as if it were theirs
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="only the officer"):
            sam.execute("SELECT hub.request_countersign('R700002', 'atk2-e1', 'atk2-r1', "
                        "'recall', %s)", [rec.content_sha256])
        sam.rollback()
    with signed_in(hub, "tina") as raw:  # the officer cannot sign her own request
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            raw.execute("SELECT hub.countersign(%s, %s, 'I agree with myself')",
                        [rec.id, rec.content_sha256])
        raw.rollback()


def test_no_one_holds_the_team(hub, owner) -> None:
    """A session that keeps the team's write lock past the hub's limit is ended by the next
    writer; a session that turned its time limits off is refused any write."""
    for limit in ("idle_in_transaction_session_timeout", "idle_session_timeout"):
        with signed_in(hub, "alice") as alice:
            alice.execute(f"SET {limit} = 0")
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="time limits"):
                _push(alice, [_op("atk-hold0", "X111111", {"summary": "x"})])
            alice.rollback()
    owner.execute("UPDATE hub.limits SET hold_seconds = 2")
    owner.commit()
    try:
        holder = signed_in(hub, "alice")
        holder.execute("SELECT hub.apply_ops(%s, %s)", [f"h-{uuid.uuid4()}", Jsonb(
            [_op("atk-hold1", "X111111", {"summary": "held"})])])
        holder.execute("SET idle_in_transaction_session_timeout = 0")  # after the check
        time.sleep(3)
        started = time.monotonic()
        with signed_in(hub, "bob") as bob:
            [answer] = _push(bob, [_op("atk-hold2", "Y222222", {"summary": "goes"})])
        assert answer["status"] == "applied" and time.monotonic() - started < 15
        with pytest.raises(psycopg.OperationalError):
            holder.execute("SELECT 1")
        holder.close()
        # Nor by a call that writes nothing but takes the lock (a late change that is not).
        quiet = signed_in(hub, "alice")
        assert quiet.execute("SELECT hub.decide_late_change(-1, 'dismissed')").fetchone()[0] == 0
        quiet.execute("SET idle_in_transaction_session_timeout = 0")
        time.sleep(3)
        with signed_in(hub, "bob") as bob:
            [answer] = _push(bob, [_op("atk-hold3", "Y222222", {"summary": "goes too"})])
        assert answer["status"] == "applied"
        with pytest.raises(psycopg.OperationalError):
            quiet.execute("SELECT 1")
        quiet.close()
    finally:
        owner.execute("UPDATE hub.limits SET hold_seconds = 120")
        owner.commit()


def _lint_0011(owner) -> list[str]:
    """Functions whose search_path the caller may change (splinter 0011's rule)."""
    return [r[0] for r in owner.execute(
        "SELECT p.proname FROM pg_proc p WHERE p.pronamespace = 'hub'::regnamespace AND NOT "
        "EXISTS (SELECT 1 FROM unnest(coalesce(p.proconfig, '{}')) c "
        "WHERE c LIKE 'search_path=%%')")]


def _lint_0024(owner) -> list[str]:
    """Write policies that let every row through (splinter 0024's rule, for every role)."""
    return [r[0] for r in owner.execute(
        "SELECT policyname FROM pg_policies WHERE schemaname = 'hub' AND permissive = "
        "'PERMISSIVE' AND ((cmd IN ('UPDATE', 'DELETE', 'ALL') AND (qual IS NULL OR "
        "regexp_replace(lower(qual), '\\s', '', 'g') IN ('true', '(true)', '1=1', '(1=1)'))) "
        "OR regexp_replace(lower(coalesce(with_check, '')), '\\s', '', 'g') "
        "IN ('true', '(true)', '1=1', '(1=1)') OR (cmd = 'INSERT' AND with_check IS NULL))")]


def test_the_hub_schema_is_clean_by_splinter_lints_0011_and_0024(hub, owner) -> None:
    assert _lint_0011(owner) == []
    assert _lint_0024(owner) == []
    definers = owner.execute(
        "SELECT p.proname, pg_get_userbyid(p.proowner), "
        "has_function_privilege('public', p.oid, 'EXECUTE') FROM pg_proc p "
        "WHERE p.pronamespace = 'hub'::regnamespace AND p.prosecdef").fetchall()
    owner.commit()
    assert {d[0] for d in definers} >= {"apply_ops", "countersign", "transfer"}
    assert all(owner_ == "officer_desk_writer" and not public
               for _name, owner_, public in definers), definers


def _audit_agrees(owner) -> None:
    """Every record's audit rows: one per version, the latest naming the row as it stands."""
    rows = owner.execute(
        "SELECT r.record_type || '/' || r.record_id, r.version, hub.sha(to_jsonb(r)), "
        "(SELECT count(*) FROM hub.audit a WHERE a.table_name = 'records' "
        " AND a.row_key = r.record_type || '/' || r.record_id), "
        "(SELECT a.after_sha256 FROM hub.audit a WHERE a.table_name = 'records' "
        " AND a.row_key = r.record_type || '/' || r.record_id ORDER BY a.id DESC LIMIT 1) "
        "FROM hub.records r").fetchall()
    owner.commit()
    assert rows
    for key, version, sha, count, latest in rows:
        assert count == version and latest == sha, key


def test_random_raw_sql_from_one_role_changes_nothing_outside_its_rights(hub, owner,
                                                                         laptops) -> None:
    ensure_staff(owner, "nia")
    admin.allocate(owner, "Q500001", "nia")
    owner.commit()
    nia = laptops("nia")
    services.import_lines(nia.store, [json.dumps(HEADER)] + [
        json.dumps(r) for r in recall_records("Q500001", "rnd-")], "test")
    nia.sync()
    before = {r[0]: r[1] for r in owner.execute(
        "SELECT record_type || '/' || record_id, version FROM hub.records "
        "WHERE crn <> 'Y222222' AND crn <> 'Q500001'")}
    owner.commit()
    stop = threading.Event()
    failures: list[BaseException] = []
    statements = [
        "UPDATE hub.records SET data = '{}' WHERE crn = 'Q500001'",
        "INSERT INTO hub.records (record_type, record_id, crn, data) VALUES "
        "('contact', 'rnd-x', 'Q500001', '{}')",
        "UPDATE hub.counter SET n = n + 1000",
        "INSERT INTO hub.applied_op (op_id, device, device_seq, crn, answer) VALUES "
        "(gen_random_uuid(), 'x', 1, 'Q500001', '{}')",
        "INSERT INTO hub.domain_event (event_type, crn, description) VALUES ('x', 'Q500001', 'x')",
        "UPDATE hub.allocation SET crn = 'Q500001' WHERE crn = 'Y222222'",
        "DELETE FROM hub.conflict", "LOCK TABLE hub.records IN EXCLUSIVE MODE",
        "SELECT hub.transfer('Q500001', 'bob', 'x')",
        "SELECT hub.give_cover('nia', 'bob', current_date + 1, 'x')",
        "SELECT hub.request_countersign('Q500001', 'rnd-e1', 'rnd-r1', 'recall', "
        "repeat('a', 64))",
        "SELECT hub.decide_late_change(id, 'dismissed') FROM hub.quarantine",
    ]

    def bob_attacks() -> None:
        rng = random.Random(20261206)
        try:
            with signed_in(hub, "bob") as bob:
                device = f"bob-rnd-{uuid.uuid4()}"
                seq = 0
                while not stop.is_set():
                    if rng.random() < 0.3:
                        seq += 1
                        rid = rng.choice(["rnd-r1", "rnd-a1", "rnd-e1", f"rnd-bob-{seq}"])
                        crn = rng.choice(["Q500001", "Y222222", "X111111"])
                        _push(bob, [_op(rid, crn, {"summary": "from bob"}, seq=seq,
                                        rtype=rng.choice(["contact", "enforcement"]))], device)
                        continue
                    try:
                        bob.execute(rng.choice(statements))
                    except psycopg.Error:
                        pass
                    bob.rollback()
        except BaseException as exc:  # noqa: BLE001 - reported below
            failures.append(exc)

    attacker = threading.Thread(target=bob_attacks)
    attacker.start()
    try:
        for n in range(8):  # the officer works and syncs meanwhile
            services.add_contact(nia.store, "rnd-e1", datetime(2026, 11, 20, 8, n), "telephone",
                                 f"Call {n}")
            nia.sync()
    finally:
        stop.set()
        attacker.join(timeout=120)
    assert not failures, failures
    nia.sync()
    after = {r[0]: r[1] for r in owner.execute(
        "SELECT record_type || '/' || record_id, version FROM hub.records "
        "WHERE crn <> 'Y222222' AND crn <> 'Q500001'")}
    assert after == before  # nothing of anyone else's changed
    changed_by_bob = owner.execute(
        "SELECT DISTINCT crn FROM hub.audit WHERE login_role = 'od_bob' "
        "AND table_name = 'records'").fetchall()
    assert {r[0] for r in changed_by_bob} <= {"Y222222"}
    assert owner.execute("SELECT count(*) FROM hub.records WHERE crn = 'Q500001' AND "
                         "data->>'summary' = 'from bob'").fetchone()[0] == 0
    owner.commit()
    # The officer's laptop and the hub agree, and the audit agrees with the tables.
    hub_state = {r[0]: r[1] for r in owner.execute(
        "SELECT record_type || '/' || record_id, data FROM hub.records WHERE crn = 'Q500001'")}
    owner.commit()
    laptop = {f"{t}/{i}" for t, i in nia.store.db.execute(
        "SELECT type, id FROM records WHERE crn = 'Q500001'")}
    kept_apart = tuple(f"{t}/" for t in history.TYPES)  # the laptop keeps these in its trail
    assert laptop == {k for k in hub_state if not k.startswith(kept_apart)}
    assert sum(1 for k in hub_state if k.startswith("contact/")) >= 8
    _audit_agrees(owner)


def test_the_cover_end_comes_from_the_hubs_own_day(hub, owner) -> None:
    until = hub_days_ahead(owner, 3)
    ensure_staff(owner, "gwyn")
    with signed_in(hub, "sam") as sam:
        assert team.give_cover(sam, "alice", "gwyn", until, "Leave") >= 1
        with pytest.raises(UserFacingError, match="on or after today"):
            team.give_cover(sam, "alice", "gwyn", until - timedelta(days=10), "Past")


def test_a_decision_made_a_recall_after_it_was_sent_is_refused(hub, owner) -> None:
    """Found by a red team: a breach marked sent, then renamed a recall, was a recall sent to
    PPCS with no countersignature."""
    ensure_staff(owner, "tina")
    admin.allocate(owner, "R700003", "tina")
    owner.commit()
    with signed_in(hub, "tina") as raw:
        device = f"rt-{uuid.uuid4()}"
        [laid] = _push(raw, [_op("atk3-r1", "R700003", {
            "event_id": "atk3-e1", "decision": "breach", "decided_at": "2026-11-21T09:00",
            "submitted_at": "2026-11-21T10:00"}, rtype="enforcement")], device)
        assert laid["status"] == "applied"  # a breach laid at court: no countersignature
        [renamed] = _push(raw, [{**_op("atk3-r1", "R700003", {}, kind="update", base=1,
                                       rtype="enforcement", seq=2),
                                 "changes": {"decision": {"old": "breach", "new": "recall"}}}],
                          device)
        assert renamed["status"] == "rejected" and "keeps what it was" in renamed["reason"]
        assert raw.execute("SELECT data->>'decision' FROM hub.records WHERE record_id = "
                           "'atk3-r1'").fetchone()[0] == "breach"


def test_the_audits_op_id_is_the_hubs_not_the_callers(hub, owner) -> None:
    with signed_in(hub, "alice") as alice:
        forged = "deadbeef-0000-4000-8000-00000000f00d"
        alice.execute(f"SET officer_desk.op_id = '{forged}'")
        alice.execute("SELECT hub.decide_late_change(-1, 'dismissed')")
        [answer] = _push(alice, [_op("atk-opid", "X111111", {"summary": "mine"})])
        assert answer["status"] == "applied"
        alice.execute(f"SET officer_desk.op_id = '{forged}'")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            alice.execute("SELECT hub.give_cover('alice', 'alice', current_date, 'x')")
        alice.rollback()
    assert owner.execute("SELECT count(*) FROM hub.audit WHERE op_id = %s",
                         [forged]).fetchone()[0] == 0
    owner.commit()


def test_large_objects_are_refused(hub) -> None:
    with signed_in(hub, "bob") as bob:
        for call in ("SELECT lo_from_bytea(0, 'x')", "SELECT lo_create(0)", "SELECT lo_creat(-1)"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                bob.execute(call)
            bob.rollback()


def test_anything_on_the_licence_up_to_the_decision_binds_the_signatures(hub, owner,
                                                                          laptops) -> None:
    """Found by a red team: an enquiry, or a record with no date, added after signing left
    the signatures standing."""
    desks: dict = {}
    _cora, rec = _decided_recall(hub, owner, laptops, "R700004", "atk4-", desks)
    with signed_in(hub, "tina") as raw:
        device = f"rt-{uuid.uuid4()}"
        [added] = _push(raw, [_op("atk4-enq", "R700004", {
            "event_id": "atk4-e1", "kind": "police", "requested_on": "2026-11-18"},
            rtype="enquiry")], device)
        assert added["status"] == "applied"
        assert raw.execute("SELECT hub.recommendation_now(%s)", [rec.id]).fetchone()[0] \
            == "SPO_SIGNATURE_REQUESTED"
        raw.commit()
    _cora2, rec2 = _decided_recall(hub, owner, laptops, "R700005", "atk5-", desks)
    with signed_in(hub, "tina") as raw:
        [undated] = _push(raw, [_op("atk5-c9", "R700005", {
            "event_id": "atk5-e1", "summary": "no date"}, rtype="contact")], f"rt-{uuid.uuid4()}")
        assert undated["status"] == "applied"
        assert raw.execute("SELECT hub.recommendation_now(%s)", [rec2.id]).fetchone()[0] \
            == "SPO_SIGNATURE_REQUESTED"
        # What comes after the decision (a later contact, a document issued) leaves them be.
        raw.commit()
    _cora3, rec3 = _decided_recall(hub, owner, laptops, "R700006", "atk6-", desks)
    with signed_in(hub, "tina") as raw:
        device = f"rt-{uuid.uuid4()}"
        answers = _push(raw, [
            _op("atk6-c9", "R700006", {"event_id": "atk6-e1", "at": "2026-11-22T10:00",
                                       "summary": "after"}, rtype="contact"),
            _op("atk6-d9", "R700006", {"event_id": "atk6-e1", "kind": "recall"},
                rtype="issued_document", seq=2)], device)
        assert [a["status"] for a in answers] == ["applied", "applied"]
        assert raw.execute("SELECT hub.recommendation_now(%s)", [rec3.id]).fetchone()[0] \
            == "RECALL_DECIDED"
    # That "document" has no PDF: the SPO's laptop, which holds the team's cases, syncs on and
    # does not keep it.
    sam = desks["sam"]
    sam.sync()
    assert sam.store.db.execute("SELECT count(*) FROM documents WHERE id = 'atk6-d9'"
                                ).fetchone()[0] == 0


def test_a_record_cannot_pass_for_another_kind(hub, owner, laptops) -> None:
    """Found by a second red team: a contact carrying "type": "enforcement" in its data was
    taken by the laptop as a recall decision (and one marked sent)."""
    with signed_in(hub, "alice") as alice:
        disguised = _op("atk-disguise", "X111111", {"type": "enforcement", "decision": "recall",
                                                    "submitted_at": "2026-12-06T06:00"})
        with pytest.raises(psycopg.errors.InvalidParameterValue, match="kind, id and case"):
            _push(alice, [disguised])
        alice.rollback()
    # Whatever a hub holds, a laptop takes a record's kind and id from the hub's own columns.
    with owner.transaction():
        owner.execute("INSERT INTO hub.records (record_type, record_id, crn, data) VALUES "
                      "('contact', 'atk-old-disguise', 'X111111', %s)", [Jsonb({
                          "type": "enforcement", "id": "someone-else", "event_id": "e-x",
                          "decision": "recall", "at": "2026-11-20T10:00", "mode": "telephone",
                          "summary": "not a decision"})])
    laptop = laptops("alice")
    laptop.sync()
    kinds = {r[0] for r in laptop.store.db.execute(
        "SELECT type FROM records WHERE id IN ('atk-old-disguise', 'someone-else')")}
    assert "enforcement" not in kinds


def test_a_later_date_beside_the_real_one_does_not_unbind_the_signatures(hub, owner,
                                                                         laptops) -> None:
    desks: dict = {}
    _tina, rec = _decided_recall(hub, owner, laptops, "R700007", "atk7-", desks)
    with signed_in(hub, "tina") as raw:
        device = f"rt-{uuid.uuid4()}"
        [added] = _push(raw, [_op("atk7-c9", "R700007", {
            "event_id": "atk7-e1", "at": "2026-11-20T08:00", "start": "2099-01-01",
            "summary": "before the decision"}, rtype="contact")], device)
        assert added["status"] == "applied"
        assert raw.execute("SELECT hub.recommendation_now(%s)", [rec.id]).fetchone()[0] \
            == "SPO_SIGNATURE_REQUESTED"
    _tina, rec2 = _decided_recall(hub, owner, laptops, "R700008", "atk8-", desks)
    with signed_in(hub, "tina") as raw:
        [compact] = _push(raw, [_op("atk8-q9", "R700008", {
            "event_id": "atk8-e1", "kind": "police", "requested_on": "20261101"},
            rtype="enquiry")], f"rt-{uuid.uuid4()}")
        assert compact["status"] == "applied"
        assert raw.execute("SELECT hub.recommendation_now(%s)", [rec2.id]).fetchone()[0] \
            == "SPO_SIGNATURE_REQUESTED"


def test_a_queue_behind_a_held_lock_does_not_hold_the_team(hub, owner) -> None:
    """Found by a second red team: a reader idling on a lock, with a table owner's change
    queued behind it, stopped every read and write; and sessions queued in relay kept the
    write lock for good."""
    holder = signed_in(hub, "bob")
    holder.execute("SET idle_in_transaction_session_timeout = 0")
    holder.execute("LOCK TABLE hub.counter IN ACCESS SHARE MODE")
    queued = signed_in(hub, "bob")
    queued.execute("SET lock_timeout = 0")
    queued.execute("SET statement_timeout = 0")
    failed: list[BaseException] = []

    def queue_behind() -> None:
        try:
            queued.execute("CREATE RULE r AS ON UPDATE TO hub.counter DO INSTEAD NOTHING")
        except BaseException as exc:  # noqa: BLE001 - it is meant to fail
            failed.append(exc)

    waiter = threading.Thread(target=queue_behind)
    waiter.start()
    time.sleep(6)
    started = time.monotonic()
    with signed_in(hub, "alice") as alice:
        [answer] = _push(alice, [_op("atk-queue", "X111111", {"summary": "goes"})])
    assert answer["status"] == "applied" and time.monotonic() - started < 20
    waiter.join(30)
    assert failed  # the queued change never happened
    for conn in (holder, queued):
        with pytest.raises(psycopg.OperationalError):
            conn.execute("SELECT 1")
        conn.close()

    # A relay: each session takes the lock and idles; the next waits in line behind it.
    relay = [signed_in(hub, "bob") for _ in range(3)]

    def take_and_idle(conn, n: int) -> None:
        try:
            conn.execute("SELECT hub.decide_late_change(%s, 'dismissed')", [-1 - n])
            conn.execute("SET idle_in_transaction_session_timeout = 0")  # after the check
        except psycopg.Error:
            pass  # ended by the hub, as it should be

    for n, conn in enumerate(relay):
        threading.Thread(target=take_and_idle, args=(conn, n), daemon=True).start()
        time.sleep(0.3)
    time.sleep(6)
    started = time.monotonic()
    with signed_in(hub, "alice") as alice:
        [answer] = _push(alice, [_op("atk-relay", "X111111", {"summary": "goes too"})])
    assert answer["status"] == "applied" and time.monotonic() - started < 25
    for conn in relay:
        with contextlib.suppress(psycopg.Error):
            conn.close()


def test_keeping_mine_with_a_used_op_id_leaves_the_conflict_open(hub, owner) -> None:
    with signed_in(hub, "alice") as alice:
        device = f"a-{uuid.uuid4()}"
        _push(alice, [_op("atk-cf", "X111111", {"summary": "one"})], device)
        _push(alice, [_op("atk-cf", "X111111", {"summary": "two"}, kind="update", base=0,
                          seq=2)], device)
        [conflict] = [r[0] for r in alice.execute(
            "SELECT id FROM hub.conflict WHERE record_id = 'atk-cf' AND resolved_at IS NULL")]
        alice.commit()
    with signed_in(hub, "bob") as bob:  # an op id of someone else's
        [used] = _push(bob, [_op("atk-bob", "Y222222", {"summary": "bob"})])
    with signed_in(hub, "alice") as alice:
        reuse = {**_op("atk-cf", "X111111", {"summary": "mine"}, kind="update", base=1,
                       seq=3), "op_id": used["op_id"]}
        with pytest.raises(psycopg.errors.ObjectNotInPrerequisiteState, match="stays open"):
            alice.execute("SELECT hub.resolve_conflict(%s, %s, 'mine', %s)",
                          [device, conflict, Jsonb(reuse)])
        alice.rollback()
        assert alice.execute("SELECT resolved_at FROM hub.conflict WHERE id = %s",
                             [conflict]).fetchone()[0] is None


def test_a_login_role_holds_at_most_ten_sessions(hub) -> None:
    held = [signed_in(hub, "alice") for _ in range(10)]
    try:
        with pytest.raises(psycopg.OperationalError, match="too many connections"):
            signed_in(hub, "alice")
    finally:
        for conn in held:
            conn.close()


def test_a_call_that_sleeps_holding_the_lock_is_ended(hub, owner) -> None:
    """Found by a third red team: a push and a long sleep in one statement held every write."""
    sleeper = signed_in(hub, "bob")
    ended: list[BaseException] = []

    def hold() -> None:
        try:
            sleeper.execute("SELECT hub.apply_ops('atk-sleep', '[]'::jsonb), pg_sleep(90)")
        except psycopg.Error as exc:
            ended.append(exc)

    thread = threading.Thread(target=hold)
    thread.start()
    time.sleep(1)
    started = time.monotonic()
    with signed_in(hub, "alice") as alice:
        [answer] = _push(alice, [_op("atk-after-sleep", "X111111", {"summary": "goes"})])
    assert answer["status"] == "applied" and time.monotonic() - started < 40
    thread.join(30)
    assert ended
    sleeper.close()


def test_a_signed_decision_not_to_recall_stays_bound_after_it_is_marked_done(hub, owner,
                                                                             laptops) -> None:
    """Found by a third red team: "submitted" on a decision not to recall stopped its
    signature being voided."""
    ensure_staff(owner, "tina")
    admin.allocate(owner, "R700009", "tina")
    owner.commit()
    tina, sam = laptops("tina"), laptops("sam")
    records = recall_records("R700009", "atk9-", decision="no_recall",
                             rationale="Engaging again; risk managed.")
    records[-1].pop("recall_type")
    services.import_lines(tina.store, [json.dumps(HEADER)] + [json.dumps(r) for r in records],
                          "test")
    with connected(tina) as conn:
        rec = casework.request(tina.store, conn, "atk9-e1")
    sam.sync()
    with connected(sam) as conn:
        casework.sign(sam.store, conn, rec.id, "No recall: engaging well.")
    with signed_in(hub, "tina") as raw:
        base = raw.execute("SELECT version FROM hub.records WHERE record_id = 'atk9-r1'"
                           ).fetchone()[0]
        device = f"rt-{uuid.uuid4()}"
        answers = _push(raw, [
            _op("atk9-r1", "R700009", {"submitted_at": "2026-11-21T10:00"}, kind="update",
                base=base, rtype="enforcement"),
            _op("atk9-c9", "R700009", {"event_id": "atk9-e1", "at": "2026-11-19T10:00",
                                       "summary": "added after the signature"},
                rtype="contact", seq=2)], device)
        assert answers[1]["status"] == "applied"
        assert raw.execute("SELECT hub.recommendation_now(%s)", [rec.id]).fetchone()[0] \
            == "SPO_SIGNATURE_REQUESTED"
