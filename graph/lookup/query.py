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
from functools import lru_cache

from .lexicon import expand, strip_shell
from .normalize import normalize, to_simplified

# (not the A-not-A question 「要不要审批」「是不是归…管」: it asks, it excludes nothing)
_NEGATION = re.compile(r"(?:不含|不包括|不包含|除了|除去|(?<!是)不是|(?<!要)不要|不属于)([^，,。；;？?！!（）()]{2,12}?)"
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


_STREET = re.compile(r"(?:路|街|大街|大道|巷|桥|公园|广场)")
# A place's preposition goes with it: 「在广州开饭店」 leaves 「开饭店」.
_PLACE_PREPOSITION = ("在", "到", "去", "往")
_BEFORE_PREPOSITION = "我你他她它们家，,。；;？?！! "   # not 现在, 正在, 所在


def _short_names_of(regions: list) -> dict[str, tuple[str, str]]:
    """A prefecture city's name without 市 (广州, 信阳) → (code, name): how people name a city in a
    question (在广州开饭店). Left out where the short name is also another division's name or
    another city's (the divisions table decides, not a list of cities)."""
    taken: dict[str, int] = {}
    for r in regions:
        for n in {r.name, r.short_name, r.full_name}:
            taken[n] = taken.get(n, 0) + 1
    out: dict[str, tuple[str, str]] = {}
    clash: set[str] = set()
    for r in regions:
        if r.level != "city" or not r.short_name.endswith("市"):
            continue
        short = r.short_name[:-1]
        if len(short) < 2 or taken.get(short) or short in out:
            clash.add(short)
            continue
        out[short] = (r.code, r.name)
    return {k: v for k, v in out.items() if k not in clash}


@lru_cache(maxsize=2)
def _city_short_names(townships: bool = True) -> dict[str, tuple[str, str]]:
    """The short city names, checked against every division (townships too) or, with
    ``townships=False``, against provinces, cities and counties only: a superset of the first,
    since more divisions only add clashes. Reading the 41,352 townships costs ~1.8 s, so a
    question is checked against the superset first and the townships are read only when one of
    its short names occurs in the question (most questions name no city without 市)."""
    try:
        from graph.reference.regions import all_regions
    except ImportError:
        return {}
    return _short_names_of(list(all_regions(townships=townships).values()))


def _city_shorts_for(text: str) -> dict[str, tuple[str, str]]:
    candidates = _city_short_names(townships=False)
    sizes = {len(k) for k in candidates}
    if not any(text[i:i + n] in candidates for n in sizes for i in range(len(text) - n + 1)):
        return {}
    return _city_short_names(townships=True)


def _regions_in_question(text: str) -> list[tuple[tuple[int, int], str, str]]:
    """Regions named in a question: the divisions' names (_regions_in) and cities named without
    市 (在广州), where no longer name already covers the place."""
    found = _regions_in(text)
    covered = [span for span, _, _ in found]
    shorts = _city_shorts_for(text)
    for size in sorted({len(k) for k in shorts}, reverse=True):
        for i in range(len(text) - size + 1):
            hit = shorts.get(text[i:i + size])
            # 中山路, 延安街: a street named after the city, not the city.
            if hit and not _STREET.match(text, i + size) and not any(a < i + size and i < b for a, b in covered):
                found.append(((i, i + size), hit[0], hit[1]))
                covered.append((i, i + size))
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
    spans = _regions_in_question(body)
    if spans and ref is None:
        _, code, name = spans[0]
        ref = RegionRef(code, name, True)
    for (start, end), _, _ in sorted(spans, key=lambda s: -s[0][0]):
        if start and body[start - 1] in _PLACE_PREPOSITION and (start == 1 or body[start - 2] in _BEFORE_PREPOSITION):
            start -= 1
        if body[end - 1:end] == "市" and body[end:end + 1] == "区" and body[end + 1:end + 2] not in ("县", "政", "划", "域", "级", "委"):
            end += 1   # 「济南市区的噪音」: the city's urban districts, not a 区 of the matter
        if body[end:end + 1] == "的":
            end += 1   # 「上海的自来水…」: the possessive goes with the place
        removed.append(body[start:end])
        body = body[:start] + "，" + body[end:]
    shell_free = strip_shell(body)
    matter = normalize(shell_free) or normalize(body) or normalize(plain)
    if normalize(body) != matter:
        removed.append("（口语外壳）")
    return Query(text=text, matter=matter, variants=[v for v in expand(matter) if v] or [matter],
                 region=ref, excluded=excluded, removed=removed)
