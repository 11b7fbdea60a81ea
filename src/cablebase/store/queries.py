"""Read queries over the analysis tables: entities, timelines, action requests."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Sequence

from ..model import Addressee
from ..spans import paragraph_text, sentence_in
from .bodies import unpack
from .driver import sqlite3
from .stats import OLD_VERSIONS, sample_step


@dataclass(frozen=True)
class Dialect:
    """How the statements the backends share are written in one's SQL: placeholders and operators,
    and SQLite's plan hints (which PostgreSQL's planner does without)."""

    mark: str = "?"
    """A parameter's placeholder."""
    modulo: str = "%"
    """The remainder operator, as a statement with parameters writes it."""
    like: str = "LIKE"
    """LIKE without regard to case."""
    same_text: str = "{} = {} COLLATE NOCASE"
    """Two texts equal without regard to case (a column, a parameter)."""
    cross_join: str = "CROSS JOIN"
    """A join in the order written (SQLite's planner keeps a CROSS JOIN's order)."""
    binary: str = ""
    """ORDER BY's suffix comparing text by code points."""
    elements: str = "json_each({}) {}"
    """A JSON array's elements as a table (array, alias) whose column is `value`."""
    hints: bool = True
    """Whether to name the index a table is read through (INDEXED BY)."""
    same: str = "IS"
    """Two values equal, or both NULL."""

    def indexed_by(self, index: str) -> str:
        return f" INDEXED BY {index}" if self.hints else ""

    def dicts(self, conn: Any, sql: str, params: Sequence = ()) -> list[dict]:
        """Rows as dicts (the connection gives rows that dict() takes: sqlite3.Row, or the backend's)."""
        return [dict(r) for r in conn.execute(sql, params)]


SQLITE = Dialect()


def find_entities(conn: Any, name: str, kind: str | None = None, limit: int = 50, dialect: Dialect = SQLITE
                  ) -> list[dict]:
    """Entities whose name matches: those it names whole (the name, a surname, an alias: `Nazarbayev`)
    before those that only contain it (`Nazarbayeva`), the best supported (most cables) first."""
    d = dialect
    escaped = name.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    like = "%" + escaped + "%"
    of_kind, kinds = (f" AND e.kind = {d.mark}", [kind]) if kind is not None else ("", [])
    return d.dicts(conn, f"""
        SELECT e.id, e.kind, e.name, count(*) AS cables, sum(m.count) AS mentions
        FROM entities e JOIN mentions m ON m.entity_id = e.id
        WHERE m.cable_id NOT IN {OLD_VERSIONS}{of_kind} AND e.id IN (
            SELECT id FROM entities WHERE name {d.like} {d.mark} ESCAPE '\\'
            UNION SELECT entity_id FROM entity_aliases WHERE alias {d.like} {d.mark} ESCAPE '\\')
        GROUP BY e.id
        ORDER BY ({d.same_text.format("e.name", d.mark)} OR e.name {d.like} {d.mark} ESCAPE '\\' OR e.id IN (
                     SELECT entity_id FROM entity_aliases WHERE {d.same_text.format("alias", d.mark)})) DESC,
                 cables DESC, e.name
        LIMIT {d.mark}""", (*kinds, like, like, name, "% " + escaped, name, limit))


RELATED_SAMPLE = 2000
"""Entities named in the same cables are counted over at most about this many of an entity's
cables (an even sample above it), so a name found in 100,000 cables still answers at once."""
MONTHS_SAMPLE = 20000
"""Likewise the monthly counts: over at most about this many of an entity's cables, scaled up."""


def entity_detail(conn: Any, entity_id: int, limit: int = 200, dialect: Dialect = SQLITE) -> dict | None:
    """One entity: titles and aliases seen, how many cables name it and the first `limit` of them
    (by date), monthly counts (`months_sampled` says from how many cables, when a sample), and the
    entities named in the same cables (`related_sampled` likewise)."""
    d = dialect
    rows = d.dicts(conn, f"SELECT id, kind, name, key FROM entities WHERE id = {d.mark}", (entity_id,))
    if not rows:
        return None
    of_entity = f"m.entity_id = {d.mark} AND m.cable_id NOT IN {OLD_VERSIONS}"
    count = conn.execute(f"SELECT count(*) FROM mentions m WHERE {of_entity}", (entity_id,)).fetchone()[0]
    titles = [r[0] for r in conn.execute(
        f"SELECT t.value FROM mentions m, {d.elements.format('m.titles', 't')} WHERE {of_entity} "
        f"GROUP BY t.value ORDER BY count(*) DESC, t.value{d.binary}", (entity_id,))]
    aliases = [r[0] for r in conn.execute(
        f"SELECT DISTINCT a.value{d.binary} FROM mentions m, {d.elements.format('m.aliases', 'a')} "
        f"WHERE {of_entity} ORDER BY 1", (entity_id,))]
    months, months_sampled = _entity_months(conn, d, entity_id, of_entity, count)
    step = sample_step(count, RELATED_SAMPLE)
    related = d.dicts(conn, f"""
        SELECT e.id, e.kind, e.name, s.shared FROM (  -- counted by id, then each name read once
            SELECT b.entity_id, count(*) AS shared
            FROM (SELECT m.cable_id FROM mentions m WHERE {of_entity} AND m.cable_id {d.modulo} {d.mark} = 0) a
            {d.cross_join} mentions b ON b.cable_id = a.cable_id AND b.entity_id != {d.mark}
            GROUP BY b.entity_id) s
        {d.cross_join} entities e ON e.id = s.entity_id
        ORDER BY s.shared DESC, e.name LIMIT 25""", (entity_id, step, entity_id))
    sampled = None
    if step > 1:  # scale the sample's counts up to all the entity's cables
        sampled = conn.execute(f"SELECT count(*) FROM mentions m WHERE {of_entity} AND m.cable_id {d.modulo} {d.mark} = 0",
                               (entity_id, step)).fetchone()[0]
        for r in related:
            r["shared"] = round(r["shared"] * count / max(sampled, 1))
    return {**rows[0], "titles": titles, "aliases": aliases, "cable_count": count,
            "cables": _entity_cables(conn, d, entity_id, of_entity, count, limit), "months": months,
            "months_sampled": months_sampled, "related": related, "related_sampled": sampled}


def _entity_cables(conn: Any, d: Dialect, entity_id: int, of_entity: str, count: int, limit: int) -> list[dict]:
    """The first `limit` cables naming an entity, by date (undated last), ties by id. An entity
    named in many cables: walk the cables by date until `limit` of them name it (expected
    `limit` x cables / count probes); else sort its cables by date."""
    last = conn.execute("SELECT max(id) FROM cables").fetchone()[0] or 0
    columns = "c.key AS reference_id, c.subject, c.created, m.count"
    if count * count > limit * last:
        rows = d.dicts(conn,
            f"""SELECT {columns} FROM cables c{d.indexed_by("cables_created")}
                {d.cross_join} mentions m ON m.entity_id = {d.mark} AND m.cable_id = c.id
                WHERE c.is_current = 1 AND c.created IS NOT NULL ORDER BY c.created, c.id LIMIT {d.mark}""",
            (entity_id, limit))
        if len(rows) < limit:
            rows += d.dicts(conn,
                f"""SELECT {columns} FROM mentions m {d.cross_join} cables c ON c.id = m.cable_id
                    WHERE m.entity_id = {d.mark} AND c.is_current = 1 AND c.created IS NULL ORDER BY c.id LIMIT {d.mark}""",
                (entity_id, limit - len(rows)))
        return rows
    # dates come from the narrow covering index; only the listed cables' rows are read
    return d.dicts(conn,
        f"""SELECT c.key AS reference_id, c.subject, c.created, first.count
            FROM (SELECT m.cable_id, m.count, d.created
                  FROM mentions m {d.cross_join} cables d{d.indexed_by("cables_facets")} ON d.id = m.cable_id
                  WHERE {of_entity} ORDER BY d.created IS NULL, d.created, m.cable_id LIMIT {d.mark}) first
            {d.cross_join} cables c ON c.id = first.cable_id
            ORDER BY c.created IS NULL, c.created, c.id""", (entity_id, limit))


def _entity_months(conn: Any, d: Dialect, entity_id: int, of_entity: str, count: int
                   ) -> tuple[list[tuple[str, int]], int | None]:
    """(month, cables) for an entity, and None; or, above MONTHS_SAMPLE cables, estimated from an
    even sample of them, and the sample's size."""
    step = sample_step(count, MONTHS_SAMPLE)
    rows = conn.execute(
        f"""SELECT d.month, count(*) FROM mentions m {d.cross_join} cables d{d.indexed_by("cables_facets")}
            ON d.id = m.cable_id WHERE {of_entity} AND m.cable_id {d.modulo} {d.mark} = 0
            GROUP BY d.month ORDER BY d.month""", (entity_id, step)).fetchall()
    months = [(month, n) for month, n in rows if month is not None]
    if step == 1:
        return months, None
    sampled = sum(n for _, n in rows)  # the undated too
    return [(month, max(1, round(n * count / sampled))) for month, n in months], sampled


_EVENT_COLUMNS = """e.date, e.precision, e.text, e.sentence, e.paragraph, c.key AS reference_id, c.subject,
                   c.created, c.id, p.text, p.start_offset, p.end_offset, e.sentence_start, e.sentence_end,
                   e.paragraph_position, e.uncertain"""


def timeline(conn: sqlite3.Connection, cable_ids: list[str], limit: int = 2000) -> list[dict]:
    """Dated events of these cables (by reference id), in date order; unresolved ones last. A
    sentence with several dates is one entry, at its first date, whose `dates` lists them all."""
    if not cable_ids:
        return []
    marks = ",".join("?" * len(cable_ids))
    rows = conn.execute(
        f"""SELECT {_EVENT_COLUMNS}
            FROM cables c INDEXED BY cables_current CROSS JOIN events e ON e.cable_id = c.id  -- the cables by key first
            LEFT JOIN paragraphs p ON p.cable_id = c.id AND p.position = e.paragraph_position
            WHERE c.is_current = 1 AND c.key IN ({marks})
            ORDER BY e.date IS NULL, e.date, c.created, c.id, e.position LIMIT ?""", (*cable_ids, limit)).fetchall()
    return _timeline_entries(conn, rows)


# The timeline entries (sentences) of the cables a subquery selects, each at its first date.
_ENTRIES = """SELECT e.cable_id, e.paragraph_position AS pp, e.sentence AS st, e.sentence_start AS ss,
                     e.sentence_end AS se, min(e.date) AS first, min(e.position) AS pos
              FROM events e WHERE e.cable_id IN ({hits})
              GROUP BY e.cable_id, e.paragraph_position, e.sentence, e.sentence_start, e.sentence_end"""


def timeline_years(conn: Any, hits: str, params: list) -> list[tuple[int | None, int]]:
    """(year, entries first dated in it) over every cable `hits` selects (SQL giving row ids), in
    year order; None counts the entries with no resolved date. The stored counts of each cable by
    year (`event_years`) are read in year order, each tested against the result as a set (`+`: not
    a lookup a match, then a sort: 0.13 s CPU for 200,000 matches of 251,287 cables, 20-30 ms for a
    few thousand). The same SQL on both backends (`params` marked as theirs)."""
    return [(year or None, n) for year, n in conn.execute(
        f"""SELECT year, sum(entries) FROM event_years WHERE +cable_id IN ({hits})
            GROUP BY year ORDER BY year = 0, year""", params)]


def timeline_page(conn: sqlite3.Connection, hits: str, params: list, matching: tuple[str, list],
                  period: tuple[int, int] | str | None, limit: int, offset: int) -> list[dict]:
    """One page of the timeline entries of every cable `hits` selects, in date order (undated last):
    all of them (`period` None), those first dated in the years [start, end), or the undated (see
    `page_rows`; `matching` the same selection as a WHERE over `cables c`, one cable tested at a time)."""
    return _timeline_entries(conn, page_rows(conn, _EVENT_COLUMNS, hits, params, matching, period, limit, offset))


WALK_PER_CABLE = 3
"""A timeline page's walk along the events' dates reads at most this many events per cable of the
result (plus 8 per entry up to the page's end) before it gives up and groups every cable of the
result instead: about what grouping them costs (a cable has 6 events on average, the walk tests
each event it reads and is read twice)."""
WALK_CABLES = 20000
"""The result's cables are counted up to this many (the walk's budget stops growing there)."""
WALK_PAST = 100
"""A page's walk reads this many entries past the page's last (see WALK_NAMED)."""
WALK_NAMED = 2000
"""A page's walk reads WALK_PAST entries past the page's last when that makes at most this many,
and names the cables of the page's entries to the grouping (`_page_cables`): the query is not
walked again (its set of ids built again: 25 ms for `iran` at 251k)."""


def page_rows(conn: Any, columns: str, hits: str, params: list, matching: tuple[str, list],
              period: tuple[int, int] | str | None, limit: int, offset: int, dialect: Dialect = SQLITE) -> list:
    """The `columns` (over events `e`, cables `c`, paragraphs `p`) of the events of one page of a
    timeline (see `timeline_page`), in its order. The events are walked along their dates to the
    page's last, and only the cables holding one of them are grouped (`_walk`). The walk reads a
    budget of events (WALK_PER_CABLE): a result whose entries are rare among the archive's in the dates
    walked (`tag:PREL from:2008 to:2009` from the 1950s on) is grouped whole instead, as is a page
    that reaches the undated."""
    d = dialect
    where, bounds = _period_filter(period, d)
    end = None
    if period != "undated":
        cables = conn.execute(f"SELECT count(*) FROM ({hits} LIMIT {WALK_CABLES}) h", params).fetchone()[0]
        if cables < WALK_CABLES:  # a small result: each event walked is tested against its ids on the date index
            matching = (f"k.cable_id IN ({hits})", params)
        dated, dated_params = _period_filter(period, d, "date")
        budget = conn.execute(  # the date the walk stops at (None: it reaches the last dated event)
            f"SELECT date FROM events{d.indexed_by('events_date')} WHERE {dated} AND date IS NOT NULL "
            f"ORDER BY date LIMIT 1 OFFSET {d.mark}",
            [*dated_params, WALK_PER_CABLE * cables + 8 * (limit + offset)]).fetchone()
        walk, walk_params = _walk(period, matching, d, budget[0] if budget else None)
        wanted = limit + offset
        read = wanted + WALK_PAST if wanted + WALK_PAST <= WALK_NAMED else wanted
        walked = conn.execute(f"SELECT k.date, k.cable_id {walk} ORDER BY k.date LIMIT {d.mark}",
                              [*walk_params, read]).fetchall()
        end = walked[wanted - 1][0] if len(walked) >= wanted else None
    if end is not None:  # entries first dated after the page's last date cannot be on it
        where, bounds = f"{where} AND first <= {d.mark}", [*bounds, end]
        if read > wanted:
            named = _page_cables(conn, walked, end, wanted, period, matching, d)
            hits, params = ",".join([d.mark] * len(named)), named
        else:  # a deep page: walked again, to its last date
            walk, params = _walk(period, matching, d, end)
            hits = f"SELECT k.cable_id {walk}"
    return conn.execute(
        f"""WITH entries AS ({_ENTRIES.format(hits=hits)}),
            page AS (SELECT entries.*, c.created FROM entries JOIN cables c ON c.id = entries.cable_id WHERE {where}
                     ORDER BY first IS NULL, first, c.created NULLS FIRST, entries.cable_id, pos
                     LIMIT {d.mark} OFFSET {d.mark})
            SELECT {columns}
            FROM page JOIN events e ON e.cable_id = page.cable_id AND e.paragraph_position {d.same} page.pp
                 AND e.sentence {d.same} page.st AND e.sentence_start {d.same} page.ss
                 AND e.sentence_end {d.same} page.se
            JOIN cables c ON c.id = e.cable_id
            LEFT JOIN paragraphs p ON p.cable_id = c.id AND p.position = e.paragraph_position
            ORDER BY page.first IS NULL, page.first, page.created NULLS FIRST, page.cable_id, page.pos,
                     e.date IS NULL, e.date, e.position""",
        [*params, *bounds, limit, offset]).fetchall()


def _page_cables(conn: Any, walked: list, end: str, wanted: int, period: tuple[int, int] | str | None,
                 matching: tuple[str, list], d: Dialect) -> list:
    """The cables holding the first `wanted` entries of a timeline (see `page_rows`), from the walk's
    (date, cable) rows, read past the last of them, dated `end`: those read up to that date when
    they go past it; else those read before it, and of the entries first dated `end` (more than were
    read), the cables of the first the page can hold, in the page's order (the cable's creation,
    its id), found on the date index. (Walking again from the first date to `end` and grouping
    every matching cable it reached read 26,782 events for `tag:PREL from:2008 to:2009`, whose page
    ends on 2001-09-11, 60 ms of CPU at 251k, and for `iran from:2008 to:2009` 210 ms.)"""
    if walked[-1][0] != end:
        return sorted({cable for date, cable in walked if date <= end})
    before = {cable for date, cable in walked if date < end}
    walk, params = _walk(period, matching, d, end, since=end)
    on_end = conn.execute(f"SELECT k.cable_id {walk} ORDER BY c.created NULLS FIRST, c.id LIMIT {d.mark}",
                          [*params, wanted - sum(date < end for date, _ in walked)]).fetchall()
    return sorted(before | {r[0] for r in on_end})


def _walk(period: tuple[int, int] | str | None, matching: tuple[str, list], d: Dialect, until: str | None,
          since: str | None = None) -> tuple[str, list]:
    """FROM … WHERE (and its parameters) over the events `e` that start the entries of a period,
    each its sentence's first (earliest date, then position), dated no later than `until` and no
    earlier than `since` (when given): walked oldest first along the date index (`k`: date,
    cable_id, position), each cable tested against the query (`matching`: over the cable `c`, its
    text a set of row ids; or over `k` alone, the event's row then read only when its cable matches:
    `tag:PREL from:2008 to:2009`'s walk to 2001-09-11, 26,782 events, 30 -> 10 ms of CPU at 251k),
    no match grouped."""
    dated, bounds = _period_filter(period, d, "date")
    where, params = matching
    stop, stop_params = (f" AND date <= {d.mark}", [until]) if until is not None else ("", [])
    if since is not None:
        stop, stop_params = f" AND date >= {d.mark}{stop}", [since, *stop_params]
    return (f"""FROM (SELECT date, cable_id, position FROM events{d.indexed_by("events_date")}
                  WHERE {dated} AND date IS NOT NULL{stop}) k
        {d.cross_join} cables c ON c.id = k.cable_id
        {d.cross_join} events e ON e.cable_id = k.cable_id AND e.position = k.position
        WHERE {where} AND NOT EXISTS (
            SELECT 1 FROM events x WHERE x.cable_id = c.id  -- (c: tested once the cable matches)
               AND x.paragraph_position {d.same} e.paragraph_position AND x.sentence {d.same} e.sentence
               AND x.sentence_start {d.same} e.sentence_start AND x.sentence_end {d.same} e.sentence_end
               AND (x.date < e.date OR x.date = e.date AND x.position < e.position))""",
            [*bounds, *stop_params, *params])


def _period_filter(period: tuple[int, int] | str | None, d: Dialect, column: str = "first") -> tuple[str, list]:
    """WHERE clause on an entry's first date (text, `YYYY-MM-DD` or shorter; or on another date
    `column`) for a period."""
    if period is None:
        return "1 = 1", []
    if period == "undated":
        return f"{column} IS NULL", []
    start, end = period  # type: ignore[misc]
    return f"{column} >= {d.mark} AND {column} < {d.mark}", [f"{start:04d}", f"{end:04d}"]


def _timeline_entries(conn: sqlite3.Connection, rows: list) -> list[dict]:
    """Event rows (`_EVENT_COLUMNS`, in order) as timeline entries: one per sentence, its dates listed."""
    spans = {r[8] for r in rows if r[3] is None and r[9] is None}  # sentences in paragraphs stored as spans
    texts = {i: unpack(z, n) for i, z, n in conn.execute(
        f"SELECT id, body_zlib, body_size FROM cables WHERE id IN ({','.join('?' * len(spans))})", list(spans))
    } if spans else {}
    out: list[dict] = []
    entries: dict[tuple, dict] = {}
    for r in rows:
        event = dict(zip(("date", "precision", "text", "sentence", "paragraph", "reference_id", "subject",
                          "created"), r[:8]), uncertain=bool(r[-1]))  # (uncertain: the last column)
        if event["sentence"] is None:
            event["sentence"] = sentence_in(paragraph_text(texts.get(r[8], ""), *r[9:12]), *r[12:14])
        when = {"date": event["date"], "precision": event["precision"], "text": event["text"],
                "uncertain": event["uncertain"]}
        entry = entries.get(key := (r[8], r[14], r[12], r[13], event["sentence"]))  # a sentence: where it stands
        if entry is None:
            entries[key] = entry = {**event, "dates": []}
            out.append(entry)
        entry["dates"].append(when)
    return out


def action_requests(conn: sqlite3.Connection, limit: int = 50, offset: int = 0) -> tuple[int, list[dict]]:
    """Cables that contain an action request: the points, addressees and any deadline; newest first."""
    # the page is chosen over the narrow date index, then only its (wide) rows are read
    narrow = "cables INDEXED BY cables_created WHERE is_current = 1 AND has_action = 1"
    total = conn.execute(f"SELECT count(*) FROM {narrow}").fetchone()[0]
    rows = conn.execute(
        f"""SELECT c.id, c.key AS reference_id, c.subject, c.created, c.origin, c.record, c.body_zlib, c.body_size
            FROM (SELECT id, created FROM {narrow} ORDER BY created IS NULL, created DESC, id LIMIT ? OFFSET ?) page
            CROSS JOIN cables c ON c.id = page.id ORDER BY page.created IS NULL, page.created DESC, page.id""",
        (limit, offset)).fetchall()
    out = []
    for r in rows:
        record = json.loads(r["record"])
        request = record.get("action_request") or {}
        # the record keeps the paragraph number, not its text (as Archive.cable_from_row rebuilds it)
        stored = conn.execute("SELECT text, start_offset, end_offset FROM paragraphs WHERE cable_id = ? "
                              "AND number IS ? ORDER BY position LIMIT 1", (r["id"], request.get("paragraph"))).fetchone()
        out.append({"reference_id": r["reference_id"], "subject": r["subject"], "created": r["created"],
                    "origin": r["origin"], "paragraph": request.get("paragraph"),
                    "points": request.get("points", []), "deadline": request.get("deadline"),
                    "text": paragraph_text(unpack(r["body_zlib"], r["body_size"]), *stored) if stored else "",
                    "addressees": [Addressee.model_validate(a).label for a in record.get("addressees", [])]})
    return total, out


def cable_headings(conn: sqlite3.Connection, keys: list[str]) -> dict[str, dict]:
    """Subject, creation date and origin of the current versions of `keys` that the archive holds."""
    out: dict[str, dict] = {}
    for start in range(0, len(keys), 500):
        chunk = keys[start:start + 500]
        # by key: left to itself the planner walked a whole is_current index, reading every wide row
        # (0.37 s a call on 25,000 cables; the most-cited page makes dozens of calls)
        for row in conn.execute("SELECT key, subject, created, origin_code, origin FROM cables INDEXED BY cables_current "
                                f"WHERE is_current = 1 AND key IN ({','.join('?' * len(chunk))})", chunk):
            out[row[0]] = {"subject": row[1], "created": row[2], "origin_code": row[3], "origin": row[4]}
    return out


def entity_names(conn: Any, dialect: Dialect = SQLITE) -> list[dict]:
    """Every name the current versions mention, most-mentioned first (by number of cables), then by name."""
    return dialect.dicts(conn, f"""
        SELECT e.id, e.kind, e.name, count(*) AS cables FROM entities e JOIN mentions m ON m.entity_id = e.id
        WHERE m.cable_id NOT IN {OLD_VERSIONS} GROUP BY e.id ORDER BY cables DESC, e.name""")


# -- whole-archive summaries (`cablebase.summaries`) -------------------------------------------------
def generation(conn: Any) -> int:
    """The archive's generation: moved on by every change to its cables or failures."""
    return conn.execute("SELECT generation FROM generation").fetchone()[0]


def summary_generations(conn: Any) -> dict[str, int]:
    """Name -> the generation each stored summary was computed for."""
    return dict(conn.execute("SELECT name, generation FROM summaries").fetchall())


def stored_summary(conn: Any, name: str, dialect: Dialect = SQLITE) -> tuple[int, str] | None:
    """(generation, JSON) of the stored summary `name`, or None."""
    row = conn.execute(f"SELECT generation, value FROM summaries WHERE name = {dialect.mark}", (name,)).fetchone()
    return (row[0], row[1]) if row else None


def save_summary(conn: Any, name: str, generation: int, value: str, dialect: Dialect = SQLITE) -> None:
    """Store (or replace) the summary `name` (inside the caller's transaction)."""
    mark = dialect.mark
    conn.execute(f"INSERT INTO summaries VALUES ({mark}, {mark}, {mark}) ON CONFLICT (name) DO UPDATE "
                 "SET generation = excluded.generation, value = excluded.value", (name, generation, value))
