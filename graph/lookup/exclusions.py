"""What an item's name says it does NOT cover: （不含河道采砂）, （人体器官移植除外）, 除剧毒化学品外….

A person asking about 河道采砂 must not be sent to "河道管理范围内有关活动（不含河道采砂）审批":
that item is the near-twin that excludes exactly what they asked about.
"""
from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz

from graph.lookup.normalize import normalize

# 拆除/免除/消除… contain 除 without meaning "except": 拆除历史建筑以外的建筑物 would otherwise
# read as an exclusion of 历史建筑 — which it happens to be, but 清除/排除 rarely are.
_NOT_EXCEPT = "拆免消清排删废解剔去根扣"

_PATTERNS = (
    re.compile(r"[（(]\s*不(?:含|包括|包含)([^）)]+)[）)]"),
    re.compile(r"[（(]([^（）()]+?)除外[）)]"),
    re.compile(rf"(?<![{_NOT_EXCEPT}])除([^，,。；;（）()]+?)(?:以)?外"),
    re.compile(r"不(?:含|包括)([^，,。；;（）()]+)$"),
)
_SPLIT = re.compile(r"[、，,和及与]|以及|或者|或")


@lru_cache(maxsize=65536)
def excluded_terms(name: str) -> tuple[str, ...]:
    """The normalised terms an item name excludes.

    例: excluded_terms("除剧毒化学品、易制爆化学品外其他危险化学品（不含仓储经营）经营许可")
        → ("剧毒化学品", "易制爆化学品", "仓储经营")
    """
    terms: list[str] = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(name):
            for part in _SPLIT.split(match.group(1)):
                part = normalize(part)
                # 从事/等 carry no meaning of their own
                part = part.removeprefix("从事").removesuffix("等")
                if len(part) >= 2 and part not in terms:
                    terms.append(part)
    return tuple(terms)


def excludes_query(name: str, query_norm: str) -> str | None:
    """The excluded term the query asks about, if any; None when the item may answer it."""
    for term in excluded_terms(name):
        if term in query_norm or (len(term) >= 3 and fuzz.partial_ratio(term, query_norm) >= 90):
            return term
    return None
