"""Taken: edit the task inventory (re-validated by the library) and see its totals."""

from typing import Any

import streamlit as st

import app_state
import app_tables
import matcher
import ui
from matcher.text.format import nl_number
from matcher.text.labels import AREA_LABELS_NL

state = ui.state

HOURS_COLUMNS = {"fta": st.column_config.Column("fta", help="Banen: uren per week / 25,5")}

H = app_tables.EDITOR_COLUMNS


def editor_config(site_ids: list[str]) -> dict[str, Any]:
    """Column types, labels and help of the task editor."""
    cc = st.column_config
    return {
        H["task_id"]: cc.TextColumn("taak", required=True, help="Unieke code van de taak."),
        H["description"]: cc.TextColumn("omschrijving", width="large", required=True),
        H["area"]: cc.SelectboxColumn("gebied", options=list(AREA_LABELS_NL.values()),
                                      required=True),
        H["hours_per_week"]: cc.NumberColumn(
            "uren per week", min_value=0.0, max_value=40.0, step=0.25, format="%.2f",
            required=True, help="Met vaste tijden: dagen x (eind - begin)."),
        H["level"]: cc.NumberColumn("niveau", min_value=1, max_value=4, step=1, required=True,
                                    help="1 elementair, 2 eenvoudig, 3 mbo-2, 4 mbo-3 of hoger"),
        H["site"]: cc.SelectboxColumn("locatie", options=site_ids),
        H["days"]: cc.TextColumn("dagen", help="ma,wo,vr of ma-vr; leeg = elke schooldag"),
        H["start"]: cc.TextColumn("begin", help="Vaste begintijd UU:MM (leeg = flexibel)"),
        H["end"]: cc.TextColumn("eind", help="Vaste eindtijd UU:MM"),
        H["physical_load"]: cc.NumberColumn("fysieke belasting", min_value=0, max_value=2,
                                            step=1, help="0 laag, 1 midden, 2 hoog"),
        H["pupil_contact"]: cc.NumberColumn("leerlingcontact", min_value=0, max_value=2, step=1,
                                            help="0 laag, 1 midden, 2 hoog"),
        H["current_role"]: cc.TextColumn("huidige uitvoerder"),
        H["carvable"]: cc.CheckboxColumn(
            "overdraagbaar", help="Uitvinken = niet overdraagbaar: de taak blijft bij de "
                                  "huidige uitvoerder en komt in geen nieuwe functie."),
    }


def editor_section() -> None:
    """The editable inventory; every edit is re-validated, problems shown as a table."""
    st.header("Takeninventaris bewerken")
    st.caption("Voeg regels toe (onderaan), wijzig uren, dagen en tijden, of vink "
               "'overdraagbaar' uit voor een taak die bij de huidige uitvoerder blijft. Elke "
               "wijziging wordt meteen gecontroleerd. Tijd leeg = flexibel.")
    key = f"tasks_editor_{state['tasks_version']}"
    if key not in state and state["tasks_edited"] is not None:
        # Back on this page: continue from the last edit (the editor's own state is gone).
        state["tasks_base"] = state["tasks_edited"]
    edited = st.data_editor(
        state["tasks_base"], key=key, num_rows="dynamic", 
        column_config=editor_config(state["inventory"].sites.ids))
    outcome = app_state.apply_edit(state, edited)
    problems = state["edit_problems"]
    if problems is not None:
        st.error(f"De wijziging is nog niet overgenomen: {len(problems)} probleem/problemen. "
                 "Je bewerking blijft staan; pas de cellen hieronder aan. Rij 1 is de eerste "
                 "taak in de tabel.")
        ui.table(problems, column_config={"probleem": st.column_config.TextColumn(
            "probleem", width="large")})
    elif outcome == "ok":
        st.success("Wijziging overgenomen. De totalen hieronder zijn bijgewerkt.")
    if state["tasks_changed"]:
        st.info("De taken zijn gewijzigd sinds de functies gemaakt zijn: maak ze opnieuw op "
                "de pagina Functies (vastgezette functies blijven staan).")
    if st.button("Wijzigingen terugdraaien", key="reset_tasks",
                 help="Zet de tabel terug op de laatst geldige takenlijst."):
        app_state.reset_task_editor(state)
        st.rerun()


def totals_block(title: str, by: str) -> None:
    """One totals table (hours a week and fta) under a small heading."""
    st.markdown(f"**{title}**")
    ui.table(app_tables.totals(state["inventory"], by), column_config=HOURS_COLUMNS)


def render() -> None:
    """The page."""
    st.title("Taken")
    inventory = state["inventory"]
    if not ui.loaded(inventory, "taken"):
        return
    if state["tasks_base"] is None:
        app_state.reset_task_editor(state)
    editor_section()
    inventory = state["inventory"]  # the edit may have replaced it
    carvable = sum(t.hours for t in inventory.tasks if t.carvable)
    cols = st.columns(4)
    cols[0].metric("Aantal taken", len(inventory.tasks))
    cols[1].metric("Uren per week", nl_number(inventory.total_hours))
    cols[2].metric("Banen (fta, uren / 25,5)", nl_number(matcher.fta(inventory.total_hours),
                                                             2))
    cols[3].metric("Carveerbare uren", nl_number(carvable))

    st.header("Totalen")
    left, middle, right = st.columns(3)
    with left:
        totals_block("Per gebied", "gebied")
    with middle:
        totals_block("Per huidige uitvoerder", "huidige uitvoerder")
    with right:
        totals_block("Per locatie", "locatie")
    ui.next_step("app_pages/taken.py", "functies maken uit deze taken")


render()
