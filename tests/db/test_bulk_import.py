"""The pipelined import: stored while checked, committed only when the whole file passes."""

from __future__ import annotations

import json

import pytest

from officer_desk.errors import ValidationError
from officer_desk.exchange import check_file
from officer_desk.services import import_lines
from tests.helpers.records import HEADER, appt, event, person


def _lines(records):
    return [json.dumps(HEADER)] + [json.dumps(r) for r in records]


def test_any_line_order_and_small_chunks(opened, monkeypatch) -> None:
    import officer_desk.exchange as exchange

    original = exchange.check_file
    monkeypatch.setattr("officer_desk.services.check_file",
                        lambda lines, known, on_chunk: original(lines, known, on_chunk, 2))
    records = [appt(f"a{n}", f"2026-11-{n + 1:02d}T10:00") for n in range(7)]
    records += [event(), person()]  # the event and person come last in the file
    result = import_lines(opened.store, _lines(records), "t")
    assert result.added == 9
    case = opened.store.case("X123456")
    assert len(case.events["e1"].appointments) == 7  # every row found its CRN


def test_a_late_problem_rolls_back_chunks_already_stored(opened, monkeypatch) -> None:
    original = check_file
    monkeypatch.setattr("officer_desk.services.check_file",
                        lambda lines, known, on_chunk: original(lines, known, on_chunk, 2))
    good = [person(), event()] + [appt(f"a{n}", f"2026-11-{n + 1:02d}T10:00") for n in range(6)]
    bad = good + [appt("a-bad", "2026-11-31T10:00")]
    with pytest.raises(ValidationError) as info:
        import_lines(opened.store, _lines(bad), "t")
    assert "line 10" in info.value.problems[0]
    assert opened.store.count() == {}
    assert import_lines(opened.store, _lines(good), "t").added == 8


def test_reimport_into_a_filled_caseload_counts_changes(opened) -> None:
    records = [person(), event(), appt("a1", "2026-11-02T10:00")]
    import_lines(opened.store, _lines(records), "t")
    records[2] = appt("a1", "2026-11-02T10:00", outcome="attended")
    result = import_lines(opened.store, _lines(records), "t")
    assert (result.added, result.changed, result.unchanged) == (0, 1, 2)


class _CommitFails:
    """The caseload's connection, except that COMMIT fails as it does on a full disk."""

    def __init__(self, conn) -> None:
        self._conn = conn

    def execute(self, sql, *args):
        if sql.strip().upper() == "COMMIT":
            import sqlcipher3

            raise sqlcipher3.dbapi2.OperationalError("database or disk is full")
        return self._conn.execute(sql, *args)

    def __getattr__(self, name):
        return getattr(self._conn, name)


def test_a_failed_commit_ends_the_import_with_a_message(opened) -> None:
    import threading

    from officer_desk.errors import DiskFullError

    real = opened.store.db.conn
    opened.store.db.conn = _CommitFails(real)
    outcome: list[BaseException] = []

    def run() -> None:
        try:
            import_lines(opened.store, _lines([person(), event()]), "t")
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            outcome.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(timeout=20)
    opened.store.db.conn = real
    assert not worker.is_alive(), "the import hung after COMMIT failed"
    assert len(outcome) == 1 and isinstance(outcome[0], DiskFullError)
    assert opened.store.count() == {}
    import_lines(opened.store, _lines([person(), event()]), "t")  # and the next one works
    assert opened.store.count() == {"person": 1, "event": 1}


def _journal(opened) -> str:
    return opened.store.db.execute("PRAGMA journal_mode").fetchone()[0]


def test_a_first_load_goes_back_to_the_write_ahead_log(opened) -> None:
    import_lines(opened.store, _lines([person(), event()]), "t")
    assert _journal(opened) == "wal"
    # and a later import into the filled caseload keeps the log throughout
    import_lines(opened.store, _lines([appt("a1", "2026-11-02T10:00")]), "t")
    assert _journal(opened) == "wal"
    assert opened.store.count() == {"person": 1, "event": 1, "appointment": 1}


def test_a_first_load_beside_another_open_connection_stays_in_the_log(opened) -> None:
    from db.connection import open_database

    other = open_database(opened.paths.database, opened.key)  # a background backup, say
    try:
        assert other.execute("SELECT count(*) FROM records").fetchone()[0] == 0
        import_lines(opened.store, _lines([person(), event()]), "t")
        assert _journal(opened) == "wal"
        assert other.execute("SELECT count(*) FROM records").fetchone()[0] == 2
    finally:
        other.conn.close()


def test_a_refused_first_load_leaves_the_log_on_and_nothing_stored(opened) -> None:
    with pytest.raises(ValidationError):
        import_lines(opened.store, _lines([person(), event(), appt("a1", "2026-11-31T10:00")]),
                     "t")
    assert _journal(opened) == "wal"
    assert opened.store.count() == {}


def _indexes(opened) -> dict[str, str]:
    return dict(opened.db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                                  "AND tbl_name = 'records' AND sql IS NOT NULL").fetchall())


def test_a_first_load_makes_its_indexes_again_and_a_refused_one_keeps_them(opened) -> None:
    """The indexes by person and by event are made at the end of a first load: they are all
    there afterwards and the planner uses them; a refused load leaves them exactly as before."""
    before = _indexes(opened)
    assert {"records_crn", "records_event_at"} <= set(before)
    records = [person(), event()] + [appt(f"a{n}", f"2026-11-{n + 1:02d}T10:00")
                                     for n in range(5)]
    with pytest.raises(ValidationError):
        import_lines(opened.store, _lines(records + [appt("a9", "2026-11-20T10:00",
                                                          event_id="missing")]), "t")
    assert _indexes(opened) == before
    import_lines(opened.store, _lines(records), "t")
    assert _indexes(opened) == before
    plan = " ".join(str(r) for r in opened.db.execute(
        "EXPLAIN QUERY PLAN SELECT data FROM records WHERE crn = ?", ["X123456"]))
    assert "records_crn" in plan
    assert opened.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert len(opened.store.case("X123456").events["e1"].appointments) == 5
