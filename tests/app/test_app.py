"""Tests of the Streamlit app: pages render headless (AppTest) and agree with the library."""

import importlib
import sys
from pathlib import Path
from types import ModuleType

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import matcher

APP = str(Path(__file__).resolve().parents[2] / "app" / "streamlit_app.py")
PROBLEM_COLUMNS = ["bestand", "rij", "kolom", "regel", "waarde"]
ASSIGNMENT_COLUMNS = ["functie", "titel", "kandidaat", "score"]


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


def loaded_app(demo: str = "vo") -> AppTest:
    """An app on the Start page with a demo loaded."""
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.selectbox(key="demo_choice").set_value(demo).run()
    at.button(key="load_demo").click().run()
    assert not at.exception
    return at


def carved_app() -> AppTest:
    """An app with the vo demo loaded and carved with the default settings."""
    at = loaded_app("vo")
    at.switch_page("app_pages/functies.py").run()
    at.button(key="carve").click().run()
    assert not at.exception
    return at


@pytest.fixture(scope="module")
def library_vo() -> tuple[matcher.Inventory, matcher.Carving, matcher.Pool]:
    """The vo demo carved by the library itself, with the app's default settings."""
    files = matcher.demo_files("vo")
    inventory = matcher.load_tasks(files.tasks, files.sites)
    carving = matcher.carve(inventory, matcher.CarveParams(seed=0))
    return inventory, carving, matcher.load_candidates(files.candidates)


def test_start_page_runs() -> None:
    """The app starts on the Start page without an exception."""
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert at.title[0].value == "matcher – functiecreatie"
    assert at.button(key="load_demo").label == "Demo laden"
    assert at.session_state["inventory"] is None


def test_load_demo_and_taken_totals(library_vo) -> None:
    """Loading the vo demo fills the session state and the Taken page shows the totals."""
    inventory, _, pool = library_vo
    at = loaded_app("vo")
    assert len(at.session_state["inventory"].tasks) == len(inventory.tasks)
    assert metrics(at)["Aantal taken"] == str(len(inventory.tasks))
    assert metrics(at)["Kandidaten"] == str(len(pool))
    at.switch_page("app_pages/taken.py").run()
    assert not at.exception
    for by in ("gebied", "huidige uitvoerder", "locatie"):
        totals = table(at, [by, "taken", "uren per week", "fta"])
        assert totals["uren per week"].sum() == pytest.approx(inventory.total_hours, abs=0.05)
        assert totals["taken"].sum() == len(inventory.tasks)
    assert len(table(at, ["taak", "omschrijving"])) == len(inventory.tasks)
    at.switch_page("app_pages/kandidaten.py").run()
    assert not at.exception
    assert metrics(at)["Aantal profielen"] == str(len(pool))
    assert len(table(at, ["veld", "bekend", "onbekend", "% bekend"])) == len(pool.coverage())


def test_functies_carve_shows_functions(library_vo) -> None:
    """Clicking 'Functies maken' shows metrics, one expander per function and unplaced tasks."""
    _, carving, _ = library_vo
    at = carved_app()
    assert len(at.session_state["carving"].functions) == len(carving.functions)
    shown = metrics(at)
    assert shown["Functies"] == str(len(carving.functions))
    assert {"Uren gesneden", "fta", "Aandeel van de inventaris", "Samenhang"} <= set(shown)
    labels = [e.label for e in at.expander]
    assert [label.split(" – ")[0] for label in labels] == [f.function_id for f in
                                                            carving.functions]
    unplaced = table(at, ["taak", "omschrijving", "gebied", "uren per week", "reden"])
    assert len(unplaced) == carving.summary()["unplaced_tasks"]
    assert unplaced["reden"].str.len().gt(0).all()


def test_matching_assignment_matches_library(library_vo) -> None:
    """The Matching page shows exactly the library's optimal assignment for the vo demo."""
    inventory, carving, pool = library_vo
    expected = matcher.assign(matcher.score_pairs(carving.functions, pool, inventory.sites))
    at = carved_app()
    at.switch_page("app_pages/matching.py").run()
    assert not at.exception
    shown = table(at, ASSIGNMENT_COLUMNS)
    assert len(shown) == expected.placements
    assert list(shown["kandidaat"]) == list(expected.pairs["candidate_id"])
    assert metrics(at)["Geplaatst / functies"] == (
        f"{expected.placements} / {len(carving.functions)}")
    assert any(text.value.startswith(("Score", "Valt af")) for text in at.info)  # why not


def test_weight_slider_reranks(library_vo) -> None:
    """Changing the weight sliders re-scores and re-ranks the shortlist like the library."""
    inventory, carving, pool = library_vo
    at = carved_app()
    at.switch_page("app_pages/matching.py").run()
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
    assert metrics(at)["Doel"] == "Hoogste totaalscore"


def test_matching_without_functions_points_to_functies() -> None:
    """Without a carving the Matching page says where to go instead of failing."""
    at = loaded_app("po")
    at.switch_page("app_pages/matching.py").run()
    assert not at.exception
    assert "Functies" in at.info[0].value


def test_start_page_shows_problems_table() -> None:
    """Validation problems kept in the session state are shown as one Dutch table."""
    problems = app_state().load_uploads(b"taak_id;omschrijving\nT1;Kopieren\n", "taken.csv")
    at = AppTest.from_file(APP, default_timeout=60)
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
    assert "uren_per_week" in missing["regel"].iloc[0]
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
