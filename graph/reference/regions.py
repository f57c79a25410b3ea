"""Every administrative division of China (行政区划), by code or by name, the way users write them.

    >>> resolve_region("广安区").code
    '511602'
    >>> resolve_region("四川省广安市广安区").name
    '广安市广安区'
    >>> resolve_region("370783").full_name
    '山东省潍坊市寿光市'
    >>> [r.code for r in ancestors("511602")]
    ['511602', '511600', '510000']

The divisions are the 2023 统计用区划代码 of 国家统计局 at four levels (``data/divisions/``, see
its README for the source): 31 provinces, 342 cities, 2,978 county-level divisions, 41,352
townships. ``data/regions.csv`` adds facts about the regions dutygraph ships samples for
(their customary names and short forms, the 本级政府 that holds a list naming no department,
notes) and places the statistics do not have (明南街道's local code 341182X01).

Codes are kept as GB/T 2260 writes them: six digits for provinces, cities and counties
(510000, 511600, 511602), nine for townships (511602001). :func:`normalize_code` turns the
2-, 4- and 12-digit forms that lists carry into these. The statistics' placeholder cities of
the municipalities and of the province-administered counties (北京市 "市辖区", 重庆市 "县",
"省直辖县级行政区划") are not regions: their counties belong to the province, and their codes
(110100, 500200, 419000) resolve to the province.

``Region.name`` is the customary name: the short name where it is unique in the country
(寿光市, 磁县), else qualified by the parent (广安市广安区, 北京市朝阳区, 明光市明南街道);
``full_name`` runs from the province down (四川省广安市广安区), ``short_name`` is the division's
own name (广安区). A name shared by several divisions (朝阳区 in 北京 and 长春) is refused with
:class:`AmbiguousRegion` listing the candidates, never guessed; naming the parent settles it
(北京市朝阳区, or ``within="北京市"``).

The tables are built on first use and kept for the process: provinces, cities and counties
first (~0.07 s of CPU including the import), the 41,352 townships only when a question needs
them (~0.6 s more; measured on a shared 2-core machine).

Places that are not divisions (开发区, 高新区) are declared by users in a CSV of their own
(:func:`declare_regions`, ``--regions FILE``, ``$DUTYGRAPH_REGIONS``,
``~/.config/dutygraph/regions.csv``) and join the same tables.
"""
from __future__ import annotations

import csv
import hashlib
import os
import re
import threading
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from graph.reference.data_files import DATA_DIR, read_rows

DIVISIONS_DIR = DATA_DIR / "divisions"
REGIONS_FILE = "regions.csv"
# Places users declare (开发区, 高新区 …): files named here (os.pathsep between several) and the
# user's own config file are read on first use, besides any ``--regions FILE``.
USER_REGIONS_ENV = "DUTYGRAPH_REGIONS"
LEVELS = ("province", "city", "county", "township")
LEVEL_ZH = {"province": "省级", "city": "市级", "county": "县级", "township": "乡级"}
# The statistics' placeholder cities: their counties belong directly to the province.
_PLACEHOLDER_CITIES = ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划")
# Short forms people use for provinces and cities (四川, 广州, 广西); counties keep their suffix
# (朝阳 alone could be 朝阳区, 朝阳县 or 朝阳市).
_PROVINCE_SUFFIX = re.compile(r"(壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区|省|市)$")
_CITY_SUFFIX = re.compile(r"(市|地区|盟)$")
_CODE = re.compile(r"\d{2}|\d{4}|\d{6}|\d{9}|\d{12}|\d{6}[A-Za-z]\w*")


class RegionError(ValueError):
    """A region that cannot be used as given; the message (Chinese) says why and what would do."""


class UnknownRegion(RegionError):
    """No division (nor declared place) by this name or code."""


class RegionFileError(RegionError):
    """A user's regions file that cannot be read as given (file, line and what is wrong)."""


class AmbiguousRegion(RegionError):
    """Several divisions answer to this name; ``candidates`` lists them. Message in Chinese."""

    def __init__(self, message: str, candidates: list[Region]) -> None:
        super().__init__(message)
        self.candidates = candidates


@dataclass(frozen=True)
class Region:
    code: str               # 511602 (GB/T 2260), 511602001 (township), or a local code 341182X01
    name: str               # customary name: 广安市广安区, 寿光市
    full_name: str          # 四川省广安市广安区
    level: str              # province / city / county / township
    parent: str             # the parent's code, "" for a province
    short_name: str = ""    # the division's own name: 广安区
    aliases: tuple[str, ...] = ()   # other names it answers to: 广安区, 广安 (from regions.csv)
    government: str = ""    # 本级政府, holder of a list that names no department
    note: str = ""
    source: str = ""        # the bundled file the region comes from: divisions/areas.csv, regions.csv
    line: int = 0           # its line there, for provenance

    @property
    def names(self) -> tuple[str, ...]:
        """Every name that denotes this region in text, customary name first."""
        return tuple(dict.fromkeys(n for n in (self.name, self.short_name, self.full_name, *self.aliases) if n))

    @property
    def node_id(self) -> str:
        return region_node_id(self.code)

    @property
    def level_zh(self) -> str:
        return LEVEL_ZH.get(self.level, self.level)


def region_node_id(code: str) -> str:
    return f"region:{code}"


# ---------------------------------------------------------------------------- codes
def normalize_code(code: str) -> str:
    """A division code in its GB/T 2260 form (6 digits, 9 for a township); other text unchanged.

    例: "51" → "510000", "5116" → "511600", "511602000000" → "511602",
    "341182004000" → "341182004", "511602001000" → "511602001", "511602000" → "511602".
    """
    c = unicodedata.normalize("NFKC", code or "").strip()
    if not c.isdigit():
        return c
    if len(c) == 12:
        c = c[:6] if c[6:] == "000000" else c[:9]
    if len(c) == 9 and c.endswith("000"):
        c = c[:6]
    if len(c) == 2:
        return c + "0000"
    if len(c) == 4:
        return c + "00"
    return c


def looks_like_code(text: str) -> bool:
    """A 2/4/6/9/12-digit code or a local code such as 341182X01."""
    return bool(_CODE.fullmatch(unicodedata.normalize("NFKC", text or "").strip()))


def region_prefix(code: str) -> str:
    """The part of a code that every region below it shares.

    例: "510000" → "51", "511600" → "5116", "511602" → "511602", "511602000000" → "511602",
    "511602001" → "511602001". County codes may end in 0 ("340110"), so strip by level, not by digit.
    """
    code = normalize_code(code)
    if len(code) == 6:
        if code.endswith("0000"):
            return code[:2]
        if code.endswith("00"):
            return code[:4]
    return code


def code_within(code: str, region: str | None) -> bool:
    """Whether ``code`` lies in ``region`` (itself or below it); everything lies in no region.

    Decided on the codes' shape, so it also holds for codes the tables do not know; a
    national item ("") lies in no region.
    """
    if not region:
        return True
    code = normalize_code(code)
    return bool(code) and region_prefix(code).startswith(region_prefix(region))


def county_of(code: str) -> str:
    """The county-level code a code lies in (a township "511602001" → "511602"); "" for national.

    A declared place (440100K…, a 开发区 of 广州市) is its own county when declared at that level.
    """
    code = normalize_code(code)
    if not code.isdigit() and code:
        region = get_region(code)
        while region is not None and region.level == "township" and region.parent:
            region = get_region(region.parent)
        if region is not None and region.level == "county":
            return region.code
    return code[:6] if len(code) >= 6 else code


def level_of(code: str) -> str | None:
    """The level of a code: from the tables when they know it, else from its shape."""
    if not code:
        return None
    code = normalize_code(code)
    region = get_region(code)
    if region is not None:
        return region.level
    if len(code) > 6:
        return "township"
    if code.endswith("0000"):
        return "province"
    return "city" if code.endswith("00") else "county"


# ---------------------------------------------------------------------------- tables
@dataclass
class _Tables:
    by_code: dict[str, Region] = field(default_factory=dict)
    code_alias: dict[str, str] = field(default_factory=dict)   # placeholder city or old local code → region
    # Any name form → the codes it denotes (a tuple: most names denote one region).
    by_name: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # The forms safe to look for in running text (not 广州 for 广州市: 中山路 is no 中山市).
    text_names: dict[str, tuple[str, ...]] = field(default_factory=dict)
    longest_text_name: int = 0
    facts: dict[str, tuple[int, dict[str, str]]] = field(default_factory=dict)   # regions.csv by code
    has_townships: bool = False
    declared: list[Region] = field(default_factory=list)   # the user's places, kept when townships arrive


def _add(table: dict[str, tuple[str, ...]], name: str, code: str) -> None:
    have = table.get(name)
    if have is None:
        table[name] = (code,)
    elif code not in have:
        table[name] = have + (code,)


_LOCK = threading.RLock()     # re-entered: declaring a user's place resolves its parent
_TABLES: _Tables | None = None
_USER_ERROR: RegionFileError | None = None


def _tables(townships: bool = False) -> _Tables:
    """The tables, built on first use. The 41,352 townships are read only when a question
    needs them (a 9-digit code, a name no county-level region has, a text to search): most
    commands name a county and should not pay for them."""
    global _TABLES
    t = _TABLES
    if t is None or (townships and not t.has_townships):
        with _LOCK:
            if _TABLES is None:
                _TABLES = _build_upper()
                _declare_user_files()
            if townships and not _TABLES.has_townships:
                _TABLES = _with_townships(_TABLES)   # a new object: readers of the old one are undisturbed
            t = _TABLES
    if _USER_ERROR is not None:
        raise _USER_ERROR
    return t


def _csv(name: str) -> list[tuple[int, dict[str, str]]]:
    with open(DIVISIONS_DIR / name, encoding="utf-8", newline="") as fh:
        return [(n, row) for n, row in enumerate(csv.DictReader(fh), start=2)]


def _build_upper() -> _Tables:
    """Provinces, cities and counties, with the bundled facts about them."""
    t = _Tables()
    t.facts = {row["代码"]: (line, row) for line, row in read_rows(REGIONS_FILE)}
    for code, (_, row) in t.facts.items():
        for old in (c for c in re.split(r"[、;；]", row.get("其他代码", "")) if c):
            t.code_alias[old] = code
    rows: list[tuple[str, str, str, str, str, int]] = []   # code, short name, level, parent, source, line
    for line, row in _csv("provinces.csv"):
        rows.append((normalize_code(row["code"]), row["name"], "province", "", "divisions/provinces.csv", line))
    for line, row in _csv("cities.csv"):
        code, province = normalize_code(row["code"]), normalize_code(row["provinceCode"])
        if row["name"] in _PLACEHOLDER_CITIES:
            t.code_alias[code] = province
            continue
        rows.append((code, row["name"], "city", province, "divisions/cities.csv", line))
    for line, row in _csv("areas.csv"):
        city = normalize_code(row["cityCode"])
        rows.append((normalize_code(row["code"]), row["name"], "county", t.code_alias.get(city, city),
                     "divisions/areas.csv", line))
    _add_regions(t, rows, ("province", "city", "county"))
    return t


def _with_townships(upper: _Tables) -> _Tables:
    t = _Tables(dict(upper.by_code), dict(upper.code_alias), dict(upper.by_name), dict(upper.text_names),
                upper.longest_text_name, upper.facts, True, upper.declared)
    rows = []
    for line, row in _csv("streets.csv"):
        county = normalize_code(row["areaCode"])
        rows.append((normalize_code(row["code"]), row["name"], "township", t.code_alias.get(county, county),
                     "divisions/streets.csv", line))
    _add_regions(t, rows, ("township",))
    return t


def _add_regions(t: _Tables, rows: list[tuple[str, str, str, str, str, int]], levels: tuple[str, ...]) -> None:
    """Regions from division rows (parents first) and from the bundled places the statistics lack."""
    known = {r[0] for r in rows}
    for code, (line, row) in t.facts.items():
        if code not in known and code not in t.by_code and row["级别"] in levels:
            short = next((a for a in re.split(r"[、;；]", row["简称/别名"]) if a), row["名称"])
            rows.append((code, short, row["级别"], row["上级代码"], REGIONS_FILE, line))
    rows.sort(key=lambda r: LEVELS.index(r[2]) if r[2] in LEVELS else len(LEVELS))
    # A county's short name unique in the country is its customary name (寿光市); others are
    # qualified by their parent (广安市广安区, 北京市朝阳区). Townships always are (城关镇 ×88).
    counts: dict[str, int] = {}
    for r in rows:
        counts[r[1]] = counts.get(r[1], 0) + 1
    added: list[Region] = []
    for code, short, level, parent_code, source, line in rows:
        if code in t.by_code:          # 东莞市 441900 lists itself as its own county, 金门县 as its township
            continue
        parent = t.by_code.get(parent_code)
        full = (parent.full_name if parent else "") + short
        if parent is None or level in ("province", "city") or (level == "county" and counts[short] == 1):
            name = short
        elif level == "county":
            name = parent.short_name + short
        else:
            name = (parent.short_name if parent.name == parent.short_name else parent.name) + short
        aliases: tuple[str, ...] = ()
        government, note = _government(name, short, level), ""
        if code in t.facts:
            line, frow = t.facts[code]
            source = REGIONS_FILE
            name = frow["名称"] or name
            aliases = tuple(a for a in re.split(r"[、;；]", frow["简称/别名"]) if a)
            government = frow["本级政府"] or government
            note = frow["备注"]
        region = Region(code, name, full, level, parent.code if parent else "", short, aliases,
                        government, note, source, line)
        t.by_code[code] = region
        added.append(region)
    _index_names(t, added)


def _government(name: str, short: str, level: str) -> str:
    if level == "township":
        return short + "办事处" if short.endswith("街道") else short + "人民政府"
    return name + "人民政府"


_TOWNSHIP_SUFFIXES = ("镇", "乡", "街道", "苏木", "地区")   # 南磨房地区: a 地区办事处 of 北京


def _is_plain_word(r: Region) -> bool:
    """A division whose own name is also an ordinary word, so that alone in a text it names nothing:
    township-level units named 林业局, 农场, 林场, 开发区 …, and two-character districts
    (城区, 郊区, 矿区). Qualified (阳泉市矿区) they are found; by name they still resolve."""
    if r.level == "township":
        return not r.short_name.endswith(_TOWNSHIP_SUFFIXES)
    return r.level == "county" and len(r.short_name) == 2 and r.short_name.endswith("区")


def _index_names(t: _Tables, regions: list[Region]) -> None:
    """Every form of each region's name that resolves to it."""
    by_code, by_name, text_names = t.by_code, t.by_name, t.text_names
    for r in regions:
        code, short = r.code, r.short_name
        parent = by_code.get(r.parent)
        in_text = {r.name, short, r.full_name, *r.aliases}
        if parent is not None:
            # 广安市广安区, 北京市朝阳区, 明光市明南街道: the name written after its parent's
            in_text.update((parent.short_name + short, parent.name + short))
        for n in in_text:
            _add(by_name, n, code)
            if len(n) >= 2 and not (n == short and _is_plain_word(r)):
                _add(text_names, n, code)
        if r.level == "province":
            _add(by_name, _PROVINCE_SUFFIX.sub("", short) or short, code)
            _add(text_names, _PROVINCE_SUFFIX.sub("", short) or short, code)
        elif r.level == "city":
            _add(by_name, _CITY_SUFFIX.sub("", short) or short, code)
        elif r.level == "county" and parent is not None and parent.parent in by_code:
            _add(by_name, by_code[parent.parent].short_name + short, code)   # 四川省广安区
        t.longest_text_name = max(t.longest_text_name, len(r.full_name) + 4)


# ---------------------------------------------------------------------------- declared places
_DECLARED_HEADERS = {
    "name": ("名称", "地区名称", "地方名称", "名字"),
    "parent": ("上级", "上级地区", "所属地区", "上级代码", "所属行政区划", "上级区划"),
    "code": ("代码", "区划代码", "地区代码", "编码"),
    "aliases": ("简称/别名", "简称", "别名"),
    "level": ("级别", "层级"),
    "government": ("本级政府", "管理机构", "管委会"),
    "note": ("备注", "说明"),
}
_LEVEL_WORDS = {"省级": "province", "市级": "city", "县级": "county", "乡级": "township", "乡镇级": "township"}
_LEVEL_BELOW = {"province": "city", "city": "county", "county": "township", "township": "township"}


def user_region_files() -> list[Path]:
    """The user's own regions files: ``$DUTYGRAPH_REGIONS`` and ``~/.config/dutygraph/regions.csv``."""
    files = [Path(p).expanduser() for p in os.environ.get(USER_REGIONS_ENV, "").split(os.pathsep) if p.strip()]
    config = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config") / "dutygraph" / "regions.csv"
    if config.is_file() and config not in files:
        files.append(config)
    return files


def _declare_user_files() -> None:
    global _USER_ERROR
    for path in user_region_files():
        try:
            declare_regions(path)
        except RegionFileError as exc:
            _USER_ERROR = exc       # every later use says so: a half-read config would mislead
            return


def declare_regions(path: str | Path) -> list[Region]:
    """Add the places a user's CSV declares (开发区, 高新区, 管委会, 新区 …) and return them.

    Columns (Chinese headers; only 名称 and 上级 are required)::

        名称,上级,代码,简称/别名,级别,本级政府,备注
        广州经济技术开发区,广州市,,广州开发区,县级,广州经济技术开发区管理委员会,

    ``上级`` is the division (name or code) the place lies in; ``代码`` defaults to the
    parent's code followed by K and four characters derived from the name, so that the
    place lies inside its parent wherever codes are compared; ``级别`` defaults to one
    level below the parent. Raises :class:`RegionFileError` naming the file and line.
    """
    path = Path(path).expanduser()
    where = f"地区文件 {path}"
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise RegionFileError(f"{where}: 无法读取（{type(exc).__name__}）：请给出 UTF-8 编码的 CSV 文件") from exc
    lines = [(n, cells) for n, cells in enumerate(csv.reader(text.splitlines()), start=1)
             if cells and any(c.strip() for c in cells) and not cells[0].lstrip().startswith("#")]
    if not lines:
        raise RegionFileError(f"{where}: 文件为空，应有表头「名称,上级」及至少一行")
    header_line, header = lines[0]
    column = {}
    for i, h in enumerate(c.strip() for c in header):
        for role, names in _DECLARED_HEADERS.items():
            if h in names and role not in column:
                column[role] = i
    missing = [names[0] for role, names in _DECLARED_HEADERS.items() if role in ("name", "parent") and role not in column]
    if missing:
        raise RegionFileError(f"{where} 第 {header_line} 行: 缺少「{'」「'.join(missing)}」列（表头应含 名称,上级）")
    declared: list[Region] = []
    for number, cells in lines[1:]:
        get = lambda role: cells[column[role]].strip() if role in column and column[role] < len(cells) else ""  # noqa: E731
        name, parent_text = _clean(get("name")), get("parent")
        if not name:
            raise RegionFileError(f"{where} 第 {number} 行: 「名称」为空")
        if not parent_text:
            raise RegionFileError(f"{where} 第 {number} 行: 「{name}」没有写「上级」（所在的行政区划，如 广州市）")
        try:
            parent = resolve_region(parent_text)
        except RegionError as exc:
            raise RegionFileError(f"{where} 第 {number} 行: 上级地区无法确定：{exc}") from exc
        level = _LEVEL_WORDS.get(get("level"), get("level")) or _LEVEL_BELOW[parent.level]
        if level not in LEVELS:
            raise RegionFileError(f"{where} 第 {number} 行: 未知的级别「{get('level')}」（可用 县级、乡级 等）")
        code = normalize_code(get("code")) or (
            parent.code + "K" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:4].upper())
        known = get_region(code)
        if known is not None and known.source != str(path):
            raise RegionFileError(f"{where} 第 {number} 行: 代码 {code} 已是「{known.full_name}」的代码")
        aliases = tuple(a for a in re.split(r"[、;；]", get("aliases")) if a)
        declared.append(Region(code, name, parent.full_name + name, level, parent.code, name, aliases,
                               get("government") or name + ("管理委员会" if level != "township" else "办事处"),
                               get("note") or "用户声明的地方（非行政区划）", str(path), number))
    _add_declared(declared)
    return declared


def _add_declared(regions: list[Region]) -> None:
    global _TABLES
    with _LOCK:
        old = _tables()
        t = _Tables(dict(old.by_code), dict(old.code_alias), dict(old.by_name), dict(old.text_names),
                    old.longest_text_name, old.facts, old.has_townships, [*old.declared, *regions])
        for r in regions:
            t.by_code[r.code] = r
        _index_names(t, regions)
        _TABLES = t


def reload_regions() -> None:
    """Forget the tables and the declared places; the next use reads them (and the user's files) again."""
    global _TABLES, _USER_ERROR
    with _LOCK:
        _TABLES, _USER_ERROR = None, None


# ---------------------------------------------------------------------------- lookups
def all_regions(townships: bool = True) -> dict[str, Region]:
    """Every known region by code, townships included unless asked not to (read-only)."""
    return _tables(townships=townships).by_code


def get_region(code: str) -> Region | None:
    """The region of a code in any of its forms, or None."""
    c = normalize_code(code)
    t = _tables(townships=len(c) > 6)
    c = t.code_alias.get(c, c)
    if c not in t.by_code and not t.has_townships and _may_be_township(t, c):
        t = _tables(townships=True)     # a local code (341182X01) may name a township
        c = t.code_alias.get(c, c)
    return t.by_code.get(c)


def _may_be_township(t: _Tables, code: str) -> bool:
    """Whether the township table could hold ``code``: every township code has 9 digits (or is a
    local code such as 341182X01), except a bundled place of township level; a 6-digit code
    that no county-level region has (a declared place, a generated province's 990101) is no
    township, and reading the 41,352 townships to learn so costs a second."""
    if not (code.isdigit() and len(code) <= 6):
        return True
    found = t.facts.get(code)
    return found is not None and found[1].get("级别") == "township"


def is_municipality(code: str) -> bool:
    """Whether ``code`` lies in a 直辖市 (北京, 天津, 上海, 重庆): a province-level division that is a 市
    (宪法 第三十条), as the divisions table names it — its 「市」 bodies are of the province level.

    例: is_municipality("310115") → True (浦东新区), is_municipality("511602") → False.
    """
    code = normalize_code(code)
    if len(code) < 2 or not code[:2].isdigit():
        return False
    province = get_region(code[:2] + "0000")
    return province is not None and province.level == "province" and province.short_name.endswith("市")


def ancestors(code: str) -> list[Region]:
    """The region itself, then its parents up to the province. 例: 511602 → [广安区, 广安市, 四川省]."""
    out: list[Region] = []
    region = get_region(code)
    while region is not None and len(out) < 6:
        out.append(region)
        region = _tables().by_code.get(region.parent) if region.parent else None
    return out


def is_within(code: str, within: str) -> bool:
    """Whether region ``code`` is ``within`` or below it, by the tree (declared places included)."""
    target = get_region(within)
    return target is not None and any(r.code == target.code for r in ancestors(code))


def _clean(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def _candidates(t: _Tables, text: str, within: set[str] | None, depth: int = 0) -> set[str]:
    """Codes a name denotes, optionally only those inside one of ``within``.

    A name not in the tables as a whole may be a region followed by one of its parts
    (济南市市中区, 广东广州市天河区): split it after a leading region and look the rest up there.
    """
    found = set(t.by_name.get(text, ()))
    if within is not None:
        found = {c for c in found if any(is_within(c, w) for w in within)}
    if found or depth > 3:
        return found
    for cut in range(len(text) - 1, 1, -1):
        head, tail = text[:cut], text[cut:]
        heads = t.by_name.get(head)
        if not heads or len(tail) < 2:
            continue
        if within is not None:
            heads = {h for h in heads if any(is_within(h, w) for w in within)}
        found = _candidates(t, tail, set(heads), depth + 1) if heads else set()
        if found:
            return found
    return set()


def _most_general(codes: set[str]) -> list[Region]:
    """Drop a candidate whose ancestor is a candidate too (嘉峪关市 the city, not its one district),
    and townships when a county-level or higher region has the name as well."""
    regions = [r for r in (_tables().by_code[c] for c in codes)
               if not any(a.code in codes for a in ancestors(r.code)[1:])]
    if any(r.level != "township" for r in regions):
        regions = [r for r in regions if r.level != "township"]
    return sorted(regions, key=lambda r: r.code)


def resolve_region(text_or_code: str | Region, within: str | Region | None = None) -> Region:
    """The region a name or code denotes; raise :class:`UnknownRegion` or :class:`AmbiguousRegion`.

    ``within`` (a region, its code or name) restricts the search to that region and below:
    ``resolve_region("朝阳区", within="北京市")`` → 北京市朝阳区.
    """
    if isinstance(text_or_code, Region):
        return text_or_code
    text = _clean(text_or_code)
    scope = resolve_region(within) if within else None
    if not text:
        raise UnknownRegion("未指定地区：请写地区名称或行政区划代码（如 广安市广安区 或 511602）")
    if looks_like_code(text):
        region = get_region(text)
        if region is None:
            raise UnknownRegion(f"未知的区划代码「{text}」：全国行政区划（2023 年统计用区划代码）中没有这个代码")
        if scope is not None and not is_within(region.code, scope.code):
            raise UnknownRegion(f"区划代码「{text}」（{region.full_name}）不在{scope.name}内")
        return region
    within_codes = {scope.code} if scope else None
    found = _most_general(_candidates(_tables(), text, within_codes))
    if not found:                       # not a county or above: perhaps a township
        found = _most_general(_candidates(_tables(townships=True), text, within_codes))
    if len(found) == 1:
        return found[0]
    where = f"{scope.name}内" if scope else ""
    if found:
        listed = "、".join(f"{r.full_name}（{r.code}）" for r in found[:12])
        more = f" 等 {len(found)} 处" if len(found) > 12 else ""
        raise AmbiguousRegion(f"地区「{text}」不唯一，{where}有 {listed}{more}：请写明上级地区"
                              f"（如「{found[0].full_name}」）或使用区划代码", found)
    hint = _similar_names(text)
    also = f"；相近的地区: {'、'.join(hint)}" if hint else ""
    raise UnknownRegion(f"未知的地区「{text}」：{where}没有这个行政区划{also}。请写地区名称或区划代码"
                        f"（如 广安市广安区（511602）），开发区等非行政区划的地方可在自己的地区文件中声明"
                        f"（--regions 文件，或 ~/.config/dutygraph/regions.csv）")


def settle(candidates: list[Region], clues: list[Region]) -> Region | None:
    """The one candidate of an ambiguous name that the clues confirm, else None.

    A clue confirms a candidate when it is the candidate, lies above it (北京市 for 朝阳区) or below
    it (one of its townships). 例: settle([北京市朝阳区, 长春市朝阳区], [北京市]) → 北京市朝阳区; no
    clue, or clues confirming both, settle nothing (the caller refuses with the candidates).
    """
    hits = [c for c in candidates
            if any(is_within(c.code, k.code) or is_within(k.code, c.code) for k in clues)]
    return hits[0] if len(hits) == 1 else None


def _similar_names(text: str, limit: int = 5) -> list[str]:
    """A few regions whose name contains the text or is contained in it (朝阳 → 朝阳区, 朝阳县 …)."""
    t = _tables()
    core = _CITY_SUFFIX.sub("", text) if len(text) > 2 else text
    hits = sorted({r.full_name for n, codes in t.text_names.items() if core in n
                   for r in (t.by_code[c] for c in codes) if r.level != "township"})
    return hits[:limit]


@lru_cache(maxsize=1)
def _township_words() -> tuple[frozenset[str], int]:
    """The own names of all townships (and the bundled township places' names), and the longest."""
    with open(DIVISIONS_DIR / "streets.csv", encoding="utf-8", newline="") as fh:
        rows = csv.reader(fh)
        at = next(rows).index("name")
        words = {row[at] for row in rows if len(row) > at and row[at]}
    for _, row in read_rows(REGIONS_FILE):
        if row.get("级别") == "township":
            words.update(w for w in (row["名称"], *re.split(r"[、;；]", row.get("简称/别名", ""))) if w)
    return frozenset(words), max(map(len, words), default=0)


def _may_name_township(text: str) -> bool:
    """Whether a township name could occur in ``text``. Every form of a township's name in the
    tables ends in its own name (城关镇, 明光市明南街道), so a text containing none of those names
    is searched in the county-level tables alone, as it would be found in the whole ones —
    without reading and indexing 41,352 townships for each question (half a second)."""
    words, longest = _township_words()
    return any(text[i:j] in words for i in range(len(text))
               for j in range(i + 2, min(len(text), i + longest) + 1))


def find_regions_in_text(text: str) -> list[tuple[tuple[int, int], Region]]:
    """Regions named in a text (a file name, a title, a department's name), left to right.

    The longest name at each position wins (广安市广安区 over 广安市); a name that several
    regions share is kept only when another region found in the same text settles it
    (长春市…朝阳区 → 长春市朝阳区), else it is left out rather than guessed.
    例: "L05_广安市广安区政务服务事项" → [((4, 10), 广安市广安区)].
    """
    text = unicodedata.normalize("NFKC", text or "")
    t = _tables(townships=_may_name_township(text))
    spans: list[tuple[tuple[int, int], set[str]]] = []
    i = 0
    while i < len(text):
        for size in range(min(t.longest_text_name, len(text) - i), 1, -1):
            codes = t.text_names.get(text[i:i + size])
            if codes:
                spans.append(((i, i + size), codes))
                i += size
                break
        else:
            i += 1
    sure = {next(iter(c)) for _, c in spans if len(c) == 1}
    out: list[tuple[tuple[int, int], Region]] = []
    for span, codes in spans:
        if len(codes) > 1:
            codes = {c for c in codes if any(is_within(c, s) or is_within(s, c) for s in sure)}
        picked = _most_general(codes) if codes else []
        if len(picked) == 1:
            out.append((span, picked[0]))
    return out


def region_in_text(text: str) -> Region | None:
    """The most specific region a text names. 例: "L01_明光市明南街道权力清单" → 明光市明南街道."""
    found = find_regions_in_text(text)
    if not found:
        return None
    return max(found, key=lambda f: (LEVELS.index(f[1].level) if f[1].level in LEVELS else 0,
                                     f[0][1] - f[0][0]))[1]


def strip_region_names(name: str) -> str:
    """A name without the county-level or higher region names in front of it.

    例: "广安市广安区市场监督管理局" → "市场监督管理局". Township names are left alone: a
    township's own offices are named by the township as a whole (城关镇人民政府).
    """
    t = _tables()
    text = unicodedata.normalize("NFKC", name or "")
    changed = True
    while changed:
        changed = False
        for size in range(min(t.longest_text_name, len(text) - 2), 1, -1):
            codes = t.text_names.get(text[:size])
            if codes and any(t.by_code[c].level != "township" for c in codes):
                text, changed = text[size:], True
                break
    return text


def bundled_files() -> list[Path]:
    """The data files regions are read from (for provenance and packaging checks)."""
    return sorted(DIVISIONS_DIR.glob("*.csv")) + [DATA_DIR / REGIONS_FILE]
