"""matcher – functiecreatie: the Streamlit entrypoint (router and shared state).

Run with ``python -m streamlit run app/streamlit_app.py``. The pages live in
``app/app_pages/`` (not ``pages/``, so Streamlit's legacy auto-discovery stays off) and only
call :mod:`matcher` and render its results; session-state plumbing is in ``app_state``.
"""

import streamlit as st

import app_state
import app_tables
import ui
from matcher.text.format import nl_number

st.set_page_config(page_title="matcher – functiecreatie", layout="wide")
app_state.init_state(ui.state)

navigation = st.navigation([
    st.Page("app_pages/start.py", title="Start", icon=":material/home:", default=True),
    st.Page("app_pages/taken.py", title="Taken", icon=":material/checklist:"),
    st.Page("app_pages/functies.py", title="Functies", icon=":material/work:"),
    st.Page("app_pages/kandidaten.py", title="Kandidaten", icon=":material/group:"),
    st.Page("app_pages/matching.py", title="Matching", icon=":material/handshake:"),
    st.Page("app_pages/rapport.py", title="Rapport", icon=":material/summarize:"),
])

navigation.run()

# After the page, so the counts include what the page just did (a carve, a lock, a move).
with st.sidebar:
    source = st.session_state["source"]
    st.caption(f"Geladen: {source}" if source else "Nog niets geladen.")
    carving = st.session_state["carving"]
    if carving is not None:
        locked = sum(f.locked for f in carving.functions)
        st.caption(f"{len(carving.functions)} functies ({locked} vastgezet), "
                   f"{nl_number(app_tables.created_fta(carving), 2)} fta.")
    st.caption("matcher stelt voor; de school beslist.")
