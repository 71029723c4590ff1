"""The message catalogue: every problem and warning a user can see has English and Dutch."""

from __future__ import annotations

import ast
import string
from collections.abc import Iterator
from pathlib import Path

import pytest

import matcher
from matcher.carving.core import CarveParams, carve
from matcher.errors import InputError, Problem, problems_frame
from matcher.inputs.loaders import load_candidates, load_sites, load_tasks, validate_file
from matcher.matching.score import Weights
from matcher.model import Inventory, Task
from matcher.quota import QuotaParameters, quota
from matcher.session.workflow import load_session
from matcher.text.catalogue import MESSAGES, Msg, msg, parse, render, translate

SRC = Path(matcher.__file__).parent
DATA = Path(__file__).parent / "data"
PREFIXES = ("io", "pin", "cell", "val", "ses", "num", "w", "q", "lock", "cli", "error", "sep",
            "row", "pd")


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def assert_dutch(problem: Problem) -> None:
    """The problem reads in Dutch: not the English text, and no English catalogue text left."""
    nl, en = problem.message("nl"), problem.message("en")
    assert nl != en, f"no Dutch for {problem!r}"
    assert translate(nl, "nl") == nl, f"English left in {nl!r}"
    assert problem.code or parse(problem.rule) is not None, f"not in the catalogue: {problem!r}"
    assert not problem.value_text("nl").startswith("(not shown")
    assert problem.text("nl").count("row ") == 0 or "rij" in problem.text("nl")


def test_every_message_has_both_languages_with_matching_fields():
    """Both texts exist, are not empty and use only the English text's parameters."""
    for code, text in MESSAGES.items():
        assert text.en and text.nl, code
        assert code.split(".")[0] in PREFIXES or code == "cell", code
        assert fields(text.nl) <= fields(text.en), code
        dummy = {name: 1 for name in fields(text.en)}
        assert render(code, "en", **dummy) and render(code, "nl", **dummy)


def literal_codes() -> Iterator[tuple[str, str]]:
    """(file, code) for every string literal in the library that looks like a message code."""
    for path in sorted(SRC.rglob("*.py")):
        if str(path.relative_to(SRC)) == "text/catalogue.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                value = node.value
                head = value.split(".")[0]
                if "." in value and head in PREFIXES and value.replace(".", "").replace(
                        "_", "").isalnum() and value == value.lower() and " " not in value:
                    yield path.name, value


def test_every_code_used_in_the_library_is_in_the_catalogue():
    """A code written in the source but missing from the catalogue fails here, not in use."""
    used = list(literal_codes())
    assert len(used) > 60  # the scan finds the loaders' codes
    missing = [(f, c) for f, c in used if c not in MESSAGES and not c.endswith(".")]
    # file names such as "io.py" are not codes
    missing = [(f, c) for f, c in missing if not c.endswith(".py")]
    assert not missing
    for kind in ("tasks", "sites", "candidates"):
        assert f"row.{kind}" in MESSAGES
    for what in ("email", "date", "phone", "bsn", "postcode", "address"):
        assert f"pd.many.{what}" in MESSAGES


def test_render_in_both_languages_with_dutch_numbers():
    assert render("io.too_many_rows", "en", count=250_000, limit=200_000) == (
        "the file has 250,000 data rows; the limit is 200,000.")
    assert render("io.too_many_rows", "nl", count=250_000, limit=200_000) == (
        "het bestand heeft 250.000 rijen met gegevens; de grens is 200.000.")
    fixed = {"days": 5, "length": 1.5, "expected": 7.5}
    assert "5 x 1,50 = 7,50 uur" in render("val.fixed_hours", "nl", **fixed)
    assert "5 x 1.50 = 7.50 h" in render("val.fixed_hours", "en", **fixed)


def test_nested_messages_follow_the_language():
    rule = msg("cell", column="hours_per_week", rule=msg("cell.number"))
    assert rule.text("en") == "hours_per_week must be a number."
    assert rule.text("nl") == "moet een getal zijn."


def test_translate_reads_both_languages_back():
    """Text made outside the catalogue is recognised in either language, with parameters."""
    assert translate("at least one weight must be > 0.") == (
        "minstens één gewicht moet groter dan 0 zijn.")
    assert translate("bevat een taak die al in vergrendelde functie 2 zit.", "en") == (
        "holds a task that is already in locked function 2.")
    english = render("val.personal_values", "en", count=3, many=msg("pd.many.bsn"))
    assert translate(english) == render("val.personal_values", "nl", count=3,
                                        many=msg("pd.many.bsn"))
    assert translate("geen idee") == "geen idee"
    assert parse("het bestand bestaat niet.") == Msg("io.missing_file")


def test_problem_keeps_english_and_gives_dutch():
    """str(problem) and rule stay English (CLI, API); message('nl') and text('nl') are Dutch."""
    problem = Problem.of("t.csv", 3, "uren", "cell", "veel", column="hours_per_week",
                         rule=msg("cell.number"))
    assert problem.rule == "hours_per_week must be a number."
    assert str(problem) == "t.csv, row 3, column 'uren': hours_per_week must be a number. " \
                           "Got 'veel'."
    assert problem.text("nl") == "t.csv, rij 3, kolom 'uren': moet een getal zijn. Waarde 'veel'."
    # equal to the same problem made from its English text (the code is extra)
    assert problem == Problem("t.csv", 3, "uren", "hours_per_week must be a number.", "veel")


def test_problems_frame_and_error_in_dutch():
    error = InputError([Problem.of("t.csv", None, "", "val.no_rows"),
                        Problem.of("t.csv", 2, "taak_id", "val.not_empty", column="task_id")])
    nl = error.to_frame("nl")
    assert list(nl.columns) == ["bestand", "rij", "kolom", "probleem", "waarde"]
    assert list(nl["probleem"]) == ["het bestand heeft een kopregel maar geen rijen met gegevens.",
                                    "mag niet leeg zijn."]
    assert list(error.to_frame().columns) == ["file", "row", "column", "rule", "value"]
    assert list(problems_frame(error.problems)["rule"]) == [p.rule for p in error.problems]
    assert str(error).startswith("2 problems found in the input:")
    assert error.message("nl").startswith("2 problemen gevonden in de invoer:")
    assert "rij 2, kolom 'taak_id': mag niet leeg zijn." in error.message("nl")


def corpus_outcomes() -> Iterator[tuple[str, InputError | object]]:
    loaders = (load_tasks, load_sites, load_candidates, validate_file)
    paths = sorted((DATA / "fuzz").iterdir()) + sorted(DATA.glob("*.*"))
    for path in paths:
        if path.suffix not in (".csv", ".xlsx", ".tsv", ".xls", ".txt"):
            continue
        for load in loaders:
            try:
                result: object = load(path)
            except InputError as error:
                result = error
            yield f"{path.name}:{load.__name__}", result


def test_every_problem_and_warning_of_the_corpus_reads_in_dutch():
    """Each problem the fuzz corpus and test files give, with every loader, has Dutch text;
    so does every loader warning."""
    problems = warnings = 0
    for case, result in corpus_outcomes():
        if isinstance(result, InputError):
            for problem in result.problems:
                assert_dutch(problem)
                problems += 1
        else:
            notes = getattr(result, "warnings", ())
            if isinstance(result, tuple):  # validate_file: (kind, summary, warnings)
                notes = result[2]
            for warning in notes:
                assert translate(warning) != warning, (case, warning)
                warnings += 1
    assert problems > 50 and warnings > 3


@pytest.mark.parametrize("text", [
    "taak_id;omschrijving;gebied;uren_per_week;niveau;dagen;begin;eind\n"
    "T1;a;klas;x;9;zo-ma;25:00;8:00\nT1;;onbekend;;;;;\n",
    "taak_id;omschrijving;gebied;uren_per_week;niveau;begin;eind\nT1;a;klas;2;1;10:00;09:00\n"
    "T2;b;klas;3;1;10:00;10:30\nT3;c;klas;2;1;10:00;\nTotaal;;;7;;;\n",
    "taak_id,omschrijving;gebied\nT1,a;klas\n",
    "kandidaat_id;pc4;uren_per_week_min;uren_per_week_max;opleiding;email;lat\n"
    "K1;3811AB;30;20;mbo-9;a@b.nl;60\nK1;12;x;;;;\n",
    "locatie;naam;lat;lon;pc4\nA;a;52;;\nB;b;;;\nC;c;;;0000\n",
])
def test_loader_problems_read_in_dutch(text):
    """Row-level rules of all three loaders (made to break as many rules as possible)."""
    seen = 0
    for load in (load_tasks, load_candidates, load_sites):
        try:
            load(text.encode(), name="x.csv")
        except InputError as error:
            for problem in error.problems:
                assert_dutch(problem)
                seen += 1
    assert seen >= 3


def test_problems_of_other_modules_read_in_dutch():
    """Weights (score.py), quotum parameters (quota.py), locks (carve.py), the session file."""
    found: list[Problem] = []
    for toml in ("[weights]\ntravel = -1\n", "[gewichten]\n", "[weights]\nfoo = 1\n",
                 "[weights]\ntravel = 'x'\n", "[weights\n", "[options]\nunknown_value = 2\n"
                 "reference_km = 0\nlevel_tolerance = 9\n",
                 "[weights]\ntravel = 0\nhours = 0\nlevel = 0\navailability = 0\nload = 0\n"
                 "wishes = 0\n"):
        with pytest.raises(InputError) as info:
            Weights.from_toml_text(toml, "w.toml")
        found += info.value.problems
    with pytest.raises(InputError) as info:
        QuotaParameters(year=1900, percentage=200, levy_per_job=-1, source="", date="gisteren",
                        threshold=0)
    found += info.value.problems
    with pytest.raises(InputError) as info:
        QuotaParameters.from_dict({"jaar": 1})
    found += info.value.problems
    with pytest.raises(InputError) as info:
        quota(-1, -1, -1, basis="fte")  # type: ignore[arg-type]
    found += info.value.problems
    tasks = [Task("T1", "a", "concierge", 2.5, 1, days=(0,), start=600, end=750),
             Task("T2", "b", "concierge", 2.5, 1, days=(0,), start=600, end=750)]
    with pytest.raises(InputError) as info:
        carve(Inventory.from_tasks(tasks), CarveParams(min_hours=1, target_hours=2),
              locked=[["T1", "T2"], ["T9"], ["T1"], []])
    found += info.value.problems
    for data in (b"{", b'{"format": "x"}', b'{"format": "matcher-sessie", "version": 0}',
                 b'{"format": "matcher-sessie", "version": 9}',
                 b'{"format": "matcher-sessie", "version": 2, "tasks": [], "functions": 1,'
                 b' "carve": {"scope": "x", "params": {"x": 1}}, "objective": "y",'
                 b' "targets": {"fta": -1}, "pins": {"tasks": [{"task_id": "a"}],'
                 b' "candidates": 3}}'):
        with pytest.raises(InputError) as info:
            load_session(data)
        found += info.value.problems
    assert len(found) > 25
    for problem in found:
        nl = problem.message("nl")
        assert parse(nl) is not None or parse(problem.rule) is not None, problem
        assert translate(nl, "nl") == nl, problem
    # English for the catalogue's own problems; free Dutch text from other modules too
    assert all(problem.message("en") == translate(problem.message("nl"), "en")
               for problem in found if problem.code)


def test_user_values_inside_a_warning_are_never_translated():
    """A header that reads like a catalogue text stays the user's header in the Dutch warning."""
    data = (b"task_id,description,area,hours_per_week,level,must be a number.\n"
            b"T1,a,klas,3,1,x\n")
    inventory = load_tasks(data, name="taken {0} 100%.csv")
    (warning,) = inventory.warnings
    assert warning == ("taken {0} 100%.csv: column 'must be a number.' is not used by matcher "
                       "and was ignored.")  # English text for the CLI and the API, unchanged
    assert translate(warning, "nl") == ("taken {0} 100%.csv: kolom 'must be a number.' wordt "
                                        "door matcher niet gebruikt en is overgeslagen.")
    # the same text read back from plain text: the header is a value, not a message
    assert translate(str(warning), "nl") == translate(warning, "nl")


def test_translated_numbers_are_written_the_dutch_way():
    """English free text with formatted numbers reads back as numbers, so Dutch gets 250.000."""
    assert translate("the file has 250,000 data rows; the limit is 200,000.") == (
        "het bestand heeft 250.000 rijen met gegevens; de grens is 200.000.")
    english = render("val.fixed_hours", "en", days=3, length=2.5, expected=7.5)
    assert "3 x 2,50 = 7,50 uur" in translate(english)
    # and back: Dutch text to English
    assert translate("het bestand heeft 1.234 rijen met gegevens; de grens is 1.000.", "en") == (
        "the file has 1,234 data rows; the limit is 1,000.")


def test_braces_and_percent_in_values_never_break_formatting():
    for value in ("{0}", "{x}", "%s", "{", "}", "{{}}", "100%"):
        assert translate(f"is not valid TOML ({value}).") == f"is geen geldige TOML ({value})."
        problem = Problem.of(value, 2, value, "cell", value, column=value,
                             rule=msg("cell.number"))
        assert problem.text("nl") == f"{value}, rij 2, kolom '{value}': moet een getal zijn. " \
                                     f"Waarde '{value}'."


def test_parse_takes_linear_time_on_adversarial_text():
    """Many repeats of a template's literal text: the old backtracking regex took minutes here.

    No timing is asserted: a regression shows as a test that does not finish.
    """
    head = "hours_per_week must equal days x (end - start) = "
    text = head + "1 x 2 = " * 20_000 + "3 h for a fixed-time task."
    assert parse(text) is not None  # leftmost fields: recognised, in linear time
    assert translate("x: row(s) " + "1 above the header row " * 20_000).startswith("x: row(s)")


def test_a_value_in_brackets_is_not_taken_for_a_hidden_marker():
    assert Problem("f", 2, "c", "must be a number.", "(must be a number.)").value_text("nl") == (
        "(must be a number.)")
    hidden = render("val.hidden_personal", "en", what=msg("pd.name"))
    assert Problem("f", 2, "c", "x", hidden).value_text("nl") == "(niet getoond: lijkt op een naam)"


def test_a_warning_survives_pickle_and_copy():
    """Streamlit's cache pickles loaded inputs; a Note must come back as a Note."""
    import copy
    import pickle

    warning = load_tasks(b"task_id,description,area,hours_per_week,level,kleur\n"
                         b"T1,a,klas,3,1,rood\n", name="t.csv").warnings[0]
    for back in (pickle.loads(pickle.dumps(warning)), copy.deepcopy(warning),
                 copy.copy(warning)):
        assert back == warning and translate(back) == translate(warning)
        assert "kolom 'kleur'" in translate(back)
