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

from matcher.assign import Assignment, assign, shortlist, why_not
from matcher.carve import FTA_HOURS, CarveParams, Carving, Function, carve, carve_baseline
from matcher.demo import demo_files, generate_candidates
from matcher.errors import InputError, MatcherError, Problem
from matcher.geo import TravelParams
from matcher.io import Limits
from matcher.model import Inventory, Pool, Sites, Task
from matcher.schedule import Schedule, ScheduleParams, build_schedule, check_schedule
from matcher.score import COMPONENTS, PairScores, Weights, score_pairs
from matcher.validate import load_candidates, load_sites, load_tasks, validate_file

__all__ = [
    "COMPONENTS",
    "FTA_HOURS",
    "Assignment",
    "CarveParams",
    "Carving",
    "Function",
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
    "build_schedule",
    "carve",
    "carve_baseline",
    "check_schedule",
    "demo_files",
    "generate_candidates",
    "load_candidates",
    "load_sites",
    "load_tasks",
    "score_pairs",
    "shortlist",
    "validate_file",
    "why_not",
]

__version__ = "0.1.0"
