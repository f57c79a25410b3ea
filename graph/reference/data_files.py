"""The bundled reference tables under ``graph/reference/data/`` (see README.md there), read as rows."""
from __future__ import annotations

import csv
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def read_rows(name: str) -> list[tuple[int, dict[str, str]]]:
    """Rows of a bundled CSV as (line number, {header: value}); ``#`` comment lines are skipped.

    例: read_rows("regions.csv")[0] → (4, {"代码": "510000", "名称": "四川省", …})
    """
    rows: list[tuple[int, dict[str, str]]] = []
    header: list[str] | None = None
    with open(DATA_DIR / name, encoding="utf-8-sig", newline="") as fh:
        for number, cells in enumerate(csv.reader(fh), start=1):
            if not cells or cells[0].startswith("#"):
                continue
            cells = [c.strip() for c in cells]
            if header is None:
                header = cells
                continue
            rows.append((number, dict(zip(header, cells + [""] * (len(header) - len(cells))))))
    return rows
