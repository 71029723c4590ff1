"""Matching: score function x candidate pairs, the optimal assignment, shortlists, why not."""

import pandas as pd
import streamlit as st

import app_state
import app_tables
import matcher
import ui
from matcher.matching import passed_over
from matcher.text.format import nl_number

state = ui.state

SCORE = st.column_config.TextColumn("score", help="0-1; hoger past beter.")

WEIGHT_HELP = {
    "travel": "Hoe dichtbij de kandidaat woont, binnen de eigen maximale reisafstand.",
    "hours": "Hoe goed de uren van de functie passen bij de gewenste uren.",
    "level": "Hoe goed het niveau van de functie past bij de opleiding.",
    "availability": "Op hoeveel werkdagen van de functie de kandidaat beschikbaar is.",
    "load": "Fysieke belasting en leerlingcontact tegenover de belastbaarheid.",
    "wishes": "Hoeveel uren in de gebieden liggen die de kandidaat wil.",
}


def load_weights() -> None:
    """Upload a weights TOML (e.g. from the notebooks) into the sliders."""
    with st.expander("Gewichten laden uit een bestand van de analist (.toml)"):
        upload = st.file_uploader("Gewichtenbestand (.toml)", type=["toml"], key="up_weights",
                                  max_upload_size=1,
                                  help="Een bestand met [weights] en eventueel [options], "
                                       "zoals 'Gewichten downloaden' of de notebooks maken.")
        if st.button("Gewichten laden", key="load_weights", disabled=upload is None):
            assert upload is not None
            app_state.load_weights_file(state, upload.getvalue(), upload.name)
            st.rerun()
    message = state["weights_message"]
    if message is not None:
        kind, content = message
        if kind == "error":
            st.error("Het gewichtenbestand is niet geladen:")
            ui.table(content)
        else:
            st.success(content)
        state["weights_message"] = None


def weight_controls() -> matcher.Weights | None:
    """Six weight sliders and the goal; returns valid weights or None (with a message)."""
    st.header("Gewichten en doel")
    load_weights()
    labels = app_tables.component_labels()
    cols = st.columns(3)
    for k, (name, label) in enumerate(labels.items()):
        # "localized": the browser's notation, so a Dutch browser shows 0,25
        cols[k % 3].slider(f"Gewicht {label}", min_value=0.0, max_value=1.0, step=0.01,
                           key=f"w_{name}", help=WEIGHT_HELP[name], format="localized")
    st.radio("Doel", options=list(app_tables.OBJECTIVE_LABELS),
             format_func=app_tables.OBJECTIVE_LABELS.__getitem__, key="objective",
             horizontal=True)
    st.caption("Alleen de verhouding tussen de gewichten telt. Een onbekend gegeven telt voor de "
               "helft mee en verlaagt de zekerheid.")
    try:
        weights = app_state.weights_from_state(state)
    except matcher.InputError:
        st.error("Zet minstens één gewicht boven 0.")
        return None
    st.download_button("Gewichten downloaden (gewichten.toml)", data=weights.to_toml(),
                       file_name="gewichten.toml", mime="application/toml",
                       key="download_weights", on_click="ignore",
                       icon=":material/download:")
    return weights


def assignment_section(carving: matcher.Carving, scores: matcher.PairScores,
                       assignment: matcher.Assignment) -> None:
    """The optimal assignment, its metrics, where each function's best candidate went and
    what taking them would cost, and the functions left without a candidate."""
    st.header("Beste toewijzing")
    cols = st.columns([1, 1, 2])
    cols[0].metric("Geplaatst / functies", f"{assignment.placements} / {len(carving.functions)}")
    cols[1].metric("Totaalscore", nl_number(assignment.total_score, 2))
    cols[2].metric("Doel", app_tables.OBJECTIVE_LABELS[assignment.objective])
    ui.table(app_tables.assignment_table(assignment, carving), column_config={"score": SCORE})
    passed = passed_over(scores, assignment)
    if not passed.empty:
        st.markdown("**Waarom niet de nummer 1?** Bij deze functies kreeg de kandidaat met de "
                    "hoogste score een andere plek, omdat dat voor alle functies samen beter "
                    "uitkomt:")
        for text in passed["text"]:
            st.markdown(f"- {text}")
    unassigned = assignment.unassigned
    functions = unassigned[unassigned["kind"] == "function"]
    if functions.empty:
        st.success("Elke functie heeft een kandidaat.")
    else:
        titles = {f.function_id: f.title for f in carving.functions}
        st.markdown(f"**Functies zonder kandidaat ({len(functions)})**")
        ui.table(
            {"functie": list(functions["id"]),
             "titel": [titles[f] for f in functions["id"]],
             "reden": list(functions["reason"])})
    candidates = unassigned[unassigned["kind"] == "candidate"]
    with st.expander(f"Kandidaten zonder functie ({len(candidates)})"):
        ui.table({"kandidaat": list(candidates["id"]), "reden": list(candidates["reason"])})


def candidate_pins_section(carving: matcher.Carving, pool: matcher.Pool) -> None:
    """Fix a candidate on a function (agreed already); the rest is assigned optimally."""
    with st.form("cpin_form", border=True):
        st.markdown("**Afgesproken kandidaat vastzetten**")
        titles = {f.function_id: f"{f.function_id} – {f.title}" for f in carving.functions}
        app_state.ensure_option(state, "cpin_function", list(titles))
        app_state.ensure_option(state, "cpin_candidate", pool.ids)
        left, right, button = st.columns([3, 2, 1], vertical_alignment="bottom")
        left.selectbox("Functie met afgesproken kandidaat", options=list(titles),
                       format_func=titles.__getitem__, key="cpin_function")
        right.selectbox("Afgesproken kandidaat", options=pool.ids, key="cpin_candidate")
        pinned = button.form_submit_button("Vastzetten", key="cpin")
        st.caption("Voor als de accountmanager een kandidaat al met de school heeft afgesproken: "
                   "die blijft op de functie, de andere functies en kandidaten worden opnieuw "
                   "optimaal verdeeld. Ook een paar met een knock-out kan vastgezet worden "
                   "(score 0).")
    if pinned:
        app_state.pin_candidate(state, state["cpin_function"], state["cpin_candidate"])
        st.rerun()
    ui.show_once(state, "match_message")
    pins = state["candidate_pins"]
    if not pins:
        return
    st.markdown(f"**Afgesproken kandidaten ({len(pins)})**")
    ui.table(app_tables.candidate_pins_table(carving, pins, pool))
    candidates = [c for _, c in pins]
    app_state.ensure_option(state, "cunpin_candidate", candidates)
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    left.selectbox("Afspraak losmaken met kandidaat", options=candidates, key="cunpin_candidate")
    if right.button("Losmaken", key="cunpin"):
        app_state.unpin_candidate(state, state["cunpin_candidate"])
        st.rerun()


def shortlist_section(carving: matcher.Carving, scores: matcher.PairScores,
                      short: pd.DataFrame, weights: matcher.Weights) -> None:
    """Per function: the ten best feasible candidates and the components of one of them."""
    st.header("Shortlist per functie")
    titles = {f.function_id: f"{f.function_id} – {f.title}" for f in carving.functions}
    ids = list(titles)
    app_state.ensure_option(state, "sl_function", ids)
    function_id = st.selectbox("Functie voor de shortlist", options=ids,
                               format_func=titles.__getitem__, key="sl_function")
    rows = short[short["function_id"] == function_id]
    if rows.empty:
        st.info("Geen enkele kandidaat is haalbaar voor deze functie (elke kandidaat heeft een "
                "knock-out). Kijk bij 'Waarom niet?' voor de reden per kandidaat.")
        return
    shown = app_tables.shortlist_table(rows)
    stale = state.get("stale_ids") or frozenset()
    if stale:  # a school of a region workspace: profiles not confirmed for 6 months
        shown["profiel verouderd"] = ["ja" if str(k) in stale else "nee"
                                      for k in rows["candidate_id"]]
    ui.table(shown,
             column_config={"uitleg": st.column_config.TextColumn("uitleg", width="large"),
                            "score": SCORE})
    st.caption("'onbekend': dat gegeven van de kandidaat ontbreekt. 'zekerheid' is het deel "
               "van het gewicht dat op bekende gegevens rust.")
    candidate_key = f"sl_candidate_{function_id}"
    candidates = list(rows["candidate_id"])
    app_state.ensure_option(state, candidate_key, candidates)
    candidate_id = st.selectbox("Kandidaat uit de shortlist", options=candidates,
                                key=candidate_key)
    row = scores.pair(function_id, candidate_id)
    left, right = st.columns([2, 3])
    with left:
        st.markdown(f"**Onderdelen van de score van {candidate_id}** (0-1)")
        st.bar_chart(app_tables.components_chart(row, weights), horizontal=True,
                     x_label="onderdeel", y_label="waarde (0-1)")
    with right:
        st.markdown(f"**Score {nl_number(float(row['score']), 2)}, zekerheid "
                    f"{nl_number(float(row['confidence']), 2)}**")
        st.write(scores.explain(function_id, candidate_id))


def why_not_section(carving: matcher.Carving, pool: matcher.Pool, scores: matcher.PairScores,
                    assignment: matcher.Assignment) -> None:
    """Pick any function and candidate and read why the candidate is not (first) there."""
    st.header("Waarom niet?")
    titles = {f.function_id: f"{f.function_id} – {f.title}" for f in carving.functions}
    ids = list(titles)
    app_state.ensure_option(state, "wn_function", ids)
    app_state.ensure_option(state, "wn_candidate", pool.ids)
    cols = st.columns(2)
    function_id = cols[0].selectbox("Functie (waarom niet?)", options=ids,
                                    format_func=titles.__getitem__, key="wn_function")
    candidate_id = cols[1].selectbox("Kandidaat (waarom niet?)", options=pool.ids,
                                     key="wn_candidate")
    st.info(matcher.why_not(scores, function_id, candidate_id, assignment))


def render() -> None:
    """The page."""
    st.title("Matching")
    carving = state["carving"]
    pool = state["pool"]
    if not ui.loaded(pool, "kandidaten"):
        return
    if carving is None or not carving.functions:
        st.info("Er zijn nog geen functies. Maak eerst functies op de pagina Functies.")
        st.page_link("app_pages/functies.py", label="Naar Functies", icon=":material/work:")
        return
    weights = weight_controls()
    if weights is None:
        return
    result = app_state.match_results(state, weights)
    scores, assignment, short = result.scores, result.assignment, result.shortlist
    st.caption(f"Gescoord en toegewezen in {nl_number(result.seconds, 2)} s: "
               f"{len(carving.functions)} functies x {len(pool)} kandidaten. Afstanden zijn "
               "benaderd (pc4).")
    assignment_section(carving, scores, assignment)
    candidate_pins_section(carving, pool)
    shortlist_section(carving, scores, short, weights)
    why_not_section(carving, pool, scores, assignment)
    ui.next_step("app_pages/matching.py", "verslag, quotum en downloads")


render()
