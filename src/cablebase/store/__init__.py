"""The storage layer: every SQL statement of cablebase. `backend.Backend` names what the rest of
the program needs from an archive; `Archive` (one SQLite file: schema and migrations, writes,
reads, search, graph rows, analysis views, statistics) is its first implementation."""

from .archive import Archive
from .backend import BROWSE_LISTS, Backend
from .connection import DEFAULT_DB, connect
from .schema import SCHEMA_VERSION
from .writer import Prepared, prepare

__all__ = ["Archive", "Backend", "BROWSE_LISTS", "connect", "DEFAULT_DB", "Prepared", "prepare", "SCHEMA_VERSION"]
