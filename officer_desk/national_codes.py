"""Our records in the national probation system's vocabulary, and back.

The codes live in ``resources/national_codes.toml``, versioned like the policy table, so a
national change is a data change. Every outcome and every enforcement action maps to exactly
one code and each code back to exactly one of ours (tested); contact modes may share a code
(several of ours are "contact other than office" nationally) and travel with our own mode.
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
    absence: dict[str, Code]
    acceptable_reasons: dict[str, str]
    enforcement: dict[str, Code]
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
        """An appointment's outcome as the national system records it (None: not yet held).

        A failure is recorded by its judgement once made: an unacceptable absence (UAAB), an
        acceptable one by its reason, and while pending as failed to attend / to comply.
        """
        if a.outcome is None:
            return None
        if a.outcome is Outcome.FAILED_TO_ATTEND and a.absence is Absence.UNACCEPTABLE:
            return self.absence["unacceptable"]
        if a.is_failure and a.absence is Absence.ACCEPTABLE:
            reason = a.extra.get("absence_reason")
            if isinstance(reason, str) and reason in self.acceptable_reasons:
                return Code(reason, f"Acceptable absence - {self.acceptable_reasons[reason]}")
        return self.outcomes[a.outcome.value]

    def outcome_from(self, code: str) -> Outcome:
        """The outcome a national outcome code stands for."""
        for value, c in self.outcomes.items():
            if c.code == code:
                return Outcome(value)
        raise ValidationError(self._unknown("outcome", code, [c.code for c in
                                                              self.outcomes.values()]))

    def warning_code(self, earlier_live: int) -> Code:
        """A warning letter: the first, or the final one (given within a live warning's year:
        Officer Desk's letters say "final warning" then, so the national second-warning code
        is read on import but never written)."""
        return self.enforcement["first_warning_letter" if earlier_live == 0
                                else "final_warning_letter"]

    def decision_code(self, decision: Decision) -> Code:
        """An enforcement decision's action code."""
        return self.enforcement[decision.value]

    def action_from(self, code: str) -> str:
        """Our enforcement action for a national code."""
        for key, c in self.enforcement.items():
            if c.code == code:
                return key
        raise ValidationError(self._unknown("enforcement action", code,
                                            [c.code for c in self.enforcement.values()]))

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
        absence=_codes(raw["absence"]),
        acceptable_reasons={str(k): str(v) for k, v in raw["acceptable_reasons"].items()},
        enforcement=_codes(raw["enforcement"]), contacts=_codes(raw["contacts"]),
        appointment_types=_codes(raw["appointment_types"]),
        retired={str(k): str(v) for k, v in raw.get("retired", {}).items()})
