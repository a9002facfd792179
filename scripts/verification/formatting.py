"""pt-BR numbers and dates for everything the site renders from a record.

Built on babel (installed with mkdocs-material). A float is handed to babel as its
exact decimal value and rounded half-even in a wide context, which is how Python's
own ``f"{x:.2f}"`` rounds: the strings match the ones the site showed before babel.

Babel is imported by the functions that use it, not by this module: GPU runners
record the downloads without babel (``requirements/downloads.txt``), and importing
:mod:`.download_runs` reaches this module. :func:`recorded` and :func:`plural` need
only the standard library, so the notebooks built there (their ``{{ value() }}``
numbers) are the bytes the site builds.
"""

from __future__ import annotations

import datetime as dt
import decimal
from decimal import Decimal

LOCALE = "pt_BR"


def _exact(value: float | int | str | Decimal) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(value)


def _format(value: float | int | str | Decimal, pattern: str) -> str:
    from babel.numbers import format_decimal

    with decimal.localcontext() as ctx:
        ctx.prec = 200  # never rounds before the pattern does
        ctx.rounding = decimal.ROUND_HALF_EVEN
        return format_decimal(_exact(value), format=pattern, locale=LOCALE)


def fixed(value: float, decimals: int) -> str:
    """``decimals`` after the comma, no grouping: ``2.5`` -> ``2,50``."""
    return _format(value, "0" + ("." + "0" * decimals if decimals else ""))


def seconds(value: float) -> str:
    """A duration: ``12.345`` -> ``12,35 s``."""
    return fixed(value, 2) + " s"


def times(ratio: float, decimals: int = 2) -> str:
    """A ratio: ``2.5`` -> ``2,50×`` (``decimals`` after the comma)."""
    return fixed(ratio, decimals) + "×"


def significant(value: float, digits: int = 3) -> str:
    """``digits`` significant digits: ``3512.4`` -> ``3.512``, ``0.0473`` -> ``0,0473``.

    At 1 or more, the whole part stays whole and is grouped (``3.512``, never
    ``3,51 mil``); below 1, trailing zeros go (``0,5``), and under 0,0001 the
    figure is written with ``digits + 2`` decimals (``0,00001``).
    """
    if value == 0:
        return "0"
    exact = _exact(value)
    if abs(exact) >= 1:
        whole = len(str(int(abs(exact))))
        decimals = max(0, digits - whole)
        return _format(exact, "#,##0" + ("." + "0" * decimals if decimals else ""))
    with decimal.localcontext() as ctx:
        ctx.prec = digits
        ctx.rounding = decimal.ROUND_HALF_EVEN
        rounded = +exact
    if rounded.adjusted() < -4:
        return fixed(value, digits + 2)
    # Rounded here, not by a "@##" pattern: babel's significant digits lose one
    # when the rounding carries (0,098 to one digit gives "0,01").
    return _format(rounded, "0." + "#" * (digits + 4))


def recorded(token: str) -> str:
    """A number as a record printed it, in pt-BR: ``0.0139`` -> ``0,0139``.

    Every digit stays (``1.50`` -> ``1,50``); the whole part is grouped
    (``1050114`` -> ``1.050.114``); an exponent is only given its comma.
    """
    sign = token[0] if token[0] in "+-" else ""
    body = token[len(sign) :]
    if "e" in body.lower():
        return sign + body.replace(".", ",")
    whole, dot, frac = body.partition(".")
    # Grouping only, every digit kept: nothing for babel to decide.
    grouped = f"{int(whole):,}".replace(",", ".") if whole else "0"
    return sign + grouped + ("," + frac if dot else "")


def plural(n: int, one: str, many: str) -> str:
    """``1 teste``, ``0 testes``, ``2 testes``.

    Not babel's plural rules: CLDR's Portuguese puts 0 with the singular
    ("0 teste"), which the site does not write.
    """
    return f"{n} {one if n == 1 else many}"


def utc_minutes(when: dt.datetime) -> str:
    """``2026-12-02 05:56 UTC``."""
    from babel.dates import format_datetime

    return format_datetime(
        when, "yyyy-MM-dd HH:mm 'UTC'", tzinfo=dt.timezone.utc, locale=LOCALE
    )


def long_date(when: dt.date) -> str:
    """``6 de dezembro de 2026`` (CLDR's long date)."""
    from babel.dates import format_date

    return format_date(when, format="long", locale=LOCALE)
