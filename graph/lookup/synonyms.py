"""Colloquial → official wording for lookup queries (synonyms.csv).

    >>> expand(normalize("养狗要办什么证"))
    ['养狗证', '养犬证', '犬只证', '犬类证']

Rows with an empty `official` column are question fillers (什么, 怎么办 …) that
are removed from the query. Only queries are expanded, never item names, and the
index and the plain scan call the same function, so both see the same variants.
The first variant is always the query itself (fillers removed): official names do
sometimes use the colloquial word (医保电子凭证申领).
"""

from __future__ import annotations

import csv
import itertools
import re
from functools import lru_cache
from pathlib import Path

from .normalize import normalize

TABLE = Path(__file__).with_name("synonyms.csv")

# Two matched terms with three alternatives each already give 9 variants; every
# variant costs one more scoring pass, so the product is capped.
MAX_VARIANTS = 8


def _alternation(terms) -> re.Pattern | None:
    # Longest first: the regex takes the first alternative that matches, so "养狗"
    # wins over "狗" and "怎么办理" over "怎么".
    terms = sorted(set(terms), key=lambda t: (-len(t), t))
    return re.compile("|".join(map(re.escape, terms))) if terms else None


@lru_cache(maxsize=1)
def _table() -> tuple[re.Pattern | None, re.Pattern | None, dict[str, list[str]]]:
    synonyms: dict[str, list[str]] = {}
    fillers: list[str] = []
    with open(TABLE, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            term = normalize(row["colloquial"])
            if not term:
                continue
            official = [normalize(x) for x in row["official"].split("|") if normalize(x)]
            if official:
                synonyms.setdefault(term, [])
                synonyms[term].extend(o for o in official if o not in synonyms[term])
            else:
                fillers.append(term)
    return _alternation(fillers), _alternation(synonyms), synonyms


def _overlap(official: str, rest: str) -> int:
    """Length of the text after the match that the official term already ends with.

    "结婚登记": 结婚 → 婚姻登记 must give "婚姻登记", not "婚姻登记登记".
    """
    for k in range(min(len(official), len(rest)), 0, -1):
        if official.endswith(rest[:k]):
            return k
    return 0


def strip_fillers(query_norm: str) -> str:
    """"开饭店要什么许可" → "开饭店许可"; a query made only of fillers is kept."""
    fillers, _, _ = _table()
    if fillers is None:
        return query_norm
    stripped = fillers.sub("", query_norm)
    return stripped or query_norm


def expand(query_norm: str) -> list[str]:
    """Variants of a normalised query, the query itself first.

    "开饭店要什么许可" → ['开饭店许可', '开餐饮许可', '开食品经营许可'].
    """
    base = strip_fillers(query_norm)
    _, pattern, synonyms = _table()
    if pattern is None or not base:
        return [base]
    matches = list(pattern.finditer(base))
    if not matches:
        return [base]
    variants = [base]
    choices = [synonyms[m.group()] for m in matches]
    for combo in itertools.islice(itertools.product(*choices), MAX_VARIANTS):
        parts, last = [], 0
        for m, official in zip(matches, combo):
            parts.append(base[last : m.start()])
            parts.append(official)
            last = m.end() + _overlap(official, base[m.end() :])
        parts.append(base[last:])
        variant = "".join(parts)
        if variant not in variants:
            variants.append(variant)
    return variants
