"""Tests for matcher.outputs.summary: the Dutch session report."""

from __future__ import annotations

import pandas as pd

from matcher.outputs.summary import summary_markdown
from matcher.session import with_locks


def test_summary_markdown(vo_inventory, vo_carving):
    """The report lists every function, the target and the unplaced tasks, in Dutch."""
    inventory, carving = vo_inventory, vo_carving
    text = summary_markdown(with_locks(carving, [carving.functions[0].task_ids]),
                            source="demo", fta_target=5.9, site_targets={"centrum": 3.0},
                            date="2026-01-01")
    assert text.startswith("# Sessieverslag functiecreatie (2026-01-01)")
    for f in carving.functions:
        assert f"| {f.function_id} | " in text
    assert "| ja |" in text and "Doel van het bestuur: 5,90 fta" in text
    assert "## Niet geplaatste taken" in text
    assert inventory.sites.name("centrum") in text
    assert "Vastgepinde taken" not in text
    first = carving.functions[0]
    pairs = pd.DataFrame({"function_id": [first.function_id], "candidate_id": ["K0001"],
                          "score": [0.5], "pinned": [True]})
    text = summary_markdown(carving, assignment_pairs=pairs, date="2026-01-01",
                            task_pins=[(first.task_ids[0], first.task_ids[1])])
    assert f"- {first.task_ids[0]} bij {first.task_ids[1]} (nu in {first.function_id})." in text
    assert f"| {first.function_id} | K0001 | 0,50 | ja |" in text


def test_summary_keeps_realised_and_proposed_apart(vo_carving):
    """The quotum as it is (realised jobs only) and, apart, if the proposals are filled."""
    from matcher.quota import quota, total_fta

    proposed = total_fta(vo_carving.functions)
    now = quota(200, 5100.0, 1.0)
    filled = quota(200, 5100.0, 1.0 + proposed)
    text = summary_markdown(vo_carving, quota_result=now, quota_if_filled=filled,
                            date="2026-01-01")
    assert "nu gerealiseerd 1,00; tekort nu " in text
    line = next(x for x in text.splitlines() if x.startswith("Als de voorgestelde functies"))
    assert "nog niet gerealiseerd" in line and f"tekort {filled.missing_jobs:.2f}".replace(
        ".", ",") in line
    assert "Als de voorgestelde" not in summary_markdown(vo_carving, quota_result=now)
