"""Tests of matcher.analysis.audit: stability, the audit by group, the register text."""

from __future__ import annotations

from pathlib import Path

import pytest

import matcher
from matcher import analysis
from matcher.matching import COMPONENTS
from tests.analysis import TRAVEL_LEVEL


def test_stability_is_zero_for_zero_delta(instance):
    """Changing nothing changes no assignment and keeps every ranking (Spearman 1)."""
    frame = analysis.stability(instance, delta=0.0)
    assert len(frame) == 2 * len(COMPONENTS)
    assert (frame["changed_share"] == 0).all()
    assert (frame["spearman"] == 1.0).all()


def test_stability_rows_are_in_range(instance):
    """Shares lie in [0, 1], correlations in [-1, 1], weights move by 10%."""
    frame = analysis.stability(instance)
    assert frame["changed_share"].between(0, 1).all()
    assert frame["spearman"].between(-1, 1).all()
    travel = frame[frame["component"] == "travel"].set_index("direction")["weight"]
    assert travel.to_dict() == pytest.approx({"+": 0.275, "-": 0.225})


def test_stability_sees_a_flip(tiny):
    """On a near tie, 10% less travel weight hands the function from A to B."""
    frame = analysis.stability(tiny, TRAVEL_LEVEL).set_index(["component", "direction"])
    assert frame.at[("travel", "-"), "changed_share"] == 1.0
    assert frame.at[("travel", "+"), "changed_share"] == 0.0
    assert frame.at[("level", "+"), "changed_share"] == 1.0
    assert frame.at[("travel", "-"), "spearman"] == pytest.approx(-1.0)


def test_stability_rejects_a_bad_delta(instance):
    """delta must lie in [0, 1)."""
    with pytest.raises(ValueError, match="delta"):
        analysis.stability(instance, delta=1.5)


# ---------------------------------------------------------------- audit


def test_audit_rates_add_up(instance):
    """Per attribute the groups add up to the pool, the shortlist and the placements."""
    frame = analysis.audit(instance)
    total = frame[frame["attribute"] == "all"].iloc[0]
    assert total["candidates"] == 600
    assert total["assigned"] == matcher.assign(instance.scores).placements
    shortlisted = analysis.top_candidates(instance.scores)["candidate_id"].nunique()
    assert total["shortlisted"] == shortlisted
    for attribute, groups in frame[frame["attribute"] != "all"].groupby("attribute"):
        assert groups["candidates"].sum() == total["candidates"], attribute
        assert groups["shortlisted"].sum() == total["shortlisted"], attribute
        assert groups["assigned"].sum() == total["assigned"], attribute
    assert frame["shortlisted_rate"].between(0, 1).all()
    assert frame["assigned_rate"].between(0, 1).all()
    assert set(frame["attribute"]) == {"all", "distance band", "hours band", "education level",
                                       "unknown fields", "region"}


def test_audit_groups_order_and_content(instance):
    """Bands come in their natural order with unknown last; no load or contact groups."""
    frame = analysis.audit(instance)
    bands = frame.loc[frame["attribute"] == "distance band", "group"].tolist()
    assert bands == [b for b in ["0-5 km", "5-10 km", "10-20 km", "20-40 km", "40+ km",
                                 "onbekend"] if b in bands]
    groups = analysis.audit_groups(instance)
    assert "physical_capacity" not in groups.columns and "load" not in groups.columns
    unknown_pc4 = instance.pool.frame["pc4"].fillna("") == ""
    assert (groups.loc[unknown_pc4.to_numpy(), "region"] == "onbekend").all()
    assert (groups.loc[unknown_pc4.to_numpy(), "distance band"] == "onbekend").all()


def test_audit_groups_bands_on_the_tiny_instance(tiny):
    """A lives next to the school, B 19.5 km away; both want at most 30 h."""
    groups = analysis.audit_groups(tiny).set_index("candidate_id")
    assert groups.at["A", "distance band"] == "0-5 km"
    assert groups.at["B", "distance band"] == "10-20 km"  # 19.5 km
    assert groups.at["B", "hours band"] == "24-32 u"
    assert groups.at["A", "education level"] == "onbekend"
    assert groups.at["B", "region"] == "Utrecht"


# ---------------------------------------------------------------- register text


def test_algorithm_description_is_the_docs_file():
    """The notebook shows docs/algorithm.md, which covers the register's sections."""
    text = analysis.algorithm_description()
    root = Path(__file__).resolve().parents[2]
    assert text == (root / "docs" / "algorithm.md").read_text(encoding="utf-8")
    for heading in ("Purpose", "Inputs", "Logic", "Human decision", "Limits", "Monitoring"):
        assert heading in text, heading
    assert "docs/carving.md" in text or "carving.md" in text


def test_algorithm_description_with_a_path(tmp_path: Path):
    """An explicit path is read as is."""
    path = tmp_path / "a.md"
    path.write_text("# x\n", encoding="utf-8")
    assert analysis.algorithm_description(path) == "# x\n"
