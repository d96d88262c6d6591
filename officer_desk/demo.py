"""A realistic synthetic caseload for trying Officer Desk out: no real person is in it.

About forty people with every event kind, two years of appointments with some failures and the
responses to them (warnings, a breach, a recall in progress), assessments, plans, reviews,
contacts and home visits, and names from the communities officers work with. The same seed and
the same "today" always give the same caseload.
"""

from __future__ import annotations

import random
import uuid
from datetime import date, datetime, time, timedelta
from typing import Any

from officer_desk.dates import add_months, iso_date, iso_datetime
from officer_desk.working_days import add_working_days, is_working_day

SEED = 20261124
WELSH_SPEAKERS = {("Dafydd", "ap Gruffydd"), ("Rhys", "Llewelyn"), ("Bethan", "Pryce")}

NAMES = [
    ("Łukasz", "Żółć", "male"), ("Siobhán", "Ó Briain", "female"), ("Nguyễn Văn", "An", "male"),
    ("Aoife", "Ní Dhomhnaill", "female"), ("Dafydd", "ap Gruffydd", "male"),
    ("Chloë", "Brontë-Hughes", "female"), ("Mohammed", "Al-Rashid", "male"),
    ("Zoë", "Kowalczyk", "female"), ("Jamal", "Okonkwo", "male"), ("Grace", "Mensah", "female"),
    ("Tomás", "García López", "male"), ("Ayşe", "Yılmaz", "female"), ("Rhys", "Llewelyn", "male"),
    ("Priya", "Sharma", "female"), ("Darius", "Nowak", "male"), ("Kerry-Ann", "Campbell", "female"),
    ("Connor", "McAllister", "male"), ("Ioana", "Popescu", "female"), ("Kwame", "Asante", "male"),
    ("Bethan", "Pryce", "female"), ("Stefan", "Müller", "male"), ("Fatima", "Begum", "female"),
    ("Liam", "O'Sullivan", "male"), ("Olamide", "Adeyemi", "female"), ("Jonas", "Petrauskas", "male"),
    ("Maria", "Conceição", "female"), ("Dylan", "Jones", "male"), ("Leah", "Thompson", "female"),
    ("Bartosz", "Wiśniewski", "male"), ("Hana", "Dvořáková", "female"), ("Callum", "Reid", "male"),
    ("Amira", "Haddad", "female"), ("Wayne", "Fletcher", "male"), ("Naomi", "Clarke", "female"),
    ("Emre", "Demir", "male"), ("Sinéad", "Byrne", "female"), ("Ravi", "Patel", "male"),
    ("Gemma", "Lloyd", "female"), ("Tyrone", "Williams", "male"), ("Élodie", "Mercier", "female"),
]
COURTS = ["Cardiff Magistrates' Court", "Manchester Crown Court", "Leeds Magistrates' Court",
          "Highbury Corner Magistrates' Court", "Bristol Crown Court", "Swansea Magistrates' Court"]
OFFENCES = ["Theft from a shop", "Assault by beating", "Possession of a class A drug with intent "
            "to supply", "Burglary (dwelling)", "Criminal damage", "Driving while disqualified",
            "Harassment", "Fraud by false representation", "Possession of a bladed article",
            "Affray"]
NEEDS = ["accommodation", "education, training and employment", "finance, benefits and debt",
         "drugs", "alcohol", "mental health", "relationships and family",
         "attitudes, thinking and behaviour"]
LICENCE_CONDITIONS = [
    ("1a", "Be of good behaviour and not behave in a way which undermines the purpose of the "
           "licence period."),
    ("1b", "Not commit any offence."),
    ("1c", "Keep in touch with the supervising officer in accordance with instructions given."),
    ("1d", "Receive visits from the supervising officer in accordance with instructions given."),
    ("1e", "Reside permanently at an address approved by the supervising officer."),
]
PSS_CONDITIONS = [
    ("a", "Be of good behaviour and not behave in a way which undermines the purpose of the "
          "supervision period (CJA 2003 s256AB(1)(a))."),
    ("c", "Keep in touch with the supervisor in accordance with instructions given "
          "(s256AB(1)(c))."),
    ("e", "Reside permanently at an address approved by the supervisor (s256AB(1)(e))."),
]
REASONS_OK = ["GP appointment, note provided", "Child unwell, school letter provided",
              "Job interview, letter from employer", "Hospital admission, discharge letter"]
REASONS_BAD = ["Overslept, no evidence", "Said he forgot", "No contact, no explanation",
               "Went to a friend's instead", "Arrived intoxicated and was sent home"]


class _Ids:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def new(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))


def _at(day: date, hour: int, minute: int = 0) -> str:
    return iso_datetime(datetime.combine(day, time(hour, minute)))


def _next_working(day: date) -> date:
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def demo_records(today: date, seed: int = SEED,
                 now: datetime | None = None) -> list[dict[str, Any]]:
    """The demo caseload's exchange records, anchored on ``today``.

    ``now`` is the moment the demo is made (midday on ``today`` without it): whatever the demo
    says was done (a decision, a signature, a call) is before it, so every step of the demo can
    be walked through at once, at any hour (a recall decided "later today" could not be sent).
    """
    moment = now.replace(second=0, microsecond=0) if now and now.date() == today \
        else datetime.combine(today, time(12, 0))
    rng = random.Random(seed)
    ids = _Ids(rng)
    out: list[dict[str, Any]] = []
    used_crns: set[str] = set()
    for index, (given, family, gender) in enumerate(NAMES):
        while True:
            crn = f"{rng.choice('ABCDEFGHJKLMNPRSTVWX')}{rng.randint(100000, 999999)}"
            if crn not in used_crns:
                used_crns.add(crn)
                break
        out.append(_person(ids, rng, crn, given, family, gender, index))
        plan = index % 10
        if plan in (0, 1, 2, 3):
            out += _order_case(ids, rng, crn, today, "community_order", index)
        elif plan in (4, 5):
            out += _order_case(ids, rng, crn, today, "suspended_sentence_order", index)
        elif plan in (6, 7, 8):
            out += _licence_case(ids, rng, crn, today, index, moment)
        else:
            out += _pss_case(ids, rng, crn, today, index)
    out = [r for r in out if r["type"] != "contact" or r["at"] <= iso_datetime(moment)]
    return _inspection_ready(out, today, seed)


def _inspection_ready(records: list[dict[str, Any]], today: date,
                      seed: int) -> list[dict[str, Any]]:
    """Enquiries, assessments and plans that answer the inspectors' questions, mostly.

    Added after the rest with a generator of their own, so the seeded people and events stay
    as they were. A few cases keep a gap an inspector would find: an enquiry never asked for,
    one not yet answered, an answer with concerns and nothing done, a change not yet reviewed.
    """
    ids = _Ids(random.Random(seed + 17))
    events = [r for r in records if r["type"] == "event"]
    people = {r["crn"]: r for r in records if r["type"] == "person"}
    for r in records:
        if r["type"] == "assessment":
            r.update({"rosh_public": "low", "rosh_known_adult": "medium",
                      "rosh_children": "low", "rosh_staff": "low",
                      "at_risk": "A former partner, when he or she has been drinking",
                      "diversity": "None affecting engagement",
                      "persons_view": "Wants to keep out of trouble and keep working"})
        elif r["type"] == "sentence_plan":
            r.update({"strengths_used": ["supportive family"],
                      "persons_words": "Stay out of trouble and get back to work"})
            needs = [o["need"] for o in r.get("objectives", [])]
            if "risk of harm" not in needs:
                r["not_addressed"] = {"risk of harm": "Managed through contact and the "
                                                      "licence or order conditions"}
    extra: list[dict[str, Any]] = []
    for n, e in enumerate(events):
        start = e.get("allocation_date") or e.get("release_date") or e.get("start_date")
        if not start or date.fromisoformat(start) > today:
            continue
        asked = add_working_days(date.fromisoformat(start), 1)
        if asked > today:
            continue
        domestic = any("domestic" in f for f in people[e["crn"]].get("flags", []))
        for kind in ("domestic_abuse", "child_safeguarding"):
            if n % 13 == 4 and kind == "child_safeguarding":
                continue  # never asked for: overdue
            enquiry: dict[str, Any] = {"type": "enquiry", "id": ids.new(), "event_id": e["id"],
                                       "kind": kind, "requested_on": iso_date(asked)}
            back = asked + timedelta(days=3 if kind == "domestic_abuse" else 6)
            if n % 11 != 7 and back <= today:  # otherwise: still waiting for the answer
                concerns = kind == "domestic_abuse" and domestic
                enquiry.update({
                    "returned_on": iso_date(back), "concerns": concerns,
                    "result": ("Call-outs to a former partner's address on record"
                               if concerns else "Nothing on record")})
                if concerns and n % 5 != 2:
                    enquiry["action_taken"] = "Risk to a known adult raised; plan updated"
            extra.append(enquiry)
        if n % 9 == 5 and e.get("end_date", "9999") >= iso_date(today):
            extra.append({"type": "significant_change", "id": ids.new(), "event_id": e["id"],
                          "on": iso_date(today - timedelta(days=6)), "kind": "new_address",
                          "note": "Moved in with a friend"})
    return records + extra


def _person(ids: _Ids, rng: random.Random, crn: str, given: str, family: str, gender: str,
            index: int) -> dict[str, Any]:
    born = date(1965 + rng.randint(0, 40), rng.randint(1, 12), rng.randint(1, 28))
    street = rng.choice(["Heol y Frenhines", "Station Road", "Church Street", "Mill Lane",
                         "Victoria Terrace", "Ffordd yr Eglwys", "Albert Road"])
    person: dict[str, Any] = {
        "type": "person", "id": ids.new(), "crn": crn, "given_name": given,
        "family_name": family, "date_of_birth": iso_date(born),
        "pnc": f"{born.year % 100:02d}/{rng.randint(100000, 999999)}{rng.choice('ABCDEFGHJK')}",
        "cro": f"{rng.randint(10000, 99999)}/{born.year % 100:02d}{rng.choice('ABCDEFGH')}",
        "noms": f"{rng.choice('AG')}{rng.randint(1000, 9999)}{rng.choice('ABCDEF')}"
                f"{rng.choice('ABCDEF')}",
        "gender": gender, "ethnicity": rng.choice(["White: British", "White: Irish",
                                                   "White: Other", "Black: African",
                                                   "Asian: Indian", "Mixed", "Not recorded"]),
        "addresses": [{"lines": [f"{rng.randint(1, 120)} {street}",
                                 rng.choice(["Cardiff", "Leeds", "Manchester", "Bristol",
                                             "London", "Swansea"])],
                       "postcode": f"{rng.choice(['CF', 'LS', 'M', 'BS', 'N', 'SA'])}"
                                   f"{rng.randint(1, 24)} {rng.randint(1, 9)}"
                                   f"{rng.choice('ABDEFGHJ')}{rng.choice('LNPQRSTU')}",
                       "from": iso_date(born + timedelta(days=365 * 20))}],
        "phone": f"07{rng.randint(100000000, 999999999)}",
        "flags": [],
    }
    if index % 7 == 3:
        person["flags"].append("domestic abuse perpetrator")
    if index % 11 == 5:
        person["flags"].append("child safeguarding")
    if index % 5 == 1:
        person["aliases"] = [f"{given[0]}. {family}"]
    if (given, family) in WELSH_SPEAKERS:
        person["language"] = "cy"  # letters in Welsh and English
    return person


def _assessment(ids: _Ids, rng: random.Random, event_id: str, on: date, rosh: str,
                today: date) -> list[dict]:
    needs = rng.sample(NEEDS, 3)
    plan_day = add_working_days(on, rng.randint(3, 10))
    recs: list[dict[str, Any]] = [
        {"type": "assessment", "id": ids.new(), "event_id": event_id,
         "completed_on": iso_date(on), "rosh": rosh,
         "likelihood_of_reoffending": rng.choice(["low", "medium", "high"]), "needs": needs,
         "strengths": rng.sample(["supportive family", "motivated to work", "stable housing",
                                  "engages well", "abstinent for six months"], 2)},
        {"type": "sentence_plan", "id": ids.new(), "event_id": event_id,
         "completed_on": iso_date(plan_day),
         "objectives": [{"need": n, "text": f"Work on {n} with support and named referrals",
                         "progress": rng.choice(["not started", "some progress",
                                                 "good progress"])} for n in needs]},
    ]
    review = plan_day + timedelta(days=rng.randint(95, 110))
    while review < today - timedelta(days=3):
        recs.append({"type": "review", "id": ids.new(), "event_id": event_id,
                     "completed_on": iso_date(review)})
        review += timedelta(days=rng.randint(95, 112))
    return recs


def _appointments(ids: _Ids, rng: random.Random, event_id: str, start: date, until: date,
                  today: date, warn_mode: str, order: bool) -> list[dict[str, Any]]:
    """Weekly then fortnightly appointments with failures, warnings and decisions."""
    recs: list[dict[str, Any]] = []
    day = _next_working(start + timedelta(days=rng.randint(1, 3)))
    first = True
    warned_on: date | None = None
    n = 0
    while day <= until:
        n += 1
        kind = "induction" if first else rng.choice(
            ["supervision"] * 6 + (["unpaid_work", "programme"] if order else ["other"]))
        appt: dict[str, Any] = {"type": "appointment", "id": ids.new(), "event_id": event_id,
                                "start": _at(day, rng.choice([9, 10, 11, 14, 15])),
                                "kind": kind, "location": rng.choice(
                                    ["Probation office", "Community hub", "Unpaid work site"])}
        if day < today:
            roll = rng.random()
            if first or roll > 0.08:
                appt["outcome"] = "attended"
                appt["notes"] = rng.choice(["Discussed progress against plan.",
                                            "Reviewed housing situation.",
                                            "Completed session on thinking skills.",
                                            "Talked about employment options."])
            else:
                appt["outcome"] = rng.choice(["failed_to_attend"] * 4 + ["failed_to_comply"])
                recent = (today - day).days < 8
                if recent and warn_mode != "decided":
                    appt["absence"] = "pending"
                else:
                    good = rng.random() < 0.4
                    appt["absence"] = "acceptable" if good else "unacceptable"
                    decided = add_working_days(day, rng.randint(2, 5))
                    appt["absence_decided_on"] = iso_date(min(decided, today))
                    appt["reason"] = rng.choice(REASONS_OK if good else REASONS_BAD)
                    if not good and order:
                        live = warned_on is not None and day <= add_months(warned_on, 12)
                        if not live:
                            warned_on = add_working_days(day, 2)
                            if warned_on <= today:
                                recs.append({"type": "warning", "id": ids.new(),
                                             "event_id": event_id, "date": iso_date(warned_on),
                                             "failure_ids": [appt["id"]],
                                             "letter_sent_on": iso_date(warned_on)})
                        else:
                            decided_at = add_working_days(day, 5)
                            laid = add_working_days(decided_at, 4)
                            if decided_at <= today and warn_mode != "open_breach":
                                decision = {
                                    "type": "enforcement", "id": ids.new(), "event_id": event_id,
                                    "decided_at": _at(decided_at, 16),
                                    "decision": "no_breach" if rng.random() < 0.5 else "breach",
                                    **({"submitted_at": _at(laid, 11)} if laid < today else {}),
                                    "rationale": "Second unacceptable failure within 12 months "
                                                 "of the warning; reasons explored with the "
                                                 "person and manager consulted."}
                                # Kept only from a day before the demo's, so 16:00 has passed
                                # whatever the hour it is made (and the same random draws are
                                # taken either way); laid at court once that day has passed.
                                if decided_at < today:
                                    recs.append(decision)
        recs.append(appt)
        first = False
        step = 7 if (day - start).days < 84 else 14
        day = _next_working(day + timedelta(days=step))
    return recs


def _contacts(ids: _Ids, rng: random.Random, event_id: str, start: date, until: date) -> list[dict]:
    recs = []
    day = start + timedelta(days=rng.randint(10, 20))
    while day <= until:
        recs.append({"type": "contact", "id": ids.new(), "event_id": event_id,
                     "at": _at(day, rng.choice([10, 13, 16]), 30),
                     "mode": rng.choice(["telephone", "telephone", "partner_agency", "video"]),
                     "summary": rng.choice(["Check-in call about appointments this week.",
                                            "Spoke to housing officer about tenancy.",
                                            "Call with drug service key worker."])})
        day += timedelta(days=rng.randint(20, 45))
    return recs


def _order_case(ids: _Ids, rng: random.Random, crn: str, today: date, kind: str,
                index: int) -> list[dict[str, Any]]:
    recs: list[dict[str, Any]] = []
    event_id = ids.new()
    if index in (3, 13):  # newly allocated: induction due
        sentenced = today - timedelta(days=rng.randint(1, 4))
    else:
        sentenced = today - timedelta(days=rng.randint(60, 700))
    allocated = add_working_days(sentenced, 1)
    months = rng.choice([12, 18, 24])
    end = add_months(sentenced, months)
    rosh = rng.choice(["low", "medium", "medium", "high"])
    event = {
        "type": "event", "id": event_id, "crn": crn, "kind": kind,
        "sentence_date": iso_date(sentenced), "allocation_date": iso_date(allocated),
        "start_date": iso_date(sentenced), "end_date": iso_date(end),
        "court": rng.choice(COURTS), "offence": rng.choice(OFFENCES), "rosh": rosh,
        "requirements": [{"kind": "rehabilitation_activity", "amount": rng.choice([10, 20, 30]),
                          "unit": "days"},
                         {"kind": "unpaid_work", "amount": rng.choice([60, 100, 150]),
                          "unit": "hours"}],
    }
    if kind == "suspended_sentence_order":
        event["custodial_term_days"] = rng.choice([112, 182, 365])
    recs.append(event)
    if index in (3, 13):
        return recs
    mode = "open_breach" if index in (10, 20) else "normal"
    until = min(end, today + timedelta(days=14))
    appts = _appointments(ids, rng, event_id, allocated, until, today, mode, True)
    recs += appts
    recs += _contacts(ids, rng, event_id, allocated, min(end, today))
    if index not in (0,):  # one case without a plan: sentence plan overdue
        recs += _assessment(ids, rng, event_id, add_working_days(allocated, 3), rosh, today)
    if index in (10, 20):
        # A second failure after a live warning, judged unacceptable: breach decision due.
        failure = {"type": "appointment", "id": ids.new(), "event_id": event_id,
                   "start": _at(add_working_days(today, -3) if False else
                                _back_working(today, 2), 10), "kind": "supervision",
                   "outcome": "failed_to_attend", "absence": "unacceptable",
                   "absence_decided_on": iso_date(today), "reason": "No contact, no explanation"}
        warning = {"type": "warning", "id": ids.new(), "event_id": event_id,
                   "date": iso_date(today - timedelta(days=60)), "failure_ids": []}
        recs += [warning, failure]
    if index == 30:
        # A breach the court can hear: a failure, a warning for it, then a later failure
        # within the warning's 12 months, judged unacceptable before the decision.
        first_day, later_day = _back_working(today, 30), _back_working(today, 8)
        first = {"type": "appointment", "id": ids.new(), "event_id": event_id,
                 "start": _at(first_day, 11), "kind": "supervision",
                 "location": "Probation office", "outcome": "failed_to_attend",
                 "absence": "unacceptable",
                 "absence_decided_on": iso_date(add_working_days(first_day, 2)),
                 "reason": "Said he overslept; no evidence given"}
        warned = add_working_days(first_day, 3)
        warning = {"type": "warning", "id": ids.new(), "event_id": event_id,
                   "date": iso_date(warned), "failure_ids": [first["id"]],
                   "letter_sent_on": iso_date(warned)}
        later = {"type": "appointment", "id": ids.new(), "event_id": event_id,
                 "start": _at(later_day, 14), "kind": "unpaid_work",
                 "location": "Unpaid work site", "outcome": "failed_to_attend",
                 "absence": "unacceptable",
                 "absence_decided_on": iso_date(add_working_days(later_day, 2)),
                 "reason": "No contact; no explanation given"}
        recs += [first, warning, later,
                 {"type": "enforcement", "id": ids.new(), "event_id": event_id,
                  "decided_at": _at(_back_working(today, 3), 15), "decision": "breach",
                  "rationale": "A further unacceptable failure within 12 months of the "
                               "warning; increased reporting and a home visit tried. Propose "
                               "the order continues with a curfew requirement added.",
                  "checklist": _checklist()}]
    if index in (1, 21):
        recs.append({"type": "home_visit", "id": ids.new(), "event_id": event_id,
                     "planned_at": _at(today + timedelta(days=3), 11),
                     "purpose": "Check accommodation and see partner",
                     "risk_info": "Dog at the address; partner known to police",
                     "second_worker": True,
                     "checkin_by": _at(today + timedelta(days=3), 12, 30)})
    return recs


def _back_working(day: date, n: int) -> date:
    count = 0
    while count < n:
        day -= timedelta(days=1)
        if is_working_day(day):
            count += 1
    return day


def _checklist() -> dict[str, Any]:
    return {
        "reasons_explored": {"answer": "yes", "reason": "Discussed at two appointments and by "
                                                        "telephone; no acceptable reason given."},
        "home_visit_considered": {"answer": "yes", "reason": "Home visit made; not in, card left."},
        "alternatives_considered": {"answer": "yes", "reason": "Increased reporting and a "
                                                               "referral to the drug service."},
        "diversity_considered": {"answer": "yes", "reason": "No needs affecting attendance "
                                                            "identified."},
        "manager_consulted": {"answer": "yes", "reason": "Discussed with the senior probation "
                                                         "officer."},
    }


def _licence_case(ids: _Ids, rng: random.Random, crn: str, today: date,
                  index: int, moment: datetime) -> list[dict[str, Any]]:
    recs: list[dict[str, Any]] = []
    event_id = ids.new()
    released = today - timedelta(days=rng.randint(20, 500)) if index != 16 else today
    term = rng.choice([240, 400, 730, 1460])
    if index == 6:  # recall in progress: a long licence, released five months ago
        released, term = today - timedelta(days=150), 1460
    end = released + timedelta(days=term // 2)
    rosh = rng.choice(["medium", "high", "very_high"])
    event = {"type": "event", "id": event_id, "crn": crn, "kind": "licence",
             "sentence_date": iso_date(released - timedelta(days=term // 2)),
             "release_date": iso_date(released), "start_date": iso_date(released),
             "end_date": iso_date(end), "custodial_term_days": term,
             "court": rng.choice(COURTS), "offence": rng.choice(OFFENCES), "rosh": rosh,
             "mappa": {"category": rng.choice([1, 2, 3]), "level": rng.choice([1, 2])},
             "extended_sentence": index == 26, "indeterminate": False,
             "conditions": [{"code": c, "text": t} for c, t in LICENCE_CONDITIONS] + [
                 {"code": "AC7", "text": "Not to contact the victim directly or indirectly."}],
             "offence_date": iso_date(released - timedelta(days=term // 2 + 90)),
             "sentence_expiry_date": iso_date(released + timedelta(days=term // 2)),
             "prison_number": f"A{4100 + index}BC", "releasing_prison": "HMP Cardiff",
             "region": "Wales", "team": "Cardiff South",
             "index_offence_analysis": "Offence committed after drinking, against a former "
                                       "partner; pattern of controlling behaviour."}
    recs.append(event)
    if index == 16:
        return recs  # released today: induction due tomorrow
    until = min(end, today + timedelta(days=10))
    recs += _appointments(ids, rng, event_id, released, until, today, "normal", False)
    recs += _contacts(ids, rng, event_id, released, min(end, today))
    recs += _assessment(ids, rng, event_id, add_working_days(released, 2), rosh, today)
    if index == 17:
        # Recall considered and not taken: the person gets a decision-not-to-recall letter.
        recs.append({"type": "enforcement", "id": ids.new(), "event_id": event_id,
                     "decided_at": _at(_back_working(today, 2), 16), "decision": "no_recall",
                     "rationale": "Missed appointments explained by a family crisis; "
                                  "re-engaged after discussion with the SPO. Risk manageable.",
                     "checklist": _checklist(),
                     "expectations": ["Come to every appointment, on time.",
                                      "Stay at your approved address.",
                                      "Tell me straight away if anything changes."]})
    if index == 6:
        # Decided two and a half hours before the demo was made, both managers' views since.
        decided = moment - timedelta(hours=2, minutes=30 + moment.minute % 5)
        recs.append({"type": "enforcement", "id": ids.new(), "event_id": event_id,
                     "decided_at": iso_datetime(decided), "decision": "recall",
                     "recall_type": "standard",
                     "rationale": "Whereabouts unknown for ten days after leaving approved "
                                  "address; risk to known adult has increased.",
                     "checklist": _checklist(),
                     "conditions_breached": ["1c", "1e"],
                     "custody_status": "At large; last known at a friend's address in the "
                                       "city centre.",
                     "victims": "Victim contact scheme: yes. Victim liaison officer informed "
                                "of the decision.",
                     "police_contact": "Local police informed; no known risks to arresting "
                                       "officers beyond a history of resisting arrest.",
                     "vulnerabilities": "Alcohol misuse; previous self-harm (2023).",
                     "response_to_supervision": "Reported as directed for three months, then "
                                                "missed appointments and left the approved "
                                                "address without permission.",
                     "rosh_manageable": False,
                     "rosh_public": "medium", "rosh_known_adult": "high",
                     "rosh_children": "low", "rosh_staff": "medium", "rosh_prisoners": "low",
                     "previous_releases": "None: first custodial sentence",
                     "previous_recalls": "None",
                     "rosh_narrative": "Risk to a former partner (known adult) of violence "
                                       "when drinking; raised since contact resumed.",
                     "police_contact_name": "PC Jordan Price",
                     "police_contact_phone": "01632 960 118",
                     "police_contact_email": "jordan.price@police.example",
                     "contraband": "None suspected.",
                     "other_addresses": "A friend's flat above the shops on Market Street "
                                        "(number not known).",
                     "attachments": ["oasys", "previous_convictions", "licence"],
                     "line_manager": {"name": "Sam Hughes (SPO)",
                                      "at": iso_datetime(decided + timedelta(minutes=40)),
                                      "view": "Agree: risk no longer manageable."},
                     "senior_manager": {"name": "Alex Morgan (Head of Service)",
                                        "at": iso_datetime(decided + timedelta(minutes=75)),
                                        "view": "Authorised."}})
    return recs


def _pss_case(ids: _Ids, rng: random.Random, crn: str, today: date,
              index: int) -> list[dict[str, Any]]:
    recs: list[dict[str, Any]] = []
    released = today - timedelta(days=rng.randint(150, 300))
    licence_end = released + timedelta(days=rng.choice([60, 90, 120]))
    pss_ends = add_months(released, 12)
    licence_id, pss_id = ids.new(), ids.new()
    common = {"crn": crn, "court": rng.choice(COURTS), "offence": rng.choice(OFFENCES),
              "sentence_date": iso_date(released - timedelta(days=120)),
              "rosh": rng.choice(["low", "medium"]), "custodial_term_days": 240}
    recs.append({"type": "event", "id": licence_id, "kind": "licence",
                 "release_date": iso_date(released), "start_date": iso_date(released),
                 "end_date": iso_date(licence_end),
                 "conditions": [{"code": c, "text": t} for c, t in LICENCE_CONDITIONS], **common})
    recs.append({"type": "event", "id": pss_id, "kind": "pss",
                 "release_date": iso_date(released),
                 "start_date": iso_date(licence_end + timedelta(days=1)),
                 "end_date": iso_date(pss_ends),
                 "conditions": [{"code": c, "text": t} for c, t in PSS_CONDITIONS], **common})
    recs += _appointments(ids, rng, licence_id, released, licence_end, today, "decided", False)
    recs += _assessment(ids, rng, licence_id, add_working_days(released, 2), common["rosh"], today)
    recs += _appointments(ids, rng, pss_id, licence_end + timedelta(days=1),
                          min(pss_ends, today + timedelta(days=10)), today, "normal", False)
    recs += _assessment(ids, rng, pss_id, add_working_days(licence_end, 3), common["rosh"], today)
    recs.append({"type": "home_visit", "id": ids.new(), "event_id": pss_id,
                 "planned_at": _at(released + timedelta(days=10), 14),
                 "done_at": _at(released + timedelta(days=10), 14),
                 "outcome": "seen", "notes": "Seen at home with mother present. Room tidy; "
                                             "no concerns about children in the household."})
    if index == 19:  # two unacceptable failures on PSS and a breach decision to lay
        for n, back in enumerate((12, 5)):
            day = _back_working(today, back)
            recs.append({"type": "appointment", "id": ids.new(), "event_id": pss_id,
                         "start": _at(day, 11), "kind": "supervision",
                         "outcome": "failed_to_attend", "absence": "unacceptable",
                         "absence_decided_on": iso_date(add_working_days(day, 2)),
                         "reason": ["No contact, no explanation",
                                    "Said he forgot; no evidence"][n]})
        recs.append({"type": "enforcement", "id": ids.new(), "event_id": pss_id,
                     "decided_at": _at(_back_working(today, 1), 14), "decision": "breach",
                     "rationale": "Two unacceptable failures in a fortnight after a home visit "
                                  "and telephone contact; propose a supervision default order "
                                  "of 20 hours unpaid work.",
                     "checklist": _checklist()})
    return recs
