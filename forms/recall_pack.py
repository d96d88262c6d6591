"""The recall report (Part A) for the Public Protection Casework Section.

Sections follow the national Part A template (anchors-probation-systems.md A1): urgency and
sentence type, personal details, sentence, victims, police and custody, addresses,
vulnerabilities, contraband, MAPPA, risk of serious harm by group, index offence analysis,
licence conditions breached (picked from the licence, code and wording), circumstances and
response to supervision, alternatives tried, fixed-term eligibility and exclusions, author and
region, the two endorsements as given, and the attachments checklist. Part A is disclosed to
the person: sensitive material goes only in the separate non-disclosable section at the end.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, NextPageTemplate, PageBreak

from forms import sections as s
from forms.styles import BANNER, CONTENTS_TITLE
from officer_desk.checklists import RECALL_QUESTIONS
from officer_desk.countersign import STATUS_WORDS
from officer_desk.dates import add_months, uk_date, uk_datetime
from officer_desk.disclosure import appointment_text, non_disclosable
from officer_desk.packs import ROSH_GROUPS, PackInputs, decision_time

RECALL_LABELS = {"standard": "Standard recall", "fixed_term": "Fixed-term recall",
                 "emergency": "Emergency recall"}
LEVELS = {"low": "Low", "medium": "Medium", "high": "High", "very_high": "Very high"}
ATTACHMENTS = (("oasys", "OASys assessment (R6.2 and R10)"), ("psr", "Pre-sentence report"),
               ("previous_convictions", "Previous convictions"), ("licence", "Licence"),
               ("charge_sheets", "Charge sheets (if charged)"))
DISCLOSURE_NOTICE = (
    "This report will be disclosed to the person on licence. Information that must not be "
    "disclosed to them is not in the report: it is in the separate section headed "
    "\"Non-disclosable information\" at the end, which must be removed before disclosure.")
ND_LABELS = {"victims": "Victims", "vulnerabilities": "Vulnerabilities",
             "non_disclosable": "Other information not to be disclosed",
             "rationale": "Circumstances leading to recall"}


def _endorsement(block: Any, role: str) -> list[Flowable]:
    block = block if isinstance(block, dict) else {}
    at = block.get("at")
    try:
        when = uk_datetime(datetime.fromisoformat(at)) if isinstance(at, str) else None
    except ValueError:
        when = at
    return [s.key_values([(f"{role}: name", block.get("name")),
                          ("Date and time endorsed", when),
                          ("View on recall", block.get("view") or block.get("comments")),
                          ("Signature", "\n\n")])]


def _countersignatures(inputs: PackInputs) -> list[Flowable]:
    """Sections 17 and 18 from the team hub: each signature as recorded there."""
    rec = inputs.countersign
    current = rec is not None and rec.content_sha256 == inputs.content_sha256
    signed = {sig.grade: sig for sig in rec.current_signatures()} if rec and current else {}
    out: list[Flowable] = []
    for number, grade, title in (("17", "SPO", "Line manager countersignature"),
                                 ("18", "ACO", "Senior manager countersignature")):
        out.append(s.heading(f"{number}. {title}"))
        sig = signed.get(grade)
        if sig is None:
            state = ("Not yet asked for." if rec is None else
                     "The content has changed since countersignature was asked for: it must "
                     "be asked for again." if not current else
                     f"Awaiting countersignature ({STATUS_WORDS.get(rec.status, rec.status)}).")
            out.append(s.key_values([("Countersignature", state)]))
            continue
        out.append(s.key_values([("Signed by", sig.signer), ("Grade", sig.grade_words),
                                 ("Telephone", sig.phone or None), ("Email", sig.email or None),
                                 ("Date and time signed", uk_datetime(sig.at)),
                                 ("Rationale", sig.rationale),
                                 # Two lines of 32: one of 64 runs past the cell's edge.
                                 ("Content signed (SHA-256)",
                                  f"{sig.content_sha256[:32]}\n{sig.content_sha256[32:]}")]))
    out.append(s.p(f"Content of this report (SHA-256): {inputs.content_sha256}. A signature "
                   "above applies to this report only when the two match."))
    return out


def _disclosed(inputs: PackInputs, key: str) -> Any:
    """An enforcement field for the disclosed report, or a pointer to the separate section."""
    if inputs.enforcement is not None and key in non_disclosable(inputs.enforcement):
        return "See the non-disclosable section."
    return inputs.extra.get(key)


def _yes_no_words(value: Any) -> str:
    return {True: "Yes", False: "No"}.get(value, "Not recorded") if isinstance(value, bool) \
        else "Not recorded"


def _yes_no(value: Any) -> Any:
    return value if isinstance(value, bool) else None


def _failures(inputs: PackInputs) -> Flowable:
    if not inputs.failures:
        return s.p("No failures recorded.")
    rows = []
    for f in inputs.failures:
        a = f.appointment
        shown = appointment_text(a, inputs.redact_sensitive)
        reason = ("Withheld: see the non-disclosable section" if shown.withheld
                  else shown.reason or "None given")
        rows.append([uk_datetime(a.start), a.kind.label,
                     a.outcome.label if a.outcome else "", f.judgement.label,
                     reason, f.response])
    return s.grid(["Date and time", "Appointment", "Outcome", "Judged", "Reason given",
                   "Response"], rows, [26 * mm, 26 * mm, 24 * mm, 26 * mm, 38 * mm, 34 * mm])


def _non_disclosable(inputs: PackInputs) -> list[Flowable]:
    enf = inputs.enforcement
    assert enf is not None
    rows: list[tuple[str, Any]] = [(ND_LABELS.get(k, k), v)
                                   for k, v in non_disclosable(enf).items()]
    for a in inputs.file.appointments:
        if a.sensitive and a.start.date() <= inputs.on:
            text = "; ".join(x for x in (a.location, a.reason, a.notes) if x)
            rows.append((f"Appointment {uk_datetime(a.start)}", text or "No text recorded"))
    for c in inputs.file.contacts:
        if c.sensitive and c.at.date() <= inputs.on:
            rows.append((f"Contact {uk_datetime(c.at)}", c.summary or "No text recorded"))
    if not rows:  # nothing to remove: a line at the end, not a page of its own
        return [s.heading("Non-disclosable information"),
                s.p("Nothing is withheld from this report: there is no separate section.")]
    return [PageBreak(), s.heading("Non-disclosable information"),
            s.p("NOT FOR DISCLOSURE to the person on licence. Remove this section before the "
                "report is disclosed.", BANNER), s.key_values(rows)]


def recall_story(inputs: PackInputs) -> list[Flowable]:
    """Part A."""
    e = inputs.file.event
    person = inputs.person
    enf = inputs.enforcement
    assert enf is not None
    x = inputs.extra
    ex = e.extra
    kind = RECALL_LABELS.get(enf.recall_type.value if enf.recall_type else "", "Not recorded")
    deadline = inputs.deadline
    due = (f"{uk_datetime(deadline.due)} ({deadline.hours} hours after the decision); "
           f"{deadline.left} when this report was issued" if deadline else None)
    story: list[Flowable] = [NextPageTemplate("body"), *s.cover(
        inputs, "Public Protection Casework Section (PPCS)",
        [("Recall type", kind), ("Decision", decision_time(enf.decided_at)),
         ("Must reach PPCS by", due)]),
        s.p(DISCLOSURE_NOTICE, BANNER)]
    if (enf.recall_type is not None and enf.recall_type.value == "emergency") \
            or e.indeterminate or e.extended_sentence:
        story.append(s.p("Emergency, indeterminate and extended sentence recalls: telephone "
                         "PPCS before sending this report.", s.SMALL))
    story += [PageBreak(), s.p("Contents", CONTENTS_TITLE), s.contents_list(), PageBreak()]

    story += [s.heading("1. Recall type and urgency"),
              s.key_values([("Emergency recall", enf.recall_type is not None
                             and enf.recall_type.value == "emergency"),
                            ("Indeterminate sentence (life, IPP, DPP)", _yes_no(e.indeterminate)),
                            ("Extended sentence", _yes_no(e.extended_sentence)),
                            ("Recall type proposed", kind),
                            ("Decision date and time", decision_time(enf.decided_at)),
                            ("Must reach PPCS by", due),
                            ("Sent to PPCS", s.shown(enf.submitted_at))])]
    language = person.extra.get("preferred_language") or {
        "cy": "Welsh", "en": "English"}.get(str(person.extra.get("language") or ""))
    story += [s.heading("2. Personal details"), s.key_values([
        ("Name", person.name), ("Date of birth", person.date_of_birth),
        ("Gender", person.gender), ("Ethnicity", person.ethnicity),
        ("Preferred language", language), ("CRN", person.crn), ("CRO number", person.cro),
        ("PNC number", person.pnc), ("Prison number", ex.get("prison_number")),
        ("NOMS number", person.noms), ("Releasing prison", ex.get("releasing_prison")),
        ("Date of current release", e.release_date), ("Aliases", person.aliases)])]
    story += [s.heading("3. Sentence"), s.key_values([
        ("Index offence", e.offence), ("Date of offence", inputs.sentence.offence_date),
        ("Date of sentence", e.sentence_date), ("Court", e.court),
        ("Length of sentence", inputs.sentence.length),
        # A custodial term is an extended sentence's (its length in custody, before the extension
        # on licence); a standard determinate sentence has its length only, as the national form.
        *([("Custodial term", inputs.sentence.custodial_term)] if e.extended_sentence else []),
        ("Licence expiry date", e.end_date),
        ("Sentence expiry date", inputs.sentence.sentence_expiry),
        ("Extended sentence", _yes_no(e.extended_sentence)),
        ("Previous releases", x.get("previous_releases") or "None recorded"),
        ("Previous recalls", x.get("previous_recalls") or "None recorded")])]
    if e.conditions:
        story += [s.subheading("Licence conditions (verbatim)"),
                  s.grid(["Code", "Condition"], [[c.code or "", c.text or ""]
                                                 for c in e.conditions], [24 * mm, 150 * mm])]
    told = x.get("vlo_informed_at")
    story += [s.heading("4. Victims"), s.p(s.shown(_disclosed(inputs, "victims"))),
              s.key_values([("Victim liaison officer informed",
                             decision_time(datetime.fromisoformat(told)) if isinstance(told, str)
                             and told else "Not recorded")])]
    story += [s.heading("5. Police and custody"), s.key_values([
        ("Custody status", x.get("custody_status")),
        ("Arrest issues (risks to staff, children or vulnerable adults at the address)",
         x.get("police_contact")),
        ("Police contact: name", x.get("police_contact_name")),
        ("Police contact: phone", x.get("police_contact_phone")),
        ("Police contact: email", x.get("police_contact_email"))])]
    story += [s.heading("6. Addresses"), s.key_values([
        ("Last recorded address", s.address_text(person)),
        ("Other possible addresses", x.get("other_addresses"))])]
    story += [s.heading("7. Vulnerabilities"), s.p(s.shown(_disclosed(inputs, "vulnerabilities")))]
    story += [s.heading("8. Contraband"), s.p(s.shown(x.get("contraband")))]
    story += [s.heading("9. MAPPA and IOM"), s.key_values([
        ("MAPPA category", e.mappa.category if e.mappa else None),
        ("MAPPA level", e.mappa.level if e.mappa else None),
        ("Integrated offender management", "IOM" in " ".join(person.flags).upper())])]
    story += [s.heading("10. Risk of serious harm"),
              s.grid(["Risk to", "Level"],
                     [["Overall", e.rosh.label if e.rosh else "Not recorded"]]
                     + [[label.capitalize(), LEVELS.get(str(x.get(key)), s.shown(x.get(key)))]
                        for key, label in ROSH_GROUPS],
                     [87 * mm, 87 * mm]),
              s.key_values([("Who is at risk, and how", x.get("rosh_narrative") or x.get("rosh_to")),
                            ("Can the risk be managed in the community?",
                             _yes_no(x.get("rosh_manageable")))])]
    story += [s.heading("11. Index offence analysis"),
              s.p(s.shown(ex.get("index_offence_analysis")))]
    breached = x.get("conditions_breached") or []
    texts = {c.code: c.text for c in e.conditions}
    story += [s.heading("12. Licence conditions breached"),
              s.grid(["Code", "Condition as on the licence"],
                     [[str(c), texts.get(str(c)) or "Not on the licence record"] for c in breached],
                     [24 * mm, 150 * mm])]
    story += [s.heading("13. Circumstances leading to recall"),
              s.p(s.shown(_disclosed(inputs, "rationale") if "rationale" in non_disclosable(enf)
                          else enf.rationale)),
              s.subheading("Response to supervision"), s.compliance(inputs),
              s.key_values([("Officer's account", x.get("response_to_supervision"))]),
              s.subheading("Failures and responses"), _failures(inputs)]
    story += [s.heading("14. Alternatives to recall tried"),
              s.checklist(x.get("checklist"), RECALL_QUESTIONS),
              s.subheading("Warnings given"),
              s.p("; ".join(uk_date(w.date) for w in inputs.file.warnings
                            if w.date <= inputs.on) or "None")]
    ft = inputs.fixed_term
    story += [s.heading("15. Fixed-term recall: eligibility and exclusions"),
              s.p("The officer proposes; PPCS decides.", s.SMALL),
              s.key_values([("Fixed-term possible", ft.eligible if ft else None),
                            ("Length if fixed-term", f"{ft.days} days" if ft and ft.days else None),
                            ("Reasons", "; ".join(ft.reasons) if ft else None)]),
              s.subheading("Exclusions checked"),
              s.grid(["Exclusion", "Applies"], [
                  ["MAPPA level 2 or 3", _yes_no_words(e.mappa.level in (2, 3)
                                                       if e.mappa and e.mappa.level else None)],
                  ["Extended sentence", _yes_no_words(e.extended_sentence)],
                  ["Indeterminate sentence", _yes_no_words(e.indeterminate)],
                  ["Terrorist or national-security offence",
                   _yes_no_words(ex.get("terrorist_offence"))],
                  ["Charged with a further offence", _yes_no_words(x.get("charged_with_offence"))],
                  ["Risk cannot be managed in the community",
                   _yes_no_words(x.get("rosh_manageable") is False
                                 if isinstance(x.get("rosh_manageable"), bool) else None)],
              ], [120 * mm, 54 * mm])]
    story += [s.heading("16. Author"), s.key_values([
        ("Responsible officer", inputs.officer),
        ("Telephone", inputs.office.phone or None),
        ("Region", ex.get("region")), ("Team", ex.get("team")),
        ("Date and time of the decision", decision_time(enf.decided_at))])]
    if inputs.team_hub:
        story += _countersignatures(inputs)
    else:
        story += [s.heading("17. Line manager endorsement"),
                  *_endorsement(x.get("line_manager"), "Line manager")]
        story += [s.heading("18. Senior manager authorisation"),
                  *_endorsement(x.get("senior_manager"), "Senior manager")]
    attached = x.get("attachments") if isinstance(x.get("attachments"), list) else []
    story += [s.heading("19. Attachments"),
              s.grid(["Document", "Attached"],
                     [[label, "Yes" if key in attached else "No"] for key, label in ATTACHMENTS],
                     [120 * mm, 54 * mm])]
    story += [PageBreak(), s.heading("Attendance and contact record"),
              *s.attendance(inputs, add_months(inputs.on, -6))]
    story += _non_disclosable(inputs)
    return story

