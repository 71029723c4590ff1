"""The score weights and the score formula: the one place a pair's score is computed.

Every pair has six components in [0, 1] (:data:`COMPONENTS`, see ``docs/scoring.md``), NaN
where the input is unknown. **Unknown is unknown**: an unknown component counts as
``unknown_value`` (default 0.5), neither a match nor a mismatch. The score is the weighted
mean

    score = sum(weight * component) / sum(weight), in [0, 1],

computed only by :meth:`Weights.combine` (from components) or, for callers that hold
partial sums (the candidate graph reads them from tables of attribute classes),
:meth:`Weights.combine_terms` over :meth:`Weights.travel_term`, :meth:`Weights.profile_term`
and :meth:`Weights.other_term`. Both add in the same grouping, so every caller gets the same
score bit for bit. :meth:`Weights.confidence` is the share of weight that rests on known
data, and :meth:`Weights.losses` what each component costs (weight share x shortfall).
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import asdict, dataclass, fields
from pathlib import Path

import numpy as np

from matcher.errors import InputError, ParamError, Problem

__all__ = ["COMPONENTS", "Weights"]

#: The score components, in the order of the output columns.
COMPONENTS: tuple[str, ...] = ("travel", "hours", "level", "availability", "load", "wishes")


@dataclass(frozen=True)
class Weights:
    """Weights of the score components and the scoring options.

    The defaults are documented in ``docs/scoring.md`` and shipped as
    ``matcher/default_weights.toml``. Weights must be >= 0 with a positive sum; they are
    normalised, so only their ratios matter. :meth:`combine` is the score formula.

    Parameters
    ----------
    travel, hours, level, availability, load, wishes
        Component weights [0.25, 0.20, 0.20, 0.15, 0.10, 0.10].
    unknown_value
        Value an unknown component counts for: neither a match (1) nor a mismatch (0)
        [0.5].
    reference_km
        Distance scale when a candidate's max travel distance is unknown [15].
    level_tolerance
        Levels a function may lie above the candidate's education before it is a
        knock-out [0].
    """

    travel: float = 0.25
    hours: float = 0.20
    level: float = 0.20
    availability: float = 0.15
    load: float = 0.10
    wishes: float = 0.10
    unknown_value: float = 0.5
    reference_km: float = 15.0
    level_tolerance: int = 0

    def __post_init__(self) -> None:
        problems = self.problems("Weights")
        if problems:
            raise ParamError(problems)

    def problems(self, source: str) -> list[Problem]:
        """Rule violations of these weights (empty when valid)."""
        out = []
        for name in COMPONENTS:
            value = getattr(self, name)
            if not (isinstance(value, int | float) and math.isfinite(value) and value >= 0):
                out.append(Problem.of(source, None, f"weights.{name}", "num.nonnegative",
                                      str(value)))
        if not out and sum(self.vector()) <= 0:
            out.append(Problem.of(source, None, "weights", "w.one_positive"))
        if not 0 <= self.unknown_value <= 1:
            out.append(Problem.of(source, None, "options.unknown_value", "num.unit",
                                  str(self.unknown_value)))
        if not self.reference_km > 0:
            out.append(Problem.of(source, None, "options.reference_km", "num.positive",
                                  str(self.reference_km)))
        if self.level_tolerance not in (0, 1, 2, 3):
            out.append(Problem.of(source, None, "options.level_tolerance", "w.tolerance",
                                  str(self.level_tolerance)))
        return out

    def vector(self) -> np.ndarray:
        """Component weights in :data:`COMPONENTS` order."""
        return np.array([float(getattr(self, c)) for c in COMPONENTS])

    def shares(self) -> np.ndarray:
        """Component weights normalised to sum 1, in :data:`COMPONENTS` order."""
        w = self.vector()
        return np.asarray(w / w.sum())

    def fill(self, values: np.ndarray) -> np.ndarray:
        """``values`` with every unknown (NaN) counted as :attr:`unknown_value`."""
        return np.where(np.isnan(values), self.unknown_value, values)

    def term(self, component: str, values: np.ndarray) -> np.ndarray:
        """One weighted component: its weight times the values, unknown filled in."""
        weight: float = getattr(self, component)
        return weight * self.fill(values)

    def travel_term(self, travel: np.ndarray) -> np.ndarray:
        """The weighted travel component (the term that depends on the distance)."""
        return self.term("travel", travel)

    def profile_term(self, hours: np.ndarray, level: np.ndarray,
                     availability: np.ndarray) -> np.ndarray:
        """The weighted ``(hours + level) + availability`` terms, always in this grouping
        (the terms of the function's hours, level and days)."""
        return (self.term("hours", hours) + self.term("level", level)) + \
            self.term("availability", availability)

    def other_term(self, load: np.ndarray, wishes: np.ndarray) -> np.ndarray:
        """The weighted ``load + wishes`` terms."""
        return self.term("load", load) + self.term("wishes", wishes)

    def combine_terms(self, travel: np.ndarray, profile: np.ndarray,
                      other: np.ndarray) -> np.ndarray:
        """The score from the weighted terms of :meth:`travel_term`, :meth:`profile_term`
        and :meth:`other_term`: ``((travel + profile) + other) / sum of the weights``.

        Dense scoring and the candidate graph (which reads the profile and other terms
        from tables of attribute classes) add in this one grouping, so their scores are
        bit for bit the same.
        """
        return ((travel + profile) + other) / float(self.vector().sum())

    def combine(self, values: np.ndarray) -> np.ndarray:
        """The score of each row of component values (last axis in :data:`COMPONENTS`
        order, NaN = unknown): the weighted mean with unknowns counted as
        :attr:`unknown_value`. The only score formula of matcher."""
        values = np.asarray(values, dtype=float)
        return self.combine_terms(
            self.travel_term(values[..., 0]),
            self.profile_term(values[..., 1], values[..., 2], values[..., 3]),
            self.other_term(values[..., 4], values[..., 5]))

    def confidence(self, values: np.ndarray) -> np.ndarray:
        """Share of the weight on known components, per row of component values."""
        w = self.vector()
        return np.asarray(~np.isnan(np.asarray(values, dtype=float)) @ w / w.sum())

    def losses(self, values: np.ndarray) -> np.ndarray:
        """What each component costs the score: weight share x (1 - value), unknown
        counted as :attr:`unknown_value` (last axis in :data:`COMPONENTS` order)."""
        return np.asarray(self.shares() * (1 - self.fill(np.asarray(values, dtype=float))))

    @classmethod
    def from_toml(cls, path: str | Path) -> Weights:
        """Read weights from a TOML file with ``[weights]`` and optional ``[options]`` tables.

        Raises
        ------
        InputError
            For a missing or unreadable file, unknown keys or invalid values (all listed).
        """
        path = Path(path)
        try:
            text = path.read_bytes()
        except FileNotFoundError:
            raise InputError([Problem.of(path.name, None, "", "io.missing_file")]) from None
        return cls.from_toml_text(text, path.name)

    @classmethod
    def from_toml_text(cls, text: str | bytes, name: str = "<weights>") -> Weights:
        """Read weights from TOML text or bytes (an upload); see :meth:`from_toml`."""
        try:
            raw = text.decode("utf-8") if isinstance(text, bytes) else text
            data = tomllib.loads(raw)
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise InputError([Problem.of(name, None, "", "w.toml", error=str(exc))]) from None
        problems: list[Problem] = []
        values: dict[str, object] = {}
        allowed = {"weights": set(COMPONENTS),
                   "options": {"unknown_value", "reference_km", "level_tolerance"}}
        for table, data_table in data.items():
            if table not in allowed or not isinstance(data_table, dict):
                problems.append(Problem.of(name, None, table, "w.unknown_table"))
                continue
            for key, value in data_table.items():
                if key not in allowed[table]:
                    problems.append(Problem.of(name, None, f"{table}.{key}", "w.unknown_key",
                                               allowed=", ".join(sorted(allowed[table]))))
                elif isinstance(value, bool) or not isinstance(value, int | float):
                    problems.append(Problem.of(name, None, f"{table}.{key}", "num.number",
                                               str(value)))
                else:
                    values[key] = value
        if problems:
            raise InputError(problems)
        defaults = asdict(cls())
        defaults.update(values)
        candidate = object.__new__(cls)
        for f in fields(cls):
            object.__setattr__(candidate, f.name, defaults[f.name])
        bad = candidate.problems(name)
        if bad:
            raise InputError(bad)
        return cls(**defaults)

    def to_toml(self) -> str:
        """These weights as TOML text (readable by :meth:`from_toml`)."""
        lines = ["# matcher score weights (normalised: only ratios matter)", "[weights]"]
        lines += [f"{c} = {float(getattr(self, c))!r}" for c in COMPONENTS]
        lines += ["", "[options]", f"unknown_value = {float(self.unknown_value)!r}",
                  f"reference_km = {float(self.reference_km)!r}",
                  f"level_tolerance = {int(self.level_tolerance)}", ""]
        return "\n".join(lines)
