"""Department-name abbreviations (部门简称): 区市监局 is 区市场监督管理局.

    >>> expand("区市监局")
    '区市场监督管理局'

The pairs are data (``data/dept_abbreviations.csv``: 简称, 全称, 出处 — where the short form
really occurs in the corpus), shared by ingest (matching a list's names to departments) and
the analyses (comparing departments across regions).
"""
from __future__ import annotations

from functools import lru_cache

from graph.reference.data_files import read_rows

ABBREVIATIONS_FILE = "dept_abbreviations.csv"


@lru_cache(maxsize=1)
def abbreviations() -> tuple[tuple[str, str], ...]:
    """(简称, 全称) pairs, longest 简称 first."""
    pairs = [(row["简称"], row["全称"]) for _, row in read_rows(ABBREVIATIONS_FILE) if row["简称"]]
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


@lru_cache(maxsize=1)
def _full_forms() -> tuple[str, ...]:
    return tuple(sorted({full for _, full in abbreviations()}, key=len, reverse=True))


def expand(name: str) -> str:
    """Replace abbreviations by full forms. 例: "区市监局" → "区市场监督管理局"."""
    out: list[str] = []
    i = 0
    while i < len(name):
        full = next((f for f in _full_forms() if name.startswith(f, i)), None)
        if full:                      # already written out: keep, so 人民政府办公室 stays as it is
            out.append(full)
            i += len(full)
            continue
        hit = next(((a, f) for a, f in abbreviations() if name.startswith(a, i)), None)
        if hit:
            out.append(hit[1])
            i += len(hit[0])
        else:
            out.append(name[i])
            i += 1
    return "".join(out)
