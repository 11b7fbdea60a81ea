"""Build the bundled demo sample (src/cablebase/data/sample/) from the dev corpus.

Run once by maintainers: python tools/make_sample.py ../shared/corpus
The cables are US government works (public domain). Chosen to show threads of references,
partial extracts, action requests, old and printout headers, several classifications.
"""
import csv
import shutil
import sys
from pathlib import Path

THREADS = [
    # Madrid: a long chain of references (2006-2009)
    "06MADRID1914", "06MADRID2657", "06MADRID3104", "07MADRID1805", "07MADRID2282", "07MADRID911",
    "09MADRID347", "09MADRID392", "09MADRID440", "08MADRID1280", "09MADRID551", "09MADRID612",
    "08MADRID678", "08MADRID685",
    # Oslo: the fighter purchase thread
    "08OSLO522", "08OSLO585", "08OSLO629", "08OSLO670",
    # Sanaa / Riyadh
    "09SANAA1669", "09SANAA2230", "09SANAA2251", "09SANAA2274", "09SANAA2279", "09RIYADH1687",
    # Harare
    "08HARARE1016", "09HARARE24", "09HARARE51",
    # Brasilia: action request; Kazakhstan neighbours; old and odd headers
    "09BRASILIA634", "09ASTANA95", "08ASTANA338", "66BUENOSAIRES2481", "72TEHRAN1164", "09DOHA214",
    "10STATE9124", "09STATE15113", "09STOCKHOLM194",
]
PAGES = ["2005/01/05MADRID171.html"]
TEXTS = ["00HARARE6677.txt"]


def main(corpus: str) -> None:
    src = Path(corpus)
    out = Path(__file__).resolve().parents[1] / "src/cablebase/data/sample"
    out.mkdir(parents=True, exist_ok=True)
    csv.field_size_limit(1 << 30)
    wanted = set(THREADS)
    with open(src / "cables-dev.csv", encoding="utf-8", newline="") as fh, \
            open(out / "sample.csv", "w", encoding="utf-8", newline="") as dst:
        writer = csv.writer(dst, quoting=csv.QUOTE_ALL, lineterminator="\n")
        rows = [row for row in csv.reader(fh) if row[2] in wanted]
        for row in rows:
            writer.writerow(row)
    missing = wanted - {r[2] for r in rows}
    assert not missing, missing
    for page in PAGES:
        shutil.copy(src / "cablegate-html" / page, out / Path(page).name)
    for text in TEXTS:
        shutil.copy(src / "cablegate-txt" / text, out / text)
    shutil.copy(src / "seed" / "05ALMATY2058.txt", out / "05ALMATY2058.txt")
    print(f"{len(rows)} CSV rows, {len(PAGES)} pages, {len(TEXTS) + 1} text files -> {out}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/corpus")
