"""The one reading face of an archive: what every front end (the CLI, the web pages, the JSON API,
the Datasette plugin) asks of it, and the decisions they share, made once here.

    >>> with Reader.open("cables.db") as reader:
    ...     reader.cable("05almaty002058").subject

Every method that takes a cable id accepts it as people type it (`05ALMATY2058`, `05ALMATY002058`,
`05almaty2058`) and normalises it once (`canonical`). Malformed queries raise `QueryError`, a bad
argument `ArgumentError` (a ValueError); front ends only translate arguments and format what comes back."""

from __future__ import annotations

import difflib
import os
from dataclasses import asdict
from typing import IO, Any

from . import coverage, graph, summaries
from . import export as exporter
from .errors import ArgumentError
from .model import Cable
from .search.results import Facets, SearchResult
from .store import BROWSE_LISTS, Backend, open_archive
from .vocab.ids import normalise_id

ENTITY_KINDS = ("person", "organization")


def _first_letter(name: str) -> str:
    """The entities index's letter for a name: its first letter A-Z (either case), else '#'."""
    first = name[:1].upper() if name[:1].isascii() else ""
    return first if "A" <= first <= "Z" else "#"


def canonical(reference_id: str) -> str:
    """A cable id as the archive keeps it: `05almaty002058` -> `05ALMATY2058`; anything that is not
    a cable id is only trimmed and upper-cased (it will not be found)."""
    return normalise_id(reference_id) or reference_id.strip().upper()


class Reader:
    """Reads one archive (any `store.Backend`) for the front ends."""

    def __init__(self, archive: Backend, served: summaries.Served | None = None) -> None:
        self.archive = archive
        self.served = served  # a server's summaries: see `summary`

    @classmethod
    def open(cls, db: str | os.PathLike, served: summaries.Served | None = None) -> "Reader":
        """A read-only reader of the archive `db`: an SQLite file, or a PostgreSQL database's
        `postgresql://…` URL (SchemaError if it is not an archive); a server passes the summaries
        its threads share."""
        return cls(open_archive(db, readonly=True), served)

    def close(self) -> None:
        self.archive.close()

    def __enter__(self) -> "Reader":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # -- cables ----------------------------------------------------------------------------------
    def exists(self, reference_id: str) -> bool:
        """Whether a current version of the cable is archived."""
        return self.archive.exists(canonical(reference_id))

    def cable(self, reference_id: str, version: int | None = None) -> Cable | None:
        """A cable: the current version, or version `version`; None if there is no such cable."""
        return self.archive.get(canonical(reference_id), version)

    def cable_view(self, reference_id: str, version: int | None = None) -> dict | None:
        """A cable with its references resolved, what cites it, its versions and the ids of the
        entities it names (for links); None if there is no such cable."""
        key = canonical(reference_id)
        cable = self.archive.get(key, version)
        if cable is None:
            return None
        return {"cable": cable, "entity_ids": self.archive.entity_ids(key),
                "references": [asdict(link) for link in graph.references(self.archive, key)],
                "cited_by": self.archive.cited_by(key), "versions": self.archive.versions(key)}

    def versions(self, reference_id: str) -> list[dict]:
        """Every version of a cable, oldest first (empty if there is no such cable)."""
        return self.archive.versions(canonical(reference_id))

    def body(self, reference_id: str, version: int) -> str | None:
        """The clean text of one version."""
        return self.archive.body(canonical(reference_id), version)

    def version_diff(self, reference_id: str, old: int, new: int) -> list[tuple[str, str]]:
        """Unified diff between two versions as (kind, line), kind in add/del/hunk/same."""
        bodies = {v: self.body(reference_id, v) for v in (old, new)}
        if bodies[old] is None or bodies[new] is None:
            return []
        lines = difflib.unified_diff(bodies[old].splitlines(), bodies[new].splitlines(),
                                     f"version {old}", f"version {new}", lineterm="", n=2)
        return [("hunk" if line.startswith(("@@", "---", "+++")) else "add" if line.startswith("+") else
                 "del" if line.startswith("-") else "same", line) for line in lines]

    def etag(self, reference_id: str) -> str | None:
        """An HTTP entity tag for the cable (changes with any of its versions or a new ingest run)."""
        return self.archive.etag(canonical(reference_id))

    def failures(self, limit: int | None = None) -> list[dict]:
        """What could not be parsed, newest first."""
        return self.archive.failures(limit)

    # -- search ------------------------------------------------------------------------------------
    def search(self, query: str = "", sort: str = "rank", page: int = 1, per_page: int = 20,
               facets: bool = True) -> SearchResult:
        """A page of hits with facets (see `store.Backend.search`)."""
        return self.archive.search(query, sort=sort, page=page, per_page=per_page, facets=facets)

    def facets(self, query: str = "") -> Facets:
        """The total, facets and monthly histogram of a query's results, apart from a page of its hits
        (see `store.Backend.facets`)."""
        return self.archive.facets(query)

    def matching_ids(self, query: str, limit: int = 10000) -> set[str]:
        """Ids of at most `limit` cables matching a query (for analyses over a result set)."""
        return self.archive.matching_ids(query, limit=limit)

    def export(self, fmt: str, out: IO, query: str = "") -> int:
        """Write the cables matching `query` to `out` in `fmt` (see `export.FORMATS`); the count."""
        return exporter.export(self.archive, fmt, out, query)

    def export_pieces(self, fmt: str, query: str = "") -> exporter.Export:
        """The cables matching `query` in `fmt`, as pieces to stream (a malformed query raises now)."""
        return exporter.Export(self.archive, fmt, query)

    # -- connections ---------------------------------------------------------------------------------
    def references(self, reference_id: str) -> list[graph.Link]:
        """What a cable cites, each resolved to an archived cable or marked missing."""
        return graph.references(self.archive, canonical(reference_id))

    def cited_by(self, reference_id: str) -> list[dict]:
        """Archived cables citing this id (which need not be archived itself), oldest first."""
        return self.archive.cited_by(canonical(reference_id))

    def thread(self, reference_id: str) -> list[graph.ThreadNode]:
        """The conversation around a cable, oldest first (cited cables missing from the archive too)."""
        return graph.thread(self.archive, canonical(reference_id))

    def thread_events(self, nodes: list[graph.ThreadNode]) -> list[dict]:
        """Dated events of the archived cables of a thread (`thread`), in date order."""
        return self.archive.timeline([node.reference_id for node in nodes if node.present])

    def most_cited(self, limit: int = 20, missing_only: bool = False, query: str | None = None) -> list[dict]:
        """Most-cited cables (in-degree, PageRank), counting only citations made by the cables
        matching `query` when given."""
        if not query:
            ranks = self.summary("ranks")
        elif self.served is not None:  # a server remembers a query's ranks for the archive's generation
            ranks = self.served.per_generation(self.archive, ("ranks", query), lambda: self._ranks(query))
        else:
            ranks = self._ranks(query)
        return graph.most_cited(self.archive, ranks, limit, missing_only=missing_only)

    def _ranks(self, query: str) -> list[list]:
        return graph.ranked(self.archive.citation_edges(self.archive.matching_ids(query)))

    # -- timelines, people and organisations, action requests -----------------------------------------
    def timeline(self, reference_id: str, whole_thread: bool = False) -> list[dict]:
        """Dated events of a cable (or of its whole thread), in date order."""
        if whole_thread:
            return self.thread_events(self.thread(reference_id))
        return self.archive.timeline([canonical(reference_id)])

    def query_timeline_years(self, query: str) -> list[tuple[int | None, int]]:
        """(year, timeline entries first dated in it) over every cable matching a query, in year
        order; None counts the undated entries (an entry is a sentence, at the first date it gives).
        A server remembers a query's counts for the archive's generation: its pages and zooms, each
        a request, count the whole result once (0.1 s of CPU for 200,000 cables)."""
        if self.served is None:
            return self.archive.timeline_years(query)
        return list(self.served.per_generation(self.archive, ("timeline years", query),
                                               lambda: tuple(self.archive.timeline_years(query))))

    def query_timeline(self, query: str, period: tuple[int, int] | str | None = None, limit: int = 50,
                       offset: int = 0) -> list[dict]:
        """One page of the timeline of every cable matching a query, in date order (undated last):
        all of it (`period` None), the entries first dated in the years [start, end), or 'undated'."""
        if limit < 1 or offset < 0:
            raise ArgumentError("limit must be at least 1 and offset at least 0")
        return self.archive.timeline_page(query, period, limit, offset)

    def find_entities(self, name: str, kind: str | None = None, limit: int = 50) -> list[dict]:
        """People and organisations whose name matches, the exact name and the most mentioned first."""
        if kind not in (None, *ENTITY_KINDS):
            raise ArgumentError(f"kind must be {' or '.join(ENTITY_KINDS)}")
        return self.archive.find_entities(name, kind, limit)

    def entity(self, entity_id: int, limit: int = 200) -> dict | None:
        """One person or organisation: titles, cables, mentions over time, related entities."""
        return self.archive.entity_detail(entity_id, limit)

    def unanalysed(self) -> int:
        """How many stored cables wait for their analysis: searchable, but on no entity page or
        timeline until `cablebase analyse` (or the ingest's second pass) has run."""
        return self.archive.unanalysed_count()

    def actions(self, limit: int = 50, offset: int = 0) -> tuple[int, list[dict]]:
        """(total, page) of the cables with an action request, newest first."""
        return self.archive.action_requests(limit, offset)

    # -- statistics and browse lists (whole-archive summaries, see cablebase.summaries) ------------
    def summary(self, name: str) -> Any:
        """A whole-archive summary (`summaries.COMPUTE`): a server's as it serves them (raises
        summaries.NotReady while one it never had is computed), else the archive's now."""
        if self.served is not None:
            return self.served.get(self.archive, name)
        return summaries.current(self.archive, name)

    def stats(self) -> dict:
        """Archive statistics (as `cablebase stats --json` prints them), with `unanalysed`: how many
        cables wait for their analysis."""
        return {**self.summary("stats"), "unanalysed": self.unanalysed()}

    def coverage(self, origin: str | None = None, year: int | None = None) -> list[dict]:
        """Coverage of every post and year (`cablebase.coverage`), or of one post (code, former code
        or name) and/or one year."""
        if origin is None and year is None:
            return self.summary("coverage")
        return coverage.from_archive(self.archive.held_ids(), graph.citation_counts(self.archive), origin, year)

    def entity_index(self, kind: str | None = None, letter: str | None = None, limit: int = 100,
                     offset: int = 0) -> tuple[int, list[dict]]:
        """(how many, one page of) names of a kind and/or first letter (A-Z, or '#' for any other
        start), most-mentioned first: the names the current versions mention, from the
        whole-archive summary `entities` (counting every name's mentions is a scan of them all)."""
        if kind not in (None, *ENTITY_KINDS):
            raise ArgumentError(f"kind must be {' or '.join(ENTITY_KINDS)}")
        names = [n for n in self.summary("entities") if kind in (None, n["kind"])
                 and letter in (None, _first_letter(n["name"]))]
        return len(names), names[offset:offset + limit]

    def browse(self, what: str) -> list[dict]:
        """A browse list (`what` in BROWSE_LISTS, else ArgumentError)."""
        if what not in BROWSE_LISTS:
            raise ArgumentError(f"nothing to browse by {what!r} (use {', '.join(BROWSE_LISTS)})")
        return self.summary(f"browse {what}")
