"""Rapport: fta per site and board against targets, the quotum calculator and downloads."""

import datetime as dt

import streamlit as st

import app_state
import app_tables
import matcher
import ui
from matcher.outputs.files import xlsx_bytes
from matcher.outputs.profiles import profiles_markdown, profiles_xlsx
from matcher.outputs.summary import summary_markdown
from matcher.outputs.word import profiles_docx
from matcher.outputs.wsp import wsp_shortlist_csv, wsp_shortlist_xlsx
from matcher.session import dump_session
from matcher.text.format import euro, nl_number

state = ui.state

#: The media type of an Excel workbook.
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#: Help on the table columns (the numbers are shown in Dutch notation by ``ui.table``).
TABLE_COLUMNS = {"fta": st.column_config.Column("fta", help="Banen: uren per week / 25,5")}


def fta_section(carving: matcher.Carving) -> None:
    """fta per board and per site, against targets the user enters."""
    st.header("Banen (fta) per bestuur en per locatie")
    st.caption("Telregels: 25,5 uur per week is 1 baan; kleinere en grotere functies tellen naar "
               "rato, met twee decimalen. Een functie op meer locaties telt per locatie naar "
               "rato van haar uren daar. De fta gelden als de functies vervuld worden.")
    ui.decimal_input(st.columns(3)[0], "Doel van het bestuur (banen)", "fta_target", low=0.0,
                     high=1000.0, help=app_tables.TARGET_HELP)
    ui.table(app_tables.board_table(carving, float(state["fta_target"]) or None),
             column_config=TABLE_COLUMNS)
    sites = carving.inventory.sites
    with st.expander("Doelen per locatie invullen"):
        cols = st.columns(min(3, max(1, len(sites.ids))))
        for k, site in enumerate(sites.ids):
            key = f"target_{site}"
            state[key] = float(state["site_targets"].get(site, 0.0))
            value = ui.decimal_input(cols[k % len(cols)], f"Doel {sites.name(site)} (fta)", key,
                                     low=0.0, high=1000.0)
            if value is None:
                continue
            if value > 0:
                state["site_targets"][site] = float(value)
            else:
                state["site_targets"].pop(site, None)
    ui.table(app_tables.site_table(carving, state["site_targets"]), column_config=TABLE_COLUMNS)


def quota_section(carving: matcher.Carving | None) -> matcher.quota.QuotaResult | None:
    """The quotum calculator with dated, sourced, editable parameters."""
    st.header("Quotumcalculator")
    st.caption("Werkgevers met 25 of meer werknemers vallen onder de quotumregeling. Let op: "
               "de bronnen zijn het niet eens over de drempel: '25 werknemers of meer' en "
               "'> 25 fte' staan in hetzelfde rapport. Kies hieronder welke lezing telt; de "
               "uitkomst noemt beide.")
    st.caption("Bij de demo staan voorbeeldaantallen ingevuld: vul de eigen aantallen van de "
               "werkgever in.")
    cols = st.columns(4)
    cols[0].number_input("Aantal werknemers", min_value=0, max_value=1_000_000, step=1,
                         key="q_employees")
    good = [ui.decimal_input(cols[1], "Betaalde uren per week (alle werknemers samen)",
                             "q_hours", low=0.0, high=10_000_000.0,
                             help="Werknemersbanen = uren per week / 25,5."),
            ui.decimal_input(cols[2], "Al gerealiseerde banen (fta)", "q_realised", low=0.0,
                             high=100_000.0)]
    cols[3].radio("Drempel", options=list(app_tables.BASIS_LABELS),
                  format_func=app_tables.BASIS_LABELS.__getitem__, key="q_basis")
    with st.expander("Parameters (per jaar, met bron en datum)", expanded=False):
        p = st.columns(4)
        p[0].number_input("Jaar", min_value=2013, max_value=2100, step=1, key="q_year")
        good += [ui.decimal_input(p[1], "Quotumpercentage (%)", "q_percentage", low=0.0,
                                  high=100.0),
                 ui.decimal_input(p[2], "Heffing per ontbrekende baan (€)", "q_levy", low=0.0,
                                  high=1_000_000.0)]
        p[3].text_input("Datum van de bron (JJJJ-MM-DD)", key="q_date")
        st.text_input("Bron van het percentage", key="q_source")
        st.text_input("Bron van het heffingsbedrag", key="q_levy_source")
        st.checkbox("Heffingsbedrag gecontroleerd", key="q_levy_confirmed")
    if None in good:
        st.info("De quotumberekening wacht tot de getallen hierboven kloppen.")
        return None
    try:
        result = app_state.quota_result(state)
    except matcher.InputError as error:
        st.error("De quotumparameters kloppen niet: " + app_tables.quota_problems_nl(error))
        return None
    q = result
    cols = st.columns(4)
    cols[0].metric("Werknemersbanen", nl_number(q.employer_jobs, 2),
                   help="Betaalde uren per week / 25,5")
    cols[1].metric(f"Vereiste banen ({nl_number(q.params.percentage, 2)}%)",
                   nl_number(q.required_jobs, 2))
    cols[2].metric("Tekort nu (banen)", nl_number(q.missing_jobs, 2),
                   help=f"Al gerealiseerd: {nl_number(q.realised_jobs, 2)} fta")
    cols[3].metric("Mogelijke heffing nu", euro(q.levy),
                   help="Tekort x heffing per ontbrekende baan, alleen als de regeling geldt.")
    if carving is not None and carving.functions:
        filled = app_state.quota_result(state, if_filled=True)
        proposed = app_tables.created_fta(carving)
        cols = st.columns(4)
        cols[1].metric("Voorgestelde functies (fta)", nl_number(proposed, 2),
                       help="Nog niet gerealiseerd: ze tellen pas mee als ze vervuld zijn.")
        cols[2].metric("Tekort als ze vervuld worden", nl_number(filled.missing_jobs, 2))
        cols[3].metric("Heffing als ze vervuld worden", euro(filled.levy))
        st.caption("De voorgestelde functies zijn voorstellen: tekort en heffing 'nu' tellen "
                   "alleen de banen die al gerealiseerd zijn.")
    this_year = dt.date.today().year
    if q.params.year < this_year:
        st.info(f"Het quotumpercentage hierboven is dat van {q.params.year}, het laatste jaar "
                f"met een openbare bron in matcher. Controleer het percentage voor {this_year} "
                "bij UWV (Werkgeversportaal of uwv.nl) en vul het in onder Parameters.")
    applies = "valt onder" if q.applies else "valt niet onder"
    st.markdown(f"Deze werkgever **{applies}** de quotumregeling volgens de lezing "
                f"'{app_tables.BASIS_LABELS[q.basis]}' (werknemers: "
                f"{'ja' if q.applies_by_employees else 'nee'}; banen: "
                f"{'ja' if q.applies_by_jobs else 'nee'}).")
    if q.sources_disagree:
        st.warning("De twee lezingen van de drempel geven hier een verschillend antwoord: "
                   "controleer welke geldt.")
    if not q.params.levy_confirmed:
        st.warning(f"Het heffingsbedrag van {euro(q.params.levy_per_job)} per ontbrekende baan "
                   "is onbevestigd: controleer het bij de actuele regels en pas het aan onder "
                   "Parameters.")
    st.caption(f"Quotumpercentage {nl_number(q.params.percentage, 2)}% voor "
               f"{q.params.year}; bron: {q.params.source} ({q.params.date}).")
    return q


def downloads(carving: matcher.Carving | None, quota: matcher.quota.QuotaResult | None) -> None:
    """Function profiles, the WSP shortlist, the session summary and the session file."""
    st.header("Downloads")
    today = dt.date.today().isoformat()
    cols = st.columns(2)
    with cols[0]:
        st.markdown("**Functieprofielen**")
        if carving is None or not carving.functions:
            st.caption("Nog geen functies.")
        else:
            # Generated only when clicked (deferred): profiles take a few tenths of a second.
            st.download_button("Functieprofielen (Excel)",
                               data=lambda: profiles_xlsx(carving),
                               file_name=f"functieprofielen-{today}.xlsx", on_click="ignore",
                               mime="application/vnd.openxmlformats-officedocument."
                                    "spreadsheetml.sheet", key="dl_profiles_xlsx",
                               icon=":material/download:")
            st.download_button("Functieprofielen (Word)",
                               data=lambda: profiles_docx(carving),
                               file_name=f"functieprofielen-{today}.docx", on_click="ignore",
                               mime="application/vnd.openxmlformats-officedocument."
                                    "wordprocessingml.document", key="dl_profiles_docx",
                               icon=":material/download:", type="primary")
            st.download_button("Functieprofielen (Markdown)",
                               data=lambda: profiles_markdown(carving),
                               file_name=f"functieprofielen-{today}.md", mime="text/markdown",
                               on_click="ignore", key="dl_profiles_md",
                               icon=":material/download:")
        st.markdown("**Shortlist voor het WSP**")
        pool = state["pool"]
        weights = None
        if carving is None or not carving.functions or pool is None:
            st.caption("Nodig: functies en kandidaten.")
        else:
            try:
                weights = app_state.weights_from_state(state)
            except matcher.InputError:
                st.caption("Zet op de pagina Matching minstens één gewicht boven 0.")
            if weights is not None:
                result = app_state.match_results(state, weights)
                # deferred downloads run outside the script: no session state inside them
                about = ("De tien beste kandidaten per functie met score; woongebied, niveau "
                         "en uren zo grof gemaakt dat elke combinatie bij minstens 5 "
                         "kandidaten voorkomt (kolom 'grover gemaakt'); geen uitleg per "
                         "kandidaat.")
                st.download_button(
                    "WSP-shortlist (Excel, alleen pseudoniemen)",
                    data=lambda: wsp_shortlist_xlsx(carving, result.shortlist, pool),
                    file_name=f"wsp-shortlist-{today}.xlsx", mime=XLSX, on_click="ignore",
                    key="dl_shortlist_xlsx", icon=":material/download:", help=about)
                st.download_button(
                    "WSP-shortlist (CSV, alleen pseudoniemen)",
                    data=lambda: wsp_shortlist_csv(carving, result.shortlist, pool),
                    file_name=f"wsp-shortlist-{today}.csv", mime="text/csv", on_click="ignore",
                    key="dl_shortlist", icon=":material/download:",
                    help=about + " Puntkomma's en decimale komma's, voor Nederlandse Excel.")
                st.markdown("**Toewijzing**")
                st.download_button(
                    "Toewijzing (Excel, alleen pseudoniemen)",
                    data=lambda: xlsx_bytes({"toewijzing": app_tables.assignment_table(
                        result.assignment, carving)}),
                    file_name=f"toewijzing-{today}.xlsx", mime=XLSX, on_click="ignore",
                    key="dl_assignment_xlsx", icon=":material/download:",
                    help="Per functie de kandidaat van de beste toewijzing, met score.")
    with cols[1]:
        st.markdown("**Sessieverslag**")
        if carving is None:
            st.caption("Nog geen functies.")
        else:
            pairs = None
            weights_used = None
            if state["pool"] is not None and carving.functions:
                try:
                    weights_used = app_state.weights_from_state(state)
                    pairs = app_state.match_results(state, weights_used).assignment.pairs
                except matcher.InputError:
                    pairs = None
            filled = (app_state.quota_result(state, if_filled=True)
                      if quota is not None else None)
            summary = summary_markdown(
                carving, source=state["source"], fta_target=float(state["fta_target"]) or None,
                site_targets=state["site_targets"], assignment_pairs=pairs,
                quota_result=quota, quota_if_filled=filled, weights=weights_used,
                scope=state["carve_scope_used"], date=today, task_pins=state["task_pins"])
            st.download_button("Sessieverslag (Markdown)", data=summary,
                               file_name=f"sessieverslag-{today}.md", mime="text/markdown",
                               on_click="ignore", key="dl_summary", type="primary",
                               icon=":material/download:")
        st.markdown("**Sessiebestand**")
        st.checkbox("Kandidaatgegevens meenemen in het sessiebestand", key="include_candidates",
                    help="Standaard niet: het bestand wordt vaak gedeeld. De profielen zijn "
                         "pseudoniem maar blijven gegevens van anderen.")
        data = dump_session(app_state.current_session(state),
                                     include_candidates=bool(state["include_candidates"]))
        st.download_button("Sessiebestand (JSON)", data=data,
                           file_name=f"matcher-sessie-{today}.json", mime="application/json",
                           on_click="ignore", key="dl_session", icon=":material/download:",
                           help="Open het later weer op de pagina Start.")


def render() -> None:
    """The page."""
    st.title("Rapport")
    inventory = state["inventory"]
    if not ui.loaded(inventory, "taken"):
        return
    carving = state["carving"]
    if carving is None:
        st.info("Er zijn nog geen functies: maak ze op de pagina Functies. De quotumcalculator "
                "en het sessiebestand werken al wel.")
        st.page_link("app_pages/functies.py", label="Naar Functies", icon=":material/work:")
    else:
        fta_section(carving)
    quota = quota_section(carving)
    downloads(carving, quota)


render()
