"""The hub protocol against a real PostgreSQL: exactly once, field-level merge, commit order."""

from __future__ import annotations

import threading
import time
import uuid

import psycopg

from db.hub.protocol import counter, open_conflicts, pull, push
from tests.hub.conftest import signed_in

SEQ: dict[str, int] = {}


def op(device: str, kind: str, rid: str, changes: dict, base: int, crn: str = "X111111",
       rtype: str = "contact") -> dict:
    SEQ[device] = SEQ.get(device, 0) + 1
    return {"op_id": str(uuid.uuid4()), "device_seq": SEQ[device], "record_type": rtype,
            "record_id": rid, "crn": crn, "kind": kind, "base_version": base,
            "changes": {k: {"old": o, "new": n} for k, (o, n) in changes.items()},
            "actor": "test", "client_time": "1999-01-01T00:00"}


def _record(conn, rid: str) -> tuple[dict, int]:
    row = conn.execute("SELECT data, version FROM hub.records WHERE record_type = 'contact' "
                       "AND record_id = %s", [rid]).fetchone()
    conn.commit()
    return row


def test_a_replayed_op_is_answered_again_and_applied_once(hub) -> None:
    device = f"laptop-{uuid.uuid4()}"
    create = op(device, "create", "c-once", {"summary": (None, "Phoned"), "mode": (None, "telephone")}, 0)
    with signed_in(hub, "alice") as alice:
        [first] = push(alice, device, [create])
        [again] = push(alice, device, [create])  # the reply was lost: the laptop sends it again
        assert first["status"] == "applied" and again["status"] == "applied"
        assert again["replayed"] is True
        data, version = _record(alice, "c-once")
        assert version == 1 and data["summary"] == "Phoned"
        count = alice.execute("SELECT count(*) FROM hub.applied_op WHERE op_id = %s",
                              [create["op_id"]]).fetchone()[0]
        assert count == 1


def test_same_field_offline_edits_become_one_conflict_and_nothing_is_overwritten(hub) -> None:
    a, s = f"alice-{uuid.uuid4()}", f"sam-{uuid.uuid4()}"
    with signed_in(hub, "alice") as alice, signed_in(hub, "sam") as sam:
        push(alice, a, [op(a, "create", "c-same", {"summary": (None, "Met at hub")}, 0)])
        # Both edit version 1 offline; the SPO's arrives first.
        push(sam, s, [op(s, "update", "c-same", {"summary": ("Met at hub", "Met at the hub; "
                                                             "housing discussed")}, 1)])
        [answer] = push(alice, a, [op(a, "update", "c-same",
                                      {"summary": ("Met at hub", "Met at hub, late")}, 1)])
        assert answer["status"] == "conflict" and answer["conflicts"] == 1
        data, version = _record(alice, "c-same")
        assert data["summary"] == "Met at the hub; housing discussed" and version == 2
        [conflict] = [c for c in open_conflicts(alice) if c.record_id == "c-same"]
        assert (conflict.field, conflict.mine, conflict.theirs, conflict.base) == (
            "summary", "Met at hub, late", "Met at the hub; housing discussed", "Met at hub")
        assert any(c.record_id == "c-same" for c in open_conflicts(sam))  # both see it


def test_different_fields_merge_and_clocks_do_not_matter(hub) -> None:
    a, s = f"alice-{uuid.uuid4()}", f"sam-{uuid.uuid4()}"
    with signed_in(hub, "alice") as alice, signed_in(hub, "sam") as sam:
        push(alice, a, [op(a, "create", "c-merge", {"summary": (None, "First"),
                                                      "mode": (None, "office")}, 0)])
        late = op(s, "update", "c-merge", {"mode": ("office", "telephone")}, 1)
        late["client_time"] = "2031-01-01T00:00"  # a laptop clock years ahead changes nothing
        push(sam, s, [late])
        [answer] = push(alice, a, [op(a, "update", "c-merge", {"summary": ("First", "Second")},
                                      1)])
        assert answer["status"] == "applied"
        data, version = _record(alice, "c-merge")
        assert data == {"summary": "Second", "mode": "telephone"} and version == 3


def test_an_edit_against_a_delete_is_a_conflict(hub) -> None:
    a, b = f"alice-{uuid.uuid4()}", f"alice2-{uuid.uuid4()}"
    with signed_in(hub, "alice") as alice:
        push(alice, a, [op(a, "create", "c-del", {"summary": (None, "To go")}, 0)])
        push(alice, a, [op(a, "delete", "c-del", {}, 1)])
        [answer] = push(alice, b, [op(b, "update", "c-del", {"summary": ("To go", "Kept")}, 1)])
        assert answer["status"] == "conflict"
        assert any(c.record_id == "c-del" and c.field == "*" for c in open_conflicts(alice))


def test_an_op_for_another_officers_case_is_rejected_by_the_hub(hub) -> None:
    a = f"alice-{uuid.uuid4()}"
    with signed_in(hub, "alice") as alice:
        [answer] = push(alice, a, [op(a, "create", "c-bob", {"summary": (None, "x")}, 0,
                                      crn="Y222222")])
        assert answer["status"] == "rejected" and "not allocated" in answer["reason"]


def test_a_gap_in_a_laptops_ops_is_held(hub) -> None:
    a = f"alice-{uuid.uuid4()}"
    with signed_in(hub, "alice") as alice:
        push(alice, a, [op(a, "create", "c-gap1", {"summary": (None, "1")}, 0)])
        SEQ[a] += 5  # ops 2-6 lost on the way
        [answer] = push(alice, a, [op(a, "create", "c-gap2", {"summary": (None, "7")}, 0)])
        assert answer["status"] == "held"


def test_pushes_committing_out_of_order_are_all_pulled(hub) -> None:
    """A slow push that took its counter first commits last; the cursor never passes it."""
    a, s = f"alice-{uuid.uuid4()}", f"sam-{uuid.uuid4()}"
    with signed_in(hub, "bob") as reader:
        start = counter(reader)
    slow = signed_in(hub, "alice")
    slow.execute("BEGIN")
    slow.execute("SELECT hub.apply_ops(%s, %s)", [a, psycopg.types.json.Jsonb(
        [op(a, "create", "c-slow", {"summary": (None, "slow")}, 0)])])
    done = threading.Event()

    def fast_push() -> None:
        with signed_in(hub, "sam") as sam:
            push(sam, s, [op(s, "create", "c-fast", {"summary": (None, "fast")}, 0)])
        done.set()

    worker = threading.Thread(target=fast_push)
    worker.start()
    time.sleep(1.0)  # (a sleep, not a timed wait: the suite also runs with its clock moved)
    assert not done.is_set()  # the counter's row lock makes the later push wait its turn
    with signed_in(hub, "aco") as aco:
        seen, cursor = pull(aco, start)
        assert "c-fast" not in {c.record_id for c in seen}
        slow.commit()
        slow.close()
        worker.join(10)
        more, cursor = pull(aco, cursor)
        assert {"c-slow", "c-fast"} <= {c.record_id for c in seen + more}
