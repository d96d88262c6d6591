"""How each cost grows with the caseload: officer scale, team scale and four times a team.

The same density of records per person at 60, 800 and 3,200 people (bench/data.py's team
density: about 260 records each), so a cost that grows faster than the number of people is
the code's, not the data's. Each figure's growth is given as an exponent between two sizes,
log(t2 / t1) / log(n2 / n1): about 1 is linear, 0 is flat (opening one case should not depend
on how many others there are), 2 is quadratic. Between team scale and four times it, an
exponent above 1.25 fails: a quadratic step somewhere.
"""

from __future__ import annotations

import math
import os
import shutil
import statistics
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.data import caseload_records
from db import caseload_file
from db.connection import open_database
from db.store import RecordStore
from officer_desk.aspire import stage_statuses
from officer_desk.due import due_items
from officer_desk.exchange import HEADER, dump_line, sort_records
from officer_desk.policy import load_policy
from officer_desk.services import import_lines
from officer_desk.timeline import timeline

SIZES = (60, 800, 3200)
MOST_GROWTH = 1.25  # between team scale and four times it


def _lines(people: int, today: date) -> list[str]:
    records = sort_records(caseload_records("team", today, people=people))
    return [dump_line(HEADER)] + [dump_line(r) for r in records]


def _median(fn: Callable[[], float], runs: int) -> float:
    return statistics.median(fn() for _ in range(runs))


def measure(work: Path, today: date, passphrase: str,
            cold_start: Callable[[Path, datetime], dict[str, Any]],
            quiet: Callable[[], None]) -> dict[str, dict[int, float]]:
    """Each figure at each size, in seconds."""
    policy = load_policy()
    figures: dict[str, dict[int, float]] = {
        "import (whole command)": {},
        "due across the caseload (open + load + rules, as the command)": {},
        "unlock to a populated window, first of the morning": {},
        "unlock to a populated window, nothing kept": {},
        "open the busiest case with its timeline": {}}
    horizon = datetime.combine(today + timedelta(days=2), datetime.min.time())
    for people in SIZES:
        lines = _lines(people, today)
        root = work / f"growth-{people}"
        shutil.rmtree(root, ignore_errors=True)
        opened, _ = caseload_file.create(root, passphrase)
        quiet()
        start = time.perf_counter()
        import_lines(opened.store, lines, "bench")
        opened.store.index_for_search()
        figures["import (whole command)"][people] = time.perf_counter() - start
        del lines
        store = opened.store

        key, path = bytes(opened.key), opened.paths.database

        def due(key=key, path=path) -> float:
            # As `officer-desk due` runs it: a connection of its own, so nothing the last
            # run decrypted is still in SQLite's page cache (64 MiB holds a team's overview
            # pages but not four teams', which would make the warm figures a cache's cliff).
            start = time.perf_counter()
            db = open_database(path, key)
            try:
                due_items(RecordStore(db, "bench").overview(until=horizon), today, policy,
                          extended=True)
            finally:
                db.conn.close()
            return time.perf_counter() - start

        due()
        figures["due across the caseload (open + load + rules, as the command)"][people] = _median(due, 5)
        busiest = [crn for crn, _ in store.db.execute(
            "SELECT crn, count(*) AS n FROM records GROUP BY crn ORDER BY n DESC LIMIT 5")]

        def open_case(crn: str, store=store) -> float:
            start = time.perf_counter()
            case = store.case(crn)
            for ef in case.events_of(crn):
                timeline(ef)
                stage_statuses(ef, today, policy)
            return time.perf_counter() - start

        figures["open the busiest case with its timeline"][people] = statistics.median(
            open_case(crn) for crn in busiest)
        opened.lock()
        at = datetime.combine(today, datetime.min.time()).replace(hour=8)
        figures["unlock to a populated window, nothing kept"][people] = cold_start(
            root, at)["seconds"]
        mornings = [cold_start(root, at + timedelta(days=n))["seconds"] for n in (1, 2, 3)]
        figures["unlock to a populated window, first of the morning"][people] = (
            statistics.median(mornings))
        shutil.rmtree(root, ignore_errors=True)
        if hasattr(os, "sync"):
            os.sync()
    return figures


def growth(values: dict[int, float], small: int, large: int) -> float:
    """The exponent of growth between two sizes (1: linear)."""
    if values[small] <= 0 or values[large] <= 0:
        return 0.0
    return math.log(values[large] / values[small]) / math.log(large / small)
