"""A Datasette plugin, installed with cablebase: it defines the SQL functions that read the archive's
compressed cable text (store/bodies.py) on Datasette's connections, so the `cable_text` view,
full-text snippets and `sqlar_uncompress(body_zlib, body_size)` work there as in the sqlite3 shell."""

from __future__ import annotations

from datasette import hookimpl

from .store import bodies
from .store.driver import sqlite3


@hookimpl
def prepare_connection(conn: sqlite3.Connection) -> None:
    """Datasette calls this for every connection it opens."""
    bodies.register(conn)
