"""Normalise Chinese item names and queries so that they can be compared.

    >>> normalize("食品经营许可（餐饮服务）")
    '食品经营许可餐饮服务'
    >>> normalize("營業執照 辦理")
    '营业执照办理'

Steps: NFKC (全角→半角), traditional → simplified (OpenCC t2s), lower case, and
removal of everything that is not a letter or a digit (spaces, Chinese and ASCII
punctuation such as （）【】《》“”、，。：；).
"""

from __future__ import annotations

import os
import re
import unicodedata
from functools import lru_cache

# \w keeps letters and digits of every script; "_" is a \w too but is punctuation here.
_DROP = re.compile(r"[\W_]+")


@lru_cache(maxsize=1)
def _t2s():
    from opencc import OpenCC

    return OpenCC("t2s")


@lru_cache(maxsize=1)
def _traditional_chars() -> frozenset[str]:
    """Characters whose presence can make t2s change a text.

    OpenCC's converter costs ~20 µs for a 12-character name (~20 s for a million
    names) while a set test costs ~0.1 µs, so we convert only texts that contain
    one of these. The set is exact, not a guess: every character that t2s maps to
    something else, plus the characters that only change inside a phrase
    (覆 in 反覆, 瞭 in 明瞭, 沈 in 沈默 …).
    """
    import opencc

    folder = os.path.join(os.path.dirname(opencc.__file__), "dictionary")
    chars: set[str] = set()
    with open(os.path.join(folder, "TSCharacters.txt"), encoding="utf-8") as f:
        for line in f:
            key, _, values = line.rstrip("\n").partition("\t")
            if values.split()[0] != key:
                chars.add(key)
    with open(os.path.join(folder, "TSPhrases.txt"), encoding="utf-8") as f:
        for line in f:
            key, _, values = line.rstrip("\n").partition("\t")
            value = values.split()[0]
            if key != value:
                if len(key) == len(value):
                    chars.update(k for k, v in zip(key, value) if k != v)
                else:
                    chars.update(key)
    return frozenset(chars)


def to_simplified(text: str) -> str:
    """"營業執照" → "营业执照"; simplified text is returned untouched and fast."""
    if _traditional_chars().isdisjoint(text):
        return text
    return _t2s().convert(text)


def normalize(text: str) -> str:
    """"食品經營許可（餐飲服務）" → "食品经营许可餐饮服务"."""
    if not text:
        return ""
    if not unicodedata.is_normalized("NFKC", text):  # quick check, ~20× cheaper
        text = unicodedata.normalize("NFKC", text)
    text = to_simplified(text).lower()
    return _DROP.sub("", text)


def char_pairs(text: str) -> set[str]:
    """The distinct two-character spans of a text as given (normalise it first where that matters).

    "犬只登记" → {'犬只', '只登', '登记'}.
    """
    return {text[i:i + 2] for i in range(len(text) - 1)}


def ngrams(text: str) -> list[str]:
    """Distinct unigrams and bigrams of the normalised text, in first-seen order.

    "犬只登记" → ['犬', '只', '登', '记', '犬只', '只登', '登记'].

    Unigrams are kept on purpose: colloquial queries often share no bigram with the
    official name ("养犬证" vs "犬类准养证核发"), and a rare character such as 犬
    is then the only thread. The index weights grams by IDF, so common unigrams
    (证, 许, 可) cost little in ranking, and it skips the longest posting lists.
    """
    norm = normalize(text)
    grams = list(norm)
    grams.extend(norm[i : i + 2] for i in range(len(norm) - 1))
    return list(dict.fromkeys(grams))
