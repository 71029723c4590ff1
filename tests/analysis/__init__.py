"""Tests of matcher.analysis (one module per file), and what they share: the tiny instance
where only travel and level tell two candidates apart, and its weights."""

from __future__ import annotations

from matcher.matching import Weights

TINY_CANDIDATES = """candidate_id,pc4,max_travel_km,independent_travel,hours_per_week_min,\
hours_per_week_max,hours_per_day_max,days_available,education,preferred_areas,\
physical_capacity,pupil_contact_ok
A,3811,30,ja,20,30,8,"ma,di,wo,do,vr",onbekend,administratie,2,2
B,3511,30,ja,20,30,8,"ma,di,wo,do,vr",pro,administratie,2,2
"""

#: Only travel and level tell A (next door, education unknown) and B (Utrecht, ~20 km,
#: education fits exactly) apart.
TRAVEL_LEVEL = Weights(travel=1, hours=0, level=1, availability=0, load=0, wishes=0)
LEVEL_ONLY = Weights(travel=0, hours=0, level=1, availability=0, load=0, wishes=0)
