"""Taken: the task inventory and its totals per area, current role and site (read-only)."""

import streamlit as st

import app_state
import ui

state = st.session_state

HOURS_COLUMNS = {
    "uren per week": st.column_config.NumberColumn("uren per week", format="%.2f"),
    "fta": st.column_config.NumberColumn("fta", format="%.2f",
                                         help="Banen: uren per week / 25,5"),
}


def totals_block(title: str, by: str) -> None:
    """One totals table (hours a week and fta) under a small heading."""
    st.markdown(f"**{title}**")
    st.dataframe(app_state.totals(state["inventory"], by), hide_index=True, width="stretch",
                 column_config=HOURS_COLUMNS)


def render() -> None:
    """The page."""
    st.title("Taken")
    inventory = state["inventory"]
    if not ui.loaded(inventory, "taken"):
        return
    carvable = sum(t.hours for t in inventory.tasks if t.carvable)
    cols = st.columns(4)
    cols[0].metric("Aantal taken", len(inventory.tasks))
    cols[1].metric("Uren per week", app_state.nl_number(inventory.total_hours))
    cols[2].metric("fta (uren / 25,5)", app_state.nl_number(app_state.fta(inventory.total_hours),
                                                             2))
    cols[3].metric("Carveerbare uren", app_state.nl_number(carvable))

    st.subheader("Totalen")
    left, middle, right = st.columns(3)
    with left:
        totals_block("Per gebied", "gebied")
    with middle:
        totals_block("Per huidige uitvoerder", "huidige uitvoerder")
    with right:
        totals_block("Per locatie", "locatie")

    st.subheader("Takeninventaris")
    st.caption("Alleen lezen in deze versie. Tijd 'flexibel' betekent: mag op elk moment van "
               "de schooldag.")
    st.dataframe(app_state.tasks_table(inventory), hide_index=True, width="stretch",
                 column_config={"uren per week": HOURS_COLUMNS["uren per week"]})


render()
