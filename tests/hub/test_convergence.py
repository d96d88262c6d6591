"""Randomised: three laptops edit offline, sync in any order, lose replies; all converge.

Hypothesis draws the edits (which laptop, which field, what value), the sync order and which
pushes lose their reply. At the end every laptop holds what the hub holds, no op was applied
twice, no change was lost (each one applied, or kept in a conflict for a person), and no op is
left unanswered.
"""

from __future__ import annotations

import uuid

import psycopg
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from db import caseload_file
from db.hub import protocol
from db.hub import sync as engine
from officer_desk import services
from tests.helpers.fakes import FAST_KDF
from tests.hub.conftest import PASSWORD

USERS = ("alice", "sam", "aco")  # all three may see X111111
FIELDS = ("summary", "mode")
VALUES = {"summary": ["Phoned", "Met at the hub", "Home visit: not in", "Left a message"],
          "mode": ["telephone", "office", "video", "home_visit"]}

step = st.one_of(
    st.tuples(st.just("edit"), st.integers(0, 2), st.integers(0, 2), st.sampled_from(FIELDS),
              st.integers(0, 3)),
    st.tuples(st.just("sync"), st.integers(0, 2)),
    st.tuples(st.just("lost_reply"), st.integers(0, 2)),
)


def _sync(opened) -> None:
    conn = engine.connect(opened.store, opened.key)
    try:
        engine.sync(opened.store, conn)
    finally:
        conn.close()


def _lose_reply(opened) -> None:
    """Push, then forget the answers, as if the reply never came."""
    conn = engine.connect(opened.store, opened.key)
    try:
        out = engine.prepare(opened.store, protocol.visible_cases(conn))
        if out.ops:
            protocol.push(conn, out.device, out.ops)
    finally:
        conn.close()


@settings(max_examples=20, deadline=None, suppress_health_check=[
    HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(steps=st.lists(step, min_size=4, max_size=18))
def test_three_laptops_converge_with_nothing_lost_or_doubled(hub, tmp_path_factory,
                                                             steps) -> None:
    run = uuid.uuid4().hex[:8]
    root = tmp_path_factory.mktemp(f"run-{run}")
    laptops = []
    for user in USERS:
        opened, _ = caseload_file.create(root / user, "laptop passphrase for convergence",
                                         cost=FAST_KDF, recovery_cost=FAST_KDF)
        engine.link(opened.store, opened.key, hub.dsn(), user, PASSWORD)
        laptops.append(opened)
    try:
        first = laptops[0]
        _sync(first)
        event = f"ev-{run}"
        contacts = [f"c-{run}-{n}" for n in range(3)]
        lines = ['{"type": "header", "format": "officer-desk-exchange", "schema_version": 1}',
                 f'{{"type": "event", "id": "{event}", "crn": "X111111", '
                 '"kind": "community_order"}']
        lines += [f'{{"type": "contact", "id": "{c}", "event_id": "{event}", '
                  f'"at": "2026-11-2{n}T10:00", "mode": "telephone", "summary": "Phoned"}}'
                  for n, c in enumerate(contacts)]
        services.import_lines(first.store, lines, "test")
        for opened in laptops:
            _sync(opened)
        for action, who, *rest in steps:
            opened = laptops[who]
            if action == "edit":
                contact, field, value = rest
                record = opened.store.record("contact", contacts[contact])
                if record is not None:
                    opened.store.save([dict(record, **{field: VALUES[field][value]})])
            elif action == "sync":
                _sync(opened)
            else:
                _lose_reply(opened)
        for _ in range(2):  # everyone syncs, twice: what one sent, the others then receive
            for opened in laptops:
                _sync(opened)

        with psycopg.connect(hub.owner_dsn()) as conn:
            held = {rid: data for rid, data in conn.execute(
                "SELECT record_id, data FROM hub.records WHERE record_id = ANY(%s)",
                [contacts])}
            answered = conn.execute(
                "SELECT count(*), count(DISTINCT op_id) FROM hub.applied_op a "
                "WHERE a.device = ANY(%s)",
                [[o.store.setting(engine.LINK)["device"] for o in laptops]]).fetchone()
        assert answered[0] == answered[1]  # no op applied twice
        for opened in laptops:
            assert engine.pending(opened.store) == []  # none left unanswered
            unanswered = opened.store.db.execute(
                "SELECT count(*) FROM outbox WHERE answer IS NULL").fetchone()[0]
            assert unanswered == 0
            for rid in contacts:
                mine = opened.store.record("contact", rid)
                theirs = dict(held[rid])
                assert {k: mine.get(k) for k in FIELDS} == {k: theirs.get(k) for k in FIELDS}, \
                    (rid, mine, theirs)
    finally:
        for opened in laptops:
            opened.lock()
