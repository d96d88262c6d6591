"""Turning exchange-format dicts into domain records and back, keeping unknown fields.

Parsing assumes a record already passed validation (``officer_desk.validation``); the codec
only converts. Writing emits known fields that are set, then the record's ``extra`` fields, so
an imported record exported again carries everything it came with.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date, datetime
from enum import Enum
from functools import cache
from typing import Any

from officer_desk.dates import iso_date, iso_datetime, parse_date, parse_datetime
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


def _decode(tp: Any, value: Any) -> Any:
    if value is None:
        return None
    tp = _strip_optional(tp)
    origin = typing.get_origin(tp)
    if origin is list:
        (item,) = typing.get_args(tp)
        return [_decode(item, v) for v in value]
    if tp is datetime:
        return parse_datetime(value)
    if tp is date:
        return parse_date(value)
    if isinstance(tp, type) and issubclass(tp, Enum):
        return tp(value)
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        return decode_object(tp, value)
    if tp is float and isinstance(value, int):
        return value
    return value


def decode_object(cls: type, data: dict[str, Any]) -> Any:
    """Build dataclass ``cls`` from a dict; unknown keys go to ``extra``."""
    hints = _hints(cls)
    kwargs: dict[str, Any] = {}
    known: set[str] = set()
    for f in dataclasses.fields(cls):
        if f.name == "extra":
            continue
        key = _KEY_FOR_FIELD.get(f.name, f.name)
        known.add(key)
        if key in data:
            value = _decode(hints[f.name], data[key])
            if value is None and f.default_factory is not dataclasses.MISSING:  # type: ignore[misc]
                continue
            kwargs[f.name] = value
    extra = {k: v for k, v in data.items() if k not in known and k != "type"}
    return cls(**kwargs, extra=extra)


def from_record(data: dict[str, Any]) -> Any:
    """The domain object for one exchange record (its ``type`` picks the class)."""
    return decode_object(RECORD_TYPES[data["type"]], data)


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
