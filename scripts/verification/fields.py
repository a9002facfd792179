"""Records as data: a key's :class:`Field`, the predicates, checking and describing.

Shared by every record format (tests in :mod:`.schema`, benchmarks, the downloads'
runs). Recording side: standard library only, GPU runners import it with nothing but
torch and pytest. Messages are pt-BR: they reach the build log of the site's authors.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass


class RecordError(ValueError):
    """A verification results file does not follow the schema."""


# --------------------------------------------------------------------------------------
# predicates
# --------------------------------------------------------------------------------------


def is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(v: object) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def is_str(v: object) -> bool:
    return isinstance(v, str)


def is_opt_str(v: object) -> bool:
    return v is None or isinstance(v, str)


def is_nonneg_int(v: object) -> bool:
    return is_int(v) and v >= 0  # type: ignore[operator]


def is_nonneg_number(v: object) -> bool:
    return is_number(v) and v >= 0  # type: ignore[operator]


def is_dict(v: object) -> bool:
    return isinstance(v, dict)


def is_list(v: object) -> bool:
    return isinstance(v, list)


def is_bool(v: object) -> bool:
    return isinstance(v, bool)


def parse_date(text: object) -> dt.datetime | None:
    """The record's ISO 8601 date, or None if it is not text or does not parse."""
    if not isinstance(text, str):
        return None
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def is_utc_date(v: object) -> bool:
    """An ISO 8601 date with a time zone (naive dates are ambiguous across runners)."""
    parsed = parse_date(v)
    return parsed is not None and parsed.tzinfo is not None


# --------------------------------------------------------------------------------------
# fields
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    """One key of an object: a predicate, what it must be (pt-BR), and if required.

    ``note`` (English, with an example where it helps) and ``keys`` (the table of the
    nested object, or of each item of a list or map) only feed :func:`describe`, so
    the documented format is the validated one.
    """

    check: Callable[[object], bool]
    desc: str
    required: bool = True
    note: str = ""
    keys: dict[str, Field] | None = None


def expect(cond: bool, where: str, problem: str) -> None:
    """Raise :class:`RecordError` ``where: problem`` unless ``cond``."""
    if not cond:
        raise RecordError(f"{where}: {problem}")


def check_fields(obj: object, where: str, spec: dict[str, Field]) -> None:
    """``obj`` is a JSON object with every required key, each key as ``spec`` says."""
    expect(isinstance(obj, dict), where, "deve ser um objeto JSON")
    assert isinstance(obj, dict)
    for key, f in spec.items():
        if key not in obj:
            expect(not f.required, where, f"falta a chave obrigatória '{key}'")
            continue
        expect(
            f.check(obj[key]), f"{where}.{key}", f"deve ser {f.desc}, veio {obj[key]!r}"
        )


def describe(spec: dict[str, Field], indent: int = 0) -> list[str]:
    """One line per key of ``spec`` (nested tables indented): ``key?`` when optional,
    what it must be, and its note."""
    lines = []
    for key, f in spec.items():
        name = " " * indent + key + ("" if f.required else "?")
        text = f"{name:<22}{f.desc}"
        lines.append(f"{text}  # {f.note}" if f.note else text)
        if f.keys:
            lines += describe(f.keys, indent + 2)
    return lines
