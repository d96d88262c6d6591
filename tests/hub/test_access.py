"""Who may see and change what is enforced by PostgreSQL itself, whatever SQL a laptop sends."""

from __future__ import annotations

import psycopg
import pytest

from tests.hub.conftest import signed_in


def _crns(conn) -> list[str]:
    return [r[0] for r in conn.execute("SELECT DISTINCT crn FROM hub.records ORDER BY crn")]


def test_an_officer_sees_only_their_cases_even_with_raw_sql(hub) -> None:
    with signed_in(hub, "alice") as alice:
        assert _crns(alice) == ["X111111"]
        assert alice.execute("SELECT count(*) FROM hub.records WHERE crn = 'Y222222'"
                             ).fetchone()[0] == 0
        # Not even on her own case: login roles read, only the hub's functions write.
        for statement in ("UPDATE hub.records SET data = '{\"x\": 1}' WHERE crn = 'Y222222'",
                          "UPDATE hub.records SET data = '{\"x\": 1}' WHERE crn = 'X111111'",
                          "INSERT INTO hub.records (record_type, record_id, crn, data) "
                          "VALUES ('person', 'evil', 'Y222222', '{}')"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
                alice.execute(statement)
            alice.rollback()
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            alice.execute("DELETE FROM hub.records")
        alice.rollback()


def test_an_spo_sees_the_team_and_an_aco_the_provider(hub) -> None:
    with signed_in(hub, "sam") as sam:
        assert _crns(sam) == ["X111111"]  # team CDF1 only
    with signed_in(hub, "bob") as bob:
        assert _crns(bob) == ["Y222222"]
    with signed_in(hub, "aco") as aco:
        assert _crns(aco) == ["X111111", "Y222222"]


def test_no_one_but_the_administrator_writes_staff_or_allocations(hub) -> None:
    with signed_in(hub, "sam") as sam:
        for statement in ("INSERT INTO hub.allocation (crn, staff_code, from_date) "
                          "VALUES ('Y222222', 'SAM', current_date)",
                          "UPDATE hub.staff SET grade = 'ACO' WHERE username = 'sam'",
                          "SET ROLE officer_desk_owner"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                sam.execute(statement)
            sam.rollback()


def test_rls_is_forced_everywhere_and_no_role_bypasses_it(owner) -> None:
    tables = owner.execute(
        "SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = 'hub' AND c.relkind = 'r'").fetchall()
    assert {t[0] for t in tables} >= {"staff", "allocation", "records"}
    assert all(enabled and forced for _name, enabled, forced in tables), tables
    roles = owner.execute("SELECT rolname, rolbypassrls, rolsuper FROM pg_roles "
                          "WHERE rolname LIKE 'od\\_%' OR rolname LIKE 'officer\\_desk\\_%'"
                          ).fetchall()
    assert len(roles) >= 6
    assert not any(bypass or superuser for _name, bypass, superuser in roles), roles


def test_a_case_moved_today_moves_what_each_officer_sees(hub, owner) -> None:
    from db.hub import admin

    admin.allocate(owner, "X111111", "bob", reason="Alice is leaving the team")
    owner.commit()
    try:
        with signed_in(hub, "alice") as alice:
            assert _crns(alice) == []
        with signed_in(hub, "bob") as bob:
            assert _crns(bob) == ["X111111", "Y222222"]
    finally:
        admin.allocate(owner, "X111111", "alice")
        owner.commit()


def test_a_wrong_password_is_refused(hub) -> None:
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(hub.dsn(), user="od_alice", password="not the password")
