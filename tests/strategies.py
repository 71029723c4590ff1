"""Hypothesis strategies for random, valid task inventories."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import strategies as st

from matcher.inputs.schema import AREAS
from matcher.model import Inventory, Sites, Task

SITES = Sites(pd.DataFrame({
    "site": ["a", "b", "c"], "name": ["A", "B", "C"],
    "lat": [52.10, 52.13, np.nan], "lon": [5.10, 5.12, np.nan],
    "pc4": ["", "", ""], "board": ["", "", ""], "approximate": [False, False, False],
}))


@st.composite
def tasks(draw: st.DrawFn, task_id: str) -> Task:
    """One random task: fixed in time, bound to days, or fully flexible."""
    area = draw(st.sampled_from(AREAS))
    level = draw(st.integers(1, 4))
    site = draw(st.sampled_from(["a", "a", "b", "c"]))
    kind = draw(st.sampled_from(["fixed", "days", "free"]))
    load = draw(st.integers(0, 2))
    if kind == "fixed":
        days = tuple(sorted(draw(st.sets(st.integers(0, 4), min_size=1, max_size=5))))
        start = draw(st.integers(30, 64)) * 15  # 07:30 - 16:00
        length = draw(st.sampled_from([15, 20, 30, 45, 60, 90, 120]))
        hours = round(len(days) * length / 60, 2)
        return Task(task_id, f"taak {task_id}", area, hours, level, site, days, start,
                    start + length, load)
    hours = draw(st.sampled_from([0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0]))
    days = ()
    if kind == "days":
        days = tuple(sorted(draw(st.sets(st.integers(0, 4), min_size=1, max_size=5))))
    return Task(task_id, f"taak {task_id}", area, hours, level, site, days, physical_load=load,
                carvable=draw(st.booleans().map(lambda b: b or True)))


@st.composite
def inventories(draw: st.DrawFn, min_size: int = 1, max_size: int = 18) -> Inventory:
    """A random inventory over sites a, b (located) and c (no location)."""
    n = draw(st.integers(min_size, max_size))
    items = [draw(tasks(f"T{k:02d}")) for k in range(n)]
    if items and draw(st.booleans()):
        k = draw(st.integers(0, len(items) - 1))
        t = items[k]
        items[k] = Task(t.task_id, t.description, t.area, t.hours, t.level, t.site, t.days,
                        t.start, t.end, t.physical_load, t.pupil_contact, t.current_role,
                        carvable=False)
    return Inventory(tuple(items), SITES)
