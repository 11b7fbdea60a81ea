"""Compressed bodies (sqlar format): round trips, and the same bytes as the sqlite3 shell reads and writes."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cablebase.store.bodies import pack, register, unpack
from cablebase.store.driver import sqlite3


@given(st.text())
def test_any_text_round_trips(text):
    data, size = pack(text)
    assert size == len(text.encode("utf-8")) and len(data) <= size
    assert unpack(data, size) == text


# Without NUL: the parser refuses it in every input, and pysqlite3's SQL functions end text at a NUL.
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")))
def test_sql_functions_agree_with_pack(text):
    conn = sqlite3.connect(":memory:")
    register(conn)
    stored, size = conn.execute("SELECT sqlar_compress(CAST(? AS BLOB)), length(CAST(? AS BLOB))",
                                (text, text)).fetchone()
    assert (stored, size) == pack(text)
    assert conn.execute("SELECT sqlar_uncompress(?, ?)", (stored, size)).fetchone()[0] == text


def test_short_text_is_stored_as_it_is():
    assert pack("Kiselyov") == (b"Kiselyov", 8)
    assert pack("") == (b"", 0) and unpack(b"", 0) == ""


def test_the_sqlite3_shell_reads_and_writes_the_same_format(tmp_path):
    sqlite = shutil.which("sqlite3")
    if sqlite is None:
        pytest.fail("the sqlite3 shell is needed for this test (apt-get install sqlite3)")
    text = "Ambassador Ordway met Kiselyov on June 16. " * 20 + "Caf\u00e9."
    db = tmp_path / "t.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE t (data BLOB, size INTEGER)")
    conn.execute("INSERT INTO t VALUES (?, ?)", pack(text))
    conn.commit()
    read = subprocess.run([sqlite, str(db), "SELECT sqlar_uncompress(data, size) FROM t;"],
                          capture_output=True, check=True).stdout.decode("utf-8")
    assert read == text + "\n"
    subprocess.run([sqlite, str(db), f"INSERT INTO t SELECT sqlar_compress(CAST('{text}' AS BLOB)), "
                                     f"length(CAST('{text}' AS BLOB));"], check=True)
    written = conn.execute("SELECT data, size FROM t WHERE rowid = 2").fetchone()
    assert written[0] != text.encode() and unpack(*written) == text
