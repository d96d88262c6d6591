"""The versioned policy table: every number the rules use, editable without code.

The default lives in ``resources/policy.toml``; an organisation's copy in the caseload's data
folder (``policy.toml``) overrides it entry by entry. Rules ask for entries by name and the
``due`` output reports that name, so every deadline can be traced to one line of policy.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

from officer_desk.errors import ValidationError


@dataclass(frozen=True)
class Phase:
    """One phase of a contact-level schedule: contacts at most ``every_days`` apart."""

    every_days: int
    until_weeks: int | None = None


@dataclass(frozen=True)
class Policy:
    """A loaded policy table."""

    version: str
    rules: dict[str, dict[str, Any]]
    contact_levels: dict[str, tuple[str, tuple[Phase, ...]]]
    desktop: dict[str, Any] = field(default_factory=dict)
    # Numbers already checked: the rules ask for the same few tens of thousands of times.
    _checked: dict[tuple[str, str], int] = field(default_factory=dict, init=False, compare=False,
                                                 repr=False)

    def number(self, rule: str, key: str) -> int:
        """One number of one rule; a missing entry is a policy-file error, said plainly."""
        found = self._checked.get((rule, key))
        if found is not None:
            return found
        try:
            value = self.rules[rule][key]
        except KeyError:
            raise ValidationError(f"Policy {self.version}: entry [rules.{rule}] has no '{key}'") from None
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValidationError(f"Policy {self.version}: [rules.{rule}] {key} must be a whole number")
        self._checked[(rule, key)] = value
        return value

    def source(self, rule: str) -> str:
        """Where the rule comes from, for packs and the manuals."""
        return str(self.rules.get(rule, {}).get("source", ""))


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _build(data: dict[str, Any]) -> Policy:
    levels: dict[str, tuple[str, tuple[Phase, ...]]] = {}
    for name, spec in data.get("contact_levels", {}).items():
        phases = tuple(
            Phase(every_days=int(p["every_days"]), until_weeks=p.get("until_weeks"))
            for p in spec.get("phases", [])
        )
        if not phases:
            raise ValidationError(f"Policy: contact level '{name}' has no phases")
        levels[name] = (str(spec.get("label", name)), phases)
    return Policy(
        version=str(data.get("version", "unversioned")),
        rules=dict(data.get("rules", {})),
        contact_levels=levels,
        desktop=dict(data.get("desktop", {})),
    )


def default_policy_text() -> str:
    """The shipped policy file's text."""
    return files("resources").joinpath("policy.toml").read_text(encoding="utf-8")


_DEFAULT: Policy | None = None


def load_policy(override: Path | None = None) -> Policy:
    """The default table, with an organisation's file merged over it when one exists."""
    global _DEFAULT
    if override is None or not override.exists():
        if _DEFAULT is None:
            _DEFAULT = _build(tomllib.loads(default_policy_text()))
        return _DEFAULT
    base = tomllib.loads(default_policy_text())
    try:
        extra = tomllib.loads(override.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ValidationError(f"The policy file {override.name} cannot be read: {exc}") from None
    return _build(_merge(base, extra))
