"""How far through its requirements an order is, in words for the case header and the court.

Unpaid work is counted from attended unpaid work appointments: their ``hours`` when recorded
(an extension field), otherwise the policy's standard session. RAR days used are the distinct
days of attended programme appointments (or any appointment marked ``"rar": true``), since a
rehabilitation activity requirement is counted in days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from officer_desk.caseload import EventFile
from officer_desk.compliance import known_on
from officer_desk.model import AppointmentKind, Outcome

STANDARD_SESSION_HOURS = 7.0
NAMES = {
    "unpaid_work": "Unpaid work",
    "rehabilitation_activity": "Rehabilitation activity (RAR)",
    "rar": "Rehabilitation activity (RAR)",
    "curfew": "Curfew",
    "programme": "Accredited programme",
    "drug_rehabilitation": "Drug rehabilitation",
    "alcohol_treatment": "Alcohol treatment",
    "mental_health_treatment": "Mental health treatment",
    "exclusion": "Exclusion",
    "prohibited_activity": "Prohibited activity",
    "residence": "Residence",
    "supervision": "Supervision",
}


@dataclass(frozen=True)
class Progress:
    """One requirement: its name in words and how far it has got."""

    name: str
    text: str


def _attended(ef: EventFile, on: date) -> list:
    return [a for a in ef.appointments if a.outcome is Outcome.ATTENDED and known_on(a.start, on)]


def _amount(value: float | None) -> str:
    if value is None:
        return "?"
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def progress(ef: EventFile, on: date) -> list[Progress]:
    """Every requirement of the event with its progress as of ``on``."""
    out: list[Progress] = []
    attended = _attended(ef, on)
    for req in ef.event.requirements:
        kind = (req.kind or "").lower()
        name = NAMES.get(kind, kind.replace("_", " ").capitalize() or "Requirement")
        if kind == "unpaid_work":
            done = 0.0
            for a in attended:
                if a.kind is AppointmentKind.UNPAID_WORK:
                    hours = a.extra.get("hours")
                    done += float(hours) if isinstance(hours, int | float) else STANDARD_SESSION_HOURS
            total = req.amount
            out.append(Progress(name, f"{_amount(done)} of {_amount(total)} hours done"))
        elif kind in ("rehabilitation_activity", "rar"):
            days = {a.start.date() for a in attended
                    if a.kind is AppointmentKind.PROGRAMME or a.extra.get("rar") is True}
            out.append(Progress(name, f"{len(days)} of {_amount(req.amount)} days used"))
        else:
            unit = (req.unit or "").replace("_", " ")
            amount = f"{_amount(req.amount)} {unit}".strip() if req.amount else ""
            out.append(Progress(name, amount or "as ordered"))
    return out
