"""The search's open lists: the facets a result set is counted by, and the sort orders."""

from __future__ import annotations

SORTS = ("rank", "date", "date-asc")
FACETS = ("origin", "year", "classification", "tag", "caption", "person", "organization")
FACET_FIELDS = {"origin": "origin", "year": "year", "classification": "class", "tag": "tag", "caption": "caption",
                "person": "person", "organization": "org"}
LIMITS = {"origin": 20, "year": 60, "classification": 10, "tag": 25, "caption": 15, "person": 15, "organization": 15}
