"""Hoofdtaken (main tasks): a function's tasks grouped the way a wage-value assessment reads them.

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
and :attr:`matcher.outputs.description.FunctionProfile.hoofdtaken_ok` is ``False``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from matcher.inputs.schema import normalise_key
from matcher.model import Task
from matcher.outputs.grid import short_label
from matcher.text.labels import AREA_LABELS_NL

__all__ = [
    "ACTIVITIES",
    "Hoofdtaak",
    "activity_kind",
    "group_hoofdtaken",
    "hoofdtaak_minimum",
]

_EPS = 1e-9

_STOP_WORDS = frozenset({
    "aan", "alle", "als", "beide", "bij", "dan", "deze", "die", "door", "eens", "elke", "heen",
    "het", "maar", "meer", "naar", "onder", "over", "samen", "tijdens", "tussen", "uit",
    "voor", "waar", "weer", "zijn", "zodat",
})

#: Words that should not end a short label.

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
            short_label(_largest(self.tasks).description, 40))


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


def _hoofdtaak(group: list[Task]) -> Hoofdtaak:
    area = _main_area(group)
    label = AREA_LABELS_NL.get(area, area)
    head = _lower_first(short_label(_largest(group).description))
    name = f"{label[:1].upper()}{label[1:]}: {head}"
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


def _lower_first(text: str) -> str:
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


