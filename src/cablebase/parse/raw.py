"""What a reader hands to the extractors: one cable's text parts and any metadata the form carries."""

from __future__ import annotations

from dataclasses import dataclass, field

PARTIAL_NOTICE = (
    "This record is a partial extract of the original cable. "
    "The full text of the original cable is not available."
)


@dataclass
class RawCable:
    """One cable as read, before field extraction. Metadata fields are None when the form lacks them."""

    format: str
    body: str
    header: str = ""
    partial_notice: str | None = None
    reference_id: str | None = None
    created: str | None = None
    released: str | None = None
    classification: str | None = None
    origin: str | None = None
    path: str | None = None
    record: int | None = None
    sha256: str = ""
    notes: list[str] = field(default_factory=list)


def split_partial(text: str) -> tuple[str | None, str]:
    """Split a leading partial-extract notice off `text` (it may be glued to what follows)."""
    stripped = text.lstrip()
    if stripped.startswith(PARTIAL_NOTICE):
        return PARTIAL_NOTICE, stripped[len(PARTIAL_NOTICE):]
    return None, text
