"""The `cablebase` command line: a thin layer over the library.

Exit status, as grep has it, so that a script tells "none" from "error": 0 when everything worked
and something was found; 1 when the command ran but found nothing (no cable matches, no such
cable, no events) or some records failed to parse; 2 on errors in what was asked (bad options, a
malformed query, a page past the end, a missing archive, a file that is not an archive); 3 when
the disk is full; 4 when the archive file is damaged. (EXIT_STATUS says it in `--help`.)"""

from __future__ import annotations

import difflib
import itertools
import json
import os
import re
import sys
import time
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator, List, Optional, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from .analysis import analyse
from .errors import ArgumentError, ParseError, QueryError, SchemaError
from .formatting import human_date, human_day, plural
from .model import MAX_INTEGER, Cable, cable_json_schema
from .export import FORMATS as EXPORT_FORMATS
from .parse import FORMATS as INPUT_FORMATS, archive_kind, parse_file
from .reader import ENTITY_KINDS, canonical
from .search.fields import FIELDS, SORTS
from .store import shown
from .spans import excerpt

EXIT_STATUS = """Exit status: 0 the command worked and found something; 1 it found nothing, or some
records failed to parse; 2 what was asked cannot be done (bad option, malformed query, no archive,
a file that is not an archive); 3 the disk is full (what was stored before is kept: free space and
run the same command again); 4 the archive file is damaged (`cablebase check` says what is wrong)."""
DISK_FULL, DAMAGED = 3, 4
T = TypeVar("T")
if TYPE_CHECKING:
    from .reader import Reader

app = typer.Typer(help=f"Parse, archive, search and connect diplomatic cables.\n\n{EXIT_STATUS}", no_args_is_help=True,
                  add_completion=False, context_settings={"help_option_names": ["-h", "--help"]})
_CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
_CONTROL = re.compile(f"[{_CONTROLS}]")
_CONTROL_OR_LINE_END = re.compile(f"[{_CONTROLS}\n\t]")


def safe(text: str, lines: bool = True) -> str:
    """`text` as it may reach a terminal: control characters (ESC, BEL, CR, backspace, C1 controls)
    and bidirectional overrides written out as `\\u001b`, also line ends and tabs unless `lines` —
    a cable or a file name cannot retitle the window, clear the screen, set the clipboard or forge
    a line. (In JSON output the escapes read back as the same characters.) Every output of the CLI
    goes through here: `_echo`, and the Rich consoles below."""
    return (_CONTROL if lines else _CONTROL_OR_LINE_END).sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class _Console(Console):
    """A Rich console that passes every string it renders (text, table cells, tree labels) through `safe`."""

    def render_str(self, text: str, **kwargs):  # type: ignore[override]
        return super().render_str(safe(text), **kwargs)


def _echo(text: str, file=None) -> None:
    """Print a line of plain output (JSON, a cable's text, a diff) through `safe`."""
    print(safe(text), file=file or sys.stdout)


class _EscapingWriter:
    """A text stream that writes through `safe` (export to a terminal)."""

    def __init__(self, stream) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        return self.stream.write(safe(text))


out = _Console(highlight=False, soft_wrap=True)
err = _Console(stderr=True, highlight=False, soft_wrap=True)

def _db(value: str | Path) -> Path | str:
    """An archive file (Path), or a PostgreSQL database's URL kept as it is (a Path would mangle it);
    checked before anything opens it."""
    from .store import is_url

    if is_url(str(value)):
        _CURRENT_DB[0] = shown(value)
        return value
    if not str(value):
        raise typer.BadParameter("is empty (name an archive file; unset CABLEBASE_DB for cables.db)")
    path = Path(value)
    if path.is_dir():
        raise typer.BadParameter(f"{path} is a directory, not an archive file")
    _CURRENT_DB[0] = shown(path)
    return path


_CURRENT_DB: list[str] = ["cables.db"]  # the archive the command works on as shown, named in storage errors
DB_OPTION = typer.Option(os.environ.get("CABLEBASE_DB", "cables.db"), "--db", envvar="CABLEBASE_DB", parser=_db,
                         help="Archive: an SQLite file, or a PostgreSQL database's postgresql://… URL.")


def _choices(name: str, names) -> type[Enum]:
    """A command-line choice made from a registry's names (Typer lists them in the help)."""
    return Enum(name, [(n.replace("-", "_"), n) for n in names], type=str)  # type: ignore[return-value]


def _meanings(registry: dict[str, str]) -> str:
    return "; ".join(f"{name}: {meaning}" for name, meaning in registry.items())


InputFormat = _choices("InputFormat", ["auto", *INPUT_FORMATS])
ExportFormat = _choices("ExportFormat", EXPORT_FORMATS)
Sort = _choices("Sort", SORTS)
EntityKind = _choices("EntityKind", ENTITY_KINDS)
FORMAT_HELP = f"Input form, detected when auto (the default): {_meanings(INPUT_FORMATS)}."


def _print_version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        from .store.driver import sqlite3

        out.print(f"cablebase {version('cablebase')} (SQLite {sqlite3.sqlite_version}, "
                  f"Python {sys.version.split()[0]})")
        raise typer.Exit(0)


@app.callback()
def _main(show_version: bool = typer.Option(False, "--version", callback=_print_version, is_eager=True,
                                            help="Show the versions of cablebase, SQLite and Python, and exit.")
          ) -> None:
    """Parse, archive, search and connect diplomatic cables."""


def _usage(message: str) -> None:
    err.print(f"[red]error:[/red] {message}")
    raise typer.Exit(2)


@contextmanager
def _reading(db: Path | str) -> Iterator["Reader"]:
    """The archive's reader; a malformed query or a bad argument met while reading is a usage error
    (any other exception is a bug and surfaces as one)."""
    from .reader import Reader

    reader = _opening(db, Reader.open)
    try:
        yield reader
    except QueryError as exc:
        _usage(f"bad query: {exc}")
    except ArgumentError as exc:
        _usage(str(exc))
    finally:
        reader.close()


def _opening(db: Path | str, opener: Callable[[Path | str], T]) -> T:
    """`opener(db)` for an archive that must exist (an SQLite file or a PostgreSQL database): no
    archive there, a file that is no archive, or a database that cannot be reached is a usage error."""
    import psycopg

    from .errors import SchemaError

    if isinstance(db, Path) and not db.exists():
        _usage(f"no archive at {shown(db)} (create one with `cablebase ingest PATH --db {shown(db)}` or try `cablebase demo`)")
    try:
        return opener(db)
    except SchemaError as exc:
        _usage(str(exc))
    except psycopg.OperationalError as exc:
        _usage(f"cannot open the PostgreSQL archive: {str(exc).strip()}")


def _open(db: Path | str, readonly: bool = True):
    """The archive `db`, for a command that writes to it (review --train/--score)."""
    from .store import open_archive

    return _opening(db, lambda name: open_archive(name, readonly=readonly))


def main() -> None:
    """The console entry point: the app, with the storage failures every command may meet said in
    one line and their own exit status (a full disk, a damaged file) instead of a traceback."""
    import errno

    from .store.check import is_damage
    from .store.driver import sqlite3

    try:
        app()
    except (sqlite3.DatabaseError, OSError) as exc:
        db = _escape(_CURRENT_DB[0])
        if isinstance(exc, OSError) and exc.errno == errno.ENOSPC or \
                isinstance(exc, sqlite3.DatabaseError) and getattr(exc, "sqlite_errorcode", 0) & 0xFF == 13:
            err.print(f"[red]error:[/red] the disk is full: {db} could not be written ({_escape(str(exc))}); "
                      "what was stored before is intact: free some space and run the same command again")
            sys.exit(DISK_FULL)
        if is_damage(exc):
            err.print(f"[red]error:[/red] {db} is damaged ({_escape(str(exc))}): "
                      f"`cablebase check --db {db}` says what is wrong")
            sys.exit(DAMAGED)
        raise


@app.command()
def parse(
    files: List[Path] = typer.Argument(..., help="Cable files: HTML pages, cables.csv dumps, text files (.gz too)."),
    format: InputFormat = typer.Option("auto", "--format", "-f", help=FORMAT_HELP),
    year: Optional[int] = typer.Option(None, "--year", min=1950, max=2100,
                                       help="Year for records that carry no date and no id in their file name."),
    jsonl: bool = typer.Option(False, "--jsonl", help="One JSON record per line (for streams)."),
    analysed: bool = typer.Option(False, "--analyse", help="Add the people, organisations and dated events "
                                                          "(as `ingest` stores them)."),
) -> None:
    """Parse cables and print them as JSON; bad records go to stderr as `file:record: reason`."""
    failed: list[ParseError] = []
    for cable in _parsed(files, format.value, year, failed):
        if analysed:
            analyse(cable)
        indent = None if jsonl else 2
        _echo(json.dumps(cable.to_json_dict(), ensure_ascii=False, indent=indent))
    raise typer.Exit(1 if failed else 0)


def _parsed(files: List[Path], format: str, year: Optional[int], failed: list) -> Iterator[Cable]:
    """The cables in `files`; each bad record goes to stderr as `file:record: reason` and into `failed`
    (an archive is pointed to `ingest`, which reads its members)."""
    for path in files:
        if archive_kind(str(path)):
            failed.append(ParseError(f"a {archive_kind(str(path))} archive: `cablebase ingest {path}` reads its members",
                                     str(path)))
            _echo(safe(str(failed[-1]), lines=False), file=sys.stderr)
            continue
        for result in parse_file(path, format=format, year=year):
            if isinstance(result, ParseError):
                failed.append(result)
                _echo(safe(str(result), lines=False), file=sys.stderr)
                continue
            yield result


@app.command()
def schema() -> None:
    """Print the JSON Schema of a parsed record."""
    _echo(json.dumps(cable_json_schema(), indent=2))


@app.command()
def ingest(
    paths: List[Path] = typer.Argument(..., help="Files, directories, .tar/.zip/.gz archives."),
    db: Path = DB_OPTION,
    workers: Optional[int] = typer.Option(None, "--workers", "-w", min=1, max=64,
                                          help="Parser processes (default: all cores)."),
    year: Optional[int] = typer.Option(None, "--year", min=1950, max=2100,
                                       help="Year for undated records (every input is then parsed again)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress, summary only."),
    cluster: Optional[str] = typer.Option(None, "--cluster", help="Parse and analyse on a Dask cluster: the "
                                          "scheduler's address (tcp://host:8786), or local:N for N local workers."),
    analyse_later: bool = typer.Option(False, "--analyse-later", help="Store and index only: find people, "
                                       "organisations and dates later, with `cablebase analyse`."),
) -> None:
    """Add cables to an archive (created if needed). Safe to re-run: nothing is stored twice, and
    inputs already stored from the same path are not parsed again. The cables are searchable as
    soon as they are stored; their people, organisations and dates are found in a second pass."""
    from .errors import IngestLocked
    from .ingest import ingest as run_ingest
    from .ingest.workers import ClusterError

    import psycopg

    reporter = _Reporter(quiet)
    try:
        with reporter:
            summary = run_ingest([os.fspath(p) for p in paths], db, workers=workers, year=year,
                                 on_progress=reporter.update, cluster=cluster,
                                 analysis="later" if analyse_later else "after")
    except (IngestLocked, ClusterError, SchemaError) as exc:
        _usage(str(exc))
    except psycopg.OperationalError as exc:
        _usage(f"cannot open the PostgreSQL archive: {str(exc).strip()}")
    table = Table(title=f"ingest run {summary.run_id} into {shown(db)}", show_header=False)
    for label, value in [("files", summary.files), ("parsed", summary.parsed), ("new", summary.new),
                         ("new versions", summary.new_versions), ("unchanged", summary.unchanged),
                         ("of which re-read", summary.refreshed),
                         ("failed", summary.failed), ("skipped (not cables)", len(summary.skipped)),
                         ("analysed", summary.analysed), ("waiting for analysis", summary.unanalysed),
                         ("elapsed", f"{summary.elapsed:.1f} s")]:
        table.add_row(label, str(value))
    err.print(table)
    if summary.unanalysed:
        err.print(f"{plural(summary.unanalysed, 'cable')} searchable, their people, organisations and dates not yet "
                  f"found: `cablebase analyse --db {shown(db)}`")
    for skipped in summary.skipped[:20]:
        err.print(f"skipped {_escape(skipped.label)}: {skipped.reason}")
    if len(summary.skipped) > 20:
        err.print(f"... and {plural(len(summary.skipped) - 20, 'other file')} that are not cables")
    for failure in summary.failures[:20]:
        err.print(f"[yellow]failed[/yellow] {_escape(safe(str(failure), lines=False))}", markup=True, highlight=False)
    if summary.failed > 20:
        err.print(f"... and {summary.failed - 20} more: `cablebase failures --db {shown(db)}`")
    raise typer.Exit(1 if summary.failed else 0)


def _not_analysed(reader, db: Path) -> str:
    """What to add to a "none found" of the analysis when some cables wait for theirs."""
    waiting = reader.unanalysed()
    return f" ({plural(waiting, 'cable')} not analysed yet: `cablebase analyse --db {shown(db)}`)" if waiting else ""


@app.command("analyse")
def analyse_stored(db: Path = DB_OPTION,
            workers: Optional[int] = typer.Option(None, "--workers", "-w", min=1, max=64,
                                                  help="Analysis processes (default: all cores)."),
            quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress, summary only.")) -> None:
    """Find the people, organisations and dates of the cables an ingest stored without them
    (`ingest --analyse-later`, or an ingest stopped before its second pass ended)."""
    from .errors import IngestLocked
    from .ingest import analyse_archive

    if not db.exists():
        _usage(f"no archive at {shown(db)}")
    reporter = _Reporter(quiet)
    try:
        with reporter:
            progress = analyse_archive(db, workers=workers, on_progress=reporter.update)
    except (IngestLocked, SchemaError) as exc:
        _usage(str(exc))
    err.print(f"analysed {plural(progress.analysed, 'cable')} in {progress.elapsed:.1f} s")


class _Reporter:
    """A Rich progress bar on a terminal, a plain line every few seconds otherwise."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.tty = err.is_terminal
        self.last = 0.0
        self.bar = None

    def __enter__(self) -> "_Reporter":
        if not self.quiet and self.tty:
            from rich.progress import (BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn,
                                       TimeRemainingColumn)
            self.bar = Progress(TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(),
                                TextColumn("{task.fields[files]} files, {task.fields[records]} records, "
                                           "{task.fields[rate]}/s"), TimeElapsedColumn(), TimeRemainingColumn(),
                                console=err)
            self.task = self.bar.add_task("ingest", total=None, files=0, records=0, rate=0)
            self.bar.start()
        return self

    def update(self, progress) -> None:
        if progress.to_analyse:
            self._analysing(progress)
            return
        rate = int(progress.records / max(progress.elapsed, 1e-6))
        if self.bar is not None:
            self.bar.update(self.task, total=progress.total_bytes or None, completed=progress.bytes,
                            files=progress.files, records=progress.records, rate=rate)
        elif not self.quiet and time.monotonic() - self.last > 5:
            self.last = time.monotonic()
            _echo(f"ingest: {progress.files} files, {progress.records} records, {rate}/s", file=sys.stderr)

    def _analysing(self, progress) -> None:
        """The second pass: cables analysed of those waiting (the archive is searchable meanwhile)."""
        if self.bar is not None:
            self.bar.update(self.task, description="analyse", total=progress.to_analyse, completed=progress.analysed,
                            records=progress.analysed, rate=int(progress.analysed / max(progress.elapsed, 1e-6)))
        elif not self.quiet and time.monotonic() - self.last > 5:
            self.last = time.monotonic()
            _echo(f"analyse: {progress.analysed} of {progress.to_analyse} cables (searchable meanwhile)",
                  file=sys.stderr)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


@app.command()
def stats(db: Path = DB_OPTION, as_json: bool = typer.Option(False, "--json", help="JSON output.")) -> None:
    """Counts by year, origin, classification, caption and the top tags."""
    with _reading(db) as reader:
        data = reader.stats()
    if as_json:
        _echo(json.dumps(data, indent=2))
        return
    out.print(f"[bold]{plural(data['cables'], 'cable')}[/bold] ({plural(data['versions'], 'version')}, "
              f"{plural(data['failures'], 'failure')}, {plural(data['references'], 'cable reference')}, "
              f"{data['references_unknown_post']} of them to a post not in the posts table), "
              f"{human_day(data['first'])} to {human_day(data['last'])}")
    if data["unanalysed"]:
        out.print(f"{plural(data['unanalysed'], 'cable')} searchable but not analysed yet (no people, organisations "
                  f"or dates): `cablebase analyse --db {db}`")
    for key, title in [("by_year", "year"), ("by_classification", "classification"), ("by_origin", "origin"),
                       ("by_caption", "caption"), ("top_tags", "top tags")]:
        table = Table(title=title)
        table.add_column(title)
        table.add_column("cables", justify="right")
        for row in data[key][:25]:
            label = row["value"] if row["label"] in (None, row["value"]) else f"{row['value']} ({row['label']})"
            table.add_row(str(label), str(row["count"]))
        out.print(table)


@app.command()
def export(
    format: ExportFormat = typer.Option(..., "--format", "-f", help=_meanings(EXPORT_FORMATS) + "."),
    db: Path = DB_OPTION,
    where: str = typer.Option("", "--where", help="Only cables matching this query (search language)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o",
                                          help="File to write (default: stdout; for parquet, a file named "
                                               "after the query, e.g. cables-origin-ALMATY.parquet)."),
) -> None:
    """Stream records out of the archive: every cable, or every one matching --where."""
    from .export import export_name

    with _reading(db) as reader:
        if format.value == "parquet":
            if output is None:  # binary: never to a terminal; named after the query instead
                output = Path(export_name(where, "parquet"))
            with open(output, "wb") as fh:
                n = reader.export(format.value, fh, where)
        elif output is None:
            stream = _EscapingWriter(sys.stdout) if sys.stdout.isatty() else sys.stdout
            n = reader.export(format.value, stream, where)
        else:
            with open(output, "w", encoding="utf-8", newline="") as fh:
                n = reader.export(format.value, fh, where)
    err.print(f"exported {plural(n, 'cable')}" + (f" to {output}" if output else ""))


@app.command()
def copy(
    source: Path = typer.Argument(..., parser=_db, help="The archive to copy: a file, or a postgresql://… URL."),
    target: Path = typer.Argument(..., parser=_db, help="Where to copy it: a file or a postgresql://… URL "
                                                        "(created if need be)."),
    replace: bool = typer.Option(False, "--replace", help="Replace what the target holds (refused otherwise)."),
) -> None:
    """Copy an archive to another backend (SQLite to PostgreSQL and back): every version, failure,
    ingest run, analysis and review score, ids kept; the counts of every table are checked."""
    import psycopg

    from .copying import CopyError, copy_archive
    from .errors import IngestLocked

    if isinstance(source, Path) and not source.exists():
        _usage(f"no archive at {source}")
    try:
        copied = copy_archive(source, target, replace=replace)
    except (CopyError, IngestLocked, SchemaError) as exc:
        _usage(str(exc))
    except psycopg.OperationalError as exc:
        _usage(f"cannot open the PostgreSQL archive: {str(exc).strip()}")
    table = Table(title=f"copied to {shown(target)}", caption=f"{copied.elapsed:.1f} s; every count checked")
    table.add_column("table")
    table.add_column("rows", justify="right")
    for name, count in copied.counts.items():
        table.add_row(name, f"{count:,}")
    out.print(table)


@app.command()
def versions(
    reference_id: str = typer.Argument(..., help="Cable id, e.g. 05ALMATY2058."),
    db: Path = DB_OPTION,
    diff: bool = typer.Option(False, "--diff", help="Show the text changes between consecutive versions."),
) -> None:
    """List the versions of a cable (newest current), optionally with text diffs."""
    with _reading(db) as reader:
        rows = reader.versions(reference_id)
        if not rows:
            _require(reader, reference_id, db)
        table = Table(title=f"versions of {canonical(reference_id)}")
        for col in ("version", "current", "released", "partial", "redactions", "length", "ingested", "sources"):
            table.add_column(col)
        for r in rows:
            table.add_row(str(r["version"]), "yes" if r["is_current"] else "", r["released"] or "",
                          "yes" if r["partial"] else "", str(r["redactions"]), str(r["length"]), r["ingested"],
                          r["sources"] or "")
        out.print(table)
        if diff and len(rows) == 1:
            err.print(f"{canonical(reference_id)} has only one version: nothing to compare")
        if diff:
            for a, b in zip(rows, rows[1:]):
                old = reader.body(reference_id, a["version"]) or ""
                new = reader.body(reference_id, b["version"]) or ""
                for line in difflib.unified_diff(old.splitlines(), new.splitlines(), f"version {a['version']}",
                                                 f"version {b['version']}", lineterm=""):
                    _echo(line)


@app.command()
def check(db: Path = DB_OPTION) -> None:
    """Verify an archive: SQLite integrity, the full-text indexes, counts, versions, the ingest runs
    and the failures; say what is wrong and whether ingesting the inputs again repairs it. Exit 0
    when all is well, 1 when re-ingesting repairs what is wrong, 4 when the file is damaged.
    On PostgreSQL: the schema, the full-text index, the counts and the runs."""
    from .store import check_archive

    report = _opening(db, check_archive)
    db = report.path
    for finding in report.findings:
        mark = "[green]ok[/green]  " if finding.ok else "[red]FAIL[/red]"
        out.print(f"{mark} {finding.check}: {_escape(finding.detail)}")
    if report.ok:
        out.print(f"{_escape(str(db))} is sound")
        return
    if report.damaged:
        err.print(f"{_escape(str(db))} is damaged: ingest the original inputs into a new archive (or restore a backup)")
        raise typer.Exit(DAMAGED)
    err.print(f"running the same ingest into {_escape(str(db))} again repairs what is wrong")
    raise typer.Exit(1)


@app.command()
def failures(
    db: Path = DB_OPTION,
    limit: int = typer.Option(100, "--limit", "-n", min=1, max=MAX_INTEGER, help="At most this many."),
    as_json: bool = typer.Option(False, "--json", help="JSON lines."),
) -> None:
    """Records that could not be parsed: file, record number and reason."""
    with _reading(db) as reader:
        rows = reader.failures(limit)
    if not rows and not as_json:
        err.print(f"no failures in {shown(db)}: every record read was parsed")
    for r in rows:
        if as_json:
            _echo(json.dumps(r))
        else:
            where = r["path"] + (f":{r['record']}" if r["record"] is not None else "")
            _echo(safe(f"{where}: {r['reason']}", lines=False))


@app.command()
def search(
    query: str = typer.Argument("", help='Query, e.g. \'iran "nuclear program" origin:ANKARA from:2008\'. Fields: '
                                         + ", ".join(f"{name}:" for name in FIELDS) + "."),
    db: Path = DB_OPTION,
    limit: int = typer.Option(20, "--limit", "-n", min=1, max=200, help="Results per page."),
    page: int = typer.Option(1, "--page", min=1, max=10000, help="Page number."),
    sort: Sort = typer.Option("rank", "--sort", help=_meanings(SORTS) + "."),
    as_json: bool = typer.Option(False, "--json", help="JSON lines, one hit per line."),
) -> None:
    """Search the archive (the query language: the README, or /help in `cablebase serve`)."""
    with _reading(db) as reader:
        result = reader.search(query, sort=sort.value, page=page, per_page=limit, facets=False)
    if result.total and page > result.pages:
        _usage(f"page {page} is past the end: {plural(result.total, 'cable')} make "
               f"{plural(result.pages, 'page')} of {limit}")
    if not result.total:
        err.print(f"no cables match {query!r}" if query else "the archive holds no cables")
        _suggest(result)
        raise typer.Exit(1)
    if as_json:
        for hit in result.hits:
            _echo(json.dumps(hit.__dict__, ensure_ascii=False))
        return
    verb = "matches" if result.total == 1 else "match"
    table = Table(title=f"{plural(result.total, 'cable')} {verb} {query!r}" if query else plural(result.total, "cable"),
                  caption=f"page {result.page} of {result.pages}" if result.pages > 1 else None)
    for col in ("id", "date", "class", "subject / snippet"):
        table.add_column(col, overflow="fold")
    for hit in result.hits:
        subject = _marked(hit.subject_html) if hit.subject else "(no subject)"
        table.add_row(hit.reference_id, human_day(hit.created), hit.classification or "",
                      f"[bold]{subject}[/bold]\n{_marked(hit.snippet)}")
    out.print(table)


def _suggest(result) -> None:
    """'did you mean' respellings of a search that found nothing, on stderr."""
    if result.suggestions:
        err.print("did you mean: " + ", ".join(
            f"{_escape(s.query)} ({plural(s.cables, 'cable')} with {_escape(s.replacement)})"
            for s in result.suggestions))


def _require(reader, reference_id: str, db: Path) -> None:
    """Exit 1 with a message when the archive has no such cable."""
    if not reader.exists(reference_id):
        err.print(f"no cable {reference_id} in {shown(db)}")
        raise typer.Exit(1)


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def _marked(text_html: str) -> str:
    """A search result's HTML text (escaped, hits in <mark>) as Rich markup, hits in bold yellow."""
    import html

    from rich.markup import escape

    from .search.results import MARK_CLOSE, MARK_OPEN

    parts = html.unescape(text_html.replace("<mark>", MARK_OPEN).replace("</mark>", MARK_CLOSE))
    return escape(parts).replace(MARK_OPEN, "[bold yellow]").replace(MARK_CLOSE, "[/bold yellow]")


@app.command()
def show(
    reference_id: str = typer.Argument(..., help="Cable id."),
    db: Path = DB_OPTION,
    version: Optional[int] = typer.Option(None, "--version", min=1, max=MAX_INTEGER,
                                          help="A given version (default: current)."),
    as_json: bool = typer.Option(False, "--json", help="The full record as JSON."),
) -> None:
    """Print one cable from the archive."""
    with _reading(db) as reader:
        cable = reader.cable(reference_id, version)
    if cable is None:
        err.print(f"no cable {reference_id} in {shown(db)}")
        raise typer.Exit(1)
    if as_json:
        _echo(json.dumps(cable.to_json_dict(), ensure_ascii=False, indent=2))
        return
    out.print(f"[bold]{cable.reference_id}[/bold]  {cable.origin or ''}  {human_date(cable.created)}  "
              f"{cable.classification_raw or ''}  {' '.join(cable.captions)}")
    marking = f"({cable.subject_marking}) " if cable.subject_marking else ""
    out.print(f"[bold]{_escape(marking + (cable.subject or ''))}[/bold]\n")
    _echo(cable.body)


@app.command()
def refs(reference_id: str = typer.Argument(..., help="Cable id."), db: Path = DB_OPTION,
         as_json: bool = typer.Option(False, "--json", help="JSON lines.")) -> None:
    """What a cable cites, each resolved to an archived cable or marked missing."""
    from dataclasses import asdict

    with _reading(db) as reader:
        _require(reader, reference_id, db)
        links = reader.references(reference_id)
    if not links and not as_json:
        err.print(f"{canonical(reference_id)} cites nothing")
    for link in links:
        if as_json:
            _echo(json.dumps(asdict(link)))
            continue
        status = (f"in archive{' (year inferred)' if link.inferred else ''}: {link.subject or ''}"
                  if link.resolved_id else "missing" if link.kind == "cable" else link.kind)
        out.print(f"{link.letter or '-'}. {_escape(link.resolved_id or link.cited_id or link.raw)}  [{status}]",
                  markup=False)


@app.command()
def citedby(reference_id: str = typer.Argument(..., help="Cable id."), db: Path = DB_OPTION,
            as_json: bool = typer.Option(False, "--json", help="JSON lines.")) -> None:
    """Archived cables that cite this id (it need not be archived itself)."""
    with _reading(db) as reader:
        rows = reader.cited_by(reference_id)
    if not rows:
        err.print(f"no cable in {shown(db)} cites {canonical(reference_id)}")
    for row in rows:
        _echo(json.dumps(row) if as_json else f"{row['reference_id']}  {human_day(row['created'])}  "
                                              f"{row['subject'] or ''}")
    raise typer.Exit(0 if rows else 1)


@app.command()
def thread(reference_id: str = typer.Argument(..., help="Cable id."), db: Path = DB_OPTION,
           as_json: bool = typer.Option(False, "--json", help="The nodes as JSON lines, oldest first.")) -> None:
    """The whole conversation around a cable, as an indented tree (replies under what they cite)."""
    from dataclasses import asdict

    from rich.tree import Tree

    with _reading(db) as reader:
        _require(reader, reference_id, db)
        nodes = reader.thread(reference_id)
    key = canonical(reference_id)
    if as_json:
        for node in nodes:
            _echo(json.dumps(asdict(node)))
        return
    by_id = {n.reference_id: n for n in nodes}
    replies: dict[str, list[str]] = {n.reference_id: [] for n in nodes}
    for n in nodes:
        for cited in n.cites:
            if cited in replies:
                replies[cited].append(n.reference_id)

    def label(node) -> str:
        mark = "[bold]" if node.reference_id == key else ""
        end = "[/bold]" if mark else ""
        text = f"{human_day(node.created)}  {_escape(node.subject or '')}" if node.present else "[dim](not in archive)[/dim]"
        return f"{mark}{node.reference_id}{end}  {text}"

    shown: set[str] = set()

    def grow(branch, node_id: str) -> None:
        for child in replies[node_id]:
            if child in shown:
                branch.add(f"{child} [dim](see above)[/dim]")
                continue
            shown.add(child)
            grow(branch.add(label(by_id[child])), child)

    tree = Tree(f"thread of {key}: {plural(len(nodes), 'cable')}")
    for root in [n for n in nodes if not any(c in by_id for c in n.cites)]:
        shown.add(root.reference_id)
        grow(tree.add(label(root)), root.reference_id)
    out.print(tree)


@app.command("most-cited")
def most_cited(query: str = typer.Argument("", help="Count only citations made by the cables matching this query."),
               db: Path = DB_OPTION, limit: int = typer.Option(20, "--limit", "-n", min=1, max=1000),
               missing: bool = typer.Option(False, "--missing", help="Only cables not in the archive."),
               as_json: bool = typer.Option(False, "--json", help="JSON lines.")) -> None:
    """The most-cited cables (in-degree and PageRank), overall or among a query's citations."""
    with _reading(db) as reader:
        rows = reader.most_cited(limit, missing_only=missing, query=query or None)
    if as_json:
        for r in rows:
            _echo(json.dumps(r, ensure_ascii=False))
    elif not rows:
        err.print("no cable is cited" + (f" by the cables matching {query!r}" if query else " in this archive"))
    else:
        table = Table(title="most-cited cables" + (f" by the cables matching {query!r}" if query else ""))
        wide = out.width >= 110  # PageRank too when there is room (always in --json)
        for col, justify in (("#", "right"), ("cable", "left"), ("cited by", "right"),
                             *([("pagerank", "right")] if wide else []), ("date", "left"), ("origin", "left")):
            table.add_column(col, justify=justify, no_wrap=col not in ("date",))
        table.add_column("subject", overflow="fold", ratio=1)
        for n, r in enumerate(rows, 1):
            table.add_row(str(n), r["reference_id"], str(r["cited_by"]), *([f"{r['pagerank']:.4f}"] if wide else []),
                          human_day(r["created"], "") if r["in_archive"] else "", _escape(r["origin_code"] or ""),
                          _escape(r["subject"] or "(no subject)") if r["in_archive"] else "[dim](not in archive)[/dim]")
        out.print(table)
    raise typer.Exit(0 if rows else 1)


@app.command()
def coverage(origin: Optional[str] = typer.Option(None, "--origin", help="One post: its code (ALMATY), former code or name."),
             year: Optional[int] = typer.Option(None, "--year", help="One year."), db: Path = DB_OPTION,
             as_json: bool = typer.Option(False, "--json", help="JSON lines, one per post and year.")) -> None:
    """How much of each post's traffic the archive holds, per year, estimated from serial numbers."""
    with _reading(db) as reader:
        rows = reader.coverage(origin, year)
    if not rows:
        err.print("no cable of that post and year in the archive")
        raise typer.Exit(1)
    if as_json:
        for r in rows:
            _echo(json.dumps(r, ensure_ascii=False))
        return
    from rich import box

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 1), collapse_padding=True)
    for title in ("post", "year", "held", "max", "sent ≈", "low", "high", "share %", "gaps", "cited"):
        table.add_column(title, justify="left" if title == "post" else "right")
    for r in rows:
        table.add_row(r["origin"], str(r["year"]), f"{r['held']:,}", f"{r['max_serial']:,}", f"{r['estimate']:,}",
                      f"{r['low']:,}", f"{r['high']:,}", f"{r['share'] * 100:.2g}", f"{len(r['gaps']):,}",
                      str(len(r["cited_missing"])))
    out.print(table)
    out.print("held: cables held; max: highest serial; sent ≈: estimated total, low–high its 95 % interval; "
              "gaps: runs of serials not held; cited: cited but not held", style="dim")
    if len(rows) <= 3:  # one post-year or a few: the details
        for r in rows:
            _coverage_detail(r)


def _coverage_detail(row: dict) -> None:
    from .coverage import gap_sentence

    out.print(f"\n[bold]{_escape(row['name'])} ({row['origin']}) {row['year']}[/bold]: estimate from "
              f"{'serials and dates' if row['method'] == 'dates' else 'serials'}")
    for s in row["series"][1:]:
        out.print(f"  {s['kind']} series{' from ' + s['start'] if s['start'] else ''}: {s['held']} held, "
                  f"serials {s['first_serial']}–{s['max_serial']}, about {s['estimate']:,} sent")
    runs = [f"{a}" if a == b else f"{a}–{b}" for a, b in row["gaps"]]
    out.print(f"  serials not held: {', '.join(runs[:40])}{' …' if len(runs) > 40 else ''}")
    for c in row["cited_missing"]:
        out.print(f"  cited but missing: {c['id']} (serial {c['serial']}), cited by {c['cited_by']}")
    for m in row["months"]:
        out.print(f"  {m['month']}: {m['held']:4} held of about {m['sent']:,} sent")
    for gap in row["time_gaps"]:
        out.print("  " + gap_sentence(row, gap))


@app.command()
def entity(name: str = typer.Argument(..., help="A name or part of one, e.g. Kiselyov or OSCE."),
           db: Path = DB_OPTION,
           kind: Optional[EntityKind] = typer.Option(None, "--kind", help="Only people or only organisations."),
           as_json: bool = typer.Option(False, "--json", help="JSON output.")) -> None:
    """A person or organisation: titles, mentions over time, cables, co-occurring entities."""
    with _reading(db) as reader:
        matches = reader.find_entities(name, kind and kind.value)
        if not matches:
            err.print(f"nobody called {name!r} in {shown(db)}{_not_analysed(reader, db)}")
            raise typer.Exit(1)
        detail = reader.entity(matches[0]["id"])
    if as_json:
        _echo(json.dumps({"entity": detail, "other_matches": matches[1:]}, indent=2, ensure_ascii=False))
        return
    out.print(f"[bold]{_escape(detail['name'])}[/bold] ({detail['kind']}), {plural(detail['cable_count'], 'cable')}")
    if detail["titles"]:
        out.print("described as: " + _escape("; ".join(detail["titles"][:10])))
    if detail["aliases"]:
        out.print("also written: " + _escape(", ".join(detail["aliases"])))
    if detail["months"]:
        about = "≈" if detail["months_sampled"] else ""  # estimated from a sample (see queries.MONTHS_SAMPLE)
        out.print("mentions over time: " + ", ".join(f"{m} ({about}{n})" for m, n in detail["months"]))
    for c in detail["cables"][:50]:
        out.print(f"  {c['reference_id']}  {human_day(c['created'])}  {_escape(c['subject'] or '')}")
    if detail["related"]:
        out.print("named in the same cables: " + _escape(", ".join(f"{r['name']} ({r['shared']})"
                                                                    for r in detail["related"][:15])))
    if len(matches) > 1:
        out.print("other matches: " + _escape(", ".join(m["name"] for m in matches[1:10])))


_TIMELINE_PAGE = 5000  # a query's timeline is read this many entries at a time


@app.command()
def timeline(target: str = typer.Argument(..., help="A cable id, or a query."),
             db: Path = DB_OPTION,
             whole_thread: bool = typer.Option(False, "--thread", help="For a cable id: its whole thread."),
             period: str = typer.Option("", "--period", metavar="YEAR|undated",
                                        help="For a query: only the entries first dated from YEAR on for --years "
                                             "years, or those with no resolved date."),
             years: int = typer.Option(1, "--years", min=1, max=1000, help="The length of --period in years."),
             as_json: bool = typer.Option(False, "--json", help="JSON lines.")) -> None:
    """Dated events in date order, for a cable (or its thread) or for every cable matching a query
    (read from the store page by page: the whole result, in flat memory)."""
    if period and not (period == "undated" or period.isdigit()):
        err.print(f"--period must be a year or 'undated', not {period!r}")
        raise typer.Exit(2)
    span = (int(period), int(period) + years) if period.isdigit() else period or None
    shown = 0
    with _reading(db) as reader:
        archive_hit = reader.exists(target)
        pages = iter([reader.timeline(target, whole_thread)]) if archive_hit else (
            reader.query_timeline(target, span, _TIMELINE_PAGE, offset)
            for offset in itertools.count(0, _TIMELINE_PAGE))
        for events in pages:
            for ev in events:
                _print_event(ev, as_json)
            shown += len(events)
            if len(events) < _TIMELINE_PAGE:
                break
        waiting = "" if shown else _not_analysed(reader, db)
    if not shown:
        err.print((f"no dated events in {target}" if archive_hit else f"no dated events in the cables matching {target!r}"
                   + (f" in {period}" if period else "")) + waiting)
    elif not as_json:
        err.print(f"{plural(shown, 'sentence')} giving dates, each once at its first date")
    raise typer.Exit(0 if shown else 1)


def _print_event(ev: dict, as_json: bool) -> None:
    """One timeline entry: a JSON line, or date, cable, paragraph, its date expressions and the sentence."""
    if as_json:
        _echo(json.dumps(ev, ensure_ascii=False))
        return
    para = f" ¶{ev['paragraph']}" if ev["paragraph"] is not None else ""
    dates = "; ".join(d["text"] + (" (year uncertain)" if d.get("uncertain") else "") for d in ev["dates"])
    when = (ev["date"] or "undated") + ("?" if ev.get("uncertain") else "")
    out.print(f"{when:10}  {ev['reference_id']}{para}  [bold]{_escape(dates)}[/bold] — {_escape(ev['sentence'])}")


@app.command()
def actions(db: Path = DB_OPTION, limit: int = typer.Option(50, "--limit", "-n", min=1, max=10000),
            as_json: bool = typer.Option(False, "--json", help="JSON lines.")) -> None:
    """Cables with an action request: the requested points, addressees and any deadline."""
    with _reading(db) as reader:
        total, rows = reader.actions(limit)
    for r in rows:
        if as_json:
            _echo(json.dumps(r, ensure_ascii=False))
            continue
        out.print(f"[bold]{r['reference_id']}[/bold]  {human_day(r['created'])}  {_escape(r['subject'] or '')}")
        if r["addressees"]:
            out.print("  to: " + _escape("; ".join(r["addressees"])))
        if r["deadline"]:
            out.print(f"  deadline: {_escape(r['deadline'])}")
        for point in r["points"] or [excerpt(r["text"] or "", 300)]:
            out.print("  - " + _escape(point))
        if r["paragraph"] is not None:
            out.print(f"  (the whole request: cablebase show {r['reference_id']}, ¶{r['paragraph']})")
    if not as_json:
        err.print(f"{plural(total, 'cable')} with an action request")


@app.command()
def review(
    files: List[Path] = typer.Argument(None, help="Drafts or cables: plain text as drafted, or any form `parse` reads."),
    jsonl: bool = typer.Option(False, "--jsonl", help="One JSON object per paragraph, then one per cable."),
    format: InputFormat = typer.Option("auto", "--format", "-f", help=FORMAT_HELP),
    year: Optional[int] = typer.Option(None, "--year", min=1950, max=2100, help="Year for undated records."),
    db: Optional[Path] = typer.Option(None, "--db", envvar="CABLEBASE_DB", parser=_db,
                                      help="Archive: with --train or --score, the one to work on; with files, "
                                           "score with the model trained on it (if it has one)."),
    train: bool = typer.Option(False, "--train", help="Train a model on the archive's marked paragraphs and "
                                                      "store it in the archive (then score the archive)."),
    score: bool = typer.Option(False, "--score", help="Score every paragraph of the archive with its model "
                                                      "(or the shipped one) and store the scores."),
) -> None:
    """Check drafts against the format rules and score how classified each paragraph reads.

    Exit 0 when no finding is an error, 1 when one is (or a file could not be read), 2 on usage errors."""
    from .review import review as review_cable

    if train or score:
        if files:
            _usage("--train and --score work on an archive (--db), not on files")
        _review_archive(db, train)
        return
    if not files:
        _usage("give draft files to review, or --train / --score with --db")
    model = _review_model(db) if db is not None else None
    failed: list[ParseError] = []
    errors = 0
    for cable in _parsed(files, format.value, year, failed):
        checked = review_cable(cable, model)
        errors += checked.errors
        if jsonl:
            for paragraph in checked.paragraphs:
                _echo(json.dumps(paragraph.to_json(checked.reference_id), ensure_ascii=False))
            _echo(json.dumps(checked.to_json(), ensure_ascii=False))
        else:
            _print_review(checked)
    raise typer.Exit(1 if failed or errors else 0)


def _review_model(db: Path):
    """The model trained on the archive at `db`, or None (the shipped one) if it has none."""
    archive = _open(db)
    try:
        text = archive.review_model()
    finally:
        archive.close()
    if text is None:
        return None
    from .review import Model

    try:
        return Model.from_json(text)
    except ValueError as exc:
        _usage(f"{shown(db)}: the stored review model cannot be read ({exc}); train it again with review --train")


def _print_review(checked) -> None:
    colour = {"error": "red", "warning": "yellow"}
    name = checked.reference_id or checked.path or "draft"
    p = "-" if checked.p_classified is None else f"{checked.p_classified:.2f}"
    out.print(f"[bold]{_escape(name)}[/bold] {checked.classification or 'no classification'}: "
              f"reads as {checked.level or '-'} (p_classified {p}); {checked.errors} error(s)")
    every = checked.findings + [f for para in checked.paragraphs for f in para.findings]
    if every:
        table = Table("severity", "rule", "where", "finding", "what to do", show_lines=False)
        for f in every:
            table.add_row(f"[{colour[f.severity]}]{f.severity}[/]", f.rule, _escape(f.where), _escape(f.message),
                          _escape(f.advice))
        out.print(table)
    table = Table("para", "marking", "p_classified", "reads as", title="paragraphs")
    for para in checked.paragraphs:
        table.add_row("" if para.number is None else str(para.number), _escape(para.marking or "none"),
                      "-" if para.score is None else f"{para.score.p_classified:.2f}",
                      "-" if para.score is None else para.score.level)
    out.print(table)


def _review_archive(db: Optional[Path], train: bool) -> None:
    from .review.archive import score_archive, train_archive

    db = db or Path(os.environ.get("CABLEBASE_DB", "cables.db"))
    archive = _open(db, readonly=False)
    try:
        if train:
            started = time.perf_counter()
            try:
                model = train_archive(archive)
            except ValueError as exc:
                _usage(f"{shown(db)}: {exc}")
            info = model.info
            err.print(f"trained on {info['paragraphs']} marked paragraphs of {info['cables']} cables "
                      f"({', '.join(f'{k} {v}' for k, v in sorted(info['levels'].items()))}) "
                      f"in {time.perf_counter() - started:.1f} s; stored in {shown(db)}")
        started = time.perf_counter()
        try:
            scored = score_archive(archive)
        except ValueError as exc:  # a model stored by an older version
            _usage(f"{shown(db)}: the stored review model cannot be read ({exc}); train it again with review --train")
        err.print(f"scored {scored} cables in {time.perf_counter() - started:.1f} s")
    finally:
        archive.close()


@app.command()
def serve(
    db: Path = DB_OPTION,
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to bind (loopback by default)."),
    port: int = typer.Option(8000, "--port", "-p", min=1, max=65535),
    allow_remote: bool = typer.Option(False, "--allow-remote",
                                      help="Required to bind a non-loopback address (the archive becomes public)."),
    allow_host: List[str] = typer.Option([], "--allow-host",
                                         help="Also answer requests for this host name (repeatable); only "
                                              "localhost, 127.0.0.1, [::1] and --host are answered otherwise."),
    cors: Optional[str] = typer.Option(None, "--cors", help="Allow this origin to call the API from a browser."),
    workers: int = typer.Option(1, "--workers", "-w", min=1, max=64,
                                help="Server processes sharing the port (each stateless: they share only the archive)."),
) -> None:
    """Serve the web reading room and the JSON API."""
    from .web.app import allowed_hosts, check_bind, run

    try:
        check_bind(host, allow_remote)
    except ValueError as exc:
        _usage(str(exc))
    with _reading(db):  # a missing or unreadable archive is said here, not by the first request
        pass
    run(db, host, port, cors, workers, allowed_hosts(host, allow_host, allow_remote))


@app.command()
def demo(
    db: Path = typer.Option(Path("demo-cables.db"), "--db", parser=_db,
                            help="Where to build the demo archive: a file, or a PostgreSQL database's URL."),
    serve_it: bool = typer.Option(True, "--serve/--no-serve", help="Serve it when built."),
    port: int = typer.Option(8000, "--port", "-p", min=1, max=65535),
) -> None:
    """Build an archive from the bundled sample cables and serve it."""
    from importlib import resources

    from .ingest import ingest as run_ingest

    sample = resources.files("cablebase.data").joinpath("sample")
    summary = run_ingest([os.fspath(sample)], db, workers=1)
    err.print(f"demo archive {shown(db)}: {summary.new} new, {summary.unchanged} unchanged, {summary.failed} failed")
    if serve_it:
        from .web.app import run

        err.print(f"open http://127.0.0.1:{port}/ (Ctrl-C to stop)")
        run(db, "127.0.0.1", port, None)


if __name__ == "__main__":  # pragma: no cover
    main()
