"""Bodies a document designates for a department type: 「上海市水务局（以下简称市水务局）是本市供水行政主管部门」.

Within that regulation the city's 供水行政主管部门 is 上海市水务局, so a later clause naming the type at the
document's own level (「市供水行政主管部门」, or the type with no level word) is held by the body the text
designated, and the designating sentence is evidence for it. A district's type (「区供水行政主管部门」) is not:
the definition names the city's body only.

    designations(text_units(text, "law")) → {"供水行政主管部门": Designation("上海市水务局", named=True, …)}

``named`` says the designated body is a concrete one (「上海市水务局」, 「重庆市通信管理局」); otherwise it is
another type (「市卫生行政部门是本市职业病防治工作的主管部门」 → 卫生行政部门), which the region's reform map and
roster resolve as any type.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from ingest.clauses import split_holders
from ingest.document_units import TextUnit

_TYPE_WORDS = ("行政主管部门", "主管部门", "行政管理部门", "管理部门", "主管机关")
_TYPE = "|".join(_TYPE_WORDS)
_SHORT = r"（(?:以下简称|以下称)[“\"]?(?P<{name}>[^）”\"]{{2,16}})[”\"]?）"
_DEFINITION = re.compile(
    r"(?:^|(?<=[\s，；。]))(?:第[零〇一二三四五六七八九十百千0-9]+条\s*)?"
    r"(?P<a>[\u4e00-\u9fff（）、]{2,30}?)(?:" + _SHORT.format(name="short") + r")?"
    r"(?:是|为)本(?:市|省|自治区)(?:行政区域内)?的?(?P<x>[^，。；、（“”]{1,20}?)(?:工作)?的?(?P<t>" + _TYPE + r")"
    r"(?:" + _SHORT.format(name="short2") + r")?")
# A concrete body: a place's name, then the body (「上海市水务局」「重庆市通信管理局」「北京市园林绿化局」).
_PROVINCE_BODY = re.compile(r"^[\u4e00-\u9fff]{2,8}?(?:省|自治区)")
_NAMED_BODY = re.compile(r"^[\u4e00-\u9fff]{2,8}?(?:省|市|自治区)[\u4e00-\u9fff]{2,16}(?:局|委员会|厅|委|办公室)$")


@dataclass(frozen=True)
class Designation:
    body: str          # the designated body: full name when named, else the type without level words
    named: bool        # a concrete body (not another type)
    level: str         # the level words of the definition's subject (「市」), which the holder must share
    locator: str       # where the document says so (第四条)
    text: str          # the designating sentence


def designations(units: Iterable[TextUnit]) -> dict[str, Designation]:
    """Type name (without level words) → the body the document designates for it; the first definition wins."""
    out: dict[str, Designation] = {}
    for unit in units:
        for m in _DEFINITION.finditer(unit.text):
            holders, _ = split_holders(m.group("a"))
            if len(holders) != 1 or "、" in m.group("a"):
                continue   # 「市、区民政部门是本市殡葬活动的行政主管部门」: several bodies, no single designee
            h = holders[0]
            named = bool(_NAMED_BODY.match(m.group("a")))
            # (a named body's level is its place's: 上海市水务局 is the 市 body, 广东省…厅 the 省 one)
            level = ("省" if _PROVINCE_BODY.match(m.group("a")) else "市") if named else h.level
            d = Designation(m.group("a") if named else h.name, named, level, unit.locator, unit.text)
            x = m.group("x").removesuffix("的")
            keys = [x + t for t in _TYPE_WORDS]
            for short in (m.group("short"), m.group("short2")):
                if short:
                    keys += [s.name for s in split_holders(short)[0]]
            for key in keys:
                if key != d.body:
                    out.setdefault(key, d)
    return out


def designated(holder_name: str, holder_level: str, found: dict[str, Designation]) -> Designation | None:
    """The designation that applies to a clause's holder: same type name, the definition's level or none."""
    d = found.get(holder_name)
    if d is None or holder_level not in ("", d.level):
        return None
    return d
