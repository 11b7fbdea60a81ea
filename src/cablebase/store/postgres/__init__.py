"""The PostgreSQL backend: the archive in a database server, for many readers and large collections.

Selected by a `postgresql://…` URL where a file name would be given (`--db`, `$CABLEBASE_DB`)."""

from .archive import PostgresArchive, connect, display, is_url

__all__ = ["PostgresArchive", "connect", "display", "is_url"]
