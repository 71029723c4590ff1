"""matcher – functiecreatie: the Streamlit entrypoint (router and shared state).

Run with ``python -m streamlit run app/streamlit_app.py``. The pages live in
``app/app_pages/`` (not ``pages/``, so Streamlit's legacy auto-discovery stays off) and only
call :mod:`matcher` and render its results; session-state plumbing is in ``app_state``.
"""

import datetime as dt

import streamlit as st

import app_state
import app_tables
import ui
from matcher.text.format import nl_number

st.set_page_config(page_title="matcher – functiecreatie", layout="wide")
# Streamlit's captions are grey at opacity 0.6 (contrast 3.88:1 on white, under WCAG's
# 4.5:1): darker and opaque (7.4:1), checked by tests/e2e/test_accessibility.py.
st.markdown("<style>[data-testid='stCaptionContainer'] {opacity: 1 !important;} "
            "[data-testid='stCaptionContainer'], [data-testid='stCaptionContainer'] p "
            "{color: #55555a !important;}" + ui.UPLOADER_NL + "</style>", unsafe_allow_html=True)
app_state.init_state(ui.state)

navigation = st.navigation([
    st.Page(page, title=title, icon=icon, default=k == 0)
    for k, (page, title, icon) in enumerate(ui.STEPS)
])

# A reload, a closed tab or a link: the session named in the address comes back.
sessions, store_problem = ui.session_store()
if sessions is not None and not ui.state["restore_tried"]:
    ui.state["restore_tried"] = True
    asked = st.query_params.get("sessie")
    if asked and ui.state["inventory"] is None:
        notes = app_state.restore(ui.state, sessions, asked)
        ui.state["restore_message"] = (
            ("warning", "Deze sessie is niet (meer) bewaard op deze computer. Open een "
                        "recente sessie of een sessiebestand op de pagina Start.")
            if notes is None else
            ("success", "Uw sessie is terug: " + " ".join(notes)))
ui.show_once(ui.state, "restore_message")

navigation.run()

# After the page: keep what it changed, and name the session in the address.
if sessions is not None:
    if app_state.autosave(ui.state, sessions):
        ui.state["saved_at"] = dt.datetime.now().strftime("%H:%M")
    key = ui.state["session_key"]
    if key and st.query_params.get("sessie") != key:
        st.query_params["sessie"] = key
# A school opened from a region workspace: every change is its next version there.
link = ui.state.get("region_school")
if link:
    from matcher.store import RegionStore

    app_state.save_region_school(ui.state, RegionStore(link["path"], user=ui.REGION_USER))

# After the page, so the counts include what the page just did (a carve, a lock, a move).
with st.sidebar:
    source = st.session_state["source"]
    st.caption(f"Geladen: {source}" if source else "Nog niets geladen.")
    carving = st.session_state["carving"]
    if carving is not None:
        locked = sum(f.locked for f in carving.functions)
        st.caption(f"{len(carving.functions)} functies ({locked} vastgezet), "
                   f"{nl_number(app_tables.created_fta(carving), 2)} fta.")
    if sessions is None:
        st.caption(f"Let op: deze sessie wordt niet bewaard ({store_problem}). Bewaar een "
                   "sessiebestand op de pagina Rapport.")
    elif ui.state.get("saved_at"):
        st.caption(f"Automatisch bewaard om {ui.state['saved_at']}: na herladen of "
                   "sluiten vindt u deze sessie terug op Start.")
    link = ui.state.get("region_school")
    if link:
        st.caption(f"Deze sessie is school {link['school']} van een regiowerkruimte: elke "
                   f"wijziging wordt daar bewaard (versie {link['version']}).")
    ui.show_once(ui.state, "region_message")
    st.caption("matcher stelt voor; de school beslist.")
