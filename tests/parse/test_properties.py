"""Property-based tests: arbitrary input never raises anything but ParseError; JSON round-trips."""

from __future__ import annotations

import csv
import io
import json
from unittest import mock

from hypothesis import HealthCheck, given, settings, strategies as st

from cablebase.model import Cable
from cablebase.parse import ParseError, csvdump, parse_bytes, parse_text
from cablebase.parse.html import read_html
from cablebase.parse.references import parse_references
from cablebase.parse.tags import parse_tags

PIECES = st.sampled_from([
    "UNCLAS ALMATY 002058", "C O N F I D E N T I A L SECTION 01 OF 03 ANKARA 001730", "SIPDIS", "\u00b6",
    "E.O. 12958: DECL: 01/11/2015", "TAGS: PGOV, PHUM [KZ](#)", "SUBJECT: ", "REF: A. 09 SANAA 720 B. STATE 1",
    "Classified By: X for reasons 1.4 (b)", "1. (C) ", "\u00b611. (SBU) Summary: ", "End summary.", "-----",
    "//HEADING//", "-- point", "ASQUINO", "NNNN", "xxxxxxxx", "Action request: ", "see para. 7", "\n", "\n\n",
    "<table class='cable'>", "<pre>", "&pounding", "\"1\",\"01/15/2005 12:12\",", "This record is a partial extract "
    "of the original cable. The full text of the original cable is not available.", "291359Z Nov 00",
    "VZCZCXRO8844\nP 071803Z FEB 06\nFM AMEMBASSY MADRID\nTO RUEHC/SECSTATE WASHDC PRIORITY 8849\n\n",
])
MARKUP = st.lists(st.one_of(st.sampled_from([
    "<td>", "</td>", "<tr>", "</table>", "<table>", "<pre>", "</pre>", "<a href='#'>", "</a>", "&amp;", "&#182;",
    "&#xZZ;", "&pound", "<!--", "-->", "<![CDATA[", "<script>", "</code>", "<", ">", "\"", "'"]), st.text(max_size=20)),
    max_size=60).map("".join)
CABLEISH = st.lists(st.one_of(PIECES, st.text(max_size=40)), max_size=40).map("".join)
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.binary(max_size=3000), st.sampled_from(["x.txt", "x.html", "x.csv", "05ALMATY2058.txt", "x.gz"]))
def test_bytes_never_crash(data, name):
    for result in parse_bytes(data, name):
        assert isinstance(result, (Cable, ParseError))


@SETTINGS
@given(MARKUP)
def test_any_markup_in_a_cable_page_reads_or_is_a_parse_error(markup):
    try:
        raw = read_html("<table class='cable'><tr><td>" + markup + "</pre>")
    except ParseError:
        return
    assert isinstance(raw.body, str) and all(isinstance(v, (str, type(None))) for v in (raw.reference_id, raw.created))


@SETTINGS
@given(CABLEISH, st.sampled_from(["text", "txt", "html", "csv"]))
def test_cable_like_text_never_crashes(text, fmt):
    try:
        cable = parse_text(text, format=fmt, year=2005) if fmt != "csv" else None
    except ParseError:
        return
    if cable is not None:
        assert "\u00b6" not in cable.body
        data = json.loads(json.dumps(cable.to_json_dict()))
        assert Cable.from_json_dict(data) == cable


@SETTINGS
@given(CABLEISH)
def test_field_parsers_total(text):
    parse_references("REF: " + text, 2009)
    parse_tags("TAGS: " + text)


CSV_TEXT = st.lists(st.one_of(st.sampled_from(['"', '""', ",", "\n", "\r\n", "\r", " ", '"a"', '"1","2"\n', "\x00"]),
                              st.text(max_size=12)), max_size=40).map("".join)
ROWS = st.lists(st.lists(st.text(max_size=30), min_size=1, max_size=10), max_size=8)
WRITTEN = st.builds(lambda rows, quoting, end: _write(rows, quoting, end), ROWS,
                    st.sampled_from([csv.QUOTE_ALL, csv.QUOTE_MINIMAL]), st.sampled_from(["\n", "\r\n"]))


@SETTINGS
@given(st.one_of(CSV_TEXT, WRITTEN), st.sampled_from([1, 3, 64, 1 << 20]))
def test_csv_reader_reads_as_the_csv_module(text, chunk):
    """The byte-level reader gives the records, numbers and first error that `csv` (strict) gives,
    whatever the text and wherever the stream's reads cut it. (After an error `csv` cannot go on;
    the reader resynchronises: see the next test.)"""
    with mock.patch.object(csvdump, "_CHUNK", chunk):
        ours = [(n, r.split("; ")[0] if isinstance(r, str) else r)  # without "N lines skipped"
                for n, r in _read(csvdump.iter_rows(io.BytesIO(text.encode("utf-8", "surrogatepass"))))]
    expected = _csv_module(text)
    assert ours[:len(expected)] == expected
    if expected and str(expected[-1][1]).startswith("malformed"):
        return
    assert len(ours) == len(expected)


def _csv_module(text: str) -> list[tuple[int, object]]:
    """What `csv` reads, up to and including its first quoting error."""
    out: list[tuple[int, object]] = []
    reader = csv.reader(io.StringIO(text.encode("utf-8", "surrogatepass").decode("utf-8", "replace"), newline=""),
                        strict=True)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return out
        except csv.Error as exc:
            return out + [(len(out) + 1, f"malformed CSV record ({exc})")]
        if row and row != [""]:
            checked = csvdump._checked(row)
            out.append((len(out) + 1, checked.reason if isinstance(checked, ParseError) else checked))


DUMP_FIELD = st.text(st.sampled_from(list('ab ,"\n\r\u00e9')), max_size=30)
DUMP_ROWS = st.lists(st.lists(DUMP_FIELD, min_size=6, max_size=6), min_size=2, max_size=8)
GARBAGE = st.text(st.sampled_from(list('ab ,"\n\r\u00e9')), min_size=1, max_size=40)


@SETTINGS
@given(DUMP_ROWS, st.data(), st.sampled_from([3, 64, 1 << 20]))
def test_csv_dump_resynchronises_after_a_bad_record(rows, data, chunk):
    """A dump whose one record is damaged by stray quotes, commas and line ends loses that record
    only: every other record is read whole, under its own number."""
    rows = [[str(i + 1), f"0{i % 9 + 1}/15/2005 12:12", *fields] for i, fields in enumerate(rows)]
    records = [_write([row], csv.QUOTE_ALL, "\n") for row in rows]
    bad = data.draw(st.integers(0, len(records) - 1))
    cut = data.draw(st.integers(len(_write([rows[bad][:2]], csv.QUOTE_ALL, "")), len(records[bad]) - 2))
    records[bad] = records[bad][:cut] + data.draw(GARBAGE) + records[bad][cut:]
    with mock.patch.object(csvdump, "_CHUNK", chunk):
        ours = _read(csvdump.iter_rows(io.BytesIO("".join(records).encode())))
    assert len(ours) == len(rows)
    assert [r for r in ours if r[0] != bad + 1] == [(i + 1, row) for i, row in enumerate(rows) if i != bad]


def _read(rows) -> list[tuple[int, object]]:
    return [(n, row.reason if isinstance(row, ParseError) else row) for n, row in rows]


def _write(rows: list[list[str]], quoting: int, end: str) -> str:
    out = io.StringIO(newline="")
    csv.writer(out, quoting=quoting, lineterminator=end).writerows(rows)
    return out.getvalue()


WORDY = st.lists(st.sampled_from(["comment", "COMMENT", "Comment", "summary", "SUMMARY", "\u017fummary", "act\u0130on",
                                  "action", "ACTION", "xxxx", "XXXXX", "xXxx", "\u2019", "\u201c", "\u00e9", "end", ":",
                                  ".", "\n", "a", "\u212a", "(", ")"]), max_size=40).map(" ".join)


@SETTINGS
@given(WORDY, st.sampled_from(["comment", "summary", "action", "xxxx"]))
def test_finding_a_word_first_finds_what_the_regex_finds(text, word):
    """finditer_near looks for the word in an ASCII-folded copy first: it must find exactly what the
    case-insensitive pattern finds, curly quotes and letters that fold to ASCII (İ ı ſ K) included."""
    import re

    from cablebase.parse.clean import count_redactions, finditer_near, may_hold

    pattern = re.compile(rf"\b{word}\b\s*[:.]?", re.I)
    assert [m.span() for m in finditer_near(pattern, text, word)] == [m.span() for m in pattern.finditer(text)]
    ending = re.compile(rf"\(?\bend\s+{word}\b\.?\)?", re.I)  # lookback over a start from `first`
    assert [m.span() for m in finditer_near(ending, text, word, lookback=16, first="(e")] == \
        [m.span() for m in ending.finditer(text)]
    assert may_hold(text, word) or not pattern.search(text)
    assert count_redactions(text) == len(re.findall("xxxx+", text.lower()))
