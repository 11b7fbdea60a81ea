"""Build src/cablebase/data/english.marisa: the lower-case words of Webster's Second (public domain,
from the english-words package) as a marisa trie, which the entity rules read memory-mapped (0.7 MB
shared by every worker, instead of a 210,000-string set of some 30 MB built in each).

Run once by maintainers: pip install english-words && python tools/build_dictionary.py
"""
from pathlib import Path

import marisa_trie
from english_words import get_english_words_set


def main() -> None:
    words = sorted(w for w in get_english_words_set(["web2"], lower=False, alpha=True) if w.islower())
    out = Path(__file__).resolve().parents[1] / "src/cablebase/data/english.marisa"
    marisa_trie.Trie(words).save(str(out))
    print(f"{out}: {len(words)} words, {out.stat().st_size} bytes")


if __name__ == "__main__":
    main()
