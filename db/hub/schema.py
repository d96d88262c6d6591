"""The hub's schema: ordered, versioned migrations, applied once each by the owner.

Every rule about who may see or change what is enforced inside PostgreSQL, so a modified laptop
gains nothing: row-level security is enabled and forced on every table (the owner is held to it
too), no application role can bypass it, and the helper functions run with the caller's rights.
An officer sees the cases allocated to them; a senior probation officer (SPO) their team's; an
ACO their provider's. Staff and allocations are written by the hub's administrator only.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

from psycopg import sql

from db.hub.roles import APP, OWNER, WRITER
from db.hub.schema_team import MIGRATION_6
from officer_desk.errors import UserFacingError

__all__ = ["APP", "MIGRATIONS", "OWNER", "WRITER", "migrate", "roles_sql"]


def _sql_file(name: str) -> str:
    """A migration kept as a file of its own (db/hub/migrations)."""
    return resources.files("db.hub").joinpath("migrations", name).read_text(encoding="utf-8")


MIGRATIONS: tuple[tuple[int, str, str], ...] = (
    (1, "staff, allocation and records, with forced row-level security", f"""
CREATE SCHEMA hub AUTHORIZATION {OWNER};

CREATE TABLE hub.staff (
    username text PRIMARY KEY CHECK (username ~ '^[a-z][a-z0-9._-]{{0,62}}$'),
    login_role text NOT NULL UNIQUE,
    staff_code text NOT NULL UNIQUE,
    team_code text NOT NULL,
    provider_code text NOT NULL,
    grade text NOT NULL CHECK (grade IN ('PO', 'PSO', 'SPO', 'ACO'))
);

CREATE TABLE hub.allocation (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    crn text NOT NULL CHECK (crn ~ '^[A-Z][0-9]{{6}}$'),
    staff_code text NOT NULL REFERENCES hub.staff (staff_code),
    from_date date NOT NULL,
    to_date date,
    reason text,
    CHECK (to_date IS NULL OR to_date >= from_date)
);
CREATE INDEX allocation_crn ON hub.allocation (crn);
CREATE INDEX allocation_staff ON hub.allocation (staff_code);

CREATE TABLE hub.records (
    record_type text NOT NULL,
    record_id text NOT NULL,
    crn text NOT NULL CHECK (crn ~ '^[A-Z][0-9]{{6}}$'),
    data jsonb NOT NULL,
    version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
    PRIMARY KEY (record_type, record_id)
);
CREATE INDEX records_crn ON hub.records (crn);

ALTER TABLE hub.staff OWNER TO {OWNER};
ALTER TABLE hub.allocation OWNER TO {OWNER};
ALTER TABLE hub.records OWNER TO {OWNER};

-- Who is asking, from their login role (functions run with the caller's rights).
CREATE FUNCTION hub.me() RETURNS hub.staff
    LANGUAGE sql STABLE SECURITY INVOKER
    AS $$ SELECT s FROM hub.staff s WHERE s.login_role = session_user $$;

-- May the caller see this officer's work: their own, their team's as SPO, their provider's
-- as ACO.
CREATE FUNCTION hub.oversees(officer hub.staff) RETURNS boolean
    LANGUAGE sql STABLE SECURITY INVOKER
    AS $$
        SELECT officer.login_role = session_user
            OR ((hub.me()).grade = 'SPO' AND officer.team_code = (hub.me()).team_code)
            OR ((hub.me()).grade = 'ACO' AND officer.provider_code = (hub.me()).provider_code)
    $$;

-- A case the caller may see: allocated today to someone they may see.
CREATE FUNCTION hub.can_see(case_crn text) RETURNS boolean
    LANGUAGE sql STABLE SECURITY INVOKER
    AS $$
        SELECT EXISTS (
            SELECT 1 FROM hub.allocation a JOIN hub.staff s ON s.staff_code = a.staff_code
            WHERE a.crn = case_crn AND a.from_date <= current_date
              AND (a.to_date IS NULL OR a.to_date >= current_date) AND hub.oversees(s))
    $$;

ALTER FUNCTION hub.me() OWNER TO {OWNER};
ALTER FUNCTION hub.oversees(hub.staff) OWNER TO {OWNER};
ALTER FUNCTION hub.can_see(text) OWNER TO {OWNER};

ALTER TABLE hub.staff ENABLE ROW LEVEL SECURITY;
ALTER TABLE hub.staff FORCE ROW LEVEL SECURITY;
ALTER TABLE hub.allocation ENABLE ROW LEVEL SECURITY;
ALTER TABLE hub.allocation FORCE ROW LEVEL SECURITY;
ALTER TABLE hub.records ENABLE ROW LEVEL SECURITY;
ALTER TABLE hub.records FORCE ROW LEVEL SECURITY;

-- The staff list is the team's directory: everyone signed in may read it, no one may write it
-- but the administrator (who is not an application role).
CREATE POLICY staff_read ON hub.staff FOR SELECT TO {APP} USING (true);
CREATE POLICY allocation_read ON hub.allocation FOR SELECT TO {APP}
    USING (EXISTS (SELECT 1 FROM hub.staff s WHERE s.staff_code = allocation.staff_code
                   AND hub.oversees(s)));
CREATE POLICY records_read ON hub.records FOR SELECT TO {APP} USING (hub.can_see(crn));
CREATE POLICY records_insert ON hub.records FOR INSERT TO {APP} WITH CHECK (hub.can_see(crn));
CREATE POLICY records_update ON hub.records FOR UPDATE TO {APP}
    USING (hub.can_see(crn)) WITH CHECK (hub.can_see(crn));

REVOKE ALL ON SCHEMA hub FROM PUBLIC;
GRANT USAGE ON SCHEMA hub TO {APP};
GRANT SELECT ON hub.staff, hub.allocation TO {APP};
GRANT SELECT, INSERT, UPDATE ON hub.records TO {APP};
GRANT EXECUTE ON FUNCTION hub.me(), hub.oversees(hub.staff), hub.can_see(text) TO {APP};
"""),
    (2, "push with per-op answers and exactly-once effect, pull by a commit-ordered counter, "
        "field-level conflicts", f"""
-- One counter, bumped inside every writing transaction: its row lock orders the commits, so a
-- reader's cursor never passes a change still to commit (a plain sequence would let it skip).
CREATE TABLE hub.counter (only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
                          n bigint NOT NULL);
INSERT INTO hub.counter VALUES (true, 0);
ALTER TABLE hub.records ADD COLUMN changed bigint NOT NULL DEFAULT 0;
ALTER TABLE hub.records ADD COLUMN deleted boolean NOT NULL DEFAULT false;
CREATE INDEX records_changed ON hub.records (changed);

-- Every op answered once; a replay gets the stored answer (exactly-once effect).
CREATE TABLE hub.applied_op (
    op_id uuid PRIMARY KEY,
    login_role text NOT NULL DEFAULT session_user,
    device text NOT NULL,
    device_seq bigint NOT NULL,
    crn text NOT NULL,
    answer jsonb NOT NULL,
    at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (login_role, device, device_seq)
);

-- A field two people changed differently from the same starting point: shown to a person.
CREATE TABLE hub.conflict (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    crn text NOT NULL,
    record_type text NOT NULL,
    record_id text NOT NULL,
    field text NOT NULL,
    mine jsonb,
    theirs jsonb,
    base jsonb,
    op_id uuid NOT NULL,
    raised_by text NOT NULL DEFAULT session_user,
    raised_at timestamptz NOT NULL DEFAULT now(),
    resolved_by text,
    resolved_at timestamptz,
    kept text CHECK (kept IN ('mine', 'theirs'))
);
CREATE INDEX conflict_crn ON hub.conflict (crn);

ALTER TABLE hub.counter OWNER TO {OWNER};
ALTER TABLE hub.applied_op OWNER TO {OWNER};
ALTER TABLE hub.conflict OWNER TO {OWNER};
ALTER TABLE hub.counter ENABLE ROW LEVEL SECURITY;
ALTER TABLE hub.counter FORCE ROW LEVEL SECURITY;
ALTER TABLE hub.applied_op ENABLE ROW LEVEL SECURITY;
ALTER TABLE hub.applied_op FORCE ROW LEVEL SECURITY;
ALTER TABLE hub.conflict ENABLE ROW LEVEL SECURITY;
ALTER TABLE hub.conflict FORCE ROW LEVEL SECURITY;
CREATE POLICY counter_use ON hub.counter FOR ALL TO {APP} USING (true) WITH CHECK (true);
CREATE POLICY applied_own ON hub.applied_op FOR ALL TO {APP}
    USING (login_role = session_user) WITH CHECK (login_role = session_user);
CREATE POLICY conflict_read ON hub.conflict FOR SELECT TO {APP} USING (hub.can_see(crn));
CREATE POLICY conflict_raise ON hub.conflict FOR INSERT TO {APP}
    WITH CHECK (hub.can_see(crn) AND raised_by = session_user);
CREATE POLICY conflict_resolve ON hub.conflict FOR UPDATE TO {APP}
    USING (hub.can_see(crn)) WITH CHECK (hub.can_see(crn));
GRANT SELECT, UPDATE ON hub.counter TO {APP};
GRANT SELECT, INSERT ON hub.applied_op TO {APP};
GRANT SELECT, INSERT, UPDATE ON hub.conflict TO {APP};

-- Apply one op as the caller (their rights, their row-level security), answering it.
CREATE FUNCTION hub.apply_op(device text, op jsonb) RETURNS jsonb
    LANGUAGE plpgsql SECURITY INVOKER AS $$
DECLARE
    stored jsonb;
    last_seq bigint;
    current hub.records;
    field text;
    change jsonb;
    applied jsonb := '{{}}'::jsonb;
    conflicts integer := 0;
    tick bigint;
    answer jsonb;
BEGIN
    SELECT a.answer INTO stored FROM hub.applied_op a WHERE a.op_id = (op->>'op_id')::uuid;
    IF FOUND THEN
        RETURN stored || jsonb_build_object('replayed', true);
    END IF;
    SELECT max(a.device_seq) INTO last_seq FROM hub.applied_op a
        WHERE a.login_role = session_user AND a.device = apply_op.device;
    IF last_seq IS NOT NULL AND (op->>'device_seq')::bigint > last_seq + 1 THEN
        RETURN jsonb_build_object('op_id', op->>'op_id', 'status', 'held',
                                  'reason', 'an earlier change from this laptop has not arrived');
    END IF;
    IF NOT hub.can_see(op->>'crn') THEN
        answer := jsonb_build_object('op_id', op->>'op_id', 'status', 'rejected',
                                     'reason', 'the case is not allocated to you');
        INSERT INTO hub.applied_op (op_id, device, device_seq, crn, answer)
            VALUES ((op->>'op_id')::uuid, apply_op.device, (op->>'device_seq')::bigint,
                    op->>'crn', answer);
        RETURN answer;
    END IF;
    UPDATE hub.counter SET n = n + 1 RETURNING n INTO tick;
    SELECT * INTO current FROM hub.records r
        WHERE r.record_type = op->>'record_type' AND r.record_id = op->>'record_id' FOR UPDATE;
    IF NOT FOUND THEN
        IF op->>'kind' = 'delete' THEN
            answer := jsonb_build_object('op_id', op->>'op_id', 'status', 'applied',
                                         'version', 0);
        ELSE
            FOR field, change IN SELECT * FROM jsonb_each(op->'changes') LOOP
                applied := applied || jsonb_build_object(field, change->'new');
            END LOOP;
            INSERT INTO hub.records (record_type, record_id, crn, data, version, changed)
                VALUES (op->>'record_type', op->>'record_id', op->>'crn',
                        jsonb_strip_nulls(applied), 1, tick);
            answer := jsonb_build_object('op_id', op->>'op_id', 'status', 'applied',
                                         'version', 1);
        END IF;
    ELSIF op->>'kind' = 'delete' THEN
        IF current.version = (op->>'base_version')::integer THEN
            UPDATE hub.records SET deleted = true, version = version + 1, changed = tick
                WHERE record_type = current.record_type AND record_id = current.record_id;
            answer := jsonb_build_object('op_id', op->>'op_id', 'status', 'applied',
                                         'version', current.version + 1);
        ELSE
            INSERT INTO hub.conflict (crn, record_type, record_id, field, mine, theirs, base,
                                      op_id)
                VALUES (current.crn, current.record_type, current.record_id, '*',
                        'null'::jsonb, current.data, NULL, (op->>'op_id')::uuid);
            answer := jsonb_build_object('op_id', op->>'op_id', 'status', 'conflict',
                                         'version', current.version, 'conflicts', 1);
        END IF;
    ELSE
        -- Field by field against the version the change was made on (three-way).
        FOR field, change IN SELECT * FROM jsonb_each(op->'changes') LOOP
            -- A field the hub does not have counts as JSON null, as the laptop sends it.
            IF current.version = (op->>'base_version')::integer
               OR coalesce(current.data->field, 'null'::jsonb) = change->'old' THEN
                applied := applied || jsonb_build_object(field, change->'new');
            ELSIF coalesce(current.data->field, 'null'::jsonb) = change->'new' THEN
                NULL;  -- already so: nothing to do
            ELSE
                INSERT INTO hub.conflict (crn, record_type, record_id, field, mine, theirs,
                                          base, op_id)
                    VALUES (current.crn, current.record_type, current.record_id, field,
                            change->'new', coalesce(current.data->field, 'null'::jsonb),
                            change->'old', (op->>'op_id')::uuid);
                conflicts := conflicts + 1;
            END IF;
        END LOOP;
        IF current.deleted THEN
            INSERT INTO hub.conflict (crn, record_type, record_id, field, mine, theirs, base,
                                      op_id)
                VALUES (current.crn, current.record_type, current.record_id, '*',
                        op->'changes', 'null'::jsonb, NULL, (op->>'op_id')::uuid);
            conflicts := conflicts + 1;
            applied := '{{}}'::jsonb;
        END IF;
        IF applied <> '{{}}'::jsonb THEN
            UPDATE hub.records SET data = jsonb_strip_nulls(data || applied),
                                   version = version + 1, changed = tick
                WHERE record_type = current.record_type AND record_id = current.record_id;
            current.version := current.version + 1;
        END IF;
        answer := jsonb_build_object('op_id', op->>'op_id',
                                     'status', CASE WHEN conflicts > 0 THEN 'conflict'
                                                    ELSE 'applied' END,
                                     'version', current.version, 'conflicts', conflicts);
    END IF;
    INSERT INTO hub.applied_op (op_id, device, device_seq, crn, answer)
        VALUES ((op->>'op_id')::uuid, apply_op.device, (op->>'device_seq')::bigint,
                op->>'crn', answer);
    RETURN answer;
END
$$;
ALTER FUNCTION hub.apply_op(text, jsonb) OWNER TO {OWNER};
GRANT EXECUTE ON FUNCTION hub.apply_op(text, jsonb) TO {APP};
"""),
    (3, "row-level security decided once per query: the caller's visible cases as a set", f"""
-- Asking "may I see this case" once per row cost three times the read itself; the cases the
-- caller may see, worked out once per query, cost almost nothing per row.
CREATE FUNCTION hub.visible_crns() RETURNS SETOF text
    LANGUAGE sql STABLE SECURITY INVOKER
    AS $$
        SELECT a.crn FROM hub.allocation a JOIN hub.staff s ON s.staff_code = a.staff_code
        WHERE a.from_date <= current_date AND (a.to_date IS NULL OR a.to_date >= current_date)
          AND hub.oversees(s)
    $$;
ALTER FUNCTION hub.visible_crns() OWNER TO {OWNER};
GRANT EXECUTE ON FUNCTION hub.visible_crns() TO {APP};

DROP POLICY records_read ON hub.records;
DROP POLICY records_insert ON hub.records;
DROP POLICY records_update ON hub.records;
CREATE POLICY records_read ON hub.records FOR SELECT TO {APP}
    USING (crn IN (SELECT hub.visible_crns()));
CREATE POLICY records_insert ON hub.records FOR INSERT TO {APP}
    WITH CHECK (crn IN (SELECT hub.visible_crns()));
CREATE POLICY records_update ON hub.records FOR UPDATE TO {APP}
    USING (crn IN (SELECT hub.visible_crns())) WITH CHECK (crn IN (SELECT hub.visible_crns()));
DROP POLICY conflict_read ON hub.conflict;
CREATE POLICY conflict_read ON hub.conflict FOR SELECT TO {APP}
    USING (crn IN (SELECT hub.visible_crns()));
"""),
    (4, "a hash of each case's state, so a laptop that disagrees is brought back in line", f"""
CREATE FUNCTION hub.case_hashes() RETURNS TABLE (crn text, state text)
    LANGUAGE sql STABLE SECURITY INVOKER
    AS $$
        SELECT r.crn, md5(string_agg(r.record_type || ':' || r.record_id || ':' || r.version,
                                     ',' ORDER BY r.record_type COLLATE "C",
                                     r.record_id COLLATE "C"))
        FROM hub.records r GROUP BY r.crn
    $$;
ALTER FUNCTION hub.case_hashes() OWNER TO {OWNER};
GRANT EXECUTE ON FUNCTION hub.case_hashes() TO {APP};
"""),
    (5, "a push in one round trip: the ops applied in order by the hub", f"""
CREATE FUNCTION hub.apply_ops(device text, ops jsonb) RETURNS jsonb
    LANGUAGE plpgsql SECURITY INVOKER AS $$
DECLARE
    op jsonb;
    answers jsonb := '[]'::jsonb;
BEGIN
    FOR op IN SELECT value FROM jsonb_array_elements(ops) WITH ORDINALITY ORDER BY ordinality
    LOOP
        answers := answers || jsonb_build_array(hub.apply_op(device, op));
    END LOOP;
    RETURN answers;
END
$$;
ALTER FUNCTION hub.apply_ops(text, jsonb) OWNER TO {OWNER};
GRANT EXECUTE ON FUNCTION hub.apply_ops(text, jsonb) TO {APP};
"""),
    (6, "team work: countersigned recommendations, transfers with a quarantine, cover and the "
        "domain-event outbox", MIGRATION_6),
    (7, "security by construction: login roles read, only the hub's own functions write; every "
        "change counted and audited; a signature binds the content the hub holds",
     _sql_file("0007_functions_write.sql")),
    (8, "the administrator's writes are hub functions (a managed server's administrator is no "
        "superuser); leavers and revoked laptops", _sql_file("0008_administered.sql")),
)

# PostgreSQL 15 is the oldest with what the hub relies on (PUBLIC without CREATE on public,
# security_invoker views, MERGE-era catalogs).
MINIMUM_SERVER = 150000


def roles_sql() -> list[str]:
    """The group roles, created once per server (none logs in, none bypasses RLS)."""
    return [
        f"""DO $$ BEGIN
                IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{OWNER}') THEN
                    CREATE ROLE {OWNER} NOLOGIN NOBYPASSRLS;
                END IF;
                IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{APP}') THEN
                    CREATE ROLE {APP} NOLOGIN NOBYPASSRLS;
                END IF;
                IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{WRITER}') THEN
                    CREATE ROLE {WRITER} NOLOGIN NOBYPASSRLS;
                END IF;
            END $$""",
    ]


def _server_version(conn: Any) -> int:
    version = int(conn.execute("SHOW server_version_num").fetchone()[0])
    if version < MINIMUM_SERVER:
        shown = conn.execute("SHOW server_version").fetchone()[0]
        raise UserFacingError(f"This PostgreSQL is version {shown}; the hub needs 15 or later.")
    return version


def _take_group_roles(conn: Any, version: int) -> None:
    """Let a non-superuser administrator act as the hub's owner and writer.

    A managed server's administrator holds CREATEROLE, not superuser: since PostgreSQL 16 the
    roles it creates are its to grant but not to become, and making a schema or function
    belong to a role needs the right to become it. The administrator grants the two to itself
    (a superuser needs nothing).
    """
    if conn.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").fetchone()[0]:
        return
    modern = version >= 160000  # memberships carry INHERIT and SET options of their own
    for role in (OWNER, WRITER):
        has = "pg_has_role(current_user, %s, 'USAGE')" + (
            " AND pg_has_role(current_user, %s, 'SET')" if modern else "")
        if conn.execute(f"SELECT {has}", [role, role] if modern else [role]).fetchone()[0]:
            continue
        if not conn.execute("SELECT pg_has_role(current_user, %s, 'MEMBER WITH ADMIN OPTION')",
                            [role]).fetchone()[0]:
            raise UserFacingError(
                f"The hub's schema was not changed: the role {role} on this server is another "
                f"administrator's: ask them to "
                f"run 'GRANT {role} TO {conn.info.user}', or use the administrator who made it.")
        conn.execute(sql.SQL("GRANT {} TO CURRENT_USER" + (
            " WITH INHERIT TRUE, SET TRUE" if modern else "")).format(sql.Identifier(role)))


def take_group_roles(conn: Any) -> None:
    """The administrator on this connection may act as the hub's owner and writer."""
    _take_group_roles(conn, int(conn.execute("SHOW server_version_num").fetchone()[0]))


def migrate(conn: Any) -> list[int]:
    """Apply every migration not yet applied; the versions applied.

    All of it in one transaction: a migration that fails leaves the hub as it was (no roles,
    no half-made schema). ``conn`` is a psycopg connection as the administrator (autocommit
    off): a superuser, or a role holding CREATEROLE and CREATEDB that owns the database.
    """
    import psycopg

    version = _server_version(conn)
    conn.rollback()
    applied = []
    try:
        with conn.transaction():
            for statement in roles_sql():
                conn.execute(statement)
            _take_group_roles(conn, version)
            conn.execute("CREATE TABLE IF NOT EXISTS public.hub_migrations ("
                         "version integer PRIMARY KEY, name text NOT NULL, "
                         "applied_at timestamptz NOT NULL DEFAULT now())")
            # The ledger of versions applied stays the migrating login's (public is the
            # database owner's schema; it holds version numbers and names only).
            conn.execute("REVOKE ALL ON public.hub_migrations FROM PUBLIC")
            done = {row[0] for row in conn.execute("SELECT version FROM public.hub_migrations")}
            for number, name, text in MIGRATIONS:
                if number in done:
                    continue
                conn.execute(text)
                conn.execute("INSERT INTO public.hub_migrations (version, name) "
                             "VALUES (%s, %s)", [number, name])
                applied.append(number)
    except psycopg.errors.InsufficientPrivilege as exc:
        raise UserFacingError(
            f"The hub's schema was not changed: the server refused this login "
            f"({_first_line(exc)}). The administrator needs CREATEROLE and to own the hub's "
            "database (see the administrator's guide).") from None
    except psycopg.Error as exc:
        raise UserFacingError(f"The hub's schema was not changed: {_first_line(exc)}.") from None
    return applied


def _first_line(exc: Exception) -> str:
    diag = getattr(exc, "diag", None)
    text = (getattr(diag, "message_primary", None) or str(exc)).strip().splitlines()
    return (text[0] if text else type(exc).__name__).rstrip(".")
