"""The questions an inspector asks before a breach or a recall, answered before any pack prints.

Each answer is yes, no or not applicable, and always with a reason: inspectors accept a home
visit "discounted" with a reason (001:495, 001:959-963). Sources: 001:384-399, 001:485-502
(reasons explored, home visit, alternatives, diversity, timely and investigative approach);
recall: alternatives to recall first where risk allows (001:146-156, 001:214, 004:28), discuss with
a manager and try home visits and telephone contact first (001:710).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

ANSWERS = ("yes", "no", "not_applicable")
ANSWER_LABELS = {"yes": "Yes", "no": "No", "not_applicable": "Not applicable"}


@dataclass(frozen=True)
class Question:
    """One pre-enforcement question."""

    key: str
    text: str
    source: str


BREACH_QUESTIONS: tuple[Question, ...] = (
    Question("reasons_explored", "Were the reasons for non-compliance explored with the person?",
             "001:384-399"),
    Question("home_visit_considered", "Was a home visit considered (made, or discounted with a "
                                      "reason)?", "001:392-398, 001:495-501"),
    Question("alternatives_considered", "Were alternatives to enforcement considered?",
             "001:485-502"),
    Question("diversity_considered", "Were diversity needs that affect compliance considered?",
             "001:485-502"),
    Question("manager_consulted", "Was a manager consulted?", "001:710"),
)

RECALL_QUESTIONS: tuple[Question, ...] = (
    Question("reasons_explored", "Were the reasons for non-compliance explored with the person?",
             "001:384-399"),
    Question("home_visit_considered", "Were a home visit and telephone contact tried first (or "
                                      "discounted with a reason)?", "001:710"),
    Question("alternatives_considered", "Were alternatives to recall tried (warnings, increased "
                                        "reporting, extra conditions, approved premises, "
                                        "referrals, drug testing)?", "001:146-156, 001:214"),
    Question("diversity_considered", "Were diversity needs and vulnerabilities considered?",
             "001:485-502"),
    Question("manager_consulted", "Was the recall discussed with a manager?", "001:710"),
)


def questions_for(kind: str) -> tuple[Question, ...]:
    """The questions for a pack kind."""
    return RECALL_QUESTIONS if kind == "recall" else BREACH_QUESTIONS


def checklist_gaps(checklist: Mapping[str, Any] | None, kind: str) -> list[str]:
    """Each unanswered question, or an answer without a reason, in words."""
    checklist = checklist or {}
    gaps: list[str] = []
    for q in questions_for(kind):
        entry = checklist.get(q.key)
        if not isinstance(entry, Mapping) or entry.get("answer") not in ANSWERS:
            gaps.append(f"Answer: {q.text}")
        elif not str(entry.get("reason") or "").strip():
            gaps.append(f"Give the reason for the answer to: {q.text}")
    return gaps
