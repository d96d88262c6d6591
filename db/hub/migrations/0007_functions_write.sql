-- Security by construction: login roles read, only the hub's own functions write.
--
-- Officers', PSOs', SPOs' and ACOs' login roles (members of officer_desk_app) keep SELECT, held
-- by forced row-level security, and EXECUTE on named API functions: nothing else. Every write
-- goes through a SECURITY DEFINER function owned by officer_desk_writer (NOLOGIN, itself held by
-- policies written for it), with search_path pinned and every name schema-qualified; the
-- caller's authority comes from session_user inside the function, never from an argument.
-- Every row change bumps the change counter and writes the hub's own audit row in the same
-- transaction; a record keeps its type, id and case for ever; a countersignature binds the
-- content the hub holds (its own hash of what the Part A is made from).

-- 1. Take every write from the application group and from PUBLIC. -------------------------------
REVOKE ALL ON ALL TABLES IN SCHEMA hub FROM PUBLIC, officer_desk_app;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA hub FROM PUBLIC, officer_desk_app;
REVOKE ALL ON SCHEMA hub FROM PUBLIC, officer_desk_app;
GRANT USAGE ON SCHEMA hub TO officer_desk_app, officer_desk_writer;
GRANT SELECT ON hub.staff, hub.allocation, hub.records, hub.counter, hub.applied_op,
    hub.conflict, hub.domain_event, hub.quarantine, hub.recommendation,
    hub.recommendation_status TO officer_desk_app;
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA hub FROM PUBLIC, officer_desk_app;
ALTER DEFAULT PRIVILEGES FOR ROLE officer_desk_owner IN SCHEMA hub
    REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
ALTER DEFAULT PRIVILEGES FOR ROLE officer_desk_writer IN SCHEMA hub
    REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
DO $$ BEGIN
    EXECUTE pg_catalog.format('REVOKE ALL ON DATABASE %I FROM PUBLIC',
                              pg_catalog.current_database());
    EXECUTE pg_catalog.format('GRANT CONNECT ON DATABASE %I TO officer_desk_app',
                              pg_catalog.current_database());
END $$;
DO $$ BEGIN
    REVOKE CREATE ON SCHEMA public FROM PUBLIC;
EXCEPTION WHEN insufficient_privilege THEN
    NULL;  -- a managed server's public schema that is not ours: nothing in it is the hub's
END $$;
-- Large objects are storage outside the hub's tables (and its audit): no one writes them.
REVOKE EXECUTE ON FUNCTION pg_catalog.lo_from_bytea(oid, bytea), pg_catalog.lo_create(oid),
    pg_catalog.lo_creat(integer), pg_catalog.lo_put(oid, bigint, bytea),
    pg_catalog.lowrite(integer, bytea), pg_catalog.lo_truncate(integer, integer),
    pg_catalog.lo_truncate64(integer, bigint), pg_catalog.lo_unlink(oid),
    pg_catalog.lo_open(oid, integer) FROM PUBLIC;
-- The writer ends a session that holds the team's write lock too long (it must see and signal
-- other sessions to do so).
-- A managed server's administrator may not hand these on: the watchdog then ends no one, and
-- each login's own time limits still hold.
DO $$ BEGIN
    GRANT pg_read_all_stats, pg_signal_backend TO officer_desk_writer;
EXCEPTION WHEN insufficient_privilege THEN
    RAISE NOTICE 'the hub''s writer cannot end other sessions on this server';
END $$;

DROP POLICY records_insert ON hub.records;
DROP POLICY records_update ON hub.records;
DROP POLICY counter_use ON hub.counter;
DROP POLICY applied_own ON hub.applied_op;
DROP POLICY conflict_raise ON hub.conflict;
DROP POLICY conflict_resolve ON hub.conflict;
DROP POLICY allocation_manage ON hub.allocation;
DROP POLICY allocation_close ON hub.allocation;
DROP POLICY allocation_undo ON hub.allocation;
DROP POLICY domain_event_raise ON hub.domain_event;
DROP POLICY quarantine_hold ON hub.quarantine;
DROP POLICY quarantine_decide ON hub.quarantine;
DROP POLICY recommendation_request ON hub.recommendation;
DROP POLICY recommendation_rerequest ON hub.recommendation;
DROP POLICY status_add ON hub.recommendation_status;
DROP TRIGGER decision_guard ON hub.records;
DROP FUNCTION hub.guard_decision();
DROP FUNCTION hub.screen_op(text, jsonb);

CREATE POLICY counter_read ON hub.counter FOR SELECT TO officer_desk_app
    USING (only_row);
CREATE POLICY applied_read ON hub.applied_op FOR SELECT TO officer_desk_app
    USING (login_role = session_user);

-- 2. The hub's own limits, and its audit. -----------------------------------------------------
-- How long an application session may hold the team's write lock; set by the administrator.
CREATE TABLE hub.limits (
    only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    hold_seconds integer NOT NULL DEFAULT 120 CHECK (hold_seconds BETWEEN 1 AND 3600)
);
INSERT INTO hub.limits DEFAULT VALUES;

CREATE TABLE hub.audit (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT pg_catalog.clock_timestamp(),
    login_role text NOT NULL DEFAULT session_user,
    op_id uuid,
    table_name text NOT NULL,
    action text NOT NULL CHECK (action IN ('INSERT', 'UPDATE', 'DELETE')),
    row_key text NOT NULL,
    crn text,
    tick bigint,
    before_sha256 text,
    after_sha256 text
);
CREATE INDEX audit_row ON hub.audit (table_name, row_key, id);
CREATE INDEX audit_crn ON hub.audit (crn);

ALTER TABLE hub.recommendation ADD COLUMN basis_sha256 text
    CHECK (basis_sha256 ~ '^[0-9a-f]{64}$');
ALTER TABLE hub.recommendation_status ADD COLUMN basis_sha256 text;
ALTER TABLE hub.recommendation_status ADD COLUMN note text;
CREATE INDEX recommendation_crn ON hub.recommendation (crn);

ALTER TABLE hub.limits OWNER TO officer_desk_owner;
ALTER TABLE hub.audit OWNER TO officer_desk_owner;
ALTER TABLE hub.limits ENABLE ROW LEVEL SECURITY;
ALTER TABLE hub.limits FORCE ROW LEVEL SECURITY;
ALTER TABLE hub.audit ENABLE ROW LEVEL SECURITY;
ALTER TABLE hub.audit FORCE ROW LEVEL SECURITY;
GRANT SELECT ON hub.limits, hub.audit TO officer_desk_app;

-- 3. Who is asking. ------------------------------------------------------------------------------
-- The hub's administrator: a member of the owner group (a superuser is a member of every role).
CREATE FUNCTION hub.is_admin() RETURNS boolean
    LANGUAGE sql STABLE SECURITY INVOKER SET search_path = pg_catalog, pg_temp
    AS $$ SELECT pg_catalog.pg_has_role(session_user, 'officer_desk_owner', 'MEMBER') $$;

-- Who may see what, asked once per question: the caller's own staff row is read once, and a
-- case is looked up by its CRN (a function with a pinned search_path is not inlined, so asking
-- "may I see this officer" row by row would cost hundreds of calls a change).
CREATE OR REPLACE FUNCTION hub.visible_crns() RETURNS SETOF text
    LANGUAGE sql STABLE SECURITY INVOKER SET search_path = pg_catalog, pg_temp
    AS $$
        WITH me AS (SELECT s.login_role, s.grade, s.team_code, s.provider_code
                    FROM hub.staff s WHERE s.login_role = session_user)
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
                    FROM hub.staff s WHERE s.login_role = session_user)
        SELECT EXISTS (
            SELECT 1 FROM hub.allocation a JOIN hub.staff s ON s.staff_code = a.staff_code
            CROSS JOIN me
            WHERE a.crn = case_crn AND a.from_date <= current_date
              AND (a.to_date IS NULL OR a.to_date >= current_date)
              AND (s.login_role = me.login_role
                   OR (me.grade = 'SPO' AND s.team_code = me.team_code)
                   OR (me.grade = 'ACO' AND s.provider_code = me.provider_code)))
    $$;

-- May the session's user write to this case: it is theirs to see today, or they administer.
CREATE FUNCTION hub.may_write(case_crn text) RETURNS boolean
    LANGUAGE sql STABLE SECURITY INVOKER SET search_path = pg_catalog, pg_temp
    AS $$ SELECT hub.can_see(case_crn) OR hub.is_admin() $$;

-- A manager (SPO or ACO) moving work among the staff they oversee, on a case they see.
CREATE FUNCTION hub.may_manage(case_crn text, officer_code text) RETURNS boolean
    LANGUAGE sql STABLE SECURITY INVOKER SET search_path = pg_catalog, pg_temp
    AS $$
        SELECT hub.is_admin()
            OR ((hub.me()).grade IN ('SPO', 'ACO')
                AND case_crn IN (SELECT hub.visible_crns())
                AND EXISTS (SELECT 1 FROM hub.staff s
                            WHERE s.staff_code = officer_code AND hub.oversees(s)))
    $$;

GRANT EXECUTE ON FUNCTION hub.is_admin(), hub.may_write(text), hub.may_manage(text, text)
    TO officer_desk_app, officer_desk_writer;

-- 4. The writer's own policies: even the hub's functions write only what the caller may. ------
CREATE POLICY staff_writer_read ON hub.staff FOR SELECT TO officer_desk_writer USING (true);
CREATE POLICY allocation_writer_read ON hub.allocation FOR SELECT TO officer_desk_writer
    USING (true);
CREATE POLICY allocation_writer_add ON hub.allocation FOR INSERT TO officer_desk_writer
    WITH CHECK (granted_by = session_user AND hub.may_manage(crn, staff_code));
CREATE POLICY allocation_writer_close ON hub.allocation FOR UPDATE TO officer_desk_writer
    USING (hub.may_manage(crn, staff_code)) WITH CHECK (hub.may_manage(crn, staff_code));
CREATE POLICY allocation_writer_undo ON hub.allocation FOR DELETE TO officer_desk_writer
    USING (from_date >= current_date AND hub.may_manage(crn, staff_code));

CREATE POLICY records_writer_read ON hub.records FOR SELECT TO officer_desk_writer
    USING (true);
CREATE POLICY records_writer_add ON hub.records FOR INSERT TO officer_desk_writer
    WITH CHECK (hub.may_write(crn));
CREATE POLICY records_writer_change ON hub.records FOR UPDATE TO officer_desk_writer
    USING (hub.may_write(crn)) WITH CHECK (hub.may_write(crn));

CREATE POLICY counter_writer_read ON hub.counter FOR SELECT TO officer_desk_writer
    USING (only_row);
CREATE POLICY counter_writer_tick ON hub.counter FOR UPDATE TO officer_desk_writer
    USING (hub.me() IS NOT NULL OR hub.is_admin())
    WITH CHECK (hub.me() IS NOT NULL OR hub.is_admin());
CREATE POLICY limits_writer_read ON hub.limits FOR SELECT TO officer_desk_writer
    USING (only_row);
CREATE POLICY limits_read ON hub.limits FOR SELECT TO officer_desk_app USING (only_row);

CREATE POLICY applied_writer_read ON hub.applied_op FOR SELECT TO officer_desk_writer
    USING (true);
CREATE POLICY applied_writer_add ON hub.applied_op FOR INSERT TO officer_desk_writer
    WITH CHECK (login_role = session_user);

CREATE POLICY conflict_writer_read ON hub.conflict FOR SELECT TO officer_desk_writer
    USING (hub.may_write(crn));
CREATE POLICY conflict_writer_raise ON hub.conflict FOR INSERT TO officer_desk_writer
    WITH CHECK (raised_by = session_user AND hub.may_write(crn));
CREATE POLICY conflict_writer_resolve ON hub.conflict FOR UPDATE TO officer_desk_writer
    USING (hub.may_write(crn))
    WITH CHECK (resolved_by = session_user AND hub.may_write(crn));

CREATE POLICY quarantine_writer_read ON hub.quarantine FOR SELECT TO officer_desk_writer
    USING (from_role = session_user OR hub.may_write(crn));
CREATE POLICY quarantine_writer_hold ON hub.quarantine FOR INSERT TO officer_desk_writer
    WITH CHECK (from_role = session_user AND hub.held_before(crn));
CREATE POLICY quarantine_writer_decide ON hub.quarantine FOR UPDATE TO officer_desk_writer
    USING (hub.may_write(crn)) WITH CHECK (decided_by = session_user AND hub.may_write(crn));

CREATE POLICY domain_event_writer_raise ON hub.domain_event FOR INSERT TO officer_desk_writer
    WITH CHECK (raised_by = session_user);

CREATE POLICY recommendation_writer_read ON hub.recommendation FOR SELECT
    TO officer_desk_writer USING (hub.may_write(crn));
CREATE POLICY recommendation_writer_request ON hub.recommendation FOR INSERT
    TO officer_desk_writer WITH CHECK (requested_by = session_user AND hub.may_write(crn));
CREATE POLICY recommendation_writer_change ON hub.recommendation FOR UPDATE
    TO officer_desk_writer USING (hub.may_write(crn)) WITH CHECK (hub.may_write(crn));

CREATE POLICY status_writer_read ON hub.recommendation_status FOR SELECT
    TO officer_desk_writer USING (hub.may_write(hub.recommendation_crn(recommendation_id)));
-- A signer is who they say they are, with their own grade; an SPO signs for their own team's
-- cases, an ACO for their provider's; no one signs what they asked for or asked again.
CREATE POLICY status_writer_add ON hub.recommendation_status FOR INSERT TO officer_desk_writer
    WITH CHECK (
        login_role = session_user
        AND hub.may_write(hub.recommendation_crn(recommendation_id))
        AND CASE
            WHEN status IN ('SPO_RECORDED_RATIONALE', 'SPO_SIGNED', 'ACO_SIGNED') THEN
                username = (hub.me()).username AND grade = (hub.me()).grade
                AND NOT EXISTS (SELECT 1 FROM hub.recommendation r
                                WHERE r.id = recommendation_id AND r.requested_by = session_user)
                AND NOT EXISTS (SELECT 1 FROM hub.recommendation_status q
                                WHERE q.recommendation_id = recommendation_status.recommendation_id
                                  AND q.status = 'SPO_SIGNATURE_REQUESTED'
                                  AND q.note IS NULL AND q.login_role = session_user)
                AND CASE WHEN status = 'ACO_SIGNED' THEN
                        (hub.me()).grade = 'ACO'
                        AND (hub.me()).provider_code = (hub.case_holder(
                            hub.recommendation_crn(recommendation_id))).provider_code
                    ELSE
                        (hub.me()).grade = 'SPO'
                        AND (hub.me()).team_code = (hub.case_holder(
                            hub.recommendation_crn(recommendation_id))).team_code
                    END
            ELSE login_role = session_user
        END);

CREATE POLICY audit_read ON hub.audit FOR SELECT TO officer_desk_app
    USING (crn IN (SELECT hub.visible_crns()));
CREATE POLICY audit_writer_add ON hub.audit FOR INSERT TO officer_desk_writer
    WITH CHECK (login_role = session_user);

GRANT SELECT ON hub.staff, hub.allocation, hub.records, hub.counter, hub.limits,
    hub.applied_op, hub.conflict, hub.quarantine, hub.recommendation,
    hub.recommendation_status TO officer_desk_writer;
GRANT INSERT, UPDATE, DELETE ON hub.allocation TO officer_desk_writer;
GRANT INSERT, UPDATE ON hub.records, hub.conflict, hub.quarantine, hub.recommendation
    TO officer_desk_writer;
GRANT UPDATE ON hub.counter TO officer_desk_writer;
GRANT INSERT ON hub.applied_op, hub.domain_event, hub.recommendation_status, hub.audit
    TO officer_desk_writer;

-- 5. Every change counted and audited, whatever its path. ------------------------------------
CREATE FUNCTION hub.tick() RETURNS bigint
    LANGUAGE sql VOLATILE SECURITY INVOKER SET search_path = pg_catalog, pg_temp
    AS $$ UPDATE hub.counter SET n = n + 1 RETURNING n $$;

CREATE FUNCTION hub.sha(value jsonb) RETURNS text
    LANGUAGE sql IMMUTABLE SECURITY INVOKER SET search_path = pg_catalog, pg_temp
    AS $$ SELECT pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to(value::text, 'UTF8')),
                                   'hex') $$;

CREATE FUNCTION hub.audit_row() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    before_row jsonb := CASE WHEN TG_OP <> 'INSERT' THEN pg_catalog.to_jsonb(OLD) END;
    after_row jsonb := CASE WHEN TG_OP <> 'DELETE' THEN pg_catalog.to_jsonb(NEW) END;
    whole jsonb := coalesce(after_row, before_row);
    tick bigint;
BEGIN
    IF TG_TABLE_NAME = 'records' THEN
        tick := (whole->>'changed')::bigint;  -- counted by the record's own stamp
    ELSE
        tick := hub.tick();
    END IF;
    INSERT INTO hub.audit (op_id, table_name, action, row_key, crn, tick, before_sha256,
                           after_sha256)
        VALUES (nullif(pg_catalog.current_setting('officer_desk.op_id', true), '')::uuid,
                TG_TABLE_NAME, TG_OP,
                CASE TG_TABLE_NAME
                    WHEN 'records' THEN (whole->>'record_type') || '/' || (whole->>'record_id')
                    WHEN 'staff' THEN whole->>'username'
                    WHEN 'applied_op' THEN whole->>'op_id'
                    ELSE coalesce(whole->>'id', TG_TABLE_NAME) END,
                CASE WHEN TG_TABLE_NAME = 'recommendation_status'
                     THEN hub.recommendation_crn((whole->>'recommendation_id')::bigint)
                     ELSE whole->>'crn' END,
                tick, hub.sha(before_row), hub.sha(after_row));
    RETURN NULL;
END
$$;

-- A record keeps its type, id and case; a change that changes nothing is not made; every change
-- bumps the version and takes the next tick of the counter.
CREATE FUNCTION hub.stamp_record() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF (NEW.record_type, NEW.record_id, NEW.crn)
           IS DISTINCT FROM (OLD.record_type, OLD.record_id, OLD.crn) THEN
            RAISE EXCEPTION 'a record keeps its type, its id and its case'
                USING ERRCODE = '55000';
        END IF;
        IF NEW.data IS NOT DISTINCT FROM OLD.data AND NEW.deleted = OLD.deleted THEN
            RETURN NULL;
        END IF;
        NEW.version := OLD.version + 1;
    ELSE
        NEW.version := 1;
    END IF;
    NEW.changed := hub.tick();
    RETURN NEW;
END
$$;

-- 6. What a Part A is made from, as the hub holds it, and its hash. ---------------------------
-- The laptop's content hash (what a signer read) is checked against each signature; the hub's
-- own hash of the same records is what binds a signature to content no laptop can alter.
CREATE FUNCTION hub.in_part_a(decision jsonb, decision_id text, r hub.records) RETURNS boolean
    LANGUAGE sql IMMUTABLE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$
        SELECT CASE
            WHEN r.record_type = 'person' THEN true
            WHEN r.record_type = 'event' THEN r.record_id = decision->>'event_id'
            -- The trail and issued documents are history about the case, not its content.
            WHEN r.record_type IN ('audit_entry', 'issued_document') THEN false
            WHEN r.data->>'event_id' IS DISTINCT FROM decision->>'event_id' THEN false
            WHEN r.record_type = 'enforcement' THEN r.record_id = decision_id
                OR coalesce(r.data->>'decided_at' < decision->>'decided_at', true)
            -- Anything else recorded on the licence is covered unless its own date (the field
            -- the laptop dates it by) is a well-formed date after the decision: a record with
            -- no date, an odd one, or of a kind the hub does not date, is covered.
            ELSE coalesce((SELECT CASE
                                WHEN t ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'
                                    THEN t <= left(decision->>'decided_at', 10)
                                WHEN t ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2})?$'
                                    THEN t <= decision->>'decided_at'
                                ELSE true END
                           FROM (SELECT CASE
                                    WHEN pg_catalog.jsonb_typeof(r.data->(CASE r.record_type
                                        WHEN 'appointment' THEN 'start' WHEN 'contact' THEN 'at'
                                        WHEN 'home_visit' THEN 'planned_at'
                                        WHEN 'warning' THEN 'date'
                                        WHEN 'assessment' THEN 'completed_on'
                                        WHEN 'sentence_plan' THEN 'completed_on'
                                        WHEN 'review' THEN 'completed_on'
                                        WHEN 'enquiry' THEN 'requested_on'
                                        WHEN 'significant_change' THEN 'on'
                                        WHEN 'oversight' THEN 'at' END)) = 'string'
                                    THEN r.data->>(CASE r.record_type
                                        WHEN 'appointment' THEN 'start' WHEN 'contact' THEN 'at'
                                        WHEN 'home_visit' THEN 'planned_at'
                                        WHEN 'warning' THEN 'date'
                                        WHEN 'assessment' THEN 'completed_on'
                                        WHEN 'sentence_plan' THEN 'completed_on'
                                        WHEN 'review' THEN 'completed_on'
                                        WHEN 'enquiry' THEN 'requested_on'
                                        WHEN 'significant_change' THEN 'on'
                                        WHEN 'oversight' THEN 'at' END)
                                 END AS t) dated), true)
        END
    $$;

CREATE FUNCTION hub.part_a_basis(decision_record text) RETURNS text
    LANGUAGE sql STABLE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$
        SELECT pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to(coalesce(
            pg_catalog.string_agg(r.record_type || '/' || r.record_id || '/' || r.deleted::text
                                  || '/' || CASE WHEN r.record_type = 'enforcement'
                                                  AND r.record_id = d.record_id
                                             THEN (r.data - 'submitted_at')::text
                                             ELSE r.data::text END,
                                  ',' ORDER BY r.record_type COLLATE "C",
                                  r.record_id COLLATE "C"), ''), 'UTF8')), 'hex')
        FROM hub.records d JOIN hub.records r ON r.crn = d.crn
        WHERE d.record_type = 'enforcement' AND d.record_id = decision_record
          AND hub.in_part_a(d.data, d.record_id, r)
        GROUP BY d.record_id
    $$;

-- A recall signed by both managers since it was last asked for, each on the content the hub
-- holds now: the only way to PPCS.
CREATE OR REPLACE FUNCTION hub.recall_signed(decision_record text) RETURNS boolean
    LANGUAGE sql STABLE SECURITY INVOKER AS $$
        SELECT coalesce((
            SELECT hub.recommendation_now(r.id) = 'RECALL_DECIDED'
               AND r.basis_sha256 IS NOT NULL
               AND r.basis_sha256 = hub.part_a_basis(r.decision_id)
               AND (SELECT pg_catalog.count(DISTINCT s.status) FROM hub.recommendation_status s
                    WHERE s.recommendation_id = r.id
                      AND s.status IN ('SPO_SIGNED', 'ACO_SIGNED')
                      AND s.content_sha256 = r.content_sha256
                      AND s.basis_sha256 = r.basis_sha256
                      AND s.id > (SELECT pg_catalog.max(q.id) FROM hub.recommendation_status q
                                  WHERE q.recommendation_id = r.id
                                    AND q.status = 'SPO_SIGNATURE_REQUESTED')) = 2
            FROM hub.recommendation r WHERE r.decision_id = decision_record), false)
    $$;

-- The decision a countersignature is about cannot change once asked for; a recall goes to PPCS
-- only signed as it stands. Checked on every path a record can take (create, update, resolve).
CREATE FUNCTION hub.guard_decision() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    rec hub.recommendation;
    sent_before boolean := TG_OP = 'UPDATE' AND OLD.data->>'decision' = 'recall'
                           AND OLD.data ? 'submitted_at' AND OLD.data->'submitted_at' <> 'null';
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.data ? 'submitted_at' AND OLD.data->'submitted_at' <> 'null'
       AND (NEW.data->'decision', NEW.data->'event_id', NEW.data->'decided_at', NEW.deleted)
           IS DISTINCT FROM (OLD.data->'decision', OLD.data->'event_id',
                             OLD.data->'decided_at', OLD.deleted) THEN
        RAISE EXCEPTION 'a decision already laid at court or sent to PPCS keeps what it was: '
                        'record a new decision' USING ERRCODE = '55000';
    END IF;
    SELECT * INTO rec FROM hub.recommendation WHERE decision_id = NEW.record_id;
    IF FOUND AND TG_OP = 'UPDATE' AND rec.basis_sha256 IS NOT NULL
       AND ((NEW.data - 'submitted_at') IS DISTINCT FROM (OLD.data - 'submitted_at')
            OR NEW.deleted <> OLD.deleted) THEN
        RAISE EXCEPTION 'the decision is awaiting countersignature or countersigned, and cannot '
                        'change: record a new decision' USING ERRCODE = '55000';
    END IF;
    IF NEW.data->>'decision' = 'recall' AND NEW.data ? 'submitted_at'
       AND NEW.data->'submitted_at' <> 'null'::jsonb AND NOT sent_before
       AND (TG_OP = 'INSERT' OR NOT hub.recall_signed(NEW.record_id)) THEN
        RAISE EXCEPTION 'a recall is sent to PPCS only once the SPO and the ACO have signed '
                        'the Part A as it stands' USING ERRCODE = '55000';
    END IF;
    RETURN NEW;
END
$$;

-- A change to what a signed Part A is made from voids its signatures (the officer asks again);
-- a decision arriving after it was asked for fixes what the signatures will bind.
CREATE FUNCTION hub.void_stale_signatures() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    rec hub.recommendation;
    now_status text;
    me hub.staff := hub.me();
BEGIN
    FOR rec IN SELECT * FROM hub.recommendation r WHERE r.crn = NEW.crn LOOP
        IF rec.basis_sha256 IS NULL THEN
            IF NEW.record_type = 'enforcement' AND NEW.record_id = rec.decision_id THEN
                UPDATE hub.recommendation SET basis_sha256 = hub.part_a_basis(rec.decision_id)
                    WHERE id = rec.id;
            END IF;
            CONTINUE;
        END IF;
        CONTINUE WHEN hub.part_a_basis(rec.decision_id) IS NOT DISTINCT FROM rec.basis_sha256;
        -- A recall already sent to PPCS went as it was signed; anything else stays bound.
        CONTINUE WHEN EXISTS (SELECT 1 FROM hub.records d WHERE d.record_type = 'enforcement'
                              AND d.record_id = rec.decision_id
                              AND d.data->>'decision' = 'recall'
                              AND d.data ? 'submitted_at' AND d.data->'submitted_at' <> 'null');
        now_status := hub.recommendation_now(rec.id);
        CONTINUE WHEN now_status IN ('SPO_SIGNATURE_REQUESTED', 'PO_RECALL_CONSULT_SPO');
        INSERT INTO hub.recommendation_status (recommendation_id, status, username, grade,
                                               content_sha256, basis_sha256, note)
            VALUES (rec.id, 'SPO_SIGNATURE_REQUESTED', coalesce(me.username, session_user),
                    coalesce(me.grade, 'ADMIN'), rec.content_sha256, rec.basis_sha256,
                    'Signatures voided: the Part A changed after it was signed ('
                    || NEW.record_type || ' ' || NEW.record_id || ')');
        INSERT INTO hub.domain_event (event_type, crn, description, additional)
            VALUES ('officer-desk.countersignature.voided', rec.crn,
                    'A countersignature was voided: the Part A changed after it was signed',
                    pg_catalog.jsonb_build_object('recommendation', rec.id,
                                                  'decisionId', rec.decision_id,
                                                  'changedRecord', NEW.record_type || '/'
                                                                   || NEW.record_id,
                                                  'changedBy', session_user));
    END LOOP;
    RETURN NULL;
END
$$;

CREATE TRIGGER stamp BEFORE INSERT OR UPDATE ON hub.records
    FOR EACH ROW EXECUTE FUNCTION hub.stamp_record();
CREATE TRIGGER decision_guard BEFORE INSERT OR UPDATE ON hub.records
    FOR EACH ROW WHEN (NEW.record_type = 'enforcement') EXECUTE FUNCTION hub.guard_decision();
CREATE TRIGGER signatures_bind AFTER INSERT OR UPDATE ON hub.records
    FOR EACH ROW EXECUTE FUNCTION hub.void_stale_signatures();

-- An allocation keeps its case and its officer (only its end date moves), but for the
-- administrator's own corrections.
CREATE FUNCTION hub.keep_allocation() RETURNS trigger
    LANGUAGE plpgsql SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NOT hub.is_admin() AND ((NEW.id, NEW.crn, NEW.staff_code, NEW.kind, NEW.from_date)
       IS DISTINCT FROM (OLD.id, OLD.crn, OLD.staff_code, OLD.kind, OLD.from_date)) THEN
        RAISE EXCEPTION 'an allocation keeps its case, its officer and its start'
            USING ERRCODE = '55000';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER allocation_kept BEFORE UPDATE ON hub.allocation
    FOR EACH ROW EXECUTE FUNCTION hub.keep_allocation();

CREATE OR REPLACE FUNCTION hub.keep_recommendation() RETURNS trigger
    LANGUAGE plpgsql SECURITY INVOKER AS $$
BEGIN
    IF (NEW.id, NEW.crn, NEW.event_id, NEW.decision_id, NEW.decision, NEW.needs_aco,
        NEW.requested_by, NEW.requested_at)
       IS DISTINCT FROM (OLD.id, OLD.crn, OLD.event_id, OLD.decision_id, OLD.decision,
                         OLD.needs_aco, OLD.requested_by, OLD.requested_at) THEN
        RAISE EXCEPTION 'only the content hashes of a recommendation change, with a new request'
            USING ERRCODE = '55000';
    END IF;
    RETURN NEW;
END
$$;

-- Every status names the content it was made on and follows the national order (as before),
-- and a signature names the hub's own hash of the content as it stands.
CREATE OR REPLACE FUNCTION hub.check_status() RETURNS trigger
    LANGUAGE plpgsql SECURITY INVOKER AS $$
DECLARE
    rec hub.recommendation;
    now_status text;
    in_order boolean;
BEGIN
    SELECT * INTO rec FROM hub.recommendation WHERE id = NEW.recommendation_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no recommendation % that you may see', NEW.recommendation_id
            USING ERRCODE = '42501';
    END IF;
    IF NEW.content_sha256 <> rec.content_sha256 THEN
        RAISE EXCEPTION 'stale: the Part A has changed since it was read (signed %, now %)',
            left(NEW.content_sha256, 12), left(rec.content_sha256, 12)
            USING ERRCODE = '40001', HINT = 'read the Part A as it stands and sign that';
    END IF;
    IF NEW.status IN ('SPO_RECORDED_RATIONALE', 'SPO_SIGNED', 'ACO_SIGNED')
       AND (rec.basis_sha256 IS NULL OR NEW.basis_sha256 IS DISTINCT FROM rec.basis_sha256
            OR rec.basis_sha256 IS DISTINCT FROM hub.part_a_basis(rec.decision_id)) THEN
        RAISE EXCEPTION 'stale: the Part A on the hub is not what was asked for'
            USING ERRCODE = '40001',
                  HINT = 'the officer syncs and asks for countersignature again';
    END IF;
    now_status := hub.recommendation_now(rec.id);
    in_order := CASE NEW.status
        WHEN 'SPO_SIGNATURE_REQUESTED' THEN true
        WHEN 'PO_RECALL_CONSULT_SPO' THEN now_status IS NULL
            OR now_status NOT IN ('RECALL_DECIDED', 'NO_RECALL_DECIDED')
        WHEN 'SPO_RECORDED_RATIONALE' THEN now_status IN ('SPO_SIGNATURE_REQUESTED',
                                                          'PO_RECALL_CONSULT_SPO')
        WHEN 'SPO_SIGNED' THEN now_status IN ('SPO_SIGNATURE_REQUESTED',
                                              'SPO_RECORDED_RATIONALE')
        WHEN 'ACO_SIGNATURE_REQUESTED' THEN now_status = 'SPO_SIGNED' AND rec.needs_aco
        WHEN 'ACO_SIGNED' THEN now_status = 'ACO_SIGNATURE_REQUESTED'
        WHEN 'RECALL_DECIDED' THEN rec.decision = 'recall'
            AND ((now_status = 'SPO_SIGNED' AND NOT rec.needs_aco) OR now_status = 'ACO_SIGNED')
        WHEN 'NO_RECALL_DECIDED' THEN rec.decision = 'no_recall'
            AND ((now_status = 'SPO_SIGNED' AND NOT rec.needs_aco) OR now_status = 'ACO_SIGNED')
        ELSE false
    END;
    IF NOT coalesce(in_order, false) THEN
        RAISE EXCEPTION 'out of order: % cannot follow %', NEW.status,
            coalesce(now_status, 'nothing') USING ERRCODE = '55000';
    END IF;
    RETURN NEW;
END
$$;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['staff', 'allocation', 'records', 'applied_op', 'conflict',
                             'domain_event', 'quarantine', 'recommendation',
                             'recommendation_status', 'limits'] LOOP
        EXECUTE pg_catalog.format('CREATE TRIGGER audited AFTER INSERT OR UPDATE OR DELETE ON '
                                  'hub.%I FOR EACH ROW EXECUTE FUNCTION hub.audit_row()', t);
    END LOOP;
END $$;

-- 7. The write API. ---------------------------------------------------------------------------
-- No one holds the team: an application session is ended when it holds or waits for a lock on
-- the hub's tables and sits idle inside its transaction, or has been in it longer than the hub
-- allows, or waits for a lock no laptop ever takes (one only table owners' changes need, which
-- would queue every reader behind it). Asked of the catalogs alone, so a lock queued on a hub
-- table cannot stall the asking.
CREATE FUNCTION hub.end_holders(hold integer) RETURNS integer
    LANGUAGE plpgsql VOLATILE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    pid integer;
    n integer := 0;
BEGIN
    -- Sessions' states are otherwise read once per transaction: a writer asking again while
    -- it waits must see them as they are now.
    PERFORM pg_catalog.pg_stat_clear_snapshot();
    FOR pid IN
        SELECT DISTINCT a.pid FROM pg_catalog.pg_locks l
        JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid
        JOIN pg_catalog.pg_class c ON c.oid = l.relation
        WHERE c.relnamespace = 'hub'::regnamespace
          AND a.pid <> pg_catalog.pg_backend_pid()
          AND pg_catalog.pg_has_role(a.usename, 'officer_desk_app', 'MEMBER')
          AND NOT pg_catalog.pg_has_role(a.usename, 'officer_desk_owner', 'MEMBER')
          AND ((a.state LIKE 'idle in transaction%'
                AND a.state_change < pg_catalog.clock_timestamp() - interval '5 seconds')
               -- A call that keeps the team's write lock while it runs on (a write takes
               -- well under a second a hundred changes).
               OR (c.relname = 'counter' AND l.granted AND a.state = 'active'
                   AND a.query_start < pg_catalog.clock_timestamp() - interval '20 seconds')
               OR a.xact_start < pg_catalog.clock_timestamp() - pg_catalog.make_interval(secs => hold)
               OR (NOT l.granted AND l.mode IN ('ShareUpdateExclusiveLock', 'ShareLock',
                                                'ShareRowExclusiveLock', 'ExclusiveLock',
                                                'AccessExclusiveLock')))
    LOOP
        PERFORM pg_catalog.pg_terminate_backend(pid);
        n := n + 1;
    END LOOP;
    RETURN n;
END
$$;

-- Before any write: sessions that hold the team are ended; the caller's own session keeps the
-- hub's time limits; then the counter is taken first, so every writer takes locks in one order.
-- A writer does not queue blindly for it: it asks again every quarter second, ending whoever
-- holds on meanwhile, for up to a minute.
CREATE FUNCTION hub.begin_write() RETURNS hub.staff
    LANGUAGE plpgsql VOLATILE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    me hub.staff;
    hold integer := 120;
    waited_until timestamptz := pg_catalog.clock_timestamp() + interval '60 seconds';
    caller_lock_timeout text := pg_catalog.current_setting('lock_timeout');
BEGIN
    -- The audit's op id is the hub's to set (per op, by the push), never the caller's.
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
        OR caller_lock_timeout::interval NOT BETWEEN interval '1 ms' AND interval '5 min') THEN
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

-- Is an op well formed (the reason when it is not)? Checked before anything is written.
CREATE FUNCTION hub.op_problem(op jsonb) RETURNS text
    LANGUAGE plpgsql IMMUTABLE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF pg_catalog.jsonb_typeof(op) IS DISTINCT FROM 'object' THEN
        RETURN 'a change is an object';
    ELSIF coalesce(op->>'op_id', '') !~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN
        RETURN 'a change needs its id (a UUID)';
    ELSIF coalesce(op->>'device_seq', '') !~ '^[0-9]{1,15}$' THEN
        RETURN 'a change needs its place in the laptop''s order';
    ELSIF coalesce(op->>'crn', '') !~ '^[A-Z][0-9]{6}$' THEN
        RETURN 'a CRN is one letter and six digits';
    ELSIF coalesce(op->>'record_type', '') !~ '^[a-z][a-z_]{1,39}$' THEN
        RETURN 'the kind of record is not one the hub knows';
    ELSIF coalesce(op->>'record_id', '') !~ '^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$' THEN
        RETURN 'a record id is up to 100 letters, digits, dots, dashes or colons';
    ELSIF coalesce(op->>'kind', '') NOT IN ('create', 'update', 'delete', 'status', 'resolve') THEN
        RETURN 'a change is a create, update, delete, status or resolve';
    ELSIF op ? 'base_version' AND op->'base_version' <> 'null'::jsonb
          AND coalesce(op->>'base_version', '') !~ '^[0-9]{1,9}$' THEN
        RETURN 'a base version is a whole number';
    ELSIF op ? 'changes' AND pg_catalog.jsonb_typeof(op->'changes') <> 'object' THEN
        RETURN 'the changes are an object of fields';
    ELSIF EXISTS (SELECT 1 FROM pg_catalog.jsonb_each(coalesce(op->'changes', '{}'::jsonb)) c
                  WHERE pg_catalog.jsonb_typeof(c.value) <> 'object' OR NOT c.value ? 'new'
                     OR c.key !~ '^[A-Za-z_][A-Za-z0-9_]{0,63}$') THEN
        RETURN 'each change names a field and its new value';
    ELSIF coalesce(op->'changes'->'type'->>'new', op->>'record_type') <> op->>'record_type'
          OR coalesce(op->'changes'->'id'->>'new', op->>'record_id') <> op->>'record_id'
          OR coalesce(op->'changes'->'crn'->>'new', op->>'crn') <> op->>'crn' THEN
        RETURN 'a change names its record''s kind, id and case as the record itself does';
    ELSIF pg_catalog.octet_length(op::text) > 16777216 THEN
        RETURN 'a change is at most 16 MB';
    END IF;
    RETURN NULL;
END
$$;

-- Apply one op as the session's user (called only by the API functions below).
CREATE OR REPLACE FUNCTION hub.apply_op(device text, op jsonb) RETURNS jsonb
    LANGUAGE plpgsql SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    stored hub.applied_op;
    last_seq bigint;
    current hub.records;
    known boolean;
    answer jsonb;
    op_uuid uuid := (op->>'op_id')::uuid;
BEGIN
    PERFORM pg_catalog.set_config('officer_desk.op_id', '', true);
    SELECT * INTO stored FROM hub.applied_op a WHERE a.op_id = op_uuid;
    IF FOUND THEN
        IF stored.login_role <> session_user THEN
            RETURN pg_catalog.jsonb_build_object('op_id', op->>'op_id', 'status', 'rejected',
                                                 'reason', 'this change''s id is already used');
        END IF;
        RETURN stored.answer || pg_catalog.jsonb_build_object('replayed', true);
    END IF;
    SELECT pg_catalog.max(a.device_seq) INTO last_seq FROM hub.applied_op a
        WHERE a.login_role = session_user AND a.device = apply_op.device;
    IF last_seq IS NOT NULL AND (op->>'device_seq')::bigint > last_seq + 1 THEN
        RETURN pg_catalog.jsonb_build_object(
            'op_id', op->>'op_id', 'status', 'held',
            'reason', 'an earlier change from this laptop has not arrived');
    END IF;
    -- A new op of the caller's own: the audit rows it causes carry its id.
    PERFORM pg_catalog.set_config('officer_desk.op_id', op_uuid::text, true);
    SELECT * INTO current FROM hub.records r
        WHERE r.record_type = op->>'record_type' AND r.record_id = op->>'record_id';
    known := FOUND;
    IF NOT hub.may_write(op->>'crn') THEN
        IF hub.held_before(op->>'crn') THEN
            INSERT INTO hub.quarantine (crn, op) VALUES (op->>'crn', op);
            answer := pg_catalog.jsonb_build_object(
                'op_id', op->>'op_id', 'status', 'quarantined',
                'reason', 'the case has moved to another officer: the change waits for them '
                          'to take or dismiss');
        ELSE
            answer := pg_catalog.jsonb_build_object('op_id', op->>'op_id', 'status', 'rejected',
                                                    'reason', 'the case is not allocated to you');
        END IF;
    ELSIF known AND current.crn <> op->>'crn' THEN
        -- The same answer as for a case not allocated to the caller: nothing about the other
        -- case is said.
        answer := pg_catalog.jsonb_build_object('op_id', op->>'op_id', 'status', 'rejected',
                                                'reason', 'the case is not allocated to you');
    ELSIF op->>'record_type' = 'enforcement' THEN
        BEGIN
            answer := hub.write_op(op, current);
        EXCEPTION WHEN object_not_in_prerequisite_state THEN
            answer := pg_catalog.jsonb_build_object('op_id', op->>'op_id', 'status', 'rejected',
                                                    'reason', SQLERRM);
        END;
    ELSE
        answer := hub.write_op(op, current);
    END IF;
    INSERT INTO hub.applied_op (op_id, device, device_seq, crn, answer)
        VALUES (op_uuid, apply_op.device, (op->>'device_seq')::bigint, op->>'crn', answer);
    RETURN answer;
END
$$;

-- The write itself: create, delete, or field by field against the version the change was made
-- on (three-way), conflicts kept for a person.
CREATE FUNCTION hub.write_op(op jsonb, current hub.records) RETURNS jsonb
    LANGUAGE plpgsql SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    field text;
    change jsonb;
    applied jsonb := '{}'::jsonb;
    conflicts integer := 0;
    new_data jsonb;
    new_version integer;
    base integer := (op->>'base_version')::integer;
BEGIN
    IF current.record_id IS NULL THEN
        IF op->>'kind' = 'delete' THEN
            RETURN pg_catalog.jsonb_build_object('op_id', op->>'op_id', 'status', 'applied',
                                                 'version', 0);
        END IF;
        FOR field, change IN SELECT * FROM pg_catalog.jsonb_each(coalesce(op->'changes', '{}'))
        LOOP
            applied := applied || pg_catalog.jsonb_build_object(field, change->'new');
        END LOOP;
        INSERT INTO hub.records (record_type, record_id, crn, data)
            VALUES (op->>'record_type', op->>'record_id', op->>'crn',
                    pg_catalog.jsonb_strip_nulls(applied))
            RETURNING hub.records.version INTO new_version;
        RETURN pg_catalog.jsonb_build_object('op_id', op->>'op_id', 'status', 'applied',
                                             'version', new_version);
    END IF;
    IF op->>'kind' = 'delete' THEN
        IF current.version = base THEN
            UPDATE hub.records r SET deleted = true
                WHERE r.record_type = current.record_type AND r.record_id = current.record_id
                RETURNING r.version INTO new_version;
            RETURN pg_catalog.jsonb_build_object('op_id', op->>'op_id', 'status', 'applied',
                                                 'version', coalesce(new_version,
                                                                     current.version));
        END IF;
        INSERT INTO hub.conflict (crn, record_type, record_id, field, mine, theirs, base, op_id)
            VALUES (current.crn, current.record_type, current.record_id, '*', 'null'::jsonb,
                    current.data, NULL, (op->>'op_id')::uuid);
        RETURN pg_catalog.jsonb_build_object('op_id', op->>'op_id', 'status', 'conflict',
                                             'version', current.version, 'conflicts', 1);
    END IF;
    FOR field, change IN SELECT * FROM pg_catalog.jsonb_each(coalesce(op->'changes', '{}')) LOOP
        -- A field the hub does not have counts as JSON null, as the laptop sends it.
        IF current.version = base
           OR coalesce(current.data->field, 'null'::jsonb) = coalesce(change->'old', 'null') THEN
            applied := applied || pg_catalog.jsonb_build_object(field, change->'new');
        ELSIF coalesce(current.data->field, 'null'::jsonb) = change->'new' THEN
            NULL;  -- already so: nothing to do
        ELSE
            INSERT INTO hub.conflict (crn, record_type, record_id, field, mine, theirs, base,
                                      op_id)
                VALUES (current.crn, current.record_type, current.record_id, field,
                        change->'new', coalesce(current.data->field, 'null'::jsonb),
                        change->'old', (op->>'op_id')::uuid);
            conflicts := conflicts + 1;
        END IF;
    END LOOP;
    IF current.deleted THEN
        INSERT INTO hub.conflict (crn, record_type, record_id, field, mine, theirs, base, op_id)
            VALUES (current.crn, current.record_type, current.record_id, '*',
                    coalesce(op->'changes', '{}'), 'null'::jsonb, NULL, (op->>'op_id')::uuid);
        conflicts := conflicts + 1;
        applied := '{}'::jsonb;
    END IF;
    new_version := current.version;
    new_data := pg_catalog.jsonb_strip_nulls(current.data || applied);
    IF new_data IS DISTINCT FROM current.data THEN
        UPDATE hub.records r SET data = new_data
            WHERE r.record_type = current.record_type AND r.record_id = current.record_id
            RETURNING r.version INTO new_version;
    END IF;
    RETURN pg_catalog.jsonb_build_object('op_id', op->>'op_id',
                                         'status', CASE WHEN conflicts > 0 THEN 'conflict'
                                                        ELSE 'applied' END,
                                         'version', new_version, 'conflicts', conflicts);
END
$$;

-- Push: the laptop's ops in its order, one answer each.
CREATE OR REPLACE FUNCTION hub.apply_ops(device text, ops jsonb) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    op jsonb;
    problem text;
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
    FOR op IN SELECT value FROM pg_catalog.jsonb_array_elements(ops) WITH ORDINALITY
              ORDER BY ordinality LOOP
        answers := answers || pg_catalog.jsonb_build_array(hub.apply_op(device, op));
    END LOOP;
    PERFORM pg_catalog.set_config('officer_desk.op_id', '', true);
    RETURN answers;
END
$$;

-- A person's decision on a conflict: keeping "mine" applies it as a new op of theirs.
CREATE FUNCTION hub.resolve_conflict(device text, conflict_id bigint, keep text, op jsonb)
    RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    c hub.conflict;
    answer jsonb;
BEGIN
    IF keep IS NULL OR keep NOT IN ('mine', 'theirs') THEN
        RAISE EXCEPTION 'keep mine or theirs' USING ERRCODE = '22023';
    END IF;
    IF coalesce(device, '') !~ '^[A-Za-z0-9._:-]{1,100}$' THEN
        RAISE EXCEPTION 'a laptop names itself in up to 100 letters, digits or dashes'
            USING ERRCODE = '22023';
    END IF;
    PERFORM hub.begin_write();
    SELECT * INTO c FROM hub.conflict WHERE id = conflict_id AND resolved_at IS NULL FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'there is no open conflict % on a case of yours', conflict_id
            USING ERRCODE = 'P0002';
    END IF;
    IF keep = 'mine' AND op IS NOT NULL THEN
        IF hub.op_problem(op) IS NOT NULL OR op->>'crn' <> c.crn
           OR op->>'record_type' <> c.record_type OR op->>'record_id' <> c.record_id THEN
            RAISE EXCEPTION 'the change keeping mine must be about the conflict''s record'
                USING ERRCODE = '22023';
        END IF;
        answer := hub.apply_op(device, op);
        IF answer->>'status' NOT IN ('applied', 'conflict') OR answer ? 'replayed' THEN
            RAISE EXCEPTION 'keeping mine was not applied (%): the conflict stays open',
                coalesce(answer->>'reason', answer->>'status') USING ERRCODE = '55000';
        END IF;
    END IF;
    UPDATE hub.conflict SET resolved_by = session_user, resolved_at = pg_catalog.now(),
                            kept = keep
        WHERE id = c.id;
    PERFORM pg_catalog.set_config('officer_desk.op_id', '', true);
    RETURN answer;
END
$$;

-- Take or dismiss a late change from an officer whose case moved on.
CREATE FUNCTION hub.decide_late_change(late_id bigint, decision text) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    n integer;
BEGIN
    IF decision IS NULL OR decision NOT IN ('taken', 'dismissed') THEN
        RAISE EXCEPTION 'a late change is taken or dismissed' USING ERRCODE = '22023';
    END IF;
    PERFORM hub.begin_write();
    UPDATE hub.quarantine q SET decided_by = session_user, decided_at = pg_catalog.now(),
                                decision = decide_late_change.decision
        WHERE q.id = late_id AND q.decided_at IS NULL AND hub.may_write(q.crn);
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END
$$;

-- Ask for countersignature of a decision's content (again, after a change: the same officer).
CREATE OR REPLACE FUNCTION hub.request_countersign(case_crn text, event text,
                                                   decision_record text, kind text, sha text)
    RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    me hub.staff;
    rec hub.recommendation;
    decided hub.records;
BEGIN
    IF coalesce(case_crn, '') !~ '^[A-Z][0-9]{6}$' OR coalesce(sha, '') !~ '^[0-9a-f]{64}$'
       OR kind IS NULL OR kind NOT IN ('recall', 'no_recall')
       OR coalesce(event, '') !~ '^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$'
       OR coalesce(decision_record, '') !~ '^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$' THEN
        RAISE EXCEPTION 'a request names a case, an event, a decision, its kind and its '
                        'content hash' USING ERRCODE = '22023';
    END IF;
    me := hub.begin_write();
    IF me IS NULL OR case_crn NOT IN (SELECT hub.visible_crns()) THEN
        RAISE EXCEPTION 'the case is not allocated to you' USING ERRCODE = '42501';
    END IF;
    SELECT * INTO decided FROM hub.records
        WHERE record_type = 'enforcement' AND record_id = decision_record;
    IF FOUND AND (decided.crn <> case_crn OR decided.data->>'event_id' IS DISTINCT FROM event
                  OR decided.data->>'decision' IS DISTINCT FROM kind) THEN
        RAISE EXCEPTION 'that decision is not a % decision on this licence', kind
            USING ERRCODE = '42501';
    END IF;
    IF FOUND AND decided.data ? 'submitted_at' THEN
        RAISE EXCEPTION 'that recall has already gone to PPCS' USING ERRCODE = '55000';
    END IF;
    SELECT * INTO rec FROM hub.recommendation WHERE decision_id = decision_record FOR UPDATE;
    IF FOUND THEN
        IF rec.requested_by <> session_user THEN
            RAISE EXCEPTION 'only the officer who asked for countersignature asks again'
                USING ERRCODE = '42501';
        END IF;
        IF rec.crn <> case_crn OR rec.event_id <> event OR rec.decision <> kind THEN
            RAISE EXCEPTION 'that decision was asked about on another case'
                USING ERRCODE = '42501';
        END IF;
        UPDATE hub.recommendation SET content_sha256 = sha,
                                      basis_sha256 = hub.part_a_basis(decision_record)
            WHERE id = rec.id;
    ELSE
        INSERT INTO hub.recommendation (crn, event_id, decision_id, decision, content_sha256,
                                        needs_aco, basis_sha256)
            VALUES (case_crn, event, decision_record, kind, sha, kind = 'recall',
                    hub.part_a_basis(decision_record))
            RETURNING * INTO rec;
    END IF;
    INSERT INTO hub.recommendation_status (recommendation_id, status, username, grade,
                                           content_sha256, basis_sha256)
        VALUES (rec.id, 'SPO_SIGNATURE_REQUESTED', me.username, me.grade, sha,
                hub.part_a_basis(decision_record));
    RETURN rec.id;
END
$$;

-- Countersign as the caller, on the content they read; the next step follows in the same
-- transaction (the ACO is asked, or the decision is made).
CREATE OR REPLACE FUNCTION hub.countersign(rec_id bigint, sha text, why text) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    rec hub.recommendation;
    me hub.staff;
    next_status text;
    basis text;
BEGIN
    IF coalesce(sha, '') !~ '^[0-9a-f]{64}$' THEN
        RAISE EXCEPTION 'a signature names the content hash it read' USING ERRCODE = '22023';
    END IF;
    IF why IS NULL OR pg_catalog.length(pg_catalog.btrim(why)) NOT BETWEEN 3 AND 4000 THEN
        RAISE EXCEPTION 'a rationale is a sentence or two (at most 4000 characters)'
            USING ERRCODE = '22023';
    END IF;
    me := hub.begin_write();
    IF me IS NULL OR me.grade NOT IN ('SPO', 'ACO') THEN
        RAISE EXCEPTION 'only an SPO or an ACO countersigns' USING ERRCODE = '42501';
    END IF;
    SELECT * INTO rec FROM hub.recommendation WHERE id = rec_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'there is no recommendation %', rec_id USING ERRCODE = 'P0002';
    END IF;
    basis := hub.part_a_basis(rec.decision_id);
    IF me.grade = 'SPO' THEN
        INSERT INTO hub.recommendation_status (recommendation_id, status, username, grade,
                                               content_sha256, basis_sha256, rationale)
            VALUES (rec_id, 'SPO_RECORDED_RATIONALE', me.username, me.grade, sha, basis, why),
                   (rec_id, 'SPO_SIGNED', me.username, me.grade, sha, basis, why);
        next_status := CASE WHEN rec.needs_aco THEN 'ACO_SIGNATURE_REQUESTED'
                            WHEN rec.decision = 'recall' THEN 'RECALL_DECIDED'
                            ELSE 'NO_RECALL_DECIDED' END;
    ELSE
        INSERT INTO hub.recommendation_status (recommendation_id, status, username, grade,
                                               content_sha256, basis_sha256, rationale)
            VALUES (rec_id, 'ACO_SIGNED', me.username, me.grade, sha, basis, why);
        next_status := CASE WHEN rec.decision = 'recall' THEN 'RECALL_DECIDED'
                            ELSE 'NO_RECALL_DECIDED' END;
    END IF;
    INSERT INTO hub.recommendation_status (recommendation_id, status, username, grade,
                                           content_sha256, basis_sha256)
        VALUES (rec_id, next_status, me.username, me.grade, sha, basis);
    RETURN next_status;
END
$$;

-- Move a case to another officer from today (an SPO or ACO over both, or the administrator),
-- with the domain event in the same transaction.
CREATE OR REPLACE FUNCTION hub.transfer(case_crn text, to_username text, why text) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    before hub.staff;
    after hub.staff;
BEGIN
    IF coalesce(case_crn, '') !~ '^[A-Z][0-9]{6}$' THEN
        RAISE EXCEPTION 'a CRN is one letter and six digits' USING ERRCODE = '22023';
    END IF;
    IF pg_catalog.length(coalesce(why, '')) > 2000 THEN
        RAISE EXCEPTION 'a reason is at most 2000 characters' USING ERRCODE = '22023';
    END IF;
    PERFORM hub.begin_write();
    before := hub.case_holder(case_crn);
    SELECT * INTO after FROM hub.staff WHERE username = to_username;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'there is no % on the hub', to_username USING ERRCODE = 'P0002';
    END IF;
    IF before.staff_code IS NULL OR NOT hub.may_manage(case_crn, before.staff_code)
       OR NOT hub.may_manage(case_crn, after.staff_code) THEN
        RAISE EXCEPTION 'only a manager over both officers moves this case'
            USING ERRCODE = '42501';
    END IF;
    IF before.staff_code = after.staff_code THEN
        RETURN before.username;
    END IF;
    INSERT INTO hub.allocation (crn, staff_code, from_date, reason, granted_by)
        VALUES (case_crn, after.staff_code, current_date, why, session_user);
    DELETE FROM hub.allocation WHERE crn = case_crn AND kind = 'holder'
        AND staff_code = before.staff_code AND from_date >= current_date;
    UPDATE hub.allocation SET to_date = current_date - 1
        WHERE crn = case_crn AND kind = 'holder' AND staff_code = before.staff_code
          AND to_date IS NULL AND from_date < current_date;
    INSERT INTO hub.domain_event (event_type, crn, description, additional)
        VALUES ('person.community.manager.transferred', case_crn,
                'The person''s community manager changed',
                pg_catalog.jsonb_build_object('fromStaffCode', before.staff_code,
                                              'toStaffCode', after.staff_code,
                                              'fromTeamCode', before.team_code,
                                              'toTeamCode', after.team_code,
                                              'reason', why));
    RETURN before.username;
END
$$;

-- Cover: a colleague sees and works an absent officer's caseload until an end date.
CREATE OR REPLACE FUNCTION hub.give_cover(absent_username text, cover_username text,
                                          until date, why text) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    absent hub.staff;
    cover hub.staff;
    n integer;
BEGIN
    IF until IS NULL OR until < current_date THEN
        RAISE EXCEPTION 'cover ends on or after today' USING ERRCODE = '22023';
    END IF;
    IF pg_catalog.length(coalesce(why, '')) > 2000 THEN
        RAISE EXCEPTION 'a reason is at most 2000 characters' USING ERRCODE = '22023';
    END IF;
    PERFORM hub.begin_write();
    SELECT * INTO absent FROM hub.staff WHERE username = absent_username;
    SELECT * INTO cover FROM hub.staff WHERE username = cover_username;
    IF absent IS NULL OR cover IS NULL THEN
        RAISE EXCEPTION 'both officers must be on the hub' USING ERRCODE = 'P0002';
    END IF;
    IF NOT hub.is_admin() AND NOT ((hub.me()).grade IN ('SPO', 'ACO')
                                   AND hub.oversees(absent) AND hub.oversees(cover)) THEN
        RAISE EXCEPTION 'only a manager over both officers gives cover'
            USING ERRCODE = '42501';
    END IF;
    INSERT INTO hub.allocation (crn, staff_code, from_date, to_date, reason, kind, granted_by)
        SELECT a.crn, cover.staff_code, current_date, until, why, 'cover', session_user
        FROM hub.allocation a
        WHERE a.staff_code = absent.staff_code AND a.kind = 'holder'
          AND a.from_date <= current_date AND (a.to_date IS NULL OR a.to_date >= current_date);
    GET DIAGNOSTICS n = ROW_COUNT;
    INSERT INTO hub.domain_event (event_type, crn, description, additional)
        SELECT 'officer-desk.cover.granted', a.crn, 'Cover given for an absent officer',
               pg_catalog.jsonb_build_object('absentStaffCode', absent.staff_code,
                                             'coverStaffCode', cover.staff_code,
                                             'until', until, 'reason', why)
        FROM hub.allocation a
        WHERE a.staff_code = cover.staff_code AND a.kind = 'cover' AND a.to_date = until
          AND a.from_date = current_date;
    RETURN n;
END
$$;

-- 8. Owners, pinned search paths, and who may call what. -------------------------------------
DO $$
DECLARE
    f regprocedure;
BEGIN
    FOR f IN SELECT p.oid::regprocedure FROM pg_catalog.pg_proc p
             WHERE p.pronamespace = 'hub'::regnamespace LOOP
        EXECUTE pg_catalog.format('ALTER FUNCTION %s SET search_path = pg_catalog, pg_temp', f);
        EXECUTE pg_catalog.format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f);
    END LOOP;
END $$;

-- A new owner needs CREATE on the schema (a superuser is not asked; a managed server's
-- administrator is): the writer holds it only while its functions are handed over.
GRANT CREATE ON SCHEMA hub TO officer_desk_writer;
ALTER FUNCTION hub.apply_ops(text, jsonb) OWNER TO officer_desk_writer;
ALTER FUNCTION hub.resolve_conflict(text, bigint, text, jsonb) OWNER TO officer_desk_writer;
ALTER FUNCTION hub.decide_late_change(bigint, text) OWNER TO officer_desk_writer;
ALTER FUNCTION hub.request_countersign(text, text, text, text, text) OWNER TO officer_desk_writer;
ALTER FUNCTION hub.countersign(bigint, text, text) OWNER TO officer_desk_writer;
ALTER FUNCTION hub.transfer(text, text, text) OWNER TO officer_desk_writer;
ALTER FUNCTION hub.give_cover(text, text, date, text) OWNER TO officer_desk_writer;
ALTER FUNCTION hub.audit_row() OWNER TO officer_desk_writer;
ALTER FUNCTION hub.stamp_record() OWNER TO officer_desk_writer;
ALTER FUNCTION hub.guard_decision() OWNER TO officer_desk_writer;
ALTER FUNCTION hub.void_stale_signatures() OWNER TO officer_desk_writer;
ALTER FUNCTION hub.tick() OWNER TO officer_desk_owner;
ALTER FUNCTION hub.sha(jsonb) OWNER TO officer_desk_owner;
ALTER FUNCTION hub.in_part_a(jsonb, text, hub.records) OWNER TO officer_desk_owner;
ALTER FUNCTION hub.part_a_basis(text) OWNER TO officer_desk_owner;
ALTER FUNCTION hub.begin_write() OWNER TO officer_desk_owner;
ALTER FUNCTION hub.end_holders(integer) OWNER TO officer_desk_owner;
ALTER FUNCTION hub.op_problem(jsonb) OWNER TO officer_desk_owner;
ALTER FUNCTION hub.write_op(jsonb, hub.records) OWNER TO officer_desk_owner;
ALTER FUNCTION hub.keep_allocation() OWNER TO officer_desk_owner;
ALTER FUNCTION hub.is_admin() OWNER TO officer_desk_owner;
ALTER FUNCTION hub.may_write(text) OWNER TO officer_desk_owner;
ALTER FUNCTION hub.may_manage(text, text) OWNER TO officer_desk_owner;
REVOKE CREATE ON SCHEMA hub FROM officer_desk_writer;

-- The application group: the readers' helpers its policies use, and the write API.
GRANT EXECUTE ON FUNCTION hub.me(), hub.oversees(hub.staff), hub.can_see(text),
    hub.visible_crns(), hub.case_hashes(), hub.case_holder(text), hub.held_before(text),
    hub.recommendation_crn(bigint), hub.recommendation_now(bigint), hub.recall_signed(text),
    hub.frozen(text), hub.part_a_basis(text), hub.in_part_a(jsonb, text, hub.records),
    hub.sha(jsonb), hub.is_admin(), hub.may_write(text), hub.may_manage(text, text)
    TO officer_desk_app;
GRANT EXECUTE ON FUNCTION hub.apply_ops(text, jsonb),
    hub.resolve_conflict(text, bigint, text, jsonb), hub.decide_late_change(bigint, text),
    hub.request_countersign(text, text, text, text, text), hub.countersign(bigint, text, text),
    hub.transfer(text, text, text), hub.give_cover(text, text, date, text)
    TO officer_desk_app;
-- The writer: everything its functions call.
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA hub TO officer_desk_writer;

-- Every login role keeps time limits a laptop's sync fits well inside (a new one gets them when
-- it is added); the write functions refuse a session that turned them off.
DO $$
DECLARE
    r name;
BEGIN
    FOR r IN SELECT m.rolname FROM pg_catalog.pg_roles m
             WHERE pg_catalog.pg_has_role(m.oid, 'officer_desk_app', 'MEMBER') AND m.rolcanlogin
               AND NOT m.rolsuper
               AND NOT pg_catalog.pg_has_role(m.oid, 'officer_desk_owner', 'MEMBER')
               -- this hub's own staff: another hub on the same server keeps its own
               AND m.rolname IN (SELECT s.login_role FROM hub.staff s) LOOP
        EXECUTE pg_catalog.format('ALTER ROLE %I SET statement_timeout = ''2min''', r);
        EXECUTE pg_catalog.format('ALTER ROLE %I SET lock_timeout = ''30s''', r);
        EXECUTE pg_catalog.format('ALTER ROLE %I SET idle_in_transaction_session_timeout = ''60s''', r);
        EXECUTE pg_catalog.format('ALTER ROLE %I SET idle_session_timeout = ''10min''', r);
        EXECUTE pg_catalog.format('ALTER ROLE %I CONNECTION LIMIT 10', r);
    END LOOP;
END $$;

-- Recommendations asked for before this version bind what the hub holds now.
UPDATE hub.recommendation r SET basis_sha256 = hub.part_a_basis(r.decision_id)
    WHERE r.basis_sha256 IS NULL;
