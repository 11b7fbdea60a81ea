"""Build src/cablebase/data/given_names.txt: the first names of the 1990 US census (public domain;
read from the `names` package's copy: `pip install names`) that are no ordinary English word (the
entity rules' dictionary, analysis/lexicon.dictionary: MARK, WILL and GRANT are left out). The TAGS
rules read it to tell a person (`STEINBERG JAMES`) from a keyword (`COUNTER TERRORISM`). The names
left out go to data/given_name_words.txt: the entity rules read an all-capitals `NELSON MANDELA` with
them.

Run once by maintainers: python tools/build_given_names.py
"""
from importlib import resources
from pathlib import Path

from cablebase.analysis.lexicon import dictionary


def main() -> None:
    files = resources.files("names")
    given = {line.split()[0] for name in ("dist.male.first", "dist.female.first")
             for line in files.joinpath(name).read_text(encoding="ascii").splitlines() if line.strip()}
    data = Path(__file__).resolve().parents[1] / "src/cablebase/data"
    for name, kept, what in (("given_names.txt", sorted(g for g in given if g.lower() not in dictionary()), "no"),
                             ("given_name_words.txt", sorted(g for g in given if g.lower() in dictionary()), "an")):
        (data / name).write_text(f"# First names of the 1990 US census (public domain) that are {what} English word; "
                                 "tools/build_given_names.py\n" + "\n".join(kept) + "\n", encoding="ascii")
        print(f"{len(kept)} of {len(given)} names -> {data / name}")


if __name__ == "__main__":
    main()
