"""The app keeps its session on the server: a reload or a closed tab loses nothing."""

from __future__ import annotations

from typing import Any

from tests.app.test_app import carved_app, library_vo, loaded_app, new_app, texts

__all__ = ["library_vo"]  # the fixture, used by name


def reload_of(at: Any) -> Any:
    """A new browser session on the same address (what F5 or a reopened link does)."""
    again = new_app()
    for name, value in at.query_params.items():
        again.query_params[name] = value
    return again.run()


def test_a_reload_brings_back_functions_locks_and_pins(library_vo) -> None:
    at = carved_app(library_vo)
    first = at.session_state["carving"].functions[0]
    at.checkbox(key=f"lock_{first.function_id}").check().run()
    key = at.session_state["session_key"]
    assert key and at.query_params["sessie"] == key
    before = at.session_state["carving"]

    again = reload_of(at)
    assert not again.exception
    after = again.session_state["carving"]
    assert after is not None
    assert [f.task_ids for f in after.functions] == [f.task_ids for f in before.functions]
    assert [f.function_id for f in after.functions] == [f.function_id for f in before.functions]
    assert after.functions[0].locked and again.session_state["locks"] == (first.task_ids,)
    assert again.session_state["pool"] is not None
    assert len(again.session_state["pool"]) == len(at.session_state["pool"])
    assert again.session_state["session_key"] == key
    assert any("Uw sessie is terug" in t for t in texts(again.success))
    assert again.session_state["source"] == at.session_state["source"]


def test_an_unknown_address_says_so_and_loads_nothing() -> None:
    at = new_app()
    at.query_params["sessie"] = "x" * 22
    at.run()
    assert not at.exception
    assert at.session_state["inventory"] is None
    assert any("niet (meer) bewaard" in t for t in texts(at.warning))


def test_recent_sessions_on_start_open_another_session() -> None:
    first = loaded_app("po")
    po_key = first.session_state["session_key"]
    second = loaded_app("vo")
    vo_key = second.session_state["session_key"]
    assert po_key and vo_key and po_key != vo_key
    second.run()
    open_po = second.button(key=f"recent_{po_key}")
    assert open_po.label == "Openen"
    open_po.click().run()
    assert not second.exception
    assert second.session_state["session_key"] == po_key
    assert "Gelderse Vallei" in second.session_state["source"]
    assert any("Sessie geopend" in t for t in texts(second.success))


def test_nothing_is_saved_before_something_is_loaded() -> None:
    at = new_app().run()
    assert at.session_state["session_key"] is None
    assert "sessie" not in at.query_params
