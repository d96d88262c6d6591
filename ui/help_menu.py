"""The Help menu: the keyboard, what each stage means, and where the caseload's data lives.

A new officer should not need the README to find a shortcut or to know where a backup went.
The stage texts quote the policy in force, so they say what the rules actually compute.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMessageBox

from officer_desk.policy import Policy

SHORTCUTS = [
    ("Alt+T, Alt+C, Alt+A", "Today, Caseload, Case"),
    ("Alt+Y", "My team (senior probation officers and ACOs on a team hub)"),
    ("Ctrl+Shift+S", "sync with the team hub now"),
    ("Ctrl+F", "find a person (names, CRN and notes)"),
    ("Enter", "open the item, person or entry selected"),
    ("Ctrl+I", "import allocations from the central system"),
    ("Ctrl+E", "export to the central system"),
    ("Ctrl+Shift+O", "your diary for Outlook (appointments and planned home visits)"),
    ("Ctrl+Shift+E, Ctrl+Shift+C, Ctrl+Shift+R, Ctrl+Shift+A",
     "on a case: an enquiry, a change of circumstances, its inspection readiness, a subject "
     "access copy of everything held on the person"),
    ("Ctrl+B", "back up now (encrypted)"),
    ("Ctrl+L", "lock (the caseload closes; your passphrase opens it again)"),
    ("Ctrl+Q", "quit (locks and backs up first)"),
    ("F1", "this list"),
    ("Alt + the underlined letter", "any button or field on the screen"),
]


def shortcuts_text() -> str:
    """The keyboard, as a list."""
    rows = "".join(f"<tr><td><b>{keys}</b></td><td>{what}</td></tr>" for keys, what in SHORTCUTS)
    return f"<table cellspacing='6'>{rows}</table>"


def stages_text(policy: Policy) -> str:
    """ASPIRE in plain words, with the policy's numbers."""
    n = policy.number
    return (
        "<p><b>Assessment</b>: the risk of serious harm to each group and who is at risk, the "
        "likelihood of reoffending, needs, strengths, diversity and the person's own view, "
        f"within {n('assessment', 'working_days')} working days of allocation or release; "
        "domestic abuse and child safeguarding enquiries asked for within "
        f"{n('da_enquiry', 'working_days')} working days, at the start and on any change of "
        "address, partner or household.</p>"
        f"<p><b>Sentence plan</b>: due within {n('sentence_plan', 'working_days')} working days "
        "of the first appointment kept; objectives built on the assessment.</p>"
        f"<p><b>Induction and implementation</b>: the first appointment within "
        f"{n('induction_co_sso', 'working_days')} working days of allocation (community and "
        f"suspended sentence orders) or {n('induction_licence', 'working_days')} working day "
        "after release (licences); then contact at the level the case needs.</p>"
        f"<p><b>Review</b>: every {n('review', 'days') // 7} weeks from the plan or the last "
        "review, and within "
        f"{n('review_on_change', 'working_days')} working days of a significant change. "
        "Inspection readiness (on the case, and in the File menu) answers the inspectors' "
        "questions from the record.</p>"
        "<p><b>Enforcement</b>: a missed appointment is judged within "
        f"{n('absence_decision', 'working_days')} working days; an unacceptable one brings a "
        "warning letter, a further one within 12 months a breach decision (or, on licence, "
        f"a recall decision: the Part A is due {n('recall_report_standard', 'hours')} hours "
        "after a standard recall).</p>")


def data_text(data_folder: str) -> str:
    """Where the caseload is kept, and what is and is not protected."""
    return (f"<p>Your caseload is kept encrypted in <b>{data_folder}</b>: the caseload file, its "
            "key (sealed under your passphrase), and encrypted backups in the "
            "<b>backups</b> folder beside it (taken daily, on lock and on quit).</p>"
            "<p>Nothing in that folder can be read without your passphrase or recovery "
            "code. Exports and printed documents are saved where you choose and are not "
            "encrypted unless you set a PDF password: keep them on work storage.</p>")


def add_help_menu(window: QMainWindow, policy: Policy, data_folder: str) -> dict[str, QAction]:
    """The Help menu on ``window``; its actions by name."""
    menu = window.menuBar().addMenu("&Help")
    actions: dict[str, QAction] = {}

    def show(title: str, text: Callable[[], str]) -> None:
        box = QMessageBox(QMessageBox.Icon.NoIcon, title, text(), QMessageBox.StandardButton.Close,
                          window)
        box.setObjectName("helpBox")
        box.setAccessibleName(title)
        window.help_box = box  # type: ignore[attr-defined]
        box.open()

    for name, title, shortcut, text in (
            ("shortcuts", "&Keyboard shortcuts", QKeySequence.StandardKey.HelpContents,
             shortcuts_text),
            ("stages", "&What each stage means", QKeySequence(), lambda: stages_text(policy)),
            ("data", "Where your &data is kept", QKeySequence(), lambda: data_text(data_folder))):
        action = QAction(title, window)
        action.setShortcut(shortcut)
        plain = title.replace("&", "")
        action.triggered.connect(lambda _checked=False, t=plain, f=text: show(t, f))
        menu.addAction(action)
        window.addAction(action)
        actions[name] = action
    return actions
