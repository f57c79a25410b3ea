"""Where a duty text applies: its region and level, from the issuer, the title and the text.

    >>> document_scope("石柱土家族自治县西沱国家历史文化名镇保护条例").level
    'county'
    >>> document_scope("中华人民共和国食品安全法").level
    'national'

「石柱县人民政府办公室关于…」 → that county; 「济南市…条例」 → 济南市 (and, by level, every county under
it); 「浙江省…条例」 → the province; a ministry's 三定 or a national law → national. The region is
looked up in the bundled divisions (``graph.reference.regions`` when present, else the regions the
project knew before it); a place the divisions do not know is kept by name with the level its suffix
says (「彭水苗族土家族自治县」 → county), never dropped. ``how`` says in Chinese what decided it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

MUNICIPALITIES = ("北京", "上海", "天津", "重庆")
NATIONAL = re.compile(r"^(?:中华人民共和国|国务院|全国人民代表大会|国家(?!级)|中共中央|最高人民)|^[\u4e00-\u9fff]{2,10}部(?:职能配置|关于|主要职责|$)")
_PLACE = re.compile(r"^(?:中国（(?P<paren>[\u4e00-\u9fff]{2,4})）)?(?P<place>[\u4e00-\u9fff]{2,12}?(?:特别行政区|自治区|自治州|自治县|省|市|州|盟|县|区|旗))")
_LEVEL_OF_SUFFIX = (("特别行政区", "province"), ("自治区", "province"), ("省", "province"), ("自治州", "city"),
                    ("州", "city"), ("盟", "city"), ("自治县", "county"), ("县", "county"), ("旗", "county"),
                    ("区", "county"), ("市", "city"))
HEADER_LEVEL = {"national": "national", "province": "province", "city": "city", "county": "county",
                "township": "township"}


@dataclass(frozen=True)
class Scope:
    code: str       # GB/T 2260 code, "" when national or when the divisions do not know the place
    name: str       # 「济南市」, 「全国」
    level: str      # national / province / city / county / township
    how: str        # 「标题“济南市…”」: what decided it

    @property
    def level_zh(self) -> str:
        return {"national": "国家", "province": "省级", "city": "市级", "county": "县级", "township": "乡级"}.get(self.level, "")


NATIONWIDE = Scope("", "全国", "national", "国家法律、行政法规或国务院部门文件")


def _lookup(name: str):
    """(code, full name, level) of a place name, or None. Uses issue 10's bundled divisions when present."""
    try:
        from graph.reference.regions import resolve_region  # type: ignore[import-not-found]
    except ImportError:
        resolve_region = None
    if resolve_region is not None:
        try:
            r = resolve_region(name)
            return r.code, r.name, r.level
        except ValueError:
            return None
    from ingest.regions import UnknownRegionError, resolve_region as known

    try:
        r = known(name)
        return r.code, r.name, r.level
    except UnknownRegionError:
        return None


def _suffix_level(place: str) -> str:
    if any(place.startswith(m) for m in MUNICIPALITIES):
        return "province"
    for suffix, level in _LEVEL_OF_SUFFIX:
        if place.endswith(suffix):
            return level
    return ""


def _opening_region(text: str):
    """The most specific division named by the region names a text opens with, one after another:
    「河北省邯郸市磁县」 → 磁县, 「磁县行政审批局…」 → 磁县 (the suffix search below stops at 邯郸市, or
    needs two characters before 县). None when the text does not open with a division's name."""
    try:
        from graph.reference.regions import find_regions_in_text  # type: ignore[import-not-found]
    except ImportError:
        return None
    end, found = 0, None
    for (start, stop), region in find_regions_in_text(text):
        if start != end:
            break
        end, found = stop, region
    return found


def place_scope(text: str, how: str) -> Scope | None:
    """The place a title or issuer line opens with: 「济南市…」, 「石柱县人民政府办公室关于…」, 「中国（重庆）…」."""
    opening = _opening_region(text.strip())
    if opening is not None and opening.level != "township":
        return Scope(opening.code, opening.name, opening.level, how)
    m = _PLACE.match(text.strip())
    if not m:
        return None
    place = m.group("paren") or m.group("place")
    # 「汕头经济特区…」「郑洛新国家自主创新示范区」: the place is the part before a non-place word.
    for cut in ("经济特区", "国家", "高新", "新区"):
        if cut in place:
            place = place.split(cut)[0] + ("市" if cut == "经济特区" else "")
    candidates = [place]
    # 「北京市…」 may be cut too short or too long by the suffix search: try the municipality's name.
    for city in MUNICIPALITIES:
        if place.startswith(city):
            candidates.insert(0, city + "市")
    for cand in candidates:
        found = _lookup(cand) or (_lookup(cand[:-1]) if len(cand) > 2 else None)
        if found:
            code, name, level = found
            return Scope(code, name, level or _suffix_level(cand), how)
    level = _suffix_level(place)
    if level and len(place) >= 2:
        return Scope("", place, level, how + "（区划表中未找到该地名，按名称后缀定级）")
    return None


def document_scope(title: str, issuer: str = "", header_level: str = "", folder_province: str = "",
                   department: str = "") -> Scope:
    """The scope of one document (see the module doc)."""
    title = (title or "").strip()
    if NATIONAL.search(title) or NATIONAL.search(department or "") or header_level.startswith("national"):
        return NATIONWIDE
    for text, how in ((issuer, f"发文机关“{issuer}”"), (title, f"标题“{title[:20]}”"),
                      (department, f"部门“{department}”")):
        if text:
            s = place_scope(text, how)
            if s:
                return s
    # A header such as 「level: city (辽宁省辽阳市)」: the place in parentheses, the level before it.
    m = re.match(r"^(\w+)\s*[（(]([^)）]+)[)）]", header_level or "")
    if m:
        place = re.sub(r"^.*?(?:省|自治区)(?=[\u4e00-\u9fff]{2,}(?:市|州|县|区))", "", m.group(2))
        s = place_scope(place, f"文件题注“{header_level}”")
        if s:
            return s
    if folder_province:
        s = place_scope(folder_province + ("市" if folder_province in MUNICIPALITIES else "省"),
                        f"所在目录“{folder_province}”（标题未写地名）")
        if s:
            return s
    level = HEADER_LEVEL.get((header_level or "").split(" ")[0], "")
    return Scope("", "", level, "未能从标题、发文机关或正文确定地区" if not level else f"文件题注“{header_level}”")
