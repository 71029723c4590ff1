"""Sessions kept in the store: a session file (:func:`matcher.session.dump_session`)
under a key, saved as the session changes, listed by when they changed last.

A key is a random token (:meth:`SessionStore.new_key`), so it can stand in the app's
address: a reload or a reopened link finds the session back, and a key cannot be
guessed from another. The bytes are stored as they are; they hold only what a session
file may hold (pseudonymous profiles, checked by the loaders when they came in and again
when the session is opened).
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from matcher.store.db import connect, default_path

__all__ = ["KEEP_SESSIONS", "SessionStore", "StoredSession"]

#: Sessions kept in a store; the ones changed longest ago go first.
KEEP_SESSIONS = 200
_KEY = re.compile(r"[A-Za-z0-9_-]{16,64}")


@dataclass(frozen=True)
class StoredSession:
    """One stored session, without its data: what a list of recent sessions shows."""

    key: str
    title: str
    functions: int
    created: dt.datetime
    updated: dt.datetime
    size: int


class SessionStore:
    """The sessions in the store at ``path`` (default :func:`matcher.store.default_path`).

    Every call opens the database and closes it again, so one store object is safe to
    share between the threads of a server.
    """

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else default_path()
        connect(self.path).close()  # create and migrate now: errors surface here

    @staticmethod
    def new_key() -> str:
        """A fresh random key (22 URL-safe characters)."""
        return secrets.token_urlsafe(16)

    @staticmethod
    def valid_key(key: object) -> bool:
        """Whether ``key`` has the form of a key (anything else is never looked up)."""
        return isinstance(key, str) and _KEY.fullmatch(key) is not None

    def save(self, key: str, data: bytes, title: str, functions: int = 0,
             now: dt.datetime | None = None) -> None:
        """Store (or replace) the session under ``key``; the oldest sessions beyond
        :data:`KEEP_SESSIONS` are dropped."""
        if not self.valid_key(key):
            raise ValueError("not a session key")
        stamp = (now or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds")
        connection = connect(self.path)
        try:
            with connection:
                connection.execute("BEGIN")
                connection.execute(
                    "INSERT INTO sessions (key, title, functions, created, updated, data) "
                    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET "
                    "title = excluded.title, functions = excluded.functions, "
                    "updated = excluded.updated, data = excluded.data",
                    (key, title, int(functions), stamp, stamp, bytes(data)))
                connection.execute(
                    "DELETE FROM sessions WHERE key NOT IN (SELECT key FROM sessions "
                    "ORDER BY updated DESC, key LIMIT ?)", (KEEP_SESSIONS,))
        finally:
            connection.close()

    def load(self, key: object) -> bytes | None:
        """The session file stored under ``key`` (``None``: no such session)."""
        if not self.valid_key(key):
            return None
        connection = connect(self.path)
        try:
            row = connection.execute("SELECT data FROM sessions WHERE key = ?",
                                     (key,)).fetchone()
        finally:
            connection.close()
        return bytes(row[0]) if row is not None else None

    def recent(self, limit: int = 10) -> list[StoredSession]:
        """The sessions changed last, newest first."""
        connection = connect(self.path)
        try:
            rows = connection.execute(
                "SELECT key, title, functions, created, updated, length(data) FROM sessions "
                "ORDER BY updated DESC, key LIMIT ?", (int(limit),)).fetchall()
        finally:
            connection.close()
        return [StoredSession(k, t, int(f), dt.datetime.fromisoformat(c),
                              dt.datetime.fromisoformat(u), int(n))
                for k, t, f, c, u, n in rows]

    def delete(self, key: str) -> bool:
        """Remove the session under ``key``; whether there was one."""
        if not self.valid_key(key):
            return False
        connection = connect(self.path)
        try:
            with connection:
                done = connection.execute("DELETE FROM sessions WHERE key = ?", (key,))
                return done.rowcount > 0
        finally:
            connection.close()
