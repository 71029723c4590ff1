"""The message catalogue: every problem and warning a user can see has English and Dutch,
and every Dutch text comes from a code (nothing is read back from rendered English)."""

from __future__ import annotations

import ast
import copy
import importlib
import pickle
import string
from collections.abc import Iterator
from pathlib import Path

import pytest

import matcher
import matcher.text
from matcher.carving import CarveParams, carve
from matcher.errors import InputError, Problem, problems_frame
from matcher.inputs.loaders import load_candidates, load_sites, load_tasks, validate_file
from matcher.model import Inventory, Task
from matcher.quota import QuotaParameters, quota
from matcher.session import load_session
from matcher.text import catalogue
from matcher.text.catalogue import MESSAGES, Msg, Note, msg, note, render, text_in

SRC = Path(matcher.__file__).parent
DATA = Path(__file__).resolve().parents[1] / "data"
#: Code prefixes: the catalogue's own, and those of the stages' tables (text/codes_*.py).
PREFIXES = ("io", "pin", "cell", "val", "ses", "num", "w", "q", "lock", "cli", "error", "sep",
            "row", "pd", "carve", "param", "match", "sess", "out")
#: The catalogue: text/catalogue.py and the stages' tables merged into it.
CATALOGUE_FILES = sorted([SRC / "text" / "catalogue.py", *(SRC / "text").glob("codes_*.py")])


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def assert_dutch(problem: Problem) -> None:
    """The problem carries a catalogue code and reads in Dutch from it."""
    assert problem.code in MESSAGES, f"no code: {problem!r}"
    nl, en = problem.message("nl"), problem.message("en")
    assert nl != en, f"no Dutch for {problem!r}"
    assert en == problem.rule
    assert not problem.value_text("nl").startswith("(not shown")
    if problem.hidden is not None:
        assert problem.value_text("nl").startswith("(niet getoond")
        assert problem.value == problem.hidden.text("en")
    assert problem.text("nl").count("row ") == 0 or "rij" in problem.text("nl")


def assert_note(warning: str) -> None:
    """A warning is a Note: English as a string, Dutch from its message."""
    assert isinstance(warning, Note), warning
    assert warning.message.code in MESSAGES
    assert text_in(warning, "nl") == warning.message.text("nl") != str(warning)


def test_every_message_has_both_languages_with_matching_fields():
    """Both texts exist, are not empty and use only the English text's parameters."""
    for code, text in MESSAGES.items():
        assert text.en and text.nl, code
        assert code.split(".")[0] in PREFIXES or code == "cell", code
        assert fields(text.nl) <= fields(text.en), code
        dummy = {name: 1 for name in fields(text.en)}
        assert render(code, "en", **dummy) and render(code, "nl", **dummy)


def test_every_stage_table_is_merged_into_the_catalogue():
    """Each text/codes_<stage>.py is part of the catalogue, with the stage prefixes."""
    tables = sorted((SRC / "text").glob("codes_*.py"))
    assert len(tables) >= 4
    for path in tables:
        table = importlib.import_module(f"matcher.text.{path.stem}").MESSAGES
        for code, (en, nl) in table.items():
            assert MESSAGES[code].en == en and MESSAGES[code].nl == nl, (path.name, code)
            assert code.split(".")[0] in PREFIXES, (path.name, code)


def looks_like_code(value: object) -> bool:
    """A string such as ``val.no_rows``: a known prefix, dotted, lower case, no spaces."""
    return (isinstance(value, str) and "." in value and value.split(".")[0] in PREFIXES
            and value.replace(".", "").replace("_", "").isalnum() and value == value.lower()
            and " " not in value)


def locations(tree: ast.AST) -> set[str]:
    """Dotted names a module uses as the place of a problem, not as a code: the first
    argument of a call whose second is a code (``bad("carve.params", "ses.table")``)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and len(node.args) >= 2:
            first, second = node.args[0], node.args[1]
            if (isinstance(first, ast.Constant) and isinstance(second, ast.Constant)
                    and second.value in MESSAGES and isinstance(first.value, str)):
                found.add(first.value)
    return found


def literal_codes() -> Iterator[tuple[str, str]]:
    """(file, code) for every string literal in the library that looks like a message code,
    in every subpackage, outside the catalogue (catalogue.py and codes_*.py define codes)."""
    for path in sorted(SRC.rglob("*.py")):
        if path in CATALOGUE_FILES:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        places = locations(tree)
        for node in ast.walk(tree):
            if (isinstance(node, ast.Constant) and looks_like_code(node.value)
                    and node.value not in places):
                yield str(path.relative_to(SRC)), node.value


def test_every_code_used_in_the_library_is_in_the_catalogue():
    """A code written in the source but missing from the catalogue fails here, not in use."""
    used = list(literal_codes())
    assert len(used) > 60  # the scan finds the loaders' codes
    assert any(f.startswith("inputs/") for f, _ in used)
    missing = [(f, c) for f, c in used if c not in MESSAGES and not c.endswith(".")]
    # file names such as "io.py" are not codes
    missing = [(f, c) for f, c in missing if not c.endswith(".py")]
    assert not missing
    for kind in ("tasks", "sites", "candidates"):
        assert f"row.{kind}" in MESSAGES
    for what in ("email", "date", "phone", "bsn", "postcode", "address"):
        assert f"pd.many.{what}" in MESSAGES


def test_no_back_translation_is_left():
    """The catalogue renders from codes only: no reader of rendered text remains."""
    for name in ("translate", "parse", "_Template", "_templates", "_Captured", "_NESTED",
                 "_NUMBER"):
        assert not hasattr(catalogue, name), name


def test_the_floor_exports_its_public_api():
    for name in ("msg", "render", "Msg", "Note", "note", "MESSAGES", "text_in", "nl_number",
                 "nl_format", "hours_text", "format_days", "format_time", "AREA_LABELS_NL",
                 "LEVEL_NAMES_NL", "DAY_NAMES_NL", "COMPONENT_LABELS_NL",
                 "KNOCKOUT_LABELS_NL"):
        assert name in matcher.text.__all__ and hasattr(matcher.text, name), name


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
    warning = note("io.note_skipped", name="t.csv", rows="1", header=2)
    assert render("sess.pin_dropped", "nl", task="T1", anchor="T2", reason=warning).endswith(
        warning.message.text("nl"))


def test_text_in_never_translates_plain_text():
    """Only text that carries its message changes language; any other text stays as it is."""
    assert text_in("at least one weight must be > 0.", "nl") == "at least one weight must be > 0."
    assert text_in(msg("w.one_positive"), "nl") == "minstens één gewicht moet groter dan 0 zijn."
    assert text_in(note("io.empty"), "nl") == "het bestand is leeg: er is geen kopregel."
    assert text_in(note("io.empty")) == "the file is empty: it has no header row."
    with pytest.raises(KeyError):
        msg("no.such_code")


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


def test_a_problem_without_a_code_is_never_translated():
    """Free text made by hand reads the same in every language (nothing reads it back)."""
    problem = Problem("f", None, "c", "at least one weight must be > 0.")
    assert problem.message("nl") == problem.message("en") == "at least one weight must be > 0."


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


def test_every_problem_and_warning_of_the_corpus_carries_a_code_and_reads_in_dutch():
    """Each problem the fuzz corpus and test files give, with every loader, has a code and
    Dutch text; every loader warning is a Note with its message."""
    problems = warnings = 0
    for _case, result in corpus_outcomes():
        if isinstance(result, InputError):
            for problem in result.problems:
                assert_dutch(problem)
                problems += 1
        else:
            notes = getattr(result, "warnings", ())
            if isinstance(result, tuple):  # validate_file: (kind, summary, warnings)
                notes = result[2]
            for warning in notes:
                assert_note(warning)
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
    "kandidaat_id;uren_per_week_max;kleur\nJan Jansen;Dorpsstraat 12;a@b.nl\n"
    "K2;12-03-1998;0612345678\n",
])
def test_loader_problems_carry_a_code_and_read_in_dutch(text):
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


def test_hidden_values_are_markers_with_a_code():
    """A candidate's value that is not shown is a coded marker, in the reader's language."""
    data = b"kandidaat_id;uren_per_week_max\nK1;Dorpsstraat 12\nK2;veel uren\n"
    with pytest.raises(InputError) as info:
        load_candidates(data, name="k.csv")
    hidden = [p for p in info.value.problems if p.hidden is not None]
    assert {p.hidden.code for p in hidden if p.hidden} == {"val.hidden_personal",
                                                           "val.hidden_candidate"}
    for problem in hidden:
        assert problem.value.startswith("(not shown")
        assert problem.value_text("nl").startswith("(niet getoond")
    frame = info.value.to_frame("nl")
    assert "(niet getoond: lijkt op een straat met huisnummer)" in list(frame["waarde"])


def test_problems_of_other_modules_carry_a_code_and_read_in_dutch():
    """Weights, quotum parameters, locks, the session file: coded, so Dutch without reading
    English back."""
    found: list[Problem] = []
    for toml in ("[weights]\ntravel = -1\n", "[gewichten]\n", "[weights]\nfoo = 1\n",
                 "[weights]\ntravel = 'x'\n", "[weights\n", "[options]\nunknown_value = 2\n"
                 "reference_km = 0\nlevel_tolerance = 9\n",
                 "[weights]\ntravel = 0\nhours = 0\nlevel = 0\navailability = 0\nload = 0\n"
                 "wishes = 0\n"):
        with pytest.raises(InputError) as info:
            matcher.Weights.from_toml_text(toml, "w.toml")
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
        assert_dutch(problem)


def test_user_values_inside_a_warning_are_never_translated():
    """A header that reads like a catalogue text stays the user's header in the Dutch warning."""
    data = (b"task_id,description,area,hours_per_week,level,must be a number.\n"
            b"T1,a,klas,3,1,x\n")
    inventory = load_tasks(data, name="taken {0} 100%.csv")
    (warning,) = inventory.warnings
    assert warning == ("taken {0} 100%.csv: column 'must be a number.' is not used by matcher "
                       "and was ignored.")  # English text for the CLI and the API, unchanged
    assert text_in(warning, "nl") == ("taken {0} 100%.csv: kolom 'must be a number.' wordt "
                                      "door matcher niet gebruikt en is overgeslagen.")
    # plain text is never read back: it stays as it is
    assert text_in(str(warning), "nl") == str(warning)


def test_braces_and_percent_in_values_never_break_formatting():
    for value in ("{0}", "{x}", "%s", "{", "}", "{{}}", "100%"):
        assert render("w.toml", "nl", error=value) == f"is geen geldige TOML ({value})."
        problem = Problem.of(value, 2, value, "cell", value, column=value,
                             rule=msg("cell.number"))
        assert problem.text("nl") == f"{value}, rij 2, kolom '{value}': moet een getal zijn. " \
                                     f"Waarde '{value}'."


def test_a_value_in_brackets_is_not_taken_for_a_hidden_marker():
    assert Problem("f", 2, "c", "must be a number.", "(must be a number.)").value_text("nl") == (
        "(must be a number.)")
    english = render("val.hidden_personal", "en", what=msg("pd.name"))
    assert Problem("f", 2, "c", "x", english).value_text("nl") == english  # text: as it is
    marker = msg("val.hidden_personal", what=msg("pd.name"))
    problem = Problem.of("f", 2, "c", "cell.number", marker)
    assert problem.value == english
    assert problem.value_text("nl") == "(niet getoond: lijkt op een naam)"


def test_a_warning_survives_pickle_and_copy():
    """Streamlit's cache pickles loaded inputs; a Note must come back as a Note."""
    warning = load_tasks(b"task_id,description,area,hours_per_week,level,kleur\n"
                         b"T1,a,klas,3,1,rood\n", name="t.csv").warnings[0]
    for back in (pickle.loads(pickle.dumps(warning)), copy.deepcopy(warning),
                 copy.copy(warning)):
        assert back == warning and isinstance(back, Note)
        assert back.message == warning.message
        assert "kolom 'kleur'" in text_in(back, "nl")


def test_msg_is_a_value():
    assert msg("cell.whole", high=2, low=0) == Msg("cell.whole", (("high", 2), ("low", 0)))
    assert str(msg("io.empty")) == "the file is empty: it has no header row."
