"""Kandidaten: the anonymous candidate profiles and how much of each field is known."""

import streamlit as st

import app_state
import ui

state = st.session_state


def render() -> None:
    """The page."""
    st.title("Kandidaten")
    pool = state["pool"]
    if not ui.loaded(pool, "kandidaten"):
        return
    coverage = app_state.coverage_table(pool)
    cols = st.columns(3)
    cols[0].metric("Aantal profielen", len(pool))
    weakest = coverage.sort_values("% bekend").iloc[0]
    cols[1].metric("Minst bekende veld", str(weakest["veld"]))
    cols[2].metric("Daarvan bekend", f"{app_state.nl_number(weakest['% bekend'], 0)}%")
    for warning in pool.warnings:
        st.warning(warning)

    st.subheader("Wat is bekend?")
    st.markdown("Onbekend is onbekend: een onbekend veld telt niet als match en ook niet als "
                "knock-out, maar maakt de score minder zeker.")
    st.dataframe(coverage, hide_index=True, width="stretch",
                 column_config={"% bekend": st.column_config.ProgressColumn(
                     "% bekend", min_value=0, max_value=100, format="%.0f%%")})

    st.subheader("Profielen")
    st.caption("Alleen pseudoniemen, geen namen. Afstanden zijn benaderd: de woonplaats is "
               "alleen bekend als 4-cijferige postcode (pc4). Een leeg getal betekent onbekend.")
    st.dataframe(app_state.profiles_table(pool), hide_index=True, width="stretch")


render()
