"""Small Streamlit pieces shared by the pages (kept apart from app_state, which has none)."""

import math
from collections.abc import Mapping, MutableMapping
from pathlib import Path
from typing import Any, cast

import pandas as pd
import streamlit as st

from matcher.inputs.cells import CellError, parse_number
from matcher.store import RegionStore, SessionStore
from matcher.store.db import StoreError, default_path
from matcher.text.format import nl_number

#: the session state, typed as the mapping app_state's helpers take
state = cast("MutableMapping[str, Any]", st.session_state)

_MISSING = {
    "taken": "Er zijn nog geen taken geladen. Laad een demo of een takenbestand op de pagina "
             "Start.",
    "kandidaten": "Er zijn geen kandidaten geladen. Laad een demo of een kandidatenbestand op "
                  "de pagina Start.",
}


def loaded(value: object, what: str) -> bool:
    """True when ``value`` is loaded; otherwise say what is missing and link to Start."""
    if value is not None:
        return True
    st.info(_MISSING[what])
    st.page_link("app_pages/start.py", label="Naar Start", icon=":material/home:")
    return False


def show_once(state: MutableMapping[str, Any], key: str) -> None:
    """Show the message ``(kind, text)`` kept under ``key`` once, then forget it.

    ``kind`` is ``"error"``, ``"warning"``, ``"info"`` or ``"success"``.
    """
    message = state.get(key)
    state[key] = None
    if message is not None:
        kind, text = message
        {"error": st.error, "warning": st.warning, "info": st.info}.get(kind, st.success)(text)


@st.cache_resource(show_spinner=False)
def session_store() -> tuple[SessionStore | None, str]:
    """The store the sessions are kept in (one per server), or ``None`` and why not."""
    try:
        return SessionStore(), ""
    except (StoreError, OSError) as error:
        return None, str(error)


def region_path(kind: str) -> Path:
    """The region workspace's file: ``eigen`` is the store the sessions are kept in (the
    WSP's or the school's own), ``demo`` the demo region beside it."""
    store = default_path()
    return store if kind == "eigen" else store.with_name("matcher-demoregio.sqlite")


def region_store(kind: str) -> tuple[RegionStore | None, str]:
    """The region workspace ``kind`` (see :func:`region_path`), or ``None`` and why not.
    The demo region is ``None`` with an empty reason until it is built."""
    path = region_path(kind)
    if kind == "demo" and not path.exists():
        return None, ""
    try:
        return RegionStore(path, user=REGION_USER), ""
    except (StoreError, OSError) as error:
        return None, str(error)


#: The pseudonymous name the region's audit log keeps for writes from the app.
REGION_USER = "app"

#: The pages in the order of a session: file, title, icon.
#: Streamlit's file uploader has no option for its own words ("Upload", "50MB per file"):
#: the same words in Dutch, by CSS (screen readers read generated content too). The
#: accepted file types are in each uploader's label. Checked by tests/e2e.
UPLOAD_BUTTON_NL = "Bestand kiezen"
UPLOAD_LIMIT_NL = "of sleep het hierheen (max. 50 MB)"
UPLOADER_NL = (
    "[data-testid='stFileUploaderDropzone'] button [data-testid='stMarkdownContainer'] p "
    "{font-size: 0 !important;}"
    "[data-testid='stFileUploaderDropzone'] button [data-testid='stMarkdownContainer'] "
    f"p::after {{content: '{UPLOAD_BUTTON_NL}'; font-size: 0.875rem;}}"
    "[data-testid='stFileUploaderDropzoneInstructions'] span {font-size: 0 !important;}"
    "[data-testid='stFileUploaderDropzoneInstructions'] span::after "
    f"{{content: '{UPLOAD_LIMIT_NL}'; font-size: 0.875rem;}}"
)

STEPS: tuple[tuple[str, str, str], ...] = (
    ("app_pages/start.py", "Start", ":material/home:"),
    ("app_pages/taken.py", "Taken", ":material/checklist:"),
    ("app_pages/functies.py", "Functies", ":material/work:"),
    ("app_pages/kandidaten.py", "Kandidaten", ":material/group:"),
    ("app_pages/matching.py", "Matching", ":material/handshake:"),
    ("app_pages/rapport.py", "Rapport", ":material/summarize:"),
    ("app_pages/regio.py", "Regio", ":material/map:"),
)


def next_step(page: str, what: str) -> None:
    """The link to the step after ``page`` at the end of a page: ``Volgende stap: what``."""
    files = [step[0] for step in STEPS]
    k = files.index(page)
    if k + 1 >= len(STEPS):
        return
    target, title, icon = STEPS[k + 1]
    st.divider()
    st.page_link(target, label=f"Volgende stap: {title} – {what}", icon=icon)


def dutch(frame: pd.DataFrame | Mapping[str, Any], digits: Mapping[str, int] | None = None
          ) -> Any:
    """The frame with every decimal number shown the Dutch way (``25,50``, ``1.234,5``),
    as a pandas Styler: the table still sorts by the numbers themselves.

    ``digits`` gives the decimals per column (default 2; whole-number columns stay whole).
    """
    data = frame if isinstance(frame, pd.DataFrame) else pd.DataFrame(frame)
    digits = digits or {}

    def shown(places: int) -> Any:
        def text(value: Any) -> str:
            return "" if pd.isna(value) else nl_number(float(value), places, thousands=True)
        return text

    formats = {column: shown(digits.get(str(column), 2)) for column in data.columns
               if pd.api.types.is_float_dtype(data[column])}
    return data.style.format(formats) if formats else data


def table(frame: pd.DataFrame | Mapping[str, Any], digits: Mapping[str, int] | None = None,
          **options: Any) -> Any:
    """``st.dataframe`` of ``frame`` in Dutch notation (:func:`dutch`), without the index,
    as wide as the page unless ``options`` say otherwise."""
    options.setdefault("hide_index", True)
    options.setdefault("width", "stretch")
    return st.dataframe(dutch(frame, digits), **options)


def decimal_input(container: Any, label: str, key: str, *, low: float, high: float,
                  digits: int = 2, help: str | None = None) -> float | None:
    """A number field in Dutch notation: it shows ``25,5`` and reads ``25,5`` or ``25.5``.

    Streamlit's ``number_input`` prints ``25.50`` whatever the browser's language, so the
    number lives in ``state[key]`` and the field is a text field beside it. Returns the
    number, or ``None`` (with a Dutch error under the field, naming what was typed) when
    the text is not a number in ``[low, high]``; ``state[key]`` then keeps its last good
    value, so a caller refuses to act on the field rather than use a stale number silently.
    """
    text_key, shown_key = f"{key}__nl", f"{key}__shown"
    value = float(state[key])
    if text_key not in state or state.get(shown_key) != value:  # set from outside (a demo, a file)
        state[text_key] = nl_number(value, digits, strip=True)
        state[shown_key] = value
    text = str(container.text_input(label, key=text_key, help=help))
    example = nl_number(value, digits, strip=True)
    try:
        number = parse_number(text) if text.strip() else math.nan
    except CellError:
        number = math.nan
    if math.isnan(number):
        container.error(f"{label}: '{text}' is geen getal. Schrijf bijvoorbeeld {example}.")
        return None
    if not low <= number <= high:
        container.error(f"{label}: {text} ligt niet tussen {nl_number(low, digits, strip=True)} "
                        f"en {nl_number(high, digits, strip=True, thousands=True)}.")
        return None
    state[key] = state[shown_key] = number
    return number
