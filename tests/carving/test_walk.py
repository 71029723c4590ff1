"""The compiled pricing walk (matcher.carving.walk): its week rule and its bookkeeping."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher.carving import walk
from matcher.carving.exact import (
    WorkLimit,
    cuts_held,
    index_cuts,
    price,
    price_of,
    task_mask,
)
from matcher.carving.week import ScheduleParams, days_fit
from tests.carving.test_exact import random_prices, school_problem
from tests.strategies import tasks

PARAMS = [ScheduleParams(), ScheduleParams(max_hours_per_day=6.5, target_hours_per_day=4.0),
          ScheduleParams(work_days=(1, 3, 4), target_hours_per_day=7.0)]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 10**6), min_size=1, max_size=12).flatmap(
    lambda keys: st.tuples(*[tasks(f"T{k}") for k in range(len(keys))])),
    st.sampled_from(PARAMS))
def test_compiled_days_fit_is_the_builders_rule(items, params):
    """The walk's compiled day rule agrees with :func:`matcher.carving.week.days_fit` (itself
    held equal to the week builder in tests/test_schedule.py)."""
    assert walk.days_fit(list(items), params) == days_fit(list(items), params)


@pytest.mark.parametrize("most", [1, 7, 300])
def test_lazy_most_keeps_the_best_listed(most):
    """With ``most`` the walk keeps a heap of the best sets; they are the first ``most``
    of the complete listing (same optimistic reduced costs, in the same order)."""
    problem, pool = school_problem(24, 1)
    pi = random_prices(problem, 5)
    every, visited_all = price(problem, pool, pi, -100.0, lazy=True)
    best, visited = price(problem, pool, pi, -100.0, lazy=True, most=most)
    assert len(every) > most
    assert [r for r, _ in best] == pytest.approx([r for r, _ in every[:most]])
    assert {c for _, c in best} <= {c for _, c in every}
    assert visited <= visited_all  # the rising threshold only prunes more


def test_walk_stops_at_its_limits():
    """Over ``limit`` visited sets or ``max_sets`` listed sets the walk stops (WorkLimit) and
    says how far it got."""
    problem, pool = school_problem(16, 2)
    pi = random_prices(problem, 2)
    with pytest.raises(WorkLimit) as stop:
        price(problem, pool, pi, -100.0, lazy=True, limit=50)
    assert stop.value.args[0] == 51
    listed, _ = price(problem, pool, pi, -100.0, lazy=True)
    with pytest.raises(WorkLimit):
        price(problem, pool, pi, -100.0, lazy=True, max_sets=len(listed) - 1)
    again, _ = price(problem, pool, pi, -100.0, lazy=True, max_sets=len(listed))
    assert again == listed


@pytest.mark.parametrize("most", [None, 50])
def test_paid_is_what_each_listed_set_pays(most):
    """``price(paid=...)`` records, for every listed set, its tasks' prices plus the
    price of each cut it holds two or more tasks of: :func:`price_of`'s sum."""
    problem, pool = school_problem(20, 3)
    pi = random_prices(problem, 4)
    rng = random.Random(1)
    cuts = [(frozenset(rng.sample(pool, 3)), rng.uniform(0.1, 2.0)) for _ in range(40)]
    paid: dict[frozenset[int], float] = {}
    listed, _ = price(problem, pool, pi, -100.0, lazy=True, most=most, cuts=cuts, paid=paid)
    assert listed and set(paid) == {c for _, c in listed}
    index = index_cuts([trio for trio, _ in cuts])
    prices = [v for _, v in cuts]
    assert any(len(cuts_held(c, [task_mask(t) for t, _ in cuts])) > 0 for c in paid)
    for members, value in paid.items():
        assert value == pytest.approx(price_of(members, pi, index, prices), abs=1e-9)
