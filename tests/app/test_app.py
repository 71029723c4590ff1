"""Tests of the Streamlit app: every page renders headless (AppTest) and agrees with the library.

One test carves through the UI; the others put the library's carving of the vo demo (with
the app's default settings) into the session state, so the suite stays fast.
"""

import importlib
import io
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import matcher
import matcher.session as msession
import matcher.session.workspace as workspace_module
from matcher import quota as mquota
from matcher.geo import pc4_table
from matcher.matching.explore import filter_pool
from matcher.outputs.privacy import pc4_points
from matcher.outputs.template import template_xlsx
from matcher.outputs.wsp import wsp_shortlist_csv
from matcher.text.format import nl_number

APP = str(Path(__file__).resolve().parents[2] / "app" / "streamlit_app.py")
PROBLEM_COLUMNS = ["bestand", "rij", "kolom", "probleem", "waarde"]
ASSIGNMENT_COLUMNS = ["functie", "titel", "kandidaat", "score"]


def app_tables() -> ModuleType:
    """The app's tables module (imported from app/, like app_state)."""
    app_state()
    return importlib.import_module("app_tables")


def app_state() -> ModuleType:
    """The app's helper module, imported the way the app imports it (from app/)."""
    app_dir = str(Path(APP).parent)
    if app_dir not in sys.path:
        sys.path.insert(0, app_dir)
    return importlib.import_module("app_state")


def table(at: AppTest, columns: list[str]) -> pd.DataFrame:
    """The first rendered dataframe whose columns start with ``columns``."""
    for frame in at.dataframe:
        if list(frame.value.columns[: len(columns)]) == columns:
            return frame.value
    raise AssertionError(f"no table with columns {columns}")


def metrics(at: AppTest) -> dict[str, str]:
    """Rendered metrics as label -> value."""
    return {m.label: m.value for m in at.metric}


def texts(elements: Any) -> list[str]:
    """The values of alert elements (success, info, warning, error)."""
    return [e.value for e in elements]


def new_app() -> AppTest:
    """An app that has not run yet."""
    return AppTest.from_file(APP, default_timeout=120)


def loaded_app(demo: str = "vo") -> AppTest:
    """An app on the Start page with a demo loaded."""
    at = new_app().run()
    at.selectbox(key="demo_choice").set_value(demo).run()
    at.button(key="load_demo").click().run()
    assert not at.exception
    return at


@pytest.fixture(scope="module")
def library_vo() -> tuple[matcher.Inventory, matcher.Carving, matcher.Pool]:
    """The vo demo carved by the library itself, with the app's default settings."""
    files = matcher.demo_files("vo")
    inventory = matcher.load_tasks(files.tasks, files.sites)
    defaults = dict(app_state().WIDGET_DEFAULTS)
    params = app_state().carve_params(defaults)
    carving = matcher.carve(inventory, params, solver=app_state().solver_params(defaults))
    return inventory, carving, matcher.load_candidates(files.candidates)


def carved_app(library_vo: tuple[matcher.Inventory, matcher.Carving, matcher.Pool],
               page: str = "functies") -> AppTest:
    """An app with the vo demo and its carving in the session state, on ``page``."""
    inventory, carving, pool = library_vo
    at = new_app()
    at.session_state["inventory"] = inventory
    at.session_state["pool"] = pool
    at.session_state["carving"] = carving
    at.session_state["source"] = "demo (test)"
    at.run()
    at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception
    return at


def versioned(at: AppTest, key: str) -> str:
    """The key of a form widget that acts on the current carving (``move_task_3``)."""
    return f"{key}_{at.session_state['carving_version']}"


def test_start_page_runs() -> None:
    """The app starts on the Start page with the demo, upload, template and session controls."""
    at = new_app().run()
    assert not at.exception
    assert at.title[0].value == "matcher – functiecreatie"
    assert at.button(key="load_demo").label == "Demo laden"
    assert at.button(key="open_session").label == "Sessie openen"
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Excel-sjabloon downloaden (taken, locaties, kandidaten)" in labels
    assert at.session_state["inventory"] is None


def test_load_demo_and_taken_totals(library_vo) -> None:
    """Loading the vo demo fills the session state; Taken shows the editor and the totals."""
    inventory, _, pool = library_vo
    at = loaded_app("vo")
    assert len(at.session_state["inventory"].tasks) == len(inventory.tasks)
    assert metrics(at)["Aantal taken"] == str(len(inventory.tasks))
    assert metrics(at)["Kandidaten"] == str(len(pool))
    assert at.session_state["fta_target"] == app_state().DEMO_TARGETS["vo"]
    at.switch_page("app_pages/taken.py").run()
    assert not at.exception
    for by in ("gebied", "huidige uitvoerder", "locatie"):
        totals = table(at, [by, "taken", "uren per week", "fta"])
        assert totals["uren per week"].sum() == pytest.approx(inventory.total_hours, abs=0.05)
        assert totals["taken"].sum() == len(inventory.tasks)
    editor = at.data_editor[0]
    assert editor.editing_mode == "dynamic"
    assert len(editor.value) == len(inventory.tasks)
    assert list(editor.value.columns[:2]) == ["taak_id", "omschrijving"]


def test_taken_edit_is_revalidated(library_vo) -> None:
    """An invalid edit shows a problems table and keeps the inventory; a valid one applies."""
    inventory, _, _ = library_vo
    at = loaded_app("vo")
    at.switch_page("app_pages/taken.py").run()
    key = f"tasks_editor_{at.session_state['tasks_version']}"
    fixed = next(k for k, t in enumerate(inventory.tasks) if t.fixed)
    flexible = next(k for k, t in enumerate(inventory.tasks) if not t.fixed and t.carvable)
    hours = inventory.tasks[flexible].hours
    # a fixed-time task whose hours no longer equal days x (end - start): refused
    at.session_state[key] = {"edited_rows": {fixed: {"uren_per_week": 39.0}},
                             "added_rows": [], "deleted_rows": []}
    at.run()
    assert not at.exception
    problems = table(at, ["rij", "kolom", "probleem", "waarde"])
    assert list(problems["rij"]) == [fixed + 1]
    assert problems["probleem"].iloc[0].startswith("de uren per week moeten")  # Dutch
    assert at.session_state["inventory"].tasks[fixed].hours == inventory.tasks[fixed].hours
    assert any("niet overgenomen" in e for e in texts(at.error))
    # fix it, change a flexible task's hours and mark it not carvable: applied
    at.session_state[key] = {"edited_rows": {flexible: {"uren_per_week": hours + 1.0,
                                                        "carveerbaar": False}},
                             "added_rows": [], "deleted_rows": []}
    at.run()
    assert not at.exception
    edited = at.session_state["inventory"].tasks[flexible]
    assert edited.hours == pytest.approx(hours + 1.0)
    assert not edited.carvable
    assert metrics(at)["Uren per week"] == nl_number(inventory.total_hours + 1.0)
    assert not [e for e in texts(at.error) if "niet overgenomen" in e]


def test_functies_carve_shows_functions(library_vo) -> None:
    """'Functies maken' carves like the library and shows cards, the target bar and leftovers."""
    _, carving, _ = library_vo
    at = loaded_app("vo")
    at.switch_page("app_pages/functies.py").run()
    at.button(key="carve").click().run()
    assert not at.exception
    shown = at.session_state["carving"]
    assert [f.task_ids for f in shown.functions] == [f.task_ids for f in carving.functions]
    assert metrics(at)["Functies"] == str(len(carving.functions))
    assert {"Uren gesneden", "Banen (fta)", "Samenhang"} <= set(metrics(at))
    headings = [m.value for m in at.markdown if m.value.startswith("### F")]
    assert [h[4:7] for h in headings] == [f.function_id for f in carving.functions]
    created = app_tables().created_fta(carving)
    assert at.get("progress")[0].proto.text.startswith(
        f"Voorgesteld: {nl_number(created, 2)} van 5,90 fta")
    assert "als de functies vervuld worden" in at.get("progress")[0].proto.text
    unplaced = table(at, ["taak", "omschrijving", "gebied", "uren per week", "reden"])
    assert len(unplaced) == carving.summary()["unplaced_tasks"]


def test_number_fields_speak_dutch() -> None:
    """The decimal fields show 25,5 (not 25.50), read 12,5 and 12.5 alike, and refuse a
    word or a number out of range with a Dutch message, without carving on it."""
    at = loaded_app("vo")
    at.switch_page("app_pages/functies.py").run()
    assert at.text_input(key="carve_target__nl").value == "25,5"
    at.text_input(key="carve_target__nl").set_value("20,5")
    at.text_input(key="carve_min__nl").set_value("12.5")
    at.button(key="carve").click().run()
    assert not at.exception and not at.error
    assert at.session_state["carve_target"] == 20.5 and at.session_state["carve_min"] == 12.5
    assert at.session_state["carving"] is not None
    assert at.text_input(key="fta_target__nl").value == nl_number(
        at.session_state["fta_target"], 2, strip=True)
    before = at.session_state["carving"]
    at.text_input(key="carve_max__nl").set_value("dertig")
    at.text_input(key="carve_min__nl").set_value("50")
    at.button(key="carve").click().run()
    shown = texts(at.error)
    assert "Maximum uren: 'dertig' is geen getal. Schrijf bijvoorbeeld 30." in shown
    assert "Minimum uren: 50 ligt niet tussen 1 en 40." in shown
    assert any(t.startswith("Niet gemaakt") for t in shown)
    assert at.session_state["carving"] is before  # nothing carved on a wrong number
    assert at.session_state["carve_min"] == 12.5  # the last good value is kept


def test_functies_per_site() -> None:
    """Per site, on the po board: every function works at one school."""
    at = loaded_app("po")
    at.switch_page("app_pages/functies.py").run()
    at.text_input(key="carve_min__nl").set_value("8")
    at.text_input(key="carve_target__nl").set_value("12")
    at.text_input(key="carve_max__nl").set_value("16")
    at.radio(key="carve_scope").set_value("site")
    at.button(key="carve").click().run()
    assert not at.exception
    carving = at.session_state["carving"]
    assert carving.functions and all(len(f.sites) == 1 for f in carving.functions)
    assert at.session_state["carve_scope_used"] == "site"


def test_functies_around_the_pool() -> None:
    """Around the candidates, on the po board: the chosen variant places more people."""
    at = loaded_app("po")
    at.switch_page("app_pages/functies.py").run()
    at.radio(key="carve_scope").set_value("around")
    at.button(key="carve").click().run()
    assert not at.exception
    assert at.session_state["around_label"] not in (None, "standaard")
    assert at.session_state["carving"].summary()["functions"] > 3  # 3 when carved first
    assert any("gekozen variant" in s.value for s in at.success)


@pytest.fixture
def carves(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every carving the app starts (the session's carve, counted, as the number of groups
    it keeps locked): a step that must answer at once carves nothing, or only the tasks
    outside the functions it keeps, which is what makes it quick on any machine."""
    import matcher.session.scope as scope

    calls: list[int] = []
    real_carve = scope.carve

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(len(kwargs.get("locked") or ()))  # type: ignore[arg-type]
        return real_carve(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(scope, "carve", counted)
    return calls


def test_lock_move_and_recarve(library_vo, carves) -> None:
    """Lock a function, move a task (target locked, source unlocked), re-carve the rest.

    Locking answers at once (no carving); a move carves only the unplaced tasks (every
    function kept); the re-carve is the user's step.
    """
    inventory, carving, _ = library_vo
    at = carved_app(library_vo)
    first = carving.functions[0]
    at.checkbox(key=f"lock_{first.function_id}").check().run()
    assert not at.exception
    assert at.session_state["locks"] == (first.task_ids,)
    assert at.session_state["carving"].functions[0].locked
    assert not carves

    # move a flexible task of F03 into F02 (any pair whose week still works)
    state_carving = at.session_state["carving"]
    moved = None
    for task_id in state_carving.functions[2].task_ids:
        if not inventory.task(task_id).fixed:
            moved = task_id
            break
    assert moved is not None
    target = state_carving.functions[1]
    at.selectbox(key=versioned(at, "move_task")).set_value(moved)
    at.selectbox(key=versioned(at, "move_target")).set_value(target.function_id)
    at.button(key=versioned(at, "move")).click().run()
    assert not at.exception
    after = at.session_state["carving"]
    owner = {t: f for f in after.functions for t in f.task_ids}
    assert owner[moved].task_ids == tuple(sorted(
        (*target.task_ids, moved), key=[t.task_id for t in inventory.tasks].index))
    assert owner[moved].locked
    source = next(f for f in after.functions
                  if set(f.task_ids) == set(state_carving.functions[2].task_ids) - {moved})
    assert not source.locked
    assert len(after.functions) == len(carving.functions)
    assert carves == [len(carving.functions)]  # every function kept: only the rest carved

    # re-carve the rest: both locked functions stay exactly, first in order
    locks = at.session_state["locks"]
    at.button(key="recarve").click().run()
    assert not at.exception
    assert carves[1:] == [len(locks)]  # the re-carve keeps only the locked functions
    recarved = at.session_state["carving"]
    assert [f.task_ids for f in recarved.functions[: len(locks)]] == list(locks)
    assert all(f.locked for f in recarved.functions[: len(locks)])
    assert not any(f.locked for f in recarved.functions[len(locks):])
    # the move form shows the functions of this carving, not those of the one before
    shown = at.selectbox(key=versioned(at, "move_target")).options
    assert shown == [f"{f.function_id} – {f.title}" for f in recarved.functions]


def test_move_that_breaks_the_week_changes_nothing(library_vo) -> None:
    """A move into a function whose week would overlap is refused with a Dutch message."""
    inventory, carving, _ = library_vo
    at = carved_app(library_vo)
    clash = None
    for f in carving.functions:
        for g in carving.functions:
            if f is g:
                continue
            for task_id in f.task_ids:
                try:
                    msession.rebuild(inventory, carving.params, msession.move_task(
                        msession.groups_of(carving), (), task_id,
                        carving.functions.index(g))[0])
                except matcher.InputError:
                    clash = (task_id, g.function_id)
                    break
            if clash:
                break
        if clash:
            break
    assert clash is not None
    at.selectbox(key=versioned(at, "move_task")).set_value(clash[0])
    at.selectbox(key=versioned(at, "move_target")).set_value(clash[1])
    at.button(key=versioned(at, "move")).click().run()
    assert not at.exception
    assert any("Er is niets veranderd" in e for e in texts(at.error))
    assert msession.groups_of(at.session_state["carving"]) == msession.groups_of(carving)


def test_kandidaten_map_and_filters(library_vo) -> None:
    """The pool page shows PC4 counts (never finer) and filters like the library helper."""
    inventory, _, pool = library_vo
    at = carved_app(library_vo, "kandidaten")
    assert metrics(at)["Aantal profielen"] == str(len(pool))
    charts = at.get("vega_lite_chart")  # the offline map (no map tiles, no deck.gl)
    assert charts and not at.get("deck_gl_json_chart")
    assert "postcodegebieden" in charts[0].proto.alt
    points = table(at, ["pc4", "plaats", "kandidaten"])
    assert set(points["pc4"]) <= set(pool.frame["pc4"])
    at.slider(key="f_max_km").set_value(10)
    at.multiselect(key="f_days").set_value([0, 2])
    at.checkbox(key="f_unknown").uncheck().run()
    assert not at.exception
    site = inventory.sites.ids[0]
    expected = filter_pool(pool, inventory.sites, site, 10, (0, 40), [], [0, 2],
                                       False)
    assert metrics(at)["Profielen binnen de filters"] == f"{len(expected)} van {len(pool)}"
    assert table(at, ["pc4", "plaats", "kandidaten"])["kandidaten"].sum() == len(expected)
    assert len(table(at, ["veld", "bekend", "onbekend", "% bekend"])) == len(pool.coverage())


def test_matching_assignment_matches_library(library_vo) -> None:
    """The Matching page shows exactly the library's optimal assignment for the vo demo."""
    inventory, carving, pool = library_vo
    expected = matcher.assign(matcher.score_pairs(carving.functions, pool, inventory.sites))
    at = carved_app(library_vo, "matching")
    shown = table(at, ASSIGNMENT_COLUMNS)
    assert len(shown) == expected.placements
    assert list(shown["kandidaat"]) == list(expected.pairs["candidate_id"])
    assert metrics(at)["Geplaatst / functies"] == (
        f"{expected.placements} / {len(carving.functions)}")
    assert any(text.startswith(("Score", "Valt af")) for text in texts(at.info))  # why not
    scores = matcher.score_pairs(carving.functions, pool, inventory.sites)
    passed = matcher.matching.passed_over(scores, expected)
    shown_lines = [m.value for m in at.markdown]
    assert all(f"- {line}" in shown_lines for line in passed["text"])


def test_weight_slider_reranks(library_vo, carves) -> None:
    """Changing the weight sliders re-scores and re-ranks the shortlist like the library,
    without carving again."""
    inventory, carving, pool = library_vo
    at = carved_app(library_vo, "matching")
    at.slider(key="w_travel").set_value(1.0)
    for name in ("hours", "level", "availability", "load", "wishes"):
        at.slider(key=f"w_{name}").set_value(0.0)
    at.radio(key="objective").set_value("score").run()
    assert not at.exception
    weights = matcher.Weights(travel=1.0, hours=0, level=0, availability=0, load=0, wishes=0)
    scores = matcher.score_pairs(carving.functions, pool, inventory.sites, weights)
    expected = matcher.shortlist(scores, top=10, assignment=matcher.assign(scores, "score"))
    first = carving.functions[0].function_id
    shown = table(at, ["rang", "kandidaat", "score", "zekerheid"])
    assert list(shown["kandidaat"]) == list(
        expected.loc[expected["function_id"] == first, "candidate_id"])
    assert shown["score"].is_monotonic_decreasing
    assert all(len(v) == 5 and v[1] == "," for v in shown["score"])  # Dutch: 0,790
    assert metrics(at)["Doel"] == "Hoogste totaalscore"
    assert not carves


def test_weights_toml_upload(library_vo) -> None:
    """A weights TOML upload sets the sliders (ratios kept); a bad one gives a problems table."""
    at = carved_app(library_vo, "matching")
    toml = matcher.Weights(travel=2.0, hours=1.0, level=1.0, availability=0.5, load=0.5,
                           wishes=0.0, reference_km=20.0).to_toml().encode()
    at.file_uploader(key="up_weights").set_value(("mijn.toml", toml, "application/toml")).run()
    at.button(key="load_weights").click().run()
    assert not at.exception
    assert at.session_state["w_travel"] == 1.0 and at.session_state["w_hours"] == 0.5
    assert at.session_state["w_wishes"] == 0.0
    assert app_state().weights_from_state(at.session_state).reference_km == 20.0
    assert any("mijn.toml" in s for s in texts(at.success))
    at.file_uploader(key="up_weights").set_value(
        ("fout.toml", b"[weights]\ntravel = -1\n", "application/toml")).run()
    at.button(key="load_weights").click().run()
    assert not at.exception
    problems = table(at, PROBLEM_COLUMNS)
    assert list(problems["kolom"]) == ["weights.travel"]
    assert list(problems["probleem"]) == ["moet een getal van 0 of meer zijn."]
    assert at.session_state["w_travel"] == 1.0  # unchanged


def test_rapport_tables_quota_and_downloads(library_vo) -> None:
    """Rapport: fta per board and site add up, the quotum follows the library, downloads exist."""
    _, carving, _ = library_vo
    at = carved_app(library_vo, "rapport")
    board = table(at, ["bestuur", "locaties", "functies", "uren per week", "fta"])
    assert board["fta"].sum() == pytest.approx(app_tables().created_fta(carving))
    sites = table(at, ["locatie", "bestuur", "functies", "uren per week", "fta"])
    assert sites["uren per week"].sum() == pytest.approx(sum(f.hours for f in carving.functions))
    at.number_input(key="q_employees").set_value(200)
    at.text_input(key="q_hours__nl").set_value("5100").run()
    assert not at.exception
    # realised and proposed apart: "nu" counts only what is realised (0 here)
    now = mquota.quota(200, 5100.0, 0.0)
    filled = mquota.quota(200, 5100.0, app_tables().created_fta(carving))
    shown = metrics(at)
    assert shown["Werknemersbanen"] == "200,00"
    assert shown["Vereiste banen (2,76%)"] == nl_number(now.required_jobs, 2)
    assert shown["Tekort nu (banen)"] == nl_number(now.missing_jobs, 2)
    assert shown["Mogelijke heffing nu"] == f"€ {now.levy:,.0f}".replace(",", ".")
    assert shown["Tekort als ze vervuld worden"] == nl_number(filled.missing_jobs, 2)
    assert shown["Heffing als ze vervuld worden"] == f"€ {filled.levy:,.0f}".replace(",", ".")
    assert now.levy > filled.levy
    # the default percentage is dated: the page says which year and to check this year's
    assert any("van 2024" in i and "Controleer" in i for i in texts(at.info))
    labels = {b.proto.label for b in at.get("download_button")}
    assert {"Functieprofielen (Excel)", "Functieprofielen (Markdown)",
            "WSP-shortlist (CSV, alleen pseudoniemen)", "Sessieverslag (Markdown)",
            "Sessiebestand (JSON)"} <= labels
    at.text_input(key="q_percentage__nl").set_value("2,5").run()
    assert metrics(at)["Vereiste banen (2,50%)"] == "5,00"


def test_wsp_shortlist_is_pseudonymous(library_vo) -> None:
    """The WSP download has candidate pseudonyms and scores, no location or profile fields."""
    inventory, carving, pool = library_vo
    state: dict[str, Any] = {}
    app_state().init_state(state)
    state.update(inventory=inventory, pool=pool, carving=carving)
    result = app_state().match_results(state, matcher.Weights())
    data = wsp_shortlist_csv(carving, result.shortlist, pool)
    frame = pd.read_csv(pd.io.common.BytesIO(data), sep=";", encoding="utf-8-sig",
                        dtype=str, keep_default_na=False)
    assert "lat" not in frame.columns and "uitleg" not in frame.columns
    assert set(frame["kandidaat (pseudoniem)"]) <= set(pool.ids)
    assert list(frame.columns[:3]) == ["functie", "functietitel", "rang"]
    assert "grover gemaakt" in frame.columns
    # no exported (postcode, level, hours) combination is shared by fewer than 5 exported rows'
    # candidates in the pool: the full 4-digit postcode of the demo never survives as is here
    assert not frame["woongebied"].str.fullmatch(r"postcode \d{4}").any()


def test_session_file_reopens_on_start(library_vo, carves) -> None:
    """A session file saved from the state reopens on Start with the same functions and
    locks, rebuilt around them (only the unplaced tasks are carved)."""
    inventory, carving, pool = library_vo
    state: dict[str, Any] = {}
    app_state().init_state(state)
    state.update(inventory=inventory, pool=pool, carving=carving, source="demo (test)")
    app_state().set_lock(state, carving.functions[1].function_id, True)
    state["w_travel"] = 0.7
    state["fta_target"] = 3.5
    data = msession.dump_session(app_state().current_session(state))
    at = new_app().run()
    at.file_uploader(key="up_session").set_value(("sessie.json", data, "application/json"))
    at.run()
    at.button(key="open_session").click().run()
    assert not at.exception
    reopened = at.session_state["carving"]
    assert msession.groups_of(reopened) == msession.groups_of(carving)
    assert [f.locked for f in reopened.functions] == [k == 1 for k in
                                                       range(len(carving.functions))]
    assert at.session_state["w_travel"] == 0.7
    assert at.session_state["fta_target"] == 3.5
    assert at.session_state["pool"] is None  # candidates were not included
    assert any("sessie.json" in s for s in texts(at.success))
    assert carves == [len(carving.functions)]
    # candidates only: the session's tasks and functions stay
    at.file_uploader(key="up_candidates").set_value(
        ("kandidaten.csv", matcher.demo_files("vo").candidates.read_bytes(), "text/csv")).run()
    at.button(key="load_files").click().run()
    assert not at.exception
    assert len(at.session_state["pool"]) == len(pool)
    assert msession.groups_of(at.session_state["carving"]) == msession.groups_of(carving)
    at.switch_page("app_pages/functies.py").run()
    assert not at.exception
    assert metrics(at)["Functies"] == str(len(carving.functions))
    at.switch_page("app_pages/matching.py").run()
    assert not at.exception and table(at, ASSIGNMENT_COLUMNS) is not None


def test_bad_session_file_shows_problems() -> None:
    """A broken session file gives the problems table and loads nothing."""
    at = new_app().run()
    at.file_uploader(key="up_session").set_value(
        ("kapot.json", b'{"format": "matcher-sessie", "version": 1, "tasks": []}',
         "application/json"))
    at.run()
    at.button(key="open_session").click().run()
    assert not at.exception
    problems = table(at, PROBLEM_COLUMNS)
    assert "tasks" in set(problems["kolom"])
    assert at.session_state["inventory"] is None


def test_matching_without_functions_points_to_functies() -> None:
    """Without a carving the Matching page says where to go instead of failing."""
    at = loaded_app("po")
    at.switch_page("app_pages/matching.py").run()
    assert not at.exception
    assert "Functies" in at.info[0].value
    at.switch_page("app_pages/rapport.py").run()
    assert not at.exception
    assert "Quotumcalculator" in [h.value for h in at.header]


def test_start_page_shows_problems_table() -> None:
    """Validation problems kept in the session state are shown as one Dutch table."""
    problems = app_state().load_uploads(b"taak_id;omschrijving\nT1;Kopieren\n", "taken.csv")
    at = new_app()
    at.session_state["load_problems"] = problems
    at.run()
    assert not at.exception
    assert at.error
    shown = table(at, PROBLEM_COLUMNS)
    assert len(shown) == len(problems) >= 3  # area, hours_per_week and level are missing


def test_load_uploads_reports_missing_column() -> None:
    """A task CSV without uren_per_week gives a problems table naming that column."""
    tasks = "taak_id;omschrijving;gebied;niveau\nT1;Kopiëren;administratie;1\n".encode()
    candidates = matcher.demo_files("vo").candidates.read_bytes()
    result = app_state().load_uploads(tasks, "taken.csv", None, None,
                                      candidates, "kandidaten.csv")
    assert isinstance(result, pd.DataFrame)  # nothing half-loaded: the good pool is not kept
    assert list(result.columns) == PROBLEM_COLUMNS
    missing = result[result["kolom"] == "hours_per_week"]
    assert len(missing) == 1
    assert "uren_per_week" in missing["probleem"].iloc[0]
    assert missing["probleem"].iloc[0].startswith("verplichte kolom ontbreekt")  # Dutch
    assert set(result["bestand"]) == {"taken.csv"}


def test_load_uploads_accepts_valid_files() -> None:
    """Valid uploaded bytes load into an inventory and a pool, as the demo files do."""
    files = matcher.demo_files("po")
    result = app_state().load_uploads(files.tasks.read_bytes(), "taken.csv",
                                      files.sites.read_bytes(), "locaties.csv",
                                      files.candidates.read_bytes(), "kandidaten.csv")
    assert not isinstance(result, pd.DataFrame)
    expected = matcher.load_tasks(files.tasks, files.sites)
    assert [t.task_id for t in result.inventory.tasks] == [t.task_id for t in expected.tasks]
    assert result.pool is not None and len(result.pool) == len(
        matcher.load_candidates(files.candidates))


def test_template_upload_loads_everything() -> None:
    """The Excel template, uploaded as tasks, sites and candidates file, loads without problems."""
    data = template_xlsx()
    result = app_state().load_uploads(data, "sjabloon.xlsx", data, "sjabloon.xlsx",
                                      data, "sjabloon.xlsx")
    assert not isinstance(result, pd.DataFrame)
    assert len(result.inventory.tasks) == 5 and result.pool is not None
    # uploaded once, as the tasks file: the sites and candidates tabs are read too
    once = app_state().load_uploads(data, "sjabloon.xlsx")
    assert not isinstance(once, pd.DataFrame)
    assert once.inventory.sites.ids == result.inventory.sites.ids
    assert once.pool is not None and once.pool.ids == result.pool.ids
    assert once.source == "bestanden: sjabloon.xlsx"
    # its own tabs are no news to the school: no note on which tab was read
    assert not [w for w in app_state().warnings_nl(once.warnings) if "tabblad" in w]
    # a school without candidates empties that tab: the tasks and sites still load
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data))
    workbook["kandidaten"].delete_rows(2, workbook["kandidaten"].max_row)
    emptied = io.BytesIO()
    workbook.save(emptied)
    without = app_state().load_uploads(emptied.getvalue(), "mijn-school.xlsx")
    assert not isinstance(without, pd.DataFrame) and without.pool is None
    assert len(without.inventory.tasks) == 5


def test_pc4_points_never_finer_than_pc4(demo_pool) -> None:
    """Map points are PC4 centres with counts; a profile with coordinates snaps to one."""
    points = pc4_points(demo_pool.frame)
    table_ = pc4_table()
    for _, row in points.iterrows():
        assert (row["lat"], row["lon"]) == (table_.at[row["pc4"], "lat"],
                                            table_.at[row["pc4"], "lon"])
    assert points["kandidaten"].sum() == int(demo_pool.frame["lat"].notna().sum())
    exact = pd.DataFrame({"pc4": [""], "lat": [52.1601], "lon": [5.3901]})
    snapped = pc4_points(exact)
    assert len(snapped) == 1 and snapped["pc4"].iloc[0] in table_.index
    assert (snapped["lat"].iloc[0], snapped["lon"].iloc[0]) != (52.1601, 5.3901)


def test_upload_problems_and_warnings_are_dutch() -> None:
    """Every problem of a bad upload and every loader warning reads in Dutch in the app."""
    bad = (b"taak_id;omschrijving;gebied;uren_per_week;niveau;begin;eind;extra\n"
           b"T1;a;klas;x;9;25:00;08:00;1\nT1;;tuin;;;;;\nTotaal;;;7;;;;\n")
    result = app_state().load_uploads(bad, "taken.csv")
    assert isinstance(result, pd.DataFrame) and len(result) >= 6
    for text in result["probleem"]:
        assert not any(word in text for word in (" must ", "the file", " give ")), text
    assert "moet een getal zijn (met decimaalkomma of -punt)." in set(result["probleem"])
    ok = (b"taak_id;omschrijving;gebied;uren_per_week;niveau;locatie;kleur\n"
          b"T1;a;klas;2;1;A;rood\nT2;b;klas;2;1;B;blauw\n")
    loaded = app_state().load_uploads(ok, "taken.csv")
    assert isinstance(loaded, app_state().Loaded)
    state: dict[str, Any] = {}
    app_state().init_state(state)
    app_state().set_loaded(state, loaded)
    assert state["load_warnings"] == (
        "taken.csv: kolom 'kleur' wordt door matcher niet gebruikt en is overgeslagen.",
        "taken.csv: geen locatiebestand, dus de 2 locaties hebben geen plaats: een functie "
        "combineert twee locaties alleen op verschillende dagen, en reisafstanden tot "
        "kandidaten zijn onbekend.")


def test_pin_a_task_and_recarve(library_vo) -> None:
    """A task pinned to F01 moves there, F01 is not locked, and a re-carve keeps it there."""
    _, carving, _ = library_vo
    at = carved_app(library_vo)
    task = next(t.task_id for t in carving.functions[2].tasks if not t.fixed)
    first = carving.functions[0]
    at.selectbox(key=versioned(at, "pin_task")).set_value(task)
    at.selectbox(key=versioned(at, "pin_target")).set_value(first.function_id)
    at.button(key=versioned(at, "pin")).click().run()
    assert not at.exception
    (pin,) = at.session_state["task_pins"]
    assert pin[0] == task and pin[1] in first.task_ids
    pinned = at.session_state["carving"]
    home = msession.function_of_anchor(pinned, pin[1])
    assert task in home.task_ids and not home.locked
    assert at.session_state["locks"] == ()
    assert any("vastgepind" in s for s in texts(at.success))
    assert any(m.value.startswith("📌") and task in m.value for m in at.markdown)
    shown = table(at, ["taak", "omschrijving", "vastgepind bij taak", "functie nu", "status"])
    assert list(shown["status"]) == ["samen"]
    at.button(key="recarve").click().run()
    assert not at.exception
    recarved = at.session_state["carving"]
    home = msession.function_of_anchor(recarved, pin[1])
    assert home is not None
    if task not in home.task_ids:  # the re-carved function has no workable week with it:
        notes = " ".join(at.session_state["pin_notes"])  # said, and the pin is kept
        assert f"{task} kon niet bij {pin[1]} blijven" in notes and "werkbare week" in notes
    assert at.session_state["task_pins"] == (pin,)
    # the pin is saved in the session file and comes back
    state: dict[str, Any] = {k: at.session_state[k] for k in at.session_state}
    back = msession.load_session(msession.dump_session(app_state().current_session(state)))
    assert back.task_pins == (pin,)
    at.button(key="unpin").click().run()
    assert not at.exception and at.session_state["task_pins"] == ()


def test_pin_a_candidate_keeps_it_in_the_assignment(library_vo) -> None:
    """An agreed candidate stays on its function; the rest is the optimum without the pair."""
    inventory, carving, pool = library_vo
    scores = matcher.score_pairs(carving.functions, pool, inventory.sites)
    free = matcher.assign(scores).partner_of_function()
    f1, f2 = carving.functions[0].function_id, carving.functions[1].function_id
    agreed = free[f2]
    at = carved_app(library_vo, "matching")
    at.selectbox(key="cpin_function").set_value(f1)
    at.selectbox(key="cpin_candidate").set_value(agreed)
    at.button(key="cpin").click().run()
    assert not at.exception
    shown = table(at, [*ASSIGNMENT_COLUMNS, "afgesproken"])
    row = shown[shown["functie"] == f1].iloc[0]
    assert row["kandidaat"] == agreed and row["afgesproken"] == "ja"
    assert shown["kandidaat"].is_unique and (shown["afgesproken"] == "ja").sum() == 1
    expected = msession.assign_with_pins(scores, "placements", {f1: agreed})
    assert list(shown["kandidaat"]) == list(expected.pairs["candidate_id"])
    pins = table(at, ["functie", "titel", "kandidaat", "status"])
    assert list(pins["status"]) == ["geldt"]
    # saved and restored with the session
    state: dict[str, Any] = {k: at.session_state[k] for k in at.session_state}
    back = msession.load_session(msession.dump_session(app_state().current_session(state)))
    assert back.candidate_pins == at.session_state["candidate_pins"]
    at.selectbox(key="cunpin_candidate").set_value(agreed)
    at.button(key="cunpin").click().run()
    assert not at.exception and at.session_state["candidate_pins"] == ()
    assert "ja" not in set(table(at, [*ASSIGNMENT_COLUMNS, "afgesproken"])["afgesproken"])


def _pin_state() -> dict[str, Any]:
    """A dict session state with a small inventory carved by the app's own carve_now."""
    tasks = [matcher.Task(t, "kopieerwerk", "administration", 5.0, 1)
             for t in ("A", "B", "C", "D", "E", "G")]
    inventory = matcher.Inventory.from_tasks(tasks)
    state: dict[str, Any] = {}
    app_state().init_state(state)
    app_state().set_loaded(state, app_state().Loaded(inventory, None, (), "test"))
    state["carving"] = msession.rebuild(
        inventory, matcher.CarveParams(min_hours=5, target_hours=15, max_hours=30),
        [("A", "B", "C"), ("D", "E", "G")])
    state["carve_scope_used"] = "board"
    return state


def test_pins_that_lose_their_task_or_function_are_reported_in_dutch() -> None:
    """A pin whose anchor is deleted in the Taken editor, and an agreed candidate whose
    function's tasks are all deleted, are dropped with a Dutch note; before, both went
    without a word."""
    state = _pin_state()
    assert app_state().pin_task(state, "D", "F01")  # D joins A, B, C; anchored at A
    (pin,) = state["task_pins"]
    state["candidate_pins"] = (("E", "K1"),)  # agreed for the function of E and G
    frame = state["carving"].inventory.to_frame()
    edited = app_tables().editor_frame(state["inventory"])
    keep = ~edited.iloc[:, 0].astype(str).isin([pin[1], "E", "G"])
    assert app_state().apply_edit(state, edited[keep].reset_index(drop=True)) == "ok", frame
    app_state().carve_now(state, state["carving_before"].params, "board")
    note = app_state().pin_notes(state)
    assert state["task_pins"] == () and state["candidate_pins"] == ()
    assert f"De pin van D (bij {pin[1]}) is vervallen: taak {pin[1]} staat niet meer in de " \
           "takenlijst." in note
    assert "De afspraak met K1 is vervallen: geen functie bevat nog een taak" in note
    assert state["match_message"][0] == "warning"


def test_moving_an_anchor_by_hand_leaves_the_agreement_with_its_function() -> None:
    """The agreed candidate of F01 is anchored at A; moving A to F02 by hand must not take
    the agreement to F02."""
    state = _pin_state()
    state["candidate_pins"] = (("A", "K1"),)
    assert app_state().move_task(state, "A", "F02")
    home = msession.function_of_anchor(state["carving"], state["candidate_pins"][0][0])
    assert set(home.task_ids) == {"B", "C"}
    # a task pin anchored at a task that is pinned elsewhere stays with its function too
    assert app_state().pin_task(state, "G", "F01")  # anchored at B or C
    anchor = state["task_pins"][0][1]
    assert app_state().pin_task(state, anchor, "F02")
    pins = dict(state["task_pins"])
    assert pins["G"] != anchor and pins["G"] in {"B", "C"}


def test_reopened_agreements_never_attach_to_demo_people(library_vo) -> None:
    """A session saved without candidates, reopened with the demo candidates: the
    agreements name the team's own candidates, so they are not restored (and it is said)."""
    inventory, carving, pool = library_vo
    anchor = carving.functions[0].task_ids[0]
    session = msession.Session(inventory, pool, carving.params, groups=msession.groups_of(
        carving), candidate_pins=((anchor, pool.ids[0]),))
    data = msession.dump_session(session)  # candidates not ticked: ids only
    assert pool.ids[0] in data.decode() and json.loads(data)["candidates"] is None
    state: dict[str, Any] = {}
    app_state().init_state(state)
    state["use_demo_candidates"] = True
    notes = app_state().open_session(state, data, "sessie.json")
    assert state["pool"] is not None and state["candidate_pins"] == ()
    assert any("niet hersteld" in n and "demokandidaten" in n for n in notes)
    state["use_demo_candidates"] = False
    app_state().open_session(state, data, "sessie.json")
    assert state["candidate_pins"] == ((anchor, pool.ids[0]),)  # for the team's own file


def test_quota_problems_name_the_form_fields_in_dutch() -> None:
    """Before, the Rapport page showed 'levy_per_job moet een bedrag ...'."""
    state: dict[str, Any] = {}
    app_state().init_state(state)
    state.update({"q_levy": -5.0, "q_date": "gisteren"})
    with pytest.raises(matcher.InputError) as info:
        app_state().quota_result(state)
    text = app_tables().quota_problems_nl(info.value)
    assert text == ("Heffing per ontbrekende baan: moet een bedrag van 0 of meer zijn; "
                    "Datum van de bron: moet een datum JJJJ-MM-DD zijn.")
    fields = {p.column for p in info.value.problems}
    assert fields <= set(app_tables().QUOTA_FIELDS_NL)


def test_a_task_marked_not_carvable_cannot_be_pinned() -> None:
    state = _pin_state()
    inventory = state["carving"].inventory
    tasks = [t if t.task_id != "D" else matcher.Task("D", t.description, t.area, t.hours,
                                                      t.level, carvable=False)
             for t in inventory.tasks]
    state["carving"] = msession.rebuild(matcher.Inventory.from_tasks(tasks),
                                        state["carving"].params, [("A", "B", "C"), ("E", "G")])
    before = state["carving"]
    assert not app_state().pin_task(state, "D", "F01")
    assert state["task_pins"] == () and state["carving"] is before
    kind, text = state["carve_message"]
    assert kind == "error" and text.startswith("Taak D staat op 'niet overdraagbaar'.")


def test_two_agreements_that_land_on_one_function_are_reported() -> None:
    """A re-carve joins the functions of two agreements: the second is said not to hold."""
    state = _pin_state()
    state["candidate_pins"] = (("A", "K1"), ("D", "K2"))
    state["carving"] = msession.rebuild(state["carving"].inventory, state["carving"].params,
                                        [("A", "B", "C"), ("D", "E", "G")])
    state["locks"] = (("A", "B", "D", "E"),)  # the re-carve joins A, B (K1) and D, E (K2)
    app_state().carve_now(state, state["carving"].params, "board")
    joined = state["carving"].functions[0]
    assert joined.task_ids == ("A", "B", "D", "E")
    # a merge of two functions carries on neither: it gets a new id (stable names)
    assert joined.function_id not in ("F01", "F02")
    assert (f"De afspraak met K2 geldt nu niet: {joined.function_id} heeft al een afspraak "
            "met K1.") in state["match_message"][1]


def test_recarve_after_locks_starts_from_the_previous_functions(library_vo, monkeypatch) -> None:
    """Locking two functions and re-carving the rest starts from the other functions of the
    carving on screen, so the re-carve never ends below them (issue 3: locking 2 of 8 once
    cost a function)."""
    inventory, carving, _ = library_vo
    state: dict[str, Any] = {}
    app_state().init_state(state)
    state.update(inventory=inventory, carving=carving, source="demo (test)")
    state["carve_scope_used"] = "board"
    for function in carving.functions[1:3]:
        app_state().set_lock(state, function.function_id, True)
    locked = [f.task_ids for f in carving.functions[1:3]]
    ws = app_state().workspace(state)
    warm = ws.warm_groups(locked, "board")
    assert len(warm) == len(carving.functions) - 2
    assert not {frozenset(g) for g in warm} & {frozenset(g) for g in locked}
    assert ws.warm_groups(locked, "site") == []  # other scope: fresh carve
    seen: dict[str, Any] = {}
    real = workspace_module.carve_scoped

    def spy(*args: Any, **kwargs: Any) -> matcher.Carving:
        seen.update(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(workspace_module, "carve_scoped", spy)
    assert app_state().carve_now(state, carving.params, "board").ok
    recarved = state["carving"]
    assert [frozenset(g) for g in seen["warm_start"]] == [frozenset(g) for g in warm]
    assert len(recarved.functions) >= len(carving.functions)
    assert {f.task_ids for f in recarved.functions if f.locked} == {tuple(g) for g in locked}


LEARNED = """[weights]
travel = 0.2731
hours = 0.1618
level = 0.2467
availability = 0.1352
load = 0.0894
wishes = 0.0938

[options]
unknown_value = 0.4
reference_km = 17.5
"""


def test_loaded_weights_are_kept_exactly(library_vo, tmp_path: Path) -> None:
    """Non-round learned weights: the app ranks exactly as the library with
    Weights.from_toml of the same file (before, the sliders rounded them to 0.01)."""
    inventory, carving, pool = library_vo
    path = tmp_path / "geleerd.toml"
    path.write_text(LEARNED, encoding="utf-8")
    state: dict[str, Any] = {}
    app_state().init_state(state)
    state.update(inventory=inventory, carving=carving, pool=pool, objective="score")
    app_state().load_weights_file(state, path.read_bytes(), path.name)
    assert state["weights_message"][0] == "success"
    assert state["w_travel"] == 0.27  # the slider shows the rounded value ...
    exact = matcher.Weights.from_toml(path)
    used = app_state().weights_from_state(state)
    assert used == exact  # ... the ranking uses the file's weights
    result = app_state().match_results(state, used)
    scores = matcher.score_pairs(carving.functions, pool, inventory.sites, exact)
    assignment = matcher.assign(scores, "score")
    expected = matcher.shortlist(scores, top=10, assignment=assignment)
    assert list(result.assignment.pairs["candidate_id"]) == list(
        assignment.pairs["candidate_id"])
    assert list(result.shortlist["candidate_id"]) == list(expected["candidate_id"])
    assert result.scores.frame["score"].equals(scores.frame["score"])
    # moving one slider changes that weight only
    state["w_hours"] = 0.5
    moved = app_state().weights_from_state(state)
    assert moved.hours == 0.5 and moved.travel == exact.travel
    assert moved.reference_km == 17.5 and moved.unknown_value == 0.4
    # a session file keeps them exactly too
    back = msession.load_session(msession.dump_session(app_state().current_session(state)))
    assert back.weights.travel == 0.2731 and back.weights.hours == 0.5


def test_carve_settings_that_break_a_rule_name_the_field() -> None:
    """A minimum above the target is shown by the form's Dutch label, not a generic error."""
    if not issubclass(matcher.errors.ParamError, ValueError):  # pragma: no cover
        pytest.fail("ParamError must stay a ValueError")
    state: dict[str, Any] = {}
    app_state().init_state(state)
    state.update(carve_min=28.0, carve_target=25.5, carve_max_areas=0)
    try:
        app_state().carve_params(state)
    except matcher.errors.ParamError as error:
        assert set(error.fields) >= {"target_hours", "max_areas"}
        text = app_tables().carve_problems_nl(error)
    except ValueError:
        pytest.skip("this CarveParams does not raise ParamError yet")
    else:
        raise AssertionError("the settings were accepted")
    assert "Doel-uren per functie: " in text and "Max. gebieden per functie: " in text
    at = loaded_app()
    at.switch_page("app_pages/functies.py").run()
    at.text_input(key="carve_min__nl").set_value("28")
    at.number_input(key="carve_max_areas").set_value(1)
    at.button(key="carve").click().run()
    assert not at.exception
    (error_text,) = texts(at.error)
    assert error_text.startswith("Deze instellingen kloppen niet: ")
    assert "Doel-uren per functie" in error_text and at.session_state["carving"] is None


def test_task_edits_go_to_the_loader_as_a_frame(library_vo, monkeypatch) -> None:
    """An edit in the Taken page is validated by load_tasks on the table itself (no CSV)."""
    inventory, _, _ = library_vo
    seen: list[object] = []
    real = matcher.load_tasks

    def spy(source: Any, *args: Any, **kwargs: Any) -> matcher.Inventory:
        seen.append(source)
        return real(source, *args, **kwargs)

    monkeypatch.setattr(matcher, "load_tasks", spy)
    frame = app_tables().editor_frame(inventory)
    frame.iloc[0, 1] = "Gebouw openen en alarm uit"  # the description of the first task
    result = app_tables().check_edited_tasks(frame, inventory.sites)
    assert isinstance(seen[0], pd.DataFrame)
    assert isinstance(result, matcher.Inventory)
    assert result.tasks[0].description == "Gebouw openen en alarm uit"
    frame.iloc[0, 3] = 99.0  # 99 hours a week: the problem names the editor's row 1
    problems = app_tables().check_edited_tasks(frame, inventory.sites)
    assert isinstance(problems, pd.DataFrame) and list(problems["rij"]) == [1]
