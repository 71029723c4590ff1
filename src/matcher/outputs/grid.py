"""The one week grid of a function: its schedule as a table a person reads.

Two views of the same schedule, both built here and nowhere else:

* :func:`week_grid` -> :class:`WeekGrid`: rows are half-hour slots, columns are the days
  (ma-vr, plus a weekend day when the schedule has one); every block is cut into the slots
  it covers, so the entries' minutes add up to the schedule's exactly. The function
  profiles (``profiles.md``, ``profiles.xlsx``) show it; :meth:`WeekGrid.frame` gives it
  as a DataFrame with Dutch headers (``Tijd``, ``ma`` ... ``vr``).
* :func:`day_frame`: one row per school day (``dag``, ``uren``, ``blokken``) with the day's
  blocks as text (the text alternative of the picture).
* :func:`week_blocks`: one row per block (work, break, travel) with its day, times, label,
  area and site: what the app draws as the week picture (day x time, a block per row).

>>> import matcher
>>> files = matcher.demo_files("vo")
>>> inventory = matcher.load_tasks(files.tasks, files.sites)
>>> function = matcher.carve(inventory).functions[0]
>>> list(week_grid(function).frame().columns)
['Tijd', 'ma', 'di', 'wo', 'do', 'vr']
>>> day_frame(function, inventory.sites).columns.tolist()  # the app's Functies page
['dag', 'uren', 'blokken']
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

import pandas as pd

from matcher.carving import Function
from matcher.carving.week import BREAK, WORK
from matcher.inputs.schema import WORK_DAYS
from matcher.model import Sites
from matcher.text.format import format_time, nl_number
from matcher.text.labels import AREA_LABELS_NL, DAY_NAMES_NL

__all__ = [
    "SLOT_MINUTES",
    "GridEntry",
    "WeekGrid",
    "clip_text",
    "day_frame",
    "short_label",
    "week_blocks",
    "week_grid",
]

#: Minutes per row of the week grid.
SLOT_MINUTES = 30

#: Words that should not end a short label.
_TRAILING = frozenset({"de", "het", "een", "en", "of", "van", "voor", "bij", "in", "op", "aan",
                       "met", "naar", "tijdens", "door", "na", "om", "uit", "te", "per"})


def short_label(description: str, max_chars: int = 48, comma: bool = False) -> str:
    """The head of a task description, for grid cells and hoofdtaak names.

    Up to the first ``:``, ``(`` or ``;`` (and ``,`` with ``comma``), at most ``max_chars``
    in whole words, no dangling ``en``/``van``.

    >>> short_label("Kantineverkoop tijdens de middagpauze (ook bij toetsen)")
    'Kantineverkoop tijdens de middagpauze'
    >>> short_label("Post sorteren, rondbrengen en ophalen", 22, comma=True)
    'Post sorteren'
    """
    cut = r"[:(;,]" if comma else r"[:(;]"
    head = re.split(cut, " ".join(description.split()), maxsplit=1)[0].strip()
    words = head.split()
    out: list[str] = []
    for w in words:
        if out and len(" ".join([*out, w])) > max_chars:
            break
        out.append(w)
    while len(out) > 1 and out[-1].lower().strip(",") in _TRAILING:
        out.pop()
    if out:
        out[-1] = out[-1].rstrip(",")
    return " ".join(out) or description.strip()[:max_chars] or "taak"


def clip_text(text: str, length: int = 40) -> str:
    """``text`` cut to ``length`` characters with an ellipsis (the app's block texts).

    >>> clip_text("Kopieerwerk voor de docenten van de onderbouw", 20)
    'Kopieerwerk voor de…'
    """
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


@dataclass(frozen=True)
class GridEntry:
    """The part of one schedule block that falls in one slot of the week grid."""

    task_id: str
    label: str
    site: str
    start: int
    end: int
    partial: bool
    kind: str = WORK

    @property
    def minutes(self) -> int:
        """Length in minutes."""
        return self.end - self.start

    def text(self, with_site: bool) -> str:
        """``VO-045 Kantine (centrum) 11:30-11:40``: times only when it does not fill the slot."""
        out = self.label + (f" ({self.site})" if with_site and self.kind == WORK else "")
        if self.partial:
            out += f" {format_time(self.start)}-{format_time(self.end)}"
        return out


@dataclass(frozen=True)
class WeekGrid:
    """A function's week as a grid: rows are time slots, columns are days.

    ``cells[row][column]`` holds the entries of the slot starting at ``slots[row]`` on
    ``days[column]``; every block of the schedule is cut into the slots it covers, so the
    entries' minutes add up to the schedule's minutes exactly.
    """

    slot_minutes: int
    days: tuple[int, ...]
    slots: tuple[int, ...]
    cells: tuple[tuple[tuple[GridEntry, ...], ...], ...]
    multi_site: bool

    @property
    def minutes(self) -> int:
        """Working minutes in the grid (breaks and travel not counted)."""
        return sum(e.minutes for row in self.cells for cell in row for e in cell
                   if e.kind == WORK)

    @property
    def day_names(self) -> tuple[str, ...]:
        """The columns' Dutch day names: ``("ma", "di", "wo", "do", "vr")``."""
        return tuple(DAY_NAMES_NL[d] for d in self.days)

    def slot_label(self, row: int) -> str:
        """``07:30-08:00``."""
        start = self.slots[row]
        return f"{format_time(start)}-{format_time(start + self.slot_minutes)}"

    def cell_text(self, row: int, column: int) -> str:
        """Text of one cell: its entries joined with ``; `` (site in brackets when the
        function works at several sites, times when an entry does not fill the slot)."""
        return "; ".join(e.text(self.multi_site) for e in self.cells[row][column])

    def frame(self) -> pd.DataFrame:
        """The grid with Dutch headers: ``Tijd`` (the slot) and one text column per day."""
        columns = ["Tijd", *self.day_names]
        rows = [[self.slot_label(r), *(self.cell_text(r, c) for c in range(len(self.days)))]
                for r in range(len(self.slots))]
        return pd.DataFrame(rows, columns=columns)


def week_grid(function: Function, slot_minutes: int = SLOT_MINUTES) -> WeekGrid:
    """The function's schedule cut into slots of ``slot_minutes`` (the profiles' grid).

    Days are the school days ma-vr plus any other day the schedule uses; rows run from the
    slot of the first block's start to the slot of the last block's end. A cell names a
    task by its id and :func:`short_label` (cut at a comma, 22 characters).
    """
    blocks = function.schedule.rows()
    days = tuple(sorted(set(WORK_DAYS) | {b.day for b in blocks}))
    if not blocks:
        return WeekGrid(slot_minutes, days, (), (), False)
    first = min(b.start for b in blocks) // slot_minutes * slot_minutes
    last = -(-max(b.end for b in blocks) // slot_minutes) * slot_minutes
    slots = tuple(range(first, last, slot_minutes))
    labels = {t.task_id: f"{t.task_id} {short_label(t.description, 22, comma=True)}"
              for t in function.tasks}
    labels[""] = ""
    cells: dict[tuple[int, int], list[GridEntry]] = defaultdict(list)
    for b in blocks:
        for row, slot in enumerate(slots):
            lo, hi = max(b.start, slot), min(b.end, slot + slot_minutes)
            if lo < hi:
                label = (labels.get(b.task_id, b.task_id) if b.kind == WORK else
                         "pauze" if b.kind == BREAK else f"reistijd naar {b.site}")
                cells[(row, b.day)].append(GridEntry(
                    b.task_id, label, b.site, lo, hi,
                    (lo, hi) != (slot, slot + slot_minutes), b.kind))
    grid = tuple(
        tuple(tuple(sorted(cells.get((row, d), []), key=lambda e: (e.start, e.task_id)))
              for d in days)
        for row in range(len(slots)))
    return WeekGrid(slot_minutes, days, slots, grid,
                    len({b.site for b in function.schedule.blocks}) > 1)


def day_frame(function: Function, sites: Sites) -> pd.DataFrame:
    """The function's week, one row per school day (ma-vr): ``dag``, ``uren``, ``blokken``.

    A block reads ``08:30-10:00 VO-001 kopieerwerk voor docenten`` (the description cut to
    40 characters by :func:`clip_text`, ``[vaste tijd]`` after a fixed-time block). When
    the function works at more than one site, the site name goes before the first block of
    the day and before every block where the site changes (the gap before it is travel
    time). Days without work say ``geen werk``.
    """
    names = {t.task_id: t.description for t in function.tasks}
    several_sites = len(function.sites) > 1
    work = function.schedule.minutes_per_day()
    rows = []
    for day in WORK_DAYS:
        texts = []
        site = None
        for b in (b for b in function.schedule.rows() if b.day == day):
            if b.kind != WORK:
                what = "pauze" if b.kind == BREAK else f"reistijd naar {sites.name(b.site)}"
                texts.append(f"{format_time(b.start)}-{format_time(b.end)} {what}")
                continue
            text = ""
            if several_sites and b.site != site:
                text = f"{sites.name(b.site)}: "
                site = b.site
            text += f"{format_time(b.start)}-{format_time(b.end)} {b.task_id} "
            text += clip_text(names.get(b.task_id, ""))
            if b.fixed:
                text += " [vaste tijd]"
            texts.append(text)
        rows.append({
            "dag": DAY_NAMES_NL[day],
            "uren": nl_number(work.get(day, 0) / 60),
            "blokken": " · ".join(texts) if texts else "geen werk",
        })
    return pd.DataFrame(rows)


#: Columns of :func:`week_blocks`.
BLOCK_COLUMNS = ("dag", "dagnummer", "van", "tot", "begin", "einde", "soort", "taak", "tekst",
                 "gebied", "locatie", "vaste_tijd")


def week_blocks(function: Function, sites: Sites) -> pd.DataFrame:
    """Every block of the function's week, one row each, in day and time order.

    Columns (:data:`BLOCK_COLUMNS`): ``dag`` (ma ... vr), ``dagnummer`` (0 = Monday),
    ``van``/``tot`` (``HH:MM``), ``begin``/``einde`` (minutes after midnight), ``soort``
    (``werk``, ``pauze``, ``reistijd``), ``taak`` (the task id; empty for a break or
    travel), ``tekst`` (what the block says: the task id and :func:`short_label`, 22
    characters, ``pauze``, or ``reistijd naar`` the site), ``gebied`` (the task's area in
    Dutch; ``pauze`` or ``reistijd`` for the others), ``locatie`` (the site's name) and
    ``vaste_tijd`` (a fixed-time task). The days ma-vr are always named, so a picture
    drawn from it has the whole school week even when a day has no work.
    """
    tasks = {t.task_id: t for t in function.tasks}
    rows = []
    for b in function.schedule.rows():
        task = tasks.get(b.task_id)
        if b.kind == WORK and task is not None:
            text = f"{b.task_id} {short_label(task.description, 22, comma=True)}"
            area = AREA_LABELS_NL.get(task.area, task.area)
        elif b.kind == BREAK:
            text, area = "pauze", "pauze"
        else:
            text, area = f"reistijd naar {sites.name(b.site)}", "reistijd"
        rows.append({"dag": DAY_NAMES_NL[b.day], "dagnummer": b.day,
                     "van": format_time(b.start), "tot": format_time(b.end),
                     "begin": b.start, "einde": b.end,
                     "soort": {WORK: "werk", BREAK: "pauze"}.get(b.kind, "reistijd"),
                     "taak": b.task_id if b.kind == WORK else "", "tekst": text,
                     "gebied": area, "locatie": sites.name(b.site),
                     "vaste_tijd": bool(b.kind == WORK and b.fixed)})
    return pd.DataFrame(rows, columns=list(BLOCK_COLUMNS))
