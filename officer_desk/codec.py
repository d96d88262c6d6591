"""Turning exchange-format dicts into domain records and back, keeping unknown fields.

Parsing assumes a record already passed validation (``officer_desk.validation``); the codec
only converts. Writing emits known fields that are set, then the record's ``extra`` fields, so
an imported record exported again carries everything it came with.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable
from datetime import date, datetime
from enum import Enum
from functools import cache
from typing import Any

from officer_desk.dates import iso_date, iso_datetime
from officer_desk.model import RECORD_TYPES

# Python names that differ from the file's keys.
_KEY_FOR_FIELD = {"from_": "from"}


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _strip_optional(tp: Any) -> Any:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return tp


def _converter(tp: Any) -> Callable[[Any], Any] | None:
    """A converter for one field type, built once per class (None: keep the value as is).

    Records are validated before they are stored, so the ISO forms can go straight to
    ``fromisoformat``; this is the hot path when a whole caseload is loaded.
    """
    tp = _strip_optional(tp)
    origin = typing.get_origin(tp)
    if origin is list:
        (item,) = typing.get_args(tp)
        inner = _converter(item)
        if inner is None:
            return list
        return lambda values: [inner(v) for v in values]
    if tp is datetime:
        return datetime.fromisoformat
    if tp is date:
        return date.fromisoformat
    if isinstance(tp, type) and issubclass(tp, Enum):
        # A dict lookup, not Enum.__call__ (a third of loading a caseload); an unknown value
        # still raises ValueError as the enum would.
        members = dict(tp._value2member_map_)

        def member(value: Any, members: dict[Any, Any] = members, tp: Any = tp) -> Any:
            found = members.get(value)
            return found if found is not None else tp(value)

        member.members = members  # type: ignore[attr-defined]  # written out inline by _decoder
        member.enum = tp  # type: ignore[attr-defined]
        return member
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        return lambda value, cls=tp: decode_object(cls, value)
    return None


@cache
def _plan(cls: type) -> tuple[tuple[tuple[str, str, Callable[[Any], Any] | None, bool], ...],
                              frozenset[str]]:
    hints = _hints(cls)
    steps = []
    for f in dataclasses.fields(cls):
        if f.name == "extra":
            continue
        has_factory = f.default_factory is not dataclasses.MISSING  # type: ignore[misc]
        steps.append((_KEY_FOR_FIELD.get(f.name, f.name), f.name, _converter(hints[f.name]),
                      has_factory))
    return tuple(steps), frozenset(k for k, _, _, _ in steps) | {"type"}


@cache
def _decoder(cls: type, adopt: bool = False) -> Callable[[dict[str, Any]], Any]:
    """A decoder written out for one class (no loop over field descriptions per record).

    Loading a caseload decodes tens of thousands of records; a function with one line per
    field, built once per class, does the same work as the general loop in a third less time.
    ``adopt``: the record's own dict, converted in place, becomes the object's (for a caller
    that has no further use for it: no second dict made, none freed).
    """
    steps, known = _plan(cls)
    converters = {f"c{n}": convert for n, (_k, _f, convert, _d) in enumerate(steps)
                  if convert is not None}
    # The instance is filled in directly rather than through ``__init__`` with keywords (a
    # fifth of loading a caseload); each field gets what ``__init__`` would have given it.
    body = ["def decode(data):", "    get = data.get", "    obj = new(cls)"]
    values = []
    defaults: dict[str, Any] = {}
    for n, (key, name, convert, has_factory) in enumerate(steps):
        got = f"c{n}(v)" if convert is not None else "v"
        field = cls.__dataclass_fields__[name]  # type: ignore[attr-defined]
        if has_factory:
            defaults[f"f{n}"] = field.default_factory
            missing = f"f{n}()"
        elif field.default is dataclasses.MISSING:
            missing = f"None if {key!r} in data else _required({name!r})"
        elif field.default is None:
            missing = "None"
        else:
            defaults[f"d{n}"] = field.default
            missing = f"None if {key!r} in data else d{n}"
        body.append(f"    v = get({key!r})")
        if hasattr(convert, "members"):  # an enum: its members looked up here, no call
            defaults[f"m{n}"], defaults[f"e{n}"] = convert.members, convert.enum
            body += ["    if v is None:", f"        v{n} = {missing}", "    else:",
                     f"        v{n} = m{n}.get(v, _absent)",
                     f"        if v{n} is _absent:",
                     f"            v{n} = e{n}(v)  # an unknown value raises as the enum would"]
        else:
            body.append(f"    v{n} = {got} if v is not None else {missing}")
        values.append(f"{name!r}: v{n}")
    if adopt:
        body.append("    extra = {} if data.keys() <= known else "
                    "{k: data.pop(k) for k in [k for k in data if k not in known]}")
        body.append("    data.pop('type', None)")
        for n, (key, name, _c, _d) in enumerate(steps):
            if key != name:
                body.append(f"    data.pop({key!r}, None)")
            body.append(f"    data[{name!r}] = v{n}")
        body.append("    data['extra'] = extra")
        body.append("    obj.__dict__ = data")
    else:
        body.append("    extra = {} if data.keys() <= known else "
                    "{k: v for k, v in data.items() if k not in known}")
        body.append("    obj.__dict__.update({" + ", ".join(values) + ", 'extra': extra})")
    body.append("    return obj")
    scope: dict[str, Any] = {"cls": cls, "known": known, "new": object.__new__,
                             "_required": _required, "_absent": _ABSENT, **converters,
                             **defaults}
    exec("\n".join(body), scope)  # noqa: S102 - source built above from the class's own fields
    return scope["decode"]


_ABSENT = object()


def _required(name: str) -> Any:
    raise TypeError(f"missing required field {name!r}")


_BY_TYPE: dict[str, Callable[[dict[str, Any]], Any]] = {}


def prepare(record_types: tuple[str, ...]) -> None:
    """Write out these record types' decoders now (e.g. while a key is derived)."""
    for kind in record_types:
        if kind not in _BY_TYPE:
            _BY_TYPE[kind] = _decoder(RECORD_TYPES[kind])


def decode_object(cls: type, data: dict[str, Any]) -> Any:
    """Build dataclass ``cls`` from a (validated) dict; unknown keys go to ``extra``."""
    return _decoder(cls)(data)


def decoder(kind: str) -> Callable[[dict[str, Any]], Any]:
    """The function that builds the domain object for records of one type."""
    decode = _BY_TYPE.get(kind)
    if decode is None:
        decode = _BY_TYPE[kind] = _decoder(RECORD_TYPES[kind])
    return decode


def adopter(kind: str) -> Callable[[dict[str, Any]], Any]:
    """Like ``decoder``, but the record's dict becomes the object's own (it is changed in
    place: only for records the caller has no further use for)."""
    return _decoder(RECORD_TYPES[kind], True)


def from_record(data: dict[str, Any]) -> Any:
    """The domain object for one exchange record (its ``type`` picks the class)."""
    return decoder(data["type"])(data)


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return iso_datetime(value)
    if isinstance(value, date):
        return iso_date(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return encode_object(value)
    return value


def encode_object(obj: Any) -> dict[str, Any]:
    """The dict form of a dataclass: set fields, then ``extra``."""
    out: dict[str, Any] = {}
    for f in dataclasses.fields(obj):
        if f.name == "extra":
            continue
        value = getattr(obj, f.name)
        if value is None or (isinstance(value, list) and not value and f.name != "lines"):
            continue
        out[_KEY_FOR_FIELD.get(f.name, f.name)] = _encode(value)
    for key, value in obj.extra.items():
        out.setdefault(key, value)
    return out


_TYPE_FOR_CLASS = {cls: name for name, cls in RECORD_TYPES.items()}


def record_type(obj: Any) -> str:
    """The exchange ``type`` of a domain object."""
    return _TYPE_FOR_CLASS[type(obj)]


def to_record(obj: Any) -> dict[str, Any]:
    """The exchange record for a domain object, ``type`` first."""
    return {"type": record_type(obj), **encode_object(obj)}
