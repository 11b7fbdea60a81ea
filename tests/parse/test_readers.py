"""Readers and decoding: encodings, gzip, bad CSV rows, binary and empty input."""

from __future__ import annotations

import gzip
import hashlib

import pytest

from cablebase.model import Cable
from cablebase.parse import ParseError, parse_bytes, parse_file, parse_text
from cablebase.parse.decode import decode_text, gunzip

SEED_TEXT = "UNCLAS ALMATY 002058\n\nSIPDIS\n\nE.O. 12958: N/A\nTAGS: PGOV KZ\nSUBJECT: CAF\u00c9 TALK\n\n1. (U) Text.\n"


def results(data: bytes, name: str = "05ALMATY2058.txt"):
    return list(parse_bytes(data, name))


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16"])
def test_encodings(encoding):
    (cable,) = results(SEED_TEXT.encode(encoding))
    assert isinstance(cable, Cable)
    assert cable.subject == "CAF\u00c9 TALK"
    assert cable.reference_id == "05ALMATY2058"


def test_gzip_is_transparent(seed_path):
    (cable,) = results(gzip.compress(seed_path.read_bytes()), "05ALMATY2058.txt.gz")
    assert cable.reference_id == "05ALMATY2058" and len(cable.paragraphs) == 9


def test_gzip_bomb_refused():
    bomb = gzip.compress(b"A" * (80 * 1024 * 1024))
    with pytest.raises(ParseError, match="bomb"):
        gunzip(bomb)


def test_binary_and_empty_give_specific_errors():
    (err,) = results(b"\x00\x01\x02garbage\x00")
    assert isinstance(err, ParseError) and "binary" in err.reason and err.path == "05ALMATY2058.txt"
    (err,) = results(b"")
    assert isinstance(err, ParseError) and "empty" in err.reason


def test_csv_bad_rows_do_not_stop_the_file(corpus):
    good = (corpus / "cables-dev.csv").read_bytes().split(b'\n"2","')[0] + b"\n"
    data = good + b'"2","x","y"\n' + good.replace(b'"1",', b'"3",', 1)
    out = results(data, "dump.csv")
    assert [type(r).__name__ for r in out] == ["Cable", "ParseError", "Cable"]
    assert out[1].record == 2 and "3 columns" in out[1].reason and out[1].path == "dump.csv"


def test_csv_unterminated_quote_is_reported(corpus):
    out = results(b'"1","01/01/2009 10:00","09X1","Embassy X","SECRET","","","unterminated\n', "dump.csv")
    assert len(out) == 1 and isinstance(out[0], ParseError)


def test_html_without_table_is_an_error():
    (err,) = results(b"<html><body><p>hello</p></body></html>", "page.html")
    assert isinstance(err, ParseError) and "metadata table" in err.reason


def test_html_parser_failure_is_a_parse_error(monkeypatch):
    """Lexbor can give up on a document (out of memory): that page fails, the run goes on."""
    from selectolax.lexbor import SelectolaxError

    from cablebase.parse import html

    def refuse(_markup):
        raise SelectolaxError("Can't create a new document")

    monkeypatch.setattr(html, "LexborHTMLParser", refuse)
    page = b"<table class='cable'><tr><td>09X1</td></tr></table><pre>text</pre>"
    (err,) = results(page, "page.html")
    assert isinstance(err, ParseError) and err.reason == "unparseable HTML (Can't create a new document)"


def test_html_stray_ampersands_stay_text(corpus):
    page = next(corpus.glob("cablegate-html/*/*/05MADRID171.html")).read_text(encoding="utf-8")
    page = page.replace("Spain will contribute", "R&D; &pounding &processes8; Spain will contribute")
    (cable,) = results(page.encode(), "05MADRID171.html")
    assert "R&D; &pounding &processes8; Spain" in cable.body


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
def test_html_pages_in_any_encoding(corpus, encoding):
    """A page is read from its bytes, its cable part decoded alone when that is UTF-8; other
    encodings (and BOMs) are decoded whole, as text files are."""
    path = next(corpus.glob("cablegate-html/*/*/05MADRID171.html"))
    page = path.read_text(encoding="utf-8").replace("Spain will contribute", "Caf\u00e9 Spain will contribute")
    (cable,) = results(page.encode(encoding), path.name)
    assert isinstance(cable, Cable) and "Caf\u00e9 Spain will contribute" in cable.body
    assert cable.reference_id == "05MADRID171" and cable.source.sha256 == hashlib.sha256(page.encode(encoding)).hexdigest()
    (err,) = results(page.replace("Spain", "Sp\x00in", 1).encode(encoding), path.name)
    assert isinstance(err, ParseError) and "binary" in err.reason


def test_html_in_another_layout_reads_the_same(corpus):
    """Cells in a <thead>, a <pre> outside any <code>: found by searching the whole page."""
    path = next(corpus.glob("cablegate-html/*/*/05MADRID171.html"))
    page = path.read_text(encoding="utf-8")
    other = page.replace("<table class='cable'>\n<tr>", "<table class='cable'><thead><tr>", 1)
    other = other.replace("</tr>\n</table>", "</tr></thead></table>", 1).replace("<code><pre>", "<pre>")
    assert other.count("<thead>") == 1 and "<code><pre>" not in other
    (usual,) = results(page.encode(), path.name)
    (unusual,) = results(other.encode(), path.name)
    assert unusual.model_dump(exclude={"source"}) == usual.model_dump(exclude={"source"})
    assert unusual.reference_id == "05MADRID171" and unusual.paragraphs


def test_unreadable_file_is_reported(tmp_path):
    (err,) = list(parse_file(tmp_path / "missing.txt"))
    assert isinstance(err, ParseError) and "cannot read" in err.reason


def test_year_from_option_and_unknown_year():
    assert parse_text(SEED_TEXT, year=2005).reference_id == "05ALMATY2058"
    unknown = parse_text(SEED_TEXT)
    assert unknown.reference_id is None and unknown.origin_code == "ALMATY" and unknown.serial == 2058


def test_explicit_format(seed_path):
    (cable,) = list(parse_file(seed_path, format="text"))
    assert cable.source.format == "text"
    (err,) = list(parse_file(seed_path, format="html"))
    assert isinstance(err, ParseError)


def test_decode_reports_encoding():
    assert decode_text("é".encode("cp1252"))[1] == "cp1252"
    assert decode_text(b"\xef\xbb\xbfabc") == ("abc", "utf-8-sig")


@pytest.mark.parametrize("name, head, form", [
    ("x.htm", b"anything", "html"), ("page.HTML.gz", b"", "html"), ("dump.csv", b"\xff\xfe", "csv"),
    ("unnamed", b"<!DOCTYPE html><html>", "html"), ("unnamed", b"\n<table class='cable'>", "html"),
    ("unnamed", b'"1","12/28/1966 18:48","66BUENOSAIRES2481","', "csv"),
    ("05ALMATY2058.txt", SEED_TEXT.encode(), "text"),
    ("a.txt", b"05ALMATY2058\nSUBJECT\nThu Jun 09 11:38:00 +0000 2005\nUNCLASSIFIED\nEmbassy Almaty\nbody", "txt"),
])
def test_one_sniff_decides_the_form_by_name_then_content(name, head, form):
    from cablebase.parse.detect import detect_format

    assert detect_format(name, head) == form


def test_every_input_form_has_a_reader_and_archives_are_known_by_name():
    from cablebase.parse import FORMATS, _READERS, archive_kind

    assert set(_READERS) | {"csv"} == set(FORMATS)  # CSV dumps are read row by row (csvdump.iter_rows)
    assert [archive_kind(n) for n in ("a.ZIP", "b.tar.gz", "c.tgz", "d.txt.gz", "e.csv")] == \
        ["zip", "tar", "tar", None, None]
    with pytest.raises(ParseError, match="binary"):
        from cablebase.parse.detect import detect_format
        detect_format("unnamed", b"\x00\x01\x02")
