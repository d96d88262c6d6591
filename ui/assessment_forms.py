"""Assessment, planning, enquiries and changes of circumstance: the forms that answer inspectors.

Each form asks what the inspectorate's questions ask (risk to each group and who is at risk,
likelihood and needs, strengths, diversity and the person's own view; a plan tied to every
need and risk or a reason why not). The readiness view shows each question answered from the
record, with what to do to turn a "no" into a "yes" (the same gaps the stage rail lists).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableView,
    QVBoxLayout,
)

from officer_desk import services
from officer_desk.dates import uk_date
from officer_desk.inspection_rules import CHANGE_WORDS, ENQUIRY_KINDS
from officer_desk.readiness import ANSWER_WORDS, Answer, readiness
from ui.form_dialog import Field, FormDialog
from ui.models.list_table_model import Column, ListTableModel

NEEDS = ["accommodation", "education, training and employment", "finance, benefits and debt",
         "drugs", "alcohol", "mental health", "physical health", "relationships and family",
         "attitudes, thinking and behaviour"]
LEVELS = [("low", "Low"), ("medium", "Medium"), ("high", "High"), ("very_high", "Very high")]
GROUPS = (("rosh_public", "Risk to the public"), ("rosh_known_adult", "Risk to a known adult"),
          ("rosh_children", "Risk to children"), ("rosh_staff", "Risk to staff"))
RISK = "risk of harm"


class AnswerModel(ListTableModel[Answer]):
    """One row per inspection question."""

    columns = (
        Column("Question", lambda a: a.question.text),
        Column("Answer", lambda a: ANSWER_WORDS[a.answer]),
        Column("Evidence", lambda a: " ".join(a.evidence)),
        Column("To do", lambda a: " ".join(a.todo)),
    )


class AssessmentForms:
    """Mixed into the case workspace (which gives ``controller``, ``file``, ``_form``...)."""

    controller: Any
    event_id: str
    crn: str
    file: Any
    readiness_dialog: QDialog | None = None
    _form: Any
    refresh: Any

    def add_assessment(self) -> FormDialog:
        """Risk of harm by group and who is at risk, likelihood, needs, strengths, diversity and
        the person's own view."""
        c = self.controller

        def submit(v: dict[str, Any]) -> None:
            c.run(services.record_assessment, self.event_id, v["on"], rosh=v["rosh"],
                  likelihood=v["likelihood"], needs=v["needs"],
                  strengths=[s.strip() for s in v["strengths"].split(";") if s.strip()],
                  at_risk=v["at_risk"], diversity=v["diversity"],
                  persons_view=v["persons_view"], **{k: v[k] for k, _ in GROUPS})
            self.refresh()

        fields = [Field("on", "Completed on", "date", default=c.today()),
                  Field("rosh", "Risk of serious harm (overall)", "choice", LEVELS, "medium")]
        fields += [Field(key, label, "choice", LEVELS, "low") for key, label in GROUPS]
        fields += [
            Field("at_risk", "Who is at risk, and how", "multiline"),
            Field("likelihood", "Likelihood of reoffending", "choice",
                  [("low", "Low"), ("medium", "Medium"), ("high", "High")], "medium"),
            Field("needs", "Needs", "checklist", [(n, n.capitalize()) for n in NEEDS]),
            Field("strengths", "Strengths and protective factors (separate with ;)"),
            Field("diversity", "Diversity factors affecting engagement", "multiline"),
            Field("persons_view", "The person's own view", "multiline"),
        ]
        return self._form("Assessment", fields, submit,
                          "Domestic abuse and child safeguarding enquiries are recorded on "
                          "their own (Enquiry), from request to answer.")

    def add_plan(self) -> FormDialog:
        """A sentence plan: objectives tied to the assessed needs and risk, the strengths it
        builds on, why any need is left for now, and the person's words."""
        c = self.controller
        ef = self.file
        assessed = ef.assessments[-1] if ef and ef.assessments else None
        needs = (assessed.needs if assessed else NEEDS) + [RISK]
        fields = [Field("on", "Completed on", "date", default=c.today())]
        for n in range(1, 4):
            fields += [Field(f"need{n}", f"Objective {n}: need or risk", "choice",
                             [("", "—")] + [(x, x.capitalize()) for x in needs], ""),
                       Field(f"text{n}", f"Objective {n}: what will be done", "multiline")]
        strengths = assessed.strengths if assessed else []
        fields += [
            Field("strengths", "Strengths the plan builds on", "checklist",
                  [(s, s) for s in strengths]) if strengths
            else Field("strengths_text", "Strengths the plan builds on (separate with ;)"),
            Field("not_addressed", "Needs or risks left for now, and why (one per line: "
                                   "need: reason)", "multiline"),
            Field("words", "In the person's own words", "multiline"),
        ]

        def submit(v: dict[str, Any]) -> None:
            objectives = [(v[f"need{n}"] or "", v[f"text{n}"], "not started") for n in range(1, 4)
                          if v[f"text{n}"]]
            used = v.get("strengths") or [s.strip() for s in v.get("strengths_text", "").split(";")
                                          if s.strip()]
            reasons = {}
            for line in v["not_addressed"].splitlines():
                need, _, why = line.partition(":")
                if need.strip() and why.strip():
                    reasons[need.strip().lower()] = why.strip()
            c.run(services.record_plan, self.event_id, v["on"], objectives, v["words"],
                  strengths_used=used, not_addressed=reasons)
            self.refresh()

        return self._form("Sentence plan", fields, submit)

    def record_enquiry(self) -> FormDialog | None:
        """Ask for an enquiry, or record its answer (what it said and what changed)."""
        c = self.controller
        ef = self.file
        if ef is None:
            return None
        open_ = [q for q in ef.enquiries if q.returned_on is None]
        choices = [("", "A new request")] + [
            (q.id, f"Answer to the {ENQUIRY_KINDS[q.kind][1].lower()} asked "
                   f"{uk_date(q.requested_on)}") for q in open_]

        def submit(v: dict[str, Any]) -> None:
            asked = next((q for q in open_ if q.id == v["which"]), None)
            answered = v["answered"]
            c.run(services.record_enquiry, self.event_id,
                  asked.kind if asked else v["kind"],
                  asked.requested_on if asked else v["requested_on"],
                  returned_on=v["returned_on"] if answered else None,
                  result=v["result"] if answered else "",
                  concerns=(v["concerns"] == "yes") if answered else None,
                  action_taken=v["action_taken"] if answered else "",
                  enquiry_id=asked.id if asked else None, on=c.today())
            self.refresh()

        return self._form("Enquiry", [
            Field("which", "Recording", "choice", choices, ""),
            Field("kind", "Enquiry", "choice",
                  [(k, words) for k, (_due, words) in ENQUIRY_KINDS.items()], "domestic_abuse"),
            Field("requested_on", "Requested on", "date", default=c.today()),
            Field("answered", "The answer has come back", "bool", default=False),
            Field("returned_on", "Answered on", "date", default=c.today()),
            Field("result", "What the answer said", "multiline"),
            Field("concerns", "Did it raise concerns?", "choice",
                  [("no", "No"), ("yes", "Yes")], "no"),
            Field("action_taken", "What changed because of it (assessment, plan, flags)",
                  "multiline"),
        ], submit, "Asked at the start of every order and licence and again on a change of "
                   "address, partner or household, or a new offence.")

    def record_change(self) -> FormDialog | None:
        """A change of circumstances: fresh enquiries and a review fall due from it."""
        c = self.controller
        if self.file is None:
            return None

        def submit(v: dict[str, Any]) -> None:
            c.run(services.record_change, self.event_id, v["on"], v["kind"], v["note"])
            self.refresh()

        return self._form("Change of circumstances", [
            Field("on", "On", "date", default=c.today()),
            Field("kind", "What changed", "choice", list(CHANGE_WORDS.items()), "new_address"),
            Field("note", "Details", "multiline"),
        ], submit, "A review falls due, and domestic abuse or safeguarding enquiries where the "
                   "change calls for them.")

    def show_readiness(self) -> QDialog | None:
        """The inspection questions for this order or licence, answered from the record."""
        ef = self.file
        if ef is None:
            return None
        c = self.controller
        answers = readiness(ef, c.caseload.people.get(ef.event.crn), c.today(), c.policy)
        dialog = QDialog(self)  # type: ignore[call-overload]
        dialog.setWindowTitle("Inspection readiness")
        dialog.setAccessibleName("Inspection readiness")
        layout = QVBoxLayout(dialog)
        yes = sum(a.answer == "yes" for a in answers)
        intro = QLabel(f"{yes} of {len(answers)} inspection questions answered yes. Print the "
                       "report from Print… (Inspection readiness report).")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        model = AnswerModel(answers, dialog)
        table = QTableView()
        table.setModel(model)
        table.setAccessibleName("Inspection questions")
        table.setWordWrap(True)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((380, 70, 300)):  # the question needs the room
            table.setColumnWidth(column, width)
        table.resizeRowsToContents()
        layout.addWidget(table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(dialog.reject)
        layout.addWidget(buttons)
        dialog.resize(1000, 520)
        self.readiness_dialog = dialog
        self.readiness_table = table
        dialog.open()
        return dialog
