"""matcher.inputs: tables in, checked objects out (every problem at once, never a traceback).

- :mod:`matcher.inputs.schema`: the data contract (columns, Dutch and English headers).
- :mod:`matcher.inputs.cells`: parsers for one cell (numbers with a decimal comma, days,
  times, levels, areas, yes/no, postcodes), raising a coded :class:`CellError`.
- :mod:`matcher.inputs.read`: CSV, ``.xlsx`` and DataFrames to raw cells within
  :class:`Limits`.
- :mod:`matcher.inputs.guard`: the personal-data guard (headers and values), with the
  detectors of what personal data looks like in one value in :mod:`matcher.inputs.personal`.
- :mod:`matcher.inputs.loaders`: :func:`load_tasks`, :func:`load_sites`,
  :func:`load_candidates` (files or DataFrames) and :func:`validate_file`.
"""

from __future__ import annotations

from matcher.inputs.cells import CellError
from matcher.inputs.guard import personal_value_kind, redact_candidate_value
from matcher.inputs.loaders import (
    detect_kind,
    load_candidates,
    load_sites,
    load_tasks,
    validate_file,
)
from matcher.inputs.read import FORMULA_START, Limits, RawTable, Source, read_table
from matcher.inputs.schema import (
    AREAS,
    CANDIDATE_COLUMNS,
    EDUCATION_LEVEL,
    SITE_COLUMNS,
    TASK_COLUMNS,
    WORK_DAYS,
    ColumnSpec,
    Kind,
    normalise_key,
)

__all__ = [
    "AREAS",
    "CANDIDATE_COLUMNS",
    "EDUCATION_LEVEL",
    "FORMULA_START",
    "SITE_COLUMNS",
    "TASK_COLUMNS",
    "WORK_DAYS",
    "CellError",
    "ColumnSpec",
    "Kind",
    "Limits",
    "RawTable",
    "Source",
    "detect_kind",
    "load_candidates",
    "load_sites",
    "load_tasks",
    "normalise_key",
    "personal_value_kind",
    "read_table",
    "redact_candidate_value",
    "validate_file",
]
