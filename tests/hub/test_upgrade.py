"""An existing hub (schema 6, with staff, cases and a pending countersignature) upgrades by
migrations 7 and 8: its data stays, its login roles lose every write, and laptops carry on."""

from __future__ import annotations

import uuid
from pathlib import Path

import psycopg
import pytest
from psycopg.types.json import Jsonb

from db.hub import admin, schema
from db.hub.server import DATABASE, EmbeddedHub, free_port
from tests.hub.conftest import PASSWORD


def _op(rid: str, seq: int, summary: str, kind: str = "create", base: int = 0) -> dict:
    return {"op_id": str(uuid.uuid4()), "device_seq": seq, "record_type": "contact",
            "record_id": rid, "crn": "U100001", "kind": kind, "base_version": base,
            "changes": {"summary": {"old": None, "new": summary}}, "actor": "t",
            "client_time": "2026-11-24T10:00"}


def test_a_schema_6_hub_upgrades_in_place(tmp_path: Path, monkeypatch) -> None:
    tmp_path.chmod(0o755)
    hub = EmbeddedHub(tmp_path / "hub")
    hub.init(free_port())
    hub.start()
    try:
        with psycopg.connect(hub.owner_dsn("postgres"), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {DATABASE}")
        monkeypatch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:6])
        with psycopg.connect(hub.owner_dsn()) as conn:
            assert schema.migrate(conn) == [1, 2, 3, 4, 5, 6]
            # As a schema-6 hub's administrator did: straight into its tables.
            conn.execute(f"CREATE ROLE od_ula LOGIN PASSWORD '{PASSWORD}' IN ROLE "
                         f"{schema.APP}")
            conn.execute(f"GRANT CONNECT ON DATABASE {DATABASE} TO od_ula")
            conn.execute("INSERT INTO hub.staff (username, login_role, staff_code, team_code, "
                         "provider_code, grade) VALUES ('ula', 'od_ula', 'ULA', 'CDF1', 'N07', "
                         "'PO')")
            conn.execute("INSERT INTO hub.allocation (crn, staff_code, from_date) "
                         "VALUES ('U100001', 'ULA', current_date)")
            conn.commit()
        device = f"ula-{uuid.uuid4()}"
        with psycopg.connect(hub.dsn(), user="od_ula", password=PASSWORD) as ula:
            ula.execute("SELECT hub.apply_ops(%s, %s)", [device, Jsonb([_op("u-c1", 1, "old")])])
            ula.commit()
            ula.execute("UPDATE hub.records SET data = '{}' WHERE record_id = 'u-c1'")  # v6 let it
            ula.rollback()
        monkeypatch.undo()
        with psycopg.connect(hub.owner_dsn()) as conn:
            assert schema.migrate(conn) == [7, 8]
            assert schema.migrate(conn) == []  # once only
            admin.add_staff(conn, "vic", "PO", "CDF1", PASSWORD)  # through the hub's functions
            conn.commit()
            assert {s.username for s in admin.staff_list(conn)} == {"ula", "vic"}
            config = conn.execute("SELECT rolconfig FROM pg_roles WHERE rolname = 'od_ula'"
                                  ).fetchone()[0]
        assert any(c.startswith("idle_in_transaction_session_timeout=") for c in config)
        with psycopg.connect(hub.dsn(), user="od_ula", password=PASSWORD) as ula:
            assert ula.execute("SELECT data->>'summary' FROM hub.records WHERE record_id = "
                               "'u-c1'").fetchone()[0] == "old"
            ula.commit()
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                ula.execute("UPDATE hub.records SET data = '{}' WHERE record_id = 'u-c1'")
            ula.rollback()
            [answer] = ula.execute("SELECT hub.apply_ops(%s, %s)", [device, Jsonb(
                [_op("u-c1", 2, "new", kind="update", base=1)])]).fetchone()[0]
            ula.commit()
            assert answer["status"] == "applied" and answer["version"] == 2
            audited = ula.execute("SELECT count(*) FROM hub.audit WHERE row_key = "
                                  "'contact/u-c1'").fetchone()[0]
            assert audited == 1  # the change made after the upgrade
    finally:
        hub.stop()
