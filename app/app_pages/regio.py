"""Regio: the WSP account manager's region workspace (matcher.store.RegionStore).

Every school of the region with its functions and fta, the pipeline per function, region
shortlists on which no candidate stands at more than a few schools at once (with flags for
candidates already active elsewhere and profiles not confirmed for six months), a form to
record a step or an outcome, the profiles to reconfirm, and the whole region as a workbook.
A school opens here as the session of the other pages; every change is then kept as its
next version in the region.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import pandas as pd
import streamlit as st

import app_state
import ui
from matcher.outputs.files import dutch_csv_bytes, xlsx_bytes
from matcher.store import RegionStore
from matcher.store.region import (
    ACTIVE,
    ENDS,
    REASONS,
    RETENTION_MONTHS,
    STEPS,
    PipelineError,
)
from matcher.text.format import format_moment, nl_number

state = ui.state
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KINDS = {"eigen": "Eigen werkruimte (op deze computer)", "demo": "Demoregio (verzonnen)"}
STATUS_NL = {"voorgesteld": "voorgesteld", "voorgelegd": "voorgelegd via WSP",
             "kennismaking": "kennismaking", "proefplaatsing": "proefplaatsing",
             "geplaatst": "geplaatst", "afgewezen": "afgewezen",
             "teruggetrokken": "teruggetrokken"}


@st.cache_data(show_spinner=False, max_entries=8)
def functions_of(path: str, revision: int) -> pd.DataFrame:
    """The region's carved functions (keyed by the region's revision: any write renews)."""
    return RegionStore(path, user=ui.REGION_USER).functions()


@st.cache_data(show_spinner=False, max_entries=8)
def shortlists_of(path: str, revision: int, top: int, cap: int
                  ) -> tuple[dict[str, float], pd.DataFrame]:
    """The capped region shortlists with their flags, and what the cap changed."""
    result, lists = RegionStore(path, user=ui.REGION_USER).shortlists(top=top, cap=cap)
    summary = {"moved": float(len(result.moved)), "candidates": float(result.candidates_moved),
               "total": result.total_score, "uncapped": result.uncapped_score}
    return summary, lists


def choose() -> RegionStore | None:
    """Pick the workspace; build the demo region on request."""
    st.radio("Werkruimte", options=list(KINDS), format_func=KINDS.__getitem__,
             horizontal=True, key="region_kind")
    kind = str(state["region_kind"])
    region, problem = ui.region_store(kind)
    if region is not None:
        return region
    if problem:
        st.error(f"De werkruimte kan niet geopend worden: {problem}")
        return None
    st.info("De demoregio is nog niet gemaakt: een verzonnen regio met de demoscholen en "
            "een tiental andere scholen, kandidaten en anderhalf jaar trajecten. Het maken "
            "duurt ongeveer een minuut.")
    if st.button("Demoregio maken", key="build_demo_region", type="primary"):
        from matcher.demo_region import build_demo_region

        bar = st.progress(0.0, text="Demoregio maken ...")

        def progress(fraction: float, text: str) -> None:
            bar.progress(min(max(fraction, 0.0), 1.0), text=text)

        build_demo_region(ui.region_path("demo"), progress=progress)
        st.rerun()
    return None


def overview(region: RegionStore, functions: pd.DataFrame, status: dict[str, Any]) -> None:
    """The region in figures, and its flags."""
    cols = st.columns(5)
    cols[0].metric("Scholen", len(status["schools"]))
    cols[1].metric("Functies", len(functions))
    cols[2].metric("Banen (fta)", nl_number(float(functions["fta"].sum()) if len(functions)
                                            else 0.0, 2))
    cols[3].metric("Kandidaten", status["candidates"])
    cols[4].metric("Geplaatst", status["pipeline"]["geplaatst"])
    if status["double_booked"]:
        n = status["double_booked"]
        st.warning(f"{n} {'kandidaat staat' if n == 1 else 'kandidaten staan'} bij twee of "
                   "meer scholen tegelijk in een lopend traject (zie Trajecten).")
    if status["stale_profiles"]:
        n = status["stale_profiles"]
        st.info(f"{n} {'profiel is' if n == 1 else 'profielen zijn'} langer dan 6 maanden "
                "niet bevestigd (zie Profielen).")
    if status["closed_due"]:
        n = status["closed_due"]
        st.info(f"{n} afgesloten {'traject is' if n == 1 else 'trajecten zijn'} ouder dan "
                f"de bewaartermijn van {RETENTION_MONTHS} maanden en kunnen weg (matcher "
                "workspace purge).")


def schools_tab(region: RegionStore, functions: pd.DataFrame, pipeline: pd.DataFrame) -> None:
    """Every school: board, tasks, functions, fta, pipeline; open one as the session."""
    schools = pd.DataFrame(region.schools())
    if schools.empty:
        st.info("Nog geen scholen in deze werkruimte. Bewaar hieronder de huidige sessie als "
                "school, of lees scholen in met `matcher workspace import`.")
    else:
        boards = sorted({b for b in schools["board"] if b})
        chosen = st.multiselect("Bestuur", options=boards, key="region_boards",
                                placeholder="alle besturen")
        fta = (functions.groupby("school")["fta"].sum() if len(functions)
               else pd.Series(dtype=float))
        active = (pipeline[pipeline["status"].isin(ACTIVE)].groupby("school").size()
                  if len(pipeline) else pd.Series(dtype=int))
        placed = (pipeline[pipeline["status"] == "geplaatst"].groupby("school").size()
                  if len(pipeline) else pd.Series(dtype=int))
        table = pd.DataFrame({
            "school": schools["school"], "bestuur": schools["board"],
            "taken": schools["tasks"], "functies": schools["functions"],
            "banen (fta)": [float(fta.get(s, 0.0)) for s in schools["school"]],
            "lopende trajecten": [int(active.get(s, 0)) for s in schools["school"]],
            "geplaatst": [int(placed.get(s, 0)) for s in schools["school"]],
            "sessieversie": schools["version"],
            "bijgewerkt": [format_moment(dt.datetime.fromisoformat(u))
                           for u in schools["updated"]],
        })
        if chosen:
            table = table[table["bestuur"].isin(chosen)]
        ui.table(table, key="region_schools_table")
        names = table["school"].tolist()
        if names:
            cols = st.columns([3, 2], vertical_alignment="bottom")
            school = cols[0].selectbox("School openen als sessie", options=names,
                                       key="region_open_choice")
            if cols[1].button("Openen", key="region_open"):
                notes = app_state.open_region_school(state, region, str(school))
                if notes is None:
                    st.error(f"{school} heeft nog geen takeninventaris.")
                elif state["load_problems"] is not None:
                    st.error("Deze sessie kan niet geopend worden; zie de pagina Start.")
                else:
                    st.success(f"{school} is geopend. Wijzigingen op de andere pagina's "
                               "worden hier als nieuwe versie bewaard. " + " ".join(notes))
                    st.page_link("app_pages/functies.py", label="Naar de functies",
                                 icon=":material/work:")
    link = state.get("region_school")
    if state["inventory"] is not None and not link:
        with st.expander("Huidige sessie als school bewaren in deze werkruimte"):
            name = st.text_input("Naam van de school", key="region_new_school")
            board = st.text_input("Bestuur (optioneel)", key="region_new_board")
            if st.button("Bewaren", key="region_add"):
                problem = app_state.add_to_region(state, region, str(name), str(board))
                if problem:
                    st.error(problem)
                else:
                    st.success(f"{name} staat in de werkruimte; wijzigingen worden daar "
                               "voortaan bewaard.")


def pipeline_tab(region: RegionStore, functions: pd.DataFrame, pipeline: pd.DataFrame
                 ) -> None:
    """The pipeline per function, every function x candidate, and a form to move one."""
    schools = sorted(functions["school"].unique()) if len(functions) else []
    chosen = st.multiselect("School", options=schools, key="region_pipeline_schools",
                            placeholder="alle scholen")
    if len(functions):
        counts = Counter(zip(pipeline["school"], pipeline["function_id"], pipeline["status"],
                             strict=True))
        rows = []
        for f in functions.itertuples():
            row: dict[str, Any] = {"school": f.school, "functie": f.function_id,
                                   "functietitel": f.title, "banen (fta)": f.fta}
            for status in STEPS + ENDS:
                row[STATUS_NL[status]] = counts[(f.school, f.function_id, status)]
            rows.append(row)
        per_function = pd.DataFrame(rows)
        if chosen:
            per_function = per_function[per_function["school"].isin(chosen)]
        st.subheader("Per functie")
        ui.table(per_function, key="region_per_function")
    double = region.double_booked()
    st.subheader("Alle trajecten")
    statuses = st.multiselect("Status", options=list(STEPS + ENDS),
                              format_func=STATUS_NL.__getitem__, key="region_statuses",
                              placeholder="alle statussen")
    only_double = st.checkbox("Alleen kandidaten die elders ook lopen", key="region_only_double")
    shown = pipeline.copy()
    if chosen:
        shown = shown[shown["school"].isin(chosen)]
    if statuses:
        shown = shown[shown["status"].isin(statuses)]
    if only_double:
        shown = shown[shown["candidate_id"].isin(double)]
    if shown.empty:
        st.caption("Geen trajecten (met deze filters).")
    else:
        ui.table(pd.DataFrame({
            "school": shown["school"], "functie": shown["function_id"],
            "kandidaat (pseudoniem)": shown["candidate_id"],
            "status": shown["status"].map(STATUS_NL),
            "reden": shown["reason"].map(lambda r: REASONS.get(r, r)),
            "elders lopend": ["ja" if k in double else "nee" for k in shown["candidate_id"]],
            "sinds": [format_moment(dt.datetime.fromisoformat(u)) for u in shown["updated"]],
        }), key="region_pipeline_table")
    move_form(region, functions)


def move_form(region: RegionStore, functions: pd.DataFrame) -> None:
    """Record a step of the pipeline or an outcome of a placement."""
    if not len(functions):
        return
    st.subheader("Stap of uitkomst vastleggen")
    with st.form("region_move"):
        cols = st.columns(3)
        school = cols[0].selectbox("School", options=sorted(functions["school"].unique()),
                                   key="move_school")
        options = sorted(functions["function_id"].unique())
        function_id = cols[1].selectbox("Functie", options=options, key="move_function")
        candidate = cols[2].text_input("Kandidaat (pseudoniem)", key="move_candidate")
        cols = st.columns(3)
        status = cols[0].selectbox("Nieuwe status", options=list(STEPS + ENDS),
                                   format_func=STATUS_NL.__getitem__, key="move_status")
        reason = cols[1].selectbox("Reden (bij afwijzen, terugtrekken of een stap "
                                   "overslaan)", options=["", *REASONS],
                                   format_func=lambda r: REASONS.get(r, "geen"),
                                   key="move_reason")
        outcome = cols[2].selectbox("Of: uitkomst van de plaatsing", options=[
            "", "6 ja", "6 nee", "12 ja", "12 nee"], format_func=lambda o: {
                "": "geen", "6 ja": "na 6 maanden: werkt nog",
                "6 nee": "na 6 maanden: werkt niet meer",
                "12 ja": "na 12 maanden: werkt nog",
                "12 nee": "na 12 maanden: werkt niet meer"}[o], key="move_outcome")
        if not st.form_submit_button("Vastleggen"):
            return
    candidate = str(candidate).strip()
    try:
        if outcome:
            months, working = str(outcome).split()
            region.record_outcome(str(school), str(function_id), candidate, int(months),
                                  working == "ja")
            st.success(f"{school} {function_id}: uitkomst na {months} maanden vastgelegd.")
        else:
            elsewhere = region.set_status(str(school), str(function_id), candidate,
                                          str(status), str(reason))
            st.success(f"{school} {function_id}: {STATUS_NL[str(status)]}.")
            if elsewhere:
                st.warning("Let op: deze kandidaat loopt ook bij " + ", ".join(elsewhere)
                           + ".")
    except PipelineError as error:
        st.error(f"Niet vastgelegd: {error}")


def shortlists_tab(region: RegionStore) -> None:
    """Region shortlists with the cap and flags; computed on request (cached)."""
    st.caption("Per functie de beste kandidaten van de regio, zo dat niemand op de lijst "
               "van meer scholen tegelijk staat dan het maximum (exact berekend, niet de "
               "eerste de beste). Markeringen: de kandidaat loopt al bij een andere school, "
               "of het profiel is langer dan 6 maanden niet bevestigd.")
    cols = st.columns(3, vertical_alignment="bottom")
    top = int(cols[0].number_input("Kandidaten per functie", min_value=1, max_value=30,
                                   value=10, step=1, key="region_top"))
    cap = int(cols[1].number_input("Scholen per kandidaat tegelijk", min_value=1,
                                   max_value=20, value=3, step=1, key="region_cap"))
    if cols[2].button("Shortlijsten berekenen", key="region_lists", type="primary"):
        state["region_lists_for"] = (str(region.path), top, cap)
    if state.get("region_lists_for") != (str(region.path), top, cap):
        return
    with st.spinner("Shortlijsten berekenen ..."):
        summary, lists = shortlists_of(str(region.path), region.revision(), top, cap)
    if lists.empty:
        st.info("Nog geen shortlijsten: de werkruimte heeft gesneden functies en kandidaten "
                "nodig.")
        return
    moved, people = int(summary["moved"]), int(summary["candidates"])
    st.markdown(
        f"**{lists[['school', 'function_id']].drop_duplicates().shape[0]} functies, "
        f"{lists['candidate_id'].nunique()} kandidaten.** Omdat niemand op meer dan één lijst "
        f"per school staat, en op de lijsten van hoogstens {cap} "
        f"{'school' if cap == 1 else 'scholen'}, gingen {moved} "
        f"{'plaats' if moved == 1 else 'plaatsen'} van {people} "
        f"{'kandidaat' if people == 1 else 'kandidaten'} naar anderen; totale score "
        f"{nl_number(summary['total'], 1)} tegen {nl_number(summary['uncapped'], 1)} zonder "
        "die regels.")
    flagged = st.checkbox("Alleen gemarkeerde kandidaten", key="region_only_flagged")
    table = pd.DataFrame({
        "school": lists["school"], "functie": lists["function_id"], "rang": lists["rank"],
        "kandidaat (pseudoniem)": lists["candidate_id"], "score": lists["score"],
        "loopt elders": lists["elders_actief"],
        "profiel verouderd": lists["verouderd"].map({True: "ja", False: "nee"}),
    })
    if flagged:
        table = table[(table["loopt elders"] != "") | (table["profiel verouderd"] == "ja")]
    ui.table(table, key="region_lists_table")
    st.download_button("Shortlijsten (Excel, alleen pseudoniemen)",
                       data=xlsx_bytes({"shortlijsten": table}),
                       file_name=f"regio-shortlijsten-{dt.date.today().isoformat()}.xlsx",
                       mime=XLSX, on_click="ignore", key="dl_region_lists",
                       icon=":material/download:")
    # what was proposed stays readable after the pool or the weights change
    if st.button("Shortlijsten bewaren in de werkruimte", key="region_keep_lists",
                 help="Bewaart deze lijsten met hun scores, de datum en uw naam, in plaats "
                      "van de vorige bewaarde lijsten."):
        region.keep_shortlists(lists)
        st.success(f"{len(lists)} {'plaats' if len(lists) == 1 else 'plaatsen'} op de "
                   "shortlijsten bewaard.")
    kept = region.kept_shortlists()
    if not kept.empty:
        made = dt.datetime.fromisoformat(str(kept["made"].iloc[0])).astimezone()
        st.caption(f"Laatst bewaarde shortlijsten: {made:%d-%m-%Y %H:%M}, door "
                   f"{kept['user'].iloc[0]}, {len(kept)} plaatsen.")


def profiles_tab(region: RegionStore) -> None:
    """Profiles to reconfirm, and how current the pool is."""
    total = region.candidates()
    old = pd.DataFrame(region.stale(), columns=["kandidaat (pseudoniem)", "laatst bevestigd"])
    current = total - len(old)
    st.metric("Bevestigd in de laatste 6 maanden",
              f"{nl_number(100.0 * current / total, 0) if total else '0'}%",
              help="Een profiel dat langer dan 6 maanden niet bevestigd is, kan verouderd "
                   "zijn (uren, reisbereik, beschikbaarheid).")
    if old.empty:
        st.caption("Geen verouderde profielen.")
        return
    st.markdown(f"**{len(old)} {'profiel' if len(old) == 1 else 'profielen'} opnieuw laten "
                "bevestigen** (oudste eerst); lees ze daarna opnieuw in, dan telt de nieuwe "
                "datum.")
    ui.table(old, key="region_stale_table")
    st.download_button("Lijst verouderde profielen (CSV)", data=dutch_csv_bytes(old),
                       file_name="verouderde-profielen.csv", mime="text/csv",
                       on_click="ignore", key="dl_region_stale", icon=":material/download:")


def render() -> None:
    """The page."""
    st.title("Regio")
    st.caption("Voor de accountmanager van het Werkgeversservicepunt: alle scholen, functies, "
               "kandidaten en trajecten van een regio in één werkruimte.")
    region = choose()
    if region is None:
        return
    status = region.status()
    functions = functions_of(str(region.path), region.revision())
    pipeline = pd.DataFrame(region.pipeline(), columns=["school", "function_id",
                                                        "candidate_id", "status", "reason",
                                                        "updated"])
    overview(region, functions, status)
    tabs = st.tabs(["Scholen", "Trajecten", "Shortlijsten", "Profielen", "Export"])
    with tabs[0]:
        schools_tab(region, functions, pipeline)
    with tabs[1]:
        pipeline_tab(region, functions, pipeline)
    with tabs[2]:
        shortlists_tab(region)
    with tabs[3]:
        profiles_tab(region)
    with tabs[4]:
        path = region.path
        st.caption("De hele werkruimte als werkboek: scholen, functies, trajecten, alle "
                   "stappen, uitkomsten en verouderde profielen; kandidaten alleen met hun "
                   "pseudoniem.")
        st.download_button("Werkruimte (Excel)",
                           data=lambda: xlsx_bytes(RegionStore(path, user=ui.REGION_USER)
                                                   .tables()),
                           file_name=f"werkruimte-{dt.date.today().isoformat()}.xlsx",
                           mime=XLSX, on_click="ignore", key="dl_region",
                           icon=":material/download:")


render()
