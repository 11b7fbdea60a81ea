"""The reference graph: what a cable cites (resolved against the archive), what cites it, whole
threads, and the most-cited cables (in the archive and missing from it)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
from scipy import sparse

from .store.backend import Backend
from .vocab.ids import split_id

YEAR_WINDOW = 2
"""How far from the citing year an inferred match may lie (references printed without a year)."""


@dataclass
class Link:
    """One reference as cited, and what it resolves to in the archive."""

    letter: str | None
    kind: str
    raw: str
    cited_id: str | None
    resolved_id: str | None
    inferred: bool
    subject: str | None = None
    created: str | None = None


@dataclass
class ThreadNode:
    """A cable in a thread (present in the archive or only known from a citation)."""

    reference_id: str
    present: bool
    created: str | None
    subject: str | None
    origin_code: str | None
    cites: list[str]


def references(archive: Backend, reference_id: str) -> list[Link]:
    """What a cable cites, each resolved to an archived cable or marked missing."""
    links = []
    for r in archive.cited(reference_id):
        resolved, inferred = _resolve(archive, r["cited_id"], r["cited_origin"], r["cited_serial"], r["citing_year"])
        meta = archive.summary(resolved) if resolved else None
        links.append(Link(r["letter"], r["kind"], r["raw"], r["cited_id"], resolved, inferred,
                          meta["subject"] if meta else None, meta["created"] if meta else None))
    return links


def _resolve(archive: Backend, cited_id: str | None, origin: str | None, serial: int | None,
             citing_year: int | None) -> tuple[str | None, bool]:
    if cited_id and archive.exists(cited_id):
        return cited_id, False
    if cited_id is None and origin and serial is not None:
        # No year was printed and none was known: accept a unique origin+serial match near the citing year.
        candidates = archive.candidates(origin, serial, citing_year, YEAR_WINDOW)
        if len(candidates) == 1:
            return candidates[0], True
    return None, False


def thread(archive: Backend, reference_id: str, limit: int = 500) -> list[ThreadNode]:
    """The conversation around a cable: every cable connected to it by citations (either way),
    ordered in time; cited cables missing from the archive are included as such."""
    seen: dict[str, ThreadNode] = {}
    queue = [reference_id]
    while queue and len(seen) < limit:
        current = queue.pop()
        if current in seen:
            continue
        row = archive.summary(current)
        cites = [link.resolved_id or link.cited_id for link in references(archive, current)
                 if link.kind == "cable" and (link.resolved_id or link.cited_id)] if row else []
        cites = [c for c in dict.fromkeys(cites) if c != current]
        node = ThreadNode(current, row is not None, row["created"] if row else None,
                          row["subject"] if row else None, row["origin_code"] if row else _origin(current), cites)
        seen[current] = node
        queue.extend(c for c in cites if c not in seen)
        if row:
            queue.extend(r["reference_id"] for r in archive.cited_by(current) if r["reference_id"] not in seen)
    return sorted(seen.values(), key=lambda n: (n.created or "9999", n.reference_id))


def _origin(reference_id: str) -> str | None:
    parts = split_id(reference_id)
    return parts[1] if parts else None


@dataclass
class Ranks:
    """In-degree (distinct citing cables) and PageRank of every node of a citation graph."""

    nodes: list[str]
    cited_by: np.ndarray
    pagerank: np.ndarray

    @cached_property
    def order(self) -> np.ndarray:
        """Node indices by in-degree, then PageRank (both descending), then id."""
        return np.lexsort((np.array(self.nodes), -self.pagerank, -self.cited_by))


def rank_citations(edges: list[tuple[str, str]], alpha: float = 0.85, tol: float = 1e-6,
                   max_iter: int = 100) -> Ranks:
    """In-degree and PageRank (as networkx.pagerank computes it: uniform teleport, dangling nodes
    spread evenly) over the distinct edges, with sparse matrices."""
    if not edges:
        return Ranks([], np.zeros(0, dtype=np.int64), np.zeros(0))
    index: dict[str, int] = {}
    src = np.fromiter((index.setdefault(a, len(index)) for a, _ in edges), dtype=np.int64, count=len(edges))
    dst = np.fromiter((index.setdefault(b, len(index)) for _, b in edges), dtype=np.int64, count=len(edges))
    n = len(index)
    matrix = sparse.csr_array((np.ones(len(edges)), (src, dst)), shape=(n, n))
    out_degree = matrix.sum(axis=1)
    dangling = out_degree == 0
    matrix = sparse.diags_array(np.divide(1.0, out_degree, out=np.zeros(n), where=~dangling)) @ matrix
    x = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        last = x
        x = alpha * (x @ matrix + x[dangling].sum() / n) + (1 - alpha) / n
        if np.abs(x - last).sum() < n * tol:
            break
    return Ranks(list(index), np.bincount(dst, minlength=n), x)


def citation_counts(archive: Backend) -> dict[str, int]:
    """How many distinct current cables cite each cited id: the in-degree most_cited ranks by."""
    counts: dict[str, int] = {}
    for _, cited in archive.citation_edges():
        counts[cited] = counts.get(cited, 0) + 1
    return counts


def ranked(edges: list[tuple[str, str]]) -> list[list]:
    """[id, cited by, PageRank] of every cited id over these edges, by in-degree, then PageRank (both
    descending), then id: what `most_cited` picks from (JSON as it is, to be stored)."""
    ranks = rank_citations(edges)
    cited = ranks.order[ranks.cited_by[ranks.order] > 0]  # in numpy: a Python loop took 0.6 s at 251k
    nodes = ranks.nodes
    return [[nodes[i], by, rank] for i, by, rank in
            zip(cited.tolist(), ranks.cited_by[cited].tolist(), ranks.pagerank[cited].tolist())]


def most_cited(archive: Backend, ranks: list[list], limit: int = 20, missing_only: bool = False) -> list[dict]:
    """The first `limit` of `ranks` (`ranked`), or of those not archived when `missing_only`, with
    their headings."""
    rows: list[dict] = []
    for start in range(0, len(ranks), 4 * limit):  # what the archive holds is looked up a page at a time
        page = ranks[start:start + 4 * limit]
        held = archive.headings([node for node, _, _ in page])
        for node, cited_by, pagerank in page:
            heading = held.get(node)
            if not missing_only or heading is None:
                rows.append({"reference_id": node, "cited_by": cited_by, "pagerank": round(pagerank, 6),
                             "in_archive": heading is not None,
                             **(heading or {"subject": None, "created": None, "origin_code": _origin(node),
                                            "origin": None})})
            if len(rows) >= limit:
                return rows
    return rows
