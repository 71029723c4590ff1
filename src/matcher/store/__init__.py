"""The store: what matcher keeps between meetings, in an embedded SQLite database.

:class:`Store` is the one way in: it opens (and creates) the database file, brings its
schema up to date (:mod:`matcher.store.db`) and keeps the sessions of the app
(:mod:`matcher.store.sessions`), so a reload or a closed tab loses nothing, and the WSP's
region (:mod:`matcher.store.region`: schools, candidates, the pipeline, outcomes, audit).
Nothing needs installing or starting; the file is :func:`default_path` unless given.
"""

from matcher.store.db import SCHEMA_VERSION, STORE_ENV, connect, default_path
from matcher.store.region import PipelineError, RegionStore, StaleWrite
from matcher.store.sessions import SessionStore, StoredSession

__all__ = ["SCHEMA_VERSION", "STORE_ENV", "PipelineError", "RegionStore", "SessionStore",
           "StaleWrite", "StoredSession", "connect", "default_path"]
