"""Whether a word names a department's field (公安, 教育, 城管执法) — so that in 「学校、幼儿园和教育行政部门」
only 教育 takes the shared suffix, while 「教育、卫生行政部门」 gives two departments.

    >>> is_department_domain("卫生"), is_department_domain("学校")
    (True, False)

The words are data (data/department_domains.csv, harvested from the texts by
``build_department_domains``: the fields written between 「人民政府」 and a department suffix), plus the
fields of the reform map and of the department keywords.
"""
from __future__ import annotations

from functools import lru_cache

from graph.reference.data_files import read_rows

MIN_COUNT = 2  # a field seen once may be a misparse of its sentence; it still counts inside a longer word


@lru_cache(maxsize=1)
def _domains() -> tuple[frozenset[str], frozenset[str]]:
    from graph.reference.reform_map import core, load_keywords, load_reform_map

    seen = {row["domain"]: int(row["count"] or 0) for _, row in read_rows("department_domains.csv")}
    strong = {w for w, n in seen.items() if n >= MIN_COUNT}
    for entry in load_reform_map():
        strong.update(w for w in (core(entry.old_name), core(entry.new_name)) if len(w) >= 2)
    for type_name, words in load_keywords().items():
        strong.update(w for w in (core(type_name), *words) if len(w) >= 2)
    return frozenset(strong), frozenset(seen)


@lru_cache(maxsize=4096)
def is_department_domain(word: str) -> bool:
    """A field of government: exactly, or a longer word that ends with a well-attested one (「住房保障房屋管理」)."""
    strong, seen = _domains()
    if word in seen or word in strong:
        return True
    return any(len(w) >= 2 and word.endswith(w) for w in strong if len(w) < len(word))
