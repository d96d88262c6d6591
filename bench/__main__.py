"""``python -m bench``: every performance figure beside its floor, as a table and as JSON.

Each figure is the median of several runs on a synthetic caseload (bench/data.py). Absolute
seconds move 1.5-2x between machines of the same kind, so each headline figure is measured
beside its floor (bench/floors.py: the least work giving the same result, on the same data, in
the same run) and the targets are ratios. Results go to bench/results.json (not tracked by git)
as [{"metric", "value", "unit", "target", "pass"}]; ratios have the unit "x". The last lines
printed are the performance table in docs/reference.md.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import keyring
from keyring.backends import fail

from bench import scaling
from bench.data import caseload_records
from bench.encryption import encryption_overhead
from bench.floors import (
    case_floor,
    due_floor,
    export_floor,
    import_floor,
    median_of,
)
from bench.hub import run as hub_figures
from db import caseload_file, export_file, keystore
from db.connection import open_database
from forms.render import render_pack
from officer_desk.aspire import stage_statuses
from officer_desk.due import due_items
from officer_desk.exchange import HEADER, check_file, dump_line, sort_records
from officer_desk.packs import build_pack_inputs, pack_gaps
from officer_desk.policy import load_policy
from officer_desk.services import import_lines
from officer_desk.timeline import timeline

TODAY = date(2026, 11, 24)
PASSPHRASE = "benchmark passphrase for officer desk"
RESULTS = Path(__file__).with_name("results.json")  # ignored by git: a run leaves no change


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
        self.table: list[tuple[str, str, str, str, str, str]] = []
        print(f"{'metric':58} {'value':>10} {'unit':5} {'target':>8}  result")

    def against_floor(self, metric: str, value: float, floor: float, ratio_target: float | None,
                      unit: str = "s", target: float | None = None) -> None:
        """A figure, its floor and their ratio (the ratio holds the target where given)."""
        self.add(metric, value, unit, target)
        self.add(f"{metric}: floor", floor, unit, None)
        ratio = value / floor if floor > 0 else float("inf")
        self.add(f"{metric}: ratio to floor", ratio, "x", ratio_target)
        shown = "" if ratio_target is None else f"≤ {ratio_target:g}×"
        if target is not None:
            shown = (shown + "; " if shown else "") + f"≤ {target:g} {unit}"
        ok = all(r["pass"] is not False for r in self.rows[-3:])
        self.table.append((metric, f"{value:.3f} {unit}", f"{floor:.3f} {unit}",
                           f"{ratio:.2f}×", shown, "pass" if ok else "FAIL"))

    def plain(self, metric: str, value: float, unit: str, target: float | None) -> None:
        """A figure with no natural floor."""
        self.add(metric, value, unit, target)
        ok = self.rows[-1]["pass"]
        self.table.append((metric, f"{value:.3f} {unit}", "", "", "" if target is None
                           else f"≤ {target:g} {unit}", "-" if ok is None
                           else ("pass" if ok else "FAIL")))

    def markdown(self) -> str:
        """The performance table (docs/reference.md)."""
        lines = ["| figure | value | floor | ratio | target | result |", "|---|---|---|---|---|---|"]
        lines += ["| " + " | ".join(row) + " |" for row in self.table]
        return "\n".join(lines)

    def add(self, metric: str, value: float, unit: str, target: float | None,
            lower_is_better: bool = True) -> None:
        ok = None if target is None else (value <= target if lower_is_better else value >= target)
        self.rows.append({"metric": metric, "value": round(value, 4), "unit": unit,
                          "target": target, "pass": ok})
        verdict = "-" if ok is None else ("pass" if ok else "FAIL")
        shown_target = "" if target is None else f"{target:g}"
        print(f"{metric:58} {value:10.3f} {unit:5} {shown_target:>8}  {verdict}", flush=True)


def _quiet() -> None:
    """Write out what earlier steps left in the page cache (a desktop locks with a backup of
    the whole file), so no figure pays for another's disk writes."""
    if hasattr(os, "sync"):
        os.sync()


def _subprocess(module: str, *args: str) -> dict[str, Any]:
    proc = subprocess.run([sys.executable, "-m", module, *args], capture_output=True, text=True,
                          timeout=600, env=dict(os.environ, QT_QPA_PLATFORM="offscreen",
                                                PYTHON_KEYRING_BACKEND="keyring.backends.fail."
                                                                       "Keyring"))
    if proc.returncode != 0:
        raise RuntimeError(f"{module} failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


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

    # Import at team scale (fresh caseload each run), as the command runs it: check the whole
    # file, store it, make it searchable, commit. Beside its floor: parsing every line and
    # storing the raw lines with their searchable text in an FTS5 index, nothing checked.
    roots: list[Path] = []
    timings: list[float] = []
    indexing: list[float] = []

    def import_once() -> None:
        root = work / f"import-{len(roots)}"
        opened, _ = caseload_file.create(root, PASSPHRASE)
        start = time.perf_counter()
        import_lines(opened.store, lines, "bench")
        middle = time.perf_counter()
        opened.store.index_for_search()  # as `officer-desk import` does, straight after
        timings.append(time.perf_counter() - start)
        indexing.append(time.perf_counter() - middle)
        opened.lock()
        roots.append(root)

    floor_key = os.urandom(32)
    floors: list[float] = []
    for n in range(3):
        _quiet()
        import_once()
        _quiet()
        floors.append(import_floor(work / f"floor-{n}.db", floor_key, lines))
    report.against_floor("import, team scale (check + store + search index, committed)",
                         statistics.median(timings), statistics.median(floors), 2.0)
    report.plain("  of which: the search index's catch-up after the commit",
                 statistics.median(indexing), "s", None)
    report.plain("  checking the whole file alone (nothing stored)",
                 median_time(lambda: check_file(lines), 3), "s", None)
    root = roots[0]

    # Unlock: the KDF alone, then KDF + open + first query.
    keyfile = keystore.KeyFile.read(root / "keys.json")
    wrap = keyfile.passphrase_wrap
    salt = base64.b64decode(wrap["salt"])
    kdf = median_time(lambda: hashlib.scrypt(PASSPHRASE.encode(), salt=salt, n=wrap["kdf"]["n"],
                                             r=wrap["kdf"]["r"], p=wrap["kdf"]["p"], dklen=32,
                                             maxmem=256 * 1024 * 1024), 5)

    def unlock() -> None:
        key = keystore.unlock(keyfile, PASSPHRASE)
        db = open_database(root / "caseload.db", key)
        db.execute("SELECT count(*) FROM records").fetchone()
        db.conn.close()

    report.against_floor("unlock: KDF + open + first query", median_time(unlock, 5), kdf, None,
                         target=1.0)

    opened = caseload_file.unlock(root, PASSPHRASE)
    store = opened.store

    # due across the caseload: loading what the rules read, then the rules.
    horizon = datetime.combine(TODAY + timedelta(days=2), datetime.min.time())

    def due() -> None:  # as the command line does for today
        due_items(store.overview(until=horizon), TODAY, policy, extended=True)

    due()
    _quiet()
    dues, due_floors = [], []
    for _ in range(7):  # each beside a floor run next to it: the same conditions for both
        dues.append(median_time(due, 1))
        due_floors.append(due_floor(store.db, horizon))
    report.against_floor("due across the caseload (load + rules)", statistics.median(dues),
                         statistics.median(due_floors), 3.0)

    # The busiest case with its full timeline: five different busiest people, each opened
    # once, so the figure includes reading their pages rather than a warm cache.
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
    report.against_floor("open the busiest case with its full timeline",
                         statistics.median(opened_times),
                         statistics.median(case_floor(store.db, crn) for crn in busiest), None,
                         target=0.1)

    # Full-text search over notes.
    store.index_for_search()
    # No natural floor: the index's own MATCH answers from memory in microseconds.
    report.plain("full-text search over notes (FTS5)",
                 median_time(lambda: store.search("tenancy curfew"), 10), "s", 0.05)

    # The largest breach pack a court could be sent: complete ones first.
    overview = store.overview(until=horizon)
    candidates = [ef for ef in overview.events.values() if ef.event.kind.is_order
                  and any(e.decision.value == "breach" for e in ef.enforcements)]
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

    report.plain("build the largest breach pack", median_time(pack, 3), "s", 1.0)

    # Full export at team scale, beside reading the stored lines and writing them.
    out = work / "export.jsonl"

    def export() -> None:  # the product's own path, as the command line and desktop take it
        export_file.gather(store).write(out)

    report.against_floor("export, team scale (read + write, whole file, synced)",
                         median_time(export, 3),
                         median_of(lambda: export_floor(store.db, work / "floor.jsonl"), 3), 2.0)
    opened.lock()

    # Cold start to a populated window, beside PySide6 + the KDF + an empty window; memory.
    # The desktop keeps its first screen at lock, with how long each event's items hold
    # (officer_desk.day_bounds). A start with nothing kept (after an import, or a change made
    # elsewhere) loads the overview and runs every rule; the first start of each morning
    # draws what the last lock kept, working out afresh only the events past their bound;
    # a later start the same day draws it as kept. Each start is measured beside a floor run
    # next to it, on the desktop's clock for that day.
    monday = date(2026, 11, 30)  # TODAY is a Tuesday: three mornings, then a weekend

    def start(day: date, hour: int) -> dict[str, Any]:
        _quiet()
        return _subprocess("bench.cold_start", str(root), PASSPHRASE,
                           datetime.combine(day, datetime.min.time()).replace(
                               hour=hour).isoformat())

    def floor() -> float:
        _quiet()
        return _subprocess("bench.cold_floor", str(root), PASSPHRASE)["seconds"]

    first = start(TODAY, 8)
    full_floor = [floor()]
    same, same_floor = [], []
    for _ in range(3):
        same.append(start(TODAY, 13))
        same_floor.append(floor())
    mornings, morning_floor = [], []
    for n in range(1, 4):  # each from the day before's last lock
        mornings.append(start(TODAY + timedelta(days=n), 8))
        morning_floor.append(floor())
    weekends, weekend_floor = [], []
    for week in range(3):  # Friday's last lock, Monday's first unlock, three weeks running
        if week:
            start(monday + timedelta(days=7 * week - 3), 8)  # that week's Friday
        weekends.append(start(monday + timedelta(days=7 * week), 8))
        weekend_floor.append(floor())
    print("# cold starts: nothing kept {:.3f} s; same day {}; first of the morning {}; "
          "Mondays {}; floors {}".format(
              first["seconds"], ", ".join(f"{s['seconds']:.3f} s" for s in same),
              ", ".join(f"{s['seconds']:.3f} s ({s['worked_out_afresh']} afresh)"
                        + ("" if s["first_screen_kept"] else " (full load)") for s in mornings),
              ", ".join(f"{s['seconds']:.3f} s ({s['worked_out_afresh']} afresh)"
                        + ("" if s["first_screen_kept"] else " (full load)") for s in weekends),
              ", ".join(f"{e:.3f} s" for e in
                        full_floor + same_floor + morning_floor + weekend_floor)),
          flush=True)
    report.against_floor("cold start, first unlock of the morning (team scale)",
                         statistics.median(s["seconds"] for s in mornings),
                         statistics.median(morning_floor), 1.6)
    report.against_floor("cold start, first unlock after a weekend",
                         statistics.median(s["seconds"] for s in weekends),
                         statistics.median(weekend_floor), 1.6)
    report.against_floor("cold start, later the same day",
                         statistics.median(s["seconds"] for s in same),
                         statistics.median(same_floor), 1.6)
    report.against_floor("cold start with nothing kept (after an import: full load)",
                         first["seconds"], statistics.median(full_floor), None)
    report.plain("desktop peak memory (RSS), team scale, busiest case open",
                 max(s["peak_mb"] for s in [first, *same, *mornings, *weekends]), "MB", 400)

    # Desktop responsiveness: key press to finished repaint, beside an inert key press.
    _quiet()  # the starts above each wrote a backup at lock: not this figure's writes
    feel = _subprocess("bench.responsiveness", str(root), PASSPHRASE)
    # A span that ended without painting its screen timed nothing: every figure then fails.
    report.plain("desktop: timed spans that did not paint their screen",
                 len(feel.get("unpainted", ["not reported"])), "n", 0)
    for key, words, ratio in (("today", "open Today (Alt+T)", None),
                              ("open_case", "open the busiest case from the list (Return)", 3.0),
                              ("outcome", "save an outcome (Return in the form)", 3.0),
                              ("search", "caseload search, last letter typed", None)):
        if feel.get(key) is not None:
            report.against_floor(f"desktop: {words}", feel[key], feel["floor"], ratio,
                                 unit="ms", target=100)

    # Encryption overhead: the same workload, SQLCipher against plain SQLite.
    plain, encrypted = encryption_overhead(work, caseload_records("officer", TODAY))
    report.against_floor("workload on SQLCipher (floor: the same on plain SQLite)", encrypted,
                         plain, 1.5)

    # How each cost grows: 60, 800 and 3,200 people at the same density.
    grown = scaling.measure(work, TODAY, PASSPHRASE, lambda root, at: _subprocess(
        "bench.cold_start", str(root), PASSPHRASE, at.isoformat()), _quiet)
    small, team, large = scaling.SIZES
    for name, values in grown.items():
        for people in scaling.SIZES:
            report.add(f"growth: {name}, {people} people", values[people], "s", None)
        report.add(f"growth: {name}, exponent {small} to {team} people",
                   scaling.growth(values, small, team), "exp", None)
        report.add(f"growth: {name}, exponent {team} to {large} people",
                   scaling.growth(values, team, large), "exp", scaling.MOST_GROWTH)
        exponent = scaling.growth(values, team, large)
        report.table.append((
            f"{name}: 60 / 800 / 3,200 people",
            " / ".join(f"{values[n]:.3f}" for n in scaling.SIZES) + " s", "",
            f"n^{exponent:.2f}", f"≤ n^{scaling.MOST_GROWTH:g}",
            "pass" if exponent <= scaling.MOST_GROWTH else "FAIL"))

    # The team hub, against a real PostgreSQL started for the run.
    hub_figures(report)

    RESULTS.write_text(json.dumps(report.rows, indent=1) + "\n", encoding="utf-8")
    shutil.rmtree(work, ignore_errors=True)
    failed = [r["metric"] for r in report.rows if r["pass"] is False]
    print(f"\n{len(report.rows)} figures written to {RESULTS}; "
          f"{len(failed)} target(s) missed" + (f": {', '.join(failed)}" if failed else "."))
    print("\n" + report.markdown())
    return 0


if __name__ == "__main__":
    sys.exit(main())
