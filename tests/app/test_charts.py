"""The week picture of the Functies page (app_charts): built from the library's blocks."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

import pandas as pd
import pytest

from matcher.outputs.grid import week_blocks

APP_DIR = str(Path(__file__).resolve().parents[2] / "app")


@pytest.fixture(scope="module")
def charts() -> ModuleType:
    if APP_DIR not in sys.path:
        sys.path.insert(0, APP_DIR)
    return importlib.import_module("app_charts")


def test_every_block_is_drawn_with_its_label(charts, vo_carving) -> None:
    sites = vo_carving.inventory.sites
    for function in vo_carving.functions:
        blocks = week_blocks(function, sites)
        spec = charts.week_chart(blocks).to_dict()
        data = next(iter(spec["datasets"].values()))
        assert len(data) == len(blocks)  # every block of the week, breaks and travel too
        long = [row for row in data if row["einde"] - row["begin"] >= charts.TEXT_MINUTES]
        assert all(row["label"] for row in long)  # readable without colour
        assert [layer["mark"]["type"] for layer in spec["layer"]] == ["rect", "text"]
        x = spec["layer"][0]["encoding"]["x"]
        assert x["scale"]["domain"] == ["ma", "di", "wo", "do", "vr"]  # the whole week
        colours = spec["layer"][0]["encoding"]["color"]["scale"]
        assert set(colours["domain"]) == set(blocks["gebied"])
        assert spec["usermeta"]["embedOptions"]["actions"] is False


def test_the_site_is_named_on_long_blocks_only_when_the_week_has_several(charts) -> None:
    rows = [
        {"dag": "ma", "dagnummer": 0, "van": "08:00", "tot": "09:00", "begin": 480,
         "einde": 540, "soort": "werk", "taak": "T1", "tekst": "T1 post", "gebied": "klas",
         "locatie": "Centrum", "vaste_tijd": False},
        {"dag": "ma", "dagnummer": 0, "van": "09:15", "tot": "09:45", "begin": 555,
         "einde": 585, "soort": "werk", "taak": "T2", "tekst": "T2 kopie", "gebied": "klas",
         "locatie": "Noord", "vaste_tijd": False},
        {"dag": "ma", "dagnummer": 0, "van": "09:00", "tot": "09:15", "begin": 540,
         "einde": 555, "soort": "reistijd", "taak": "", "tekst": "reistijd naar Noord",
         "gebied": "reistijd", "locatie": "Noord", "vaste_tijd": False},
    ]
    labels = list(charts.chart_blocks(pd.DataFrame(rows))["label"])
    assert labels == ["T1 post\nCentrum", "T2 kopie", ""]  # 30 min: no site; 15 min: no text
    assert charts.short_sites(["Eemland College locatie Centrum", "Eemland College locatie "
                               "Vathorst"]) == {"Eemland College locatie Centrum": "Centrum",
                                                "Eemland College locatie Vathorst": "Vathorst"}
    assert charts.short_sites(["De Linde", "De Linde"]) == {"De Linde": "De Linde"}
    one_site = pd.DataFrame(rows[:1])
    assert list(charts.chart_blocks(one_site)["label"]) == ["T1 post"]


def test_the_spec_and_its_words(charts, vo_carving) -> None:
    sites = vo_carving.inventory.sites
    function = vo_carving.functions[0]
    blocks = week_blocks(function, sites)
    assert charts.week_spec(blocks) == charts.week_chart(blocks).to_dict()
    words = charts.week_alt(function.function_id, blocks)
    assert words.startswith(f"Weekrooster van {function.function_id}: ma ")
    work = function.schedule.minutes_per_day()
    assert f"({work[0] / 60:.1f} uur werk)".replace(".", ",") in words


def test_the_map_needs_no_tiles_and_marks_the_schools(charts, vo_inventory, demo_pool) -> None:
    """PC4 circles with their counts, the schools as squares, no tile layer, words too."""
    if APP_DIR not in sys.path:
        sys.path.insert(0, APP_DIR)
    tables = importlib.import_module("app_tables")
    from matcher.outputs.privacy import pc4_points

    points = pc4_points(demo_pool.frame)
    sites = tables.site_points(vo_inventory)
    background = tables.pc4_background(points, sites)
    spec = charts.pool_map(points, background, sites).to_dict()
    text = str(spec)
    assert "http" not in text.replace("https://vega.github.io/schema", "")  # nothing fetched
    datasets = list(spec["datasets"].values())
    assert any(len(d) == len(points) and sum(r["kandidaten"] for r in d) ==
               int(points["kandidaten"].sum()) for d in datasets)
    assert any([r.get("name") for r in d] == list(sites["name"]) for d in datasets)
    assert len(background) > len(points)  # the region has a shape
    assert {layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"]
            for layer in spec["layer"]} == {"circle", "text", "point"}
    words = charts.map_alt(points, sites)
    assert words.startswith(f"Kaart: {int(points['kandidaten'].sum())} profielen in "
                            f"{len(points)} postcodegebieden")
    assert "Eemland College locatie Centrum" in words
