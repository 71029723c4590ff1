"""The only place numbers, hours, days and times are written the Dutch way.

Every Dutch text matcher writes (the app, exports, profiles, explanations, the session
summary) formats through these functions, so a decimal comma or a day range reads the same
everywhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from matcher.text.labels import DAY_NAMES_NL

__all__ = ["euro", "format_days", "format_moment", "format_time", "hours_text",
           "nl_format", "nl_number"]

#: Dutch month names, January first.
MONTHS_NL = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
             "september", "oktober", "november", "december")


def nl_number(value: float, digits: int = 1, *, strip: bool = False,
              thousands: bool = False) -> str:
    """``value`` with ``digits`` decimals and a decimal comma: ``nl_number(7.735, 2)`` -> ``7,74``.

    ``strip`` drops trailing zeros and a bare comma (``2.50`` -> ``2,5``, ``3.00`` -> ``3``);
    ``thousands`` groups thousands with a point (``12345.6`` -> ``12.345,6``).
    """
    text = f"{value:,.{digits}f}" if thousands else f"{value:.{digits}f}"
    if strip and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


_SWAP = str.maketrans({",": ".", ".": ","})


def nl_format(value: float, spec: str = "") -> str:
    """``format(value, spec)`` the Dutch way: ``,`` and ``.`` swap (``1,234.5`` -> ``1.234,5``).

    The catalogue writes the numbers inside Dutch messages with it (``{count:,}``,
    ``{length:.2f}``).

    >>> nl_format(250_000, ","), nl_format(2.5, ".2f")
    ('250.000', '2,50')
    """
    return format(value, spec).translate(_SWAP)


def hours_text(value: float, digits: int = 1) -> str:
    """Hours with up to ``digits`` decimals, a whole number without them: ``2.0`` -> ``2``,
    ``2.5`` -> ``2,5``; ``hours_text(1.667, 2)`` -> ``1,67``."""
    return nl_number(value, digits, strip=True)


def format_days(days: Iterable[int]) -> str:
    """Day numbers the Dutch way, with ranges: ``(0,1,2,3,4)`` -> ``ma-vr``."""
    ordered = sorted(set(days))
    if not ordered:
        return ""
    runs: list[list[int]] = [[ordered[0]]]
    for day in ordered[1:]:
        if day == runs[-1][-1] + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{DAY_NAMES_NL[run[0]]}-{DAY_NAMES_NL[run[-1]]}")
        else:
            parts.extend(DAY_NAMES_NL[d] for d in run)
    return ",".join(parts)


def format_time(minutes: int) -> str:
    """Minutes after midnight as ``HH:MM``."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def format_moment(when: dt.datetime, today: dt.date | None = None) -> str:
    """A moment in local time the Dutch way: ``vandaag 14:05``, ``gisteren 09:30`` or
    ``4 december 2026, 14:05`` (an aware time is shown in this machine's time zone)."""
    local = when.astimezone() if when.tzinfo is not None else when
    today = today or dt.date.today()
    clock = f"{local.hour:02d}:{local.minute:02d}"
    if local.date() == today:
        return f"vandaag {clock}"
    if local.date() == today - dt.timedelta(days=1):
        return f"gisteren {clock}"
    return f"{local.day} {MONTHS_NL[local.month - 1]} {local.year}, {clock}"


def euro(amount: float) -> str:
    """An amount in whole euros the Dutch way: ``euro(9650)`` -> ``€ 9.650``."""
    return f"€ {nl_number(amount, 0, thousands=True)}"
