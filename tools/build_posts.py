"""Build src/cablebase/data/posts.tsv (origin code -> post name) from a cables.csv dump, keeping the
hand-kept columns of the rows already there (aliases, the code a renamed post became, since when).

Run once by maintainers: python tools/build_posts.py ../shared/corpus/cables-dev.csv
"""
import csv
import re
import sys
from collections import Counter
from pathlib import Path


# Posts known from other sources (the seed record) that the dev corpus does not name.
EXTRA = {"ALMATY": "Embassy Almaty"}


def main(csv_path: str) -> None:
    csv.field_size_limit(1 << 30)
    seen: dict[str, Counter] = {}
    with open(csv_path, encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh):
            m = re.match(r"\d\d([A-Z]+)\d+$", row[2])
            if m:
                seen.setdefault(m.group(1), Counter())[row[3]] += 1
    for code, name in EXTRA.items():
        seen.setdefault(code, Counter())[name] += 1
    out = Path(__file__).resolve().parents[1] / "src/cablebase/data/posts.tsv"
    kept = {r["code"]: r for r in csv.DictReader(out.read_text(encoding="utf-8").splitlines(), delimiter="\t")}
    for code in kept:
        seen.setdefault(code, Counter())[kept[code]["name"]] += 1  # a former code the dump lacks
    with out.open("w", encoding="utf-8") as fh:
        fh.write("code\tname\taliases\tbecame\tsince\n")
        for code in sorted(seen):
            row = kept.get(code, {})
            hand = "\t".join(row.get(column) or "" for column in ("aliases", "became", "since"))
            fh.write(f"{code}\t{seen[code].most_common(1)[0][0]}\t{hand}\n")
    print(f"{len(seen)} posts -> {out}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/corpus/cables-dev.csv")
