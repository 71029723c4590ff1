"""matcher: carve banenafspraak jobs out of school task inventories and match candidates.

The pipeline, each step a plain function over typed data:

>>> import matcher
>>> files = matcher.demo_files("vo")
>>> inventory = matcher.load_tasks(files.tasks, files.sites)       # load and validate
>>> carving = matcher.carve(inventory)                              # functions of ~25.5 h
>>> pool = matcher.load_candidates(files.candidates)
>>> scores = matcher.score_pairs(carving.functions, pool, inventory.sites)
>>> assignment = matcher.assign(scores)                             # exact, placements first
>>> short = matcher.shortlist(scores, top=10, assignment=assignment)
"""

from matcher.carving.bound import CarveBound, carve_bound
from matcher.carving.core import FTA_HOURS, CarveParams, Carving, Function, carve, carve_baseline
from matcher.carving.week import Schedule, ScheduleParams, build_schedule, check_schedule
from matcher.demo import demo_files, generate_candidates
from matcher.errors import InputError, MatcherError, Problem
from matcher.geo import TravelParams
from matcher.inputs.loaders import load_candidates, load_sites, load_tasks, validate_file
from matcher.inputs.read import Limits
from matcher.matching.assign import (
    Assignment,
    assign,
    assign_greedy,
    shortlist,
    shortlist_candidates,
    why_not,
)
from matcher.matching.graph import candidate_graph, match_pairs
from matcher.matching.score import COMPONENTS, FunctionTable, PairScores, Weights, score_pairs
from matcher.model import Inventory, Pool, Sites, Task

__all__ = [
    "COMPONENTS",
    "FTA_HOURS",
    "Assignment",
    "CarveBound",
    "CarveParams",
    "Carving",
    "Function",
    "FunctionTable",
    "InputError",
    "Inventory",
    "Limits",
    "MatcherError",
    "PairScores",
    "Pool",
    "Problem",
    "Schedule",
    "ScheduleParams",
    "Sites",
    "Task",
    "TravelParams",
    "Weights",
    "assign",
    "assign_greedy",
    "build_schedule",
    "candidate_graph",
    "carve",
    "carve_baseline",
    "carve_bound",
    "check_schedule",
    "demo_files",
    "generate_candidates",
    "load_candidates",
    "load_sites",
    "load_tasks",
    "match_pairs",
    "score_pairs",
    "shortlist",
    "shortlist_candidates",
    "validate_file",
    "why_not",
]

__version__ = "0.1.0"
