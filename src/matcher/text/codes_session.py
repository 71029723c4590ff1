"""Catalogue messages of the session stage: code -> (English, Dutch) templates.

Merged into :data:`matcher.text.catalogue.MESSAGES`; codes start with a prefix of the
stage (see ``tests/text/test_catalogue.py``). The session file's problems (``ses.*``) and
the pins' reasons (``pin.*``) are older codes in the catalogue itself; the workspace's
outcomes use ``sess.*``.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # ---- the session file ----------------------------------------------------------
    "sess.solver_ignored": (
        "The session file holds {count} solver settings of an older matcher; they are no "
        "longer kept in a session and were ignored.",
        "Het sessiebestand bevat {count} rekeninstellingen van een oudere matcher; die horen "
        "niet meer bij een sessie en zijn genegeerd."),
    # ---- carving -------------------------------------------------------------------
    "sess.carved": ("Functions made in {seconds:.1f} seconds.",
                    "Functies gemaakt in {seconds:.1f} seconden."),
    "sess.around_chosen": (
        "Functions made in {seconds:.1f} seconds; chosen variant: {label} (the variant that "
        "places the most candidates).",
        "Functies gemaakt in {seconds:.1f} seconden; gekozen variant: {label} (de variant die "
        "de meeste kandidaten plaatst)."),
    "sess.around_fallback": (
        "Around the candidates needs candidates and no locked functions; the functions were "
        "made board-wide.",
        "Rond de kandidaten kan alleen met kandidaten en zonder vastgezette functies; de "
        "functies zijn over het hele bestuur gemaakt."),
    "sess.locked_broken": (
        "A locked function no longer fits: {reason} Unlock that function or move tasks.",
        "Een vastgezette functie past niet meer: {reason} Laat die functie los of verplaats "
        "taken."),
    "sess.pin_dropped": ("The pin of {task} (to {anchor}) was dropped: {reason}",
                         "De pin van {task} (bij {anchor}) is vervallen: {reason}"),
    "sess.pin_not_kept": (
        "{task} could not stay with {anchor}: {reason} The pin is kept; change the function "
        "or remove the pin.",
        "{task} kon niet bij {anchor} blijven: {reason} De pin blijft bewaard; pas de functie "
        "aan of maak de pin los."),
    "sess.agreement_changed": ("The agreement with {candidate} {reason} Check the agreement.",
                               "De afspraak met {candidate} {reason} Controleer de afspraak."),
    "sess.agreement_dropped": ("The agreement with {candidate} was dropped: {reason}",
                               "De afspraak met {candidate} is vervallen: {reason}"),
    "sess.agreement_clash": (
        "The agreement with {candidate} does not hold now: {function} already has an "
        "agreement with {holder}. Remove one.",
        "De afspraak met {candidate} geldt nu niet: {function} heeft al een afspraak met "
        "{holder}. Maak er een los."),
    # ---- locks, moves and pins -----------------------------------------------------
    "sess.locked": ("{function} is locked.", "{function} is vastgezet."),
    "sess.unlocked": ("{function} is unlocked.", "{function} is losgelaten."),
    "sess.unlocked_all": ("Every function is unlocked.", "Alle functies zijn losgelaten."),
    "sess.move_refused": ("{task} does not fit in {function}: {reason} Nothing was changed.",
                          "{task} past niet in {function}: {reason} Er is niets veranderd."),
    "sess.already_there": ("{task} is already in {function}.", "{task} zit al in {function}."),
    "sess.moved": ("{task} was moved from {source} to {function}; {function} is now locked.",
                   "{task} is verplaatst uit {source} naar {function}; {function} is nu "
                   "vastgezet."),
    "sess.moved_unplaced": (
        "{task} was moved from the unplaced tasks to {function}; {function} is now locked.",
        "{task} is verplaatst uit de niet geplaatste taken naar {function}; {function} is nu "
        "vastgezet."),
    "sess.pin_released": ("The pin of {task} was removed: {reason}",
                          "De pin van {task} is losgemaakt: {reason}"),
    "sess.unpinned": ("The pin of {task} was removed.", "De pin van {task} is losgemaakt."),
    "sess.pin_not_carvable": (
        "Task {task} is marked not carvable. Mark it carvable in Tasks first; nothing was "
        "changed.",
        "Taak {task} staat op 'niet overdraagbaar'. Vink eerst 'overdraagbaar' aan in Taken; "
        "er is niets veranderd."),
    "sess.pin_no_anchor": ("{function} has no other task to pin {task} to.",
                           "{function} heeft geen andere taak om {task} aan vast te pinnen."),
    "sess.pinned": (
        "{task} is pinned to {function}: after a re-carve the task stays with {anchor}. "
        "{function} is not locked.",
        "{task} is vastgepind aan {function}: de taak blijft bij opnieuw maken bij {anchor}. "
        "{function} is niet vastgezet."),
    "sess.agreed": (
        "{candidate} is fixed on {function}; the other functions are assigned optimally again.",
        "{candidate} is vastgezet op {function}; de andere functies zijn opnieuw optimaal "
        "verdeeld."),
    "sess.agreement_removed": ("The agreement with {candidate} was removed.",
                               "De afspraak met {candidate} is losgemaakt."),
    "sess.no_function": ("There is no function {function}.", "Er is geen functie {function}."),
    "sess.no_carving": ("There are no functions yet.", "Er zijn nog geen functies."),
    "sess.tasks_edited": ("Tasks changed: make the functions again; locked functions stay.",
                          "De taken zijn gewijzigd: maak de functies opnieuw; vastgezette "
                          "functies blijven staan."),
    # ---- opening a session ---------------------------------------------------------
    "sess.no_candidates_demo": (
        "The session file has no candidates: the demo candidates were loaded.",
        "Het sessiebestand heeft geen kandidaten: de demokandidaten zijn geladen."),
    "sess.no_candidates": (
        "The session file has no candidates. For matching: choose only a candidates file "
        "under 'Eigen bestanden' (or tick the demo candidates) and click 'Bestanden laden'; "
        "the tasks and functions stay.",
        "Het sessiebestand heeft geen kandidaten. Voor matching: kies onder 'Eigen bestanden' "
        "alleen een kandidatenbestand (of vink de demokandidaten aan) en klik 'Bestanden "
        "laden'; de taken en functies blijven dan staan."),
    "sess.agreements_not_restored": (
        "{count} agreement(s) with candidates not restored: they hold for the team's own "
        "candidates file, not for the demo candidates. Fix them again after loading that file.",
        "{count} afspra(a)k(en) met kandidaten niet hersteld: die gelden voor het eigen "
        "kandidatenbestand, niet voor de demokandidaten. Zet ze opnieuw vast na het laden van "
        "dat bestand."),
    "sess.functions_gone": (
        "The saved functions no longer fit: {reason} Make the functions again on the page "
        "Functies.",
        "De opgeslagen functies passen niet meer: {reason} Maak de functies opnieuw op de "
        "pagina Functies."),
    "sess.restored": ("{functions} functions restored, {locked} of them locked.",
                      "{functions} functies hersteld, waarvan {locked} vastgezet."),
    "sess.pins_restored": (
        "Restored: pinned tasks {tasks}, agreed candidates {candidates}.",
        "Hersteld: vastgepinde taken {tasks}, afgesproken kandidaten {candidates}."),
}
