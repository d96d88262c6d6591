"""Builders for exchange records in tests: short to write, complete enough to validate."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

HEADER = {"type": "header", "format": "officer-desk-exchange", "schema_version": 1}


def person(crn: str = "X123456", pid: str = "p1", **extra: Any) -> dict[str, Any]:
    return {"type": "person", "id": pid, "crn": crn, "given_name": "Łukasz",
            "family_name": "Żółć", **extra}


def event(eid: str = "e1", crn: str = "X123456", kind: str = "community_order",
          **extra: Any) -> dict[str, Any]:
    return {"type": "event", "id": eid, "crn": crn, "kind": kind, **extra}


def appt(aid: str, start: str, kind: str = "supervision", event_id: str = "e1",
         **extra: Any) -> dict[str, Any]:
    return {"type": "appointment", "id": aid, "event_id": event_id, "start": start,
            "kind": kind, **extra}


def write_jsonl(path: Path, records: list[dict[str, Any]], header: bool = True) -> Path:
    lines = ([json.dumps(HEADER)] if header else []) + [
        json.dumps(r, ensure_ascii=False) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def recall_records(crn: str = "X123456", prefix: str = "", **enforcement_extra: Any) -> list[dict]:
    """A licence with a complete standard recall decision (every Part A field filled in)."""
    conditions = [{"code": "1c", "text": "Keep in touch with the supervising officer."},
                  {"code": "AC7", "text": "Not to contact the victim directly or indirectly."}]
    return [
        {"type": "person", "id": prefix + "p1", "crn": crn, "given_name": "Łukasz",
         "family_name": "Żółć", "date_of_birth": "1980-02-02", "pnc": "2001/0123456A",
         "cro": "012345/01A", "noms": "A1234BC", "ethnicity": "White: Polish",
         "gender": "Male", "preferred_language": "Polish",
         "addresses": [{"lines": ["7 Heol Las", "Caerdydd"], "postcode": "CF5 1AA"}]},
        {"type": "event", "id": prefix + "e1", "crn": crn, "kind": "licence",
         "sentence_date": "2025-01-10", "release_date": "2026-05-01",
         "start_date": "2026-05-01", "end_date": "2027-01-09", "custodial_term_days": 730,
         "court": "Cardiff Crown Court", "offence": "Assault occasioning actual bodily harm",
         "rosh": "high", "mappa": {"category": 1, "level": 1}, "extended_sentence": False,
         "indeterminate": False, "conditions": conditions, "offence_date": "2024-10-03",
         "sentence_expiry_date": "2027-01-09", "prison_number": "A9876ZZ",
         "releasing_prison": "HMP Cardiff", "region": "Wales", "team": "Cardiff South",
         "index_offence_analysis": "Violence when drinking against a former partner."},
        appt(prefix + "a1", "2026-11-16T10:00", event_id=prefix + "e1",
             outcome="failed_to_attend", absence="unacceptable",
             absence_decided_on="2026-11-17", reason="Told the hostel he was going to a clinic",
             sensitive=True),
        {"type": "enforcement", "id": prefix + "r1", "event_id": prefix + "e1",
         "decided_at": "2026-11-20T09:30", "decision": "recall", "recall_type": "standard",
         "rationale": "Whereabouts unknown since 16 Nov; risk to a former partner raised.",
         "checklist": {k: {"answer": "yes", "reason": "Done"} for k in (
             "alternatives_considered", "manager_consulted", "home_visit_considered",
             "risk_reassessed", "reasons_explored", "diversity_considered")},
         "conditions_breached": ["1c"], "custody_status": "At large.",
         "victims": "Victim contact scheme: yes; VLO told 20 Nov 10:00.",
         "police_contact": "No known risks to arresting officers.",
         "police_contact_name": "PC Jordan Price", "police_contact_phone": "01632 960 118",
         "police_contact_email": "jordan.price@police.example",
         "vulnerabilities": "Alcohol misuse.", "contraband": "None suspected.",
         "other_addresses": "Friend's flat, Market Street.",
         "rosh_public": "medium", "rosh_known_adult": "high", "rosh_children": "low",
         "rosh_staff": "medium", "rosh_prisoners": "low",
         "rosh_narrative": "Former partner at risk of violence.",
         "rosh_manageable": False, "attachments": ["oasys", "licence"],
         "line_manager": {"name": "Sam Hughes", "at": "2026-11-20T10:10"},
         "senior_manager": {"name": "Alex Morgan", "at": "2026-11-20T10:45"},
         **enforcement_extra},
    ]
