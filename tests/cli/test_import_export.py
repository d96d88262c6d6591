"""The public contract through the command line: init, import, export, due."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers.records import HEADER, appt, event, person, write_jsonl

GOOD = [
    person("X123456", "p1", date_of_birth="1990-02-03", favourite_team="Wrexham AFC",
           addresses=[{"lines": ["1 Heol y Frenhines"], "postcode": "CF10 1AA",
                       "from": "2024-01-01", "note": "kept"}]),
    person("Y654321", "p2", given_name="Nguyễn Văn", family_name="An"),
    event("e1", "X123456", allocation_date="2026-11-16", court="Cardiff Magistrates' Court",
          requirements=[{"kind": "unpaid_work", "amount": 120, "unit": "hours"}]),
    event("e2", "Y654321", "licence", release_date="2026-11-20",
          conditions=[{"code": "1c", "text": "Keep in touch"}]),
    appt("a1", "2026-11-18T10:00", "induction", outcome="attended", notes="Went well"),
    appt("a2", "2026-11-19T10:00", outcome="failed_to_attend", absence="unacceptable",
         absence_decided_on="2026-11-20", reason="No explanation"),
    {"type": "contact", "id": "c1", "event_id": "e2", "at": "2026-11-20T09:00",
     "mode": "telephone", "summary": "Release-day call"},
]


def test_init_prints_a_recovery_code(cli) -> None:
    proc = cli.run("init", check=True)
    assert "Recovery code" in proc.stdout
    assert (cli.data_dir / "caseload.db").exists()
    again = cli.run("init")
    assert again.returncode != 0 and "already a caseload" in again.stderr


def test_import_then_due_then_export_roundtrip(initialised, tmp_path: Path) -> None:
    cli = initialised
    src = write_jsonl(tmp_path / "in.jsonl", GOOD)
    proc = cli.run("import", str(src), check=True)
    assert "7 added" in proc.stdout
    again = cli.run("import", str(src), check=True)
    assert "0 added, 0 changed, 7 unchanged" in again.stdout

    due = cli.due("2026-11-24")
    assert {(d["crn"], d["kind"], d["due"], d["status"]) for d in due} == {
        ("X123456", "warning_letter", "2026-11-24", "due"),
        ("X123456", "sentence_plan", "2026-12-09", "due"),
        ("Y654321", "induction", "2026-11-23", "overdue"),
    }
    assert all(set(d) == {"crn", "event_id", "kind", "due", "status", "rule"} for d in due)

    out1 = tmp_path / "out1.jsonl"
    cli.run("export", "--out", str(out1), check=True)
    lines = out1.read_text(encoding="utf-8").splitlines()
    header = json.loads(lines[0])
    anchor = header.pop("audit_anchor")  # the audit trail's head, carried to the centre
    assert header == HEADER
    assert set(anchor) == {"seq", "head", "mac"} and anchor["seq"] > 0
    exported = {(r["type"], r["id"]): r for r in map(json.loads, lines[1:])}
    for rec in GOOD:
        assert exported[(rec["type"], rec["id"])] == rec  # unknown fields kept, nothing bent

    fresh = type(cli)(tmp_path / "fresh", cli.passphrase_file)
    fresh.run("init", check=True)
    fresh.run("import", str(out1), check=True)
    out2 = tmp_path / "out2.jsonl"
    fresh.run("export", "--out", str(out2), check=True)
    # Every record line is byte-identical; each header carries its own caseload's anchor.
    first, second = (o.read_text(encoding="utf-8").split("\n", 1) for o in (out1, out2))
    assert second[1] == first[1]
    assert {k: v for k, v in json.loads(second[0]).items() if k != "audit_anchor"} == HEADER
    again = tmp_path / "out3.jsonl"
    fresh.run("import", str(out1), check=True)  # nothing changes: the same file, byte for byte
    fresh.run("export", "--out", str(again), check=True)
    assert again.read_text(encoding="utf-8") == out2.read_text(encoding="utf-8")


def test_bad_file_imports_nothing_and_names_every_bad_line(initialised, tmp_path: Path) -> None:
    cli = initialised
    cli.run("import", str(write_jsonl(tmp_path / "ok.jsonl", GOOD[:1])), check=True)
    bad = [
        person("Z111111", "p9"),
        event("e9", "z1", "co"),
        appt("a9", "2026-02-30T10:00", event_id="nope"),
        {"type": "warning", "id": "w9", "event_id": "e1", "date": "2026-11-20",
         "failure_ids": ["zz"]},
        person("X123456", "other-id"),
    ]
    path = write_jsonl(tmp_path / "bad.jsonl", bad)
    with path.open("a", encoding="utf-8") as fh:
        fh.write("{not json\n")
    before = cli.run("export", "--out", str(tmp_path / "before.jsonl"), check=True)
    assert before.returncode == 0
    proc = cli.run("import", str(path))
    assert proc.returncode == 1
    err = proc.stderr
    assert "nothing was imported" in err
    for fragment in ("line 3, field 'crn'", "line 3, field 'kind'", "line 4, field 'start'",
                     "line 5, field 'event_id'", "line 5, field 'failure_ids[0]'",
                     "line 6, field 'crn'", "line 7: not valid JSON"):
        assert fragment in err, fragment
    assert "line 2" not in err  # the good line is not blamed
    cli.run("export", "--out", str(tmp_path / "after.jsonl"), check=True)
    assert (tmp_path / "before.jsonl").read_text() == (tmp_path / "after.jsonl").read_text()


def test_missing_header_and_newer_schema(initialised, tmp_path: Path) -> None:
    cli = initialised
    no_header = write_jsonl(tmp_path / "nh.jsonl", GOOD[:1], header=False)
    proc = cli.run("import", str(no_header))
    assert proc.returncode == 1 and "line 1" in proc.stderr and "header" in proc.stderr
    newer = tmp_path / "new.jsonl"
    newer.write_text(json.dumps({**HEADER, "schema_version": 2}) + "\n")
    proc = cli.run("import", str(newer))
    assert proc.returncode == 1 and "schema version 2" in proc.stderr


def test_export_since_last_has_only_changes(initialised, tmp_path: Path) -> None:
    cli = initialised
    cli.run("import", str(write_jsonl(tmp_path / "a.jsonl", GOOD[:3])), check=True)
    cli.run("export", "--out", str(tmp_path / "full.jsonl"), check=True)
    cli.run("import", str(write_jsonl(tmp_path / "b.jsonl", GOOD[:5])), check=True)
    cli.run("export", "--out", str(tmp_path / "delta.jsonl"), "--since-last", check=True)
    delta = [json.loads(x) for x in (tmp_path / "delta.jsonl").read_text().splitlines()[1:]]
    assert sorted(r["id"] for r in delta) == ["a1", "e2"]


def test_wrong_passphrase_and_missing_caseload(initialised, tmp_path: Path) -> None:
    cli = initialised
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("definitely not it\n")
    proc = cli.run("due", "--json", "--passphrase-file", str(wrong), with_passphrase=False)
    assert proc.returncode == 1 and "does not unlock" in proc.stderr
    assert "Traceback" not in proc.stderr
    empty = type(cli)(tmp_path / "none", cli.passphrase_file)
    proc = empty.run("due", "--json")
    assert proc.returncode == 1 and "no caseload" in proc.stderr.lower()


def test_due_table_and_bad_date(initialised, tmp_path: Path) -> None:
    cli = initialised
    cli.run("import", str(write_jsonl(tmp_path / "a.jsonl", GOOD)), check=True)
    table = cli.run("due", "--on", "2026-11-24", check=True).stdout
    assert "Nguyễn Văn An" in table and "OVERDUE" in table and "23 Nov 2026" in table
    proc = cli.run("due", "--json", "--on", "2026-13-45")
    assert proc.returncode == 1 and "--on" in proc.stderr


def test_demo_caseload_is_sensible(cli) -> None:
    cli.run("demo", "--on", "2026-11-24", check=True)
    due = cli.due("2026-11-24")
    kinds = {d["kind"] for d in due}
    assert {"induction", "review", "breach_decision", "recall_report",
            "breach_to_court"} <= kinds


def test_scripted_passphrases(cli, tmp_path: Path) -> None:
    short = tmp_path / "short.txt"
    short.write_text("secret\n")
    proc = cli.run("init", "--passphrase-file", str(short), with_passphrase=False)
    assert proc.returncode == 0 and "shorter than 10" in proc.stderr
    piped = cli.run("due", "--json", "--on", "2026-11-24", with_passphrase=False,
                    stdin="secret\n")
    assert piped.returncode == 0 and json.loads(piped.stdout) == []
    dash = cli.run("due", "--json", "--passphrase-file", "-", with_passphrase=False,
                   stdin="not it\n")
    assert dash.returncode == 1 and "does not unlock" in dash.stderr
    empty = cli.run("due", "--json", with_passphrase=False, stdin="")
    assert empty.returncode == 1 and "No passphrase" in empty.stderr


def test_options_before_the_command(initialised, tmp_path: Path) -> None:
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "officer_desk", "--data-dir",
                           str(initialised.data_dir), "--passphrase-file",
                           str(initialised.passphrase_file), "due", "--json"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == []


def test_the_readable_due_table_names_the_appointment_a_failure_is_about(initialised,
                                                                         tmp_path: Path) -> None:
    cli = initialised
    cli.run("import", str(write_jsonl(tmp_path / "in.jsonl", GOOD)), check=True)
    table = cli.run("due", "--on", "2026-11-24", check=True).stdout
    [row] = [line for line in table.splitlines() if "warning_letter" in line]
    assert "appointment on 19 Nov 2026 10:00" in row
    [row] = [line for line in table.splitlines() if "sentence_plan" in line]
    assert "appointment on" not in row
