"""The output tables for a Dutch Excel: Dutch headers and words, ';' and a decimal comma,
and read back into the data form."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import matcher
from matcher.outputs.dutch import HEADERS_NL, SCORE_HEADERS_NL, read_output_csv, to_dutch
from matcher.outputs.report import write_carving, write_match


@pytest.fixture(scope="module")
def both_forms(vo_carving: matcher.Carving,
               demo_match: tuple[matcher.PairScores, matcher.Assignment],
               tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The carving and match files of the vo demo, in the data form and the Dutch form."""
    scores, assignment = demo_match
    short = matcher.shortlist(scores, 5, assignment)
    folders = []
    for dutch in (False, True):
        out = tmp_path_factory.mktemp("nl" if dutch else "data")
        write_carving(vo_carving, out, dutch=dutch)
        write_match(scores, assignment, short, out, dutch=dutch)
        folders.append(out)
    return folders[0], folders[1]


NAMES = ["functions", "task_allocation", "schedule", "sites", "shortlist", "assignment",
         "unassigned", "pairs"]


@pytest.mark.parametrize("name", NAMES)
def test_a_dutch_excel_gets_dutch_headers_and_decimal_commas(both_forms: tuple[Path, Path],
                                                             name: str) -> None:
    """Every header is Dutch, ';' separates, numbers carry a decimal comma, no English
    area code or True/False is left."""
    _, nl = both_forms
    text = (nl / f"{name}.csv").read_text(encoding="utf-8-sig")
    header = text.split("\n", 1)[0].split(";")
    dutch = set(HEADERS_NL.values()) | set(SCORE_HEADERS_NL.values())
    assert all(h in dutch for h in header), [h for h in header if h not in dutch]
    frame = pd.read_csv(nl / f"{name}.csv", sep=";", encoding="utf-8-sig", dtype=str,
                        keep_default_na=False)
    cells = {str(v) for column in frame.columns for v in frame[column]}
    assert not cells & {"True", "False", "true", "false"}
    assert not any(area in cell.split(", ") for cell in cells
                   for area in ("concierge", "classroom", "administration", "facilities"))
    if name in ("functions", "sites", "pairs", "shortlist"):
        assert any("," in v and v.replace(",", "").isdigit() for v in cells)
        assert not any("." in v and v.replace(".", "").isdigit() for v in cells)


@pytest.mark.parametrize("name", NAMES)
def test_the_dutch_form_reads_back_as_the_data_form(both_forms: tuple[Path, Path],
                                                    name: str) -> None:
    """read_output_csv gives the same table from either file (numbers as numbers)."""
    data, nl = both_forms
    a, b = read_output_csv(data / f"{name}.csv"), read_output_csv(nl / f"{name}.csv")
    assert list(a.columns) == list(b.columns)
    for column in a.columns:
        left, right = list(a[column]), list(b[column])
        try:
            assert [float(x) if x else None for x in left] == \
                [float(x) if x else None for x in right], column
        except ValueError:
            assert left == right, column


def test_level_is_a_level_in_functions_and_a_score_in_scores() -> None:
    """'level' is the function's level, but a score beside the other components."""
    assert list(to_dutch(pd.DataFrame({"level": [2]})).columns) == ["niveau"]
    assert list(to_dutch(pd.DataFrame({"travel": [0.5], "level": [0.8]})).columns) == \
        ["score reisafstand", "score niveau"]
