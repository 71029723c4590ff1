"""Catalogue messages of the carving stage: code -> (English, Dutch) templates.

Merged into :data:`matcher.text.catalogue.MESSAGES`; codes start with a prefix of the
stage (see ``tests/text/test_catalogue.py``): ``param.`` for the rules of the settings
objects (:class:`matcher.carving.CarveParams`, :class:`matcher.carving.SolverParams`,
:class:`matcher.carving.ScheduleParams`), ``carve.`` for what the carver tells a user
(why a task was not placed, the warnings of a locked function).
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # ---- settings (carving/params.py, carving/week.py) ---------------------------------
    "param.positive": ("must be greater than 0.", "moet groter dan 0 zijn."),
    "param.positive_or_none": ("must be greater than 0, or empty for no limit.",
                               "moet groter dan 0 zijn, of leeg voor geen grens."),
    "param.at_least": ("must be at least {limit}.", "moet minstens {limit} zijn."),
    "param.at_most": ("must be at most {limit}.", "mag hoogstens {limit} zijn."),
    "param.in_band": ("must lie between min_hours and max_hours.",
                      "moet tussen min_hours en max_hours liggen."),
    "param.unit_interval": ("must be between 0 and 1.", "moet tussen 0 en 1 liggen."),
    "param.fraction": ("must be at least 0 and below 1.",
                       "moet minstens 0 en kleiner dan 1 zijn."),
    "param.choice": ("must be one of: {choices}.", "moet een van deze zijn: {choices}."),
    "param.day_window": ("must satisfy 0 <= day_start < day_end <= 24:00 (minutes after "
                         "midnight).",
                         "moet voldoen aan 0 <= day_start < day_end <= 24:00 (minuten na "
                         "middernacht)."),
    "param.flex_start": ("must lie inside the day window (day_start to day_end).",
                         "moet binnen het dagvenster liggen (day_start tot day_end)."),
    "param.day_hours": ("must be greater than 0 and at most 24.",
                        "moet groter dan 0 en hoogstens 24 zijn."),
    "param.target_day_hours": ("must be greater than 0 and at most max_hours_per_day.",
                               "moet groter dan 0 en hoogstens max_hours_per_day zijn."),
    "param.work_days": ("must be day numbers 0-6 (0 = Monday), at least one.",
                        "moeten dagnummers 0-6 zijn (0 = maandag), minstens één."),
    # ---- why a task was not placed (carving/carver.py: the allocation's reason) ---------
    "carve.reason.not_carvable": ("marked as not carvable",
                                  "niet overdraagbaar (carveerbaar: nee)"),
    "carve.reason.too_large": (
        "the task alone has more hours than a function may have ({hours} h > {limit} h)",
        "de taak alleen heeft al meer uren dan een functie mag hebben ({hours} u > "
        "{limit} u)"),
    "carve.reason.unschedulable": (
        "the task does not fit a workable week on its own: {detail}",
        "de taak past op zichzelf niet in een werkbare week: {detail}"),
    "carve.reason.too_few_hours": (
        "too few fitting hours left for a function of their own (left-over tasks together "
        "{left:.1f} h, minimum {minimum:g} h)",
        "te weinig passende uren over voor een eigen functie (overgebleven taken samen "
        "{left:.1f} u, minimum {minimum:g} u)"),
    "carve.reason.no_fit": ("fits in no function ({rules})",
                            "past in geen enkele functie ({rules})"),
    "carve.reason.no_fit_rest": (
        "{fits}; the left-over tasks ({left:.1f} h) do not form a function that keeps "
        "every rule",
        "{fits}; de overgebleven taken ({left:.1f} u) vormen samen geen functie die aan "
        "alle regels voldoet"),
    "carve.reason.blocked": (
        "with the tasks left, this task reaches at most {reach:.1f} h in one function "
        "(minimum {minimum:g} h); what stands in the way: {rules}",
        "met de overgebleven taken komt een functie met deze taak op hoogstens {reach:.1f} u "
        "(minimum {minimum:g} u); wat in de weg zit: {rules}"),
    "carve.reason.week_rule": (
        "the left-over tasks with this task ({reach:.1f} h) make no workable week: {rules}",
        "de overgebleven taken met deze taak ({reach:.1f} u) geven geen werkbare week: "
        "{rules}"),
    "carve.reason.time_budget": (
        "not examined: the time budget ran out (give more time, or split the inventory)",
        "niet onderzocht: het tijdsbudget was op (geef meer tijd, of deel de "
        "inventarisatie op)"),
    "carve.reason.baseline": ("not placed by the baseline method",
                              "niet geplaatst door de basismethode"),
    # ---- the rule a task set breaks (CarveProblem.violation, ScheduleError.code) --------
    "carve.rule.hours": ("too many hours", "te veel uren"),
    "carve.rule.areas": ("too many areas", "te veel gebieden"),
    "carve.rule.level": ("level spread too large", "niveauverschil te groot"),
    "carve.rule.sites": ("too many sites", "te veel locaties"),
    "carve.rule.boards": ("another school board", "andere schoolbestuur"),
    "carve.rule.overlap": ("overlaps in time", "overlapt in tijd"),
    "carve.rule.travel": ("no travel time between sites", "geen reistijd tussen locaties"),
    "carve.rule.day_hours": ("too many hours on one day", "te veel uren op een dag"),
    "carve.rule.no_room": ("no room in the school hours", "geen ruimte binnen de schooltijden"),
    "carve.rule.site_changes": ("more than one site change a day",
                                "meer dan een wisseling van locatie per dag"),
    "carve.rule.break": ("no room for the break", "geen ruimte voor de pauze"),
    "carve.rule.short_day": ("a working day under two hours", "een werkdag korter dan twee uur"),
    "carve.rule.idle": ("more than an hour idle on a day", "meer dan een uur wachttijd op een dag"),
    # ---- warnings of a locked function (carving/locks.py) ------------------------------
    "carve.lock.band": ("{hours:.2f} h lies outside the band {low:g}-{high:g} h",
                        "{hours:.2f} u valt buiten de band {low:g}-{high:g} u"),
    "carve.lock.week": ("its week breaks a rule: {reason}",
                        "de week houdt zich niet aan een regel: {reason}"),
    "carve.lock.areas": ("more than {limit} areas", "meer dan {limit} gebieden"),
    "carve.lock.level": ("level spread larger than {limit}", "niveauverschil groter dan {limit}"),
    "carve.lock.sites": ("more than {limit} sites", "meer dan {limit} locaties"),
    "carve.lock.not_carvable": ("holds a task marked as not carvable",
                                "bevat een taak die niet overdraagbaar is (carveerbaar: nee)"),
}
