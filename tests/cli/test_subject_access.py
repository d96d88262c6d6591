"""A subject access copy on a real SQLCipher caseload, and through the real command line.

A person with records, an issued letter, a correction, a void, a sensitive note and a victim's
name: the copy holds everything else (the letter byte for byte), the held-back list names each
item held back, the victim's name and the sensitive note are nowhere in the index or the JSON,
the index reads back with the person's name and UK dates, and the audit trail says it was made.
"""

from __future__ import annotations

import hashlib
import json
import stat
from datetime import date, datetime
from pathlib import Path

from pypdf import PdfReader

from db import audit
from officer_desk import app, services
from officer_desk.app import subject_access
from officer_desk.policy import load_policy
from tests.forms.conftest import breach_records
from tests.helpers.records import HEADER, person, write_jsonl

VICTIM = "Hannah Prydderch"
SECRET = "Told me in confidence about a diagnosis"
CRN = "X123456"


def _extra_records() -> list[dict]:
    return [
        {"type": "contact", "id": "c1", "event_id": "e1", "at": "2026-10-02T11:00",
         "mode": "telephone", "summary": SECRET, "sensitive": True},
        {"type": "contact", "id": "c2", "event_id": "e1", "at": "2026-10-03T09:30",
         "mode": "office", "summary": "Talked about finding work at the market"},
        {"type": "enforcement", "id": "b2", "event_id": "e1", "decided_at": "2026-11-19T10:00",
         "decision": "no_breach", "rationale": "Reasons accepted after the second failure.",
         "victims": f"Victim: {VICTIM}, 14 Heol Fawr; victim liaison informed."},
    ]


def _case(opened) -> tuple:
    store = opened.store
    lines = [json.dumps(HEADER)] + [json.dumps(r, ensure_ascii=False) for r in
                                    [*breach_records(), person("Z999999", "p9")]]
    services.import_lines(store, lines, "test")
    store.save(_extra_records())  # one audit row per record, with every field's new value
    store.set_setting("officer_name", "Rhian Evans")
    store.set_setting("office_address", ["Probation Office", "1 High Street", "Cardiff"])
    store.set_setting("office_phone", "029 2000 0000")
    now = datetime(2026, 11, 24, 12, 0)
    services.correct_record(store, "appointment", "a2", {"reason": "Said he was unwell"},
                            "Reason recorded against the wrong failure", now)
    services.void_record(store, "appointment", "a4", "Booked in error", now)
    services.correct_record(store, "contact", "c1", {"summary": SECRET + " (corrected)"},
                            "Typing error", now)
    _, doc, pdf = app.issue(store, store.case(CRN), "warning-letter", "e1", load_policy(),
                            on=date(2026, 6, 4), now=datetime(2026, 6, 4, 15, 0))
    return doc, pdf


def _text(path: Path) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(path).pages)


def test_the_copy_holds_everything_else_and_lists_what_is_held_back(opened, tmp_path) -> None:
    doc, pdf = _case(opened)
    out = tmp_path / "sar"
    copy = subject_access.make_copy(opened.store, CRN, out, "test-policy",
                                    made_at=datetime(2026, 11, 24, 12, 30))

    files = sorted(p.name for p in out.iterdir())
    assert files == sorted(["index.pdf", "subject-access.json", "held-back.json",
                            "document-01-warning-letter-version-1.pdf"])
    for p in out.iterdir():  # owner-only, nothing left behind beside it
        assert stat.S_IMODE(p.stat().st_mode) == 0o600, p
    assert stat.S_IMODE(out.stat().st_mode) == 0o700
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []

    letter = (out / "document-01-warning-letter-version-1.pdf").read_bytes()
    assert letter == pdf and hashlib.sha256(letter).hexdigest() == doc.sha256

    data = json.loads((out / "subject-access.json").read_text(encoding="utf-8"))
    raw = (out / "subject-access.json").read_text(encoding="utf-8")
    index = _text(out / "index.pdf")
    assert f"CRN {CRN}" in index and "Crn " not in index  # fields named as people name them
    held_raw = (out / "held-back.json").read_text(encoding="utf-8")
    for text in (raw, index, held_raw):
        assert VICTIM not in text and "Prydderch" not in text
        assert "diagnosis" not in text and SECRET not in text
        assert "Z999999" not in text  # nobody else's records

    # Everything else: every record of the person, with its correction and its void.
    kinds = {(r["type"], r["id"]) for r in data["records"]}
    assert kinds == {("person", "p1"), ("event", "e1"), ("appointment", "a1"),
                     ("appointment", "a2"), ("appointment", "a3"), ("appointment", "a4"),
                     ("warning", "w1"), ("enforcement", "b1"), ("enforcement", "b2"),
                     ("contact", "c1"), ("contact", "c2")}
    by_id = {r["id"]: r for r in data["records"]}
    assert by_id["a2"]["reason"] == "Said he was unwell"
    assert by_id["a2"]["corrections"][0]["before"] == {"reason": "No contact; no explanation"}
    assert by_id["a4"]["voided"]["reason"] == "Booked in error"
    assert by_id["b2"]["rationale"].startswith("Reasons accepted")
    assert "victims" not in by_id["b2"]
    assert "summary" not in by_id["c1"] and by_id["c1"]["mode"] == "telephone"
    assert by_id["c2"]["summary"].startswith("Talked about")
    assert "notes" not in by_id["a3"]  # the sensitive appointment's note
    assert data["records"][0]["type"] == "person"
    assert data["made_at"] == "2026-11-24T12:30:00"
    assert data["documents"][0]["sha256"] == doc.sha256
    assert data["documents"][0]["issued_at"] == "2026-06-04T15:00:00"
    assert data["team_hub"] is None
    sentences = " ".join(a["sentence"] for a in data["audit"])
    assert "voided the appointment" in sentences and "corrected the appointment" in sentences
    assert "issued warning letter" in sentences

    # The held-back list names each item, with its reason, never its text.
    held = json.loads(held_raw)["items"]
    named = {(h["record_type"], h["record_id"], h["field"], h["where"]) for h in held}
    assert ("enforcement", "b2", "victims", "record") in named
    assert ("contact", "c1", "summary", "record") in named
    assert ("contact", "c1", "summary_before_correction", "record") in named
    assert ("appointment", "a3", "notes", "record") in named
    assert ("enforcement", "b2", "victims", "audit") in named  # its creation in the trail
    assert ("contact", "c1", "summary", "audit") in named
    assert all(h["reason"] for h in held)
    assert data["held_back"]["count"] == len(held) == len(copy.held_back)
    victims = next(h for h in held if h["field"] == "victims" and h["where"] == "record")
    assert victims["date"] == "2026-11-19T10:00" and "victims" in victims["reason"]

    # The index reads as plain words with UK dates, and has the DPO's section.
    assert "Nguyễn Văn An" in index and CRN in index
    assert "4 Jun 2026" in index and "19 Nov 2026" in index and "2026-06-04" not in index
    assert doc.sha256 in index
    assert "Held back, for the data protection officer" in index
    assert "Victims" in index or "victims" in index

    entries = audit.entries(opened.db, crn=CRN, limit=5)
    assert entries[0].action == "subject_access_copy"
    assert entries[0].detail["held_back"] == len(held)


def test_a_folder_with_something_in_it_is_refused(opened, tmp_path) -> None:
    import pytest

    from officer_desk.errors import UserFacingError

    _case(opened)
    out = tmp_path / "busy"
    out.mkdir()
    (out / "other.txt").write_text("x")
    with pytest.raises(UserFacingError, match="not empty"):
        subject_access.make_copy(opened.store, CRN, out, "p")
    with pytest.raises(UserFacingError, match="no person with CRN"):
        subject_access.make_copy(opened.store, "N000000", tmp_path / "new", "p")
    assert not (tmp_path / "new").exists()


def test_the_command_writes_the_copy_and_the_trail_says_so(initialised, tmp_path) -> None:
    cli = initialised
    cli.run("import", str(write_jsonl(tmp_path / "in.jsonl",
                                      breach_records() + _extra_records())), check=True)
    out = tmp_path / "copy"
    proc = cli.run("sar", "--crn", CRN, "--out", str(out), check=True)
    assert "Wrote a subject access copy for Nguyễn Văn An (X123456)" in proc.stdout
    assert "held-back.json" in proc.stdout
    assert {"index.pdf", "subject-access.json", "held-back.json"} <= {
        p.name for p in out.iterdir()}
    assert VICTIM not in (out / "subject-access.json").read_text(encoding="utf-8")
    listed = cli.run("audit", "list", "--crn", CRN, check=True).stdout
    assert "subject_access_copy" in listed

    again = cli.run("sar", "--crn", CRN, "--out", str(out))
    assert again.returncode == 1 and "Traceback" not in again.stderr
    assert again.stderr.strip().count("\n") == 0 and "is not empty" in again.stderr
