"""Outputs: what matcher hands to people, built from carvings, scores and sessions.

The floor's modules, bottom to top (each imports only those above it in this list):

* :mod:`~matcher.outputs.files`: safe CSV/XLSX writers (formula-safe cells, to a path or
  to bytes);
* :mod:`~matcher.outputs.grid`: the one week grid of a function (:func:`week_grid` for the
  profiles, :func:`day_frame` for the app's day rows);
* :mod:`~matcher.outputs.hoofdtaken`: a function's tasks grouped into main tasks for a
  wage-value assessment;
* :mod:`~matcher.outputs.description`: :class:`FunctionProfile`, the facts of one function;
* :mod:`~matcher.outputs.profiles`: ``profiles.md`` and ``profiles.xlsx``;
* :mod:`~matcher.outputs.privacy`: k-anonymity of exports and the PC4-only map points;
* :mod:`~matcher.outputs.template`: the Excel template for schools;
* :mod:`~matcher.outputs.report`: the CLI's output files and terminal summaries;
* :mod:`~matcher.outputs.summary`, :mod:`~matcher.outputs.wsp`: the session summary and
  the WSP shortlist export.
"""

from matcher.outputs.description import (
    CONTACT_NL,
    LOAD_NL,
    FunctionProfile,
    build_profile,
    build_profiles,
)
from matcher.outputs.files import (
    csv_bytes,
    safe_cell,
    safe_frame,
    write_csv,
    write_xlsx,
    xlsx_bytes,
)
from matcher.outputs.grid import (
    SLOT_MINUTES,
    GridEntry,
    WeekGrid,
    day_frame,
    week_grid,
)
from matcher.outputs.hoofdtaken import (
    ACTIVITIES,
    Hoofdtaak,
    activity_kind,
    group_hoofdtaken,
    hoofdtaak_minimum,
)
from matcher.outputs.privacy import (
    HOURS_BANDS,
    STEPS,
    KAnonymityReport,
    hours_band,
    k_anonymise,
    pc4_points,
)
from matcher.outputs.profiles import profile_markdown, profiles_markdown, profiles_xlsx
from matcher.outputs.report import (
    carving_summary_text,
    match_summary_text,
    write_carving,
    write_match,
)
from matcher.outputs.summary import summary_markdown
from matcher.outputs.template import dutch_header, template_frames, template_xlsx
from matcher.outputs.wsp import wsp_shortlist, wsp_shortlist_csv, wsp_shortlist_xlsx, wsp_table

__all__ = [
    "ACTIVITIES",
    "CONTACT_NL",
    "HOURS_BANDS",
    "LOAD_NL",
    "SLOT_MINUTES",
    "STEPS",
    "FunctionProfile",
    "GridEntry",
    "Hoofdtaak",
    "KAnonymityReport",
    "WeekGrid",
    "activity_kind",
    "build_profile",
    "build_profiles",
    "carving_summary_text",
    "csv_bytes",
    "day_frame",
    "dutch_header",
    "group_hoofdtaken",
    "hoofdtaak_minimum",
    "hours_band",
    "k_anonymise",
    "match_summary_text",
    "pc4_points",
    "profile_markdown",
    "profiles_markdown",
    "profiles_xlsx",
    "safe_cell",
    "safe_frame",
    "summary_markdown",
    "template_frames",
    "template_xlsx",
    "week_grid",
    "write_carving",
    "write_csv",
    "write_match",
    "write_xlsx",
    "wsp_shortlist",
    "wsp_shortlist_csv",
    "wsp_shortlist_xlsx",
    "wsp_table",
    "xlsx_bytes",
]
