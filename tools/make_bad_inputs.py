"""Write the committed corpus of broken inputs to tests/fixtures/bad/ (run once by maintainers).

Inputs that cannot live in git (a 200 MB line, unreadable files, symlink loops, a FIFO) are
made by the test itself; see tests/test_bad_inputs.py.
"""
import gzip
import io
import random
import tarfile
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "bad"
CABLE = ("UNCLAS ALMATY 002058\n\nSIPDIS\n\nE.O. 12958: N/A\nTAGS: PGOV KZ\nSUBJECT: CAF\u00c9 TALK WITH "
         "A\u00cfDA\n\n1. (U) A short text about the caf\u00e9.\n\nASQUINO\n")
PAGE = ("<?xml version='1.0' encoding='utf-8' ?>\n<html><body><table class='cable'><tr><th>Reference ID</th></tr>"
        "<tr><td><a>05ALMATY2058</a></td><td><a>2005-06-01 10:10</a></td><td><a>2010-12-01 00:00</a></td>"
        "<td><a>UNCLASSIFIED</a></td><td><a>Embassy Almaty</a></td></tr></table>"
        "<code><pre>UNCLAS ALMATY 002058&#x000A;&#x000A;1. (U) Text.</pre></code></body></html>")
ROW = '"1","06/01/2005 10:10","05ALMATY2058","Embassy Almaty","UNCLASSIFIED","","","UNCLAS ALMATY 002058"\n'


def tar_bytes(members: list[tuple[tarfile.TarInfo, bytes | None]], mode: str = "w") -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode=mode) as tf:
        for info, data in members:
            tf.addfile(info, io.BytesIO(data) if data is not None else None)
    return buf.getvalue()


def member(name: str, data: bytes | None = b"UNCLAS X 1", kind: bytes = tarfile.REGTYPE, link: str = "") -> tuple:
    info = tarfile.TarInfo(name)
    info.type, info.linkname = kind, link
    info.size = len(data) if data is not None and kind == tarfile.REGTYPE else 0
    return info, data if kind == tarfile.REGTYPE else None


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buf.getvalue()


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    rnd = random.Random(1)
    files: dict[str, bytes] = {
        # undecodable or empty
        "empty.txt": b"", "blank-lines.txt": b"\n \n\t\n", "binary.bin": bytes(rnd.randrange(256) for _ in range(4096)),
        "image.png": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "utf16-no-bom.txt": CABLE.encode("utf-16-le"),
        "control-chars.txt": bytes(range(1, 32)) * 50,
        # not cables
        "prose.txt": b"Dear diary, today I went to the market and bought apples.\n" * 20,
        "data.json": b'{"reference_id": "05ALMATY2058", "body": "not really"}',
        # broken HTML
        "truncated.html": PAGE[:200].encode(), "no-table.html": b"<html><body><pre>UNCLAS X 1</pre></body></html>",
        "table-no-text.html": PAGE.split("<code>")[0].encode() + b"</body></html>",
        "short-table.html": b"<html><table class='cable'><tr><td>05X1</td></tr></table><pre>x</pre></html>",
        "entity-bomb.html": b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">'
                            b']><html><body><p>&lol2;</p></body></html>',
        "deep-nesting.html": b"<html><body>" + b"<div>" * 20000 + b"<table class='cable'>" + b"</div>" * 20000,
        # broken CSV
        "wrong-columns.csv": b'"1","06/01/2005 10:10","05ALMATY2058","Embassy Almaty","UNCLASSIFIED"\n',
        "unterminated-quote.csv": b'"1","06/01/2005 10:10","05ALMATY2058","Embassy Almaty","UNCLASSIFIED","","","UNC\n',
        "nul-in-field.csv": ROW.replace("UNCLAS ALMATY", "UNCLAS\x00ALMATY").encode(),
        "header-row.csv": b'"seq","date","id"\n',
        # compressed trouble
        "bomb.txt.gz": gzip.compress(b"\0" * (80 * 1024 * 1024)),
        "corrupt.gz": b"\x1f\x8b\x08\x00" + bytes(rnd.randrange(256) for _ in range(512)),
        "truncated.txt.gz": gzip.compress(CABLE.encode() * 50)[:60],
        "zip-slip.zip": zip_bytes({"../../escaped.txt": CABLE.encode()}),
        "zip-absolute.zip": zip_bytes({"/etc/cron.d/evil": CABLE.encode()}),
        "zip-bomb.zip": zip_bytes({"zeros.txt": b"\0" * (30 * 1024 * 1024)}),
        "corrupt.zip": b"PK\x03\x04" + bytes(rnd.randrange(256) for _ in range(300)),
        "tar-slip.tar": tar_bytes([member("../../escaped.txt")]),
        "tar-symlink.tar": tar_bytes([member("link.txt", None, tarfile.SYMTYPE, "/etc/passwd")]),
        "tar-device.tar": tar_bytes([member("dev", None, tarfile.CHRTYPE)]),
        "truncated.tar.gz": gzip.compress(tar_bytes([member("a.txt", CABLE.encode() * 200)]))[:150],
        # decodable: these must parse, not fail
        "05ALMATY2058.cp1252.txt": CABLE.encode("cp1252"), "05ALMATY2058.latin1.txt": CABLE.encode("latin-1"),
        "05ALMATY2058.utf16.txt": CABLE.encode("utf-16"), "05ALMATY2058.bom.txt": CABLE.encode("utf-8-sig"),
    }
    for name, data in files.items():
        (OUT / name).write_bytes(data)
    print(f"{len(files)} inputs -> {OUT}")


if __name__ == "__main__":
    main()
