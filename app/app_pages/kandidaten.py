"""Kandidaten: the anonymous pool on a PC4 map, coverage of unknown fields, and filters."""

import streamlit as st

import app_charts
import app_state
import app_tables
import ui
from matcher.inputs.schema import WORK_DAYS
from matcher.matching.explore import education_options, filter_pool
from matcher.outputs.privacy import pc4_points
from matcher.text.format import nl_number
from matcher.text.labels import DAY_NAMES_NL

state = ui.state


def filters() -> tuple[str | None, float, tuple[float, float], list[str], list[int], bool]:
    """Filter controls like the Kandidatenverkenner's; returns their values."""
    inventory = state["inventory"]
    pool = state["pool"]
    sites = inventory.sites if inventory is not None else None
    located = ([s for s in sites.ids if sites.frame.loc[sites.frame["site"] == s, "lat"].notna()
                .any()] if sites is not None else [])
    cols = st.columns(3)
    site = None
    if located:
        app_state.ensure_option(state, "f_site", located)
        if state.get("f_site") is None:
            state["f_site"] = located[0]
        assert sites is not None  # located is empty without sites
        site = cols[0].selectbox("Afstand vanaf locatie", options=located,
                                 format_func=sites.name, key="f_site")
        cols[0].slider("Maximale afstand (km, hemelsbreed, benaderd)", min_value=1,
                       max_value=100, step=1, key="f_max_km")
    else:
        cols[0].caption("Geen locatie met een bekende plek: filteren op afstand kan niet.")
    cols[1].slider("Uren per week (gewenst)", min_value=0, max_value=40, step=1, key="f_hours",
                   help="Kandidaten van wie de gewenste uren (min-max) dit bereik raken.")
    options = education_options(pool)
    state["f_education"] = [e for e in state.get("f_education", []) if e in options]
    cols[1].multiselect("Opleiding", options=options, key="f_education",
                        placeholder="alle opleidingen")
    cols[2].multiselect("Beschikbaar op (alle gekozen dagen)", options=list(WORK_DAYS),
                        format_func=lambda d: DAY_NAMES_NL[d], key="f_days",
                        placeholder="alle dagen")
    cols[2].checkbox("Onbekende waarden meetellen", key="f_unknown",
                     help="Onbekend is onbekend: een profiel met een onbekend veld valt dan "
                          "niet weg op dat filter.")
    return (site, float(state["f_max_km"]), tuple(state["f_hours"]), list(state["f_education"]),
            list(state["f_days"]), bool(state["f_unknown"]))


def render() -> None:
    """The page."""
    st.title("Kandidaten")
    pool = state["pool"]
    if not ui.loaded(pool, "kandidaten"):
        return
    coverage = app_tables.coverage_table(pool)
    cols = st.columns([1, 2, 1])
    cols[0].metric("Aantal profielen", len(pool))
    weakest = coverage.sort_values("% bekend").iloc[0]
    cols[1].metric("Minst bekende veld", str(weakest["veld"]))
    cols[2].metric("Daarvan bekend", f"{nl_number(weakest['% bekend'], 0)}%")
    for warning in app_tables.warnings_nl(pool.warnings):
        st.warning(warning)
    stale = state.get("stale_ids") or frozenset()
    if stale:  # the candidates of a region workspace: how current are they?
        old = sum(str(k) in stale for k in pool.ids)
        st.info(f"{old} van de {len(pool)} profielen zijn langer dan 6 maanden niet bevestigd "
                "(volgens de regiowerkruimte); ze staan gemarkeerd in de shortlists. Vraag "
                "ze opnieuw te bevestigen (Regio > Profielen).")

    st.header("Verkennen")
    site, max_km, hours, educations, days, unknown = filters()
    chosen = filter_pool(pool, state["inventory"].sites if state["inventory"] else None,
                                   site, max_km, hours, educations, days, unknown)
    st.metric("Profielen binnen de filters", f"{len(chosen)} van {len(pool)}")

    left, right = st.columns([3, 2])
    points = pc4_points(chosen)
    with left:
        st.markdown("**Waar wonen ze? (per postcodegebied, pc4)**")
        if points.empty:
            st.info("Geen profielen met een bekende woonplaats binnen de filters.")
        else:
            sites = app_tables.site_points(state["inventory"])
            background = app_tables.pc4_background(points, sites)
            st.altair_chart(app_charts.pool_map(points, background, sites), width="stretch",
                            alt=app_charts.map_alt(points, sites))
        unknown_place = int((chosen["lat"].isna()).sum())
        st.caption("Elke blauwe cirkel is het midden van een 4-cijferig postcodegebied (pc4), "
                   "nooit een adres; hoe groter de cirkel, hoe meer profielen (aantallen in de "
                   "tabel ernaast). Zwarte vierkanten zijn de scholen; grijze stipjes zijn "
                   "andere postcodegebieden, voor de vorm van de regio. De kaart wordt zonder "
                   f"internet getekend. Plaatsen en afstanden zijn benaderd. {unknown_place} "
                   "profielen binnen de filters hebben een onbekende woonplaats en staan niet "
                   "op de kaart.")
    with right:
        st.markdown("**Profielen per pc4-gebied**")
        ui.table(points[["pc4", "plaats", "kandidaten"]], height=380)

    st.header("Wat is bekend?")
    st.markdown("Onbekend is onbekend: een onbekend veld telt niet als match en ook niet als "
                "knock-out, maar maakt de score minder zeker.")
    ui.table(coverage, column_config={"% bekend": st.column_config.ProgressColumn(
        "% bekend", min_value=0, max_value=100, format="%.0f%%")})

    st.header("Profielen binnen de filters")
    st.caption("Alleen pseudoniemen, geen namen. Afstanden zijn benaderd: de woonplaats is "
               "alleen bekend als 4-cijferige postcode (pc4).")
    table = app_tables.profiles_table_frame(chosen)
    ui.table(table)
    ui.next_step("app_pages/kandidaten.py", "kandidaten bij de functies zoeken")


render()
