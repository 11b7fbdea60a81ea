"""The storage layer: every SQL statement of cablebase. `backend.Backend` names what the rest of
the program needs from an archive; `Archive` (one SQLite file: schema and migrations, writes,
reads, search, graph rows, analysis views, statistics) is its first implementation, `PostgresArchive`
(store/postgres) its server one; `open_archive` picks one by the name given."""

import os

from .archive import Archive
from .backend import BROWSE_LISTS, Backend
from .check import Report, check_file
from .connection import DEFAULT_DB, connect
from .postgres import PostgresArchive, display, is_url
from .postgres.check import check_database
from .schema import SCHEMA_VERSION
from .writer import Prepared, prepare


def open_archive(db: str | os.PathLike, readonly: bool = False) -> Archive | PostgresArchive:
    """The archive `db` names: a PostgreSQL database's `postgresql://…` URL, else an SQLite file
    (created and migrated unless `readonly`; SchemaError if it is not an archive)."""
    if is_url(db):
        return PostgresArchive(str(db), readonly)
    return Archive(db, readonly)


def shown(db: str | os.PathLike) -> str:
    """An archive's name as messages may show it: a file's path, a database URL without its password."""
    return display(str(db)) if is_url(db) else os.fspath(db)


def check_archive(db: str | os.PathLike) -> Report:
    """Check the archive `db` names (a file, or a PostgreSQL database's URL) without changing it
    (`cablebase check`); SchemaError if it is no archive at all."""
    return check_database(str(db)) if is_url(db) else check_file(db)


__all__ = ["check_archive", "shown", "Archive", "Backend", "BROWSE_LISTS", "connect", "DEFAULT_DB", "is_url", "open_archive", "PostgresArchive",
           "Prepared", "prepare", "SCHEMA_VERSION"]
