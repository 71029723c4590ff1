"""Functies: carve the inventory into functions of about 25.5 hours; lock, move, re-carve."""

import streamlit as st

import app_charts
import app_state
import app_tables
import matcher
import ui
from matcher.carving import needs_relaxing
from matcher.outputs.grid import day_frame, week_blocks
from matcher.text.format import format_days, format_time, nl_number

state = ui.state


def params_form() -> tuple[matcher.CarveParams, str] | None:
    """The carving settings; returns params and scope when the user asks for a carving."""
    with st.form("carve_form"):
        cols = st.columns(6)
        good = [ui.decimal_input(cols[0], "Doel-uren per functie", "carve_target", low=1.0,
                                 high=40.0, help="25,5 uur is één baan (fta)."),
                ui.decimal_input(cols[1], "Minimum uren", "carve_min", low=1.0, high=40.0),
                ui.decimal_input(cols[2], "Maximum uren", "carve_max", low=1.0, high=40.0)]
        cols[3].number_input("Max. gebieden per functie", min_value=1, max_value=4, step=1,
                             key="carve_max_areas")
        cols[4].number_input("Max. locaties per functie", min_value=1, max_value=10, step=1,
                             key="carve_max_sites",
                             help="Geldt bij indeling over het hele bestuur.")
        cols[5].number_input("Max. niveauverschil", min_value=0, max_value=3, step=1,
                             key="carve_level_spread",
                             help="Hoe ver de niveaus (1-4) van de taken in één functie uit "
                                  "elkaar mogen liggen.")
        good.append(week_settings())
        left, right = st.columns([3, 2])
        left.radio("Indeling", options=list(app_tables.SCOPE_LABELS),
                   format_func=app_tables.SCOPE_LABELS.__getitem__, key="carve_scope",
                   horizontal=True)
        right.selectbox("Snelheid", options=list(app_tables.METHOD_LABELS),
                        format_func=app_tables.METHOD_LABELS.__getitem__, key="carve_method",
                        help="Snel: binnen seconden, voor tijdens de bijeenkomst. Grondig: "
                             "zoekt langer naar een betere indeling (tot een minuut).")
        submitted = st.form_submit_button("Functies maken", key="carve", type="primary",
                                          help="Vastgezette functies blijven staan; de "
                                               "andere taken worden opnieuw ingedeeld.")
    if not submitted:
        return None
    if None in good:
        st.error("Niet gemaakt: verbeter eerst de getallen die hierboven rood gemeld zijn.")
        return None
    try:
        return app_state.carve_params(state), str(state["carve_scope"])
    except matcher.ParamError as error:  # every wrong field, by its label
        st.error("Deze instellingen kloppen niet: " + app_tables.carve_problems_nl(error))
        return None


def week_settings() -> float | None:
    """The rules of a workable week (inside the carving form); ``None`` when its one decimal
    field does not hold a number (see :func:`ui.decimal_input`)."""
    with st.expander("Werkbare week: schooltijden, pauzes en vaste gewoonten"):
        st.caption("Flexibel werk valt binnen de openingstijden; werk met leerlingen binnen de "
                   "leerlingtijden. Een locatie met eigen tijden in het locatiebestand houdt "
                   "die. Een werkdag van meer dan 5,5 uur krijgt een pauze van 30 minuten "
                   "(Arbeidstijdenwet); pauze en reistijd zijn geen betaalde uren.")
        times = st.columns(4)
        times[0].time_input("Open van", step=900, key="carve_open_from")
        times[1].time_input("Open tot", step=900, key="carve_open_until")
        times[2].time_input("Leerlingen van", step=900, key="carve_pupils_from")
        times[3].time_input("Leerlingen tot", step=900, key="carve_pupils_until")
        cols = st.columns(5)
        cols[0].number_input("Locatiewissels per dag", min_value=0, max_value=4, step=1,
                             key="carve_site_changes",
                             help="Hoe vaak iemand op een werkdag naar een andere locatie "
                                  "gaat. 1: hooguit één verplaatsing per dag.")
        cols[1].number_input("Kortste blok (minuten)", min_value=0, max_value=120, step=15,
                             key="carve_min_piece",
                             help="Flexibel werk komt in blokken van minstens zo lang; een "
                                  "kortere taak in één blok.")
        min_day = ui.decimal_input(cols[2], "Minimum uren per werkdag", "carve_min_day",
                                   low=0.0, high=8.0,
                                   help="Een werkdag met minder werk is geen echte werkdag.")
        cols[3].number_input("Max. wachttijd per dag (min.)", min_value=0, max_value=240,
                             step=15, key="carve_max_idle",
                             help="Tijd zonder werk tussen het eerste en laatste blok, "
                                  "naast pauze en reistijd.")
        cols[4].number_input("Verschil in begintijd (min.)", min_value=0, max_value=480,
                             step=15, key="carve_start_spread",
                             help="Zachte regel: de begintijden van de werkdagen liggen "
                                  "liefst niet verder uit elkaar; meer kost punten en geeft "
                                  "een waarschuwing.")
        st.checkbox("Taken per dag over functies verdelen", key="carve_split_days",
                    help="Een taak op meer dagen mag op verschillende dagen in verschillende "
                         "functies: handig voor een bestuur waarvan de scholen hetzelfde "
                         "rooster hebben.")
    return min_day


def run_carve(params: matcher.CarveParams, scope: str) -> None:
    """Carve (keeping locks, pins and agreements); the outcome lands in carve_message."""
    with st.spinner("Functies worden gemaakt…"):
        app_state.carve_now(state, params, scope)
    carving = state["carving"]
    if carving is not None and needs_relaxing(carving):
        find_relaxations()


def find_relaxations() -> None:
    """Try the looser rules, with a line per rule as it goes."""
    with st.status("Weinig ingedeeld: ruimere regels worden geprobeerd…",
                   expanded=True) as box:
        def progress(done: int, total: int, label: str) -> None:
            if label:
                box.write(f"{done + 1} van {total}: {label}")
        app_state.relax_now(state, progress)
        box.update(label="Ruimere regels geprobeerd", state="complete", expanded=False)


def summary_bar(carving: matcher.Carving) -> None:
    """Headline numbers and the fta created against the board's target."""
    s = carving.summary()
    created = app_tables.created_fta(carving)
    cols = st.columns([1, 1, 1, 1, 1.4])
    cols[0].metric("Functies", s["functions"],
                   help=f"waarvan {sum(f.locked for f in carving.functions)} vastgezet")
    cols[1].metric("Uren gesneden", nl_number(s["carved_hours"]),
                   help=f"van {nl_number(s['inventory_hours'])} uur in de inventaris")
    cols[2].metric("Banen (fta)", nl_number(created, 2), help=app_tables.FTA_HELP)
    cols[3].metric("Samenhang", nl_number(s["mean_coherence"], 2),
                   help="Hoe goed de taken van een functie bij elkaar horen, van 0 tot 1: "
                        "hoger als ze in hetzelfde gebied, op hetzelfde niveau en op dezelfde "
                        "locatie liggen. Gemiddelde over de functies.")
    ui.decimal_input(cols[4], "Doel van het bestuur (banen)", "fta_target", low=0.0,
                     high=1000.0, help=app_tables.TARGET_HELP)
    target = float(state["fta_target"])
    if target > 0:
        share = created / target
        text = (f"Voorgesteld: {nl_number(created, 2)} van "
                f"{nl_number(target, 2)} fta ({nl_number(100 * share, 0)}% van het doel, als "
                "de functies vervuld worden)")
        st.progress(min(1.0, share), text=text)
    else:
        st.caption("Geen doel ingevuld: vul het doel van het bestuur in (in banen van 25,5 "
                   "uur) om de voorgestelde functies ermee te vergelijken.")


def actions(carving: matcher.Carving) -> None:
    """Re-carve the rest and unlock all (moving and pinning are below the functions)."""
    locked = sum(f.locked for f in carving.functions)
    cols = st.columns([1.3, 1, 3])
    if cols[0].button("Overige opnieuw maken", key="recarve", icon=":material/refresh:",
                      help="Houdt de vastgezette functies en deelt de andere taken opnieuw in."):
        run_carve(carving.params, state["carve_scope_used"])
        st.rerun()
    if cols[1].button("Alles loslaten", key="unlock_all", disabled=locked == 0,
                      icon=":material/lock_open:"):
        app_state.unlock_all(state)
        st.rerun()
    cols[2].caption(f"{locked} van {len(carving.functions)} functies vastgezet. Vastgezette "
                    "functies blijven bij opnieuw maken precies zoals ze zijn.")


def edit_forms(carving: matcher.Carving) -> None:
    """Move a task to another function, and pin a task to a function.

    The forms' keys carry the carving's version, so after every carve, move or lock they
    show the functions as they are now (never the labels of an earlier carving).
    """
    v = state["carving_version"]
    options = app_tables.task_options(carving)
    targets = {f.function_id: f"{f.function_id} – {f.title}" for f in carving.functions}
    with st.form(f"move_form_{v}", border=True):
        st.markdown("**Taak verplaatsen**")
        left, right, button = st.columns([3, 2, 1], vertical_alignment="bottom")
        task = left.selectbox("Taak", options=list(options), format_func=options.__getitem__,
                              key=f"move_task_{v}")
        target = right.selectbox("Naar functie", options=list(targets),
                                 format_func=targets.__getitem__, key=f"move_target_{v}")
        moved = button.form_submit_button("Verplaatsen", key=f"move_{v}")
        st.caption("De functie die de taak krijgt wordt vastgezet; de functie waar de taak "
                   "uit komt wordt losgelaten.")
    if moved and task is not None and target is not None:
        app_state.move_task(state, task, target)
        st.rerun()
    pins_section(carving, options, targets)


def pins_section(carving: matcher.Carving, options: dict[str, str],
                 targets: dict[str, str]) -> None:
    """Pin a task to a function (it stays there after re-carving), and the pins so far."""
    v = state["carving_version"]
    with st.form(f"pin_form_{v}", border=True):
        st.markdown("**Taak vastpinnen aan een functie**")
        left, right, button = st.columns([3, 2, 1], vertical_alignment="bottom")
        task = left.selectbox("Taak om vast te pinnen", options=list(options),
                              format_func=options.__getitem__, key=f"pin_task_{v}")
        target = right.selectbox("Aan functie", options=list(targets),
                                 format_func=targets.__getitem__, key=f"pin_target_{v}")
        pinned = button.form_submit_button("Vastpinnen", key=f"pin_{v}")
        st.caption("Een vastgepinde taak blijft bij opnieuw maken in deze functie (herkend aan "
                   "haar grootste taak), ook als de rest van de functie verandert. De functie "
                   "wordt niet vastgezet.")
    if pinned and task is not None and target is not None:
        app_state.pin_task(state, task, target)
        st.rerun()
    pins = state["task_pins"]
    if not pins:
        return
    st.markdown(f"**Vastgepinde taken ({len(pins)})**")
    ui.table(app_tables.task_pins_table(carving, pins, carving.inventory))
    pinned_ids = [t for t, _ in pins]
    app_state.ensure_option(state, "unpin_task", pinned_ids)
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    left.selectbox("Pin losmaken van taak", options=pinned_ids, key="unpin_task")
    if right.button("Pin losmaken", key="unpin", icon=":material/push_pin:"):
        app_state.unpin_task(state, state["unpin_task"])
        st.rerun()


def toggle_lock(function_id: str) -> None:
    """Callback of a card's lock checkbox."""
    app_state.set_lock(state, function_id, bool(state[f"lock_{function_id}"]))


def week_line(function: matcher.Function) -> str:
    """The workability of a function's week in one Dutch line."""
    w = function.workability
    changes = w["site_changes_max_day"]
    moves = ("steeds op één locatie per dag" if changes == 0 else
             f"hooguit {changes} locatiewissel{'s' if changes > 1 else ''} per dag")
    parts = [f"Werkweek: {format_time(w['first_start'])}-{format_time(w['last_end'])}", moves,
             f"begintijden verschillen hooguit {w['start_spread']} minuten"]
    if w["break_week"]:
        parts.append(f"pauze {nl_number(w['break_week'] / 60, 2, strip=True)} u per week")
    if w["travel_week"]:
        parts.append(f"reistijd {nl_number(w['travel_week'] / 60, 2, strip=True)} u per week")
    if w["idle_week"]:
        parts.append(f"wachttijd {w['idle_week']} minuten per week")
    if w["shortest_piece"]:
        parts.append(f"kortste blok {w['shortest_piece']} minuten")
    return " · ".join(parts) + "."


def relaxations_section(carving: matcher.Carving) -> None:
    """When little could be carved: what looser rules would give, with a button each."""
    s = carving.summary()
    share = float(s["carved_share_of_carvable"])
    if not needs_relaxing(carving):
        return
    st.header("Wat zou helpen?")
    st.markdown(f"Er is {nl_number(share * 100, 0)}% van de overdraagbare uren in een functie "
                "geplaatst. Met één regel ruimer (de rest blijft gelijk, elke week blijft "
                "werkbaar) zou dit eruit komen:")
    found = state["relaxations"]
    if not found:
        if st.button("Bereken wat helpt", key="relax", icon=":material/lightbulb:"):
            find_relaxations()
            st.rerun()
        return
    for k, relaxation in enumerate(found):
        left, right = st.columns([5, 1], vertical_alignment="center")
        left.markdown(f"- {relaxation.text()}")
        if right.button("Toepassen", key=f"relax_apply_{k}", disabled=not relaxation.helps,
                        help="Neemt deze regel over in de instellingen en maakt de functies "
                             "opnieuw (vanaf de huidige functies)."):
            with st.spinner("Functies worden gemaakt…"):
                app_state.apply_relaxation(state, relaxation)
            st.rerun()


def function_card(function: matcher.Function, inventory: matcher.Inventory) -> None:
    """One function: facts, lock, warnings; the weekly schedule and tasks in an expander."""
    with st.container(border=True):
        status = "vastgezet" if function.locked else "los"
        head, lock = st.columns([4, 1], vertical_alignment="center")
        head.markdown(f"### {function.function_id} – {function.title}")
        key = f"lock_{function.function_id}"
        state[key] = function.locked  # the carving is the truth (ids change after re-carving)
        lock.checkbox(f"{function.function_id} vastzetten", key=key, on_change=toggle_lock,
                      args=(function.function_id,),
                      help="Een vastgezette functie blijft bij opnieuw maken zoals ze is.")
        cols = st.columns(6)
        cols[0].markdown(f"**Uren per week**  \n{nl_number(function.hours)}")
        cols[1].markdown(f"**fta**  \n{nl_number(function.fta, 2)}")
        cols[2].markdown(f"**Niveau**  \n{app_tables.level_nl(function.level)}")
        cols[3].markdown(f"**Dagen**  \n{format_days(function.days)}")
        cols[4].markdown(f"**Gebieden**  \n{app_tables.area_nl(function.areas)}")
        cols[5].markdown(f"**Status**  \n{'🔒 ' if function.locked else ''}{status}")
        roles = "; ".join(f"{role} {nl_number(hours)} u"
                          for role, hours in function.hours_by_role.items())
        pinned = [t for t, _ in state["task_pins"] if t in function.task_ids]
        if pinned:
            st.markdown(f"📌 Vastgepind in deze functie: {', '.join(pinned)}")
        st.caption(f"Locaties: {app_tables.site_names(inventory, function.sites)} · langste dag "
                   f"{nl_number(function.max_day_hours)} u · samenhang "
                   f"{nl_number(function.coherence, 2)} · neemt werk over van: "
                   f"{roles}.")
        st.caption(week_line(function))
        for warning in function.warnings:
            st.warning(f"Let op: {warning}", icon=":material/warning:")
        blocks = week_blocks(function, inventory.sites)
        specs = state.setdefault("week_specs", {})
        week = (function.function_id, tuple(blocks.itertuples(index=False, name=None)))
        if week not in specs:
            if len(specs) > 200:
                specs.clear()
            specs[week] = app_charts.week_spec(blocks)
        st.vega_lite_chart(specs[week], width="stretch",
                           alt=app_charts.week_alt(function.function_id, blocks))
        with st.expander(f"Week als tekst en de {len(function.tasks)} taken van "
                         f"{function.function_id}"):
            ui.table(day_frame(function, inventory.sites),
                     column_config={"blokken": st.column_config.TextColumn(
                         "blokken", width="large")})
            ui.table(app_tables.function_tasks_table(function, inventory))


def render() -> None:
    """The page."""
    st.title("Functies")
    inventory = state["inventory"]
    if not ui.loaded(inventory, "taken"):
        return
    st.markdown("matcher deelt de taken in functies van ongeveer 25,5 uur per week in, met een "
                "werkbare week: binnen de schooltijden, hooguit één locatiewissel per dag, "
                "blokken van minstens een half uur, de wettelijke pauze en vaste begintijden. "
                "Zet functies vast die het team goed vindt, verplaats taken en maak de rest "
                "opnieuw.")
    with st.expander("Instellingen en functies maken", expanded=state["carving"] is None):
        request = params_form()
    if request is not None:
        run_carve(*request)
    ui.show_once(state, "carve_message")
    if state["tasks_changed"]:
        st.info("De taken zijn gewijzigd: maak de functies opnieuw. Vastgezette functies "
                "blijven staan.")
    carving = state["carving"]
    if carving is None:
        st.info("Kies de instellingen en klik op 'Functies maken'.")
        if state["locks"]:
            st.caption(f"{len(state['locks'])} vastgezette functie(s) blijven staan bij 'Functies "
                       "maken'.")
            if st.button("Vastgezette functies loslaten", key="unlock_pending"):
                app_state.unlock_all(state)
                st.rerun()
        return

    summary_bar(carving)
    relaxations_section(carving)
    actions(carving)
    st.header("Functies")
    if not carving.functions:
        st.warning("Er is geen functie gevonden. Bij elke taak hieronder staat de regel die "
                   "haar tegenhoudt; 'Wat zou helpen?' hierboven laat zien wat ruimere regels "
                   "opleveren.")
    for function in carving.functions:
        function_card(function, inventory)
    if carving.functions:
        st.header("Taken verplaatsen of vastpinnen")
        edit_forms(carving)

    st.header("Niet geplaatste taken")
    unplaced = app_tables.unplaced_table(carving)
    if unplaced.empty:
        st.success("Alle taken zijn in een functie geplaatst.")
    else:
        hours = nl_number(float(unplaced["uren per week"].sum()))
        st.caption(f"{len(unplaced)} taken ({hours} uur per week) zitten in geen enkele functie. "
                   "De reden staat erbij. Verplaats een taak hierboven om haar toch te "
                   "plaatsen.")
    ui.table(unplaced,
             column_config={"reden": st.column_config.TextColumn("reden", width="large")})
    ui.next_step("app_pages/functies.py", "de kandidatenpool bekijken")


render()
