"""The hub's team work: countersigned recalls, transfers with a quarantine, cover, the outbox.

Every rule here is PostgreSQL's to enforce, so a modified laptop gains nothing:

- A recall recommendation carries the SHA-256 of its Part A content; every status row names the
  hash it was made on, and a row naming any other hash is refused (a stale signature).
  Only an SPO of the case's team may add ``SPO_SIGNED`` (or record an SPO's rationale), only an
  ACO of the case's provider ``ACO_SIGNED``; no one countersigns their own request. Statuses
  follow one another in the national order; a recall always needs both signatures (the Part A's
  line-manager and senior-manager endorsements), a decision not to recall the SPO's.
- While a signature is awaited the decision is frozen, and a recall decision becomes submitted
  only once it is countersigned: an op that tries is answered "rejected", and the records
  table's own trigger refuses it from any other path.
- A change that arrives from an officer after their case moved on is not lost and not applied:
  it waits in a quarantine for the new officer and the SPO to take or dismiss.
- An SPO (or ACO) may move a case within the staff they oversee, or give a colleague cover
  with an end date; each move is written to the hub's outbox as an HMPPS domain event.
"""

from __future__ import annotations

from db.hub.roles import APP, OWNER

STATUSES = ("PO_RECALL_CONSULT_SPO", "SPO_SIGNATURE_REQUESTED", "SPO_RECORDED_RATIONALE",
            "SPO_SIGNED", "ACO_SIGNATURE_REQUESTED", "ACO_SIGNED", "RECALL_DECIDED",
            "NO_RECALL_DECIDED")
_STATUS_LIST = ", ".join(f"'{s}'" for s in STATUSES)

MIGRATION_6 = f"""
-- Cover: an allocation of its own kind, with an end date; who granted each allocation.
ALTER TABLE hub.allocation ADD COLUMN kind text NOT NULL DEFAULT 'holder'
    CHECK (kind IN ('holder', 'cover'));
ALTER TABLE hub.allocation ADD COLUMN granted_by text;
ALTER TABLE hub.allocation ADD CONSTRAINT cover_ends CHECK (kind = 'holder' OR to_date IS NOT NULL);

-- The staff member holding a case today (not a colleague covering it).
CREATE FUNCTION hub.case_holder(case_crn text) RETURNS hub.staff
    LANGUAGE sql STABLE SECURITY INVOKER AS $$
        SELECT s FROM hub.allocation a JOIN hub.staff s ON s.staff_code = a.staff_code
        WHERE a.crn = case_crn AND a.kind = 'holder' AND a.from_date <= current_date
          AND (a.to_date IS NULL OR a.to_date >= current_date)
        ORDER BY a.from_date DESC LIMIT 1
    $$;

-- The caller held (or covered) this case once: an allocation of theirs, or work of theirs the
-- hub applied to it (a case moved on the day it was given has no past allocation left).
CREATE FUNCTION hub.held_before(case_crn text) RETURNS boolean
    LANGUAGE sql STABLE SECURITY INVOKER AS $$
        SELECT EXISTS (SELECT 1 FROM hub.allocation a
                       WHERE a.crn = case_crn AND a.staff_code = (hub.me()).staff_code
                         AND a.from_date <= current_date)
            OR EXISTS (SELECT 1 FROM hub.applied_op o
                       WHERE o.login_role = session_user AND o.crn = case_crn
                         AND o.answer->>'status' IN ('applied', 'conflict'))
    $$;

-- A manager moves work among the staff they oversee (insert the new allocation, then close
-- the old: the case never goes unseen between the two).
CREATE POLICY allocation_manage ON hub.allocation FOR INSERT TO {APP}
    WITH CHECK ((hub.me()).grade IN ('SPO', 'ACO') AND granted_by = session_user
                AND crn IN (SELECT hub.visible_crns())
                AND EXISTS (SELECT 1 FROM hub.staff s WHERE s.staff_code = allocation.staff_code
                            AND hub.oversees(s)));
CREATE POLICY allocation_close ON hub.allocation FOR UPDATE TO {APP}
    USING ((hub.me()).grade IN ('SPO', 'ACO')
           AND EXISTS (SELECT 1 FROM hub.staff s WHERE s.staff_code = allocation.staff_code
                       AND hub.oversees(s)))
    WITH CHECK ((hub.me()).grade IN ('SPO', 'ACO')
                AND EXISTS (SELECT 1 FROM hub.staff s WHERE s.staff_code = allocation.staff_code
                            AND hub.oversees(s)));
CREATE POLICY allocation_undo ON hub.allocation FOR DELETE TO {APP}
    USING ((hub.me()).grade IN ('SPO', 'ACO') AND from_date >= current_date
           AND EXISTS (SELECT 1 FROM hub.staff s WHERE s.staff_code = allocation.staff_code
                       AND hub.oversees(s)));
GRANT INSERT, UPDATE, DELETE ON hub.allocation TO {APP};

-- What leaves the hub for the central system: HMPPS domain-event envelopes.
CREATE TABLE hub.domain_event (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_type text NOT NULL,
    version integer NOT NULL DEFAULT 1,
    occurred_at timestamptz NOT NULL DEFAULT now(),
    crn text NOT NULL,
    description text NOT NULL,
    additional jsonb NOT NULL DEFAULT '{{}}'::jsonb,
    raised_by text NOT NULL DEFAULT session_user,
    published_at timestamptz
);
ALTER TABLE hub.domain_event OWNER TO {OWNER};
ALTER TABLE hub.domain_event ENABLE ROW LEVEL SECURITY;
ALTER TABLE hub.domain_event FORCE ROW LEVEL SECURITY;
CREATE POLICY domain_event_read ON hub.domain_event FOR SELECT TO {APP}
    USING ((hub.me()).grade IN ('SPO', 'ACO') AND crn IN (SELECT hub.visible_crns()));
CREATE POLICY domain_event_raise ON hub.domain_event FOR INSERT TO {APP}
    WITH CHECK ((hub.me()).grade IN ('SPO', 'ACO') AND raised_by = session_user);
GRANT SELECT, INSERT ON hub.domain_event TO {APP};

-- Move a case to another officer from today, as the caller (an SPO or ACO: row-level security
-- decides), with the domain event in the same transaction.
CREATE FUNCTION hub.transfer(case_crn text, to_username text, why text) RETURNS text
    LANGUAGE plpgsql SECURITY INVOKER AS $$
DECLARE
    before hub.staff := hub.case_holder(case_crn);
    after hub.staff;
BEGIN
    SELECT * INTO after FROM hub.staff WHERE username = to_username;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'there is no % on the hub', to_username USING ERRCODE = 'P0002';
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
                jsonb_build_object('fromStaffCode', before.staff_code,
                                   'toStaffCode', after.staff_code,
                                   'fromTeamCode', before.team_code,
                                   'toTeamCode', after.team_code,
                                   'reason', why));
    RETURN before.username;
END
$$;

-- Cover: a colleague sees and works an absent officer's caseload until an end date.
CREATE FUNCTION hub.give_cover(absent_username text, cover_username text, until date,
                               why text) RETURNS integer
    LANGUAGE plpgsql SECURITY INVOKER AS $$
DECLARE
    absent hub.staff;
    cover hub.staff;
    n integer;
BEGIN
    SELECT * INTO absent FROM hub.staff WHERE username = absent_username;
    SELECT * INTO cover FROM hub.staff WHERE username = cover_username;
    IF absent IS NULL OR cover IS NULL THEN
        RAISE EXCEPTION 'both officers must be on the hub' USING ERRCODE = 'P0002';
    END IF;
    IF until < current_date THEN
        RAISE EXCEPTION 'cover ends on or after today' USING ERRCODE = '22023';
    END IF;
    INSERT INTO hub.allocation (crn, staff_code, from_date, to_date, reason, kind, granted_by)
        SELECT a.crn, cover.staff_code, current_date, until, why, 'cover', session_user
        FROM hub.allocation a
        WHERE a.staff_code = absent.staff_code AND a.kind = 'holder'
          AND a.from_date <= current_date AND (a.to_date IS NULL OR a.to_date >= current_date);
    GET DIAGNOSTICS n = ROW_COUNT;
    INSERT INTO hub.domain_event (event_type, crn, description, additional)
        SELECT 'officer-desk.cover.granted', a.crn, 'Cover given for an absent officer',
               jsonb_build_object('absentStaffCode', absent.staff_code,
                                  'coverStaffCode', cover.staff_code,
                                  'until', until, 'reason', why)
        FROM hub.allocation a
        WHERE a.staff_code = cover.staff_code AND a.kind = 'cover' AND a.to_date = until
          AND a.from_date = current_date;
    RETURN n;
END
$$;

-- Changes that came from an officer after their case moved on: kept for the new officer.
CREATE TABLE hub.quarantine (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    crn text NOT NULL,
    op jsonb NOT NULL,
    from_role text NOT NULL DEFAULT session_user,
    arrived_at timestamptz NOT NULL DEFAULT now(),
    decided_by text,
    decided_at timestamptz,
    decision text CHECK (decision IN ('taken', 'dismissed'))
);
ALTER TABLE hub.quarantine OWNER TO {OWNER};
ALTER TABLE hub.quarantine ENABLE ROW LEVEL SECURITY;
ALTER TABLE hub.quarantine FORCE ROW LEVEL SECURITY;
CREATE POLICY quarantine_read ON hub.quarantine FOR SELECT TO {APP}
    USING (crn IN (SELECT hub.visible_crns()) OR from_role = session_user);
CREATE POLICY quarantine_hold ON hub.quarantine FOR INSERT TO {APP}
    WITH CHECK (from_role = session_user AND hub.held_before(crn));
CREATE POLICY quarantine_decide ON hub.quarantine FOR UPDATE TO {APP}
    USING (crn IN (SELECT hub.visible_crns()))
    WITH CHECK (crn IN (SELECT hub.visible_crns()) AND decided_by = session_user);
GRANT SELECT, INSERT, UPDATE ON hub.quarantine TO {APP};

-- Countersigned recommendations.
CREATE TABLE hub.recommendation (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    crn text NOT NULL CHECK (crn ~ '^[A-Z][0-9]{{6}}$'),
    event_id text NOT NULL,
    decision_id text NOT NULL UNIQUE,
    decision text NOT NULL CHECK (decision IN ('recall', 'no_recall')),
    content_sha256 text NOT NULL CHECK (content_sha256 ~ '^[0-9a-f]{{64}}$'),
    needs_aco boolean NOT NULL,
    requested_by text NOT NULL DEFAULT session_user,
    requested_at timestamptz NOT NULL DEFAULT now(),
    -- The Part A's senior-manager endorsement: every recall is signed by an ACO too.
    CHECK (decision <> 'recall' OR needs_aco)
);
CREATE TABLE hub.recommendation_status (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    recommendation_id bigint NOT NULL REFERENCES hub.recommendation (id),
    status text NOT NULL CHECK (status IN ({_STATUS_LIST})),
    username text NOT NULL,
    grade text NOT NULL,
    login_role text NOT NULL DEFAULT session_user,
    at timestamptz NOT NULL DEFAULT now(),
    content_sha256 text NOT NULL,
    rationale text,
    CHECK (status NOT IN ('SPO_RECORDED_RATIONALE', 'SPO_SIGNED', 'ACO_SIGNED')
           OR length(btrim(coalesce(rationale, ''))) >= 3)
);
CREATE INDEX recommendation_status_of ON hub.recommendation_status (recommendation_id, id);
ALTER TABLE hub.recommendation OWNER TO {OWNER};
ALTER TABLE hub.recommendation_status OWNER TO {OWNER};
ALTER TABLE hub.recommendation ENABLE ROW LEVEL SECURITY;
ALTER TABLE hub.recommendation FORCE ROW LEVEL SECURITY;
ALTER TABLE hub.recommendation_status ENABLE ROW LEVEL SECURITY;
ALTER TABLE hub.recommendation_status FORCE ROW LEVEL SECURITY;

CREATE POLICY recommendation_read ON hub.recommendation FOR SELECT TO {APP}
    USING (crn IN (SELECT hub.visible_crns()));
CREATE POLICY recommendation_request ON hub.recommendation FOR INSERT TO {APP}
    WITH CHECK (crn IN (SELECT hub.visible_crns()) AND requested_by = session_user);
CREATE POLICY recommendation_rerequest ON hub.recommendation FOR UPDATE TO {APP}
    USING (crn IN (SELECT hub.visible_crns()))
    WITH CHECK (crn IN (SELECT hub.visible_crns()));

CREATE FUNCTION hub.recommendation_crn(rec bigint) RETURNS text
    LANGUAGE sql STABLE SECURITY INVOKER AS $$
        SELECT r.crn FROM hub.recommendation r WHERE r.id = rec
    $$;

CREATE POLICY status_read ON hub.recommendation_status FOR SELECT TO {APP}
    USING (hub.recommendation_crn(recommendation_id) IN (SELECT hub.visible_crns()));
-- Who may add which status: the signer is who they say they are, with their own grade; an SPO
-- signs for their own team's cases, an ACO for their provider's; no one signs their own request.
CREATE POLICY status_add ON hub.recommendation_status FOR INSERT TO {APP}
    WITH CHECK (
        login_role = session_user
        AND username = (hub.me()).username AND grade = (hub.me()).grade
        AND hub.recommendation_crn(recommendation_id) IN (SELECT hub.visible_crns())
        AND CASE
            WHEN status IN ('SPO_RECORDED_RATIONALE', 'SPO_SIGNED') THEN
                (hub.me()).grade = 'SPO'
                AND (hub.me()).team_code
                    = (hub.case_holder(hub.recommendation_crn(recommendation_id))).team_code
                AND NOT EXISTS (SELECT 1 FROM hub.recommendation r
                                WHERE r.id = recommendation_id AND r.requested_by = session_user)
            WHEN status = 'ACO_SIGNED' THEN
                (hub.me()).grade = 'ACO'
                AND (hub.me()).provider_code
                    = (hub.case_holder(hub.recommendation_crn(recommendation_id))).provider_code
                AND NOT EXISTS (SELECT 1 FROM hub.recommendation r
                                WHERE r.id = recommendation_id AND r.requested_by = session_user)
            ELSE true
        END);
GRANT SELECT, INSERT, UPDATE ON hub.recommendation TO {APP};
GRANT SELECT, INSERT ON hub.recommendation_status TO {APP};

-- The status now: the latest row.
CREATE FUNCTION hub.recommendation_now(rec bigint) RETURNS text
    LANGUAGE sql STABLE SECURITY INVOKER AS $$
        SELECT s.status FROM hub.recommendation_status s WHERE s.recommendation_id = rec
        ORDER BY s.id DESC LIMIT 1
    $$;

-- Every status names the content it was made on, and follows the one before in the national
-- order; a signature on content that has since changed is refused.
CREATE FUNCTION hub.check_status() RETURNS trigger
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
CREATE TRIGGER status_in_order BEFORE INSERT ON hub.recommendation_status
    FOR EACH ROW EXECUTE FUNCTION hub.check_status();

-- Ask for countersignature (again, after a change): the content as it stands now.
CREATE FUNCTION hub.request_countersign(case_crn text, event text, decision_record text,
                                        kind text, sha text) RETURNS bigint
    LANGUAGE plpgsql SECURITY INVOKER AS $$
DECLARE
    rec_id bigint;
BEGIN
    INSERT INTO hub.recommendation (crn, event_id, decision_id, decision, content_sha256,
                                    needs_aco)
        VALUES (case_crn, event, decision_record, kind, sha, kind = 'recall')
        ON CONFLICT (decision_id) DO UPDATE SET content_sha256 = excluded.content_sha256
        RETURNING id INTO rec_id;
    INSERT INTO hub.recommendation_status (recommendation_id, status, username, grade,
                                           content_sha256)
        VALUES (rec_id, 'SPO_SIGNATURE_REQUESTED', (hub.me()).username, (hub.me()).grade, sha);
    RETURN rec_id;
END
$$;

-- Countersign as the caller, on the content they read; the next step follows in the same
-- transaction (the ACO is asked, or the decision is made).
CREATE FUNCTION hub.countersign(rec_id bigint, sha text, why text) RETURNS text
    LANGUAGE plpgsql SECURITY INVOKER AS $$
DECLARE
    rec hub.recommendation;
    me hub.staff := hub.me();
    next_status text;
BEGIN
    SELECT * INTO rec FROM hub.recommendation WHERE id = rec_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'there is no recommendation %', rec_id USING ERRCODE = 'P0002';
    END IF;
    IF me.grade IS NULL OR me.grade NOT IN ('SPO', 'ACO') THEN
        RAISE EXCEPTION 'only an SPO or an ACO countersigns' USING ERRCODE = '42501';
    END IF;
    IF me.grade = 'SPO' THEN
        INSERT INTO hub.recommendation_status (recommendation_id, status, username, grade,
                                               content_sha256, rationale)
            VALUES (rec_id, 'SPO_RECORDED_RATIONALE', me.username, me.grade, sha, why),
                   (rec_id, 'SPO_SIGNED', me.username, me.grade, sha, why);
        next_status := CASE WHEN rec.needs_aco THEN 'ACO_SIGNATURE_REQUESTED'
                            WHEN rec.decision = 'recall' THEN 'RECALL_DECIDED'
                            ELSE 'NO_RECALL_DECIDED' END;
    ELSE
        INSERT INTO hub.recommendation_status (recommendation_id, status, username, grade,
                                               content_sha256, rationale)
            VALUES (rec_id, 'ACO_SIGNED', me.username, me.grade, sha, why);
        next_status := CASE WHEN rec.decision = 'recall' THEN 'RECALL_DECIDED'
                            ELSE 'NO_RECALL_DECIDED' END;
    END IF;
    INSERT INTO hub.recommendation_status (recommendation_id, status, username, grade,
                                           content_sha256)
        VALUES (rec_id, next_status, me.username, me.grade, sha);
    RETURN next_status;
END
$$;

-- A recall decided with every signature it needs, on the content as it stands.
CREATE FUNCTION hub.recall_signed(decision_record text) RETURNS boolean
    LANGUAGE sql STABLE SECURITY INVOKER AS $$
        SELECT coalesce((SELECT s.status = 'RECALL_DECIDED'
                                AND s.content_sha256 = r.content_sha256
                         FROM hub.recommendation_status s WHERE s.recommendation_id = r.id
                         ORDER BY s.id DESC LIMIT 1), false)
        FROM hub.recommendation r WHERE r.decision_id = decision_record
    $$;

-- A recommendation keeps what it is about; only its content hash moves, with a new request.
CREATE FUNCTION hub.keep_recommendation() RETURNS trigger
    LANGUAGE plpgsql SECURITY INVOKER AS $$
BEGIN
    IF (NEW.id, NEW.crn, NEW.event_id, NEW.decision_id, NEW.decision, NEW.needs_aco,
        NEW.requested_by, NEW.requested_at)
       IS DISTINCT FROM (OLD.id, OLD.crn, OLD.event_id, OLD.decision_id, OLD.decision,
                         OLD.needs_aco, OLD.requested_by, OLD.requested_at) THEN
        RAISE EXCEPTION 'only the content hash of a recommendation changes, with a new request'
            USING ERRCODE = '55000';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER recommendation_kept BEFORE UPDATE ON hub.recommendation
    FOR EACH ROW EXECUTE FUNCTION hub.keep_recommendation();

-- Awaiting a signature: the decision it names may not change.
CREATE FUNCTION hub.frozen(decision_record text) RETURNS boolean
    LANGUAGE sql STABLE SECURITY INVOKER AS $$
        SELECT coalesce(hub.recommendation_now(r.id) NOT IN ('RECALL_DECIDED',
                                                            'NO_RECALL_DECIDED'), false)
        FROM hub.recommendation r WHERE r.decision_id = decision_record
    $$;

-- The records' own guard, whatever path a change takes.
CREATE FUNCTION hub.guard_decision() RETURNS trigger
    LANGUAGE plpgsql SECURITY INVOKER AS $$
BEGIN
    IF coalesce(hub.frozen(NEW.record_id), false)
       AND (NEW.data - 'submitted_at') IS DISTINCT FROM (OLD.data - 'submitted_at') THEN
        RAISE EXCEPTION 'frozen: the decision is awaiting countersignature'
            USING ERRCODE = '55000';
    END IF;
    IF NEW.data->>'decision' = 'recall' AND NEW.data ? 'submitted_at'
       AND NOT (OLD.data ? 'submitted_at')
       AND NOT coalesce(hub.recall_signed(NEW.record_id), false) THEN
        RAISE EXCEPTION 'a recall is sent to PPCS only once the SPO and the ACO have signed'
            USING ERRCODE = '55000';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER decision_guard BEFORE UPDATE ON hub.records
    FOR EACH ROW WHEN (NEW.record_type = 'enforcement') EXECUTE FUNCTION hub.guard_decision();

-- Screen an op before it is applied: null to go on, or the answer (recorded like any other).
CREATE FUNCTION hub.screen_op(device text, op jsonb) RETURNS jsonb
    LANGUAGE plpgsql SECURITY INVOKER AS $$
DECLARE
    last_seq bigint;
    answer jsonb;
    current jsonb;
    changes jsonb := coalesce(op->'changes', '{{}}'::jsonb);
BEGIN
    IF EXISTS (SELECT 1 FROM hub.applied_op a WHERE a.op_id = (op->>'op_id')::uuid) THEN
        RETURN NULL;  -- a replay: the stored answer
    END IF;
    SELECT max(a.device_seq) INTO last_seq FROM hub.applied_op a
        WHERE a.login_role = session_user AND a.device = screen_op.device;
    IF last_seq IS NOT NULL AND (op->>'device_seq')::bigint > last_seq + 1 THEN
        RETURN NULL;  -- held
    END IF;
    IF NOT hub.can_see(op->>'crn') AND hub.held_before(op->>'crn') THEN
        INSERT INTO hub.quarantine (crn, op) VALUES (op->>'crn', op);
        answer := jsonb_build_object('op_id', op->>'op_id', 'status', 'quarantined',
                                     'reason', 'the case has moved to another officer: the '
                                               'change waits for them to take or dismiss');
    ELSIF op->>'record_type' = 'enforcement' THEN
        SELECT r.data INTO current FROM hub.records r
            WHERE r.record_type = 'enforcement' AND r.record_id = op->>'record_id';
        IF coalesce(hub.frozen(op->>'record_id'), false)
           AND EXISTS (SELECT 1 FROM jsonb_object_keys(changes) k WHERE k <> 'submitted_at') THEN
            answer := jsonb_build_object('op_id', op->>'op_id', 'status', 'rejected',
                                         'reason', 'the decision is awaiting countersignature '
                                                   'and cannot change');
        ELSIF changes ? 'submitted_at' AND changes->'submitted_at'->'new' <> 'null'::jsonb
              AND current IS NOT NULL AND NOT (current ? 'submitted_at')
              AND coalesce(changes->'decision'->>'new', current->>'decision') = 'recall'
              AND NOT coalesce(hub.recall_signed(op->>'record_id'), false) THEN
            answer := jsonb_build_object('op_id', op->>'op_id', 'status', 'rejected',
                                         'reason', 'a recall is sent to PPCS only once the SPO '
                                                   'and the ACO have signed');
        END IF;
    END IF;
    IF answer IS NOT NULL THEN
        INSERT INTO hub.applied_op (op_id, device, device_seq, crn, answer)
            VALUES ((op->>'op_id')::uuid, screen_op.device, (op->>'device_seq')::bigint,
                    op->>'crn', answer);
    END IF;
    RETURN answer;
END
$$;

CREATE OR REPLACE FUNCTION hub.apply_ops(device text, ops jsonb) RETURNS jsonb
    LANGUAGE plpgsql SECURITY INVOKER AS $$
DECLARE
    op jsonb;
    answer jsonb;
    answers jsonb := '[]'::jsonb;
BEGIN
    FOR op IN SELECT value FROM jsonb_array_elements(ops) WITH ORDINALITY ORDER BY ordinality
    LOOP
        answer := hub.screen_op(device, op);
        IF answer IS NULL THEN
            answer := hub.apply_op(device, op);
        END IF;
        answers := answers || jsonb_build_array(answer);
    END LOOP;
    RETURN answers;
END
$$;

ALTER FUNCTION hub.case_holder(text) OWNER TO {OWNER};
ALTER FUNCTION hub.held_before(text) OWNER TO {OWNER};
ALTER FUNCTION hub.transfer(text, text, text) OWNER TO {OWNER};
ALTER FUNCTION hub.give_cover(text, text, date, text) OWNER TO {OWNER};
ALTER FUNCTION hub.recommendation_crn(bigint) OWNER TO {OWNER};
ALTER FUNCTION hub.recommendation_now(bigint) OWNER TO {OWNER};
ALTER FUNCTION hub.check_status() OWNER TO {OWNER};
ALTER FUNCTION hub.request_countersign(text, text, text, text, text) OWNER TO {OWNER};
ALTER FUNCTION hub.countersign(bigint, text, text) OWNER TO {OWNER};
ALTER FUNCTION hub.recall_signed(text) OWNER TO {OWNER};
ALTER FUNCTION hub.keep_recommendation() OWNER TO {OWNER};
ALTER FUNCTION hub.frozen(text) OWNER TO {OWNER};
ALTER FUNCTION hub.guard_decision() OWNER TO {OWNER};
ALTER FUNCTION hub.screen_op(text, jsonb) OWNER TO {OWNER};
GRANT EXECUTE ON FUNCTION hub.case_holder(text), hub.held_before(text),
    hub.transfer(text, text, text), hub.give_cover(text, text, date, text),
    hub.recommendation_crn(bigint), hub.recommendation_now(bigint),
    hub.request_countersign(text, text, text, text, text), hub.countersign(bigint, text, text),
    hub.recall_signed(text), hub.frozen(text), hub.screen_op(text, jsonb) TO {APP};
"""
