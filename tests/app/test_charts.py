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
