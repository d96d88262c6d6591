"""Documents are frozen when issued: stored in the caseload, reprinted byte for byte.

Through the real command line on a real SQLCipher caseload: a warning letter is issued, the
record then changes, and the breach pack, the reprint and the list all show the letter as it
was sent, never a rebuild from today's record.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from pypdf import PdfReader

from tests.forms.conftest import breach_records
from tests.helpers.records import appt, write_jsonl


def _pages(path: Path) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in PdfReader(path).pages]


def _set_up(cli, tmp_path: Path) -> Path:
    cli.run("import", str(write_jsonl(tmp_path / "in.jsonl", breach_records())), check=True)
    cli.run("office", "--name", "Rhian Evans", "--phone", "029 2000 0000",
            "--address", "Probation Office, 1 High Street, Cardiff, CF10 1AA", check=True)
    letter = tmp_path / "letter.pdf"
    proc = cli.run("pack", "warning-letter", "--event", "e1", "--out", str(letter),
                   "--on", "2026-06-04", check=True)
    assert "Issued the warning letter" in proc.stdout and "version 1" in proc.stdout
    return letter


def test_the_issued_letter_is_what_the_breach_pack_and_the_reprint_carry(initialised,
                                                                          tmp_path) -> None:
    cli = initialised
    letter = _set_up(cli, tmp_path)
    issued_text = _pages(letter)
    assert "Thursday 1 October 2026 at 10am" in " ".join(issued_text)
    # Later, an appointment is booked for 10 June: a rebuilt letter dated 4 June would now name
    # it as the next appointment. The issued one must not.
    later = [appt("a5", "2026-06-10T11:00", location="Community hub")]
    cli.run("import", str(write_jsonl(tmp_path / "later.jsonl", later)), check=True)

    pack = tmp_path / "breach.pdf"
    cli.run("pack", "breach", "--event", "e1", "--out", str(pack), "--on", "2026-11-24",
            check=True)
    pack_pages = _pages(pack)
    for page in issued_text:
        body = page.split("Page ")[0]
        assert any(body in p for p in pack_pages), body[:80]
    assert not any("10 June 2026" in p for p in pack_pages)
    # Issued here today for a warning sent on 4 June: the pack does not claim it is the copy
    # the person received (only a letter issued when it was sent is "exactly as it was sent").
    said = " ".join(" ".join(p.split()) for p in pack_pages)
    assert "recorded as sent on 4 Jun 2026" in said and "may differ from the letter" in said
    assert "exactly as it was sent" not in said
    total = len(pack_pages)
    stamped = [p for p in pack_pages if "(copy as issued)" in p]
    assert stamped and all(f"of {total} (copy as issued)" in p for p in stamped)
    # The pack's own pages say which issue of it they are.
    assert all("· version 1 ·" in p for p in pack_pages if "(copy as issued)" not in p)
    # A copy keeps its own page numbers; the pack's are not printed over them.
    for page in stamped:
        assert len(re.findall(r"Page \d+ of \d+", page)) == 1, page[-200:]

    listed = json.loads(cli.run("documents", "list", "--json", check=True).stdout)
    kinds = {d["kind"]: d for d in listed}
    assert set(kinds) == {"warning-letter", "breach"}
    doc = kinds["warning-letter"]
    for key in ("id", "kind", "crn", "event_id", "issued_at", "sha256"):
        assert doc[key], key
    assert doc["crn"] == "X123456" and doc["event_id"] == "e1" and doc["record_id"] == "w1"
    assert doc["sha256"] == hashlib.sha256(letter.read_bytes()).hexdigest()

    again = tmp_path / "reprint.pdf"
    proc = cli.run("documents", "print", doc["id"], "--out", str(again), check=True)
    assert again.read_bytes() == letter.read_bytes()
    assert doc["sha256"] in proc.stdout

    audit = cli.run("audit", "list", check=True).stdout
    assert "issue warning w1 (warning-letter, version 1)" in audit
    assert "issue enforcement b1 (breach, version 1)" in audit
    assert "reprint warning w1 (warning-letter, version 1)" in audit


def test_printing_again_reprints_unless_a_reason_gives_a_new_version(initialised,
                                                                     tmp_path) -> None:
    cli = initialised
    letter = _set_up(cli, tmp_path)
    cli.run("import", str(write_jsonl(tmp_path / "later.jsonl",
                                      [appt("a5", "2026-06-10T11:00")])), check=True)
    second = tmp_path / "second.pdf"
    proc = cli.run("pack", "warning-letter", "--event", "e1", "--out", str(second),
                   "--on", "2026-06-04", check=True)
    assert "already issued" in proc.stdout and "exactly as issued" in proc.stdout
    assert "The record has changed since it was issued" in proc.stdout
    assert second.read_bytes() == letter.read_bytes()

    third = tmp_path / "third.pdf"
    proc = cli.run("pack", "warning-letter", "--event", "e1", "--out", str(third),
                   "--on", "2026-06-04", "--reason", "Next appointment booked after issue",
                   check=True)
    assert "version 2" in proc.stdout
    assert "Wednesday 10 June 2026 at 11am" in " ".join(_pages(third))
    # Every page of version 2 says so (a letter's first version says nothing); never v1's bytes.
    assert all("Version 2" in page for page in _pages(third))
    assert not any("Version" in page for page in _pages(letter))
    assert third.read_bytes() != letter.read_bytes()
    listed = json.loads(cli.run("documents", "list", "--json", check=True).stdout)
    versions = sorted((d["version"], d["reason"]) for d in listed)
    assert versions == [(1, None), (2, "Next appointment booked after issue")]
    table = cli.run("documents", "list", check=True).stdout
    assert "Warning letter" in table and "X123456" in table


def test_documents_print_refuses_an_unknown_id_and_a_folder(initialised, tmp_path) -> None:
    cli = initialised
    _set_up(cli, tmp_path)
    proc = cli.run("documents", "print", "nope", "--out", str(tmp_path / "x.pdf"))
    assert proc.returncode == 1 and "no issued document 'nope'" in proc.stderr
    doc = json.loads(cli.run("documents", "list", "--json", check=True).stdout)[0]
    proc = cli.run("documents", "print", doc["id"], "--out", str(tmp_path))
    assert proc.returncode == 1 and "is a folder" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_no_pack_is_signed_by_the_computers_login(initialised, tmp_path) -> None:
    cli = initialised
    cli.run("import", str(write_jsonl(tmp_path / "in.jsonl", breach_records())), check=True)
    proc = cli.run("pack", "breach", "--event", "e1", "--out", str(tmp_path / "b.pdf"),
                   "--on", "2026-11-24")
    assert proc.returncode == 1 and "responsible officer's name" in proc.stderr + proc.stdout
    assert not (tmp_path / "b.pdf").exists()
    shown = cli.run("office", check=True).stdout
    assert "Name: not set" in shown


def test_a_welsh_easy_read_letter_is_issued_and_listed_as_its_own_form(initialised,
                                                                       tmp_path) -> None:
    cli = initialised
    _set_up(cli, tmp_path)
    easy = tmp_path / "easy.pdf"
    proc = cli.run("pack", "warning-letter", "--event", "e1", "--out", str(easy),
                   "--on", "2026-06-04", "--variant", "welsh-easy-read", check=True)
    assert "version 1" in proc.stdout  # its own document, not a reprint of the English letter
    text = " ".join(_pages(easy))
    assert "Eich rhybudd cyntaf" in text and "Your first warning" in text
    assert text.index("Eich rhybudd cyntaf") < text.index("Your first warning")
    listed = json.loads(cli.run("documents", "list", "--json", check=True).stdout)
    assert any(d["variant"] == "easy-read-cy" for d in listed), listed
