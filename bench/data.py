"""Synthetic caseloads for benchmarks (fixed seed): officer scale and team scale.

Officer: 80 people, two years, about 8,000 appointments and contacts. Team: 800 people, about
200,000 appointments and contacts and 50 MB+ of notes. The shape follows the demo caseload
(failures, warnings, decisions, plans, reviews) so the rules do real work.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Any

from officer_desk.dates import add_months, iso_date, iso_datetime

SCALES = {"officer": (80, 50, 50), "team": (800, 125, 125)}  # people, appts, contacts each
WORDS = ("discussed", "housing", "benefit", "tenancy", "employment", "course", "progress",
         "plan", "risk", "drugs", "alcohol", "family", "children", "partner", "curfew", "unpaid",
         "work", "placement", "referral", "counselling", "attended", "late", "engaged", "well",
         "motivated", "anxious", "stressed", "court", "order", "requirement", "warning")
KINDS = ("community_order", "suspended_sentence_order", "licence", "pss")
CHECKLIST = {k: {"answer": "yes", "reason": "Recorded in the contact log."} for k in (
    "reasons_explored", "home_visit_considered", "alternatives_considered",
    "diversity_considered", "manager_consulted")}


def _note(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def caseload_records(scale: str, today: date = date(2026, 11, 24), seed: int = 7,
                     people: int | None = None) -> list[dict]:
    """Exchange records for a caseload of the given scale; ``people`` sets how many people
    there are at that scale's density (how costs grow with the caseload is measured so)."""
    count, appts_each, contacts_each = SCALES[scale]
    people = count if people is None else people
    rng = random.Random(seed)
    out: list[dict[str, Any]] = []
    for p in range(people):
        crn = f"{'ABCDEFGHJK'[p % 10]}{100000 + p:06d}"  # unique up to 899,999 people
        out.append({"type": "person", "id": f"p{p}", "crn": crn,
                    "given_name": rng.choice(["Łukasz", "Siobhán", "Nguyễn Văn", "Amira", "Rhys",
                                              "Grace", "Tomás", "Priya"]),
                    "family_name": f"{rng.choice(['Żółć', 'Ó Briain', 'An', 'Haddad', 'Jones'])}"
                                   f"-{p}",
                    "date_of_birth": iso_date(date(1970 + p % 35, 1 + p % 12, 1 + p % 28)),
                    "addresses": [{"lines": [f"{p} Station Road", "Cardiff"],
                                   "postcode": "CF10 1AA"}]})
        kind = KINDS[p % 4]
        start = today - timedelta(days=730)
        eid = f"e{p}"
        ev: dict[str, Any] = {"type": "event", "id": eid, "crn": crn, "kind": kind,
                              "sentence_date": iso_date(start), "allocation_date": iso_date(start),
                              "start_date": iso_date(start), "court": "Cardiff Magistrates' Court",
                              "offence": "Theft", "rosh": rng.choice(["low", "medium", "high"]),
                              "requirements": [{"kind": "unpaid_work", "amount": 120,
                                                "unit": "hours"}],
                              "conditions": [{"code": "1c", "text": "Keep in touch"}]}
        if kind in ("licence", "pss"):
            ev["release_date"] = iso_date(start)
            ev["custodial_term_days"] = 1460
        out.append(ev)
        step = 730 / appts_each
        warned: date | None = None
        for a in range(appts_each):
            day = start + timedelta(days=int(a * step) + 1)
            at = datetime.combine(day, time(9 + a % 7))
            rec: dict[str, Any] = {"type": "appointment", "id": f"a{p}-{a}", "event_id": eid,
                                   "start": iso_datetime(at),
                                   "kind": "induction" if a == 0 else "supervision",
                                   "location": "Probation office"}
            if day < today:
                if a and rng.random() < 0.06:
                    rec.update(outcome="failed_to_attend", reason=_note(rng, 8))
                    if (today - day).days > 10:
                        rec.update(absence="unacceptable" if rng.random() < 0.6 else "acceptable",
                                   absence_decided_on=iso_date(day + timedelta(days=3)))
                        if rec["absence"] == "unacceptable" and kind in KINDS[:2]:
                            if warned is None or day > add_months(warned, 12):
                                warned = day + timedelta(days=3)
                                out.append({"type": "warning", "id": f"w{p}-{a}",
                                            "event_id": eid, "date": iso_date(warned),
                                            "failure_ids": [rec["id"]]})
                            else:
                                out.append({"type": "enforcement", "id": f"n{p}-{a}",
                                            "event_id": eid,
                                            "decided_at": iso_datetime(at + timedelta(days=5)),
                                            "decision": "breach", "rationale": _note(rng, 20),
                                            "checklist": CHECKLIST,
                                            "submitted_at": iso_datetime(at + timedelta(days=9))})
                else:
                    rec.update(outcome="attended", notes=_note(rng, 45))
            out.append(rec)
        for c in range(contacts_each):
            at = datetime.combine(start + timedelta(days=int(c * 730 / contacts_each) + 3),
                                  time(13, 30))
            out.append({"type": "contact", "id": f"c{p}-{c}", "event_id": eid,
                        "at": iso_datetime(at), "mode": "telephone",
                        "summary": _note(rng, 45)})
        plan_day = start + timedelta(days=14)
        out.append({"type": "sentence_plan", "id": f"s{p}", "event_id": eid,
                    "completed_on": iso_date(plan_day),
                    "objectives": [{"need": "accommodation", "text": _note(rng, 12)}]})
        review = plan_day + timedelta(days=110)
        r = 0
        while review < today - timedelta(days=rng.randint(0, 100)):
            out.append({"type": "review", "id": f"r{p}-{r}", "event_id": eid,
                        "completed_on": iso_date(review)})
            review += timedelta(days=110)
            r += 1
    return out
