"""A PostgreSQL server for the tests and benchmarks: the one `$CABLEBASE_TEST_PG` names, or a
throwaway cluster made with Debian's PostgreSQL binaries (initdb into a temporary directory, a
Unix socket in it, no TCP port; run as the `postgres` user when we are root, since PostgreSQL
refuses to run as root), stopped and deleted at the end.

    with test_server() as base:        # a conninfo URL of a superuser on that server
        url = create_database(base, "t1")
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator
from urllib.parse import quote, urlsplit, urlunsplit

ENV = "CABLEBASE_TEST_PG"
BACKENDS = ["sqlite", "postgresql"]
"""The backends the suites run over (fixtures parametrised by these names)."""


class NoServer(RuntimeError):
    """Neither `$CABLEBASE_TEST_PG` nor PostgreSQL binaries to start a server with."""


def binaries() -> Path | None:
    """The directory of the newest installed PostgreSQL's initdb and pg_ctl, if any."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


@contextmanager
def test_server(durable: bool = False) -> Iterator[str]:
    """A superuser's URL on the server named by `$CABLEBASE_TEST_PG`, else on a throwaway cluster:
    one that skips flushing to disk (tests), or with `durable` PostgreSQL's own settings (benchmarks:
    figures a production server would see)."""
    if os.environ.get(ENV):
        yield os.environ[ENV]
        return
    bin_dir = binaries()
    if bin_dir is None:
        raise NoServer(f"no PostgreSQL to test against: install Debian's `postgresql` package (`make test` "
                       f"does) or set {ENV} to a server's URL")
    root = Path(tempfile.mkdtemp(prefix="cablebase-pg-"))
    as_postgres = os.geteuid() == 0
    run = ["runuser", "-u", "postgres", "--"] if as_postgres else []
    if as_postgres:
        shutil.chown(root, "postgres")
    data = root / "data"
    try:
        subprocess.run([*run, str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust",
                        "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"], check=True, capture_output=True)
        options = f"-k {root} -c listen_addresses='' -c max_connections=100 " + (
            "-c shared_buffers=128MB" if durable else
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=64MB")
        subprocess.run([*run, str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(root / "log"),
                        "-w", "-t", "60", "start"], check=True, capture_output=True)
        try:
            yield f"postgresql://postgres@/postgres?host={quote(str(root), safe='')}"
        finally:
            subprocess.run([*run, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                           capture_output=True)
    except subprocess.CalledProcessError as exc:
        log = (root / "log").read_text(errors="replace") if (root / "log").exists() else ""
        raise NoServer(f"could not start a PostgreSQL cluster: {exc.stderr.decode(errors='replace')}{log}") from None
    finally:
        shutil.rmtree(root, ignore_errors=True)


def database_url(base: str, name: str) -> str:
    """`base` (a server URL) pointing at database `name`."""
    parts = urlsplit(base)
    return urlunsplit(parts._replace(path="/" + name))


def create_database(base: str, name: str) -> str:
    """Create an empty database `name` (dropping any left by an earlier run); its URL."""
    import psycopg

    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE template0 ENCODING \'UTF8\'')
    return database_url(base, name)


def drop_database(base: str, name: str) -> None:
    """Drop database `name`, closing whatever connections remain to it."""
    import psycopg

    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def scratch_database(base: str, prefix: str, copy_of: str | os.PathLike | None = None) -> Iterator[str]:
    """A fresh database on the server `base`, named `prefix` and a random suffix, holding a copy of
    the archive `copy_of` if one is given (`cablebase copy`); its URL. Dropped afterwards."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    url = create_database(base, name)
    try:
        if copy_of is not None:
            from cablebase.copying import copy_archive

            copy_archive(copy_of, url)
        yield url
    finally:
        drop_database(base, name)
