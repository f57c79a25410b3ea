"""How much of a question the title of the text's document names: a regulation's title says what it is about.

    TitleIdf(corpus titles).share("新房交付使用许可证去哪办", "上海市新建住宅交付使用许可规定") ≈ 0.42

A duty sentence is indexed by its matter and its sentence; the document it stands in is about one subject,
and its title names it (《郑州市燃气管理条例》, 《上海市新建住宅交付使用许可规定》). When the question's words
are the title's, that regulation's clauses answer it before a clause of another text that happens to share
the same words (feature ``title`` of graph/lookup/ranking.py).

The share is of the question's character pairs, each weighted by its inverse document frequency over the
titles of the graph's laws: the pairs every title has (条例, 管理, 规定) and a province's name (上海 in a fifth of
the titles) weigh little, the subject's pairs (燃气, 交付, 华侨) much. No word list: the titles themselves say
which pairs are generic. (So on a graph of a few regulations the weights say little, and so does the signal.)
"""
from __future__ import annotations

import math
import weakref
from collections import Counter
from collections.abc import Iterable

from graph.lookup.answer_index import store_state
from graph.lookup.normalize import char_pairs, normalize
from graph.store import GraphStore


class TitleIdf:
    """Inverse document frequency of character pairs over a set of document titles."""

    def __init__(self, titles: Iterable[str]):
        df: Counter[str] = Counter()
        n = 0
        for title in titles:
            n += 1
            df.update(char_pairs(normalize(title)))
        self.n = n
        self._df = df
        # A pair no title has weighs what the rarest pair weighs: it is the question's own word.
        self.unseen = math.log(n + 1)

    def idf(self, pair: str) -> float:
        df = self._df.get(pair)
        return math.log((self.n + 1) / (df + 1)) if df else self.unseen

    def share(self, matter: str, title: str) -> float:
        """Share (0–1) of the IDF weight of the question's pairs that the title contains."""
        asked = char_pairs(matter)
        if not asked or not title:
            return 0.0
        weights = {p: self.idf(p) for p in asked}
        total = sum(weights.values())
        if total <= 0:
            return 0.0
        named = char_pairs(normalize(title))
        return sum(w for p, w in weights.items() if p in named) / total


_CACHE: "weakref.WeakKeyDictionary[GraphStore, tuple[object, TitleIdf]]" = weakref.WeakKeyDictionary()


def title_idf(store: GraphStore) -> TitleIdf:
    """The pair IDF over the titles of the store's laws, once per store state (as the answer index's caches)."""
    state = store_state(store)
    found = _CACHE.get(store)
    if found is None or found[0] != state:
        found = (state, TitleIdf(law.props.get("title", "") for law in store.iter_nodes("Law")))
        _CACHE[store] = found
    return found[1]
