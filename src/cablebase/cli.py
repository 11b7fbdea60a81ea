"""The `cablebase` command line: a thin layer over the library."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from .parse import ParseError, parse_file
from .model import cable_json_schema

app = typer.Typer(help="Parse, archive, search and connect diplomatic cables.", no_args_is_help=True,
                  add_completion=False, context_settings={"help_option_names": ["-h", "--help"]})


class InputFormat(str, Enum):
    auto = "auto"
    html = "html"
    csv = "csv"
    txt = "txt"
    text = "text"


def _error(message: str) -> None:
    print(message, file=sys.stderr)


@app.command()
def parse(
    files: List[Path] = typer.Argument(..., help="Cable files: HTML pages, cables.csv dumps, text files (.gz too)."),
    format: InputFormat = typer.Option(InputFormat.auto, "--format", "-f", help="Input form (default: detect)."),
    year: Optional[int] = typer.Option(None, "--year", min=1950, max=2100,
                                       help="Year for records that carry no date and no id in their file name."),
    jsonl: bool = typer.Option(False, "--jsonl", help="One JSON record per line (for streams)."),
) -> None:
    """Parse cables and print them as JSON; bad records go to stderr as `file:record: reason`."""
    failed = 0
    for path in files:
        for result in parse_file(path, format=format.value, year=year):
            if isinstance(result, ParseError):
                failed += 1
                _error(str(result))
                continue
            data = result.to_json_dict()
            if jsonl:
                sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
            else:
                sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    raise typer.Exit(1 if failed else 0)


@app.command()
def schema() -> None:
    """Print the JSON Schema of a parsed record."""
    print(json.dumps(cable_json_schema(), indent=2))


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
