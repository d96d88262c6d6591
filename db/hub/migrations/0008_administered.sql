-- The administrator's writes are hub functions too; leavers and lost laptops.
--
-- A managed PostgreSQL (RDS, Azure Flexible Server, Cloud SQL) gives its administrator no
-- superuser and no BYPASSRLS: only CREATEROLE and CREATEDB. So the administrator (a member of
-- officer_desk_owner) reads every table through a policy of its own and writes staff and
-- allocations only through SECURITY DEFINER functions owned by officer_desk_writer, like every
-- other write. A member of staff who leaves keeps their row (their history names them) but
-- sees nothing from that moment; a laptop the administrator revokes is refused from then on.

-- 1. The administrator reads everything (every table keeps forced row-level security). ----------
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['staff', 'allocation', 'records', 'counter', 'applied_op',
                             'conflict', 'domain_event', 'quarantine', 'recommendation',
                             'recommendation_status', 'limits', 'audit'] LOOP
        EXECUTE pg_catalog.format('CREATE POLICY %I ON hub.%I FOR SELECT TO officer_desk_owner '
                                  'USING (true)', t || '_admin_read', t);
    END LOOP;
END $$;

-- Officers reach this database by their own login's CONNECT alone (given when they are added),
-- never through the group: a login of another hub on the same server cannot connect here.
DO $$ BEGIN
    EXECUTE pg_catalog.format('REVOKE CONNECT ON DATABASE %I FROM officer_desk_app',
                              pg_catalog.current_database());
END $$;

-- 1b. Who each member of staff is, as a Part A's countersignatures and the team's screens name them
-- (never by a login name): full name, telephone and email. Empty, never NULL: the staff row is
-- what hub.me() returns, and a row value with an empty column is not "NOT NULL".
ALTER TABLE hub.staff ADD COLUMN full_name text NOT NULL DEFAULT ''
    CHECK (pg_catalog.char_length(full_name) <= 200);
ALTER TABLE hub.staff ADD COLUMN phone text NOT NULL DEFAULT ''
    CHECK (pg_catalog.char_length(phone) <= 40);
ALTER TABLE hub.staff ADD COLUMN email text NOT NULL DEFAULT ''
    CHECK (pg_catalog.char_length(email) <= 200);

-- 2. Leavers. ------------------------------------------------------------------------------------
-- Kept beside the staff row, not in it: the row's type is what hub.me() returns, and a row
-- value with an empty column is not "NOT NULL" (policies ask that of hub.me()).
CREATE TABLE hub.staff_left (
    login_role text PRIMARY KEY REFERENCES hub.staff (login_role),
    left_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    left_by text NOT NULL DEFAULT session_user
);
ALTER TABLE hub.staff_left OWNER TO officer_desk_owner;
ALTER TABLE hub.staff_left ENABLE ROW LEVEL SECURITY;
ALTER TABLE hub.staff_left FORCE ROW LEVEL SECURITY;
CREATE POLICY staff_left_read ON hub.staff_left FOR SELECT
    TO officer_desk_app, officer_desk_writer, officer_desk_owner USING (true);
CREATE POLICY staff_left_writer_add ON hub.staff_left FOR INSERT TO officer_desk_writer
    WITH CHECK (hub.is_admin() AND left_by = session_user);
GRANT SELECT ON hub.staff_left TO officer_desk_app;
GRANT SELECT, INSERT ON hub.staff_left TO officer_desk_writer;
CREATE TRIGGER audited AFTER INSERT OR UPDATE OR DELETE ON hub.staff_left
    FOR EACH ROW EXECUTE FUNCTION hub.audit_row();

CREATE FUNCTION hub.present(login text) RETURNS boolean
    LANGUAGE sql STABLE SECURITY INVOKER SET search_path = pg_catalog, pg_temp
    AS $$ SELECT NOT EXISTS (SELECT 1 FROM hub.staff_left l WHERE l.login_role = login) $$;
ALTER FUNCTION hub.present(text) OWNER TO officer_desk_owner;
GRANT EXECUTE ON FUNCTION hub.present(text) TO officer_desk_app;

-- Who is asking: a leaver is nobody from the moment they leave (their open sessions see nothing).
CREATE OR REPLACE FUNCTION hub.me() RETURNS hub.staff
    LANGUAGE sql STABLE SECURITY INVOKER SET search_path = pg_catalog, pg_temp
    AS $$ SELECT s FROM hub.staff s WHERE s.login_role = session_user
          AND hub.present(s.login_role) $$;

CREATE OR REPLACE FUNCTION hub.visible_crns() RETURNS SETOF text
    LANGUAGE sql STABLE SECURITY INVOKER SET search_path = pg_catalog, pg_temp
    AS $$
        WITH me AS (SELECT s.login_role, s.grade, s.team_code, s.provider_code
                    FROM hub.staff s WHERE s.login_role = session_user
                      AND hub.present(s.login_role))
        SELECT a.crn FROM hub.allocation a JOIN hub.staff s ON s.staff_code = a.staff_code
        CROSS JOIN me
        WHERE a.from_date <= current_date AND (a.to_date IS NULL OR a.to_date >= current_date)
          AND (s.login_role = me.login_role
               OR (me.grade = 'SPO' AND s.team_code = me.team_code)
               OR (me.grade = 'ACO' AND s.provider_code = me.provider_code))
    $$;

CREATE OR REPLACE FUNCTION hub.can_see(case_crn text) RETURNS boolean
    LANGUAGE sql STABLE SECURITY INVOKER SET search_path = pg_catalog, pg_temp
    AS $$
        WITH me AS (SELECT s.login_role, s.grade, s.team_code, s.provider_code
                    FROM hub.staff s WHERE s.login_role = session_user
                      AND hub.present(s.login_role))
        SELECT EXISTS (
            SELECT 1 FROM hub.allocation a JOIN hub.staff s ON s.staff_code = a.staff_code
            CROSS JOIN me
            WHERE a.crn = case_crn AND a.from_date <= current_date
              AND (a.to_date IS NULL OR a.to_date >= current_date)
              AND (s.login_role = me.login_role
                   OR (me.grade = 'SPO' AND s.team_code = me.team_code)
                   OR (me.grade = 'ACO' AND s.provider_code = me.provider_code)))
    $$;

-- No case goes to someone who has left, by any path (allocation, transfer, cover).
CREATE FUNCTION hub.allocate_to_present() RETURNS trigger
    LANGUAGE plpgsql SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM hub.staff s WHERE s.staff_code = NEW.staff_code
               AND NOT hub.present(s.login_role)) THEN
        RAISE EXCEPTION '% has left: a case goes to someone still on the hub',
            (SELECT s.username FROM hub.staff s WHERE s.staff_code = NEW.staff_code)
            USING ERRCODE = '55000';
    END IF;
    RETURN NEW;
END
$$;
ALTER FUNCTION hub.allocate_to_present() OWNER TO officer_desk_owner;
CREATE TRIGGER allocation_to_present BEFORE INSERT ON hub.allocation
    FOR EACH ROW EXECUTE FUNCTION hub.allocate_to_present();

CREATE POLICY staff_writer_add ON hub.staff FOR INSERT TO officer_desk_writer
    WITH CHECK (hub.is_admin());
GRANT INSERT ON hub.staff TO officer_desk_writer;

-- A cover is of a case while its officer holds it: when the case moves to another holder, every
-- cover of it ends (the day before, or is taken back if it had not begun), whoever moved it.
CREATE FUNCTION hub.end_covers() RETURNS trigger
    LANGUAGE plpgsql SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    UPDATE hub.allocation SET to_date = NEW.from_date - 1
        WHERE crn = NEW.crn AND kind = 'cover' AND id <> NEW.id AND from_date < NEW.from_date
          AND (to_date IS NULL OR to_date >= NEW.from_date);
    DELETE FROM hub.allocation
        WHERE crn = NEW.crn AND kind = 'cover' AND id <> NEW.id AND from_date >= NEW.from_date;
    RETURN NULL;
END
$$;
ALTER FUNCTION hub.end_covers() OWNER TO officer_desk_owner;
-- Whoever moves a case (a manager over its officers, or the administrator) ends its covers, even
-- a colleague's from another team; only the hub's own functions write allocations at all.
CREATE POLICY allocation_writer_end_cover ON hub.allocation FOR UPDATE TO officer_desk_writer
    USING (kind = 'cover' AND hub.may_write(crn)) WITH CHECK (kind = 'cover' AND hub.may_write(crn));
CREATE POLICY allocation_writer_drop_cover ON hub.allocation FOR DELETE TO officer_desk_writer
    USING (kind = 'cover' AND from_date >= current_date AND hub.may_write(crn));
CREATE TRIGGER covers_end_with_the_holder AFTER INSERT ON hub.allocation
    FOR EACH ROW WHEN (NEW.kind = 'holder') EXECUTE FUNCTION hub.end_covers();

-- Before any write (as before): now also refused to a session that turned its idle limit off.
CREATE OR REPLACE FUNCTION hub.begin_write() RETURNS hub.staff
    LANGUAGE plpgsql VOLATILE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    me hub.staff;
    hold integer := 120;
    waited_until timestamptz := pg_catalog.clock_timestamp() + interval '60 seconds';
    caller_lock_timeout text := pg_catalog.current_setting('lock_timeout');
BEGIN
    PERFORM pg_catalog.set_config('officer_desk.op_id', '', true);
    PERFORM hub.end_holders(hold);
    me := hub.me();
    IF me IS NULL AND NOT hub.is_admin() THEN
        RAISE EXCEPTION 'you are not on this hub''s staff list' USING ERRCODE = '42501';
    END IF;
    IF me IS NOT NULL AND (
        pg_catalog.current_setting('idle_in_transaction_session_timeout')::interval
            NOT BETWEEN interval '1 ms' AND interval '5 min'
        OR pg_catalog.current_setting('statement_timeout')::interval
            NOT BETWEEN interval '1 ms' AND interval '5 min'
        OR caller_lock_timeout::interval NOT BETWEEN interval '1 ms' AND interval '5 min'
        OR pg_catalog.current_setting('idle_session_timeout')::interval
            NOT BETWEEN interval '1 ms' AND interval '1 hour') THEN
        RAISE EXCEPTION 'this session does not keep the hub''s time limits'
            USING ERRCODE = '42501', HINT = 'connect again without changing them';
    END IF;
    hold := coalesce((SELECT l.hold_seconds FROM hub.limits l), hold);
    LOOP
        BEGIN
            PERFORM 1 FROM hub.counter FOR UPDATE NOWAIT;
            EXIT;
        EXCEPTION WHEN lock_not_available THEN
            IF pg_catalog.clock_timestamp() > waited_until THEN
                RAISE EXCEPTION 'the hub is busy: try again in a minute'
                    USING ERRCODE = '55P03';
            END IF;
            PERFORM pg_catalog.pg_sleep(0.25);
            PERFORM hub.end_holders(hold);
        END;
    END LOOP;
    RETURN me;
END
$$;

-- Cover ended early (the absent officer is back): from today the colleague no longer sees or works
-- those cases. Asked by a manager over both officers, or the administrator.
CREATE FUNCTION hub.end_cover(absent_username text, cover_username text) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    absent hub.staff;
    cover hub.staff;
    ended integer;
    dropped integer;
BEGIN
    PERFORM hub.begin_write();
    SELECT * INTO absent FROM hub.staff WHERE username = absent_username;
    SELECT * INTO cover FROM hub.staff WHERE username = cover_username;
    IF absent IS NULL OR cover IS NULL THEN
        RAISE EXCEPTION 'both officers must be on the hub' USING ERRCODE = 'P0002';
    END IF;
    IF NOT hub.is_admin() AND NOT ((hub.me()).grade IN ('SPO', 'ACO')
                                   AND hub.oversees(absent) AND hub.oversees(cover)) THEN
        RAISE EXCEPTION 'only a manager over both officers ends cover'
            USING ERRCODE = '42501';
    END IF;
    UPDATE hub.allocation c SET to_date = current_date - 1
        WHERE c.kind = 'cover' AND c.staff_code = cover.staff_code
          AND c.from_date < current_date AND (c.to_date IS NULL OR c.to_date >= current_date)
          AND c.crn IN (SELECT a.crn FROM hub.allocation a WHERE a.kind = 'holder'
                        AND a.staff_code = absent.staff_code);
    GET DIAGNOSTICS ended = ROW_COUNT;
    DELETE FROM hub.allocation c
        WHERE c.kind = 'cover' AND c.staff_code = cover.staff_code
          AND c.from_date >= current_date
          AND c.crn IN (SELECT a.crn FROM hub.allocation a WHERE a.kind = 'holder'
                        AND a.staff_code = absent.staff_code);
    GET DIAGNOSTICS dropped = ROW_COUNT;
    RETURN ended + dropped;
END
$$;

-- 3. Lost laptops. ------------------------------------------------------------------------------
CREATE TABLE hub.device (
    id text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9._:-]{1,100}$'),
    login_role text NOT NULL,
    first_seen timestamptz NOT NULL DEFAULT pg_catalog.now(),
    last_seen timestamptz NOT NULL DEFAULT pg_catalog.now(),
    revoked_at timestamptz,
    revoked_by text
);
CREATE INDEX device_login ON hub.device (login_role);
ALTER TABLE hub.device OWNER TO officer_desk_owner;
ALTER TABLE hub.device ENABLE ROW LEVEL SECURITY;
ALTER TABLE hub.device FORCE ROW LEVEL SECURITY;
CREATE POLICY device_read ON hub.device FOR SELECT TO officer_desk_app
    USING (login_role = session_user);
CREATE POLICY device_admin_read ON hub.device FOR SELECT TO officer_desk_owner USING (true);
CREATE POLICY device_writer_read ON hub.device FOR SELECT TO officer_desk_writer
    USING (login_role = session_user OR hub.is_admin());
CREATE POLICY device_writer_add ON hub.device FOR INSERT TO officer_desk_writer
    WITH CHECK (login_role = session_user AND revoked_at IS NULL);
CREATE POLICY device_writer_change ON hub.device FOR UPDATE TO officer_desk_writer
    USING (login_role = session_user OR hub.is_admin())
    WITH CHECK (login_role = session_user OR hub.is_admin());
GRANT SELECT ON hub.device TO officer_desk_app;
GRANT SELECT, INSERT, UPDATE ON hub.device TO officer_desk_writer;
CREATE TRIGGER audited AFTER INSERT OR UPDATE OR DELETE ON hub.device
    FOR EACH ROW EXECUTE FUNCTION hub.audit_row();

-- Is this laptop of the caller's revoked?
CREATE FUNCTION hub.device_revoked(device_id text) RETURNS boolean
    LANGUAGE sql STABLE SECURITY INVOKER SET search_path = pg_catalog, pg_temp
    AS $$ SELECT EXISTS (SELECT 1 FROM hub.device d WHERE d.id = device_id
                         AND d.login_role = session_user AND d.revoked_at IS NOT NULL) $$;
ALTER FUNCTION hub.device_revoked(text) OWNER TO officer_desk_owner;
GRANT EXECUTE ON FUNCTION hub.device_revoked(text) TO officer_desk_app, officer_desk_writer;

-- What a revoked laptop still sends waits in the quarantine, for a person to take or dismiss.
CREATE POLICY quarantine_writer_from_revoked ON hub.quarantine FOR INSERT TO officer_desk_writer
    WITH CHECK (from_role = session_user AND hub.device_revoked(op->>'device')
                AND (hub.may_write(crn) OR hub.held_before(crn)));

-- A laptop says who it is at the start of every sync: first seen, last seen, and whether the
-- administrator has taken it off the hub.
CREATE FUNCTION hub.checkin(device_id text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    me hub.staff;
    d hub.device;
BEGIN
    IF coalesce(device_id, '') !~ '^[A-Za-z0-9._:-]{1,100}$' THEN
        RAISE EXCEPTION 'a laptop names itself in up to 100 letters, digits or dashes'
            USING ERRCODE = '22023';
    END IF;
    me := hub.begin_write();
    IF me IS NULL THEN
        RAISE EXCEPTION 'you are not on this hub''s staff list' USING ERRCODE = '42501';
    END IF;
    SELECT * INTO d FROM hub.device WHERE id = device_id;
    IF FOUND AND d.login_role <> session_user THEN
        RAISE EXCEPTION 'this laptop''s id is another officer''s' USING ERRCODE = '42501';
    ELSIF NOT FOUND THEN
        IF (SELECT pg_catalog.count(*) FROM hub.device x WHERE x.login_role = session_user)
           >= 50 THEN
            RAISE EXCEPTION 'an officer links at most 50 laptops: ask the administrator'
                USING ERRCODE = '54000';
        END IF;
        BEGIN
            INSERT INTO hub.device (id, login_role) VALUES (device_id, session_user)
                RETURNING * INTO d;
        EXCEPTION WHEN unique_violation THEN  -- another officer's laptop (not theirs to see)
            RAISE EXCEPTION 'this laptop''s id is another officer''s' USING ERRCODE = '42501';
        END;
    ELSIF d.last_seen < pg_catalog.now() - interval '1 minute' THEN
        UPDATE hub.device SET last_seen = pg_catalog.now() WHERE id = device_id
            RETURNING * INTO d;
    END IF;
    RETURN pg_catalog.jsonb_build_object('revoked', d.revoked_at IS NOT NULL,
                                         'revoked_at', d.revoked_at);
END
$$;

-- An officer wiping a laptop (handed back, or going out of use) retires it: the hub refuses its
-- changes from then on, exactly as for one the administrator revoked, and the list says who.
CREATE FUNCTION hub.retire_device(device_id text) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    me hub.staff;
BEGIN
    me := hub.begin_write();
    IF me IS NULL THEN
        RAISE EXCEPTION 'you are not on this hub''s staff list' USING ERRCODE = '42501';
    END IF;
    UPDATE hub.device SET revoked_at = coalesce(revoked_at, pg_catalog.now()),
                          revoked_by = coalesce(revoked_by, session_user)
        WHERE id = device_id AND login_role = session_user;
    RETURN FOUND;
END
$$;

-- Push: the laptop's ops in its order, one answer each; a revoked laptop's wait for a person.
CREATE OR REPLACE FUNCTION hub.apply_ops(device text, ops jsonb) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    op jsonb;
    problem text;
    stored hub.applied_op;
    answer jsonb;
    answers jsonb := '[]'::jsonb;
BEGIN
    IF coalesce(device, '') !~ '^[A-Za-z0-9._:-]{1,100}$' THEN
        RAISE EXCEPTION 'a laptop names itself in up to 100 letters, digits or dashes'
            USING ERRCODE = '22023';
    END IF;
    IF pg_catalog.jsonb_typeof(ops) IS DISTINCT FROM 'array'
       OR pg_catalog.jsonb_array_length(ops) > 1000 THEN
        RAISE EXCEPTION 'a push is a list of at most 1000 changes' USING ERRCODE = '22023';
    END IF;
    FOR op IN SELECT value FROM pg_catalog.jsonb_array_elements(ops) LOOP
        problem := hub.op_problem(op);
        IF problem IS NOT NULL THEN
            RAISE EXCEPTION 'the hub refused a malformed change: %', problem
                USING ERRCODE = '22023';
        END IF;
    END LOOP;
    PERFORM hub.begin_write();
    -- Every laptop that writes is on the device list, under its own officer only.
    IF NOT EXISTS (SELECT 1 FROM hub.device d WHERE d.id = apply_ops.device
                   AND d.login_role = session_user) THEN
        BEGIN
            INSERT INTO hub.device (id, login_role) VALUES (apply_ops.device, session_user);
        EXCEPTION WHEN unique_violation THEN
            RAISE EXCEPTION 'this laptop''s id is another officer''s' USING ERRCODE = '42501';
        END;
    END IF;
    IF hub.device_revoked(device) THEN
        FOR op IN SELECT value FROM pg_catalog.jsonb_array_elements(ops) WITH ORDINALITY
                  ORDER BY ordinality LOOP
            SELECT * INTO stored FROM hub.applied_op a WHERE a.op_id = (op->>'op_id')::uuid;
            IF FOUND AND stored.login_role = session_user THEN
                answer := stored.answer || pg_catalog.jsonb_build_object('replayed', true);
            ELSIF FOUND THEN
                answer := pg_catalog.jsonb_build_object(
                    'op_id', op->>'op_id', 'status', 'rejected',
                    'reason', 'this change''s id is already used');
            ELSIF NOT (hub.may_write(op->>'crn') OR hub.held_before(op->>'crn')) THEN
                answer := pg_catalog.jsonb_build_object('op_id', op->>'op_id',
                    'status', 'rejected', 'reason', 'the case is not allocated to you');
            ELSE
                PERFORM pg_catalog.set_config('officer_desk.op_id', op->>'op_id', true);
                INSERT INTO hub.quarantine (crn, op)
                    VALUES (op->>'crn', op || pg_catalog.jsonb_build_object('device', device));
                answer := pg_catalog.jsonb_build_object(
                    'op_id', op->>'op_id', 'status', 'quarantined',
                    'reason', 'this laptop was taken off the hub: the change waits for a '
                              'person to take or dismiss');
                INSERT INTO hub.applied_op (op_id, device, device_seq, crn, answer)
                    VALUES ((op->>'op_id')::uuid, device, (op->>'device_seq')::bigint,
                            op->>'crn', answer);
            END IF;
            answers := answers || pg_catalog.jsonb_build_array(answer);
        END LOOP;
    ELSE
        FOR op IN SELECT value FROM pg_catalog.jsonb_array_elements(ops) WITH ORDINALITY
                  ORDER BY ordinality LOOP
            answers := answers || pg_catalog.jsonb_build_array(hub.apply_op(device, op));
        END LOOP;
    END IF;
    PERFORM pg_catalog.set_config('officer_desk.op_id', '', true);
    RETURN answers;
END
$$;

-- 3b. Which life of the hub this is: a restore from a backup begins a new one, so a laptop
-- knows that what the hub had answered since the backup is gone and sends it again.
CREATE TABLE hub.epoch (
    only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    began_at timestamptz NOT NULL DEFAULT pg_catalog.now()
);
INSERT INTO hub.epoch DEFAULT VALUES;
ALTER TABLE hub.epoch OWNER TO officer_desk_owner;
ALTER TABLE hub.epoch ENABLE ROW LEVEL SECURITY;
ALTER TABLE hub.epoch FORCE ROW LEVEL SECURITY;
CREATE POLICY epoch_read ON hub.epoch FOR SELECT
    TO officer_desk_app, officer_desk_writer, officer_desk_owner USING (only_row);
CREATE POLICY epoch_writer_begin ON hub.epoch FOR UPDATE TO officer_desk_writer
    USING (hub.is_admin()) WITH CHECK (hub.is_admin());
GRANT SELECT ON hub.epoch TO officer_desk_app;
GRANT SELECT, UPDATE ON hub.epoch TO officer_desk_writer;
CREATE TRIGGER audited AFTER INSERT OR UPDATE OR DELETE ON hub.epoch
    FOR EACH ROW EXECUTE FUNCTION hub.audit_row();

CREATE FUNCTION hub.new_epoch() RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    fresh uuid;
BEGIN
    PERFORM hub.admin_only();
    PERFORM hub.begin_write();
    UPDATE hub.epoch SET id = gen_random_uuid(), began_at = pg_catalog.now()
        RETURNING id INTO fresh;
    RETURN fresh;
END
$$;

-- 4. The administrator's writes. ------------------------------------------------------------
CREATE FUNCTION hub.admin_only() RETURNS void
    LANGUAGE plpgsql STABLE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NOT hub.is_admin() THEN
        RAISE EXCEPTION 'only the hub''s administrator does this' USING ERRCODE = '42501';
    END IF;
END
$$;

-- A member of staff, once their login role exists (the administrator creates it: a function
-- cannot, as no role of the hub's may create roles).
CREATE FUNCTION hub.add_staff(new_username text, new_login text, new_code text, new_team text,
                              new_provider text, new_grade text, new_name text DEFAULT '',
                              new_phone text DEFAULT '', new_email text DEFAULT '')
    RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    PERFORM hub.admin_only();
    PERFORM hub.begin_write();
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.rolname = new_login
                   AND NOT r.rolsuper AND NOT r.rolbypassrls AND NOT r.rolcreaterole
                   AND NOT r.rolcreatedb)
       OR NOT pg_catalog.pg_has_role(new_login, 'officer_desk_app', 'MEMBER')
       OR pg_catalog.pg_has_role(new_login, 'officer_desk_owner', 'MEMBER') THEN
        RAISE EXCEPTION 'a member of staff signs in with a login of the hub''s own, '
                        'with no rights beyond it' USING ERRCODE = '42501';
    END IF;
    INSERT INTO hub.staff (username, login_role, staff_code, team_code, provider_code, grade,
                           full_name, phone, email)
        VALUES (new_username, new_login, new_code, new_team, new_provider, new_grade,
                coalesce(new_name, ''), coalesce(new_phone, ''), coalesce(new_email, ''));
END
$$;

-- Place a case with an officer from a day (the hub's today by default): any current allocation
-- ends the day before, so exactly one officer holds the case on any day.
CREATE FUNCTION hub.allocate(case_crn text, to_username text, why text, from_day date)
    RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    officer hub.staff;
    day date := coalesce(from_day, current_date);
BEGIN
    PERFORM hub.admin_only();
    IF coalesce(case_crn, '') !~ '^[A-Z][0-9]{6}$' THEN
        RAISE EXCEPTION 'a CRN is one letter and six digits' USING ERRCODE = '22023';
    END IF;
    IF pg_catalog.length(coalesce(why, '')) > 2000 THEN
        RAISE EXCEPTION 'a reason is at most 2000 characters' USING ERRCODE = '22023';
    END IF;
    PERFORM hub.begin_write();
    SELECT * INTO officer FROM hub.staff WHERE username = to_username;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'there is no % on the hub', to_username USING ERRCODE = 'P0002';
    END IF;
    UPDATE hub.allocation SET to_date = day - 1
        WHERE crn = case_crn AND to_date IS NULL AND kind = 'holder' AND from_date < day;
    DELETE FROM hub.allocation
        WHERE crn = case_crn AND to_date IS NULL AND kind = 'holder' AND from_date >= day;
    INSERT INTO hub.allocation (crn, staff_code, from_date, reason, granted_by)
        VALUES (case_crn, officer.staff_code, day, why, session_user);
END
$$;

-- A member of staff leaves: refused while they hold or cover a case; from then on they see
-- nothing and no case goes to them. The login is turned off by the administrator at once, in the
-- same transaction; the leaver's open sessions are ended after it commits (hub.end_sessions).
CREATE FUNCTION hub.staff_leaves(leaver text) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    s hub.staff;
    held text;
BEGIN
    PERFORM hub.admin_only();
    PERFORM hub.begin_write();
    SELECT * INTO s FROM hub.staff WHERE username = leaver;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'there is no % on the hub', leaver USING ERRCODE = 'P0002';
    END IF;
    IF NOT hub.present(s.login_role) THEN
        RETURN s.login_role;
    END IF;
    SELECT pg_catalog.string_agg(DISTINCT a.crn, ', ' ORDER BY a.crn) INTO held
        FROM hub.allocation a
        WHERE a.staff_code = s.staff_code AND (a.to_date IS NULL OR a.to_date >= current_date);
    IF held IS NOT NULL THEN
        RAISE EXCEPTION '% still holds or covers %: move those cases first (officer-desk hub '
                        'transfer)', leaver, held USING ERRCODE = '55000';
    END IF;
    INSERT INTO hub.staff_left (login_role) VALUES (s.login_role);
    RETURN s.login_role;
END
$$;

-- End every session of one of the hub's logins: a leaver's, or one whose password was just
-- changed (the writer may signal sessions when the server lets it; otherwise a leaver's already
-- see nothing, and the turned-off login or the old password cannot come back).
CREATE FUNCTION hub.end_sessions(login text) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    pid integer;
    n integer := 0;
BEGIN
    PERFORM hub.admin_only();
    IF NOT EXISTS (SELECT 1 FROM hub.staff s WHERE s.login_role = login) THEN
        RAISE EXCEPTION 'only the sessions of this hub''s own staff are ended here'
            USING ERRCODE = '42501';
    END IF;
    FOR pid IN SELECT a.pid FROM pg_catalog.pg_stat_activity a WHERE a.usename = login LOOP
        BEGIN
            IF pg_catalog.pg_terminate_backend(pid) THEN
                n := n + 1;
            END IF;
        EXCEPTION WHEN insufficient_privilege THEN
            NULL;
        END;
    END LOOP;
    RETURN n;
END
$$;

-- The administrator takes a laptop off the hub.
CREATE FUNCTION hub.revoke_device(device_id text) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    d hub.device;
BEGIN
    PERFORM hub.admin_only();
    PERFORM hub.begin_write();
    UPDATE hub.device SET revoked_at = coalesce(revoked_at, pg_catalog.now()),
                          revoked_by = coalesce(revoked_by, session_user)
        WHERE id = device_id RETURNING * INTO d;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'there is no laptop % on the hub', device_id USING ERRCODE = 'P0002';
    END IF;
    RETURN d.login_role;
END
$$;

GRANT CREATE ON SCHEMA hub TO officer_desk_writer;
DO $$
DECLARE
    f text;
BEGIN
    FOREACH f IN ARRAY ARRAY['hub.checkin(text)', 'hub.apply_ops(text, jsonb)',
                             'hub.retire_device(text)', 'hub.end_cover(text, text)',
                             'hub.add_staff(text, text, text, text, text, text, text, text, text)',
                             'hub.allocate(text, text, text, date)', 'hub.staff_leaves(text)',
                             'hub.end_sessions(text)', 'hub.revoke_device(text)',
                             'hub.new_epoch()'] LOOP
        EXECUTE pg_catalog.format('ALTER FUNCTION %s OWNER TO officer_desk_writer', f);
        EXECUTE pg_catalog.format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f);
    END LOOP;
    FOREACH f IN ARRAY ARRAY['hub.admin_only()'] LOOP
        EXECUTE pg_catalog.format('ALTER FUNCTION %s OWNER TO officer_desk_owner', f);
        EXECUTE pg_catalog.format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f);
    END LOOP;
END $$;
GRANT EXECUTE ON FUNCTION hub.checkin(text), hub.apply_ops(text, jsonb), hub.retire_device(text),
    hub.end_cover(text, text) TO officer_desk_app, officer_desk_owner;
GRANT EXECUTE ON FUNCTION hub.admin_only() TO officer_desk_writer;
GRANT EXECUTE ON FUNCTION hub.add_staff(text, text, text, text, text, text, text, text, text),
    hub.allocate(text, text, text, date), hub.staff_leaves(text), hub.end_sessions(text),
    hub.revoke_device(text), hub.new_epoch() TO officer_desk_owner;
REVOKE CREATE ON SCHEMA hub FROM officer_desk_writer;

-- Everything in the hub belongs to the hub's own roles, whoever ran a migration: a function left
-- to the administrator who made it would run with the administrator's rights.
DO $$
DECLARE
    f regprocedure;
    t regclass;
BEGIN
    FOR f IN SELECT p.oid::regprocedure FROM pg_catalog.pg_proc p
             WHERE p.pronamespace = 'hub'::regnamespace
               AND p.proowner NOT IN ('officer_desk_owner'::regrole, 'officer_desk_writer'::regrole)
    LOOP
        EXECUTE pg_catalog.format('ALTER FUNCTION %s OWNER TO officer_desk_owner', f);
    END LOOP;
    -- No one calls a hub function but by a grant of its own (a function is PUBLIC's to call
    -- when made by anyone but the owner, whose default takes that away).
    FOR f IN SELECT p.oid::regprocedure FROM pg_catalog.pg_proc p
             WHERE p.pronamespace = 'hub'::regnamespace LOOP
        EXECUTE pg_catalog.format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f);
    END LOOP;
    FOR t IN SELECT c.oid::regclass FROM pg_catalog.pg_class c
             WHERE c.relnamespace = 'hub'::regnamespace AND c.relkind IN ('r', 'v', 'm', 'p')
               AND c.relowner <> 'officer_desk_owner'::regrole
    LOOP
        EXECUTE pg_catalog.format('ALTER TABLE %s OWNER TO officer_desk_owner', t);
    END LOOP;
END $$;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA hub TO officer_desk_writer;
