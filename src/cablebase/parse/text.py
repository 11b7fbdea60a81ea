"""Reader for a single bare record (like the seed): just the cable text, no metadata."""

from __future__ import annotations

from ..errors import ParseError
from .raw import RawCable, split_partial
from .txtdump import split_header


def read_text(text: str) -> RawCable:
    """A bare cable: optional partial notice, optional routing header, then the text."""
    if not text.strip():
        raise ParseError("empty record")
    notice, rest = split_partial(text.lstrip("\ufeff"))
    header, body = split_header(rest.lstrip("\n"))
    if not body.strip():
        raise ParseError("record has no cable text")
    return RawCable(format="text", body=body, header=header, partial_notice=notice)
