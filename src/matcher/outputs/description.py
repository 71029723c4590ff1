"""What a function profile says: the facts of one carved function a school can adopt.

For every function of a :class:`~matcher.carving.Carving` a :class:`FunctionProfile` holds
the Dutch title, a purpose sentence, hours and fta, level, areas, sites, load, pupil
contact, the week grid (:mod:`matcher.outputs.grid`), the hoofdtaken
(:mod:`matcher.outputs.hoofdtaken`), whose work it takes over, a supervision note and
whether the function is locked. Everything is derived from the carving, nothing is
invented; :mod:`matcher.outputs.profiles` renders the profiles for people.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from matcher.carving import Carving, Function
from matcher.model import Sites, fta
from matcher.outputs.grid import WeekGrid, week_grid
from matcher.outputs.hoofdtaken import Hoofdtaak, group_hoofdtaken, hoofdtaak_minimum
from matcher.text.format import format_days, format_time, nl_number
from matcher.text.labels import AREA_LABELS_NL, LEVEL_NAMES_NL

__all__ = [
    "CONTACT_NL",
    "LOAD_NL",
    "FunctionProfile",
    "build_profile",
    "build_profiles",
]

#: Dutch names of physical load 0-2.
LOAD_NL: dict[int, str] = {0: "laag", 1: "gemiddeld", 2: "hoog"}

#: Dutch names of pupil contact 0-2.
CONTACT_NL: dict[int, str] = {0: "geen", 1: "beperkt", 2: "veel"}

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
            hours = nl_number(self.teacher_hours, 2, strip=True)
            return (f"Hiervan zijn {hours} u per week uren van docenten of leerkrachten"
                    ": die zijn voor de school meer waard dan uren van "
                    "ondersteunend personeel, omdat docenten de tijd aan hun lessen en "
                    "leerlingen kunnen besteden.")
        return ("De functie neemt geen werk van docenten over; vrijgekomen docenturen zouden "
                "voor de school meer waard zijn dan uren van ondersteunend personeel.")



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
        fta=fta(f.hours),
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
        grid=week_grid(f),
        supervision=_supervision(f, sites),
        locked=bool(getattr(f, "locked", False)),
        warnings=tuple(str(w) for w in getattr(f, "warnings", ())),
    )


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


