"""Carving: partition a task inventory into coherent functions of about 25.5 hours.

The floor's modules, bottom to top (each imports only those above it in this list):

* :mod:`~matcher.carving.weekrules`: the rules of a workable week (:class:`ScheduleParams`,
  a site's opening and pupil hours);
* :mod:`~matcher.carving.day`: one working day planned (parts per site, breaks, travel);
* :mod:`~matcher.carving.week`: the week model and its checker (:func:`build_schedule`,
  :func:`check_schedule`);
* :mod:`~matcher.carving.params`: what a user decides (:class:`CarveParams`) and the
  solver's settings (:class:`SolverParams`);
* :mod:`~matcher.carving.problem`: :class:`CarveProblem`, the hard rules and the value of
  a function, shared by every solver;
* :mod:`~matcher.carving.titles`, :mod:`~matcher.carving.result`: Dutch titles,
  :class:`Function` and :class:`Carving`;
* :mod:`~matcher.carving.columns`: candidate functions (growth, pricing, enumeration);
* :mod:`~matcher.carving.heuristic`: selection MILP, local search, neighbourhoods, blocks;
* :mod:`~matcher.carving.walk` (compiled), :mod:`~matcher.carving.exact`: the proof of
  optimality; :mod:`~matcher.carving.bound`: upper bounds;
* :mod:`~matcher.carving.locks`: locked functions and warm starts;
* :mod:`~matcher.carving.names`: function ids that stay through re-carves;
  :mod:`~matcher.carving.split`: tasks split by day;
* :mod:`~matcher.carving.carver`: :func:`carve`; :mod:`~matcher.carving.baseline`:
  :func:`carve_baseline`;
* :mod:`~matcher.carving.relax`: what looser rules would give (:func:`relaxations`).
"""

from matcher.carving.baseline import carve_baseline
from matcher.carving.bound import CarveBound, carve_bound
from matcher.carving.carver import carve, reason_text, rule_text
from matcher.carving.exact import ExactResult, solve_exact
from matcher.carving.params import CarveParams, SolverParams
from matcher.carving.problem import CarveProblem, problem_and_pool, site_boards
from matcher.carving.relax import Relaxation, needs_relaxing, relaxation_frame, relaxations
from matcher.carving.result import Carving, Function
from matcher.carving.titles import function_title
from matcher.carving.week import (
    Block,
    Schedule,
    ScheduleParams,
    build_schedule,
    check_schedule,
)

__all__ = [
    "Block",
    "CarveBound",
    "CarveParams",
    "CarveProblem",
    "Carving",
    "ExactResult",
    "Function",
    "Relaxation",
    "Schedule",
    "ScheduleParams",
    "SolverParams",
    "build_schedule",
    "carve",
    "carve_baseline",
    "carve_bound",
    "check_schedule",
    "function_title",
    "needs_relaxing",
    "problem_and_pool",
    "reason_text",
    "relaxation_frame",
    "relaxations",
    "rule_text",
    "site_boards",
    "solve_exact",
]
