"""matcher.text: every word a user reads, in English and Dutch.

- :mod:`matcher.text.catalogue`: message codes -> English and Dutch texts (:data:`MESSAGES`,
  with the stages' own tables ``codes_<stage>.py`` merged in), :class:`Msg` (a code with
  its parameters), :class:`Note` (a warning that carries its message), :func:`render`.
- :mod:`matcher.text.labels`: Dutch names of areas, levels, days, score components.
- :mod:`matcher.text.format`: the only Dutch number, hour, day and time formatting.
"""

from __future__ import annotations

from matcher.text.catalogue import (
    LANGUAGES,
    MESSAGES,
    Lang,
    Msg,
    Note,
    Text,
    known,
    msg,
    note,
    render,
    render_params,
    text_in,
)
from matcher.text.format import format_days, format_time, hours_text, nl_format, nl_number
from matcher.text.labels import (
    AREA_LABELS_NL,
    COMPONENT_LABELS_NL,
    DAY_NAMES_NL,
    DAY_NAMES_NL_LONG,
    KNOCKOUT_LABELS_NL,
    LEVEL_NAMES_NL,
)

__all__ = [
    "AREA_LABELS_NL",
    "COMPONENT_LABELS_NL",
    "DAY_NAMES_NL",
    "DAY_NAMES_NL_LONG",
    "KNOCKOUT_LABELS_NL",
    "LANGUAGES",
    "LEVEL_NAMES_NL",
    "MESSAGES",
    "Lang",
    "Msg",
    "Note",
    "Text",
    "format_days",
    "format_time",
    "hours_text",
    "known",
    "msg",
    "nl_format",
    "nl_number",
    "note",
    "render",
    "render_params",
    "text_in",
]
