"""The session file gets the candidates file's personal-data guard (issue 19): profiles,
pinned (agreed) candidate ids, and the messages about them never show an id or a value."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from matcher.errors import InputError
from matcher.inputs.loaders import load_candidates
from matcher.model import Inventory, Task
from matcher.session import Session, dump_session, load_session
from tests.inputs.test_guard import CORPUS

HOSTILE = Path(__file__).resolve().parents[1] / "data" / "hostile"
#: The hostile files' Dutch headers as a session file writes them.
COLUMNS = {"kandidaat_id": "candidate_id", "max_uren": "hours_per_week_max",
           "opleiding": "education", "opmerking": "opmerking"}


@pytest.fixture(scope="module")
def with_candidates() -> dict:
    """A small session file (as JSON) with two candidates, a function with an id and an
    agreement."""
    tasks = [Task("T1", "kopieerwerk", "administration", 5.0, 1),
             Task("T2", "post", "administration", 5.0, 1)]
    pool = load_candidates(pd.DataFrame({"candidate_id": ["K-0001", "K-0002"],
                                         "pc4": ["3811", "3812"]}))
    session = Session(Inventory.from_tasks(tasks), pool, groups=(("T1", "T2"),),
                      ids=("F-kopie",), candidate_pins=(("T1", "K-0001"),))
    return json.loads(dump_session(session, include_candidates=True))


def everything(error: InputError) -> str:
    return "\n".join([str(error), error.message("nl"), error.to_frame("nl").to_csv(),
                      *(repr(p) for p in error.problems)])


def opened(raw: dict) -> InputError:
    with pytest.raises(InputError) as info:
        load_session(json.dumps(raw, ensure_ascii=False).encode(), "sessie.json")
    return info.value


def test_the_small_session_opens(with_candidates):
    session = load_session(json.dumps(with_candidates))
    assert session.candidate_pins == (("T1", "K-0001"),)


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_hostile_profiles_in_a_session_file_are_refused(with_candidates, name):
    """The hostile corpus as the candidates of a session file: refused with the same rule
    as the file itself, in every column, no value shown."""
    code, values = CORPUS[name]
    frame = pd.read_csv(HOSTILE / name, sep=";", dtype=str, keep_default_na=False)
    raw = dict(with_candidates, candidates=frame.rename(columns=COLUMNS).to_dict("records"),
               pins={"tasks": [], "candidates": []})
    error = opened(raw)
    personal = [p for p in error.problems if p.code in ("val.personal_values", "val.id_name")]
    assert personal and all(p.file == "sessie.json: kandidaten" for p in personal)
    for problem in personal:
        params = dict(problem.params)
        assert (params["many"].code if "many" in params else problem.code) == code
    text = everything(error)
    for value in values:
        assert value not in text, value


@pytest.mark.parametrize("candidate", ["Jan de Vries", "J.P. de Vries-Bakker",
                                       "+31 (0)6 1234 5678", "NL91 ABNA 0417 1643 00",
                                       "naam [at] provider.nl", "12031998"])
def test_a_pinned_candidate_id_that_is_personal_is_refused(with_candidates, candidate):
    """An agreed candidate id that is a name or other personal data: refused, not shown
    (also when the file holds no candidates)."""
    for candidates in (with_candidates["candidates"], None):
        raw = dict(with_candidates, candidates=candidates,
                   pins={"candidates": [{"with": "T1", "candidate_id": candidate}]})
        error = opened(raw)
        (problem,) = error.problems
        assert (problem.column, problem.code) == ("pins.candidates[1]", "ses.pin_personal")
        assert problem.value_text("nl").startswith("(niet getoond: lijkt op")
        assert "K0042" in problem.message("nl")  # an example of a pseudonym
        assert candidate not in everything(error)
        assert "Vries" not in everything(error) and "1234" not in everything(error)


def test_an_unknown_pinned_candidate_is_named_by_its_function(with_candidates):
    """A pin to a candidate that is not in the file says which function's agreement it is,
    never the id."""
    raw = dict(with_candidates,
               pins={"candidates": [{"with": "T1", "candidate_id": "K-9999"}]})
    error = opened(raw)
    (problem,) = error.problems
    assert problem.code == "ses.pin_unknown_candidate" and problem.value == ""
    assert problem.message("nl") == ("de afspraak voor functie F-kopie noemt een kandidaat "
                                     "die niet in de kandidaten staat (id niet getoond).")
    assert "K-9999" not in everything(error)
    # without function ids (an older file): the function with the pin's task
    raw["functions"] = [{k: v for k, v in f.items() if k != "function_id"}
                        for f in raw["functions"]]
    (problem,) = opened(raw).problems
    assert problem.message("en") == ("the agreement for the function with task T1 names a "
                                     "candidate that is not in the candidates (id not shown).")


def test_a_candidate_pinned_twice_is_not_shown(with_candidates):
    raw = dict(with_candidates, pins={"candidates": [
        {"with": "T1", "candidate_id": "K-0001"}, {"with": "T2", "candidate_id": "K-0001"}]})
    error = opened(raw)
    (problem,) = error.problems
    assert problem.code == "ses.pin_twice" and "twee keer" in problem.message("nl")
    assert "F-kopie" in problem.message("nl") and "K-0001" not in everything(error)
