"""Countersigned recalls on a real hub: PO asks, SPO signs, ACO signs, only then sent to PPCS.

The journey runs through the command line, as the contract gives it; the refusals are shown
with raw SQL as each member of staff, so it is PostgreSQL that says no, not the laptop.
"""

from __future__ import annotations

import io
import json
from datetime import date, datetime
from pathlib import Path

import psycopg
import pytest
from pypdf import PdfReader

from db.hub import admin, casework, team
from officer_desk import services
from officer_desk.errors import UserFacingError, ValidationError
from tests.helpers.records import HEADER, recall_records, write_jsonl
from tests.hub.conftest import PASSWORD, connected, ensure_staff, signed_in
from tests.hub.test_sync_cli import Cli

SPO_WHY = "Whereabouts unknown and the former partner at risk: recall agreed."
ACO_WHY = "Risk cannot be managed in the community; authorised."


def _cli(tmp_path: Path, hub, username: str) -> Cli:
    secret = tmp_path / "passphrase.txt"
    secret.write_text("laptop passphrase for the tests\n", encoding="utf-8")
    password = tmp_path / "hub.txt"
    password.write_text(PASSWORD + "\n", encoding="utf-8")
    cli = Cli(tmp_path / username, secret)
    assert cli.run("init").returncode == 0
    done = cli.run("sync", "--hub", hub.dsn(), "--username", username, "--password-file",
                   str(password))
    assert done.returncode == 0, done.stderr
    return cli


def _ok(result) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_po_asks_spo_then_aco_sign_and_only_then_the_recall_goes(hub, owner, tmp_path) -> None:
    ensure_staff(owner, "cora")
    admin.allocate(owner, "R300001", "cora")
    owner.commit()
    alice, sam, aco = (_cli(tmp_path, hub, u) for u in ("cora", "sam", "aco"))
    _ok(alice.run("import", str(write_jsonl(tmp_path / "recall.jsonl",
                                            recall_records("R300001", "cs1-")))))
    _ok(alice.run("office", "--name", "Cora Jones"))

    # Before both countersignatures the Part A is a draft: marked on every page, not issued.
    draft = tmp_path / "draft.pdf"
    said = _ok(alice.run("pack", "recall", "--event", "cs1-e1", "--out", str(draft)))
    assert "Wrote a draft" in said and "not issued" in said
    pages = [" ".join(p.extract_text().split()) for p in
             PdfReader(io.BytesIO(draft.read_bytes())).pages]
    assert pages and all("DRAFT: not yet countersigned by the SPO and the ACO" in p
                         for p in pages)
    assert not any(d["kind"] == "recall" for d in
                   json.loads(_ok(alice.run("documents", "list", "--json"))))

    asked = _ok(alice.run("countersign", "request", "--event", "cs1-e1"))
    assert "Waiting for the SPO's countersignature" in asked
    [rec] = [r for r in json.loads(_ok(alice.run("countersign", "list", "--json")))
             if r["event_id"] == "cs1-e1"]
    assert {"id", "crn", "event_id", "status", "awaiting", "content_sha256",
            "signatures"} <= set(rec)
    assert rec["status"] == "SPO_SIGNATURE_REQUESTED" and rec["awaiting"] == "SPO"
    assert rec["crn"] == "R300001" and rec["signatures"] == []
    assert len(rec["content_sha256"]) == 64

    refused = alice.run("countersign", "sign", str(rec["id"]), "--rationale", "My own recall")
    assert refused.returncode != 0 and "refused" in refused.stderr  # a PO cannot sign
    assert "Traceback" not in refused.stderr

    _ok(sam.run("sync"))  # the SPO's desk holds the team's cases: it reads the same Part A
    seen = [r for r in json.loads(_ok(sam.run("countersign", "list", "--json")))
            if r["id"] == rec["id"]]
    assert seen and seen[0]["awaiting"] == "SPO"
    early = aco.run("countersign", "sign", str(rec["id"]), "--rationale", ACO_WHY)
    assert early.returncode != 0 and "out of order" in early.stderr  # the SPO signs first
    _ok(sam.run("countersign", "sign", str(rec["id"]), "--rationale", SPO_WHY))
    [after_spo] = [r for r in json.loads(_ok(alice.run("countersign", "list", "--json")))
                   if r["id"] == rec["id"]]
    assert after_spo["status"] == "ACO_SIGNATURE_REQUESTED" and after_spo["awaiting"] == "ACO"

    _ok(aco.run("sync"))
    _ok(aco.run("countersign", "sign", str(rec["id"]), "--rationale", ACO_WHY))
    _ok(alice.run("sync"))
    [done] = json.loads(_ok(alice.run("countersign", "list", "--json", "--offline")))[-1:]
    assert done["status"] == "RECALL_DECIDED" and done["awaiting"] is None
    assert [(s["username"], s["grade"]) for s in done["signatures"]] == [("sam", "SPO"),
                                                                         ("aco", "ACO")]
    assert all(s["content_sha256"] == rec["content_sha256"] for s in done["signatures"])
    assert [s["rationale"] for s in done["signatures"]] == [SPO_WHY, ACO_WHY]

    pdf = tmp_path / "part-a.pdf"
    assert "Issued the" in _ok(alice.run("pack", "recall", "--event", "cs1-e1", "--out",
                                          str(pdf)))
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.read_bytes())).pages)
    flat = " ".join(text.split())
    for words in ("17. Line manager countersignature", "18. Senior manager countersignature",
                  "Senior Probation Officer", "Assistant Chief Officer", "sam", "aco",
                  SPO_WHY, ACO_WHY, "Content of this report (SHA-256)"):
        assert words in flat, words
    assert flat.count(rec["content_sha256"][:24]) >= 3  # each signature and the report's own
    assert "Awaiting countersignature" not in flat and "DRAFT" not in flat


def test_a_recall_is_not_sent_without_both_signatures_nor_changed_while_awaited(hub, owner,
                                                                                laptops) -> None:
    ensure_staff(owner, "cora")
    admin.allocate(owner, "R300002", "cora")
    owner.commit()
    alice = laptops("cora")
    services.import_lines(alice.store, [json.dumps(HEADER)] + [
        json.dumps(r) for r in recall_records("R300002", "cs2-")], "test")
    with pytest.raises(ValidationError, match="ask for countersignature first"):
        services.mark_submitted(alice.store, "cs2-r1", datetime(2026, 11, 20, 11, 0))
    with connected(alice) as conn:
        rec = casework.request(alice.store, conn, "cs2-e1")
    with pytest.raises(ValidationError, match="countersignature and cannot change"):
        services.decide_enforcement(alice.store, "cs2-e1", datetime(2026, 11, 20, 9, 30),
                                    services.Decision.RECALL, "A different story",
                                    recall_type=services.RecallType.STANDARD,
                                    decision_id="cs2-r1")
    with pytest.raises(ValidationError, match="SPO and the ACO have countersigned"):
        services.mark_submitted(alice.store, "cs2-r1", datetime(2026, 11, 20, 11, 0))

    # A modified laptop gains nothing: the hub answers its ops "rejected"...
    with signed_in(hub, "cora") as raw:
        base = raw.execute("SELECT version FROM hub.records WHERE record_id = 'cs2-r1'"
                           ).fetchone()[0]
        answers = raw.execute("SELECT hub.apply_ops('modified', %s)", [psycopg.types.json.Jsonb([
            {"op_id": "018f0000-0000-7000-8000-00000000c201", "device_seq": 1,
             "record_type": "enforcement", "record_id": "cs2-r1", "crn": "R300002",
             "kind": "update", "base_version": base,
             "changes": {"submitted_at": {"old": None, "new": "2026-11-20T11:00"}}},
            {"op_id": "018f0000-0000-7000-8000-00000000c202", "device_seq": 2,
             "record_type": "enforcement", "record_id": "cs2-r1", "crn": "R300002",
             "kind": "update", "base_version": base,
             "changes": {"rationale": {"old": None, "new": "Rewritten after the request"}}},
        ])]).fetchone()[0]
        raw.commit()
        assert [a["status"] for a in answers] == ["rejected", "rejected"]
        assert "SPO and the ACO have signed" in answers[0]["reason"]
        assert "awaiting countersignature" in answers[1]["reason"]
        # ...and there is no other path: a login role writes no table.
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            raw.execute("UPDATE hub.records SET data = data || "
                        "'{\"submitted_at\": \"2026-11-20T11:00\"}' WHERE record_id = 'cs2-r1'")
        raw.rollback()
    assert rec.awaiting == "SPO"


def test_a_signature_on_content_since_changed_is_refused_by_the_hub(hub, owner, laptops) -> None:
    ensure_staff(owner, "cora")
    admin.allocate(owner, "R300003", "cora")
    owner.commit()
    alice, sam = laptops("cora"), laptops("sam")
    services.import_lines(alice.store, [json.dumps(HEADER)] + [
        json.dumps(r) for r in recall_records("R300003", "cs3-")], "test")
    with connected(alice) as conn:
        first = casework.request(alice.store, conn, "cs3-e1")
    sam.sync()
    with connected(sam) as conn:
        [seen] = [r for r in casework.refresh(sam.store, conn) if r.id == first.id]
    read = casework.part_a_sha(sam.store, seen)
    assert read == first.content_sha256  # the SPO's copy gives the officer's hash

    event = alice.store.record("event", "cs3-e1")
    alice.store.save([dict(event, offence="Robbery")], "save")  # the Part A changes
    with connected(alice) as conn:
        second = casework.request(alice.store, conn, "cs3-e1")
    assert second.id == first.id and second.content_sha256 != first.content_sha256

    with connected(sam) as conn:
        with pytest.raises(UserFacingError, match="changed since it was read"):
            casework.sign(sam.store, conn, first.id, SPO_WHY, read_sha=read)
        with pytest.raises(psycopg.errors.SerializationFailure):  # the database's own refusal
            conn.execute("SELECT hub.countersign(%s, %s, %s)", [first.id, read, SPO_WHY])
        conn.rollback()
        signed = casework.sign(sam.store, conn, first.id, SPO_WHY)  # syncs, reads, signs
    assert signed.status == "ACO_SIGNATURE_REQUESTED"
    assert signed.current_signatures()[0].content_sha256 == second.content_sha256


def test_only_an_spo_of_the_team_signs_as_spo_and_only_an_aco_as_aco(hub, owner,
                                                                    laptops) -> None:
    ensure_staff(owner, "cora")
    admin.allocate(owner, "R300004", "cora")
    owner.commit()
    if "swa_spo" not in {s.username for s in admin.staff_list(owner)}:
        admin.add_staff(owner, "swa_spo", "SPO", "SWA1", PASSWORD)
        owner.commit()
    alice = laptops("cora")
    services.import_lines(alice.store, [json.dumps(HEADER)] + [
        json.dumps(r) for r in recall_records("R300004", "cs4-")], "test")
    with connected(alice) as conn:
        rec = casework.request(alice.store, conn, "cs4-e1")
    sha = rec.content_sha256
    insert = ("INSERT INTO hub.recommendation_status (recommendation_id, status, username, "
              "grade, content_sha256, rationale) VALUES (%s, %s, %s, %s, %s, 'Approved')")
    with signed_in(hub, "cora") as raw:  # the PO, claiming to be an SPO, then as themselves
        for username, grade in (("cora", "SPO"), ("cora", "PO"), ("sam", "SPO")):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                raw.execute(insert, [rec.id, "SPO_SIGNED", username, grade, sha])
            raw.rollback()
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            raw.execute("SELECT hub.countersign(%s, %s, 'Approved')", [rec.id, sha])
        raw.rollback()
    with signed_in(hub, "swa_spo") as raw:  # an SPO, but of another team
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            raw.execute(insert, [rec.id, "SPO_SIGNED", "swa_spo", "SPO", sha])
        raw.rollback()
    with signed_in(hub, "sam") as raw:  # the team's SPO signs, but cannot sign as the ACO too
        assert team.sign(raw, rec.id, sha, SPO_WHY) == "ACO_SIGNATURE_REQUESTED"
        for grade in ("ACO", "SPO"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                raw.execute(insert, [rec.id, "ACO_SIGNED", "sam", grade, sha])
            raw.rollback()
        # Nor sign again through the hub's own function: the SPO's step is done.
        with pytest.raises(UserFacingError, match="out of order"):
            team.sign(raw, rec.id, sha, SPO_WHY)
    with signed_in(hub, "cora") as raw:  # nor can anyone skip the ACO
        for status in ("ACO_SIGNED", "RECALL_DECIDED"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                raw.execute(insert, [rec.id, status, "cora", "PO", sha])
            raw.rollback()
        with pytest.raises(UserFacingError, match="only an SPO or an ACO"):
            team.sign(raw, rec.id, sha, "I sign my own request")


def test_a_decision_not_to_recall_needs_the_spo_only(hub, owner, laptops) -> None:
    ensure_staff(owner, "cora")
    admin.allocate(owner, "R300005", "cora")
    owner.commit()
    cora, sam = laptops("cora"), laptops("sam")
    records = recall_records("R300005", "cs5-", decision="no_recall",
                             rationale="Engaging again since the home visit; risk managed.")
    records[-1].pop("recall_type")
    services.import_lines(cora.store, [json.dumps(HEADER)] + [json.dumps(r) for r in records],
                          "test")
    with connected(cora) as conn:
        rec = casework.request(cora.store, conn, "cs5-e1")
    assert rec.decision == "no_recall" and rec.awaiting == "SPO"
    sam.sync()
    with connected(sam) as conn:
        done = casework.sign(sam.store, conn, rec.id, "Agree: the risk is managed.")
    assert done.status == "NO_RECALL_DECIDED" and done.awaiting is None
    assert [s.grade for s in done.signatures] == ["SPO"]


def test_no_one_countersigns_their_own_request(hub, owner, laptops) -> None:
    admin.allocate(owner, "R300006", "sam")  # an SPO holding a case of their own
    owner.commit()
    sam = laptops("sam")
    services.import_lines(sam.store, [json.dumps(HEADER)] + [
        json.dumps(r) for r in recall_records("R300006", "cs6-")], "test")
    with connected(sam) as conn:
        rec = casework.request(sam.store, conn, "cs6-e1")
        with pytest.raises(UserFacingError, match="refused"):
            casework.sign(sam.store, conn, rec.id, "Signing my own recall")
    with signed_in(hub, "sam") as raw, pytest.raises(psycopg.errors.InsufficientPrivilege):
        raw.execute("INSERT INTO hub.recommendation_status (recommendation_id, status, "
                    "username, grade, content_sha256, rationale) VALUES (%s, "
                    "'SPO_SIGNED', 'sam', 'SPO', %s, 'Mine')", [rec.id, rec.content_sha256])


def test_a_part_a_names_its_countersigner_as_the_national_form_does(hub, owner, laptops,
                                                                     tmp_path) -> None:
    from forms.render import render_pack
    from officer_desk.packs import build_pack_inputs
    from officer_desk.policy import load_policy

    if "sian" not in {s.username for s in admin.staff_list(owner)}:
        admin.add_staff(owner, "sian", "SPO", "NAM1", PASSWORD, full_name="Siân Ifans",
                        phone="029 2000 1234", email="sian.ifans@probation.example.gov.uk")
    ensure_staff(owner, "nel", "PO", "NAM1")
    admin.allocate(owner, "R300009", "nel")
    owner.commit()
    nel, sian, aco = laptops("nel"), laptops("sian"), laptops("aco")
    services.import_lines(nel.store, [json.dumps(HEADER)] + [
        json.dumps(r) for r in recall_records("R300009", "cs9-")], "test")
    with connected(nel) as conn:
        rec = casework.request(nel.store, conn, "cs9-e1")
    sian.sync()
    with connected(sian) as conn:
        casework.sign(sian.store, conn, rec.id, SPO_WHY)
    aco.sync()
    with connected(aco) as conn:
        casework.sign(aco.store, conn, rec.id, ACO_WHY)
    nel.sync()
    from officer_desk import countersign

    inputs = build_pack_inputs("recall", nel.store.caseload(), "cs9-e1", load_policy(),
                               on=date.today(), officer="Nel Parry", check=False,
                               countersign=countersign.team_state(nel.store))
    text = " ".join(" ".join(p.extract_text().split()) for p in
                    PdfReader(io.BytesIO(render_pack(inputs))).pages)
    # The section itself (not the contents, nor a page header naming it): up to section 18.
    end = text.rindex("18. Senior manager countersignature")
    section = text[text.rindex("17. Line manager countersignature", 0, end):end]
    for words in ("Siân Ifans", "Senior Probation Officer", "029 2000 1234",
                  "sian.ifans@probation.example.gov.uk"):
        assert words in section, words
    assert "Signed by sian" not in section  # never by a login name when the hub gives one
