"""A law's holder phrase as the reader took it → the public body it names, or nothing when it is none.

    holder_name("残疾人持公安机关交通管理部门") → "公安机关交通管理部门"
    public_body("一个物业服务企业") → False

Used where a duty sentence's holder becomes an answer (DutyClause holders, MANDATES edges): the
reader keeps the phrase as the text gives it; who-handles answers with the body.
"""
from __future__ import annotations

import re
from functools import lru_cache

from graph.reference.data_files import read_rows
from graph.reference.generic_holders import TOWNSHIPS, is_generic
from graph.reference.reform_map import strip_level

# Words that never occur inside a public body's name but do sit between a sentence's subject and
# the body the reader took with it: 「残疾人持公安机关交通管理部门核发的…」, 「在经营前十五日内到区停车管理
# 部门办理备案」, 「由城管执法部门移送市市容环境卫生管理部门吊销…」 (the last body named acts).
# 「…单位拒绝、阻碍负有安全生产监督管理职责的部门」, 「检验、检测机构拒不接受负责…的部门」: the subject
# resists the body, which is the one that acts; 「依法报市人民政府」, 「可以委托其他行政机关」 likewise.
_BEFORE_BODY = re.compile(r"^.*(?:由|向|到|持|移送|报送|送交|日内|确定的|拒绝|阻碍|拒不接受|报请|报经|依法报|委托)")
_BODY_END = re.compile(r"(?:部门|机关|机构|人民政府|办事处|委员会|局|厅|委|办)$")


@lru_cache(maxsize=1)
def _non_public_endings() -> tuple[str, ...]:
    return tuple(row["结尾"] for _, row in read_rows("non_public_holders.csv"))


# What is left of a holder when the reader kept only its head: 「主管部门」 names no one.
_BARE = re.compile(r"^(?:行政)?(?:主管|管理)?(?:部门|机关|机构)$")
_EACH = re.compile(r"^各(?:级|区|县|市|区县|区、县)?")
# 「两个以上部门」, 「其他行政机关」: a count or the rest of the bodies, not one that can be asked.
_SOME = re.compile(r"^(?:[两二三几多]个以上|多个|其他|其它)")
_NO_ONE = {"人民政府", "政府", "行业主管部门", "成员单位", "单位"}


def public_body(holder: str) -> bool:
    """False for a market actor, a self-governing body or a person the text names (物业服务企业, 业主委员会)."""
    return not holder.endswith(_non_public_endings())


def names_a_body(holder: str) -> bool:
    """A public body in particular: not a market actor, not 「有关部门」「各级人民政府」 nor a bare 「主管部门」.

    A collective of townships (乡镇人民政府、街道办事处) does name its bodies: each leads in its territory.
    """
    if not holder or not public_body(holder) or _BARE.match(holder) or _SOME.match(holder):
        return False
    bare = strip_level(holder)
    if bare != holder and is_generic(bare) and not TOWNSHIPS.search(holder):
        return False   # 「市、县（区）人民政府有关部门」
    if not is_generic(holder) or TOWNSHIPS.search(holder):
        return True
    # 「各区民政局」 is each district's 民政局: one body in the region asked about. 「各级人民政府」,
    # 「各有关部门」, 「各行业主管部门」 are not.
    each = _EACH.match(holder)
    if each is None:
        return False
    rest = holder[each.end():]
    # 「各区人民政府」 is the district's government; 「各级人民政府」 or 「各单位」 is nobody in particular.
    vague_level = each.group() in ("各", "各级")
    return bool(rest) and not (is_generic(rest) or _BARE.match(rest) or (vague_level and rest in _NO_ONE))


def holder_name(holder: str) -> str:
    """The public body a holder phrase ends with: 「残疾人持公安机关交通管理部门」 → 「公安机关交通管理部门」.

    Only when what is left still names a body (ends 部门/机关/局 …, more than the bare suffix); a
    phrase without such a word is returned unchanged.
    """
    holder = holder.lstrip("、，,；; ")
    rest = _BEFORE_BODY.sub("", holder, count=1)
    if rest != holder and _BODY_END.search(rest) and len(rest) > 3:
        return rest
    return holder


# 「市人民政府水行政主管部门」, 「市公安机关」: a body of the city itself (not 市场…, 市容…, 市政… which are names).
_CITY_BODY = re.compile(r"^市(?:人民政府|政府|(?![场容政辖]))")


def city_body(holder: str) -> bool:
    """The holder names the city's own body by its level word 市 (「市人民政府水行政主管部门」)."""
    return bool(_CITY_BODY.match(holder)) and not holder.startswith(("市、", "市（", "市("))
