"""How commands print: rich tables for people by default, one JSON document with `--json`.

Results go to stdout; with `--json` an error is a JSON document on stdout too
(`{"error": {"code", "message", ...}}`), so a script always gets JSON to parse, and the exit
code says which it is. Without `--json` an error is one line on stderr.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from typing import Any

from rich.console import Console
from rich.table import Table

_out = Console(soft_wrap=True, highlight=False)
_err = Console(stderr=True, soft_wrap=True, highlight=False)


class Output:
    def __init__(self, *, json_mode: bool) -> None:
        self.json_mode = json_mode

    def result(self, data: Any, *, text: str | None = None, table: Table | None = None) -> None:
        """Print a command's result: `data` as JSON, else the table and/or text."""
        if self.json_mode:
            print(json.dumps(data, indent=2, default=str))
            return
        if table is not None:
            _out.print(table)
        if text is not None:
            _out.print(text, markup=False)

    def progress(self, text: str) -> None:
        """A step on the way (publishing, sending): stderr, and silent with --json."""
        if not self.json_mode:
            _err.print(text, markup=False, style="dim")

    def error(self, code: str, message: str, extra: dict[str, Any] | None = None) -> None:
        if self.json_mode:
            print(json.dumps({"error": {"code": code, "message": message, **(extra or {})}}, indent=2, default=str))
        else:
            _err.print(f"error: {message}", markup=False)
            sys.stderr.flush()


def table(title: str | None, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> Table:
    grid = Table(title=title, title_justify="left", header_style="bold")
    for column in columns:
        grid.add_column(column, overflow="fold")
    for row in rows:
        grid.add_row(*("" if v is None else str(v) for v in row))
    return grid


def fields(title: str | None, pairs: Iterable[tuple[str, Any]]) -> Table:
    """A two-column table of `name: value` lines (one record)."""
    grid = Table(title=title, title_justify="left", show_header=False, box=None, padding=(0, 2, 0, 0))
    grid.add_column(style="bold")
    grid.add_column(overflow="fold")
    for name, value in pairs:
        grid.add_row(name, "" if value is None else str(value))
    return grid
