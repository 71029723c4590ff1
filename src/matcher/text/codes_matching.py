"""Catalogue messages of the matching stage: code -> (English, Dutch) templates.

Merged into :data:`matcher.text.catalogue.MESSAGES`; codes start with a prefix of the
stage (see ``tests/text/test_catalogue.py``): ``match.reason.`` for why a function or a
candidate is left without a partner by the assignment (:func:`matcher.assign`; the
``reason_code`` column holds the last part of the code).
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # ---- why a function has no candidate (matching/assign.py: unassigned) ----------------
    "match.reason.no_feasible_candidate": ("no candidate without a knock-out",
                                           "geen enkele kandidaat zonder knock-out"),
    "match.reason.candidates_taken": (
        "all {n} feasible candidates are assigned to another function, where they give more "
        "placements or a higher total score",
        "alle {n} haalbare kandidaten zijn aan een andere functie toegewezen, waar ze meer "
        "plaatsingen of een hogere totaalscore opleveren"),
    "match.reason.no_candidate_in_reach": ("no candidates within travel reach",
                                           "geen kandidaten binnen reisbereik"),
    # ---- why a candidate has no function ---------------------------------------------------
    "match.reason.no_feasible_function": ("fits no function at all",
                                          "past bij geen enkele functie"),
    "match.reason.functions_taken": (
        "the {n} feasible function(s) are assigned to other candidates",
        "de {n} haalbare functie(s) zijn aan andere kandidaten toegewezen"),
    "match.reason.not_scored": ("no functions scored", "geen functies gescoord"),
    "match.reason.unreached": (
        "no function within the maximum travel distance, or home location unknown",
        "geen functie binnen de maximale reisafstand, of woonplaats onbekend"),
}
