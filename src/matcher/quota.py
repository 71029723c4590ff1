"""Counting jobs for the banenafspraak, and the quotum (levy) calculator.

Counting rules (banenafspraak): one job (one fta) is 25.5 paid hours a week; other sizes
count pro rata; reports use two decimals. A function that works at several sites counts
for each site in proportion to its hours there (:attr:`matcher.Function.hours_by_site`),
and for the board as a whole once: the board figure is the board's hours / 25.5, so it
can differ by a rounding cent from the sum of its sites' figures.

The quotum applies to employers with 25 or more employees. The quotum percentage and the
levy per missing job change by year and must be checked against the current rules: they
are :class:`QuotaParameters` with a year, a source and a date, never constants in code.
:data:`KNOWN_QUOTA` holds the years whose percentage has a public source (2018: 1.93%,
the first year of the quotum for government employers; 2024: 2.76%, UWV); the shipped
default :data:`DEFAULT_QUOTA` is the latest of them, with the levy of EUR 5,000 per
missing job of 25.5 h that Rijksoverheid states. A later year's percentage must be
entered (the app says which year its figure is from).

Sources disagree on the threshold: "25 werknemers of meer" (25 or more employees) and
"> 25 fte" appear in the same report. :func:`quota` therefore reports both tests and
lets the caller choose which one decides.

>>> result = quota(employees=120, hours_per_week=2550.0, realised_jobs=0.5)
>>> result.employer_jobs, result.required_jobs, result.missing_jobs
(100.0, 2.76, 2.26)
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any, Literal

import pandas as pd

from matcher.carving import Function
from matcher.errors import InputError, ParamError, Problem
from matcher.model import Sites, fta

__all__ = [
    "DEFAULT_QUOTA",
    "KNOWN_QUOTA",
    "QuotaParameters",
    "QuotaResult",
    "ThresholdBasis",
    "jobs_by_board",
    "jobs_by_site",
    "quota",
    "total_fta",
]

#: What the 25-employee threshold counts: heads on the payroll, or jobs (hours / 25.5).
ThresholdBasis = Literal["employees", "jobs"]


@dataclass(frozen=True)
class QuotaParameters:
    """The dated, sourced parameters of the quotum.

    Parameters
    ----------
    year
        The year the percentage applies to.
    percentage
        Quotum percentage: required target-group jobs as a percentage of the employer's
        jobs (hours paid / 25.5), e.g. 1.93 for 1.93%.
    levy_per_job
        Levy in euro per missing job per year.
    source
        Where the percentage comes from.
    date
        Date of the source (or of the last check), ISO ``YYYY-MM-DD``.
    levy_source
        Where the levy amount comes from.
    levy_confirmed
        False while the levy amount is a placeholder that still has to be checked.
    threshold
        The quotum applies from this many employees (or jobs, see :func:`quota`) [25].
    """

    year: int
    percentage: float
    levy_per_job: float
    source: str
    date: str
    levy_source: str = ""
    levy_confirmed: bool = False
    threshold: int = 25

    def __post_init__(self) -> None:
        problems = self.problems("QuotaParameters")
        if problems:
            raise ParamError(problems)

    def problems(self, name: str = "<quotum>") -> list[Problem]:
        """Rule violations of these parameters (empty when valid)."""
        out: list[Problem] = []
        if not (isinstance(self.year, int) and 2013 <= self.year <= 2100):
            out.append(Problem.of(name, None, "year", "q.year", str(self.year)))
        if not _number(self.percentage) or not 0 <= self.percentage <= 100:
            out.append(Problem.of(name, None, "percentage", "q.percentage", str(self.percentage)))
        if not _number(self.levy_per_job) or self.levy_per_job < 0:
            out.append(Problem.of(name, None, "levy_per_job", "q.amount", str(self.levy_per_job)))
        if not str(self.source).strip():
            out.append(Problem.of(name, None, "source", "q.source"))
        try:
            dt.date.fromisoformat(str(self.date))
        except ValueError:
            out.append(Problem.of(name, None, "date", "q.date", str(self.date)))
        if not (isinstance(self.threshold, int) and self.threshold >= 1):
            out.append(Problem.of(name, None, "threshold", "num.int_min1", str(self.threshold)))
        return out

    def to_dict(self) -> dict[str, Any]:
        """Plain values (for a session file)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any], name: str = "<quotum>") -> QuotaParameters:
        """Parameters from :meth:`to_dict` output; raises :class:`InputError` listing problems."""
        known = {f for f in cls.__dataclass_fields__}
        unknown = sorted(set(data) - known)
        problems = [Problem.of(name, None, key, "q.unknown_field") for key in unknown]
        missing = sorted({"year", "percentage", "levy_per_job", "source", "date"} - set(data))
        problems += [Problem.of(name, None, key, "q.missing") for key in missing]
        if problems:
            raise InputError(problems)
        return cls(**{k: v for k, v in data.items() if k in known})


def _number(value: object) -> bool:
    return (isinstance(value, int | float) and not isinstance(value, bool)
            and math.isfinite(float(value)))


#: Where the levy of EUR 5,000 per missing job is stated.
_LEVY_SOURCE = ("Rijksoverheid, 'Quotumregeling voor overheidswerkgevers' (rijksoverheid.nl): "
                "€ 5000 per niet ingevulde baan van 25,5 verloonde uren per week")

#: The quotum parameters of every year with a public source, oldest first.
KNOWN_QUOTA: tuple[QuotaParameters, ...] = (
    QuotaParameters(
        year=2018, percentage=1.93, levy_per_job=5000.0,
        source=("Onderzoeksrapport 'Banenafspraak in het funderend onderwijs' en "
                "Rijksoverheid: quotumregeling overheid geactiveerd per 1-1-2018, "
                "quotumpercentage 1,93% in 2018"),
        date="2018-01-01", levy_source=_LEVY_SOURCE, levy_confirmed=True, threshold=25),
    QuotaParameters(
        year=2024, percentage=2.76, levy_per_job=5000.0,
        source=("UWV, 'Hoe hoog is het quotumpercentage?' (uwv.nl, werkgevers, veelgestelde "
                "vragen quotumregeling): het quotumpercentage 2024 voor de overheid is "
                "2,76%; in 2024 wordt nog geen quotumheffing opgelegd"),
        date="2024-01-01", levy_source=_LEVY_SOURCE, levy_confirmed=True, threshold=25),
)
#: The shipped default: the latest year of :data:`KNOWN_QUOTA`.
DEFAULT_QUOTA = KNOWN_QUOTA[-1]


@dataclass(frozen=True)
class QuotaResult:
    """What :func:`quota` computed, with the parameters it used."""

    employees: int
    hours_per_week: float
    employer_jobs: float
    required_jobs: float
    realised_jobs: float
    missing_jobs: float
    applies_by_employees: bool
    applies_by_jobs: bool
    basis: ThresholdBasis
    levy: float
    params: QuotaParameters

    @property
    def applies(self) -> bool:
        """Whether the quotum applies on the chosen basis."""
        return self.applies_by_employees if self.basis == "employees" else self.applies_by_jobs

    @property
    def sources_disagree(self) -> bool:
        """True when counting employees and counting jobs give a different answer."""
        return self.applies_by_employees != self.applies_by_jobs


def quota(
    employees: int,
    hours_per_week: float,
    realised_jobs: float = 0.0,
    params: QuotaParameters | None = None,
    basis: ThresholdBasis = "employees",
) -> QuotaResult:
    """Required target-group jobs and the possible levy of one employer.

    Parameters
    ----------
    employees
        Employees on the payroll (heads).
    hours_per_week
        Paid hours a week of all employees together.
    realised_jobs
        Target-group jobs the employer already has (fta), e.g. the carved functions once
        they are filled.
    params
        Dated quotum parameters [:data:`DEFAULT_QUOTA`].
    basis
        Which reading of the threshold decides whether the quotum applies: ``"employees"``
        (25 or more employees) or ``"jobs"`` (25 or more jobs of 25.5 hours).

    Returns
    -------
    QuotaResult
        Employer jobs (hours / 25.5), required jobs (percentage of those), missing jobs
        and the possible levy (missing jobs x levy per job, zero when the quotum does not
        apply); all jobs with two decimals, the levy in whole euro.

    Raises
    ------
    InputError
        For negative or non-numeric input (all problems at once).
    """
    params = params or DEFAULT_QUOTA
    problems = []
    if not (isinstance(employees, int) and not isinstance(employees, bool) and employees >= 0):
        problems.append(Problem.of("<quotum>", None, "employees", "num.int_nonnegative",
                                   str(employees)))
    if not _number(hours_per_week) or hours_per_week < 0:
        problems.append(Problem.of("<quotum>", None, "hours_per_week", "num.nonnegative",
                                   str(hours_per_week)))
    if not _number(realised_jobs) or realised_jobs < 0:
        problems.append(Problem.of("<quotum>", None, "realised_jobs", "num.nonnegative",
                                   str(realised_jobs)))
    if basis not in ("employees", "jobs"):
        problems.append(Problem.of("<quotum>", None, "basis", "q.basis", str(basis)))
    if problems:
        raise InputError(problems)
    employer_jobs = fta(hours_per_week)
    required = round(employer_jobs * params.percentage / 100, 2)
    missing = round(max(0.0, required - realised_jobs), 2)
    by_employees = employees >= params.threshold
    by_jobs = employer_jobs >= params.threshold
    applies = by_employees if basis == "employees" else by_jobs
    levy = float(round(missing * params.levy_per_job)) if applies else 0.0
    return QuotaResult(
        employees=employees, hours_per_week=float(hours_per_week), employer_jobs=employer_jobs,
        required_jobs=required, realised_jobs=round(float(realised_jobs), 2),
        missing_jobs=missing, applies_by_employees=by_employees, applies_by_jobs=by_jobs,
        basis=basis, levy=levy, params=params,
    )


# --------------------------------------------------------------------------------------
# Counting carved functions per site and per board


def jobs_by_site(functions: Sequence[Function], sites: Sites,
                 targets: dict[str, float] | None = None) -> pd.DataFrame:
    """Hours and fta per site of the given functions, pro rata to each function's hours there.

    Columns: site, name, board, functions (how many work there), hours_per_week, fta and,
    with ``targets`` (site -> fta), target and share (fta / target, empty without a
    target). Every site of ``sites`` has a row, also those without functions.
    """
    hours: dict[str, float] = {s: 0.0 for s in sites.ids}
    count: dict[str, int] = {s: 0 for s in sites.ids}
    for f in functions:
        for site, h in f.hours_by_site.items():
            hours[site] = hours.get(site, 0.0) + h
            count[site] = count.get(site, 0) + 1
    frame = sites.frame.set_index("site")
    rows = []
    for site in hours:
        known = site in frame.index
        rows.append({
            "site": site,
            "name": str(frame.at[site, "name"]) if known else site,
            "board": str(frame.at[site, "board"]) if known and "board" in frame else "",
            "functions": count[site],
            "hours_per_week": round(hours[site], 2),
            "fta": fta(hours[site]),
        })
    out = pd.DataFrame(rows, columns=["site", "name", "board", "functions", "hours_per_week",
                                      "fta"])
    if targets is not None:
        out["target"] = [_target(targets.get(s)) for s in out["site"]]
        out["share"] = [round(f / t, 3) if t and t > 0 else math.nan
                        for f, t in zip(out["fta"], out["target"], strict=True)]
    return out


def _target(value: float | None) -> float:
    return float(value) if value is not None and _number(value) and value > 0 else math.nan


def jobs_by_board(functions: Sequence[Function], sites: Sites,
                  target: float | None = None) -> pd.DataFrame:
    """Hours and fta per board (sites without a board form one row named by ``""``).

    A function whose sites belong to two boards counts pro rata for each. Columns: board,
    sites, functions, hours_per_week, fta and, with a ``target`` (used when there is one
    board, or for the whole when there are several), target and share.
    """
    per_site = jobs_by_site(functions, sites)
    board_of = dict(zip(per_site["site"], per_site["board"], strict=True))
    hours: dict[str, float] = {}
    n_sites: dict[str, int] = {}
    for board in board_of.values():
        n_sites[board] = n_sites.get(board, 0) + 1
        hours.setdefault(board, 0.0)
    n_functions: dict[str, int] = dict.fromkeys(hours, 0)
    for f in functions:
        boards: set[str] = set()
        for site, h in f.hours_by_site.items():
            board = board_of.get(site, "")
            hours[board] = hours.get(board, 0.0) + h
            boards.add(board)
        for board in boards:
            n_functions[board] = n_functions.get(board, 0) + 1
    rows = [{"board": b, "sites": n_sites.get(b, 0), "functions": n_functions.get(b, 0),
             "hours_per_week": round(h, 2), "fta": fta(h)} for b, h in hours.items()]
    out = pd.DataFrame(rows, columns=["board", "sites", "functions", "hours_per_week", "fta"])
    if target is not None:
        t = _target(target)
        out["target"] = t
        out["share"] = [round(f / t, 3) if t > 0 else math.nan for f in out["fta"]]
    return out


def total_fta(functions: Iterable[Function]) -> float:
    """fta of all functions together: their hours / 25.5 (counted once, two decimals)."""
    return fta(sum(f.hours for f in functions))
