"""The rules of a workable week: :class:`ScheduleParams` and the hours of a site.

Kept apart from the week builder (:mod:`matcher.carving.week`) and the day planner
(:mod:`matcher.carving.day`), which both read them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from matcher.errors import ParamError
from matcher.inputs.schema import WORK_DAYS

__all__ = ["BREAK", "DEFAULT_SCHEDULE", "SITE_HOUR_COLUMNS", "TRAVEL", "WORK", "ScheduleParams",
           "SiteHours", "site_hours"]

#: Block kinds: work, a break, travel between sites (``schedule.csv``'s ``kind``).
WORK, BREAK, TRAVEL = "werk", "pauze", "reistijd"

#: Wednesday (day 2): the short day of many primary schools.
WEDNESDAY = 2


@dataclass(frozen=True)
class SiteHours:
    """When a site is open and when its pupils are there (minutes after midnight).

    Flexible work lies inside ``open_from``-``open_until``; flexible work with pupils inside
    ``pupils_from``-``pupils_until`` (on Wednesday until ``wednesday_pupils_until`` when
    given). Fixed tasks keep their own times.
    """

    open_from: int
    open_until: int
    pupils_from: int
    pupils_until: int
    wednesday_pupils_until: int | None = None

    def window(self, day: int, pupils: bool) -> tuple[int, int]:
        """Where flexible work may lie on ``day``: the opening hours, or the pupil hours
        (inside the opening hours) for work with pupils."""
        if not pupils:
            return self.open_from, self.open_until
        until = self.pupils_until
        if day == WEDNESDAY and self.wednesday_pupils_until is not None:
            until = self.wednesday_pupils_until
        return max(self.open_from, self.pupils_from), min(self.open_until, until)


@dataclass(frozen=True)
class ScheduleParams:
    """The rules of a workable week (defaults in brackets; ``docs/carving.md``).

    Parameters
    ----------
    day_start, day_end
        Opening hours of a site whose sites-file row does not give them: flexible work
        only inside them [07:30-17:30]. Fixed tasks keep their own times.
    pupil_start, pupil_end
        Pupil hours of a site whose row does not give them: flexible work with pupils
        (``pupil_contact >= pupil_contact_level``) only inside them [08:30-15:30].
    flex_start
        Where a day without fixed tasks starts [08:30].
    max_hours_per_day
        Most hours of work in one day [8].
    target_hours_per_day
        Hours per day the week is spread to: 25.5 h becomes 5 days of about 5 h [6].
    work_days
        Days flexible work may go to [Monday to Friday].
    max_site_changes
        Most moves between sites in one working day [1].
    min_piece
        Shortest flexible block in minutes; a task with less on a day gets one block [30].
    break_after_hours, break_minutes, break_part_minutes
        A day with more than ``break_after_hours`` of work holds ``break_minutes`` of break,
        in at most two parts of at least ``break_part_minutes`` [5.5 h, 30, 15]
        (Arbeidstijdenwet).
    long_day_hours, long_break_minutes
        Above ``long_day_hours`` of work the break is ``long_break_minutes`` [10 h, 45].
    min_day_hours
        Least work on a working day [2 h].
    max_idle_per_day
        Most idle minutes inside a working day besides the break and travel [60].
    max_start_spread
        Soft: start times of the working days should differ by at most this many minutes;
        more is priced (``CarveParams.routine_weight``) and warned about [60].
    pupil_contact_level
        Tasks with at least this pupil contact (0 low, 1 medium, 2 high) are work with
        pupils [1].

    Raises
    ------
    ParamError
        Naming every field that breaks its rule.
    """

    day_start: int = 7 * 60 + 30
    day_end: int = 17 * 60 + 30
    pupil_start: int = 8 * 60 + 30
    pupil_end: int = 15 * 60 + 30
    flex_start: int = 8 * 60 + 30
    max_hours_per_day: float = 8.0
    target_hours_per_day: float = 6.0
    work_days: tuple[int, ...] = WORK_DAYS
    max_site_changes: int = 1
    min_piece: int = 30
    break_after_hours: float = 5.5
    break_minutes: int = 30
    break_part_minutes: int = 15
    long_day_hours: float = 10.0
    long_break_minutes: int = 45
    min_day_hours: float = 2.0
    max_idle_per_day: int = 60
    max_start_spread: int = 60
    pupil_contact_level: int = 1

    def __post_init__(self) -> None:
        broken: list[tuple[str, str, object, dict[str, Any]]] = []
        if not 0 <= self.day_start < self.day_end <= 24 * 60:
            name = "day_start" if not 0 <= self.day_start < self.day_end else "day_end"
            broken.append((name, "param.day_window", getattr(self, name), {}))
        if not 0 <= self.pupil_start < self.pupil_end <= 24 * 60:
            name = "pupil_start" if not 0 <= self.pupil_start < self.pupil_end else "pupil_end"
            broken.append((name, "param.day_window", getattr(self, name), {}))
        if not self.day_start <= self.flex_start < self.day_end:
            broken.append(("flex_start", "param.flex_start", self.flex_start, {}))
        if not 0 < self.max_hours_per_day <= 24:
            broken.append(("max_hours_per_day", "param.day_hours", self.max_hours_per_day, {}))
        if not 0 < self.target_hours_per_day <= self.max_hours_per_day:
            broken.append(("target_hours_per_day", "param.target_day_hours",
                           self.target_hours_per_day, {}))
        if not self.work_days or any(d not in range(7) for d in self.work_days):
            broken.append(("work_days", "param.work_days", self.work_days, {}))
        for name in ("max_site_changes", "min_piece", "break_minutes", "break_part_minutes",
                     "long_break_minutes", "max_idle_per_day", "max_start_spread",
                     "pupil_contact_level"):
            value = getattr(self, name)
            if not (isinstance(value, int) and value >= 0):
                broken.append((name, "param.at_least", value, {"limit": 0}))
        for name in ("break_after_hours", "long_day_hours", "min_day_hours"):
            if not 0 <= getattr(self, name) <= 24:
                broken.append((name, "param.day_hours", getattr(self, name), {}))
        if broken:
            raise ParamError.of("ScheduleParams", broken)

    @property
    def max_day_minutes(self) -> int:
        """``max_hours_per_day`` in minutes."""
        return round(self.max_hours_per_day * 60)

    def default_hours(self) -> SiteHours:
        """The hours of a site whose sites-file row gives none."""
        return SiteHours(self.day_start, self.day_end, self.pupil_start, self.pupil_end)

    def break_needed(self, work_minutes: int) -> int:
        """Minutes of break a day with this much work must hold (0: none)."""
        if work_minutes > round(self.long_day_hours * 60):
            return self.long_break_minutes
        if work_minutes > round(self.break_after_hours * 60):
            return self.break_minutes
        return 0


#: The sites-file columns of :class:`SiteHours` (minutes after midnight, NaN: default).
SITE_HOUR_COLUMNS = ("open_from", "open_until", "pupils_from", "pupils_until",
                     "wednesday_pupils_until")


def site_hours(frame: Any, params: ScheduleParams | None = None) -> dict[str, SiteHours]:
    """Site id -> :class:`SiteHours` from a sites frame (``Sites.frame``): its hour columns
    where given, else ``params``' defaults. Only sites that differ from the defaults are
    listed (the week builder uses the defaults for the others)."""
    params = params or DEFAULT_SCHEDULE
    default = params.default_hours()
    out: dict[str, SiteHours] = {}
    if frame is None or not any(c in frame.columns for c in SITE_HOUR_COLUMNS):
        return out
    for _, row in frame.iterrows():
        hours = SiteHours(
            _minute(row, "open_from", default.open_from) or 0,
            _minute(row, "open_until", default.open_until) or 0,
            _minute(row, "pupils_from", default.pupils_from) or 0,
            _minute(row, "pupils_until", default.pupils_until) or 0,
            _minute(row, "wednesday_pupils_until", None))
        if hours != default:
            out[str(row["site"])] = hours
    return out


def _minute(row: Any, column: str, fallback: int | None) -> int | None:
    """A time column of a sites row in minutes, ``fallback`` when empty."""
    value = row.get(column)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return fallback
    return int(value)




#: The default rules (shared, immutable).
DEFAULT_SCHEDULE = ScheduleParams()
