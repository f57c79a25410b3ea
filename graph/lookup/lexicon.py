"""The domain lexicon (colloquial ↔ formal) and the conversational shell of questions, as data.

    >>> expand(normalize("养狗要办什么证"))
    ['养狗证', '养犬证', '犬只证', '犬类证']

- ``data/lexicon.csv`` (colloquial, formal, source): 狗 → 犬, 驾照 → 驾驶证 … every row says
  where the formal wording comes from (a list row, a regulation's article, a statute's name).
  Only queries are expanded, never the indexed texts; the first variant is the query itself,
  since official names sometimes use the colloquial word (医保电子凭证申领).
- ``data/shell_phrases.csv`` (phrase, kind, source): 请问, 哪个部门, 归谁管, 应该转给谁, 怎么办 …
  removed from a question so that its matter is what gets matched. Phrases of kind 语气 (吗, 呢)
  are removed only at the end of a clause: 吗啡 stays.
- Users extend both: files named in ``DUTYGRAPH_LEXICON`` / ``DUTYGRAPH_SHELL`` (paths separated
  by the OS path separator) are read after the bundled ones, same columns.
"""
from __future__ import annotations

import csv
import itertools
import os
import re
from functools import lru_cache
from pathlib import Path

from .normalize import normalize

DATA = Path(__file__).with_name("data")
LEXICON = DATA / "lexicon.csv"
SHELL = DATA / "shell_phrases.csv"

# Two matched terms with three alternatives each already give 9 variants; every variant
# costs one more scoring pass, so the product is capped.
MAX_VARIANTS = 8
_CLAUSE_END = "，。？！；,.?!;…～~ "


def _files(bundled: Path, env: str) -> list[Path]:
    extra = [Path(p) for p in os.environ.get(env, "").split(os.pathsep) if p.strip()]
    return [bundled, *extra]


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def _alternation(terms) -> re.Pattern | None:
    # Longest first: the regex takes the first alternative that matches, so "养狗" wins over
    # "狗" and "怎么办理" over "怎么".
    terms = sorted(set(terms), key=lambda t: (-len(t), t))
    return re.compile("|".join(map(re.escape, terms))) if terms else None


@lru_cache(maxsize=1)
def lexicon() -> dict[str, list[str]]:
    """Normalised colloquial term → its formal wordings, in file order."""
    out: dict[str, list[str]] = {}
    for path in _files(LEXICON, "DUTYGRAPH_LEXICON"):
        for row in _rows(path):
            term = normalize(row.get("colloquial", ""))
            formal = [normalize(x) for x in (row.get("formal") or "").split("|") if normalize(x)]
            if term and formal:
                out.setdefault(term, [])
                out[term].extend(f for f in formal if f not in out[term])
    return out


@lru_cache(maxsize=1)
def _shell() -> tuple[re.Pattern | None, re.Pattern | None]:
    """(phrases removed anywhere, particles removed at a clause end)."""
    anywhere, at_end = [], []
    for path in _files(SHELL, "DUTYGRAPH_SHELL"):
        for row in _rows(path):
            phrase = (row.get("phrase") or "").strip().lower()
            if phrase:
                (at_end if row.get("kind") == "语气" else anywhere).append(phrase)
    end = _alternation(at_end)
    end_re = re.compile(f"(?:{end.pattern})(?=[{re.escape(_CLAUSE_END)}]|$)") if end else None
    return _alternation(anywhere), end_re


@lru_cache(maxsize=1)
def _lexicon_pattern() -> re.Pattern | None:
    return _alternation(lexicon())


def strip_shell(text: str) -> str:
    """The question without its conversational shell; punctuation is kept (clauses matter).

    "请问养狗要办什么证？" → "养狗证？"; a question made only of shell is kept as it was.
    """
    anywhere, at_end = _shell()
    out = text.lower()
    # The phrases first, then the particles: 「这种情况应该找哪个部门」 leaves 应该 at the clause's end only once
    # 找哪个部门 is gone.
    if anywhere is not None:
        out = anywhere.sub("", out)
    while at_end is not None and (less := at_end.sub("", out)) != out:
        out = less   # 「…这种情况应该？」: each particle taken off leaves the one before it at the end
    return out if normalize(out) else text


def strip_fillers(query_norm: str) -> str:
    """The normalised query without its shell. "开饭店要什么许可" → "开饭店许可"."""
    return normalize(strip_shell(query_norm))


def _overlap(official: str, rest: str) -> int:
    """Length of the text after the match that the formal term already ends with.

    "结婚登记": 结婚 → 婚姻登记 must give "婚姻登记", not "婚姻登记登记".
    """
    for k in range(min(len(official), len(rest)), 0, -1):
        if official.endswith(rest[:k]):
            return k
    return 0


def expand(query_norm: str) -> list[str]:
    """Variants of a normalised query (shell removed), the query itself first.

    "开饭店要什么许可" → ['开饭店许可', '开餐饮许可', '开食品经营许可'].
    """
    base = strip_fillers(query_norm)
    pattern = _lexicon_pattern()
    if pattern is None or not base:
        return [base]
    matches = list(pattern.finditer(base))
    if not matches:
        return [base]
    table = lexicon()
    variants = [base]
    for combo in itertools.islice(itertools.product(*(table[m.group()] for m in matches)), MAX_VARIANTS):
        parts, last = [], 0
        for m, formal in zip(matches, combo):
            parts.append(base[last: m.start()])
            parts.append(formal)
            last = m.end() + _overlap(formal, base[m.end():])
        parts.append(base[last:])
        variant = "".join(parts)
        if variant not in variants:
            variants.append(variant)
    return variants
