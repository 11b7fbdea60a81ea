"""Ingest: directories, archives, bad input, flat progress, the CLI's summary."""

from __future__ import annotations

import gzip
import io
import os
import tarfile
import zipfile

import pytest

from cablebase.ingest import ingest
from cablebase.ingest.inputs import InputFile, input_bytes, iter_inputs
from cablebase.store import Archive, connect, open_archive
from cablebase.store.driver import sqlite3


@pytest.fixture
def messy_dir(tmp_path, corpus, seed_path):
    d = tmp_path / "pile"
    (d / "sub").mkdir(parents=True)
    (d / "05ALMATY2058.txt").write_bytes(seed_path.read_bytes())
    txt = sorted((corpus / "cablegate-txt").glob("*.txt"))[:3]
    for f in txt:
        (d / "sub" / f.name).write_bytes(f.read_bytes())
    (d / "garbage.bin").write_bytes(bytes(range(256)) * 10)
    (d / "empty.txt").write_bytes(b"")
    (d / "notes.txt").write_text("shopping list: eggs, milk")
    cp = seed_path.read_text().replace("Kiselyov", "Kisely\u00f6v").replace("2058", "2059")
    (d / "05ALMATY2059.txt").write_bytes(cp.encode("cp1252"))
    (d / "gz").mkdir()
    (d / "gz" / txt[0].name.replace(".txt", ".txt.gz")).write_bytes(gzip.compress(txt[0].read_bytes()))
    return d, [f.stem for f in txt]


def test_mixed_directory(messy_dir, tmp_path):
    d, ids = messy_dir
    db = tmp_path / "a.db"
    summary = ingest([str(d)], db, workers=2)
    assert summary.new == 5 and summary.failed == 3
    conn = sqlite3.connect(db)
    keys = {r[0] for r in conn.execute("SELECT key FROM cables")}
    assert keys == {"05ALMATY2058", "05ALMATY2059", *ids}
    reasons = {os.path.basename(p): r for p, r in conn.execute("SELECT path, reason FROM failures")}
    assert "binary" in reasons["garbage.bin"]
    assert "empty" in reasons["empty.txt"]
    assert "no cable structure" in reasons["notes.txt"]
    with Archive(db, readonly=True) as archive:
        assert "Kisely\u00f6v" in archive.get("05ALMATY2059").body  # cp1252 decoded


def test_archives_are_read_and_unsafe_members_refused(tmp_path, corpus, seed_path):
    tar_path = tmp_path / "cables.tar.gz"
    with tarfile.open(tar_path, "w:gz") as tf:
        tf.add(seed_path, arcname="seed/05ALMATY2058.txt")
        evil = tarfile.TarInfo("../../evil.txt")
        data = b"UNCLAS X 1"
        evil.size = len(data)
        tf.addfile(evil, io.BytesIO(data))
        link = tarfile.TarInfo("link")
        link.type = tarfile.SYMTYPE
        link.linkname = "/etc/passwd"
        tf.addfile(link)
    zip_path = tmp_path / "cables.zip"
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(corpus / "cables-dev.csv", "dump/cables.csv")
        zf.writestr("../escape.txt", "UNCLAS X 1")
        zf.writestr("bomb.txt", b"\0" * (50 * 1024 * 1024))
    db = tmp_path / "b.db"
    summary = ingest([str(tar_path), str(zip_path)], db, workers=1)
    assert summary.new == 945
    reasons = [f.reason for f in summary.failures]
    assert sum("escapes the archive" in r for r in reasons) == 2
    assert any("links and special files" in r for r in reasons)
    assert any("zip bomb" in r for r in reasons)
    assert not (tmp_path.parent / "evil.txt").exists()


def test_symlink_loop_and_missing_path(tmp_path, seed_path):
    d = tmp_path / "loop"
    d.mkdir()
    os.symlink(d, d / "again")
    os.symlink(d / "nowhere", d / "dangling.txt")
    (d / "05ALMATY2058.txt").write_bytes(seed_path.read_bytes())
    summary = ingest([str(d), str(tmp_path / "missing")], tmp_path / "c.db", workers=1)
    assert summary.new == 1
    reasons = " | ".join(f"{f.path}: {f.reason}" for f in summary.failures)
    assert "symlink not followed" in reasons and "dangling.txt: cannot read file" in reasons
    assert "missing: no such file or directory" in reasons


def test_progress_total_is_the_size_of_what_is_read(tmp_path, seed_path):
    """The total the progress bar counts towards lists the tree by the rules of the walk that reads
    it: hidden files left out, directory symlinks not followed, a file given by name counted."""
    d = tmp_path / "tree"
    (d / "sub").mkdir(parents=True)
    (d / "sub" / "05ALMATY2058.txt").write_bytes(seed_path.read_bytes())
    (d / ".hidden.txt").write_bytes(b"x" * 1000)
    os.symlink(d / "sub", d / "linked")
    single = tmp_path / "single.txt"
    single.write_bytes(b"y" * 10)
    read = [f for f in iter_inputs([str(d), str(single)]) if isinstance(f, InputFile)]
    assert [os.path.basename(f.label) for f in read] == ["05ALMATY2058.txt", "single.txt"]
    assert input_bytes([str(d), str(single)]) == sum(f.size for f in read) == seed_path.stat().st_size + 10


def test_progress_callback_and_run_history(tmp_path, corpus):
    seen = []
    db = tmp_path / "d.db"
    summary = ingest([str(corpus / "cables-dev.csv")], db, workers=2, on_progress=lambda p: seen.append(p.records))
    assert summary.new == 944 and seen == sorted(seen) and seen[-1] == 944
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT status, parsed, new FROM runs").fetchall() == [("done", 944, 944)]


def test_a_repeated_ingest_parses_only_what_is_new(tmp_path, corpus, seed_path, monkeypatch):
    import cablebase.ingest as ingest_module
    from cablebase.ingest import workers

    parsed: list[str] = []
    real = workers.parse_unit
    monkeypatch.setattr(workers, "parse_unit", lambda unit, year=None: parsed.append(unit.path) or real(unit, year))
    db = tmp_path / "r.db"
    pages = corpus / "cablegate-html"
    first = ingest([str(pages)], db, workers=1)
    assert first.new == len(parsed) > 900
    parsed.clear()
    (tmp_path / "new").mkdir()
    (tmp_path / "new" / seed_path.name).write_bytes(seed_path.read_bytes())
    again = ingest([str(pages), str(tmp_path / "new")], db, workers=1)
    assert parsed == [str(tmp_path / "new" / seed_path.name)]  # only the new file was read through the parser
    assert (again.new, again.unchanged, again.parsed) == (1, first.new, first.new + 1)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT parsed, unchanged FROM runs ORDER BY id DESC LIMIT 1").fetchone() == (
            first.new + 1, first.new)

    parsed.clear()  # another parser (changed code) reads everything again, then skips in turn
    monkeypatch.setattr(ingest_module, "parser_fingerprint", lambda: "changed-code")
    assert ingest([str(pages)], db, workers=1).unchanged == first.new and len(parsed) == first.new
    parsed.clear()
    assert ingest([str(pages)], db, workers=1).unchanged == first.new and parsed == []
    assert ingest([str(pages)], db, workers=1, year=2009).unchanged == first.new and len(parsed) == first.new


def test_a_newer_parser_rewrites_what_older_code_stored(tmp_path, corpus, monkeypatch):
    """The same text stored by other parsing code is read anew: its fields are rewritten in place (no
    new version, indexes kept right), and what only the page gave (the release date, the partial-
    extract notice) survives a re-read from the CSV row, which lacks them."""
    import csv

    import cablebase.ingest as ingest_module

    db = tmp_path / "n.db"
    page = corpus / "cablegate-html/2004/02/04AMMAN1288.html"
    assert ingest([str(page)], db, workers=1).new == 1
    with connect(db) as conn:  # what older code might have stored (connect: the triggers' SQL functions)
        before = conn.execute("SELECT subject, signers, released, partial FROM cables").fetchone()
        paragraphs = conn.execute("SELECT count(*) FROM paragraphs").fetchone()[0]
        conn.execute("UPDATE cables SET subject = ?, signers = ?", ("ZANZIBAR OUTLOOK", '["XXXX"]'))
        conn.execute("DELETE FROM paragraphs WHERE position > 0")
        conn.execute("INSERT INTO entities (key, kind, name) VALUES ('person:nobody', 'person', 'Nobody')")
        conn.execute("INSERT INTO mentions (entity_id, cable_id, count) SELECT id, 1, 1 FROM entities "
                     "WHERE key = 'person:nobody'")
        named = conn.execute("SELECT entity_id, aliases FROM mentions WHERE aliases != '[]' LIMIT 1").fetchone()
        aliases = conn.execute("SELECT alias FROM entity_aliases WHERE entity_id = ?", (named[0],)).fetchall()
        conn.execute("UPDATE mentions SET aliases = json_insert(aliases, '$[#]', 'Zanzibari') WHERE entity_id = ?",
                     (named[0],))  # a form of the name older code read, which no reading gives now
        conn.execute("INSERT INTO entity_aliases VALUES (?, 'Zanzibari')", (named[0],))
    row = next(r for r in csv.reader(open(corpus / "cables-dev.csv", encoding="utf-8", newline=""))
               if r[2] == "04AMMAN1288")
    with open(tmp_path / "row.csv", "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, quoting=csv.QUOTE_ALL).writerow(row)

    monkeypatch.setattr(ingest_module, "parser_fingerprint", lambda: "newer-code")
    again = ingest([str(tmp_path / "row.csv")], db, workers=1)
    assert (again.new, again.new_versions, again.unchanged, again.refreshed) == (0, 0, 1, 1)
    with connect(db) as conn:
        assert [tuple(r) for r in conn.execute("SELECT subject, signers, released, partial FROM cables")] == [
            tuple(before)]
        assert conn.execute("SELECT count(*) FROM paragraphs").fetchone()[0] == paragraphs
        assert conn.execute("SELECT count(*) FROM entities WHERE key = 'person:nobody'").fetchone()[0] == 0
        assert conn.execute("SELECT alias FROM entity_aliases WHERE entity_id = ?", (named[0],)).fetchall() == aliases
        conn.execute("INSERT INTO cables_fts(cables_fts) VALUES ('integrity-check')")
        assert conn.execute("SELECT count(*) FROM cables_fts WHERE cables_fts MATCH 'zanzibar'").fetchone()[0] == 0
    with Archive(db) as archive:
        assert archive.get("04AMMAN1288").partial_notice is not None
    assert ingest([str(tmp_path / "row.csv")], db, workers=1).refreshed == 0  # the same code: nothing to redo


def test_an_undated_text_dated_later_is_not_stored_twice(tmp_path, seed_path):
    """Without a year (no metadata, a file name that is not an id) a cable is kept under its text's key;
    read again with a year, it moves under its reference id instead of being stored a second time."""
    db = tmp_path / "u.db"
    (tmp_path / "cable.txt").write_bytes(seed_path.read_bytes())
    assert ingest([str(tmp_path / "cable.txt")], db, workers=1).new == 1
    again = ingest([str(tmp_path / "cable.txt")], db, workers=1, year=2005)
    assert (again.new, again.refreshed) == (0, 1)
    with connect(db) as conn:
        assert [tuple(r) for r in conn.execute("SELECT key, reference_id, version, is_current FROM cables")] == [
            ("05ALMATY2058", "05ALMATY2058", 1, 1)]
        conn.execute("INSERT INTO cables_fts(cables_fts) VALUES ('integrity-check')")
        assert conn.execute("SELECT count(*) FROM cables_fts WHERE cables_fts MATCH 'Kiselyov'").fetchone()[0] == 1


def test_a_dated_text_read_again_without_a_year_is_not_stored_twice(tmp_path, seed_path):
    """The reverse: a text stored under its reference id (its file name gave the year) arrives again
    where nothing dates it (a copy under another name; another transcription with Windows line ends):
    it is the same text, counted unchanged, not a second cable under its text's key."""
    db = tmp_path / "d.db"
    assert ingest([str(seed_path)], db, workers=1).new == 1
    (tmp_path / "copy.txt").write_bytes(seed_path.read_bytes())  # the same bytes
    (tmp_path / "crlf.txt").write_bytes(seed_path.read_bytes().replace(b"\n", b"\r\n"))  # other bytes, same text
    again = ingest([str(tmp_path / "copy.txt"), str(tmp_path / "crlf.txt")], db, workers=1)
    assert (again.new, again.new_versions, again.unchanged) == (0, 0, 2)
    with connect(db) as conn:
        assert [tuple(r) for r in conn.execute("SELECT key, version FROM cables")] == [("05ALMATY2058", 1)]
        paths = {r[0].rsplit("/", 1)[-1] for r in conn.execute("SELECT path FROM sources")}
        assert paths == {"05ALMATY2058.txt", "crlf.txt"}  # a source is one cable's bytes: the copy's are known
    other = tmp_path / "other.txt"  # a different text of no known year is still kept, under its text's key
    other.write_bytes(seed_path.read_bytes().replace(b"Troubling legislation", b"Worrying legislation"))
    assert ingest([str(other)], db, workers=1).new == 1


def test_an_alias_another_version_still_gives_survives_a_re_read(tmp_path, corpus, monkeypatch):
    """`entity_aliases` is the union of what every version's reading gives: an alias one re-read no
    longer gives stays while another cable still gives it, and goes when none does."""
    import csv

    import cablebase.ingest as ingest_module

    wanted = ("02BRASILIA4227", "05BRASILIA1660")  # both name Jose Dirceu
    rows = {r[2]: r for r in csv.reader(open(corpus / "cables-dev.csv", encoding="utf-8", newline=""))
            if r[2] in wanted}
    for name, row in rows.items():
        with open(tmp_path / f"{name}.csv", "w", encoding="utf-8", newline="") as fh:
            csv.writer(fh, quoting=csv.QUOTE_ALL).writerow(row)
    db = tmp_path / "a.db"
    assert ingest([str(tmp_path / f"{name}.csv") for name in wanted], db, workers=1).new == 2
    with connect(db) as conn:  # an alias older code read in both cables, which no reading gives now
        dirceu = conn.execute("SELECT id FROM entities WHERE key = 'person:jose dirceu'").fetchone()[0]
        conn.execute("UPDATE mentions SET aliases = json_insert(aliases, '$[#]', 'Zanzibari') WHERE entity_id = ?",
                     (dirceu,))
        conn.execute("INSERT INTO entity_aliases VALUES (?, 'Zanzibari')", (dirceu,))

    def aliases() -> list[str]:
        with connect(db) as conn:
            return [r[0] for r in conn.execute("SELECT alias FROM entity_aliases WHERE entity_id = ?", (dirceu,))]

    monkeypatch.setattr(ingest_module, "parser_fingerprint", lambda: "newer-code")
    assert ingest([str(tmp_path / f"{wanted[0]}.csv")], db, workers=1).refreshed == 1
    assert "Zanzibari" in aliases()  # the other cable, not re-read, still gives it
    assert ingest([str(tmp_path / f"{wanted[1]}.csv")], db, workers=1).refreshed == 1
    assert "Zanzibari" not in aliases() and aliases()  # the aliases the readings give stay


def _analysis_rows(db) -> dict[str, list]:
    """Everything the analysis stored, by cable id and entity key (row ids differ between archives)."""
    conn = sqlite3.connect(db)
    return {
        "entities": sorted(conn.execute("SELECT key, kind, name FROM entities")),
        "aliases": sorted(conn.execute("SELECT e.key, a.alias FROM entity_aliases a JOIN entities e ON e.id = a.entity_id")),
        "mentions": sorted(conn.execute("SELECT e.key, c.key, m.count, m.titles, m.aliases, m.paragraphs FROM mentions m "
                                        "JOIN entities e ON e.id = m.entity_id JOIN cables c ON c.id = m.cable_id")),
        "events": sorted(conn.execute("SELECT c.key, v.position, v.date, v.precision, v.text, v.paragraph, "
                                      "v.paragraph_position, v.sentence_start, v.sentence_end, v.sentence "
                                      "FROM events v JOIN cables c ON c.id = v.cable_id")),
    }


def test_the_second_pass_stores_what_analysing_inline_stores(tmp_path, corpus, seed_path):
    inputs = [str(corpus / "cablegate-txt"), str(seed_path)]
    inline = ingest(inputs, tmp_path / "inline.db", workers=1, analysis="inline")
    assert (inline.new, inline.analysed, inline.unanalysed) == (41, 0, 0)
    after = ingest(inputs, tmp_path / "after.db", workers=2)  # the default: stored first, analysed after
    assert (after.new, after.analysed, after.unanalysed) == (41, 41, 0)
    rows = _analysis_rows(tmp_path / "inline.db")
    assert len(rows["entities"]) > 200 and len(rows["events"]) > 100
    assert _analysis_rows(tmp_path / "after.db") == rows


def test_an_ingest_analyses_what_an_earlier_one_left(tmp_path, corpus, seed_path):
    db = tmp_path / "a.db"
    first = ingest([str(seed_path)], db, workers=1, analysis="later")
    assert (first.new, first.analysed, first.unanalysed) == (1, 0, 1)
    with Archive(db, readonly=True) as archive:
        assert archive.search("Kiselyov").total == 1  # searchable before its analysis
        assert archive.find_entities("Kiselyov") == []
    txt = sorted((corpus / "cablegate-txt").glob("*.txt"))[:2]
    second = ingest([str(t) for t in txt], db, workers=1)
    assert (second.new, second.analysed, second.unanalysed) == (2, 3, 0)
    with Archive(db, readonly=True) as archive:
        assert [e["name"] for e in archive.find_entities("Kiselyov")] == ["Sergey Kiselyov"]


def test_a_cable_the_analysis_fails_on_is_stored_and_named_among_the_failures(tmp_path, seed_path, monkeypatch):
    """A bug in the entity or date rules neither stops the second pass nor passes unseen: the cable
    stays stored and searchable, and `failures` names its file and why."""
    import cablebase.ingest.workers as workers

    def broken(cable):
        raise RuntimeError("a rule broke")

    monkeypatch.setattr(workers, "analyse", broken)
    db = tmp_path / "a.db"
    summary = ingest([str(seed_path)], db, workers=1)
    assert (summary.new, summary.analysed, summary.unanalysed) == (1, 1, 0)
    with Archive(db, readonly=True) as archive:
        assert archive.search("Kiselyov").total == 1
        assert archive.find_entities("Kiselyov") == []
        [failure] = archive.failures()
    assert failure["path"] == str(seed_path)
    assert failure["reason"].startswith("05ALMATY2058: people, organisations and dates not found")
    assert failure["reason"].endswith("RuntimeError: a rule broke")


def test_the_parser_fingerprint_covers_every_file_of_the_pipeline(tmp_path):
    """A module or data file added to a declared package changes the fingerprint (re-parsing is never
    wrongly skipped); code outside the pipeline (the web, the demo sample) does not."""
    import shutil
    from pathlib import Path

    import cablebase
    from cablebase.ingest import PIPELINE, fingerprint, parser_fingerprint

    package = tmp_path / "cablebase"
    shutil.copytree(Path(cablebase.__file__).parent, package,
                    ignore=shutil.ignore_patterns("__pycache__", "sample"))
    (package / "data" / "sample").mkdir()
    before = fingerprint(package)
    assert before == parser_fingerprint()
    for outside in ("web/new_page.py", "data/sample/more.txt", "cli_extra.py"):
        (package / outside).write_text("x = 1\n")
        assert fingerprint(package) == before, outside
    changed = {before}
    for inside in ("parse/new_extractor.py", "analysis/rules/deeper.py", "vocab/ranks.tsv", "data/new_table.tsv"):
        (package / inside).parent.mkdir(exist_ok=True)
        (package / inside).write_text("x = 1\n")
        changed.add(fingerprint(package))
    (package / "data" / "tag_phrases.txt").write_text("ANOTHER PHRASE\n")
    changed.add(fingerprint(package))
    assert len(changed) == 6
    assert all(name.rstrip("/*") and (package / name.rstrip("/*")).exists() for name in PIPELINE)


def test_a_surname_alone_joins_the_one_full_name_across_the_archive(tmp_path, empty_archive):
    """`Nazarbayev` in one cable is `Nursultan Nazarbayev` of another (the only full name with that
    surname), and his daughter Dariga Nazarbayeva stays herself; `Clinton` stays apart while two
    full names end with it."""
    texts = {"1": "President Nursultan Nazarbayev met the OSCE. Dariga Nazarbayeva said so.",
             "2": "President Nazarbayev said so. Nazarbayeva has been silent.",
             "3": "President Nazarbayev has signed it. Hillary Clinton said so; Bill Clinton said more.",
             "4": "Clinton said so."}
    for n, text in texts.items():
        (tmp_path / f"05ALMATY{n}.txt").write_text(
            f"UNCLAS ALMATY 00000{n}\n\nE.O. 12958: N/A\nTAGS: PREL\nSUBJECT: TALKS\n\n1. {text}\n")
    summary = ingest([str(tmp_path)], empty_archive, workers=1, year=2005)
    assert summary.new == 4
    with open_archive(empty_archive, readonly=True) as archive:
        found = {e["name"]: e for e in archive.find_entities("Nazarbay", kind="person")}
        assert set(found) == {"Nursultan Nazarbayev", "Dariga Nazarbayeva"}
        president = archive.entity_detail(found["Nursultan Nazarbayev"]["id"])
        assert president["cable_count"] == 3 and "Nazarbayev" in president["aliases"]
        assert archive.entity_detail(found["Dariga Nazarbayeva"]["id"])["cable_count"] == 2
        assert {e["name"] for e in archive.find_entities("Clinton", kind="person")} == {
            "Clinton", "Hillary Clinton", "Bill Clinton"}
