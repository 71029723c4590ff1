"""Tests of matcher.session (mirrors src/matcher/session)."""

from __future__ import annotations

import matcher

#: The user's default carving rules.
FAST = matcher.CarveParams()
#: Fast solver settings: the heuristic without the extra neighbourhood search.
FAST_SOLVER = matcher.SolverParams(method="heuristic", lns_rounds=0)
