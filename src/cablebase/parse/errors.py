"""The one error type the parser raises."""

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
