"""The database file: where it lives, opening it, and its schema's migrations.

The schema has a version (SQLite's ``user_version``); :data:`MIGRATIONS` holds the SQL
that brings version ``k`` to ``k + 1``, applied in order in one transaction when a file
is opened, so an older file is upgraded in place and a newer one is refused.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "STORE_ENV", "StoreError", "connect",
           "default_path"]

#: Environment variable naming the database file (else :func:`default_path`'s default).
STORE_ENV = "MATCHER_STORE"

#: SQL that takes the schema from version ``k`` (its index) to ``k + 1``.
MIGRATIONS: tuple[str, ...] = (
    # 1: the app's sessions, each a session file under a key that is not guessable
    """
    CREATE TABLE sessions (
        key TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        functions INTEGER NOT NULL DEFAULT 0,
        created TEXT NOT NULL,
        updated TEXT NOT NULL,
        data BLOB NOT NULL
    );
    CREATE INDEX sessions_updated ON sessions (updated);
    """,
    # 2: the WSP's region (matcher.store.region): schools and their session versions,
    # candidates, the pipeline and its history, outcomes, the audit log
    """
CREATE TABLE schools (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    board TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 0,
    created TEXT NOT NULL,
    updated TEXT NOT NULL
);
CREATE TABLE school_sessions (
    school_id INTEGER NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    saved TEXT NOT NULL,
    user TEXT NOT NULL,
    tasks INTEGER NOT NULL,
    functions INTEGER NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (school_id, version)
);
CREATE TABLE candidates (
    candidate_id TEXT PRIMARY KEY,
    profile TEXT NOT NULL,
    confirmed TEXT NOT NULL,
    imported TEXT NOT NULL
);
CREATE TABLE pipeline (
    school_id INTEGER NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
    function_id TEXT NOT NULL,
    candidate_id TEXT NOT NULL,
    status TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    updated TEXT NOT NULL,
    PRIMARY KEY (school_id, function_id, candidate_id)
);
CREATE INDEX pipeline_candidate ON pipeline (candidate_id);
CREATE TABLE pipeline_events (
    id INTEGER PRIMARY KEY,
    school_id INTEGER NOT NULL,
    function_id TEXT NOT NULL,
    candidate_id TEXT NOT NULL,
    status TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    at TEXT NOT NULL,
    user TEXT NOT NULL
);
CREATE INDEX pipeline_events_candidate ON pipeline_events (candidate_id);
CREATE TABLE outcomes (
    school_id INTEGER NOT NULL,
    function_id TEXT NOT NULL,
    candidate_id TEXT NOT NULL,
    months INTEGER NOT NULL,
    working INTEGER NOT NULL,
    recorded TEXT NOT NULL,
    PRIMARY KEY (school_id, function_id, candidate_id, months)
);
CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    user TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL,
    candidate_id TEXT
)
""",
    # 3: the region's shortlists as last made (what was proposed, with the scores then)
    """
CREATE TABLE shortlists (
    school_id INTEGER NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
    function_id TEXT NOT NULL,
    rank INTEGER NOT NULL,
    candidate_id TEXT NOT NULL,
    score REAL NOT NULL,
    made TEXT NOT NULL,
    user TEXT NOT NULL,
    PRIMARY KEY (school_id, function_id, rank)
);
CREATE INDEX shortlists_candidate ON shortlists (candidate_id);
""",
)
#: The schema version this code writes.
SCHEMA_VERSION = len(MIGRATIONS)


class StoreError(Exception):
    """The database file cannot be used (a newer schema, not a database, not writable)."""


def default_path() -> Path:
    """The database file: ``$MATCHER_STORE`` when set, else ``matcher.sqlite`` in the
    user's data folder (``$XDG_DATA_HOME/matcher``, ``~/.local/share/matcher``)."""
    named = os.environ.get(STORE_ENV)
    if named:
        return Path(named).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "matcher" / "matcher.sqlite"


def connect(path: Path | str | None = None) -> sqlite3.Connection:
    """Open the database (created with its folder on first use) at the current schema.

    Raises
    ------
    StoreError
        When the file holds a newer schema than this code knows or is not a database.
    """
    target = Path(path) if path is not None else default_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(target, timeout=10.0, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode=WAL")
        version = int(connection.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            raise StoreError(f"{target}: schema version {version} is newer than this "
                             f"matcher knows ({SCHEMA_VERSION}); update matcher")
        if version < SCHEMA_VERSION:
            _migrate(connection, version)
    except sqlite3.DatabaseError as error:
        connection.close()
        raise StoreError(f"{target}: not a matcher store ({error})") from error
    except StoreError:
        connection.close()
        raise
    return connection


def _migrate(connection: sqlite3.Connection, version: int) -> None:
    """Apply the migrations after ``version`` in one transaction."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        # another process may have migrated while this one waited for the lock
        now = int(connection.execute("PRAGMA user_version").fetchone()[0])
        for k in range(now, SCHEMA_VERSION):
            for statement in MIGRATIONS[k].split(";"):
                if statement.strip():
                    connection.execute(statement)
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
