"""The embedded SQLite archive: schema and migrations, writes, record-level reads."""

from .archive import DEFAULT_DB, Archive, connect
from .schema import SCHEMA_VERSION
from .writer import Prepared, prepare

__all__ = ["Archive", "connect", "DEFAULT_DB", "Prepared", "prepare", "SCHEMA_VERSION"]
