"""The data contract: vocabularies, levels, days and column names (English and Dutch).

This module only *describes* the inputs. Turning text into these values is done by
:mod:`matcher.inputs.cells`; reading and checking whole files by :mod:`matcher.inputs.loaders`.
The same tables drive the loaders, the documentation (``docs/data-format.md``) and the
Excel template, so there is one place to change a column or an alias.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "AREAS",
    "CANDIDATE_COLUMNS",
    "EDUCATION_LEVEL",
    "SITE_COLUMNS",
    "TASK_COLUMNS",
    "TEMPLATE_TABS",
    "WORK_DAYS",
    "ColumnSpec",
    "Kind",
    "normalise_key",
]

Kind = Literal["tasks", "sites", "candidates"]

#: The tabs of the Excel template (``matcher.outputs.template``), by the kind they hold: a
#: workbook with all of them is read without a note on which tab was chosen.
TEMPLATE_TABS: dict[str, str] = {"tasks": "taken", "sites": "locaties",
                                 "candidates": "kandidaten"}

#: The four task areas, in their canonical (English) spelling.
AREAS: tuple[str, ...] = ("concierge", "classroom", "administration", "facilities")

#: Accepted spellings (after :func:`normalise_key`) for each area.
AREA_ALIASES: dict[str, str] = {
    "concierge": "concierge",
    "conciergerie": "concierge",
    "receptie": "concierge",
    "classroom": "classroom",
    "class": "classroom",
    "klas": "classroom",
    "onderwijsassistentie": "classroom",
    "onderwijsondersteuning": "classroom",
    "administration": "administration",
    "admin": "administration",
    "administratie": "administration",
    "administratief": "administration",
    "facilities": "facilities",
    "facility": "facilities",
    "facilitair": "facilities",
    "facilitaire_dienst": "facilities",
}

#: Level scale of tasks and functions (1-4) with Dutch names.
#: Accepted level names (after :func:`normalise_key`).
LEVEL_ALIASES: dict[str, int] = {
    "elementair": 1,
    "elementary": 1,
    "eenvoudig": 2,
    "simple": 2,
    "gemiddeld": 3,
    "intermediate": 3,
    "mbo_2": 3,
    "mbo2": 3,
    "gevorderd": 4,
    "advanced": 4,
    "mbo_3": 4,
    "mbo3": 4,
    "mbo_3_of_hoger": 4,
}

#: Education of a candidate -> the highest task level (1-4) it qualifies for.
#: ``None`` means unknown: neither a match nor a knock-out.
EDUCATION_LEVEL: dict[str, int | None] = {
    "geen": 1,
    "none": 1,
    "pro": 1,
    "praktijkonderwijs": 1,
    "vso": 1,
    "entree": 2,
    "mbo_1": 2,
    "mbo_2": 3,
    "mbo_3": 4,
    "mbo_4": 4,
    "vmbo": 2,
    "havo": 4,
    "vwo": 4,
    "hbo": 4,
    "wo": 4,
    "onbekend": None,
    "unknown": None,
}

#: Canonical spelling of each education value (after :func:`normalise_key`).
EDUCATION_CANONICAL: dict[str, str] = {
    "geen": "geen",
    "none": "geen",
    "pro": "pro",
    "praktijkonderwijs": "pro",
    "vso": "vso",
    "entree": "entree",
    "mbo_1": "mbo-1",
    "mbo_2": "mbo-2",
    "mbo_3": "mbo-3",
    "mbo_4": "mbo-4",
    "vmbo": "vmbo",
    "havo": "havo",
    "vwo": "vwo",
    "hbo": "hbo",
    "wo": "wo",
    "onbekend": "onbekend",
    "unknown": "onbekend",
}

#: Day names, Monday = 0.
WORK_DAYS: tuple[int, ...] = (0, 1, 2, 3, 4)

#: Values that mean "unknown" in any optional field.
UNKNOWN_WORDS: frozenset[str] = frozenset(
    {"onbekend", "unknown", "?", "nb", "n_b", "na", "n_a", "nvt", "n_v_t", "-", "x"}
)


def normalise_key(text: str) -> str:
    """Fold text for comparison: accents off, lower case, runs of non-alphanumerics to ``_``.

    >>> normalise_key("Uren per week ")
    'uren_per_week'
    >>> normalise_key("Conciërge")
    'concierge'
    """
    folded = unicodedata.normalize("NFKD", str(text))
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    folded = re.sub(r"[^0-9a-z]+", "_", folded.lower()).strip("_")
    return folded


@dataclass(frozen=True)
class ColumnSpec:
    """One column of an input file.

    Parameters
    ----------
    name
        Canonical (English) name used in code and outputs.
    aliases
        Other accepted headers (Dutch and English); matched after :func:`normalise_key`.
    required
        Whether the column must be present.
    description
        One line for the documentation and the template.
    """

    name: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    description: str = ""
    example: str = ""
    keys: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        keys = {normalise_key(self.name), *(normalise_key(a) for a in self.aliases)}
        object.__setattr__(self, "keys", frozenset(keys))


TASK_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("task_id", ("taak_id", "taak", "id", "taaknummer"), True,
               "Unique text id of the task.", "T001"),
    ColumnSpec("description",
               ("omschrijving", "beschrijving", "taakomschrijving", "taak_omschrijving"), True,
               "What the task is, in words.", "Kopieerwerk voor docenten"),
    ColumnSpec("area", ("gebied", "werkgebied", "domein"), True,
               "concierge, classroom, administration or facilities (Dutch: conciërge, klas or "
               "onderwijsassistentie, administratie, facilitair).", "administratie"),
    ColumnSpec("hours_per_week", ("uren_per_week", "uren", "hours", "uur_per_week"), True,
               "Hours a week, a number in (0, 40]; decimal comma or point.", "2,5"),
    ColumnSpec("level", ("niveau",), True,
               "1-4 or a name: 1 elementair, 2 eenvoudig, 3 mbo-2, 4 mbo-3 of hoger.", "1"),
    ColumnSpec("site", ("locatie", "vestiging", "school"), False,
               "Site id from the sites file; optional when the inventory has one site.", "centrum"),
    ColumnSpec("days", ("dagen", "dag", "day"), False,
               "Days the task happens: ma,wo,vr or ma-vr or mon-fri; empty = any day.", "ma,wo"),
    ColumnSpec("start", ("begintijd", "start_time", "van", "begin"), False,
               "Fixed start time HH:MM on each of its days (with end).", "10:10"),
    ColumnSpec("end", ("eindtijd", "end_time", "tot", "eind"), False,
               "Fixed end time HH:MM (with start).", "10:30"),
    ColumnSpec("physical_load", ("fysieke_belasting", "belasting", "fysiek"), False,
               "0 low, 1 medium, 2 high.", "1"),
    ColumnSpec("pupil_contact", ("leerlingcontact", "contact_met_leerlingen"), False,
               "0 low, 1 medium, 2 high.", "2"),
    ColumnSpec("current_role", ("huidige_uitvoerder", "uitvoerder", "huidige_functie", "role"),
               False, "Who does the task now (docent, conciërge, onderwijsassistent, ...).",
               "docent"),
    ColumnSpec("carvable", ("carveerbaar", "overdraagbaar", "mag_over"), False,
               "yes/no (ja/nee): may the task move to a new function? Default yes.", "ja"),
)

SITE_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("site", ("locatie", "vestiging", "site_id", "locatie_id"), True,
               "Site id as used in the task inventory.", "centrum"),
    ColumnSpec("name", ("naam", "site_name", "schoolnaam", "locatienaam"), False,
               "Readable name of the site.", "Eemland College locatie Centrum"),
    ColumnSpec("lat", ("latitude", "breedtegraad"), False,
               "Latitude (WGS84); give lat+lon or pc4.", "52.156"),
    ColumnSpec("lon", ("longitude", "lng", "lengtegraad"), False, "Longitude (WGS84).", "5.387"),
    ColumnSpec("pc4", ("postcode", "postcode_4", "pc"), False,
               "4-digit postcode (used when lat/lon are empty).", "3811"),
    ColumnSpec("board", ("bestuur", "schoolbestuur"), False, "School board.",
               "Stichting VO Eemland"),
    ColumnSpec("open_from", ("open_van", "geopend_van", "opening_van", "opening_from"), False,
               "Opening time HH:MM: flexible work starts no earlier (default 07:30).", "07:30"),
    ColumnSpec("open_until", ("open_tot", "geopend_tot", "opening_tot", "opening_until"), False,
               "Closing time HH:MM: flexible work ends no later (default 17:30).", "17:30"),
    ColumnSpec("pupils_from", ("leerlingen_van", "lestijd_van", "schooltijd_van"), False,
               "Pupils arrive HH:MM: work with pupils starts no earlier (default 08:30).",
               "08:30"),
    ColumnSpec("pupils_until", ("leerlingen_tot", "lestijd_tot", "schooltijd_tot"), False,
               "Pupils leave HH:MM: work with pupils ends no later (default 15:30).", "15:30"),
    ColumnSpec("wednesday_pupils_until", ("woensdag_leerlingen_tot", "woensdag_tot",
                                          "woensdag_lestijd_tot"), False,
               "Pupils leave on Wednesday HH:MM (a short Wednesday; empty: as other days).",
               "12:15"),
)

CANDIDATE_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("candidate_id", ("kandidaat_id", "kandidaat", "id", "pseudoniem", "profiel_id"),
               True, "Pseudonym of the profile (never a name or BSN).", "K0001"),
    ColumnSpec("pc4", ("postcode", "postcode_4", "pc"), False,
               "4-digit postcode of where the candidate lives.", "3812"),
    ColumnSpec("lat", ("latitude", "breedtegraad"), False, "Latitude instead of pc4.", ""),
    ColumnSpec("lon", ("longitude", "lng", "lengtegraad"), False, "Longitude instead of pc4.", ""),
    ColumnSpec("max_travel_km", ("max_reisafstand_km", "reisafstand_km", "max_reisafstand",
                                 "reisafstand"), False, "Maximum travel distance in km.", "15"),
    ColumnSpec("independent_travel", ("zelfstandig_reizen", "zelfstandig_reizend"), False,
               "yes/no/unknown (ja/nee/onbekend).", "ja"),
    ColumnSpec("hours_per_week_min", ("uren_per_week_min", "min_uren_per_week", "min_uren"),
               False, "Fewest hours a week wanted.", "16"),
    ColumnSpec("hours_per_week_max", ("uren_per_week_max", "max_uren_per_week", "max_uren"),
               False, "Most hours a week possible.", "28"),
    ColumnSpec("hours_per_day_max", ("uren_per_dag_max", "max_uren_per_dag"), False,
               "Most hours a day possible.", "6"),
    ColumnSpec("days_available", ("beschikbare_dagen", "dagen_beschikbaar", "beschikbaarheid",
                                  "dagen"), False, "Days available: ma-vr, ma,di,do, ...", "ma-vr"),
    ColumnSpec("education", ("opleiding", "opleidingsniveau", "niveau"), False,
               "geen, pro, vso, entree, mbo-1 .. mbo-4, havo, vwo, hbo, wo, onbekend.", "entree"),
    ColumnSpec("preferred_areas", ("voorkeur_gebieden", "voorkeursgebieden", "voorkeur",
                                   "wensen_gebied", "gewenste_gebieden"), False,
               "Wished areas, separated by , or ;.", "facilitair,conciërge"),
    ColumnSpec("physical_capacity", ("fysieke_belastbaarheid", "belastbaarheid"), False,
               "Self-declared physical capacity 0 low, 1 medium, 2 high.", "1"),
    ColumnSpec("pupil_contact_ok", ("leerlingcontact_ok", "contact_met_leerlingen_ok"), False,
               "How much pupil contact suits: 0 low, 1 medium, 2 high.", "2"),
)

COLUMNS: dict[str, tuple[ColumnSpec, ...]] = {
    "tasks": TASK_COLUMNS,
    "sites": SITE_COLUMNS,
    "candidates": CANDIDATE_COLUMNS,
}
