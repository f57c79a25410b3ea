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

# Words that never occur inside a public body's name but do sit between a sentence's subject and
# the body the reader took with it: 「残疾人持公安机关交通管理部门核发的…」, 「在经营前十五日内到区停车管理
# 部门办理备案」, 「由城管执法部门移送市市容环境卫生管理部门吊销…」 (the last body named acts).
_BEFORE_BODY = re.compile(r"^.*(?:由|向|到|持|移送|报送|送交|日内|确定的)")
_BODY_END = re.compile(r"(?:部门|机关|机构|人民政府|办事处|委员会|局|厅|委|办)$")


@lru_cache(maxsize=1)
def _non_public_endings() -> tuple[str, ...]:
    return tuple(row["结尾"] for _, row in read_rows("non_public_holders.csv"))


def public_body(holder: str) -> bool:
    """False for a market actor, a self-governing body or a person the text names (物业服务企业, 业主委员会)."""
    return not holder.endswith(_non_public_endings())


def holder_name(holder: str) -> str:
    """The public body a holder phrase ends with: 「残疾人持公安机关交通管理部门」 → 「公安机关交通管理部门」.

    Only when what is left still names a body (ends 部门/机关/局 …, more than the bare suffix); a
    phrase without such a word is returned unchanged.
    """
    rest = _BEFORE_BODY.sub("", holder, count=1)
    if rest != holder and _BODY_END.search(rest) and len(rest) > 3:
        return rest
    return holder
