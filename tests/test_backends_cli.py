"""Every command that reads an archive answers alike on the same cables in SQLite and in
PostgreSQL (the corpus archive and its copy): the same output, the same exit status. (A search's
hits are compared without their snippets and scores: each engine cuts and ranks its own.)"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from cablebase.cli import app as cli

COMMANDS = [
    ["stats"], ["stats", "--json"], ["search", "iran", "--sort", "date", "--json"],
    ["search", "tag:PGOV class:secret", "--json", "--sort", "date-asc", "--page", "2"], ["search", "Kiselev"], ["search", "from:2010 to:2009"], ["search", "is:undated", "--sort", "date", "--json"],
    ["search", "(iran OR syria) -nuclear", "--sort", "date", "--json"], ["search", "origin:"], ["show", "05ALMATY2058", "--json"], ["show", "05ALMATY2058"],
    ["versions", "05ALMATY2058"], ["refs", "05ALMATY2058"], ["citedby", "05PARIS7527", "--json"],
    ["thread", "05ALMATY2058"], ["thread", "05ALMATY2058", "--json"], ["most-cited", "-n", "10", "--json"],
    ["most-cited", "iran"], ["coverage", "--origin", "ALMATY"], ["coverage", "--json"], ["entity", "Kiselyov", "--json"],
    ["entity", "NATO"], ["timeline", "05ALMATY2058", "--thread"], ["timeline", "iran nuclear", "--json"],
    ["actions", "-n", "5", "--json"], ["actions"], ["export", "-f", "jsonl", "--where", "origin:ALMATY"],
    ["export", "-f", "csv", "--where", "iran"], ["failures"], ["show", "99NOWHERE1"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(c) for c in COMMANDS])
def test_every_reading_command_answers_alike_on_both_backends(corpus_db, corpus_pg, command):
    runner = CliRunner()
    answers = []
    for db in (str(corpus_db), corpus_pg):
        result = runner.invoke(cli, [*command, "--db", db])
        assert result.exception is None or isinstance(result.exception, SystemExit), result.output
        shown = result.stdout.replace(db, "DB")
        if command[0] == "search" and result.exit_code == 0:
            shown = [{k: v for k, v in json.loads(line).items() if k not in ("snippet", "score")}
                     for line in shown.splitlines()]
        answers.append((result.exit_code, shown, result.stderr.replace(db, "DB")))
    assert answers[0] == answers[1]
    assert answers[0][1] or answers[0][2]  # said something


def test_check_on_postgresql(corpus_pg):
    result = CliRunner().invoke(cli, ["check", "--db", corpus_pg])
    assert result.exit_code == 0, result.output
    assert "ok   full-text index: 945 cables indexed of 945 current versions" in result.stdout
    assert result.stdout.rstrip().endswith("is sound")


def test_no_message_shows_a_database_password(corpus_pg):
    """A URL's password is never echoed: messages name the database with `***` in its place."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(corpus_pg)
    secret = parts.password
    if secret is None:  # the test server trusts its local users: a password given is not checked
        secret = "s3cret-pw"
        parts = parts._replace(netloc=parts.netloc.replace("@", f":{secret}@", 1))
    url = urlunsplit(parts)
    runner, masked = CliRunner(), 0
    for command in (["show", "99NOWHERE1"], ["refs", "99NOWHERE1"], ["citedby", "99NOWHERE1"], ["failures"],
                    ["entity", "Zzyzxnobody"], ["check"], ["stats"], ["copy", url, url]):
        result = runner.invoke(cli, [*command] if command[0] == "copy" else [*command, "--db", url])
        said = result.stdout + result.stderr
        assert secret not in said, command
        masked += ":***@" in said
    assert masked >= 4  # the messages that name the database name it masked
