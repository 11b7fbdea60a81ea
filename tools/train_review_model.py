"""Train the review model shipped in the package (src/cablebase/review/default_model.json.gz).

Run by maintainers: python tools/train_review_model.py ../shared/corpus
It reads the dev corpus's cables (US government works, public domain) and the package's sample,
trains on every labelled paragraph (see cablebase.review.classifier.examples) and writes the model
as gzipped JSON. Deterministic: the same corpus gives the same file.
"""

import gzip
import sys
from importlib import resources
from pathlib import Path

from cablebase.parse import ParseError, parse_file
from cablebase.review.classifier import DEFAULT_MODEL, examples, train

MAX_TERMS = 20_000  # keeps the shipped file small (~0.5 MB gzipped); archives train with more


def main(corpus: str) -> None:
    sample = Path(str(resources.files("cablebase.data").joinpath("sample")))
    paths = [Path(corpus) / "cables-dev.csv", Path(corpus) / "seed" / "05ALMATY2058.txt", *sorted(sample.iterdir())]
    seen: set[str] = set()
    cables = []
    for path in paths:
        for cable in parse_file(path):
            if isinstance(cable, ParseError) or cable.reference_id in seen:
                continue
            seen.add(cable.reference_id or "")
            cables.append(examples(cable))
    model = train(cables, max_terms=MAX_TERMS, info={"source": "cablebase dev corpus (Cablegate, public domain) "
                                                              "and the package sample"})
    out = Path(__file__).resolve().parents[1] / "src" / "cablebase" / "review" / DEFAULT_MODEL
    out.write_bytes(gzip.compress(model.to_json().encode("utf-8"), mtime=0))
    print(f"{out}: {out.stat().st_size} bytes, {len(model.terms)} terms, {model.info}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/corpus")
