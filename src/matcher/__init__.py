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

The same steps as a functiecreatie session that keeps locks, pins and agreements between
meetings (:class:`Workspace`, saved as a session file):

>>> work = matcher.Workspace.from_files(files.tasks, files.sites, files.candidates)
>>> outcome = work.carve()
>>> result = work.match()

Each floor of the package (``matcher.inputs``, ``matcher.carving``, ``matcher.matching``,
``matcher.session``, ``matcher.outputs``, ``matcher.analysis``, ``matcher.text``) exports its
own public names; ``docs/architecture.md`` shows the floors and what each owns.
"""

from matcher.carving import CarveParams, Carving, Function, SolverParams, carve, carve_baseline
from matcher.carving.bound import CarveBound, carve_bound
from matcher.carving.week import Schedule, ScheduleParams, build_schedule, check_schedule
from matcher.demo import demo_files, generate_candidates
from matcher.errors import (
    InputError,
    MatcherError,
    NotProvenError,
    ParamError,
    Problem,
    ScheduleError,
)
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
from matcher.matching.score import PairScores, score_pairs
from matcher.matching.tables import FunctionTable
from matcher.matching.weights import COMPONENTS, Weights
from matcher.model import FTA_HOURS, Inventory, Pool, Sites, Task, fta
from matcher.session import Outcome, Workspace, dump_session, load_session

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
    "NotProvenError",
    "Outcome",
    "PairScores",
    "ParamError",
    "Pool",
    "Problem",
    "Schedule",
    "ScheduleError",
    "ScheduleParams",
    "Sites",
    "SolverParams",
    "Task",
    "TravelParams",
    "Weights",
    "Workspace",
    "assign",
    "assign_greedy",
    "build_schedule",
    "candidate_graph",
    "carve",
    "carve_baseline",
    "carve_bound",
    "check_schedule",
    "demo_files",
    "dump_session",
    "fta",
    "generate_candidates",
    "load_candidates",
    "load_session",
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
