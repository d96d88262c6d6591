"""`officer-desk pack`: writes a real PDF, or refuses listing what is missing."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader

from tests.forms.conftest import breach_records
from tests.helpers.records import write_jsonl


def test_pack_written_and_refused(initialised, tmp_path: Path) -> None:
    cli = initialised
    cli.run("import", str(write_jsonl(tmp_path / "in.jsonl", breach_records())), check=True)
    cli.run("office", "--name", "Rhian Evans", check=True)  # a statement names its officer
    out = tmp_path / "breach.pdf"
    proc = cli.run("pack", "breach", "--event", "e1", "--out", str(out), "--on", "2026-11-24",
                   check=True)
    assert "Issued the breach pack" in proc.stdout
    assert out.stat().st_mode & 0o077 == 0
    text = "\n".join(p.extract_text() for p in PdfReader(out).pages)
    assert "Nguyễn Văn An" in text and "Witness statement" in text

    refused = tmp_path / "recall.pdf"
    proc = cli.run("pack", "recall", "--event", "e1", "--out", str(refused))
    assert proc.returncode == 1
    assert "cannot be finalised" in proc.stderr and "Recall is for licences" in proc.stderr
    assert not refused.exists()
    audit = cli.run("audit", "list", check=True).stdout
    assert "issue enforcement b1" in audit


def test_pack_unknown_event_and_kind(initialised, tmp_path: Path) -> None:
    proc = initialised.run("pack", "breach", "--event", "nope", "--out", str(tmp_path / "x.pdf"))
    assert proc.returncode == 1 and "no event 'nope'" in proc.stderr
    proc = initialised.run("pack", "poster", "--event", "e1", "--out", str(tmp_path / "x.pdf"))
    assert proc.returncode == 1 and "Unknown pack kind" in proc.stderr
