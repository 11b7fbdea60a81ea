"""Search: the query language, its SQL, facets, and the search itself."""

from .engine import SORTS, Hit, SearchResult, matching_ids, query_timeline, search
from .facets import FacetValue
from .query import FIELDS, parse_query

__all__ = ["search", "matching_ids", "query_timeline", "SearchResult", "Hit", "FacetValue", "parse_query", "FIELDS", "SORTS"]
