"""Tests for the store: the database file, its migrations, and the app's sessions."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from matcher.store import SCHEMA_VERSION, STORE_ENV, SessionStore, connect, default_path
from matcher.store.db import StoreError
from matcher.store.sessions import KEEP_SESSIONS


def test_default_path_follows_the_environment(monkeypatch: pytest.MonkeyPatch,
                                              tmp_path: Path) -> None:
    monkeypatch.setenv(STORE_ENV, str(tmp_path / "a.sqlite"))
    assert default_path() == tmp_path / "a.sqlite"
    monkeypatch.delenv(STORE_ENV)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_path() == tmp_path / "matcher" / "matcher.sqlite"


def test_a_new_file_gets_the_current_schema(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "folder" / "store.sqlite"
    connection = connect(path)
    assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
    assert "sessions" in tables
    connection.close()
    connect(path).close()  # opening again changes nothing


def test_a_newer_schema_or_another_file_is_refused(tmp_path: Path) -> None:
    newer = tmp_path / "newer.sqlite"
    raw = sqlite3.connect(newer)
    raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    raw.close()
    with pytest.raises(StoreError, match="newer"):
        connect(newer)
    other = tmp_path / "other.sqlite"
    other.write_bytes(b"this is not a database at all, just text" * 100)
    with pytest.raises(StoreError, match="not a matcher store"):
        connect(other)


def test_sessions_are_saved_replaced_listed_and_deleted(tmp_path: Path) -> None:
    store = SessionStore(tmp_path / "s.sqlite")
    first, second = store.new_key(), store.new_key()
    assert first != second and store.valid_key(first)
    t0 = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
    store.save(first, b'{"a": 1}', "demo: Eemland College", 0, now=t0)
    store.save(second, b'{"b": 2}', "bestanden: taken.xlsx", 3,
               now=t0 + dt.timedelta(hours=1))
    store.save(first, b'{"a": 2}', "demo: Eemland College", 5,
               now=t0 + dt.timedelta(hours=2))
    assert store.load(first) == b'{"a": 2}'
    listed = store.recent()
    assert [s.key for s in listed] == [first, second]
    assert listed[0].functions == 5 and listed[0].created == t0
    assert listed[0].updated == t0 + dt.timedelta(hours=2) and listed[0].size == 8
    assert store.delete(second) and not store.delete(second)
    assert [s.key for s in store.recent()] == [first]


@pytest.mark.parametrize("key", ["", "short", "../../etc/passwd", "x" * 65, None, 12,
                                 "a b c d e f g h i j k"])
def test_a_malformed_key_is_never_looked_up(tmp_path: Path, key: object) -> None:
    store = SessionStore(tmp_path / "s.sqlite")
    assert not store.valid_key(key)
    assert store.load(key) is None
    with pytest.raises(ValueError):
        store.save(key, b"{}", "x")  # type: ignore[arg-type]


def test_the_oldest_sessions_go_beyond_the_limit(tmp_path: Path) -> None:
    store = SessionStore(tmp_path / "s.sqlite")
    t0 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    keys = [store.new_key() for _ in range(KEEP_SESSIONS + 3)]
    for k, key in enumerate(keys):
        store.save(key, b"{}", f"sessie {k}", now=t0 + dt.timedelta(minutes=k))
    kept = store.recent(limit=KEEP_SESSIONS + 10)
    assert len(kept) == KEEP_SESSIONS
    assert kept[0].key == keys[-1] and store.load(keys[0]) is None
