"""The error types every layer may raise: a record that cannot be parsed, a malformed query, a bad
argument, an archive this code cannot read, an archive another ingest is writing."""

from __future__ import annotations


class ParseError(Exception):
    """A record (or file) that cannot be parsed: says which one and why."""

    def __init__(self, reason: str, path: str | None = None, record: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.path = path
        self.record = record

    def __reduce__(self):  # keep path and record across process boundaries
        return (ParseError, (self.reason, self.path, self.record))

    def __str__(self) -> str:
        where = self.path or "<input>"
        if self.record is not None:
            where = f"{where}:{self.record}"
        return f"{where}: {self.reason}"


class QueryError(ValueError):
    """A malformed query: `message` says what, `position` (0-based) says where, `suggestions` are
    whole queries the reader may have meant (offered as links and in the API's error)."""

    def __init__(self, message: str, position: int, suggestions: tuple[str, ...] = ()) -> None:
        super().__init__(f"{message} (at character {position + 1})")
        self.message = message
        self.position = position
        self.suggestions = suggestions


class ArgumentError(ValueError):
    """An argument outside what a library call takes (an unknown sort, kind, list or format, a page
    out of range): the caller's mistake, said in words a user can act on."""


class SchemaError(Exception):
    """The archive was written by a newer cablebase, or is not an archive."""


class IngestLocked(Exception):
    """Another ingest is writing to the same archive."""
