"""Start: load a demo or upload a task inventory, sites and candidate profiles."""

import streamlit as st

import app_state
import matcher
import ui
from matcher.outputs.template import template_xlsx
from matcher.text.format import format_moment, nl_number

state = ui.state


def show_loaded() -> None:
    """Counts of what is loaded, or a hint when nothing is."""
    inventory = state["inventory"]
    if inventory is None:
        st.info("Nog geen gegevens geladen. Kies een demo of upload een takenbestand.")
        return
    pool = state["pool"]
    st.header("Geladen")
    st.caption(state["source"])
    cols = st.columns(4)
    cols[0].metric("Aantal taken", len(inventory.tasks))
    cols[1].metric("Uren per week", nl_number(inventory.total_hours))
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
        ui.table(problems)
    for warning in state["load_warnings"]:
        st.warning(warning)


def demo_section() -> None:
    """Choose and load one of the demos."""
    st.header("Demo")
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


@st.cache_data(show_spinner=False)
def cached_template() -> bytes:
    """The Excel template (pure, the same for everyone: safe to cache)."""
    return template_xlsx()


def template_section() -> None:
    """Download the Excel template with Dutch headers and example rows."""
    st.download_button(
        "Excel-sjabloon downloaden (taken, locaties, kandidaten)", data=cached_template(),
        file_name="matcher-sjabloon.xlsx", key="download_template", icon=":material/download:",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click="ignore",
        help="Eén werkboek met een uitleg en voorbeeldregels. Vul het in en upload het één "
             "keer, als takenbestand: de app leest de tabbladen taken, locaties en "
             "(als ze ingevuld zijn) kandidaten.")


def session_section() -> None:
    """Reopen a session file saved on the page Rapport."""
    st.header("Sessie heropenen")
    st.caption("Functiecreatie duurt vaak meer dan één bijeenkomst. Een sessiebestand "
               "(Rapport > Sessiebestand) bevat de taken, locaties, vastgezette functies, "
               "vastgepinde taken, afgesproken kandidaten, gewichten en doelen.")
    upload = st.file_uploader("Sessiebestand (.json)", type=["json"], key="up_session",
                              max_upload_size=50)
    if st.button("Sessie openen", key="open_session"):
        if upload is None:
            st.error("Kies eerst een sessiebestand.")
            return
        notes = app_state.open_session(state, upload.getvalue(), upload.name)
        if state["load_problems"] is None:
            st.success(f"Sessie geopend: {upload.name}.")
            for note in notes:
                st.info(note)


def recent_section() -> None:
    """The sessions kept on this computer, newest first, each to open again."""
    sessions, problem = ui.session_store()
    if sessions is None:
        st.warning(f"Sessies worden op deze computer niet bewaard ({problem}). Bewaar uw werk "
                   "als sessiebestand op de pagina Rapport.")
        return
    recent = sessions.recent(8)
    if not recent:
        return
    st.header("Recente sessies")
    st.caption("Uw werk wordt automatisch bewaard op de computer waarop de app draait, bij "
               "elke wijziging. Na herladen of sluiten komt het hier terug.")
    for kept in recent:
        current = kept.key == state["session_key"]
        text, when, action = st.columns([6, 3, 2], vertical_alignment="center")
        text.markdown(f"**{kept.title}**" + (" (open)" if current else ""))
        when.caption(f"{kept.functions} functies · {format_moment(kept.updated)}")
        if not current and action.button("Openen", key=f"recent_{kept.key}"):
            notes = app_state.restore(state, sessions, kept.key)
            if notes is None:
                st.error("Deze sessie is niet meer bewaard.")
            else:
                st.query_params["sessie"] = kept.key
                state["restore_message"] = ("success", "Sessie geopend: " + " ".join(notes))
                st.rerun()


def upload_section() -> None:
    """Upload own files; every problem of every file is shown at once."""
    st.header("Eigen bestanden")
    tasks = st.file_uploader("Taken (csv of xlsx)", type=["csv", "xlsx"], key="up_tasks",
                             max_upload_size=50)
    sites = st.file_uploader("Locaties (optioneel, csv of xlsx)", type=["csv", "xlsx"],
                             key="up_sites", max_upload_size=50)
    candidates = st.file_uploader("Kandidaten (optioneel, csv of xlsx)", type=["csv", "xlsx"],
                                  key="up_candidates", max_upload_size=50,
                                  help="Alleen pseudoniemen en 4-cijferige postcodes; namen, "
                                       "BSN, e-mail en telefoon worden geweigerd.")
    st.checkbox("Zonder kandidatenbestand de demokandidaten gebruiken", key="use_demo_candidates")
    if not st.button("Bestanden laden", key="load_files"):
        return
    if tasks is None and state["inventory"] is not None and (
            candidates is not None or state["use_demo_candidates"]):
        # only candidates: keep the tasks, functions and locks of this session
        data = candidates.getvalue() if candidates is not None else None
        if app_state.set_pool(state, data, candidates.name if candidates else None):
            st.success("Kandidaten geladen; de taken en functies zijn gebleven.")
        return
    if tasks is None:
        st.error("Kies eerst een takenbestand (of alleen een kandidatenbestand als er al taken "
                 "geladen zijn).")
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
    session_section()
with right:
    upload_section()
    template_section()
show_messages()
show_loaded()
recent_section()
st.caption(f"matcher {matcher.__version__}")
