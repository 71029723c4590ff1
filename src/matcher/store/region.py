"""The WSP's region in the store: schools with their sessions, candidates, and the pipeline
of every function x candidate, with outcomes and an audit log.

A WSP account manager (Werkgeversservicepunt) works for dozens of schools over months.
:class:`RegionStore` keeps, in the same SQLite file as the app's sessions
(:mod:`matcher.store.db`, from schema version 2):

* **schools** (name, board) and each school's **sessions**, a session file per version
  (:func:`matcher.session.dump_session`: the inventory, the functions, locks and pins);
  saving with the version one has read refuses a stale write, so two account managers
  editing one school never silently overwrite each other;
* the **candidates** of the region (pseudonymous profiles as the loaders accepted them,
  each with the date it was last confirmed; :meth:`RegionStore.stale` lists the old ones);
* the **pipeline** of each function x candidate through :data:`STEPS` (voorgesteld ->
  voorgelegd via WSP -> kennismaking -> proefplaatsing -> geplaatst) or to an end
  (:data:`ENDS`: afgewezen, teruggetrokken, with a reason code from :data:`REASONS`),
  every move kept with its date (:meth:`RegionStore.set_status`);
* **outcomes** of placements (still working at 6 and 12 months);
* an **audit** log: who (a pseudonymous user name), when, what.

A candidate in an active step at one school is flagged wherever else they are in an active
step (:meth:`RegionStore.double_booked`). :meth:`RegionStore.forget` removes every row
about a candidate (the audit keeps that something was forgotten, not whom). Every write is
one transaction: a killed process leaves the store as before the write.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from matcher.errors import InputError, Problem
from matcher.inputs.guard import candidate_id_kind
from matcher.inputs.loaders import load_candidates
from matcher.matching.region import RegionShortlists, capped_shortlists
from matcher.model import Pool
from matcher.session.file import pool_to_frame
from matcher.store.db import StoreError, connect, default_path

__all__ = ["ACTIVE", "ENDS", "REASONS", "RETENTION_MONTHS", "STEPS", "Move", "PipelineError",
           "RegionStore", "StaleWrite"]

#: The steps of a placement, in order.
STEPS: tuple[str, ...] = ("voorgesteld", "voorgelegd", "kennismaking", "proefplaatsing",
                          "geplaatst")
#: The ends of a pipeline that did not (or no longer) lead to a placement.
ENDS: tuple[str, ...] = ("afgewezen", "teruggetrokken")
#: The statuses in which a candidate is taken at a school (flagged elsewhere).
ACTIVE = frozenset(STEPS)
#: How long a closed pipeline is kept after its last move (:meth:`RegionStore.purge_closed`):
#: long enough for the 12-month outcome and a year of back-testing, then removed.
RETENTION_MONTHS = 24
#: Reason codes for an end, or for skipping a step.
REASONS: dict[str, str] = {
    "reistijd": "de reistijd is te lang",
    "uren": "de uren passen niet",
    "taken": "de taken passen niet",
    "niveau": "het niveau past niet",
    "begeleiding": "de begeleiding is niet rond",
    "kandidaat": "de kandidaat ziet ervan af",
    "school": "de school ziet ervan af",
    "elders": "elders geplaatst",
    "uitval": "uitgevallen na plaatsing",
    "versneld": "in overleg een stap overgeslagen",
    "overig": "een andere reden",
}



class PipelineError(InputError):
    """A move the pipeline does not allow, or a name the region does not know; nothing
    was written. The message is Dutch and names the rule."""

    def __init__(self, text: str) -> None:
        super().__init__([Problem("workspace", None, "", text)])
        self.text = text

    def __str__(self) -> str:
        return self.text


class StaleWrite(StoreError):
    """A school's session was saved by someone else since it was read."""


@dataclass(frozen=True)
class Move:
    """One move of the pipeline, as kept."""

    school: str
    function_id: str
    candidate_id: str
    status: str
    reason: str
    at: str


def _now(when: dt.datetime | None = None) -> str:
    return (when or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds")


def _months_before(today: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months before ``today`` (day capped at 28)."""
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    return dt.date(year, month + 1, min(today.day, 28))


class RegionStore:
    """The region's schools, candidates and pipeline in the store at ``path``.

    ``user`` is the pseudonymous name the audit log keeps for every write. Every call opens
    the database and closes it again (safe to share between threads); every write is one
    transaction.
    """

    def __init__(self, path: Path | str | None = None, user: str = "wsp") -> None:
        self.path = Path(path) if path is not None else default_path()
        self.user = user
        connect(self.path).close()  # create and migrate now: errors surface here

    # -- plumbing ------------------------------------------------------------------------
    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        connection = connect(self.path)
        try:
            yield connection
        finally:
            connection.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One transaction: all of it or nothing."""
        connection = connect(self.path)
        try:
            connection.execute("BEGIN IMMEDIATE")
            try:
                yield connection
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")
        finally:
            connection.close()

    def _audit(self, connection: sqlite3.Connection, action: str, detail: str,
               candidate_id: str | None = None, when: dt.datetime | None = None) -> None:
        connection.execute(
            "INSERT INTO audit (at, user, action, detail, candidate_id) VALUES (?, ?, ?, ?, ?)",
            (_now(when), self.user, action, detail, candidate_id))

    def revision(self) -> int:
        """A number that grows with every write (the audit log's last entry): what a
        cache of the region's tables is keyed by."""
        with self._read() as c:
            return int(c.execute("SELECT COALESCE(MAX(id), 0) FROM audit").fetchone()[0])

    @staticmethod
    def _school_id(connection: sqlite3.Connection, school: str) -> int:
        row = connection.execute("SELECT id FROM schools WHERE name = ?", (school,)).fetchone()
        if row is None:
            raise PipelineError(f"School '{school}' staat niet in de werkruimte.")
        return int(row[0])

    # -- schools and their sessions -------------------------------------------------------
    def add_school(self, name: str, board: str = "") -> bool:
        """Add a school (``board``: its board's name); whether it was new."""
        name = name.strip()
        if not name:
            raise PipelineError("Een school heeft een naam.")
        with self._write() as c:
            if c.execute("SELECT 1 FROM schools WHERE name = ?", (name,)).fetchone():
                return False
            stamp = _now()
            c.execute("INSERT INTO schools (name, board, created, updated) VALUES (?, ?, ?, ?)",
                      (name, board.strip(), stamp, stamp))
            self._audit(c, "school", f"school toegevoegd: {name}")
        return True

    def _records(self, query: str, args: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
        """The rows of a query as dicts, keyed by the query's column names."""
        with self._read() as c:
            cursor = c.execute(query, args)
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def schools(self) -> list[dict[str, Any]]:
        """Every school: name, board, its session's version, tasks and functions."""
        return self._records(
            "SELECT s.name AS school, s.board AS board, s.version AS version, "
            "COALESCE(v.tasks, 0) AS tasks, COALESCE(v.functions, 0) AS functions, "
            "s.updated AS updated FROM schools s LEFT JOIN school_sessions v "
            "ON v.school_id = s.id AND v.version = s.version ORDER BY s.name")

    def save_session(self, school: str, data: bytes, *, tasks: int, functions: int,
                     read_version: int | None = None) -> int:
        """Keep a new version of a school's session file; its version number.

        ``read_version`` is the version the caller read (and changed): when someone saved
        a newer one since, :class:`StaleWrite` is raised and nothing is written.
        """
        with self._write() as c:
            school_id = self._school_id(c, school)
            current = int(c.execute("SELECT version FROM schools WHERE id = ?",
                                    (school_id,)).fetchone()[0])
            if read_version is not None and read_version != current:
                raise StaleWrite(
                    f"De sessie van {school} is intussen opgeslagen door een ander (versie "
                    f"{current}, u las versie {read_version}): open haar opnieuw en breng "
                    "uw wijziging daarin aan.")
            version = current + 1
            stamp = _now()
            c.execute("INSERT INTO school_sessions (school_id, version, saved, user, tasks, "
                      "functions, data) VALUES (?, ?, ?, ?, ?, ?, ?)",
                      (school_id, version, stamp, self.user, int(tasks), int(functions),
                       bytes(data)))
            c.execute("UPDATE schools SET version = ?, updated = ? WHERE id = ?",
                      (version, stamp, school_id))
            self._audit(c, "session", f"{school}: sessie versie {version} ({functions} "
                        f"functies)")
        return version

    def session(self, school: str, version: int | None = None) -> tuple[int, bytes] | None:
        """A school's session file (the newest, or ``version``) and its version; ``None``
        when the school has none."""
        with self._read() as c:
            school_id = self._school_id(c, school)
            row = c.execute(
                "SELECT version, data FROM school_sessions WHERE school_id = ? AND version = "
                "COALESCE(?, (SELECT version FROM schools WHERE id = ?))",
                (school_id, version, school_id)).fetchone()
        return (int(row[0]), bytes(row[1])) if row is not None else None

    # -- candidates ----------------------------------------------------------------------
    def import_candidates(self, pool: Pool, confirmed: dt.date | None = None) -> int:
        """Add or update the pool's profiles (checked by the loaders: pseudonymous only),
        each confirmed on ``confirmed`` (default today); how many."""
        frame = pool_to_frame(pool)
        day = (confirmed or dt.date.today()).isoformat()
        stamp = _now()
        rows = []
        for record in frame.to_dict("records"):
            cid = str(record["candidate_id"])
            if candidate_id_kind(cid) is not None:  # the loaders refuse these already
                raise PipelineError("Een kandidaat-id lijkt op persoonsgegevens (niet "
                                    "getoond); gebruik alleen pseudoniemen.")
            profile = {k: (None if v != v else v) for k, v in record.items()}  # NaN -> None
            rows.append((cid, json.dumps(profile, ensure_ascii=False, default=str), day,
                         stamp))
        with self._write() as c:
            c.executemany(
                "INSERT INTO candidates (candidate_id, profile, confirmed, imported) VALUES "
                "(?, ?, ?, ?) ON CONFLICT (candidate_id) DO UPDATE SET profile = "
                "excluded.profile, confirmed = excluded.confirmed, imported = excluded.imported",
                rows)
            self._audit(c, "candidates", f"{len(rows)} profielen ingelezen ({pool.source})")
        return len(rows)

    def candidates(self) -> int:
        """How many candidate profiles the region holds."""
        with self._read() as c:
            return int(c.execute("SELECT COUNT(*) FROM candidates").fetchone()[0])

    def stale(self, today: dt.date | None = None, months: int = 6) -> list[tuple[str, str]]:
        """Candidates last confirmed more than ``months`` ago: (id, date), oldest first."""
        limit = _months_before(today or dt.date.today(), months).isoformat()
        with self._read() as c:
            rows = c.execute("SELECT candidate_id, confirmed FROM candidates WHERE confirmed "
                             "< ? ORDER BY confirmed, candidate_id", (limit,)).fetchall()
        return [(str(a), str(b)) for a, b in rows]

    # -- the pipeline --------------------------------------------------------------------
    def set_status(self, school: str, function_id: str, candidate_id: str, status: str,
                   reason: str = "", when: dt.datetime | None = None) -> list[str]:
        """Move a function x candidate to ``status``; the schools where the candidate is
        also in an active step (a double booking, allowed but flagged).

        The steps go one at a time (:data:`STEPS`); skipping one needs a reason code, an
        end (:data:`ENDS`) always does; a pipeline that ended may start again at
        ``voorgesteld``; nothing moves back. A refused move raises
        :class:`PipelineError` and writes nothing.
        """
        if status not in STEPS and status not in ENDS:
            raise PipelineError(f"Onbekende status '{status}': kies uit "
                                f"{', '.join(STEPS + ENDS)}.")
        if reason and reason not in REASONS:
            raise PipelineError(f"Onbekende reden '{reason}': kies uit {', '.join(REASONS)}.")
        with self._write() as c:
            school_id = self._school_id(c, school)
            if not c.execute("SELECT 1 FROM candidates WHERE candidate_id = ?",
                             (candidate_id,)).fetchone():
                raise PipelineError("Deze kandidaat staat niet in de werkruimte (id niet "
                                    "getoond): lees eerst de kandidaten in.")
            row = c.execute("SELECT status FROM pipeline WHERE school_id = ? AND function_id "
                            "= ? AND candidate_id = ?",
                            (school_id, function_id, candidate_id)).fetchone()
            _check_move(row[0] if row else None, status, reason, function_id)
            stamp = _now(when)
            c.execute(
                "INSERT INTO pipeline (school_id, function_id, candidate_id, status, reason, "
                "updated) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (school_id, function_id, "
                "candidate_id) DO UPDATE SET status = excluded.status, reason = "
                "excluded.reason, updated = excluded.updated",
                (school_id, function_id, candidate_id, status, reason, stamp))
            c.execute("INSERT INTO pipeline_events (school_id, function_id, candidate_id, "
                      "status, reason, at, user) VALUES (?, ?, ?, ?, ?, ?, ?)",
                      (school_id, function_id, candidate_id, status, reason, stamp, self.user))
            self._audit(c, "pipeline", f"{school} {function_id}: {status}"
                        + (f" ({reason})" if reason else ""), candidate_id, when)
            elsewhere = c.execute(
                "SELECT DISTINCT s.name FROM pipeline p JOIN schools s ON s.id = p.school_id "
                f"WHERE p.candidate_id = ? AND p.school_id != ? AND p.status IN "
                f"({','.join('?' * len(ACTIVE))}) ORDER BY s.name",
                (candidate_id, school_id, *sorted(ACTIVE))).fetchall()
        return [str(r[0]) for r in elsewhere] if status in ACTIVE else []

    def history(self, candidate_id: str | None = None) -> list[Move]:
        """Every move of the pipeline (of one candidate), in order."""
        query = ("SELECT s.name, e.function_id, e.candidate_id, e.status, e.reason, e.at FROM "
                 "pipeline_events e JOIN schools s ON s.id = e.school_id")
        args: tuple[Any, ...] = ()
        if candidate_id is not None:
            query += " WHERE e.candidate_id = ?"
            args = (candidate_id,)
        with self._read() as c:
            rows = c.execute(query + " ORDER BY e.id", args).fetchall()
        return [Move(*map(str, r)) for r in rows]

    def pipeline(self) -> list[dict[str, Any]]:
        """The current status of every function x candidate."""
        return self._records(
            "SELECT s.name AS school, p.function_id AS function_id, p.candidate_id AS "
            "candidate_id, p.status AS status, p.reason AS reason, p.updated AS updated "
            "FROM pipeline p JOIN schools s ON s.id = p.school_id "
            "ORDER BY s.name, p.function_id, p.candidate_id")

    def double_booked(self) -> dict[str, list[tuple[str, str, str]]]:
        """Candidates in an active step at more than one school: id -> (school, function,
        status) of each."""
        out: dict[str, list[tuple[str, str, str]]] = {}
        for row in self.pipeline():
            if row["status"] in ACTIVE:
                out.setdefault(row["candidate_id"], []).append(
                    (row["school"], row["function_id"], row["status"]))
        return {cid: rows for cid, rows in out.items() if len({r[0] for r in rows}) > 1}

    def record_outcome(self, school: str, function_id: str, candidate_id: str, months: int,
                       working: bool, when: dt.datetime | None = None) -> None:
        """Whether a placed candidate still works there ``months`` (6 or 12) after
        (``when``: the moment it was found out, default now)."""
        if months not in (6, 12):
            raise PipelineError("Een uitkomst geldt na 6 of na 12 maanden.")
        with self._write() as c:
            school_id = self._school_id(c, school)
            placed = c.execute(
                "SELECT 1 FROM pipeline_events WHERE school_id = ? AND function_id = ? AND "
                "candidate_id = ? AND status = 'geplaatst'",
                (school_id, function_id, candidate_id)).fetchone()
            if not placed:
                raise PipelineError(f"{function_id} van {school}: deze kandidaat is daar "
                                    "nooit geplaatst (id niet getoond); een uitkomst hoort "
                                    "bij een plaatsing.")
            c.execute("INSERT INTO outcomes (school_id, function_id, candidate_id, months, "
                      "working, recorded) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET "
                      "working = excluded.working, recorded = excluded.recorded",
                      (school_id, function_id, candidate_id, months, int(working), _now(when)))
            self._audit(c, "outcome", f"{school} {function_id}: na {months} maanden "
                        f"{'werkt nog' if working else 'werkt niet meer'}", candidate_id, when)

    def outcomes(self) -> list[dict[str, Any]]:
        """Every recorded outcome."""
        rows = self._records(
            "SELECT s.name AS school, o.function_id AS function_id, o.candidate_id AS "
            "candidate_id, o.months AS months, o.working AS working, o.recorded AS recorded "
            "FROM outcomes o JOIN schools s ON s.id = o.school_id "
            "ORDER BY s.name, o.function_id, o.candidate_id, o.months")
        return [{**row, "working": bool(row["working"])} for row in rows]

    # -- privacy -------------------------------------------------------------------------
    def forget(self, candidate_id: str) -> int:
        """Remove every row about a candidate (profile, pipeline, its history, outcomes;
        the audit entries keep what happened, no longer to whom); rows removed."""
        with self._write() as c:
            removed = 0
            for table in ("candidates", "pipeline", "pipeline_events", "outcomes",
                          "shortlists"):
                removed += c.execute(f"DELETE FROM {table} WHERE candidate_id = ?",
                                     (candidate_id,)).rowcount
            c.execute("UPDATE audit SET candidate_id = NULL WHERE candidate_id = ?",
                      (candidate_id,))
            self._audit(c, "forget", "een kandidaat vergeten (alle gegevens verwijderd)")
        return removed

    def _closed_before(self, connection: sqlite3.Connection, limit: str
                       ) -> list[tuple[int, str, str]]:
        """(school id, function, candidate) of the pipelines closed before ``limit``: ended
        (:data:`ENDS`), or placed with the 12-month outcome recorded, last moved before it."""
        return [(int(a), str(b), str(c_)) for a, b, c_ in connection.execute(
            "SELECT p.school_id, p.function_id, p.candidate_id FROM pipeline p WHERE "
            "p.updated < ? AND (p.status IN ('afgewezen', 'teruggetrokken') OR (p.status = "
            "'geplaatst' AND EXISTS (SELECT 1 FROM outcomes o WHERE o.school_id = p.school_id "
            "AND o.function_id = p.function_id AND o.candidate_id = p.candidate_id AND "
            "o.months = 12))) ORDER BY p.school_id, p.function_id, p.candidate_id",
            (limit,)).fetchall()]

    def closed_due(self, today: dt.date | None = None,
                   months: int = RETENTION_MONTHS) -> int:
        """How many closed pipelines are past the retention period (see
        :meth:`purge_closed`)."""
        limit = _months_before(today or dt.date.today(), months).isoformat()
        with self._read() as c:
            return len(self._closed_before(c, limit))

    def purge_closed(self, today: dt.date | None = None,
                     months: int = RETENTION_MONTHS) -> int:
        """Remove the pipelines closed more than ``months`` ago: ended ones (afgewezen,
        teruggetrokken) and placements whose 12-month outcome is recorded, with their
        history and outcomes (the audit keeps how many, not whose); how many."""
        limit = _months_before(today or dt.date.today(), months).isoformat()
        with self._write() as c:
            closed = self._closed_before(c, limit)
            for key in closed:
                for table in ("pipeline", "pipeline_events", "outcomes"):
                    c.execute(f"DELETE FROM {table} WHERE school_id = ? AND function_id = ? "
                              "AND candidate_id = ?", key)
                c.execute("UPDATE audit SET candidate_id = NULL WHERE candidate_id = ? AND "
                          "NOT EXISTS (SELECT 1 FROM pipeline WHERE candidate_id = ?)",
                          (key[2], key[2]))
            if closed:
                self._audit(c, "retention", f"{len(closed)} afgesloten trajecten verwijderd "
                            f"(laatste stap voor {limit}, bewaartermijn {months} maanden)")
        return len(closed)

    def audit(self) -> list[tuple[str, str, str, str]]:
        """The audit log: (when, who, action, what), oldest first."""
        with self._read() as c:
            rows = c.execute("SELECT at, user, action, detail FROM audit ORDER BY id").fetchall()
        return [(str(a), str(b), str(c_), str(d)) for a, b, c_, d in rows]

    def pool(self) -> Pool | None:
        """The region's candidate profiles as a :class:`~matcher.model.Pool` (checked by
        the loader again), or ``None`` when there are none."""
        with self._read() as c:
            rows = c.execute("SELECT profile FROM candidates ORDER BY candidate_id").fetchall()
        if not rows:
            return None
        frame = pd.DataFrame([json.loads(r[0]) for r in rows])
        return load_candidates(frame, name="werkruimte: kandidaten")

    def shortlists(self, top: int = 10, cap: int = 3, months: int = 6, *, keep: bool = False
                   ) -> tuple[RegionShortlists, pd.DataFrame]:
        """Shortlists for every carved function of every school, no candidate on the lists
        of more than ``cap`` schools (exact, :func:`matcher.matching.region.capped_shortlists`),
        and the lists with their flags: ``elders_actief`` (the schools where the candidate
        is already in an active step) and ``verouderd`` (the profile was last confirmed
        more than ``months`` ago). ``keep``: the lists replace the kept ones in one
        transaction (:meth:`keep_shortlists`, read back with :meth:`kept_shortlists`), with
        the moment and the user."""
        from matcher.session.workspace import Workspace

        pool = self.pool()
        frames = []
        if pool is not None:
            for school in self.schools():
                stored = self.session(school["school"])
                if stored is None or not school["functions"]:
                    continue
                ws, _ = Workspace.open(stored[1], f"{school['school']}.json", pool=pool)
                if ws.carving is None or not ws.carving.functions:
                    continue
                scores = ws.match().scores.frame
                feasible = scores[scores["feasible"]]
                frames.append(pd.DataFrame({
                    "school": school["school"], "function_id": feasible["function_id"],
                    "candidate_id": feasible["candidate_id"].astype(str),
                    "score": feasible["score"].astype(float)}))
        pairs = (pd.concat(frames, ignore_index=True) if frames else
                 pd.DataFrame(columns=["school", "function_id", "candidate_id", "score"]))
        result = capped_shortlists(pairs, top=top, cap=cap)
        lists = result.shortlists.copy()
        active: dict[str, set[str]] = {}
        for row in self.pipeline():
            if row["status"] in ACTIVE:
                active.setdefault(row["candidate_id"], set()).add(row["school"])
        lists["elders_actief"] = [
            ", ".join(sorted(active.get(k, set()) - {s}))
            for s, k in zip(lists["school"], lists["candidate_id"], strict=True)]
        old = {k for k, _ in self.stale(months=months)}
        lists["verouderd"] = lists["candidate_id"].isin(old)
        if keep:
            self.keep_shortlists(lists)
        return result, lists

    def keep_shortlists(self, lists: pd.DataFrame) -> None:
        """Replace the kept shortlists by ``lists`` (as :meth:`shortlists` returns them:
        school, function_id, rank, candidate_id, score), in one transaction, audited."""
        made = _now()
        with self._write() as c:
            c.execute("DELETE FROM shortlists")
            ids = {row["school"]: self._school_id(c, row["school"])
                   for row in lists[["school"]].drop_duplicates().to_dict("records")}
            c.executemany(
                "INSERT INTO shortlists (school_id, function_id, rank, candidate_id, score, "
                "made, user) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(ids[school], str(f), int(rank), str(k), float(score), made, self.user)
                 for school, f, rank, k, score in zip(
                     lists["school"], lists["function_id"], lists["rank"],
                     lists["candidate_id"], lists["score"], strict=True)])
            self._audit(c, "shortlists", f"{len(lists)} plaatsen op de korte lijsten bewaard")

    def kept_shortlists(self) -> pd.DataFrame:
        """The shortlists as last kept (:meth:`shortlists` with ``keep``): school,
        function_id, rank, candidate_id, score, made (UTC, ISO) and user; by school,
        function and rank. What was proposed stays readable after the pool or the
        weights change."""
        rows = self._records(
            "SELECT s.name AS school, l.function_id, l.rank, l.candidate_id, l.score, "
            "l.made, l.user FROM shortlists l JOIN schools s ON s.id = l.school_id "
            "ORDER BY s.name, l.function_id, l.rank")
        return pd.DataFrame(rows, columns=["school", "function_id", "rank", "candidate_id",
                                           "score", "made", "user"])

    def functions(self) -> pd.DataFrame:
        """Every carved function of every school (its newest session): school, board and
        the columns of ``functions.csv``."""
        from matcher.session.workspace import Workspace

        frames = []
        for school in self.schools():
            stored = self.session(school["school"]) if school["functions"] else None
            if stored is None:
                continue
            ws, _ = Workspace.open(stored[1], f"{school['school']}.json")
            if ws.carving is not None and ws.carving.functions:
                frame = ws.carving.functions_frame()
                frame.insert(0, "board", school["board"])
                frame.insert(0, "school", school["school"])
                frames.append(frame)
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
            columns=["school", "board", "function_id", "title", "hours_per_week", "fta"])

    def tables(self, today: dt.date | None = None, months: int = 6, *, dutch: bool = True
               ) -> dict[str, pd.DataFrame]:
        """The region as tables (what ``matcher workspace export`` writes): scholen,
        functies, trajecten (the pipeline now), stappen (every move), uitkomsten, verouderd
        (profiles to reconfirm). Candidates appear by their pseudonymous id only, never with
        their profile. ``dutch``: Dutch headers and words (:func:`matcher.outputs.dutch.to_dutch`),
        else the data form."""
        from matcher.outputs.dutch import to_dutch

        schools = pd.DataFrame(self.schools(), columns=["school", "board", "version", "tasks",
                                                        "functions", "updated"])
        functions = self.functions()
        keep = [c for c in ("school", "board", "function_id", "title", "hours_per_week", "fta",
                            "level", "areas", "sites", "days", "n_tasks", "schedule", "locked")
                if c in functions.columns]
        pipeline = pd.DataFrame(self.pipeline(), columns=["school", "function_id",
                                                          "candidate_id", "status", "reason",
                                                          "updated"])
        moves = pd.DataFrame([vars(m) for m in self.history()],
                             columns=["school", "function_id", "candidate_id", "status",
                                      "reason", "at"])
        outcomes = pd.DataFrame(self.outcomes(), columns=["school", "function_id",
                                                          "candidate_id", "months", "working",
                                                          "recorded"])
        stale = pd.DataFrame(self.stale(today, months), columns=["candidate_id", "confirmed"])
        out = {"scholen": schools, "functies": functions[keep], "trajecten": pipeline,
               "stappen": moves, "uitkomsten": outcomes, "verouderd": stale}
        if not dutch:
            return out
        outcomes["working"] = outcomes["working"].map({True: "ja", False: "nee"})
        names = {"version": "sessieversie", "tasks": "taken", "functions": "functies",
                 "updated": "bijgewerkt", "status": "status", "reason": "reden",
                 "at": "datum", "months": "na maanden", "working": "werkt nog",
                 "recorded": "vastgelegd", "confirmed": "laatst bevestigd"}
        return {name: to_dutch(frame).rename(columns=names) for name, frame in out.items()}

    def status(self) -> dict[str, Any]:
        """The region at a glance: schools, candidates, pipeline counts by status, flags,
        and closed pipelines past the retention period."""
        counts: dict[str, int] = dict.fromkeys(STEPS + ENDS, 0)
        for row in self.pipeline():
            counts[row["status"]] += 1
        return {"schools": self.schools(), "candidates": self.candidates(),
                "pipeline": counts, "double_booked": len(self.double_booked()),
                "stale_profiles": len(self.stale()), "closed_due": self.closed_due()}


def _check_move(current: str | None, status: str, reason: str, function_id: str) -> None:
    """Raise :class:`PipelineError` when ``current`` -> ``status`` is not allowed."""
    if status in ENDS:
        if current is None or current in ENDS:
            raise PipelineError(f"{function_id}: alleen een lopend traject kan eindigen "
                                f"({status}).")
        if not reason:
            raise PipelineError(f"{function_id}: '{status}' vraagt een reden (--reason: "
                                f"{', '.join(REASONS)}).")
        return
    start = -1 if current is None or current in ENDS else STEPS.index(current)
    step = STEPS.index(status)
    if step <= start:
        raise PipelineError(f"{function_id}: van '{current}' terug naar '{status}' kan niet; "
                            "een traject gaat vooruit of eindigt.")
    if step > start + 1 and not reason:
        skipped = ", ".join(STEPS[start + 1:step])
        raise PipelineError(f"{function_id}: van '{current or 'nieuw'}' naar '{status}' slaat "
                            f"{skipped} over; dat kan alleen met een reden (--reason "
                            "versneld of een andere).")
