"""Breach and recall wizards: the compliance picture, the questions, the decision, the pack.

The questions are the ones inspectors ask (officer_desk.checklists); the deadline and the route
(warning, breach, recall, PSS breach) come from the rules; the decision is always the officer's
(001:138, 001:144). The pack is checked for completeness and built off the UI thread.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from officer_desk import countersign, services
from officer_desk.checklists import ANSWER_LABELS, ANSWERS, questions_for
from officer_desk.compliance import compliance_summary, enforcement_route, fixed_term_recall
from officer_desk.dates import parse_uk_datetime, uk_date, uk_datetime, uk_zone_name
from officer_desk.errors import UserFacingError, ValidationError
from officer_desk.model import Decision, RecallType
from ui import tasks
from ui.controller import Controller
from ui.mnemonics import assign
from ui.pack_builder import PackBuilder
from ui.team_work import TeamWork
from ui.widgets import info_label

ENFORCEMENT_KINDS = {"absence_decision", "warning_letter", "breach_decision", "breach_to_court",
                     "recall_report", "pss_end"}


# Part A's questions on the decision page: (field, label, kind).
PART_A_FIELDS = (
    ("custody_status", "Custody status", "text"),
    ("victims", "Victims and victim liaison", "text"),
    ("police_contact", "Arrest issues", "text"),
    ("police_contact_name", "Police contact: name", "text"),
    ("police_contact_phone", "Police contact: phone", "text"),
    ("police_contact_email", "Police contact: email", "text"),
    ("other_addresses", "Other possible addresses", "text"),
    ("contraband", "Contraband suspected (or none)", "text"),
    ("vulnerabilities", "Vulnerabilities", "text"),
    ("rosh_public", "Risk of serious harm to the public", "level"),
    ("rosh_known_adult", "Risk to a known adult", "level"),
    ("rosh_children", "Risk to children", "level"),
    ("rosh_staff", "Risk to staff", "level"),
    ("rosh_prisoners", "Risk to prisoners", "level"),
    ("rosh_narrative", "Who is at risk, and how", "text"),
    ("reasons_not_to_recall", "If not recalling: the reasons, for the letter", "text"),
    ("progress", "If not recalling: what is going well, for the letter", "text"),
    ("previous_releases", "Previous releases (dates)", "text"),
    ("previous_recalls", "Previous recalls (dates and types)", "text"),
    ("vlo_informed_at", "Victim liaison officer told at", "text"),
    ("line_manager", "Line manager (name)", "text"),
    ("line_manager_at", "Line manager endorsed at", "text"),
    ("senior_manager", "Senior manager (name)", "text"),
    ("senior_manager_at", "Senior manager endorsed at", "text"),
)


def _line(name: str) -> QLineEdit:
    w = QLineEdit()
    w.setAccessibleName(name)
    return w


class SummaryPage(QWizardPage):
    """What has happened and what is due."""

    def __init__(self, wizard: EnforcementWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle("Compliance and deadlines")
        layout = QVBoxLayout(self)
        self.text = info_label("Compliance and deadlines", "wizard_summary")
        layout.addWidget(self.text)

    def initializePage(self) -> None:  # noqa: N802
        c, ef = self.w.controller, self.w.file
        s = compliance_summary(ef, c.today(), c.policy)
        items = [i for i in c.items if i.event_id == ef.event.id and i.kind in ENFORCEMENT_KINDS]
        lines = [f"<b>{c.caseload.people[ef.event.crn].name}</b>, {ef.event.kind.label}.",
                 f"Last 12 months: {s.failures_12m} failure(s): {s.acceptable_12m} acceptable, "
                 f"{s.unacceptable_12m} unacceptable, {s.pending_12m} pending.",
                 "Live warnings: " + ("; ".join(f"{uk_date(w.date)} (until {uk_date(lapse)})"
                                               for w, lapse in s.live_warnings) or "none") + "."]
        for i in items:
            due = (f"{uk_datetime(i.due)} {uk_zone_name(i.due)}" if isinstance(i.due, datetime)
                   else uk_date(i.due))
            lines.append(f"<b>{'OVERDUE' if i.overdue else 'Due'}</b>: {i.title}, {due}.")
        if ef.failures:
            route = enforcement_route(c.case(ef.event.crn), ef, ef.failures[-1], c.today(),
                                      c.policy)
            lines.append(f"Route for the latest failure: {route.reason}.")
        lines.append("The decision is yours: answer the questions on the next page first.")
        self.text.setText("<br>".join(lines))


class QuestionsPage(QWizardPage):
    """Each question answered yes, no or not applicable, always with a reason."""

    def __init__(self, wizard: EnforcementWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle("Before deciding")
        self.setSubTitle("Inspectors ask these first. Give a reason with every answer.")
        form = QFormLayout(self)
        self.answers: dict[str, tuple[QComboBox, QLineEdit]] = {}
        for q in questions_for(wizard.mode):
            combo = QComboBox()
            combo.addItem("Choose…", None)
            for a in ANSWERS:
                combo.addItem(ANSWER_LABELS[a], a)
            combo.setAccessibleName(q.text)
            reason = _line(f"Reason: {q.text}")
            reason.setPlaceholderText("Reason")
            label = QLabel(q.text)
            label.setWordWrap(True)
            label.setBuddy(combo)
            box = QWidget()
            row = QVBoxLayout(box)
            row.setContentsMargins(0, 0, 0, 0)
            row.addWidget(combo)
            row.addWidget(reason)
            form.addRow(label, box)
            combo.currentIndexChanged.connect(self.completeChanged)
            reason.textChanged.connect(self.completeChanged)
            self.answers[q.key] = (combo, reason)

    def isComplete(self) -> bool:  # noqa: N802
        return all(c.currentData() and r.text().strip() for c, r in self.answers.values())

    def answer(self, key: str, value: str, reason: str) -> None:
        """Fill one answer (used by tests and by re-opening a decision)."""
        combo, line = self.answers[key]
        combo.setCurrentIndex(combo.findData(value))
        line.setText(reason)

    def checklist(self) -> dict[str, dict[str, str]]:
        """The answers as stored on the decision."""
        return {k: {"answer": c.currentData(), "reason": r.text().strip()}
                for k, (c, r) in self.answers.items()}


class DecisionPage(QWizardPage):
    """The officer's decision and rationale; for recall the Part A details and endorsements."""

    def __init__(self, wizard: EnforcementWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle("Decision")
        # Nothing is written until the officer records the decision here: Cancel before it
        # leaves the case as it was, and there is no going back past it (a recorded decision
        # is corrected or voided on the case, never made twice).
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, "&Record the decision")
        # Part A asks a lot: the form scrolls, and every field keeps its keyboard letter.
        outer = QVBoxLayout(self)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # focus goes to the Decision field
        scroll.setAccessibleName("Decision and Part A")
        holder = QWidget()
        form = QFormLayout(holder)
        scroll.setWidget(holder)
        outer.addWidget(scroll)
        self.decision = QComboBox()
        self.decision.setAccessibleName("Decision")
        options = ([("recall", "Recall"), ("no_recall", "No recall")] if wizard.mode == "recall"
                   else [("breach", "Breach: return to court"), ("no_breach", "No breach")])
        for value, label in options:
            self.decision.addItem(label, value)
        form.addRow("&Decision", self.decision)
        self.rationale = QPlainTextEdit()
        self.rationale.setTabChangesFocus(True)
        self.rationale.setAccessibleName("Assessment and proposal")
        form.addRow("&Assessment and proposal", self.rationale)
        self.recall_fields: dict[str, QWidget] = {}
        self.conditions: QListWidget | None = None
        if wizard.mode == "recall":
            ev = wizard.file.event
            check = fixed_term_recall(ev, wizard.controller.policy)
            self.recall_type = QComboBox()
            self.recall_type.setAccessibleName("Recall type")
            for rt in RecallType:
                self.recall_type.addItem(rt.value.replace("_", " ").capitalize(), rt.value)
            if ev.indeterminate:
                self.recall_type.setCurrentIndex(self.recall_type.findData("emergency"))
            form.addRow("Recall &type", self.recall_type)
            note = QLabel("Fixed-term: " + ("possible. " if check.eligible else "not available. ")
                          + "; ".join(check.reasons))
            note.setWordWrap(True)
            form.addRow("", note)
            # Wizard buttons and the fields above hold these letters.
            taken = {"d", "a", "t", "b", "n", "c", "f", "r"}
            labels = [label for _key, label, _kind in PART_A_FIELDS]
            if ev.conditions:
                labels = ["Licence conditions breached (tick each)", *labels]
            lettered = iter(assign(labels, taken=taken))
            if ev.conditions:
                # Picked from the licence, so each breach is printed with its exact wording.
                self.conditions = QListWidget()
                self.conditions.setAccessibleName("Licence conditions breached")
                for c in ev.conditions:
                    item = QListWidgetItem(f"{c.code}: {c.text}")
                    item.setData(Qt.ItemDataRole.UserRole, c.code)
                    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                    item.setCheckState(Qt.CheckState.Unchecked)
                    self.conditions.addItem(item)
                self.conditions.setMaximumHeight(110)
                label = QLabel(next(lettered))
                label.setBuddy(self.conditions)
                form.addRow(label, self.conditions)
            for key, label_text, kind in PART_A_FIELDS:
                w: QWidget
                if kind == "level":
                    combo = QComboBox()
                    combo.addItem("Not recorded", None)
                    for value, words in (("low", "Low"), ("medium", "Medium"), ("high", "High"),
                                         ("very_high", "Very high")):
                        combo.addItem(words, value)
                    w = combo
                else:
                    w = _line(label_text)
                    if key.endswith("_at"):
                        # Asked, never assumed: when the manager endorsed, or the VLO was told.
                        w.setPlaceholderText("for example 24 Nov 2026 14:05")
                w.setAccessibleName(label_text)
                label = QLabel(next(lettered))
                label.setBuddy(w)
                form.addRow(label, w)
                self.recall_fields[key] = w

        if wizard.mode != "recall":
            # Not breaching a failure inside a live warning is the exception: it is recorded
            # with the manager who agreed, and when (it becomes their oversight entry).
            note = QLabel("Not breaching a further failure within 12 months of a warning needs "
                          "the exceptional reason above and your manager's agreement:")
            note.setWordWrap(True)
            form.addRow("", note)
            for key, label_text in (("line_manager", "&Manager agreeing (name)"),
                                    ("line_manager_at", "Agreed a&t")):
                w = _line(label_text.replace("&", ""))
                if key.endswith("_at"):
                    w.setPlaceholderText("for example 24 Nov 2026 14:05")
                label = QLabel(label_text)
                label.setBuddy(w)
                form.addRow(label, w)
                self.recall_fields[key] = w

    def initializePage(self) -> None:  # noqa: N802
        self.decision.setFocus(Qt.FocusReason.OtherFocusReason)

    def validatePage(self) -> bool:  # noqa: N802
        return self.w.save_decision()

    def extras(self) -> dict[str, Any]:
        """Part A fields from the form (for a breach, the manager who agreed)."""
        out: dict[str, Any] = {}
        now = self.w.controller.clock()
        if self.conditions is not None:
            ticked = [self.conditions.item(i).data(Qt.ItemDataRole.UserRole)
                      for i in range(self.conditions.count())
                      if self.conditions.item(i).checkState() == Qt.CheckState.Checked]
            if ticked:
                out["conditions_breached"] = ticked
        for key, w in self.recall_fields.items():
            if isinstance(w, QComboBox):
                if w.currentData():
                    out[key] = w.currentData()
                continue
            text = w.text().strip()  # type: ignore[attr-defined]
            if key == "vlo_informed_at" and text:
                try:
                    told = parse_uk_datetime(text)
                except ValueError as exc:
                    raise ValidationError(f"Victim liaison officer told at: {exc}.") from None
                if told > now:
                    raise ValidationError("When the victim liaison officer was told cannot be "
                                          "in the future.")
                out[key] = told.isoformat(timespec="minutes")
                continue
            if not text or key.endswith("_at"):
                continue
            if key == "conditions_breached":
                out[key] = [c.strip() for c in text.split(",") if c.strip()]
            elif key in ("line_manager", "senior_manager"):
                when = self.recall_fields[f"{key}_at"].text().strip()  # type: ignore[attr-defined]
                at = None
                if when:
                    try:
                        at = parse_uk_datetime(when)
                    except ValueError as exc:
                        raise ValidationError(f"{key.replace('_', ' ').capitalize()} endorsed "
                                              f"at: {exc}.") from None
                    if at > now:
                        raise ValidationError("An endorsement cannot be in the future.")
                out[key] = {"name": text,
                            "at": at.isoformat(timespec="minutes") if at else None}
            else:
                out[key] = text
        return out


class PackPage(QWizardPage):
    """What the pack still needs, building it, and recording the submission."""

    def __init__(self, wizard: EnforcementWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle("Pack and submission")
        layout = QVBoxLayout(self)
        self.status = info_label("Pack status", "pack_status")
        layout.addWidget(self.status)
        self.build_button = QPushButton("Bu&ild the pack…")  # Alt+B is the wizard's Back
        self.build_button.setAccessibleName("Build the pack")
        self.build_button.clicked.connect(self.w.build_pack)
        self.submit_button = QPushButton("&Mark as submitted now")
        self.submit_button.setAccessibleName("Mark as submitted now")
        self.submit_button.clicked.connect(self.w.mark_submitted)
        self.gaps: list[str] = []
        # On a team hub a recall is countersigned by the SPO and the ACO before it goes.
        self.countersign_status = info_label("Countersignature", "countersign_status")
        self.countersign_button = QPushButton("As&k for countersignature")
        self.countersign_button.setAccessibleName("Ask the SPO and ACO to countersign")
        self.countersign_button.clicked.connect(self.w.ask_countersign)
        layout.addWidget(self.build_button)
        layout.addWidget(self.countersign_status)
        layout.addWidget(self.countersign_button)
        layout.addWidget(self.submit_button)
        layout.addStretch(1)

    def initializePage(self) -> None:  # noqa: N802
        self.refresh()

    def refresh(self) -> None:
        """Show what is missing (or that the pack is complete)."""
        w = self.w
        if w.decision == "no_recall":
            # The person is told in writing: the decision-not-to-recall letter.
            gaps = w.controller.pack_inputs("dntr", w.file.event.id, w.enforcement_id,
                                            check=False).gaps
            self.status.setText(
                "Decision recorded. Send the person the decision-not-to-recall letter."
                if not gaps else "<b>Before the letter can be issued:</b><br>"
                + "<br>".join(f"• {g}" for g in gaps))
            self.build_button.setText("Bu&ild the letter…")
            self.build_button.setAccessibleName("Build the decision-not-to-recall letter")
            self.build_button.setEnabled(not gaps)
            self.submit_button.setEnabled(False)
            self.gaps = gaps
            self._countersign(False)
            return
        self.build_button.setText("Bu&ild the pack…")
        self.build_button.setAccessibleName("Build the pack")
        if w.decision not in ("breach", "recall"):
            self.status.setText("Decision recorded: no pack is needed.")
            self.build_button.setEnabled(False)
            self.submit_button.setEnabled(False)
            self._countersign(False)
            return
        gaps = w.controller.pack_inputs(w.pack_kind, w.file.event.id, w.enforcement_id,
                                        check=False).gaps
        if gaps:
            self.status.setText("<b>Before the pack can be finalised:</b><br>"
                                + "<br>".join(f"• {g}" for g in gaps))
        else:
            self.status.setText("The pack is complete.")
        self.build_button.setEnabled(not gaps)
        # Nothing incomplete can be recorded as gone to the court or PPCS.
        self.submit_button.setEnabled(not gaps)
        self.gaps = gaps
        self._countersign(w.decision == "recall" and w.controller.hub_linked())

    def _countersign(self, shown: bool) -> None:
        """Where the managers' countersignature stands (a recall on a team hub only)."""
        self.countersign_status.setVisible(shown)
        self.countersign_button.setVisible(shown)
        if not shown or self.w.enforcement_id is None:
            return
        rec, sha = self.w.team.standing(self.w.enforcement_id)
        self.countersign_status.setText("<b>Countersignature:</b> "
                                        + countersign.standing(rec, sha))
        refusal = countersign.submit_refusal(rec, sha or "")
        self.countersign_button.setEnabled(not self.gaps and (
            rec is None or sha != rec.content_sha256))
        if refusal:
            self.submit_button.setEnabled(False)


class EnforcementWizard(QWizard):
    """Walks a breach (CO/SSO, PSS) or a recall (licence) through to a submitted pack."""

    def __init__(self, controller: Controller, event_id: str, mode: str,
                 parent: QWidget | None = None, builder: PackBuilder | None = None,
                 decision_id: str | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.file = controller.event_file(event_id)
        self.mode = mode
        self.pack_kind = ("recall" if mode == "recall"
                          else "pss-breach" if self.file.event.kind.value == "pss" else "breach")
        self.decision: str | None = None
        self.enforcement_id: str | None = None
        self.saved_pdf: Path | None = None
        self.builder = builder or PackBuilder(controller, self)
        self.team = TeamWork(controller)
        self.builder.saved.connect(self._saved)
        self.setWindowTitle("Recall" if mode == "recall" else "Breach")
        self.setAccessibleName(self.windowTitle())
        self.summary_page = SummaryPage(self)
        self.questions_page = QuestionsPage(self)
        self.decision_page = DecisionPage(self)
        self.pack_page = PackPage(self)
        for page in (self.summary_page, self.questions_page, self.decision_page, self.pack_page):
            self.addPage(page)
        decided = next((e for e in self.file.enforcements if e.id == decision_id), None)
        waiting = decided is None and self.open_decision()
        if decided is None and waiting:
            decided = waiting
        if decided is not None:  # back to a decision already made: its pack and submission
            self.enforcement_id, self.decision = decided.id, decided.decision.value
            self.setStartId(self.pageIds()[-1])
            if waiting:
                self.pack_page.setSubTitle(
                    f"Continuing the {decided.decision.value.replace('_', ' ')} decision "
                    f"recorded {uk_datetime(decided.decided_at)}, not yet sent. To change it, "
                    "correct or void it on the case.")
        self.resize(720, 560)

    def open_decision(self) -> Any:
        """The event's breach or recall decision still waiting to go (None when there is
        none): the wizard carries on with it instead of starting another."""
        wanted = {"recall"} if self.mode == "recall" else {"breach"}
        waiting = [e for e in self.file.enforcements
                   if e.decision.value in wanted and e.submitted_at is None]
        return max(waiting, key=lambda e: e.decided_at) if waiting else None

    def save_decision(self) -> bool:
        """Record the decision with the answers; False (and a reason) when refused."""
        page = self.decision_page
        decision = Decision(page.decision.currentData())
        recall_type = (RecallType(page.recall_type.currentData())
                       if decision is Decision.RECALL else None)
        try:
            changes = self.controller.run(
                services.decide_enforcement, self.file.event.id,
                self.controller.clock().replace(second=0, microsecond=0), decision,
                page.rationale.toPlainText(), recall_type=recall_type,
                checklist=self.questions_page.checklist(),
                decision_id=self.enforcement_id,  # Back, fix, Next: the same decision
                now=self.controller.clock(), **page.extras())
        except UserFacingError as exc:
            page.setSubTitle(f"<span style='color:#9b1c1c'>{exc}</span>")
            return False
        self.file = self.controller.event_file(self.file.event.id)
        self.decision = decision.value
        self.enforcement_id = changes.records[0][1]
        return True

    def build_pack(self) -> bool:
        """Build the pack (or, after a decision not to recall, the letter) in the background."""
        kind = "dntr" if self.decision == "no_recall" else self.pack_kind
        return self.builder.build(kind, self.file.event.id, self.enforcement_id)

    def _saved(self, path: Path) -> None:
        self.saved_pdf = path
        self.pack_page.status.setText(f"Saved {path.name}. Check it, then mark it submitted "
                                      "when it has gone to the court or PPCS.")

    def ask_countersign(self) -> bool:
        """Send the case to the hub, then ask the SPO (then the ACO) to countersign."""
        if self.enforcement_id is None:
            return False
        page = self.pack_page
        try:
            sync_work, sync_in = self.controller.sync_job()
        except UserFacingError as exc:
            page.countersign_status.setText(f"<b>Countersignature:</b> {exc}")
            return False
        page.countersign_button.setEnabled(False)
        page.countersign_status.setText("<b>Countersignature:</b> sending to the hub…")

        def failed(exc: BaseException) -> None:
            page.countersign_status.setText(f"<b>Countersignature:</b> not sent: {exc}")
            page.countersign_button.setEnabled(True)

        def synced(got: Any) -> None:
            if not self.controller.is_open:
                return
            sync_in(got)
            try:
                work, bring_in = self.team.request_job(self.file.event.id)
            except UserFacingError as exc:
                failed(exc)
                return
            tasks.start(work, lambda answer: (bring_in(answer), page.refresh())
                        if self.controller.is_open else None, failed)

        tasks.start(sync_work, synced, failed)
        return True

    def mark_submitted(self) -> None:
        """Record that the breach was laid or the Part A sent, now."""
        if self.enforcement_id is None or self.pack_page.gaps:
            return
        try:
            now = self.controller.clock()
            self.controller.run(services.mark_submitted, self.enforcement_id,
                                now.replace(second=0, microsecond=0), now=now)
        except UserFacingError as exc:
            self.pack_page.status.setText(f"<span style='color:#9b1c1c'>{exc}</span>")
            return
        self.pack_page.status.setText("Submission recorded.")
        self.pack_page.submit_button.setEnabled(False)
