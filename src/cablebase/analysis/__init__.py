"""The analysis stage that follows parsing: people and organisations named in a cable, and the dated
events it mentions. Kept apart from the parser so that `cablebase parse` stays fast and the record
it prints is exactly the parsed cable; `ingest` (and `parse --analyse`) run both."""

from __future__ import annotations

from ..model import Cable
from .entities import extract_entities
from .timeline import extract_events


def analyse(cable: Cable) -> Cable:
    """Fill `cable.entities` and `cable.events` from its parsed fields; returns the same cable."""
    cable.entities = extract_entities(cable)
    cable.events = extract_events(cable)
    return cable
