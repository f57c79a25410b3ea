"""What a question asks: its matter, the region it names, what it excludes.

    >>> q = understand("我家楼下新开了个饭馆，油烟天天往屋里灌，打12345应该转给哪个部门？")
    >>> q.matter
    '我家楼下新开了个饭馆油烟天天往屋里灌'

- The conversational shell (请问, 哪个部门, 归谁管, 应该转给谁 …) is removed by the phrase list of
  ``lexicon.strip_shell`` (data with a source per phrase), not by per-question rules.
- A region named in the question (在广州, 浦东新区, 济南市区 …) is recognised when the caller gave
  none, and the answer says it was taken from the question; its name leaves the matter.
- Exclusions and negations (不含河道采砂, 不是…, 除了…) are kept apart as ``excluded`` terms: an
  answer text about an excluded matter is not offered.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .lexicon import expand, strip_shell
from .normalize import normalize, to_simplified

_NEGATION = re.compile(r"(?:不含|不包括|不包含|除了|除去|不是|不要|不属于)([^，,。；;？?！!（）()]{2,12}?)"
                       r"(?:以外|之外|外|的|[，,。；;？?！!（）()]|$)")


@dataclass
class RegionRef:
    code: str
    name: str
    from_query: bool


@dataclass
class Query:
    text: str                  # as asked
    matter: str                # normalised, without shell, region names and negations
    variants: list[str]        # the matter and its formal wordings (lexicon)
    region: RegionRef | None = None
    excluded: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)   # what was taken off, for the explanation


def _regions_in(text: str) -> list[tuple[tuple[int, int], str, str]]:
    """(span, code, name) of the regions named in ``text``, most specific first."""
    try:
        from graph.reference.regions import find_regions_in_text
    except ImportError:  # before the national regions table (issue 10) is on main
        return []
    found = []
    for span, region in find_regions_in_text(text):
        found.append((span, region.code, region.full_name or region.name))
    rank = {"township": 0, "county": 1, "city": 2, "province": 3}
    return sorted(found, key=lambda f: (rank.get(_level(f[1]), 4), f[0]))


def _level(code: str) -> str:
    if len(code) > 6:
        return "township"
    if code.endswith("0000"):
        return "province"
    return "city" if code.endswith("00") else "county"


def understand(text: str, region: str | None = None) -> Query:
    """Read a question. ``region`` is a region code given by the caller (it wins over the text)."""
    plain = to_simplified(unicodedata.normalize("NFKC", text))
    removed: list[str] = []
    excluded = []
    for m in _NEGATION.finditer(plain):
        term = normalize(m.group(1))
        if len(term) >= 2:
            excluded.append(term)
    body = _NEGATION.sub("，", plain)
    ref = RegionRef(region, "", False) if region else None
    spans = _regions_in(body)
    if spans and ref is None:
        _, code, name = spans[0]
        ref = RegionRef(code, name, True)
    for (start, end), _, _ in sorted(spans, key=lambda s: -s[0][0]):
        removed.append(body[start:end])
        body = body[:start] + "，" + body[end:]
    shell_free = strip_shell(body)
    matter = normalize(shell_free) or normalize(body) or normalize(plain)
    if normalize(body) != matter:
        removed.append("（口语外壳）")
    return Query(text=text, matter=matter, variants=[v for v in expand(matter) if v] or [matter],
                 region=ref, excluded=excluded, removed=removed)
