"""Whether a duty's wording gives the matter itself (处置) or a part that supports it (辅助).

例: duty_function("违法建筑的制止和查处（劝阻无效且继续施工的）") → "处置"
    duty_function("违法建筑情况月报")                          → "辅助"
    duty_function("辖区内无证无照经营行为的发现和通报")          → "辅助"
    duty_function("犬类准养证核发")                              → ""   (says neither)

The words and where each is used that way are in data/duty_functions.csv (N10: 乡镇 巡查、报告、
劝阻 vs 区县 管理、监督、查处). A text is 辅助 only when it has a supporting word and no handling
word: 「制止和查处（劝阻无效…）」 mentions 劝阻 but is the 查处 itself.
"""
from __future__ import annotations

from functools import lru_cache

from graph.reference.data_files import read_rows

HANDLE = "处置"
SUPPORT = "辅助"


@lru_cache(maxsize=1)
def _words() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {HANDLE: [], SUPPORT: []}
    for _, row in read_rows("duty_functions.csv"):
        if row["职能"] in out and row["词"]:
            out[row["职能"]].append(row["词"])
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=65536)
def duty_function(text: str) -> str:
    """处置, 辅助, or "" when the wording says neither."""
    words = _words()
    if any(w in text for w in words[HANDLE]):
        return HANDLE
    if any(w in text for w in words[SUPPORT]):
        return SUPPORT
    return ""


def strip_duty_words(text: str) -> str:
    """The text without its duty words: what the duty is about. 例: "燃气整改" → "燃气"."""
    words = _words()
    for w in sorted((*words[HANDLE], *words[SUPPORT]), key=len, reverse=True):
        text = text.replace(w, "")
    return text
