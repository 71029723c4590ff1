"""Function profiles: the description of each carved function a school can adopt.

For every function of a :class:`~matcher.carving.core.Carving` a :class:`FunctionProfile` holds the
Dutch title, a purpose sentence, hours and fta, level, areas, sites, load, pupil contact, a
week grid (day x half hour), the *hoofdtaken*, whose work it takes over, a supervision note
and whether the function is locked. :func:`profiles_markdown` and :func:`profiles_xlsx`
render them for people; everything is derived from the carving, nothing is invented.

Hoofdtaken (main tasks)
-----------------------
A wage-value assessment (loonwaardemeting) works on main tasks, each at least 1/16 of the
working week and at least 30 minutes per working day. With ``H`` the function's hours a
week and ``D`` its number of working days (days with work in its schedule), every
hoofdtaak must have at least ``max(H / 16, 0.5 * D)`` hours a week
(:func:`hoofdtaak_minimum`). :func:`group_hoofdtaken` builds them deterministically:

1. **Seed**: tasks of the same area whose descriptions start with the same keyword (the
   first word of at least four letters that is not a stop word, folded and cut to seven
   letters: ``Kantine`` and ``Kantineverkoop`` match) form one group.
2. **Merge**: while a group is below the minimum and more than one group is left, the
   smallest group (ties: the one whose first task comes first) joins another group,
   chosen by, in order: the same main area (most hours); a shared kind of work
   (:data:`ACTIVITIES`: receptie, schoonmaak, kopieerwerk, ...); the most similar
   descriptions (Jaccard overlap of six-letter word stems); the fewest hours; first task
   first. Each merge removes a group, so this ends; at the end every group reaches the
   minimum, or one group is left.
3. **Name**: the main area's Dutch label and the short description of the group's largest
   task (``Facilitair: kantineverkoop tijdens de middagpauze``), ``e.a.`` when it holds
   more tasks.

The only exception is a function whose own hours are below the minimum (fewer than 30
minutes per working day in all): it gets a single hoofdtaak that cannot meet the rule,
and :attr:`FunctionProfile.hoofdtaken_ok` is ``False``.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from matcher.carving.core import FTA_HOURS, Carving, Function
from matcher.inputs.schema import (
    WORK_DAYS,
    normalise_key,
)
from matcher.model import Sites, Task
from matcher.outputs.files import safe_cell
from matcher.text.format import format_days, format_time
from matcher.text.labels import AREA_LABELS_NL, DAY_NAMES_NL, LEVEL_NAMES_NL

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = [
    "ACTIVITIES",
    "CONTACT_NL",
    "LOAD_NL",
    "SLOT_MINUTES",
    "FunctionProfile",
    "GridEntry",
    "Hoofdtaak",
    "WeekGrid",
    "activity_kind",
    "build_profile",
    "build_profiles",
    "group_hoofdtaken",
    "hoofdtaak_minimum",
    "profile_markdown",
    "profiles_markdown",
    "profiles_xlsx",
]

#: Minutes per row of the week grid.
SLOT_MINUTES = 30

#: Dutch names of physical load 0-2.
LOAD_NL: dict[int, str] = {0: "laag", 1: "gemiddeld", 2: "hoog"}

#: Dutch names of pupil contact 0-2.
CONTACT_NL: dict[int, str] = {0: "geen", 1: "beperkt", 2: "veel"}

_EPS = 1e-9

_STOP_WORDS = frozenset({
    "aan", "alle", "als", "beide", "bij", "dan", "deze", "die", "door", "eens", "elke", "heen",
    "het", "maar", "meer", "naar", "onder", "over", "samen", "tijdens", "tussen", "uit",
    "voor", "waar", "weer", "zijn", "zodat",
})

#: Words that should not end a short label.
_TRAILING = frozenset({"de", "het", "een", "en", "of", "van", "voor", "bij", "in", "op", "aan",
                       "met", "naar", "tijdens", "door", "na", "om", "uit", "te", "per"})

_TEACHER_ROLES = ("docent", "leerkracht", "leraar", "teacher")

_PLURALS: dict[str, str] = {
    "conciërge": "conciërges",
    "docent": "docenten",
    "leerkracht": "leerkrachten",
    "leraar": "leraren",
    "onderwijsassistent": "onderwijsassistenten",
    "toa": "TOA's",
    "schoonmaker": "schoonmakers",
    "facilitair medewerker": "facilitair medewerkers",
    "administratief medewerker": "administratief medewerkers",
    "roostermaker": "roostermakers",
    "directie": "directie",
    "directeur": "directeuren",
    "huismeester": "huismeesters",
    "intern begeleider": "intern begeleiders",
    "pedagogisch medewerker": "pedagogisch medewerkers",
}


#: Kinds of school support work: key, Dutch phrase for the purpose sentence, word stems.
#: A task's kind is that of the first word of its description that matches a stem (folded,
#: accents off; a stem of five letters or more matches the start of a word, a shorter stem
#: only the whole word). Kinds steer which small hoofdtaken merge, and word the purpose.
ACTIVITIES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("open_close", "het openen en sluiten van het gebouw",
     ("openen", "sluitronde", "afsluiten", "ontsluiten")),
    ("reception", "receptie en telefoon",
     ("receptie", "telefoon", "balie", "bezoeker", "ontvangen", "laatkomer", "kluissleutel")),
    ("post", "post en bodedienst", ("post", "postronde", "pakket", "bodedienst", "levering")),
    ("supervision", "toezicht op leerlingen",
     ("toezicht", "surveillant", "overblijven", "opvang", "pleinwacht")),
    ("pupils", "hulp aan leerlingen in en om de klas",
     ("zorgassistent", "helpen", "assisteren", "lezen", "tutorlezen", "buitenspelen")),
    ("practical", "voorbereiding van praktijklessen en practica",
     ("practicum", "practicumlokalen", "praktijk", "praktijkkeuken", "techniek", "tekenlokaal",
      "handvaardigheid", "glaswerk", "gereedschap", "schorten", "hout", "gymmateriaal",
      "toestellen")),
    ("setup", "lokalen en materialen klaarzetten",
     ("inrichten", "klaarzetten", "klaarleggen", "opruimen", "opbouwen", "aula", "lokalen",
      "digiborden", "chromebook", "readers", "werkstukken", "lijmpotjes", "potloden",
      "hoeken", "materiaal", "mediatheek")),
    ("copy", "kopieer- en reproductiewerk",
     ("kopieerwerk", "kopieren", "kopie", "lamineren", "inbinden")),
    ("admin", "administratie en archief",
     ("absenties", "ziekmelding", "invoeren", "registreren", "archief", "dossier",
      "leerlingdossier", "scannen", "mailbox", "inschrijf", "urenbriefjes", "bestellijst",
      "gevonden", "schoolboeken", "lokaalruil", "verzuim", "uitnodiging", "enveloppen",
      "leerlingenlijsten", "nieuwsbrief", "afspraken", "stageovereenkomst")),
    ("pantry", "kantine en personeelskamer",
     ("kantine", "kantineverkoop", "koffie", "vaatwasser", "teamkamer", "personeelskamer",
      "schoolfruit", "afwas")),
    ("cleaning", "schoonmaak en afval",
     ("schoonmaak", "dagschoonmaak", "vegen", "schoolplein", "zwerfvuil", "afval", "kliko",
      "prullenbak", "frituurvet", "karton")),
    ("upkeep", "klein onderhoud, groen en voorraad",
     ("onderhoud", "groenonderhoud", "lampen", "planten", "moestuin", "zandbak", "zandbakken",
      "legionella", "controle", "voorraad")),
)


def activity_kind(description: str) -> str:
    """The kind of work a description names (a key of :data:`ACTIVITIES`), or ``""``.

    >>> activity_kind("Kantine: broodjes smeren")
    'pantry'
    >>> activity_kind("Toetsen kopiëren en tellen")
    'copy'
    """
    for word in normalise_key(description).split("_"):
        for key, _, stems in ACTIVITIES:
            if any(word == s or (len(s) >= 5 and word.startswith(s)) for s in stems):
                return key
    return ""


_ACTIVITY_PHRASE = {key: phrase for key, phrase, _ in ACTIVITIES}


# --------------------------------------------------------------------------------------
# Data


@dataclass(frozen=True)
class Hoofdtaak:
    """A main task: a group of the function's tasks as a wage-value assessment uses it."""

    name: str
    area: str
    tasks: tuple[Task, ...]

    @property
    def hours(self) -> float:
        """Hours a week."""
        return round(sum(t.hours for t in self.tasks), 2)

    @property
    def task_ids(self) -> tuple[str, ...]:
        """Ids of its tasks in inventory order."""
        return tuple(t.task_id for t in self.tasks)

    @property
    def kind(self) -> str:
        """The kind of work with the most hours in it (a key of :data:`ACTIVITIES`) or ``""``."""
        return _main_kind(self.tasks)

    @property
    def activity(self) -> str:
        """A phrase for sentences: the kind's phrase, else the largest task's short text."""
        return _ACTIVITY_PHRASE.get(self.kind) or _lower_first(
            _short(_largest(self.tasks).description, 40))


@dataclass(frozen=True)
class GridEntry:
    """The part of one schedule block that falls in one slot of the week grid."""

    task_id: str
    label: str
    site: str
    start: int
    end: int
    partial: bool

    @property
    def minutes(self) -> int:
        """Length in minutes."""
        return self.end - self.start

    def text(self, with_site: bool) -> str:
        """``VO-045 Kantine (centrum) 11:30-11:40``: times only when it does not fill the slot."""
        out = self.label + (f" ({self.site})" if with_site else "")
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
        """Working minutes in the grid."""
        return sum(e.minutes for row in self.cells for cell in row for e in cell)

    def slot_label(self, row: int) -> str:
        """``07:30-08:00``."""
        start = self.slots[row]
        return f"{format_time(start)}-{format_time(start + self.slot_minutes)}"

    def cell_text(self, row: int, column: int) -> str:
        """Text of one cell: its entries joined with ``; ``."""
        return "; ".join(e.text(self.multi_site) for e in self.cells[row][column])


@dataclass(frozen=True)
class FunctionProfile:
    """Everything a school needs to adopt one carved function (Dutch text, English code)."""

    function_id: str
    title: str
    purpose: str
    hours: float
    fta: float
    level: int
    level_name: str
    areas: tuple[str, ...]
    sites: tuple[str, ...]
    site_names: tuple[str, ...]
    days: tuple[int, ...]
    physical_load: int
    pupil_contact: int
    hoofdtaak_minimum: float
    hoofdtaken: tuple[Hoofdtaak, ...]
    hours_by_role: tuple[tuple[str, float], ...]
    teacher_hours: float
    grid: WeekGrid
    supervision: tuple[str, ...]
    locked: bool
    warnings: tuple[str, ...]

    @property
    def load_label(self) -> str:
        """Physical load in Dutch: laag, gemiddeld or hoog."""
        return LOAD_NL.get(self.physical_load, str(self.physical_load))

    @property
    def contact_label(self) -> str:
        """Pupil contact in Dutch: geen, beperkt or veel."""
        return CONTACT_NL.get(self.pupil_contact, str(self.pupil_contact))

    @property
    def area_labels(self) -> tuple[str, ...]:
        """Areas in Dutch, most hours first."""
        return tuple(AREA_LABELS_NL.get(a, a) for a in self.areas)

    @property
    def hoofdtaken_ok(self) -> bool:
        """True when every hoofdtaak reaches :attr:`hoofdtaak_minimum`."""
        return all(h.hours >= self.hoofdtaak_minimum - 0.005 for h in self.hoofdtaken)

    @property
    def role_note(self) -> str:
        """Dutch note on whose hours are freed (teacher hours are worth more)."""
        if self.teacher_hours > 0:
            return (f"Hiervan zijn {_num(self.teacher_hours)} u per week uren van docenten of "
                    "leerkrachten: die zijn voor de school meer waard dan uren van "
                    "ondersteunend personeel, omdat docenten de tijd aan hun lessen en "
                    "leerlingen kunnen besteden.")
        return ("De functie neemt geen werk van docenten over; vrijgekomen docenturen zouden "
                "voor de school meer waard zijn dan uren van ondersteunend personeel.")


# --------------------------------------------------------------------------------------
# Building


def hoofdtaak_minimum(hours: float, working_days: int) -> float:
    """Least hours a week of one hoofdtaak: ``max(hours / 16, 0.5 * working_days)``.

    >>> hoofdtaak_minimum(25.5, 5)
    2.5
    >>> hoofdtaak_minimum(40.0, 4)
    2.5
    """
    return max(hours / 16, 0.5 * max(1, working_days))


def group_hoofdtaken(tasks: Sequence[Task], working_days: int) -> tuple[Hoofdtaak, ...]:
    """Group a function's tasks into hoofdtaken (the algorithm is in the module docstring).

    Hoofdtaken are returned largest first; tasks inside each keep their given order.
    """
    if not tasks:
        return ()
    order = {t.task_id: k for k, t in enumerate(tasks)}
    minimum = hoofdtaak_minimum(sum(t.hours for t in tasks), working_days)
    groups: list[list[Task]] = []
    seeds: dict[tuple[str, str], int] = {}
    for t in tasks:
        key = (t.area, _keyword(t.description))
        if key[1] and key in seeds:
            groups[seeds[key]].append(t)
        else:
            seeds[key] = len(groups)
            groups.append([t])

    def hours(group: list[Task]) -> float:
        return sum(t.hours for t in group)

    def first(group: list[Task]) -> int:
        return min(order[t.task_id] for t in group)

    while len(groups) > 1:
        small = [k for k, g in enumerate(groups) if hours(g) < minimum - _EPS]
        if not small:
            break
        k = min(small, key=lambda k: (hours(groups[k]), first(groups[k])))
        group = groups.pop(k)
        area, kinds, stems = _main_area(group), _kinds(group), _stems(group)
        target = min(groups, key=lambda g: (_main_area(g) != area, not kinds & _kinds(g),
                                            -_jaccard(stems, _stems(g)), hours(g), first(g)))
        target.extend(group)
        target.sort(key=lambda t: order[t.task_id])
    made = [_hoofdtaak(g) for g in groups]
    made.sort(key=lambda h: (-h.hours, order[h.tasks[0].task_id]))
    return tuple(made)


def build_profiles(carving: Carving) -> list[FunctionProfile]:
    """One profile per function of the carving, in function order."""
    return [build_profile(f, carving.inventory.sites) for f in carving.functions]


def build_profile(function: Function, sites: Sites) -> FunctionProfile:
    """The profile of one function; ``sites`` gives the readable site names."""
    f = function
    days = f.days
    hoofdtaken = group_hoofdtaken(f.tasks, len(days))
    names = tuple(_site_name(sites, s) for s in f.sites)
    roles = tuple(f.hours_by_role.items())
    teacher = round(sum(h for role, h in roles if _is_teacher(role)), 2)
    return FunctionProfile(
        function_id=f.function_id,
        title=f.title,
        purpose=_purpose(roles, names, hoofdtaken),
        hours=f.hours,
        fta=round(f.hours / FTA_HOURS, 2),
        level=f.level,
        level_name=LEVEL_NAMES_NL.get(f.level, str(f.level)),
        areas=f.areas,
        sites=f.sites,
        site_names=names,
        days=days,
        physical_load=f.physical_load,
        pupil_contact=f.pupil_contact,
        hoofdtaak_minimum=round(hoofdtaak_minimum(f.hours, len(days)), 2),
        hoofdtaken=hoofdtaken,
        hours_by_role=roles,
        teacher_hours=teacher,
        grid=_week_grid(f),
        supervision=_supervision(f, sites),
        locked=bool(getattr(f, "locked", False)),
        warnings=tuple(str(w) for w in getattr(f, "warnings", ())),
    )


def _hoofdtaak(group: list[Task]) -> Hoofdtaak:
    area = _main_area(group)
    label = AREA_LABELS_NL.get(area, area)
    name = f"{label[:1].upper()}{label[1:]}: {_lower_first(_short(_largest(group).description))}"
    if len(group) > 1:
        name += " e.a."
    return Hoofdtaak(name, area, tuple(group))


def _largest(tasks: Iterable[Task]) -> Task:
    items = list(tasks)
    return max(items, key=lambda t: (t.hours, -items.index(t)))


def _main_area(tasks: Iterable[Task]) -> str:
    totals: dict[str, float] = defaultdict(float)
    for t in tasks:
        totals[t.area] += t.hours
    return min(totals, key=lambda a: (-totals[a], a))


def _kinds(tasks: Iterable[Task]) -> frozenset[str]:
    return frozenset(k for k in (activity_kind(t.description) for t in tasks) if k)


def _main_kind(tasks: Iterable[Task]) -> str:
    totals: dict[str, float] = defaultdict(float)
    for t in tasks:
        kind = activity_kind(t.description)
        if kind:
            totals[kind] += t.hours
    return min(totals, key=lambda k: (-totals[k], k)) if totals else ""


def _words(text: str) -> list[str]:
    return [w for w in normalise_key(text).split("_")
            if len(w) >= 4 and w not in _STOP_WORDS and not w.isdigit()]


def _keyword(description: str) -> str:
    words = _words(description)
    return words[0][:7] if words else ""


def _stems(tasks: Iterable[Task]) -> frozenset[str]:
    return frozenset(w[:6] for t in tasks for w in _words(t.description))


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def _short(description: str, max_chars: int = 48, comma: bool = False) -> str:
    """The head of a description: up to the first ``:``, ``(`` or ``;`` (and ``,`` with
    ``comma``), at most ``max_chars`` in whole words, no dangling ``en``/``van``."""
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


def _lower_first(text: str) -> str:
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def _site_name(sites: Sites, site: str) -> str:
    try:
        name = sites.name(site)
    except (KeyError, ValueError):  # pragma: no cover - a site outside the inventory
        name = site
    return name if name and name != site else f"locatie {site}"


def _is_teacher(role: str) -> bool:
    low = role.lower()
    return any(word in low for word in _TEACHER_ROLES)


def _plural(role: str) -> str:
    """Dutch plural of a role: a small dictionary, then the usual endings."""
    known = _PLURALS.get(role.strip().lower())
    if known:
        return known
    head, _, last = role.strip().rpartition(" ")
    if last.isupper():
        plural = f"{last}'s"
    elif last.endswith(("e", "er", "el", "em", "en", "je")):
        plural = f"{last}s"
    elif last.endswith(("a", "o", "u", "i", "y")):
        plural = f"{last}'s"
    else:
        plural = f"{last}en"
    return f"{head} {plural}".strip()


def _join_nl(items: Sequence[str]) -> str:
    """``a``, ``a en b``, ``a, b en c``."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} en {items[-1]}"


def _purpose(roles: Sequence[tuple[str, float]], site_names: Sequence[str],
             hoofdtaken: Sequence[Hoofdtaak]) -> str:
    known = [r for r, _ in roles if r and r != "onbekend"]
    who = [_plural(r) for r in known[:3]]
    if len(known) > 3:
        who.append("andere collega's")
    place = _join_nl(list(site_names))
    subject = f"de {_join_nl(who)} van {place}" if who else f"het team van {place}"
    activities = list(dict.fromkeys(h.activity for h in hoofdtaken))[:4]
    return f"Ondersteunt {subject} door werk over te nemen: {'; '.join(activities)}."


def _num(x: float) -> str:
    """Hours the Dutch way: ``25,42``, ``2,5``, ``5``."""
    return f"{x:.2f}".rstrip("0").rstrip(".").replace(".", ",")


def _decimal2(x: float) -> str:
    """Two decimals with a decimal comma: ``1,00``."""
    return f"{x:.2f}".replace(".", ",")


def _week_grid(f: Function) -> WeekGrid:
    blocks = f.schedule.blocks
    days = tuple(sorted(set(WORK_DAYS) | {b.day for b in blocks}))
    if not blocks:
        return WeekGrid(SLOT_MINUTES, days, (), (), False)
    first = min(b.start for b in blocks) // SLOT_MINUTES * SLOT_MINUTES
    last = -(-max(b.end for b in blocks) // SLOT_MINUTES) * SLOT_MINUTES
    slots = tuple(range(first, last, SLOT_MINUTES))
    labels = {t.task_id: f"{t.task_id} {_short(t.description, 22, comma=True)}"
              for t in f.tasks}
    cells: dict[tuple[int, int], list[GridEntry]] = defaultdict(list)
    for b in blocks:
        for row, slot in enumerate(slots):
            lo, hi = max(b.start, slot), min(b.end, slot + SLOT_MINUTES)
            if lo < hi:
                cells[(row, b.day)].append(GridEntry(
                    b.task_id, labels.get(b.task_id, b.task_id), b.site, lo, hi,
                    (lo, hi) != (slot, slot + SLOT_MINUTES)))
    grid = tuple(
        tuple(tuple(sorted(cells.get((row, d), []), key=lambda e: (e.start, e.task_id)))
              for d in days)
        for row in range(len(slots)))
    return WeekGrid(SLOT_MINUTES, days, slots, grid, len({b.site for b in blocks}) > 1)


def _supervision(f: Function, sites: Sites) -> tuple[str, ...]:
    """Where and when a supervisor must be present, and a flag for much pupil contact.

    Per site, the worker is there from the start of a run of consecutive blocks at that
    site to its end (idle time between them included, travel to another site not); days
    with the same times are joined.
    """
    runs: dict[str, dict[int, list[tuple[int, int]]]] = defaultdict(lambda: defaultdict(list))
    previous: tuple[int, str] | None = None
    for b in sorted(f.schedule.blocks, key=lambda b: (b.day, b.start, b.end, b.task_id)):
        day_runs = runs[b.site][b.day]
        if previous == (b.day, b.site) and day_runs:
            lo, hi = day_runs[-1]
            day_runs[-1] = (lo, max(hi, b.end))
        else:
            day_runs.append((b.start, b.end))
        previous = (b.day, b.site)
    lines = []
    for site in f.sites:
        if site not in runs:
            continue
        by_times: dict[tuple[tuple[int, int], ...], list[int]] = defaultdict(list)
        for day, spans in sorted(runs[site].items()):
            by_times[tuple(spans)].append(day)
        parts = [f"{format_days(tuple(days))} " +
                 ", ".join(f"{format_time(lo)}-{format_time(hi)}" for lo, hi in spans)
                 for spans, days in sorted(by_times.items(), key=lambda kv: (kv[1][0], kv[0]))]
        n = len(runs[site])
        lines.append(f"Begeleider aanwezig op {'; '.join(parts)} bij {_site_name(sites, site)} "
                     f"({n} {'dag' if n == 1 else 'dagen'} per week).")
    contact = [t for t in f.tasks if t.pupil_contact >= 2]
    if contact:
        where = ("begeleiding in de klas nodig" if any(t.area == "classroom" for t in contact)
                 else "begeleiding nodig waar de leerlingen zijn")
        tasks = ", ".join(f"{t.task_id} ({t.when})" for t in contact)
        lines.append(f"Werkt met leerlingen: {where} bij {tasks}.")
    return tuple(lines)


# --------------------------------------------------------------------------------------
# Markdown


def _md(text: object) -> str:
    """A table-safe Markdown cell: no line breaks, pipes escaped."""
    return " ".join(str(text).split()).replace("|", "\\|")


def _task_line(t: Task, multi_site: bool) -> str:
    where = f", {t.site}" if multi_site else ""
    return f"{t.task_id} {t.description} ({_num(t.hours)} u, {t.when}{where})"


def profile_markdown(p: FunctionProfile) -> str:
    """The Markdown description of one function."""
    multi = len(p.sites) > 1
    lines = [f"## {p.function_id} · {_md(p.title)}", "", _md(p.purpose), ""]
    if p.locked:
        lines += ["**Vergrendeld**: deze functie blijft zoals ze is bij opnieuw carven.", ""]
    lines += [
        "| Kenmerk | Waarde |", "|---|---|",
        f"| Functie-id | {_md(p.function_id)} |",
        f"| Uren per week | {_num(p.hours)} |",
        f"| Fta | {_decimal2(p.fta)} (uren / {_num(FTA_HOURS)}; telt mee voor de "
        "banenafspraak naar rato) |",
        f"| Niveau | {p.level} ({_md(p.level_name)}) |",
        f"| Gebieden | {_md(', '.join(p.area_labels))} |",
        f"| Locaties | {_md(', '.join(p.site_names))} |",
        f"| Werkdagen | {format_days(p.days)} |",
        f"| Fysieke belasting | {p.load_label} |",
        f"| Leerlingcontact | {p.contact_label} |",
        f"| Vergrendeld | {'ja' if p.locked else 'nee'} |",
        "",
        "### Hoofdtaken", "",
        f"Elke hoofdtaak minstens {_num(p.hoofdtaak_minimum)} u per week: 1/16 van de "
        f"werkweek ({_num(p.hours)} u / 16) en 30 minuten per werkdag ({len(p.days)} "
        f"{'dag' if len(p.days) == 1 else 'dagen'}).",
    ]
    if not p.hoofdtaken_ok:
        lines.append("De hele functie heeft minder uren dan dat minimum: één hoofdtaak.")
    lines.append("")
    for k, h in enumerate(p.hoofdtaken, start=1):
        share = h.hours / p.hours if p.hours else 0.0
        lines.append(f"{k}. **{_md(h.name)}**: {_num(h.hours)} u per week ({share:.0%})")
        lines.extend(f"   - {_md(_task_line(t, multi))}" for t in h.tasks)
    g = p.grid
    lines += ["", "### Weekrooster", ""]
    if multi:
        lines += ["Locatie tussen haakjes; tijden staan erbij als een taak het halfuur niet "
                  "vult.", ""]
    else:
        lines += ["Tijden staan erbij als een taak het halfuur niet vult.", ""]
    lines.append("| Tijd | " + " | ".join(DAY_NAMES_NL[d] for d in g.days) + " |")
    lines.append("|---" * (len(g.days) + 1) + "|")
    for row in range(len(g.slots)):
        cells = [_md(g.cell_text(row, col)) for col in range(len(g.days))]
        lines.append(f"| {g.slot_label(row)} | " + " | ".join(cells) + " |")
    lines += ["", "### Neemt werk over van", "", "| Huidige uitvoerder | Uren per week |",
              "|---|---|"]
    lines += [f"| {_md(role)} | {_num(hours)} |" for role, hours in p.hours_by_role]
    lines += ["", _md(p.role_note), "", "### Begeleiding", ""]
    lines += [f"- {_md(s)}" for s in p.supervision]
    if p.warnings:
        lines += ["", "### Let op", ""]
        lines += [f"- {_md(w)}" for w in p.warnings]
    return "\n".join(lines) + "\n"


def profiles_markdown(carving: Carving) -> str:
    """All function profiles of a carving as one Markdown document (``profiles.md``)."""
    profiles = build_profiles(carving)
    total = sum(p.hours for p in profiles)
    head = [
        "# Functiebeschrijvingen", "",
        f"{len(profiles)} functies, samen {_num(round(total, 2))} u per week = "
        f"{_num(round(sum(p.fta for p in profiles), 2))} fta "
        f"(bron: {_md(carving.inventory.source)}).", "",
    ]
    if not profiles:
        head += ["Er zijn geen functies gevormd.", ""]
    return "\n".join([*head, *(profile_markdown(p) for p in profiles)])


# --------------------------------------------------------------------------------------
# Excel

OVERVIEW_SHEET = "Overzicht"

_OVERVIEW_HEADERS = (
    "Functie", "Titel", "Doel", "Uren per week", "Fta", "Niveau", "Gebieden", "Locaties",
    "Werkdagen", "Fysieke belasting", "Leerlingcontact", "Hoofdtaken", "Neemt werk over van",
    "Docenturen", "Begeleiding", "Vergrendeld", "Let op",
)

_FIXED_TIME = datetime(2000, 1, 1)


def _sheet_title(function_id: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "_", function_id).strip("'") or "Functie"
    base = base[:31]
    title, k = base, 2
    while title.lower() in used or title.lower() == OVERVIEW_SHEET.lower():
        suffix = f"_{k}"
        title, k = base[: 31 - len(suffix)] + suffix, k + 1
    used.add(title.lower())
    return title


def profiles_xlsx(carving: Carving) -> bytes:
    """All profiles as an ``.xlsx`` workbook: an overview sheet and one sheet per function.

    Text cells go through :func:`matcher.inputs.read.safe_cell`; the bytes are the same on every run.
    """
    from openpyxl import Workbook

    profiles = build_profiles(carving)
    wb = Workbook()
    overview = wb.active
    assert overview is not None
    overview.title = OVERVIEW_SHEET
    for col, header in enumerate(_OVERVIEW_HEADERS, start=1):
        _put(overview, 1, col, header, strong=True)
    for row, p in enumerate(profiles, start=2):
        values: list[Any] = [
            p.function_id, p.title, p.purpose, p.hours, p.fta, f"{p.level} ({p.level_name})",
            ", ".join(p.area_labels), ", ".join(p.site_names), format_days(p.days),
            p.load_label, p.contact_label, "; ".join(h.name for h in p.hoofdtaken),
            "; ".join(f"{r} ({_num(h)} u)" for r, h in p.hours_by_role), p.teacher_hours,
            " ".join(p.supervision), "ja" if p.locked else "nee", " ".join(p.warnings),
        ]
        for col, value in enumerate(values, start=1):
            _put(overview, row, col, value)
    widths = (10, 40, 60, 12, 8, 16, 24, 36, 12, 12, 12, 60, 40, 10, 60, 10, 30)
    for col, width in enumerate(widths, start=1):
        overview.column_dimensions[_column(col)].width = width
    overview.freeze_panes = "A2"

    used: set[str] = set()
    for p in profiles:
        ws = wb.create_sheet(_sheet_title(p.function_id, used))
        _profile_sheet(ws, p)
    buffer = io.BytesIO()
    wb.properties.created = _FIXED_TIME
    wb.save(buffer)
    return _fixed_zip(buffer.getvalue())


def _put(ws: Worksheet, row: int, col: int, value: Any, strong: bool = False) -> None:
    """Write one cell, formula-safe (:func:`matcher.inputs.read.safe_cell`), wrapped, maybe bold."""
    from openpyxl.styles import Alignment, Font

    cell = ws.cell(row=row, column=col, value=safe_cell(value))
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    if strong:
        cell.font = Font(bold=True)


def _column(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index))


def _profile_sheet(ws: Worksheet, p: FunctionProfile) -> None:
    """Fill one function's sheet: facts, hoofdtaken, week grid, roles, supervision."""
    multi = len(p.sites) > 1
    row = 1
    _put(ws, row, 1, f"{p.function_id} · {p.title}", True)
    row += 1
    facts: list[tuple[str, Any]] = [
        ("Functie-id", p.function_id), ("Titel", p.title), ("Doel", p.purpose),
        ("Uren per week", p.hours),
        ("Fta", p.fta), ("", "telt mee voor de banenafspraak naar rato (uren / 25,5)"),
        ("Niveau", f"{p.level} ({p.level_name})"), ("Gebieden", ", ".join(p.area_labels)),
        ("Locaties", ", ".join(p.site_names)), ("Werkdagen", format_days(p.days)),
        ("Fysieke belasting", p.load_label), ("Leerlingcontact", p.contact_label),
        ("Vergrendeld", "ja" if p.locked else "nee"),
    ]
    for key, value in facts:
        _put(ws, row, 1, key, True)
        _put(ws, row, 2, value)
        row += 1
    row += 1
    _put(ws, row, 1, "Hoofdtaken", True)
    _put(ws, row, 2, f"elk minstens {_num(p.hoofdtaak_minimum)} u per week (1/16 van de "
                    f"werkweek en 30 minuten per werkdag)")
    row += 1
    for col, header in enumerate(("Hoofdtaak", "Uren per week", "Taak", "Omschrijving",
                                  "Uren", "Wanneer", "Locatie"), start=1):
        _put(ws, row, col, header, True)
    row += 1
    for h in p.hoofdtaken:
        for k, t in enumerate(h.tasks):
            if k == 0:
                _put(ws, row, 1, h.name)
                _put(ws, row, 2, h.hours)
            _put(ws, row, 3, t.task_id)
            _put(ws, row, 4, t.description)
            _put(ws, row, 5, t.hours)
            _put(ws, row, 6, t.when)
            _put(ws, row, 7, t.site)
            row += 1
    row += 1
    _put(ws, row, 1, "Weekrooster", True)
    _put(ws, row, 2, ("locatie tussen haakjes; " if multi else "") +
        "tijden erbij als een taak het halfuur niet vult")
    row += 1
    g = p.grid
    _put(ws, row, 1, "Tijd", True)
    for col, d in enumerate(g.days, start=2):
        _put(ws, row, col, DAY_NAMES_NL[d], True)
    row += 1
    for r in range(len(g.slots)):
        _put(ws, row, 1, g.slot_label(r))
        for c in range(len(g.days)):
            text = g.cell_text(r, c)
            if text:
                _put(ws, row, c + 2, text)
        row += 1
    row += 1
    _put(ws, row, 1, "Neemt werk over van", True)
    row += 1
    _put(ws, row, 1, "Huidige uitvoerder", True)
    _put(ws, row, 2, "Uren per week", True)
    row += 1
    for role, hours in p.hours_by_role:
        _put(ws, row, 1, role)
        _put(ws, row, 2, hours)
        row += 1
    _put(ws, row, 1, p.role_note)
    row += 2
    _put(ws, row, 1, "Begeleiding", True)
    row += 1
    for line in p.supervision:
        _put(ws, row, 1, line)
        row += 1
    if p.warnings:
        row += 1
        _put(ws, row, 1, "Let op", True)
        row += 1
        for w in p.warnings:
            _put(ws, row, 1, w)
            row += 1
    for col, width in enumerate((34, 24, 24, 24, 24, 24, 24), start=1):
        ws.column_dimensions[_column(col)].width = width


def _fixed_zip(data: bytes) -> bytes:
    """Rewrite the workbook's zip with fixed timestamps so equal input gives equal bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"<dcterms:modified([^>]*)>[^<]*</dcterms:modified>",
                                 rb"<dcterms:modified\1>2000-01-01T00:00:00Z"
                                 rb"</dcterms:modified>", content)
            fixed = zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            dst.writestr(fixed, content)
    return out.getvalue()
