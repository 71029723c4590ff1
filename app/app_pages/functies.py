"""Functies: carve the inventory into functions of about 25.5 hours and show every one."""

import streamlit as st

import app_state
import matcher
import ui
from matcher.parsing import format_days

state = st.session_state


def params_form() -> matcher.CarveParams | None:
    """The carving settings; returns params when the user asks for a (new) carving."""
    with st.form("carve_form"):
        cols = st.columns(5)
        cols[0].number_input("Doel-uren per functie", min_value=1.0, max_value=40.0, step=0.5,
                             key="carve_target", help="25,5 uur is één baan (fta).")
        cols[1].number_input("Minimum uren", min_value=1.0, max_value=40.0, step=0.5,
                             key="carve_min")
        cols[2].number_input("Maximum uren", min_value=1.0, max_value=40.0, step=0.5,
                             key="carve_max")
        cols[3].number_input("Max. gebieden per functie", min_value=1, max_value=4, step=1,
                             key="carve_max_areas")
        cols[4].number_input("Max. locaties per functie", min_value=1, max_value=10, step=1,
                             key="carve_max_sites")
        submitted = st.form_submit_button("Functies maken", key="carve", type="primary")
    if not submitted:
        return None
    try:
        return matcher.CarveParams(
            target_hours=float(state["carve_target"]), min_hours=float(state["carve_min"]),
            max_hours=float(state["carve_max"]), max_areas=int(state["carve_max_areas"]),
            max_sites=int(state["carve_max_sites"]), seed=0,
        )
    except ValueError:
        st.error("Deze instellingen kloppen niet: het minimum mag niet boven de doel-uren "
                 "liggen en de doel-uren niet boven het maximum.")
        return None


def summary_row(carving: matcher.Carving) -> None:
    """Headline numbers of the carving."""
    s = carving.summary()
    cols = st.columns(5)
    cols[0].metric("Functies", s["functions"])
    cols[1].metric("Uren gesneden", app_state.nl_number(s["carved_hours"]),
                   help=f"van {app_state.nl_number(s['inventory_hours'])} uur in de inventaris")
    cols[2].metric("fta", app_state.nl_number(s["fta"], 2), help="Banen: uren / 25,5")
    cols[3].metric("Aandeel van de inventaris", f"{s['carved_share']:.0%}")
    cols[4].metric("Samenhang", app_state.nl_number(s["mean_coherence"], 2),
                   help="0-1; hoger is samenhangender (gebied, niveau en locatie).")


def function_block(function: matcher.Function, inventory: matcher.Inventory) -> None:
    """One function: facts, weekly schedule and task list."""
    label = (f"{function.function_id} – {function.title} · "
             f"{app_state.nl_number(function.hours)} u · "
             f"{app_state.nl_number(function.fta, 2)} fta")
    with st.expander(label, expanded=False):
        cols = st.columns(4)
        cols[0].markdown(f"**Uren per week**  \n{app_state.nl_number(function.hours)}")
        cols[1].markdown(f"**fta**  \n{app_state.nl_number(function.fta, 2)}")
        cols[2].markdown(f"**Niveau**  \n{app_state.level_nl(function.level)}")
        cols[3].markdown(f"**Dagen**  \n{format_days(function.days)}")
        cols = st.columns(4)
        cols[0].markdown(f"**Gebieden**  \n{app_state.area_nl(function.areas)}")
        cols[1].markdown(f"**Locaties**  \n{app_state.site_names(inventory, function.sites)}")
        cols[2].markdown(f"**Langste dag**  \n{app_state.nl_number(function.max_day_hours)} u")
        cols[3].markdown(f"**Samenhang**  \n{app_state.nl_number(function.coherence, 2)}")
        roles = "; ".join(f"{role} {app_state.nl_number(hours)} u"
                          for role, hours in function.hours_by_role.items())
        st.caption(f"Neemt werk over van: {roles}.")
        st.markdown("**Weekrooster**")
        st.dataframe(app_state.week_grid(function, inventory), hide_index=True,
                     width="stretch",
                     column_config={"blokken": st.column_config.TextColumn("blokken",
                                                                           width="large")})
        st.markdown("**Taken**")
        st.dataframe(app_state.function_tasks_table(function, inventory), hide_index=True,
                     width="stretch")


def render() -> None:
    """The page."""
    st.title("Functies")
    inventory = state["inventory"]
    if not ui.loaded(inventory, "taken"):
        return
    st.markdown("matcher deelt de taken in functies van ongeveer 25,5 uur per week in, met een "
                "werkbare week: geen overlappende vaste taken en reistijd tussen locaties.")
    params = params_form()
    if params is not None:
        with st.spinner("Functies worden gemaakt…"):
            state["carving"] = matcher.carve(inventory, params)
    carving = state["carving"]
    if carving is None:
        st.info("Kies de instellingen en klik op 'Functies maken'.")
        return

    summary_row(carving)
    st.subheader("Functies")
    if not carving.functions:
        st.warning("Er is geen functie gevonden binnen deze urengrenzen. Verlaag het minimum of "
                   "sta meer gebieden of locaties per functie toe.")
    for function in carving.functions:
        function_block(function, inventory)

    st.subheader("Niet geplaatste taken")
    unplaced = app_state.unplaced_table(carving)
    if unplaced.empty:
        st.success("Alle taken zijn in een functie geplaatst.")
    else:
        hours = app_state.nl_number(float(unplaced["uren per week"].sum()))
        st.caption(f"{len(unplaced)} taken ({hours} uur per week) zitten in geen enkele functie. "
                   "De reden staat erbij.")
    st.dataframe(unplaced, hide_index=True, width="stretch",
                 column_config={"reden": st.column_config.TextColumn("reden", width="large")})


render()
