"""The hub's schema: ordered, versioned migrations, applied once each by the owner.

Every rule about who may see or change what is enforced inside PostgreSQL, so a modified laptop
gains nothing: row-level security is enabled and forced on every table (the owner is held to it
too), no application role can bypass it, and the helper functions run with the caller's rights.
An officer sees the cases allocated to them; a senior probation officer (SPO) their team's; an
ACO their provider's. Staff and allocations are written by the hub's administrator only.
"""

from __future__ import annotations

from typing import Any

OWNER = "officer_desk_owner"
APP = "officer_desk_app"

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
)


def roles_sql() -> list[str]:
    """The two group roles, created once per server (neither logs in, neither bypasses RLS)."""
    return [
        f"""DO $$ BEGIN
                IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{OWNER}') THEN
                    CREATE ROLE {OWNER} NOLOGIN NOBYPASSRLS;
                END IF;
                IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{APP}') THEN
                    CREATE ROLE {APP} NOLOGIN NOBYPASSRLS;
                END IF;
            END $$""",
    ]


def migrate(conn: Any) -> list[int]:
    """Apply every migration not yet applied, each in its own transaction; the versions applied.

    ``conn`` is a psycopg connection as the administrator (autocommit off).
    """
    with conn.transaction():
        for statement in roles_sql():
            conn.execute(statement)
        conn.execute("CREATE TABLE IF NOT EXISTS public.hub_migrations ("
                     "version integer PRIMARY KEY, name text NOT NULL, "
                     "applied_at timestamptz NOT NULL DEFAULT now())")
        conn.execute("REVOKE ALL ON public.hub_migrations FROM PUBLIC")
    done = {row[0] for row in conn.execute("SELECT version FROM public.hub_migrations")}
    applied = []
    for version, name, sql in MIGRATIONS:
        if version in done:
            continue
        with conn.transaction():
            conn.execute(sql)
            conn.execute("INSERT INTO public.hub_migrations (version, name) VALUES (%s, %s)",
                         [version, name])
        applied.append(version)
    return applied
