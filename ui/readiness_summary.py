"""File › Inspection readiness: how many running cases answer each question yes, partly, no.

On a manager's desk linked to the team hub, the same per officer (picked from a list), from
the allocations last synced; every count comes from the readiness report's own answers.
"""

from __future__ import annotations

from collections import Counter

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from officer_desk.dates import uk_date
from officer_desk.readiness import QUESTIONS, Question, summary
from officer_desk.team_view import TEAM_SETTING, holders
from ui.controller import Controller
from ui.models.list_table_model import Column, ListTableModel


class SummaryModel(ListTableModel[tuple[Question, Counter[str]]]):
    """One row per question."""

    columns = (
        Column("Question", lambda r: r[0].text),
        Column("Yes", lambda r: str(r[1]["yes"]), lambda r: r[1]["yes"]),
        Column("Partly", lambda r: str(r[1]["partly"]), lambda r: r[1]["partly"]),
        Column("No", lambda r: str(r[1]["no"]), lambda r: r[1]["no"]),
    )


class ReadinessSummary(QDialog):
    """The caseload's (or an officer's) answers to the inspection questions."""

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setWindowTitle("Inspection readiness")
        self.setAccessibleName("Inspection readiness summary")
        self.caseload = controller.store.caseload()
        self.held = holders(controller.store.setting(TEAM_SETTING))
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.whose = QComboBox()
        self.whose.setAccessibleName("Whose cases")
        self.whose.addItem("Every case on this desk", "")
        for name in sorted(set(self.held.values())):
            self.whose.addItem(name, name)
        label = QLabel("&Whose cases:")
        label.setBuddy(self.whose)
        row.addWidget(label)
        row.addWidget(self.whose, 1)
        layout.addLayout(row)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.model = SummaryModel((), self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Answers by question")
        self.table.setWordWrap(True)
        self.table.horizontalHeader().setStretchLastSection(False)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.whose.currentIndexChanged.connect(lambda _i: self.show_counts())
        self.show_counts()
        self.resize(900, 460)

    def show_counts(self) -> None:
        """Count for the chosen officer (or every case)."""
        who = self.whose.currentData()
        crns = {c for c, u in self.held.items() if u == who} if who else None
        c = self.controller
        counts = summary(self.caseload, c.today(), c.policy, crns)
        total = sum(counts[QUESTIONS[0].id].values())
        self.intro.setText(f"{total} running order(s) or licence(s) as at {uk_date(c.today())}. "
                           "Each case's own report (Inspection readiness… on the case) says "
                           "what to do to make each answer a yes.")
        self.model.set_rows([(q, counts[q.id]) for q in QUESTIONS])
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(0, 560)
        self.table.resizeRowsToContents()
