"""matcher.session: the functiecreatie workflow, testable without a UI.

* :mod:`~matcher.session.workspace`: :class:`Workspace`, a team's session; its actions
  (carve, lock, move, pin, agree, match, open, save) return an :class:`Outcome` with
  coded notes;
* :mod:`~matcher.session.scope`: carving board-wide or per site with locked groups;
* :mod:`~matcher.session.pins`: task pins and agreed candidates across re-carves;
* :mod:`~matcher.session.file`: the session file (version 3; reads 1 and 2);
* :mod:`~matcher.session.around`: carving around the candidate pool.
"""

from matcher.session.around import AroundResult, carve_around_pool, reachable
from matcher.session.file import (
    SESSION_FORMAT,
    SESSION_VERSION,
    SOLVER_KEYS,
    Session,
    carve_rules,
    dump_session,
    load_session,
    pool_to_frame,
    sites_to_frame,
)
from matcher.session.pins import (
    CandidatePin,
    FollowedPins,
    PinOutcome,
    Reanchored,
    TaskPin,
    assign_with_pins,
    candidate_pins_by_function,
    follow_candidate_pins,
    function_anchor,
    function_of_anchor,
    keep_pins,
    pin_task,
    reanchor,
    unpin_task,
    valid_task_pins,
)
from matcher.session.scope import (
    Group,
    Scope,
    carve_scoped,
    groups_of,
    move_task,
    rebuild,
    with_locks,
)
from matcher.session.workspace import (
    CarveScope,
    MatchResult,
    Outcome,
    Workspace,
    error_reason,
    ordered_locks,
    slider_weights,
)

__all__ = [
    "SESSION_FORMAT",
    "SESSION_VERSION",
    "SOLVER_KEYS",
    "AroundResult",
    "CandidatePin",
    "CarveScope",
    "FollowedPins",
    "Group",
    "MatchResult",
    "Outcome",
    "PinOutcome",
    "Reanchored",
    "Scope",
    "Session",
    "TaskPin",
    "Workspace",
    "assign_with_pins",
    "candidate_pins_by_function",
    "carve_around_pool",
    "carve_rules",
    "carve_scoped",
    "dump_session",
    "error_reason",
    "follow_candidate_pins",
    "function_anchor",
    "function_of_anchor",
    "groups_of",
    "keep_pins",
    "load_session",
    "move_task",
    "ordered_locks",
    "pin_task",
    "pool_to_frame",
    "reachable",
    "reanchor",
    "rebuild",
    "sites_to_frame",
    "slider_weights",
    "unpin_task",
    "valid_task_pins",
    "with_locks",
]
