"""Department names in a list → Department nodes of a region, through aliases and a roster.

    >>> dept_key("区市监局", "511602") == dept_key("广安市广安区市场监督管理局", "511602")
    True
    >>> split_bodies("市商务局,市住建局、市城管委,各区(市)县政府(管委会)", FIRST_GROUP_LEADS)
    [('市商务局', 'lead'), ('市住建局', 'cooperate'), ('市城管委', 'cooperate'), ('各区(市)县政府(管委会)', 'cooperate')]

A name is keyed by what is left after full-width folding, abbreviation expansion
(``graph/reference/data/dept_abbreviations.csv``) and stripping its region prefix (广安市广安区 / 区 / 市):
区市监局, 区市场监管局 and 广安市广安区市场监督管理局 all key to 市场监督管理局 in 511602.

Where the region has a roster (部门名册), a name must match a roster entry by its
name, an alias or a former name; otherwise it is reported as :class:`~ingest.report.Unresolved`
and not linked (the importer decides what happens to its row). Without a roster, the
department is created from the list and later spellings with the same key merge into it;
a new name merely *similar* to an existing one is created but reported, never merged by guess.
A generic placeholder (有关部门, 各乡镇人民政府(街道办事处)) resolves to :class:`Generic`: no node, the
importer keeps it on the item (``graph.reference.generic_holders``).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from graph.model import Department, Role, stable_id
from graph.reference.department_names import expand
from graph.reference.generic_holders import GENERIC_NAME as COLLECTIVE
from graph.reference.regions import Region, ancestors, get_region
from graph.store import GraphStore

# How a cell naming several bodies divides them between lead and cooperating roles.
FIRST_GROUP_LEADS = "first_group_leads"  # 分工表: bodies before the first comma lead, the rest cooperate
ALL_LEAD = "all_lead"                    # a 主体责任/牵头单位/实施主体 column
ALL_COOPERATE = "all_cooperate"          # a 配合责任/配合单位 column

GROUP_SEPARATORS = "，,;；"
BODY_SEPARATORS = "、"
TRAILING_ETC = re.compile(r"等(有关|相关)?(职能)?(部门|单位|成员单位)?$")
ORG_SUFFIX = re.compile(r"(办|局|委|部|会|室|队|所|中心|站|院|处|司|厅|府|组)$")
# "牵头单位：X；配合单位：Y" marks a group; "X（牵头）" marks one body.
GROUP_LEAD = re.compile(r"^(牵头|主体责任|主责)(单位|部门)?[:：]")
GROUP_COOP = re.compile(r"^(配合|协同|协办)(责任)?(单位|部门)?[:：]")
BODY_LEAD = re.compile(r"\((牵头|主责)\)$|牵头$")
BODY_COOP = re.compile(r"\((配合|协办)\)$|配合$")
# A level character is a region prefix only when it does not start one of these words.
LEVEL_CHARS = "省市区县"
PROTECTED = ("市场", "市政", "市容", "区划", "区域", "县域")
PARTY_PREFIX = re.compile(r"^(中共|中国共产党)")
SIMILAR_CUTOFF = 70   # names scoring at least this are offered as "did you mean" candidates


# ---------------------------------------------------------------------------- names
def clean_name(raw: str) -> str:
    """Fold 全角, drop spaces, quotes and a trailing 等部门. 例: " 市文广旅局等部门 " → "市文广旅局"."""
    text = unicodedata.normalize("NFKC", raw or "")
    text = re.sub(r"[\s\"'“”‘’]+", "", text)
    text = re.sub(r"^(\d+[.、]|\(\d+\))", "", text)
    return TRAILING_ETC.sub("", text)


def split_parenthetical(name: str) -> tuple[str, list[str]]:
    """"市委宣传部(市文明办)" → ("市委宣传部", ["市文明办"]): a bracketed second name of the same body."""
    m = re.fullmatch(r"(.+?)\(([^()]+)\)", name)
    if m and ORG_SUFFIX.search(m.group(2)) and not COLLECTIVE.match(name):
        return m.group(1), [m.group(2)]
    return name, []


def split_region_prefix(name: str, region: str) -> tuple[str, str]:
    """The region a name belongs to and the name without its region prefix.

    例 (in 511602): "广安市广安区税务局" → ("511602", "税务局"); "区市场监督管理局" →
    ("511602", "市场监督管理局"); "市住建局" → ("511600", "住建局").
    """
    regions = ancestors(region)
    rest = PARTY_PREFIX.sub("", name)
    owner = region
    changed = True
    while changed:
        changed = False
        for info in regions:
            for n in sorted(info.names, key=len, reverse=True):
                if len(n) >= 2 and rest.startswith(n) and len(rest) > len(n):
                    rest, owner, changed = rest[len(n):], info.code, True
                    break
    if rest[:1] in LEVEL_CHARS and len(rest) > 2 and not rest.startswith(PROTECTED):
        owner = _level_owner(rest[0], regions, owner)
        rest = rest[1:]
    return owner, rest


def _level_owner(char: str, regions: list[Region], default: str) -> str:
    """Which region "区"/"县"/"市"/"省" refers to: the nearest one whose name ends with it."""
    for info in regions:
        if info.level != "township" and info.name.endswith(char):
            return info.code
    return default


def dept_key(name: str, region: str) -> tuple[str, str]:
    """(region code, key) under which spellings of one department meet."""
    base, _ = split_parenthetical(clean_name(name))
    owner, rest = split_region_prefix(expand(base), region)
    return owner, expand(rest)


def display_name(name: str) -> str:
    base, _ = split_parenthetical(clean_name(name))
    return expand(base)


def guess_kind(name: str) -> str:
    if re.search(r"(街道办事处|街道|镇人民政府|乡人民政府|[镇乡]政府)$", name):
        return "乡镇街道"
    if re.search(r"(人民政府|政府)(\(管委会\))?$", name):
        return "人民政府"
    if re.search(r"(税务局|气象局|烟草专卖局|消防救援|消防大队|海关|邮政管理局)", name):
        return "垂直管理"
    if re.search(r"(联合会|残联|妇联|总工会|团[市区县]委|共青团)", name):
        return "群团"
    if re.match(r"^(中共|中国共产党)|^[市区县]委(?!员会)", name):
        return "党委部门"
    return "部门"


# ---------------------------------------------------------------------------- cells
def _split_top(text: str, seps: str) -> list[str]:
    """Split at separators outside brackets: "各区(市)县政府(管委会)" stays whole."""
    parts, depth, cur = [], 0, []
    for ch in text:
        if ch in "(（[【":
            depth += 1
        elif ch in ")）]】":
            depth = max(0, depth - 1)
        if ch in seps and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    return [p.strip() for p in parts if p.strip()]


def _line_breaks(text: str) -> str:
    """A line break inside a cell (Alt+Enter) separates bodies like 、, or groups where the next
    line starts a group of its own ("牵头单位：…\n配合单位：…")."""
    lines = [line.strip() for line in re.split(r"\r\n|\r|\n", text)]
    out = ""
    for line in filter(None, lines):
        if out:
            out += "；" if GROUP_LEAD.search(line) or GROUP_COOP.search(line) else BODY_SEPARATORS[0]
        out += line
    return out


def split_bodies(text: str, convention: str = ALL_LEAD) -> list[tuple[str, str]]:
    """(body, role) pairs of a cell naming one or more bodies, in the order written."""
    text = _line_breaks(unicodedata.normalize("NFKC", text or "").strip())
    if not text:
        return []
    groups: list[tuple[str | None, list[str]]] = []
    for group in _split_top(text, GROUP_SEPARATORS):
        explicit = None
        if GROUP_LEAD.search(group):
            explicit, group = Role.LEAD.value, GROUP_LEAD.sub("", group)
        elif GROUP_COOP.search(group):
            explicit, group = Role.COOPERATE.value, GROUP_COOP.sub("", group)
        groups.append((explicit, _split_top(group, BODY_SEPARATORS)))
    # "市住建局、市生态环境局（牵头）": once one body is marked as lead, the unmarked ones cooperate.
    marked_lead = any(BODY_LEAD.search(b) for _, bodies in groups for b in bodies)
    out: list[tuple[str, str]] = []
    for g, (explicit, bodies) in enumerate(groups):
        for b, body in enumerate(bodies):
            role = explicit
            if BODY_LEAD.search(body):
                role, body = Role.LEAD.value, BODY_LEAD.sub("", body)
            elif BODY_COOP.search(body):
                role, body = Role.COOPERATE.value, BODY_COOP.sub("", body)
            if role is None:
                if marked_lead or convention == ALL_COOPERATE:
                    role = Role.COOPERATE.value
                elif convention == FIRST_GROUP_LEADS:
                    first = g == 0 if len(groups) > 1 else b == 0
                    role = Role.LEAD.value if first else Role.COOPERATE.value
                else:
                    role = Role.LEAD.value
            body = clean_name(body)
            if body:
                out.append((body, role))
    return out


# ---------------------------------------------------------------------------- resolver
@dataclass
class Resolved:
    """A name tied to one Department node. ``via``: 名册 / 名册别名 / 曾用名 / 清单 / 本级政府."""

    id: str
    name: str
    region: str
    via: str
    raw: str
    note: str = ""


@dataclass
class Generic:
    """A generic placeholder (有关部门, 各乡镇人民政府(街道办事处)): nobody in particular, so no
    Department node; the importer keeps it on the item (graph.reference.generic_holders)."""

    raw: str
    region: str


@dataclass
class Unresolvable:
    raw: str
    region: str
    reason: str
    candidates: tuple[str, ...] = ()


@dataclass
class _RegionIndex:
    has_roster: bool = False
    keys: dict[str, tuple[str, str]] = field(default_factory=dict)  # key → (dept id, via)
    names: dict[str, str] = field(default_factory=dict)             # dept id → name


def dept_id(region: str, key: str) -> str:
    return stable_id("dept", region, key)


class DepartmentResolver:
    """Resolve names for one import. New or changed Department nodes collect in ``pending``."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self.pending: dict[str, Department] = {}
        self._index: dict[str, _RegionIndex] = {}
        self._cache: dict[tuple[str, str], Resolved | Generic | Unresolvable] = {}

    def has_roster(self, region: str) -> bool:
        return self._region(region).has_roster

    def _region(self, code: str) -> _RegionIndex:
        if code not in self._index:
            idx = _RegionIndex()
            depts = [Department(id=r.id, **{k: v for k, v in r.props.items()
                                            if k in Department.__dataclass_fields__})
                     for r in self.store.find_nodes("Department", region=code)]
            idx.has_roster = any(d.in_roster for d in depts)
            for d in depts:
                if idx.has_roster and not d.in_roster:
                    continue     # with a roster, only roster entries are targets
                self._add(idx, d, code)
            self._index[code] = idx
        return self._index[code]

    @staticmethod
    def _add(idx: _RegionIndex, d: Department, code: str) -> None:
        idx.names[d.id] = d.name
        entries = [(d.name, "名册" if d.in_roster else "清单")]
        entries += [(a, "名册别名" if d.in_roster else "清单") for a in d.aliases]
        entries += [(f, "曾用名") for f in d.former_names]
        for text, via in entries:
            owner, key = dept_key(text, code)
            if owner == code:
                idx.keys.setdefault(key, (d.id, via))

    def resolve(self, raw: str, region: str) -> Resolved | Generic | Unresolvable | None:
        """The Department for ``raw`` as written in a list of ``region``; None for an empty name."""
        name = clean_name(raw)
        if not name:
            return None
        cache_key = (name, region)
        if cache_key not in self._cache:
            self._cache[cache_key] = self._resolve(name, region)
        return self._cache[cache_key]

    def _resolve(self, name: str, region: str) -> Resolved | Generic | Unresolvable:
        if COLLECTIVE.match(name):
            return Generic(name, region)
        owner, key = dept_key(name, region)
        if get_region(owner) is None:
            owner = region
        idx = self._region(owner)
        hit = idx.keys.get(key)
        if hit:
            did, via = hit
            current = idx.names[did]
            if not idx.has_roster:
                self._merge_alias(did, name)
            note = f"「{name}」为曾用名，按现名「{current}」处理" if via == "曾用名" else ""
            return Resolved(did, current, owner, via, name, note)
        similar = self._similar(key, idx, owner)
        if idx.has_roster:
            return Unresolvable(name, owner, "名册中无此部门", similar)
        display = display_name(name)
        did = dept_id(owner, key)
        dept = Department(id=did, name=display, region=owner, kind=guess_kind(display),
                          aliases=[name] if name != display else [])
        _, extra = split_parenthetical(clean_name(name))
        dept.aliases += [a for a in extra if a not in dept.aliases]
        self._ensure(dept)
        self._add(idx, dept, owner)
        if similar:
            return Resolved(did, display, owner, "清单", name,
                            note=f"「{name}」与已有部门「{'、'.join(similar)}」名称相近，未自动合并")
        return Resolved(did, display, owner, "清单", name)

    def government(self, info: Region) -> Resolved:
        """The region's own government (本级政府) as holder of a list that names no department."""
        res = self.resolve(info.government, info.code)
        if isinstance(res, Resolved):
            return Resolved(res.id, res.name, res.region, "本级政府", info.government, res.note)
        # A roster that lacks the government itself: the government is not a department to vouch for.
        did = stable_id("dept", info.code, "本级政府")
        self._ensure(Department(id=did, name=info.government, region=info.code,
                                kind=guess_kind(info.government)))
        return Resolved(did, info.government, info.code, "本级政府", info.government)

    def _similar(self, key: str, idx: _RegionIndex, region: str) -> tuple[str, ...]:
        """Up to three department names close to ``key``, best first.

        Plain edit similarity misses abbreviations (教体局 vs 教育科技体育局, ratio 60), so it
        is averaged with how many of the name's characters the candidate contains.
        """
        from rapidfuzz import fuzz

        chars = set(key)
        scored: dict[str, float] = {}
        for k, (did, _) in idx.keys.items():
            score = (fuzz.ratio(key, k) + 100 * len(chars & set(k)) / max(len(chars), 1)) / 2
            if score >= SIMILAR_CUTOFF and score > scored.get(did, 0):
                scored[did] = score
        best = sorted(scored, key=lambda d: (-scored[d], idx.names[d]))[:3]
        return tuple(idx.names[d] for d in best)

    def _ensure(self, dept: Department) -> None:
        if dept.id in self.pending:
            return
        if self.store.get_node(dept.id) is None:
            self.pending[dept.id] = dept

    def _merge_alias(self, did: str, name: str) -> None:
        """A new spelling of a list-created department becomes one of its aliases."""
        dept = self.pending.get(did)
        if dept is None:
            rec = self.store.get_node(did)
            if rec is None:
                return
            dept = Department(id=did, **{k: v for k, v in rec.props.items()
                                         if k in Department.__dataclass_fields__})
        if name != dept.name and name not in dept.aliases:
            dept.aliases = [*dept.aliases, name]
            self.pending[did] = dept
