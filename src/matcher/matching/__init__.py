"""matcher.matching: score function x candidate pairs, keep the feasible ones, assign.

The floor's modules, bottom to top:

* :mod:`~matcher.matching.weights`: :class:`Weights` (component weights, options, TOML in
  and out) and the one score formula, :meth:`Weights.combine`.
* :mod:`~matcher.matching.tables`: :class:`FunctionTable` and :class:`CandidateTable`, the
  arrays scoring works on.
* :mod:`~matcher.matching.components`: the six component values and the knock-outs.
* :mod:`~matcher.matching.explain`: the Dutch explanation of a pair.
* :mod:`~matcher.matching.score`: :func:`score_pairs` (dense) and :class:`PairScores`.
* :mod:`~matcher.matching.graph`: the sparse candidate graph (:func:`candidate_graph`) and
  :func:`match_pairs` (dense or sparse by size).
* :mod:`~matcher.matching.assign`: the exact assignment, shortlists and :func:`why_not`.
* :mod:`~matcher.matching.explore`: filtering the pool like the Kandidatenverkenner.
"""

from matcher.matching.assign import (
    Assignment,
    Objective,
    assign,
    assign_greedy,
    passed_over,
    shortlist,
    shortlist_candidates,
    solve_assignment,
    why_not,
)
from matcher.matching.components import KNOCKOUT_CODES
from matcher.matching.explain import explain_pair
from matcher.matching.explore import (
    EDUCATION_ORDER,
    UNKNOWN_EDUCATION,
    education_options,
    filter_pool,
)
from matcher.matching.graph import DENSE_MAX_PAIRS, candidate_graph, match_pairs
from matcher.matching.score import PairArrays, PairScores, score_pairs
from matcher.matching.tables import CandidateTable, FunctionTable
from matcher.matching.weights import COMPONENTS, Weights

__all__ = [
    "COMPONENTS",
    "DENSE_MAX_PAIRS",
    "EDUCATION_ORDER",
    "KNOCKOUT_CODES",
    "UNKNOWN_EDUCATION",
    "Assignment",
    "CandidateTable",
    "FunctionTable",
    "Objective",
    "PairArrays",
    "PairScores",
    "Weights",
    "assign",
    "assign_greedy",
    "candidate_graph",
    "education_options",
    "explain_pair",
    "filter_pool",
    "match_pairs",
    "passed_over",
    "score_pairs",
    "shortlist",
    "shortlist_candidates",
    "solve_assignment",
    "why_not",
]
