"""Start: load a demo or upload a task inventory, sites and candidate profiles."""

import streamlit as st

import app_state
import matcher

state = st.session_state


def show_loaded() -> None:
    """Counts of what is loaded, or a hint when nothing is."""
    inventory = state["inventory"]
    if inventory is None:
        st.info("Nog geen gegevens geladen. Kies een demo of upload een takenbestand.")
        return
    pool = state["pool"]
    st.subheader("Geladen")
    st.caption(state["source"])
    cols = st.columns(4)
    cols[0].metric("Aantal taken", len(inventory.tasks))
    cols[1].metric("Uren per week", app_state.nl_number(inventory.total_hours))
    cols[2].metric("Locaties", len(inventory.sites.ids))
    cols[3].metric("Kandidaten", len(pool) if pool is not None else 0)
    if pool is None:
        st.caption("Geen kandidatenbestand: matching is pas mogelijk met kandidaten.")
    st.page_link("app_pages/taken.py", label="Verder naar de taken",
                 icon=":material/arrow_forward:")


def show_messages() -> None:
    """Validation problems of the last upload (all at once) and the loaders' warnings."""
    problems = state["load_problems"]
    if problems is not None:
        st.error(
            f"Er is niets geladen: de bestanden hebben {len(problems)} probleem/problemen. "
            "Pas ze aan en laad opnieuw; de eerder geladen gegevens blijven staan."
        )
        st.dataframe(problems, hide_index=True, width="stretch")
    for warning in state["load_warnings"]:
        st.warning(warning)


def demo_section() -> None:
    """Choose and load one of the demos."""
    st.subheader("Demo")
    st.selectbox(
        "Demo-inventaris",
        options=list(app_state.DEMO_LABELS),
        format_func=app_state.DEMO_LABELS.__getitem__,
        key="demo_choice",
        help="Verzonnen maar realistische takenlijsten, met een synthetische kandidatenpool.",
    )
    if st.button("Demo laden", key="load_demo", type="primary"):
        app_state.set_loaded(state, app_state.load_demo(state["demo_choice"]))
        st.success(f"Demo geladen: {app_state.DEMO_LABELS[state['demo_choice']]}.")


def upload_section() -> None:
    """Upload own files; every problem of every file is shown at once."""
    st.subheader("Eigen bestanden")
    tasks = st.file_uploader("Taken (csv of xlsx)", type=["csv", "xlsx"], key="up_tasks")
    sites = st.file_uploader("Locaties (optioneel, csv of xlsx)", type=["csv", "xlsx"],
                             key="up_sites")
    candidates = st.file_uploader("Kandidaten (optioneel, csv of xlsx)", type=["csv", "xlsx"],
                                  key="up_candidates",
                                  help="Alleen pseudoniemen en 4-cijferige postcodes; namen, "
                                       "BSN, e-mail en telefoon worden geweigerd.")
    st.checkbox("Zonder kandidatenbestand de demokandidaten gebruiken", key="use_demo_candidates")
    if not st.button("Bestanden laden", key="load_files"):
        return
    if tasks is None:
        st.error("Kies eerst een takenbestand.")
        return
    result = app_state.load_uploads(
        tasks.getvalue(), tasks.name,
        sites.getvalue() if sites is not None else None, sites.name if sites else None,
        candidates.getvalue() if candidates is not None else None,
        candidates.name if candidates else None,
    )
    if isinstance(result, app_state.Loaded):
        if result.pool is None and state["use_demo_candidates"]:
            result = app_state.Loaded(result.inventory, app_state.demo_pool(), result.warnings,
                                      result.source + " + demokandidaten")
        app_state.set_loaded(state, result)
        st.success("Bestanden geladen.")
    else:
        state["load_problems"] = result
        state["load_warnings"] = ()


st.title("matcher – functiecreatie")
st.markdown(
    "Maak uit eenvoudige taken van een school nieuwe functies voor mensen uit het "
    "doelgroepregister (banenafspraak: 1 baan = 25,5 uur per week) en zoek er passende, "
    "anonieme kandidaatprofielen bij. matcher doet voorstellen; de school beslist."
)
left, right = st.columns(2, gap="large")
with left:
    demo_section()
with right:
    upload_section()
show_messages()
show_loaded()
st.caption(f"matcher {matcher.__version__}")
