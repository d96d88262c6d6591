"""``python -m bench``: every performance figure with its target, as a table and as JSON.

Each figure is the median of several runs on a synthetic caseload (bench/data.py). Where a
baseline exists (encryption overhead), it is measured in the same run and reported as a ratio.
Results go to bench/results.json as [{"metric", "value", "unit", "target", "pass"}].
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import keyring
from keyring.backends import fail

from bench.data import caseload_records
from bench.encryption import encryption_overhead
from db import caseload_file, keystore
from db.connection import open_database
from forms.render import render_pack
from officer_desk.aspire import stage_statuses
from officer_desk.due import due_items
from officer_desk.exchange import HEADER, check_for_export, dump_line, sort_records
from officer_desk.packs import build_pack_inputs, pack_gaps
from officer_desk.policy import load_policy
from officer_desk.services import import_lines
from officer_desk.timeline import timeline

TODAY = date(2026, 11, 24)
PASSPHRASE = "benchmark passphrase for officer desk"
RESULTS = Path(__file__).with_name("results.json")


def median_time(fn: Callable[[], Any], runs: int) -> float:
    """Median wall time of ``runs`` calls, in seconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


class Report:
    """Collects figures and prints them as they come."""

    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []
        print(f"{'metric':58} {'value':>10} {'unit':5} {'target':>8}  result")

    def add(self, metric: str, value: float, unit: str, target: float | None,
            lower_is_better: bool = True) -> None:
        ok = None if target is None else (value <= target if lower_is_better else value >= target)
        self.rows.append({"metric": metric, "value": round(value, 4), "unit": unit,
                          "target": target, "pass": ok})
        verdict = "-" if ok is None else ("pass" if ok else "FAIL")
        shown_target = "" if target is None else f"{target:g}"
        print(f"{metric:58} {value:10.3f} {unit:5} {shown_target:>8}  {verdict}", flush=True)


def main() -> int:
    keyring.set_keyring(fail.Keyring())  # no OS keychain involved in the figures
    policy = load_policy()
    report = Report()
    work = Path(tempfile.mkdtemp(prefix="officer-desk-bench-"))
    records = sort_records(caseload_records("team", TODAY))
    lines = [dump_line(HEADER)] + [dump_line(r) for r in records]
    print(f"# team scale: {len(records)} records, "
          f"{sum(len(x) for x in lines) / 1e6:.0f} MB of JSON", flush=True)
    del records  # the command line holds only the file's lines while it imports

    # 7b. Import at team scale (fresh caseload each run).
    roots: list[Path] = []

    def import_once() -> None:
        root = work / f"import-{len(roots)}"
        opened, _ = caseload_file.create(root, PASSPHRASE)
        start = time.perf_counter()
        import_lines(opened.store, lines, "bench")
        middle = time.perf_counter()
        opened.store.index_for_search()
        timings.append(middle - start)
        indexing.append(time.perf_counter() - middle)
        opened.lock()
        roots.append(root)

    timings: list[float] = []
    indexing: list[float] = []
    for _ in range(3):
        import_once()
    report.add("import, team scale (check whole file + store, committed)",
               statistics.median(timings), "s", 5.0)
    report.add("search indexing after the import (own transaction)",
               statistics.median(indexing), "s", None)
    root = roots[0]

    # 1. Unlock: the KDF alone, then KDF + open + first query.
    keyfile = keystore.KeyFile.read(root / "keys.json")
    wrap = keyfile.passphrase_wrap
    import base64
    import hashlib

    salt = base64.b64decode(wrap["salt"])
    kdf = median_time(lambda: hashlib.scrypt(PASSPHRASE.encode(), salt=salt, n=wrap["kdf"]["n"],
                                             r=wrap["kdf"]["r"], p=wrap["kdf"]["p"], dklen=32,
                                             maxmem=256 * 1024 * 1024), 5)
    report.add(f"unlock: scrypt KDF alone (N=2^{wrap['kdf']['n'].bit_length() - 1}, r=8, p=1)",
               kdf, "s", None)

    def unlock() -> None:
        key = keystore.unlock(keyfile, PASSPHRASE)
        db = open_database(root / "caseload.db", key)
        db.execute("SELECT count(*) FROM records").fetchone()
        db.conn.close()

    report.add("unlock: KDF + open + first query", median_time(unlock, 5), "s", 1.0)

    opened = caseload_file.unlock(root, PASSPHRASE)
    store = opened.store

    # 4. due across the caseload.
    overview = store.overview()
    load = median_time(store.overview, 3)
    rules = median_time(lambda: due_items(overview, TODAY, policy, extended=True), 5)
    report.add("due across the caseload: rules over the loaded caseload", rules, "s", 0.2)
    report.add("due across the caseload: loading the overview from disk", load, "s", None)

    # 3. Open the busiest case with its full timeline: five different busiest people, each
    # opened once, so the figure includes reading their pages rather than a warm cache.
    busiest = [crn for crn, _ in store.db.execute(
        "SELECT crn, count(*) AS n FROM records GROUP BY crn ORDER BY n DESC LIMIT 5")]
    opened_times = []
    for crn in busiest:
        start = time.perf_counter()
        case = store.case(crn)
        entries = 0
        for ef in case.events_of(crn):
            entries += len(timeline(ef))
            stage_statuses(ef, TODAY, policy)
        opened_times.append(time.perf_counter() - start)
        assert entries > 200, entries
    report.add("open the busiest case with its full timeline (cold)",
               statistics.median(opened_times), "s", 0.1)

    # 5. Full-text search over notes.
    store.index_for_search()
    report.add("full-text search over notes (FTS5)",
               median_time(lambda: store.search("tenancy curfew"), 10), "s", 0.05)

    # 6. The largest breach pack.
    candidates = [ef for ef in overview.events.values() if ef.event.kind.is_order
                  and any(e.decision.value == "breach" for e in ef.enforcements)]
    # The largest pack a court could be sent: complete ones first (grounds, answers...).
    complete = [ef for ef in candidates if not pack_gaps(
        "breach", store.case(ef.event.crn), ef.event.id, policy, on=TODAY,
        officer="Bench Officer")]
    event = max(complete or candidates, key=lambda ef: len(store.case(ef.event.crn).events[
        ef.event.id].appointments)).event
    case = store.case(event.crn)

    def pack() -> int:
        inputs = build_pack_inputs("breach", case, event.id, policy, on=TODAY,
                                   officer="Bench Officer", check=bool(complete))
        return len(render_pack(inputs))

    report.add("build the largest breach pack", median_time(pack, 3), "s", 1.0)

    # 7a. Full export at team scale.
    out = work / "export.jsonl"

    def export() -> None:
        rows = store.export_rows()
        problems = check_for_export([r for r, _ in rows])
        assert not problems, problems[:3]
        with out.open("w", encoding="utf-8") as fh:
            fh.write(dump_line(HEADER) + "\n")
            for _, text in rows:
                fh.write(text + "\n")

    report.add("export, team scale (read + validate + write)", median_time(export, 3), "s", 5.0)
    opened.lock()

    # 2 and 9. Cold start to a populated window, and the desktop's peak memory.
    starts = []
    for _ in range(3):
        proc = subprocess.run([sys.executable, "-m", "bench.cold_start", str(root), PASSPHRASE],
                              capture_output=True, text=True, timeout=300,
                              env=dict(os.environ, QT_QPA_PLATFORM="offscreen",
                                       PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring"))
        if proc.returncode != 0:
            print(proc.stderr, file=sys.stderr)
            return 1
        starts.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    report.add("cold start to a populated caseload window (team scale)",
               statistics.median(s["seconds"] for s in starts), "s", 1.5)
    report.add("desktop peak memory (RSS), team scale, busiest case open",
               max(s["peak_mb"] for s in starts), "MB", 400)

    # 8. Encryption overhead: the same workload, SQLCipher against plain SQLite.
    plain, encrypted = encryption_overhead(work, caseload_records("officer", TODAY))
    report.add("workload on plain SQLite (baseline)", plain, "s", None)
    report.add("workload on SQLCipher", encrypted, "s", None)
    report.add("encryption overhead (SQLCipher / plain)", encrypted / plain, "x", 1.5)

    RESULTS.write_text(json.dumps(report.rows, indent=1) + "\n", encoding="utf-8")
    shutil.rmtree(work, ignore_errors=True)
    failed = [r["metric"] for r in report.rows if r["pass"] is False]
    print(f"\n{len(report.rows)} figures written to {RESULTS}; "
          f"{len(failed)} target(s) missed" + (f": {', '.join(failed)}" if failed else "."))
    return 0


if __name__ == "__main__":
    sys.exit(main())
