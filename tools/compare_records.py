"""Every record the parser makes of the dev corpus, written to a file, or compared with such a file:
the check that a change to the parser (a speed-up, a new rule) changes no record it should not.

    python tools/compare_records.py dump BEFORE.jsonl [CORPUS]     # with the old code
    python tools/compare_records.py diff BEFORE.jsonl [CORPUS]     # with the new code: exit 1 on a change

Each record is its JSON (`model_dump_json(by_alias=True)`) and its paragraphs' body spans (kept
outside the JSON, in slots); a file that does not parse is its ParseError. Every input form is read:
the HTML pages, the CSV dump, the text dump's files and the seed. `diff` lists the records that
changed, with the fields that differ, and stops at the first 20.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Iterator

from cablebase.parse import Cable, parse_file

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def corpus_files(corpus: Path) -> list[Path]:
    """The dev corpus's inputs, every form, in a fixed order."""
    return (sorted(corpus.glob("cablegate-html/*/*/*.html")) + [corpus / "cables-dev.csv"]
            + sorted(corpus.glob("cablegate-txt/*.txt")) + [corpus / "seed" / "05ALMATY2058.txt"])


def records(corpus: Path) -> Iterator[tuple[str, str]]:
    """(key, line) for every record: the key names the file and row, the line is what is compared."""
    for path in corpus_files(corpus):
        for n, result in enumerate(parse_file(path)):
            key = f"{path.relative_to(corpus)}#{n}"
            if isinstance(result, Cable):
                spans = [p.span for p in result.paragraphs]
                yield key, json.dumps({"record": json.loads(result.model_dump_json(by_alias=True)), "spans": spans},
                                      sort_keys=True)
            else:
                yield key, json.dumps({"error": str(result)})


def main() -> int:
    if len(sys.argv) not in (3, 4) or sys.argv[1] not in ("dump", "diff"):
        print(__doc__, file=sys.stderr)
        return 2
    command, saved = sys.argv[1], Path(sys.argv[2])
    corpus = Path(sys.argv[3]) if len(sys.argv) == 4 else DEFAULT_CORPUS
    if command == "dump":
        with saved.open("w", encoding="utf-8") as out:
            count = sum(out.write(f"{key}\t{line}\n") > 0 for key, line in records(corpus))
        print(f"{count} records written to {saved}")
        return 0
    before = dict(line.rstrip("\n").split("\t", 1) for line in saved.open(encoding="utf-8"))
    now = dict(records(corpus))
    changed = [key for key in before.keys() | now.keys() if before.get(key) != now.get(key)]
    for key in sorted(changed)[:20]:
        old, new = json.loads(before.get(key, "{}")), json.loads(now.get(key, "{}"))
        old_record, new_record = old.get("record", old), new.get("record", new)
        fields = sorted(f for f in old_record.keys() | new_record.keys() if old_record.get(f) != new_record.get(f))
        print(f"{key}: {', '.join(fields) or 'paragraph spans'}")
    print(f"{len(now)} records, {len(changed)} changed")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
