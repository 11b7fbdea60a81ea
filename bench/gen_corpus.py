"""Generate synthetic cable corpora shaped like Cablegate, at any size, deterministically.

    python bench/gen_corpus.py --cables 251287 --format csv --seed 1 out/cables.csv
    python bench/gen_corpus.py --learn ../shared/corpus        # refresh bench/corpus_model.json

The distributions (origins, years, classifications, captions, TAGS, references, paragraph counts
and lengths, headers, redactions, partial extracts) and a pool of real sentences are learned from
the dev corpus once and stored in bench/corpus_model.json, so generation needs no corpus. Text is
real cable sentences recombined, so word frequencies and phrases behave like the real thing.
Output is streamed: memory stays flat whatever --cables is.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import html
import json
import random
import sys
from collections import Counter, deque
from pathlib import Path
from typing import IO, Iterator

MODEL = Path(__file__).with_name("corpus_model.json")
MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
SPACED = {"CONFIDENTIAL": "C O N F I D E N T I A L", "SECRET": "S E C R E T", "UNCLASSIFIED": "UNCLAS"}


def learn(corpus: Path, sentences: int = 4000, seed: int = 7) -> dict:
    """Learn the distributions and a sentence pool from a dev corpus (CSV dump)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from cablebase.parse import parse_file
    from cablebase.analysis.timeline import sentences as split_sentences

    rng = random.Random(seed)
    origins, years, classes, captions, tags, tag_counts = Counter(), Counter(), Counter(), Counter(), Counter(), Counter()
    refs, paras, para_words, headers, partial, redacted, pool = Counter(), Counter(), Counter(), 0, 0, 0, []
    post_names: dict[str, str] = {}
    n = 0
    for cable in parse_file(corpus / "cables-dev.csv"):
        n += 1
        origins[cable.origin_code] += 1
        post_names[cable.origin_code] = cable.origin
        years[cable.year] += 1
        classes[cable.classification_raw] += 1
        captions.update(cable.captions)
        tags.update(t.code for t in cable.tags if t.kind != "person")
        tag_counts[len(cable.tags)] += 1
        refs[sum(r.kind == "cable" for r in cable.references)] += 1
        paras[len(cable.paragraphs)] += 1
        for p in cable.paragraphs:
            para_words[min(400, len(p.text.split()) // 10 * 10)] += 1
            for s in split_sentences(p.text):
                if 6 <= len(s.split()) <= 60 and rng.random() < 0.12:
                    pool.append(s)
        headers += cable.header is not None
        redacted += cable.redactions > 0
        partial += cable.partial
    rng.shuffle(pool)
    partial_pages = sum(1 for _ in (corpus / "cablegate-html").glob("*/*/*.html"))
    html_partial = sum("partial extract" in p.read_text(encoding="utf-8")[-60000:]
                       for p in (corpus / "cablegate-html").glob("*/*/*.html"))
    return {
        "cables": n, "origins": dict(origins), "post_names": post_names, "years": {str(k): v for k, v in years.items()},
        "classifications": dict(classes), "captions": {k: v / n for k, v in captions.items()},
        "tags": dict(tags.most_common(300)), "tag_counts": {str(k): v for k, v in tag_counts.items()},
        "references": {str(k): v for k, v in refs.items()}, "paragraphs": {str(k): v for k, v in paras.items()},
        "paragraph_words": {str(k): v for k, v in para_words.items()}, "header_rate": headers / n,
        "redaction_rate": redacted / n, "partial_rate": html_partial / max(1, partial_pages),
        "sentences": pool[:sentences],
    }


class Generator:
    """Streams synthetic cables; the same seed gives the same corpus."""

    def __init__(self, model: dict, seed: int, paragraph_scale: float = 1.0) -> None:
        self.m = model
        self.rng = random.Random(seed)
        self.paragraph_scale = paragraph_scale
        self.recent: dict[str, deque] = {}
        self.serials: Counter = Counter()

    def pick(self, dist: dict) -> str:
        keys = list(dist)
        return self.rng.choices(keys, weights=[dist[k] for k in keys])[0]

    def cables(self, count: int) -> Iterator[dict]:
        for seq in range(1, count + 1):
            yield self.cable(seq)

    def cable(self, seq: int) -> dict:
        r = self.rng
        origin = self.pick(self.m["origins"])
        year = int(self.pick(self.m["years"]))
        self.serials[(origin, year)] += r.randint(1, 40)
        serial = self.serials[(origin, year)]
        ref_id = f"{year % 100:02d}{origin}{serial}"
        month, day, hour, minute = r.randint(1, 12), r.randint(1, 28), r.randint(0, 23), r.randint(0, 59)
        classification = self.pick(self.m["classifications"])
        level = classification.split("//")[0]
        captions = [c for c, p in self.m["captions"].items() if r.random() < p and c not in ("FOUO",)]
        tags = r.sample(list(self.m["tags"]), k=min(len(self.m["tags"]), int(self.pick(self.m["tag_counts"]))))
        references = self._references(origin, year, int(self.pick(self.m["references"])))
        body = self._body(origin, serial, level, captions, tags, references, year, month, day)
        header = self._header(origin, day, hour, minute, month, year) if r.random() < self.m["header_rate"] else ""
        self.recent.setdefault(origin, deque(maxlen=50)).append((year, serial))
        return {"seq": seq, "id": ref_id, "created": f"{month:02d}/{day:02d}/{year} {hour:02d}:{minute:02d}",
                "origin": self.m["post_names"].get(origin, f"Embassy {origin.title()}"), "classification": classification,
                "header": header, "body": body, "partial": r.random() < self.m["partial_rate"]}

    def _references(self, origin: str, year: int, count: int) -> list[str]:
        refs = []
        for _ in range(count):
            pool = [(y, s) for y, s in self.recent.get(origin, ()) if y <= year] if self.rng.random() < 0.7 else None
            if pool:
                ref_year, serial = self.rng.choice(pool)
                prefix = "" if ref_year == year else f"{ref_year % 100:02d} "
                refs.append(f"{prefix}{origin} {serial}")
            else:
                refs.append(f"STATE {self.rng.randint(1000, 199999)}")
        return refs

    def _sentence(self) -> str:
        return self.rng.choice(self.m["sentences"])

    def _paragraph(self) -> str:
        target = int(self.pick(self.m["paragraph_words"])) + 10
        words, out = 0, []
        while words < target:
            s = self._sentence()
            out.append(s)
            words += len(s.split())
        text = " ".join(out)
        if self.rng.random() < self.m["redaction_rate"] / 3:
            text = text.replace(" the ", " XXXXXXXXXXXX ", 1)
        return text

    def _body(self, origin, serial, level, captions, tags, references, year, month, day) -> str:
        r = self.rng
        sections = r.choice([1, 1, 1, 2, 3])
        banner = f"{SPACED.get(level, level)} {'SECTION 01 OF %02d ' % sections if sections > 1 else ''}{origin} {serial:06d}"
        lines = [banner, ""] + [c for c in captions] + [""]
        lines += [f"E.O. 12958: DECL: {month:02d}/{day:02d}/{year + 10}", "TAGS: " + " ".join(tags),
                  "SUBJECT: " + " ".join(self._sentence().upper().split()[:9]), ""]
        if references:
            letters = "ABCDEFGH"
            lines.append("REF: " + " ".join(f"{letters[i]}. {ref}" for i, ref in enumerate(references[:8])))
            lines.append("")
        if level != "UNCLASSIFIED":
            lines += ["Classified By: Ambassador " + r.choice(["John Smith", "Maria Lopez", "Alan Brown"]) +
                      ", reasons 1.4 (b) and (d).", ""]
        mark = {"CONFIDENTIAL": "C", "SECRET": "S", "UNCLASSIFIED": "SBU"}.get(level, "U")
        count = max(1, round(int(self.pick(self.m["paragraphs"])) * self.paragraph_scale + r.random() - 0.5))
        for n in range(1, count + 1):
            if n > 2 and r.random() < 0.15:
                lines += [" ".join(self._sentence().split()[:5]).rstrip(".,").upper(), ""]
            text = self._paragraph()
            if n == 1 and r.random() < 0.6:
                text = f"Summary: {text} End summary."
            lines.append(f"\u00b6{n}. ({mark}) {text}")
            lines.append("")
        lines.append(r.choice(["SMITH", "LOPEZ", "BROWN", "CLINTON", "RICE"]))
        return "\n".join(lines)

    def _header(self, origin, day, hour, minute, month, year) -> str:
        return (f"VZCZCXRO{self.rng.randint(1000, 9999)}\nPP RUEHAG\nDE RUEH #{self.rng.randint(1, 9999):04d}\n"
                f"ZNY CCCCC ZZH\nP {day:02d}{hour:02d}{minute:02d}Z {MONTHS[month - 1]} {year % 100:02d}\n"
                f"FM AMEMBASSY {origin}\nTO RUEHC/SECSTATE WASHDC PRIORITY {self.rng.randint(1, 9999)}")


# Measured: at this scale 20,000 generated CSV rows average 6.8 KB, like the real dump's rows.
REAL_DUMP_SCALE = 0.615
NOTICE = ("This record is a partial extract of the original cable. The full text of the original cable is not "
          "available.")


def write_csv(cables: Iterator[dict], out: IO) -> None:
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
    for c in cables:
        writer.writerow([c["seq"], c["created"], c["id"], c["origin"], c["classification"], "", c["header"], c["body"]])


def write_html(cables: Iterator[dict], root: Path) -> None:
    for c in cables:
        year, month = c["created"][6:10], c["created"][0:2]
        d = root / year / month
        d.mkdir(parents=True, exist_ok=True)
        body = html.escape(c["body"], quote=False).replace("\n", "&#x000A;")
        pres = (f"<code><pre>{NOTICE}</pre></code>" if c["partial"] else
                (f"<code><pre>{html.escape(c['header'], quote=False).replace(chr(10), '&#x000A;')}</pre></code>"
                 if c["header"] else "")) + f"<code><pre>{body}</pre></code>"
        created = f"{year}-{month}-{c['created'][3:5]} {c['created'][11:]}"
        (d / f"{c['id']}.html").write_text(
            "<?xml version='1.0' encoding='utf-8' ?>\n<html><body><div class='pane big'>"
            f"<h3>Viewing cable {c['id']}, X</h3><table class='cable'><tr><th>Reference ID</th></tr><tr>"
            f"<td><a>{c['id']}</a></td><td><a>{created}</a></td><td><a>2010-12-01 00:00</a></td>"
            f"<td><a>{c['classification']}</a></td><td><a>{html.escape(c['origin'])}</a></td></tr></table>"
            f"{pres}</div></body></html>", encoding="utf-8")


def write_txt(cables: Iterator[dict], root: Path) -> None:
    root.mkdir(parents=True, exist_ok=True)
    from datetime import datetime

    for c in cables:
        when = datetime.strptime(c["created"], "%m/%d/%Y %H:%M").strftime("%a %b %d %H:%M:00 +0000 %Y")
        text = (NOTICE if c["partial"] else "") + (c["header"] + "\n\n" if c["header"] else "") + c["body"]
        (root / f"{c['id']}.txt").write_text(f"{c['id']}\n\n{when}\n{c['classification']}\n{c['origin']}\n{text}",
                                             encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", nargs="?", type=Path, help="output file (csv, .gz ok) or directory (html, txt)")
    ap.add_argument("--cables", type=int, default=1000)
    ap.add_argument("--format", choices=["csv", "html", "txt"], default="csv")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--paragraph-scale", type=float, default=REAL_DUMP_SCALE,
                    help="multiply the learned paragraph counts; the default makes cables as long on average as "
                         "the full Cablegate dump (1.7 GB / 251,287 rows = 6.8 KB a row; the dev sample's cables "
                         "are longer), 1.0 keeps the dev sample's lengths")
    ap.add_argument("--learn", type=Path, metavar="CORPUS", help="learn the model from a dev corpus and exit")
    args = ap.parse_args(argv)
    if args.learn:
        MODEL.write_text(json.dumps(learn(args.learn), ensure_ascii=False, indent=0))
        print(f"model written to {MODEL}")
        return
    if args.out is None:
        ap.error("OUT is required")
    cables = Generator(json.loads(MODEL.read_text()), args.seed, args.paragraph_scale).cables(args.cables)
    if args.format == "csv":
        opener = gzip.open if args.out.suffix == ".gz" else open
        with opener(args.out, "wt", encoding="utf-8", newline="") as fh:
            write_csv(cables, fh)
    elif args.format == "html":
        write_html(cables, args.out)
    else:
        write_txt(cables, args.out)


if __name__ == "__main__":
    main()
