"""The PostgreSQL backend: the archive in a database server, for many readers and large collections.

Selected by a `postgresql://…` URL where a file name would be given (`--db`, `$CABLEBASE_DB`)."""

from __future__ import annotations

from typing import Any

import psycopg

from . import search
from .archive import PostgresArchive, connect, is_url
from .query import Compiled, compile_query


def is_connection(conn: Any) -> bool:
    """Whether `conn` is a connection to a PostgreSQL archive (else an SQLite one)."""
    return isinstance(conn, psycopg.Connection)


__all__ = ["PostgresArchive", "connect", "is_url", "is_connection", "compile_query", "Compiled", "search"]
