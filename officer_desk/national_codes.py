"""Our records in the national probation system's vocabulary, and back.

The codes live in ``resources/national_codes.toml``, versioned like the policy table, so a
national change is a data change. nDelius keeps contact types, contact outcomes and enforcement
actions in separate tables, and so does the code table: a decision can carry an enforcement
action, a contact type and that contact's outcome, each from its own table, so no code is ever
written where another table's is expected. Every coded outcome and enforcement action maps to
exactly one code and back (tested); contact modes and appointment kinds may share a type (an
office contact and a supervision appointment are both a planned office visit nationally), so a
contact travels with our own mode. Programme and unpaid work sessions and contacts at a partner
agency have national types of their own; the comments in the TOML name the public source of
each code, and the places searched for those still without one.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from officer_desk.errors import ValidationError
from officer_desk.model import Absence, Appointment, Decision, Outcome


@dataclass(frozen=True)
class Code:
    """A national code and its words."""

    code: str
    words: str


@dataclass(frozen=True)
class CodeTable:
    """The national code table of one version."""

    version: str
    outcomes: dict[str, Code]
    uncoded_outcomes: dict[str, str]
    absence: dict[str, Code]
    acceptable_reasons: dict[str, str]
    enforcement_actions: dict[str, Code]
    contact_types: dict[str, Code]
    oversight_outcomes: dict[str, Code]
    contacts: dict[str, Code]
    appointment_types: dict[str, Code]
    retired: dict[str, str]

    def reason_words(self, code: str) -> str:
        """An acceptable-absence reason code in words."""
        return self.acceptable_reasons[code]

    def check_reason(self, code: Any) -> str | None:
        """Why an acceptable-absence reason code cannot be taken, or None."""
        if code in self.acceptable_reasons:
            return None
        if isinstance(code, str) and code in self.retired:
            return (f"acceptable-absence reason {code!r} was retired nationally in code table "
                    f"{self.retired[code]}; choose a current reason "
                    f"({', '.join(sorted(self.acceptable_reasons))})")
        return (f"unknown acceptable-absence reason {code!r} (national codes: "
                f"{', '.join(sorted(self.acceptable_reasons))})")

    def appointment_code(self, a: Appointment) -> Code | None:
        """An appointment's outcome as the national system records it (None: not yet held, or
        an outcome the national tables have no code for, see ``uncoded_words``).

        A failure is recorded by its judgement once made: an unacceptable absence (UAAB), an
        acceptable one by its reason, and while pending as failed to attend / to comply.
        """
        if a.outcome is None or a.outcome.value in self.uncoded_outcomes:
            return None
        if a.outcome is Outcome.FAILED_TO_ATTEND and a.absence is Absence.UNACCEPTABLE:
            return self.absence["unacceptable"]
        if a.is_failure and a.absence is Absence.ACCEPTABLE:
            reason = a.extra.get("absence_reason")
            if isinstance(reason, str) and reason in self.acceptable_reasons:
                return Code(reason, f"Acceptable absence - {self.acceptable_reasons[reason]}")
        return self.outcomes[a.outcome.value]

    def uncoded_words(self, a: Appointment) -> str | None:
        """The words of an outcome that goes out without a national code (else None), so the
        export says what happened instead of borrowing a code that means something else."""
        return self.uncoded_outcomes.get(a.outcome.value) if a.outcome else None

    def outcome_from(self, code: str) -> Outcome:
        """The outcome a national outcome code stands for."""
        for value, c in self.outcomes.items():
            if c.code == code:
                return Outcome(value)
        raise ValidationError(self._unknown("outcome", code, [c.code for c in
                                                              self.outcomes.values()]))

    def warning_code(self, earlier_live: int) -> Code:
        """A warning letter's enforcement action: the first, or the second when an earlier
        warning is still live (the national "final warning" action has no public code, and a
        warning inside a live one's year is a second warning, which the code says)."""
        return self.enforcement_actions["first_warning_letter" if earlier_live == 0
                                        else "second_warning_letter"]

    def warning_contact_type(self, earlier_live: int) -> Code:
        """The contact that records a warning letter as sent (its own table, not an action)."""
        return self.contact_types["first_warning_letter" if earlier_live == 0
                                  else "second_warning_letter"]

    def decision_code(self, decision: Decision) -> Code | None:
        """An enforcement decision's enforcement action; None for a decision not to recall,
        which nDelius records as the outcome of a recall oversight contact, not an action."""
        return self.enforcement_actions.get(decision.value)

    def decision_outcome(self, decision: Decision) -> Code | None:
        """A recall decision as the outcome of its "management oversight - recall" contact."""
        return self.oversight_outcomes.get(decision.value)

    def action_from(self, code: str) -> str:
        """Our enforcement action for a national enforcement-action code."""
        for key, c in self.enforcement_actions.items():
            if c.code == code:
                return key
        raise ValidationError(self._unknown("enforcement action", code,
                                            [c.code for c in self.enforcement_actions.values()]))

    def appointment_type(self, kind: str) -> Code:
        """An appointment kind's national contact type."""
        return self.appointment_types.get(kind) or self.appointment_types["other"]

    def contact_code(self, mode: str) -> Code:
        """A contact mode's national contact type."""
        return self.contacts.get(mode) or self.contacts["other"]

    def _unknown(self, what: str, code: str, known: list[str]) -> str:
        if code in self.retired:
            return f"{what} code {code!r} was retired nationally in code table {self.retired[code]}"
        return f"unknown {what} code {code!r} (known: {', '.join(sorted(set(known)))})"


def _codes(section: dict[str, Any]) -> dict[str, Code]:
    return {key: Code(str(v["code"]), str(v["words"])) for key, v in section.items()}


@cache
def load_codes() -> CodeTable:
    """The code table shipped with this build."""
    raw = tomllib.loads(files("resources").joinpath("national_codes.toml")
                        .read_text(encoding="utf-8"))
    return CodeTable(
        version=str(raw["version"]), outcomes=_codes(raw["outcomes"]),
        uncoded_outcomes={str(k): str(v["words"]) for k, v in raw["uncoded_outcomes"].items()},
        absence=_codes(raw["absence"]),
        acceptable_reasons={str(k): str(v) for k, v in raw["acceptable_reasons"].items()},
        enforcement_actions=_codes(raw["enforcement_actions"]),
        contact_types=_codes(raw["contact_types"]),
        oversight_outcomes=_codes(raw["oversight_outcomes"]), contacts=_codes(raw["contacts"]),
        appointment_types=_codes(raw["appointment_types"]),
        retired={str(k): str(v) for k, v in raw.get("retired", {}).items()})
