"""Small Streamlit pieces shared by the pages (kept apart from app_state, which has none)."""

import streamlit as st

_MISSING = {
    "taken": "Er zijn nog geen taken geladen. Laad een demo of een takenbestand op de pagina "
             "Start.",
    "kandidaten": "Er zijn geen kandidaten geladen. Laad een demo of een kandidatenbestand op "
                  "de pagina Start.",
}


def loaded(value: object, what: str) -> bool:
    """True when ``value`` is loaded; otherwise say what is missing and link to Start."""
    if value is not None:
        return True
    st.info(_MISSING[what])
    st.page_link("app_pages/start.py", label="Naar Start", icon=":material/home:")
    return False
