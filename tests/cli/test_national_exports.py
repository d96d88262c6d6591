"""What leaves Officer Desk in the national vocabulary: domain events, the diary, spreadsheets.

Through the real command line on a real caseload; the events file is checked against its
published JSON Schema, the diary is parsed by the iCalendar library, the spreadsheets are read
back as CSV.
"""

from __future__ import annotations

import csv
import json
from datetime import date
from importlib.resources import files
from pathlib import Path

import icalendar
from jsonschema import Draft202012Validator

from tests.forms.conftest import breach_records
from tests.helpers.records import appt, write_jsonl

SCHEMA = Draft202012Validator(json.loads(
    files("resources").joinpath("domain-event.schema.json").read_text(encoding="utf-8")))


def _events(path: Path) -> list[dict]:
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    for event in lines:
        errors = list(SCHEMA.iter_errors(event))
        assert not errors, (event, errors[0].message)
    return lines


def _set_up(cli, tmp_path: Path, records: list[dict] | None = None) -> None:
    cli.run("import", str(write_jsonl(tmp_path / "in.jsonl", records or breach_records())),
            check=True)
    cli.run("office", "--name", "Rhian Evans", "--phone", "029 2000 0000", "--address",
            "1 High Street, Cardiff", check=True)


def test_events_carry_national_codes_and_only_what_changed(initialised, tmp_path) -> None:
    cli = initialised
    _set_up(cli, tmp_path)
    before = tmp_path / "exchange-before.jsonl"
    cli.run("export", "--out", str(before), check=True)

    first = tmp_path / "events-1.jsonl"
    cli.run("export", "--events", "--out", str(first), check=True)
    events = _events(first)
    by_urn = {e["additionalInformation"]["urn"]: e for e in events}
    a1 = by_urn["urn:uk:gov:hmpps:officer-desk:appointment:a1"]
    assert a1["eventType"] == "officer-desk.appointment.outcome-recorded"
    assert a1["additionalInformation"]["outcome"] == "UAAB"
    assert a1["personReference"] == {"identifiers": [{"type": "CRN", "value": "X123456"}]}
    # The appointment's time travels in additionalInformation; the event is when the outcome
    # was recorded here (today), not the appointment's start.
    assert a1["additionalInformation"]["start"] == "2026-06-01T10:00:00+01:00"  # BST
    assert a1["occurredAt"][:10] == date.today().isoformat()
    warning = by_urn["urn:uk:gov:hmpps:officer-desk:warning:w1"]["additionalInformation"]
    assert (warning["enforcementAction"], warning["contactType"]) == ("EA02", "AWLI")
    breach = by_urn["urn:uk:gov:hmpps:officer-desk:enforcement-decision:b1"]
    info = breach["additionalInformation"]
    # Breach initiated is an enforcement action; no breach letter was sent, so no CLBR.
    assert info["enforcementAction"] == "IBR" and "CLBR" not in json.dumps(breach)
    assert "Overslept" not in first.read_text(encoding="utf-8")  # codes, never notes

    again = tmp_path / "events-2.jsonl"
    proc = cli.run("export", "--events", "--out", str(again), check=True)
    assert again.read_text(encoding="utf-8") == "" and "nothing has changed" in proc.stdout

    # One outcome recorded and one letter issued: exactly those two leave next time.
    later = [appt("a4", "2026-12-01T10:00", location="Probation office", outcome="attended")]
    cli.run("import", str(write_jsonl(tmp_path / "later.jsonl", later)), check=True)
    cli.run("pack", "warning-letter", "--event", "e1", "--out", str(tmp_path / "w.pdf"),
            "--on", "2026-06-04", check=True)
    third = tmp_path / "events-3.jsonl"
    cli.run("export", "--events", "--out", str(third), check=True)
    events = _events(third)
    assert [e["eventType"] for e in events] == ["officer-desk.appointment.outcome-recorded",
                                                "officer-desk.document.issued"]
    assert events[0]["additionalInformation"]["outcome"] == "ATTC"
    doc = events[1]["additionalInformation"]
    listed = json.loads(cli.run("documents", "list", "--json", check=True).stdout)[0]
    assert doc["sha256"] == listed["sha256"] and doc["documentKind"] == "warning-letter"
    assert doc["recordUrn"] == "urn:uk:gov:hmpps:officer-desk:warning:w1"

    # The exchange export is exactly as it was (apart from what was imported since).
    after = tmp_path / "exchange-after.jsonl"
    cli.run("export", "--out", str(after), check=True)
    old, new = before.read_text().splitlines(), after.read_text().splitlines()
    assert json.loads(old[0])["format"] == json.loads(new[0])["format"] == "officer-desk-exchange"
    unchanged = [line for line in old[1:] if '"id": "a4"' not in line]
    assert set(unchanged) < set(new[1:]) and len(new) == len(old)


def test_each_kind_of_record_goes_out_as_its_own_event(initialised, tmp_path) -> None:
    """Enquiries, changes of circumstances and oversight entries are events of their own, and
    a cancellation by the service is not written as rescheduled by the service (RSSR)."""
    cli = initialised
    records = breach_records() + [
        {"type": "enquiry", "id": "q1", "event_id": "e1", "kind": "domestic_abuse",
         "requested_on": "2026-06-02"},
        {"type": "significant_change", "id": "s1", "event_id": "e1", "on": "2026-06-05",
         "kind": "new_address", "note": "Moved in with a partner"},
        {"type": "oversight", "id": "o1", "event_id": "e1", "at": "2026-06-06T09:00",
         "by": "Sam Jones", "grade": "SPO", "note": "Agreed the plan"},
        dict(appt("a5", "2026-12-03T09:30", location="Probation office"),
             outcome="cancelled_by_service"),
    ]
    _set_up(cli, tmp_path, records)
    out = tmp_path / "events.jsonl"
    cli.run("export", "--events", "--out", str(out), check=True)
    by_urn = {e["additionalInformation"]["urn"]: e for e in _events(out)}
    kinds = {urn.rsplit(":", 2)[1]: e["eventType"] for urn, e in by_urn.items()}
    assert kinds["enquiry"] == "officer-desk.enquiry.requested"
    assert kinds["change-of-circumstances"] == "officer-desk.change-of-circumstances.recorded"
    assert kinds["management-oversight"] == "officer-desk.management-oversight.recorded"
    assert "officer-desk.person.recorded" not in {
        e["eventType"] for u, e in by_urn.items() if ":person:" not in u}
    oversight = by_urn["urn:uk:gov:hmpps:officer-desk:management-oversight:o1"]
    assert oversight["additionalInformation"]["contactType"] == "MO1"  # general, not recall
    assert "Moved in" not in out.read_text(encoding="utf-8")  # no free text
    cancelled = by_urn["urn:uk:gov:hmpps:officer-desk:appointment:a5"]
    assert cancelled["eventType"] == "officer-desk.appointment.cancelled"
    assert "outcome" not in cancelled["additionalInformation"]
    assert "RSSR" not in out.read_text(encoding="utf-8")


def test_sessions_and_partner_agency_contacts_go_out_as_their_own_types(initialised,
                                                                       tmp_path) -> None:
    """A programme session, an unpaid work session and a contact at a partner agency leave with
    their own national contact types (APAT, CUPA, C314), not "planned contact - other than
    office" (COOO), each outcome from the outcome table beside it."""
    cli = initialised
    records = breach_records() + [
        appt("a5", "2026-10-05T18:00", "programme", location="Probation office",
             outcome="attended"),
        appt("a6", "2026-10-10T09:00", "unpaid_work", location="Community garden",
             outcome="failed_to_attend", absence="unacceptable", absence_decided_on="2026-10-12",
             reason="No explanation"),
        appt("a7", "2026-12-05T09:00", "unpaid_work", location="Community garden"),
        {"type": "contact", "id": "c1", "event_id": "e1", "at": "2026-10-20T11:00",
         "mode": "partner_agency", "summary": "Seen at the housing charity"},
        {"type": "contact", "id": "c2", "event_id": "e1", "at": "2026-10-21T11:00",
         "mode": "hub", "summary": "Seen at the hub"},
    ]
    _set_up(cli, tmp_path, records)
    out = tmp_path / "events.jsonl"
    cli.run("export", "--events", "--out", str(out), check=True)
    info = {e["additionalInformation"]["urn"].rsplit(":", 1)[1]: e["additionalInformation"]
            for e in _events(out)}
    assert (info["a5"]["contactType"], info["a5"]["outcome"]) == ("APAT", "ATTC")
    assert info["a5"]["contactTypeDescription"] == "Programme session"
    assert (info["a6"]["contactType"], info["a6"]["outcome"]) == ("CUPA", "UAAB")
    assert info["a7"]["contactType"] == "CUPA" and "outcome" not in info["a7"]
    assert info["c1"]["contactType"] == "C314" and info["c1"]["mode"] == "partner_agency"
    assert info["c2"]["contactType"] == "COOO"  # the hub is still "other than office"
    assert {info[k]["codeTableVersion"] for k in ("a5", "c1")} == {"2026.3"}
    assert "Seen at" not in out.read_text(encoding="utf-8")  # codes, never notes


def test_a_decision_not_to_recall_is_an_oversight_outcome(initialised, tmp_path) -> None:
    cli = initialised
    records = breach_records()
    records[-1] = {"type": "enforcement", "id": "b1", "event_id": "e1",
                   "decided_at": "2026-11-18T16:00", "decision": "no_recall",
                   "rationale": "Engaging again; manager agreed."}
    cli.run("import", str(write_jsonl(tmp_path / "in.jsonl", records)), check=True)
    out = tmp_path / "events.jsonl"
    cli.run("export", "--events", "--out", str(out), check=True)
    info = {e["additionalInformation"]["urn"]: e for e in _events(out)}[
        "urn:uk:gov:hmpps:officer-desk:enforcement-decision:b1"]["additionalInformation"]
    assert (info["contactType"], info["contactOutcome"]) == ("MO5", "MO11")
    assert "enforcementAction" not in info


def test_the_diary_parses_updates_in_place_and_says_little(initialised, tmp_path) -> None:
    cli = initialised
    records = breach_records()
    records += [appt("a5", "2026-12-03T09:30", location="Doctor's surgery", sensitive=True),
                appt("a6", "2027-04-01T10:00", location="Probation office")]
    _set_up(cli, tmp_path, records)
    first, second = tmp_path / "one.ics", tmp_path / "two.ics"
    for out in (first, second):
        cli.run("calendar", "--out", str(out), "--from", "2026-11-24", "--to", "2027-06-30",
                check=True)
    events = [e for e in icalendar.Calendar.from_ical(first.read_bytes()).walk("VEVENT")]
    again = [e for e in icalendar.Calendar.from_ical(second.read_bytes()).walk("VEVENT")]
    assert [str(e["UID"]) for e in events] == [str(e["UID"]) for e in again]
    assert {str(e["UID"]) for e in events} == {f"appointment-{a}@officer-desk"
                                              for a in ("a4", "a5", "a6")}
    text = first.read_text(encoding="utf-8")
    for secret in ("Nguyễn", "Văn An", "Ffordd yr Eglwys", "CF10 2AB", "surgery"):
        assert secret not in text, secret
    summaries = {str(e["UID"]): str(e["SUMMARY"]) for e in events}
    assert summaries["appointment-a4@officer-desk"] == "Supervision: N.V.A. (X123456)"
    starts = {str(e["UID"]): e["DTSTART"].dt for e in events}
    assert starts["appointment-a4@officer-desk"].utcoffset().total_seconds() == 0  # GMT
    assert starts["appointment-a6@officer-desk"].utcoffset().total_seconds() == 3600  # BST
    assert "TZID:Europe/London" in text
    assert all(str(e["STATUS"]) == "CONFIRMED" for e in events)

    # The surgery appointment is called off: the next diary sends it as cancelled, under the
    # same UID with a SEQUENCE no lower, so Outlook takes it out rather than keeping it.
    cancelled = [dict(appt("a5", "2026-12-03T09:30", location="Doctor's surgery",
                           sensitive=True), outcome="cancelled_by_service")]
    cli.run("import", str(write_jsonl(tmp_path / "cancel.jsonl", cancelled)), check=True)
    third = tmp_path / "three.ics"
    cli.run("calendar", "--out", str(third), "--from", "2026-11-24", "--to", "2027-06-30",
            check=True)
    after = {str(e["UID"]): e for e in icalendar.Calendar.from_ical(third.read_bytes())
             .walk("VEVENT")}
    before = {str(e["UID"]): e for e in events}
    gone = after["appointment-a5@officer-desk"]
    assert str(gone["STATUS"]) == "CANCELLED"
    assert int(gone["SEQUENCE"]) >= int(before["appointment-a5@officer-desk"]["SEQUENCE"]) > 0
    assert str(after["appointment-a6@officer-desk"]["STATUS"]) == "CONFIRMED"

    # From a day in the past, the diary holds what was held then too.
    past = tmp_path / "past.ics"
    cli.run("calendar", "--out", str(past), "--from", "2026-06-01", "--to", "2026-06-30",
            check=True)
    held = {str(e["UID"]) for e in icalendar.Calendar.from_ical(past.read_bytes())
            .walk("VEVENT")}
    assert "appointment-a1@officer-desk" in held


def test_spreadsheets_open_safely_in_excel(initialised, tmp_path) -> None:
    cli = initialised
    records = breach_records(name=("=HYPERLINK(\"http://x\")", "Łukasz"))
    records[2]["reason"] = "+44 7700 900123 called; -2 points @home"
    _set_up(cli, tmp_path, records)
    folder = tmp_path / "sheets"
    cli.run("export", "--csv", str(folder), check=True)
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(f"{t}.csv" for t in ("person", "event", "appointment", "warning",
                                                "enforcement"))
    raw = (folder / "person.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader((folder / "person.csv").read_text(encoding="utf-8-sig")
                               .splitlines()))
    assert rows[0]["given_name"] == "'=HYPERLINK(\"http://x\")"
    assert rows[0]["family_name"] == "Łukasz" and rows[0]["date_of_birth"] == "1990-05-01"
    appointments = {r["id"]: r for r in csv.DictReader(
        (folder / "appointment.csv").read_text(encoding="utf-8-sig").splitlines())}
    assert appointments["a1"]["reason"].startswith("'+44")
    assert appointments["a1"]["start"] == "2026-06-01T10:00"
    # Addresses, requirements and checklists are readable columns, not JSON in a cell.
    assert rows[0]["addresses.1.postcode"] == "CF10 2AB"
    assert rows[0]["addresses.1.lines"] == "12 Ffordd yr Eglwys; Caerdydd"
    event = next(csv.DictReader((folder / "event.csv").read_text(encoding="utf-8-sig")
                                .splitlines()))
    assert (event["requirements.1.kind"], event["requirements.1.amount"]) == ("unpaid_work",
                                                                              "120")
    decision = next(csv.DictReader((folder / "enforcement.csv").read_text(encoding="utf-8-sig")
                                   .splitlines()))
    assert decision["checklist.manager_consulted.answer"] == "yes"
    assert not any(v.startswith(("{", "[")) for r in rows for v in r.values())
    proc = cli.run("export", "--csv", str(folder), "--out", str(tmp_path / "x.jsonl"))
    assert proc.returncode == 1 and "without --out" in proc.stderr


def test_an_unknown_absence_reason_is_refused_on_import(initialised, tmp_path) -> None:
    bad = breach_records()
    bad[2].update(absence="acceptable", absence_reason="AAXX")
    proc = initialised.run("import", str(write_jsonl(tmp_path / "bad.jsonl", bad)))
    assert proc.returncode == 1
    assert "absence_reason" in proc.stderr and "unknown acceptable-absence reason 'AAXX'" \
        in proc.stderr
