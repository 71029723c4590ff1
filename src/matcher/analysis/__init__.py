"""matcher.analysis: tune, learn and audit the score weights (the analysts' notebooks).

The notebooks in ``notebooks/`` only call these and plot the results:

* :mod:`~matcher.analysis.instance`: :class:`Instance` (functions, a pool and sites,
  scored once), :func:`rescore` (re-weighting without scoring again), :func:`top_candidates`.
* :mod:`~matcher.analysis.sweeps`: :func:`evaluate`, :func:`sweep_weight`,
  :func:`sweep_grid`, :func:`pareto_front`, :func:`compare_assignments`.
* :mod:`~matcher.analysis.estimator`: :class:`MatchScorer`, the scorer as a scikit-learn
  estimator over the weights, and :func:`metric_scorer`.
* :mod:`~matcher.analysis.history`: a seeded synthetic placement history with known true
  weights (:func:`generate_history`).
* :mod:`~matcher.analysis.learning`: :func:`learn_weights` from placement outcomes.
* :mod:`~matcher.analysis.outcomes`: the outcomes a region recorded
  (:func:`recorded_history`, :func:`placements`), whether there are enough
  (:func:`enough_outcomes`), learning on them (:func:`learn_recorded`) and the back-test
  on later placements (:func:`backtest`).
* :mod:`~matcher.analysis.audit`: :func:`stability`, :func:`audit`, :func:`audit_groups`
  and :func:`algorithm_description`.
"""

from matcher.analysis.audit import (
    UNKNOWN_LABEL,
    algorithm_description,
    audit,
    audit_groups,
    stability,
)
from matcher.analysis.estimator import METRICS, MatchScorer, metric_scorer
from matcher.analysis.history import (
    RECOVERY_TOLERANCE,
    TRUE_WEIGHTS,
    History,
    OutcomeModel,
    generate_history,
)
from matcher.analysis.instance import Instance, rescore, top_candidates
from matcher.analysis.learning import LearnedWeights, component_features, learn_weights
from matcher.analysis.outcomes import (
    MIN_EACH,
    MIN_OUTCOMES,
    OUTCOME_MONTHS,
    RECORDED_LEARN_OPTIONS,
    Backtest,
    OutcomeCount,
    backtest,
    enough_outcomes,
    learn_recorded,
    placements,
    recorded_history,
)
from matcher.analysis.sweeps import (
    WEIGHT_PARAMS,
    OutcomeModelLike,
    compare_assignments,
    evaluate,
    pareto_front,
    sweep_grid,
    sweep_weight,
)

__all__ = [
    "METRICS",
    "MIN_EACH",
    "MIN_OUTCOMES",
    "OUTCOME_MONTHS",
    "RECORDED_LEARN_OPTIONS",
    "RECOVERY_TOLERANCE",
    "TRUE_WEIGHTS",
    "UNKNOWN_LABEL",
    "WEIGHT_PARAMS",
    "Backtest",
    "History",
    "Instance",
    "LearnedWeights",
    "MatchScorer",
    "OutcomeCount",
    "OutcomeModel",
    "OutcomeModelLike",
    "algorithm_description",
    "audit",
    "audit_groups",
    "backtest",
    "compare_assignments",
    "component_features",
    "enough_outcomes",
    "evaluate",
    "generate_history",
    "learn_recorded",
    "learn_weights",
    "metric_scorer",
    "pareto_front",
    "placements",
    "recorded_history",
    "rescore",
    "stability",
    "sweep_grid",
    "sweep_weight",
    "top_candidates",
]
