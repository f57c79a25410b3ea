"""Text rules the analyses share: the core of an item name, the kind of a department name.

例: name_core("食品（含保健食品）经营许可") → "食品经营"
    dept_kind_name("广安市广安区市场监督管理局", ["广安市", "广安区"]) → "市场监督管理局"
"""
from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz

from graph.lookup.normalize import normalize

_PAREN = re.compile(r"[（(][^（）()]*[）)]")
# Words that say what is done to a matter, not what the matter is: 许可 of 食品经营, 处罚 of 食品经营.
_ACTION_TAIL = re.compile(
    r"(?:的)?(?:行政)?(?:许可|审批|核准|核发|颁发|换发|补发|登记|备案|认定|确认|审核|审查|办理|申请|注销|变更|"
    r"延续|设立|批准|发放|证明|证书|证|检查|监督检查|处罚|强制|查处|查封|扣押|罚款|裁决|奖励|给付|征收|服务|"
    r"监督管理|监管|管理)+$")
_ACTION_HEAD = re.compile(r"^(?:对|关于|依法|负责)")
_VIOLATION = re.compile(r"(?:未取得|未经|无|违反|擅自|未按|未依法|不按|超范围|伪造|涂改|出租|出借)")


@lru_cache(maxsize=262144)
def norm(text: str) -> str:
    return normalize(text or "")


@lru_cache(maxsize=262144)
def name_core(name: str) -> str:
    """What an item is about, without parentheses, the leading 对 and trailing action words.

    例: "对食品生产经营活动的监督检查" → "食品生产经营活动"; "犬类准养证核发" → "犬类准养"; "变更登记" → "".
    """
    text = _PAREN.sub("", name or "")
    text = _ACTION_HEAD.sub("", text)
    # Repeat: "…许可证核发" loses 核发 then 证 then 许可.
    shorter = _ACTION_TAIL.sub("", text)
    # A name made of action words only (变更登记) names no matter of its own.
    return norm(shorter) if len(norm(shorter)) >= 2 else ""


def about_same_matter(core: str, other_name: str, threshold: float = 80.0) -> bool:
    """True when ``other_name`` is about the matter ``core`` names (an inspection of an approval's matter).

    例: about_same_matter("食品经营", "对食品经营者的监督检查") → True
    """
    if len(core) < 2:
        return False
    other = norm(other_name)
    if core in other:
        return True
    return len(core) >= 4 and fuzz.partial_ratio(core, other) >= threshold


class NameBlock:
    """Names of one department's items with a bigram index, so that ``about(core)`` scores only the
    names that share enough of the core's bigrams instead of every name (n-gram blocking).

    例: NameBlock(["对食品经营活动的监督检查", "对燃气经营的监督检查"]).about("食品经营") → [0]
    """

    # partial_ratio ≥ 80 needs a window that agrees with most of the core; a name sharing fewer
    # than this share of the core's bigrams cannot reach it, so it is not scored.
    MIN_SHARED = 0.4

    def __init__(self, names: list[str]):
        self.names = names
        self.grams: dict[str, list[int]] = {}
        for i, n in enumerate(names):
            for g in {n[j:j + 2] for j in range(len(n) - 1)}:
                self.grams.setdefault(g, []).append(i)

    def about(self, core: str, threshold: float = 80.0) -> list[int]:
        """Positions of names that ``about_same_matter(core, name)`` accepts."""
        if len(core) < 2 or not self.names:
            return []
        if len(core) < 4:
            return [i for i, n in enumerate(self.names) if core in n]
        grams = {core[j:j + 2] for j in range(len(core) - 1)}
        shared: dict[int, int] = {}
        for g in grams:
            for i in self.grams.get(g, ()):
                shared[i] = shared.get(i, 0) + 1
        need = max(1, int(self.MIN_SHARED * len(grams)))
        out = []
        for i, k in shared.items():
            # partial_ratio is 100 for a substring, so this covers both tests of about_same_matter.
            if k >= need and fuzz.partial_ratio(core, self.names[i]) >= threshold:
                out.append(i)
        return sorted(out)


def is_violation_penalty(name: str) -> bool:
    """A penalty named after the violation (对未取得…许可从事…的处罚) still concerns the approval."""
    return bool(_VIOLATION.search(name or ""))


_APPROVAL_BODY = re.compile(r"行政审批|审批服务|审批局|政务服务管理局|数据和政务服务")


def is_approval_body(dept_name: str) -> bool:
    """行政审批局 and its variants: approve for other departments, which supervise (审管分离)."""
    return bool(_APPROVAL_BODY.search(dept_name or ""))


def dept_kind_name(name: str, region_names: list[str] | tuple[str, ...] = ()) -> str:
    """A department's name without its region, so that two counties' bodies compare.

    例: "广安区市场监督管理局" → "市场监督管理局"; "区市监局" → "市监局"; "岳池县公安局" → "公安局".
    """
    text = norm(name).removeprefix("中共")
    for region_name in sorted((norm(r) for r in region_names if r), key=len, reverse=True):
        if text.startswith(region_name) and len(text) > len(region_name) + 1:
            text = text[len(region_name):]
    # 区委/县委/市委 offices are the party committee's, whichever level.
    if text[:2] in ("区委", "县委", "市委", "州委"):
        return "党委" + text[2:]
    if text.startswith("委"):  # 中共广安市广安区委办公室: the region name took the 区 of 区委
        return "党委" + text[1:]
    # A single level word left in front: 区/县/市/州 (but 市场…, 县域… are words of their own).
    if len(text) > 2 and text[0] in "区县市州镇乡" and text[:2] not in ("市场", "市政", "市容", "区域", "县域"):
        text = text[1:]
    return text


# The smallest piece of a matter that still names it: one character (经, 品) is shared by chance.
MIN_PIECE = 2


@lru_cache(maxsize=262144)
def names_matter(matter: str, text: str) -> bool:
    """Whether ``text`` names ``matter``: whole, or in pieces of two characters or more in order,
    with no more inserted between them than the matter is long (a qualifier: 小 of 食品小经营店,
    含保健食品 of 食品(含保健食品)经营). Both normalised.

    例: names_matter("食品经营", "食品小经营店备案发放") → True
        names_matter("食品经营", "客运站经营许可")      → False   (only 经营, a word every licence shares)
        names_matter("食品经营", "艺术品经营单位备案")  → False   (品经营 without 食品)
    """
    if not matter or not text:
        return False
    if len(matter) < MIN_PIECE or matter in text:
        return matter in text

    def cover(i: int, start: int, first: int) -> bool:
        # matter[i:] found in pieces from text position ``start`` on; ``first``: where the match began
        if i == len(matter):
            return True
        for j in range(len(matter), i + MIN_PIECE - 1, -1):
            if len(matter) - j == 1:
                continue    # a one-character rest could not be a piece of its own
            at = text.find(matter[i:j], start)
            while at != -1:
                begin = at if first < 0 else first
                if at + (j - i) - begin - len(matter) <= len(matter) and cover(j, at + (j - i), begin):
                    return True
                at = text.find(matter[i:j], at + 1)
        return False

    return cover(0, 0, -1)
