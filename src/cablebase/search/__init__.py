"""Search, as the rest of cablebase sees it: the query language (`query.py`), its fields, facets and
sorts (`fields.py`) and what a search gives back (`results.py`). An archive backend runs it (the
SQLite one in `store/search.py`)."""

from .fields import FIELDS, SORTS
from .query import parse_query
from .results import Facets, FacetValue, Hit, SearchResult, Suggestion

__all__ = ["parse_query", "FIELDS", "SORTS", "SearchResult", "Facets", "Hit", "FacetValue", "Suggestion"]
