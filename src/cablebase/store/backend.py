"""What the rest of cablebase needs from an archive, whatever stores it.

`Backend` names every operation above the storage layer: ingest writes (runs, versions,
failures), record reads, the search language run against the archive (the backend compiles the
syntax tree of `search.query` itself: nothing above it writes SQL), the reference graph's edges,
the analysis tables (people and organisations, events, action requests), statistics and browse
lists, export streaming, what HTTP caching needs (a cable's ETag) and the whole-archive summaries
stored per archive generation. `store.archive.Archive` is the SQLite implementation; a server backend implements
the same protocol beside it.

Ids given to a backend are canonical (`05ALMATY2058`): `reader.py` normalises what users type."""

from __future__ import annotations

from collections import Counter
from typing import ContextManager, Iterable, Iterator, Protocol, runtime_checkable

from ..errors import ParseError
from ..model import Cable
from ..search.results import Facets, SearchResult
from .writer import Prepared

BROWSE_LISTS = ("origins", "tags", "dates", "classifications")
"""The browse lists an archive offers (`Backend.browse`)."""


@runtime_checkable
class Backend(Protocol):
    """An archive of cables. Every method reads or writes current versions unless it says otherwise."""

    # -- lifecycle -----------------------------------------------------------------------------
    def close(self) -> None:
        """Release the connection(s)."""

    # -- ingest writes -------------------------------------------------------------------------
    def start_run(self, inputs: list[str], parser: str | None = None) -> int:
        """Open an ingest run; runs left running by a killed process are marked interrupted."""

    def seen(self, sha256: str, path: str, parser: str) -> bool:
        """Whether these bytes were stored from this path by a run of the same parser code."""

    def add(self, cables: Iterable[Cable | Prepared], failures: Iterable[ParseError] = (),
            run_id: int | None = None, seen: int = 0) -> Counter:
        """Store cables (a new cable, a new version, unchanged, refreshed) and failures in one transaction."""

    def finish_run(self, run_id: int) -> dict:
        """Close a run; its summary row (parsed, new, new_versions, unchanged, failed)."""

    # -- copying (`cablebase copy`, see store/transfer.py) ------------------------------------------
    def dump(self) -> Iterator[tuple[str, list[tuple]]]:
        """Every stored row, as (table, rows) chunks of `transfer.TABLES`, from one snapshot."""

    def load(self, chunks: Iterable[tuple[str, list[tuple]]], replace: bool = False) -> None:
        """Write a dump in one transaction (emptying the archive first when `replace`); the
        full-text index is built from the current versions loaded."""

    def table_counts(self) -> dict[str, int]:
        """Rows in each table of `transfer.TABLES`, and the cables in the full-text index."""

    # -- records -------------------------------------------------------------------------------
    def get(self, reference_id: str, version: int | None = None) -> Cable | None:
        """A cable: the current version, or version `version`."""

    def exists(self, reference_id: str) -> bool:
        """Whether a current version of the cable is archived."""

    def versions(self, reference_id: str) -> list[dict]:
        """Every version, oldest first: version, is_current, released, partial, redactions, ingested,
        content_hash, length, sources."""

    def body(self, reference_id: str, version: int) -> str | None:
        """The clean text of one version."""

    def failures(self, limit: int | None = None) -> list[dict]:
        """What could not be parsed, newest first: path, record, reason, run_id, seen."""

    def runs(self) -> list[dict]:
        """Ingest runs, newest first."""

    def count(self) -> int:
        """How many cables (current versions)."""

    def select(self, query: str = "") -> Iterator[Cable]:
        """Stream the current cables matching a query (all for ""), in archive order (export).
        Raises QueryError for a malformed query."""

    def entity_ids(self, reference_id: str) -> dict[str, int]:
        """Entity key -> entity id for the people and organisations a cable names."""

    # -- caching -------------------------------------------------------------------------------
    def etag(self, reference_id: str) -> str | None:
        """An HTTP entity tag that changes whenever the cable (any version) or what cites it may
        have changed; None when there is no such cable."""

    # -- whole-archive summaries (cablebase.summaries) --------------------------------------------
    def generation(self) -> int:
        """The archive's generation: a number that every change to the cables or the failures moves
        on, whoever writes it."""

    def summary_generations(self) -> dict[str, int]:
        """Name -> the generation each stored summary was computed for."""

    def stored_summary(self, name: str) -> tuple[int, str] | None:
        """(generation, JSON text) of a stored summary; None if there is none."""

    def save_summary(self, name: str, generation: int, value: str) -> None:
        """Store a summary (JSON text) computed for `generation`, replacing the one stored before."""

    def computing_summaries(self) -> ContextManager[None]:
        """Held by the one process computing the summaries: another (a server's next worker) waits
        for it, then finds them stored instead of computing them again."""

    # -- search --------------------------------------------------------------------------------
    def search(self, query: str = "", sort: str = "rank", page: int = 1, per_page: int = 20,
               facets: bool = True) -> SearchResult:
        """A page of hits (ranked or by date, `search.SORTS`), the exact total, facets and the monthly
        histogram (exact, or estimated from an even sample), and spelling suggestions when nothing
        matches. The backend compiles the query (`search.query.parse_query` gives its syntax tree)
        into its own query language. Raises QueryError for a malformed query, ValueError for bad paging."""

    def facets(self, query: str = "") -> Facets:
        """The exact total, facets and monthly histogram of a query's whole result set, as `search`
        gives them, without its hits: a page of hits (`search(..., facets=False)`) need not wait for
        them. Raises QueryError for a malformed query."""

    def matching_ids(self, query: str, limit: int = 10000, oldest_first: bool = False) -> set[str]:
        """Ids of at most `limit` cables matching a query (the oldest when `oldest_first`). Raises QueryError."""

    # -- the reference graph ---------------------------------------------------------------------
    def cited(self, reference_id: str) -> list[dict]:
        """What a cable cites, in order: letter, kind, raw, cited_id, cited_origin, cited_serial,
        citing_year."""

    def candidates(self, origin: str, serial: int, year: int | None, window: int) -> list[str]:
        """Ids of cables with this origin and serial, within `window` years of `year` (any year if None)."""

    def summary(self, reference_id: str) -> dict | None:
        """reference_id, subject, created, origin_code of a cable; None when it is not archived."""

    def headings(self, reference_ids: list[str]) -> dict[str, dict]:
        """id -> subject, created, origin_code, origin of those of these cables the archive holds."""

    def held_ids(self) -> list[tuple[str, str | None]]:
        """(id, creation date YYYY-MM-DD) of every current cable that has an id (coverage)."""

    def cited_by(self, reference_id: str) -> list[dict]:
        """Cables citing this id (not itself), oldest first: reference_id, subject, created, origin_code."""

    def citation_edges(self, citing: set[str] | None = None) -> list[tuple[str, str]]:
        """Distinct (citing, cited) cable-reference edges; only those made by `citing` when given."""

    # -- analysis views ----------------------------------------------------------------------------
    def find_entities(self, name: str, kind: str | None = None, limit: int = 50) -> list[dict]:
        """People and organisations whose name or alias contains `name`: the exact name first."""

    def entity_names(self) -> list[dict]:
        """Every name the current versions mention (id, kind, name, cables), most-mentioned first: the
        entities index (a whole-archive summary) is made of it."""

    def entity_detail(self, entity_id: int, limit: int = 200) -> dict | None:
        """One entity: titles, aliases, its cables (first `limit` by date), monthly counts, related entities."""

    def timeline(self, cable_ids: list[str], limit: int = 2000) -> list[dict]:
        """Dated events of these cables in date order, unresolved ones last."""

    def timeline_years(self, query: str) -> list[tuple[int | None, int]]:
        """(year, timeline entries first dated in it) over every cable a query matches, in year
        order; None counts the undated entries. An entry is a sentence, at the first date it gives."""

    def timeline_page(self, query: str, period: tuple[int, int] | str | None = None, limit: int = 50,
                      offset: int = 0) -> list[dict]:
        """One page of the timeline entries of every cable a query matches, in date order (undated
        last): all (`period` None), those first dated in the years [start, end), or 'undated'."""

    def action_requests(self, limit: int = 50, offset: int = 0) -> tuple[int, list[dict]]:
        """(total, page) of cables with an action request, newest first."""

    def unanalysed_count(self) -> int:
        """How many stored versions wait for their analysis (on no entity page or timeline yet)."""

    # -- statistics ------------------------------------------------------------------------------
    def stats(self, top: int = 20) -> dict:
        """Counts by year, origin, classification (as printed too), caption and tag; totals."""

    def browse(self, what: str) -> list[dict]:
        """A browse list (`what` in BROWSE_LISTS, else KeyError): value, label, count (tags add their kind)."""
