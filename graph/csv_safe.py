"""CSV that is safe to open in Excel or WPS: no cell of ours is ever run as a formula.

A cell whose text begins with ``=``, ``+``, ``-``, ``@`` (or a tab / carriage return, which
Excel skips before looking) is read by spreadsheet programs as a formula — a list row
copied from a portal can carry ``=HYPERLINK(…)`` or ``=cmd|…`` (OWASP "CSV injection").
Such a cell is written with a leading apostrophe, which the spreadsheet shows as text;
a plain number (``-3``, ``+86``) is left alone because it cannot execute.

    >>> safe_cell("=1+1"), safe_cell("-3"), safe_cell("区市监局")
    ("'=1+1", '-3', '区市监局')

Every CSV the CLI, the HTTP API and the quarantine report write goes through :func:`csv_text`.
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


def safe_cell(value: Any) -> Any:
    """The value as it should be written to a CSV cell; only text can be neutralised."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """The header and rows as CSV text, every cell made safe."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow([safe_cell(h) for h in header])
    w.writerows([safe_cell(c) for c in row] for row in rows)
    return buf.getvalue()
