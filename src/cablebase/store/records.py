"""A stored record read back: the rows of a version's parts and how they assemble into the record,
the same for every backend."""

from __future__ import annotations

import json
from typing import Any, Callable, Iterable

from ..model import Cable
from ..spans import paragraph_text, sentence_in
from ..vocab.markings import marking_level
from .writer import RECORD_COLUMNS

PART_QUERIES = {
    "paragraphs": "SELECT number, marking, heading, text, start_offset, end_offset FROM paragraphs WHERE cable_id = ? "
                  "ORDER BY position",
    "tags": "SELECT t.code, t.kind, t.description, t.known FROM cable_tags c JOIN tags t ON t.code = c.code "
            "WHERE c.cable_id = ?",
    "entities": "SELECT e.kind, e.name, e.key, m.titles, m.aliases, m.paragraphs, m.count FROM mentions m "
                "JOIN entities e ON e.id = m.entity_id WHERE m.cable_id = ? ORDER BY e.kind, m.count DESC, e.name",
    "source": "SELECT format, path, record, sha256 FROM sources WHERE cable_id = ? LIMIT 1",
    "events": "SELECT date, precision, text, paragraph, sentence, paragraph_position, sentence_start, sentence_end, "
              "uncertain FROM events WHERE cable_id = ? ORDER BY position",
}
"""The rows of a version's parts, by its id (`?`: the one parameter), that `read_record` assembles."""


def _json(value: Any) -> Any:
    """A JSON column's value: decoded here from SQLite's text, or already by the driver (jsonb)."""
    return json.loads(value) if isinstance(value, str) else value


def read_record(row: Any, body: str, fetch: Callable[[str, int], Iterable[tuple]]) -> Cable:
    """The full record from a `cables` row (by column name), its text, and `fetch(part, cable id)`,
    which gives the rows of PART_QUERIES[part]: the same for every backend."""
    data = _json(row["record"])
    data.update({column: row[column] for column in RECORD_COLUMNS})
    data["partial"], data["signers"] = bool(row["partial"]), _json(row["signers"])
    cable_id = row["id"]
    data["body"] = body
    data["preamble"] = body[:data.pop("preamble_length")]
    data["paragraphs"] = [{"number": p[0], "marking": p[1], "heading": p[2], "text": paragraph_text(body, *p[3:]),
                           "level": marking_level(p[1])} for p in fetch("paragraphs", cable_id)]
    tags, hints, printed = {r[0]: r for r in fetch("tags", cable_id)}, data.pop("tag_hints", {}), data.pop("tag_printed", {})
    data["tags"] = [{"code": code, "kind": tags[code][1], "description": tags[code][2], "known": bool(tags[code][3]),
                     "probably": hints.get(code), "printed": printed.get(code)} for code in data["tags"]]
    request = data.get("action_request")
    if request:
        request["text"] = next((p["text"] for p in data["paragraphs"] if p["number"] == request["paragraph"]), "")
    data["entities"] = [{"kind": r[0], "name": r[1], "key": r[2], "titles": _json(r[3]), "aliases": _json(r[4]),
                         "paragraphs": _json(r[5]), "mentions": r[6]} for r in fetch("entities", cable_id)]
    src = next(iter(fetch("source", cable_id)), None)
    data["source"] = dict(zip(("format", "path", "record", "sha256"), src)) if src else {
        "format": "text", "sha256": row["content_hash"]}
    data["events"] = [
        {"date": e[0], "precision": e[1], "text": e[2], "paragraph": e[3], "uncertain": bool(e[8]),
         "sentence": e[4] if e[4] is not None else sentence_in(data["paragraphs"][e[5]]["text"], *e[6:8])}
        for e in fetch("events", cable_id)]
    return Cable.from_json_dict(data)


def entity_tag(versions: list[tuple[int, str]], run: int | None, model: str | None) -> str:
    """A cable's HTTP entity tag from its (version, content hash) pairs, the archive's last ingest
    run and the review model that scored it (None: not scored): the same for every backend."""
    parts = [f"r{run}"] + [f"{v}.{h[:12]}" for v, h in versions] + ([f"s{model[:8]}"] if model else [])
    return '"' + "-".join(parts) + '"'
