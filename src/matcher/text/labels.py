"""Dutch labels of the codes matcher uses (areas, levels, days, score components).

Codes stay English in the library (``"concierge"``, ``"travel"``); these tables are the one
place that says how a Dutch user reads them. Sentences with parameters live in the
catalogue (:mod:`matcher.text.catalogue`).
"""

from __future__ import annotations

__all__ = [
    "AREA_LABELS_NL",
    "COMPONENT_LABELS_NL",
    "DAY_NAMES_NL",
    "DAY_NAMES_NL_LONG",
    "KNOCKOUT_LABELS_NL",
    "LEVEL_NAMES_NL",
]

#: Areas of work.
AREA_LABELS_NL: dict[str, str] = {
    "concierge": "conciërge",
    "classroom": "klas",
    "administration": "administratie",
    "facilities": "facilitair",
}

#: Task and function levels 1-4.
LEVEL_NAMES_NL: dict[int, str] = {
    1: "elementair",
    2: "eenvoudig",
    3: "mbo-2",
    4: "mbo-3 of hoger",
}

#: Days of the week, 0 = Monday.
DAY_NAMES_NL: tuple[str, ...] = ("ma", "di", "wo", "do", "vr", "za", "zo")
DAY_NAMES_NL_LONG: tuple[str, ...] = (
    "maandag",
    "dinsdag",
    "woensdag",
    "donderdag",
    "vrijdag",
    "zaterdag",
    "zondag",
)

#: The score components (for explanations and the app).
COMPONENT_LABELS_NL: dict[str, str] = {
    "travel": "reisafstand",
    "hours": "uren",
    "level": "niveau",
    "availability": "beschikbaarheid",
    "load": "belastbaarheid",
    "wishes": "wensen",
}

#: The knock-out rules.
KNOCKOUT_LABELS_NL: dict[str, str] = {
    "travel": "verder dan de maximale reisafstand",
    "hours": "uren buiten het gewenste bereik",
    "hours_per_day": "te veel uren op een dag",
    "level": "niveau te hoog voor de opleiding",
    "days": "niet beschikbaar op vaste werkdagen",
}
