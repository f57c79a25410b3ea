"""Fuzzy lookup of item names: an n-gram candidate index in front of rapidfuzz.

    >>> index = NgramIndex(["犬类准养证核发", "食品(含保健食品)经营许可核发", "居民身份证办理"])
    >>> index.search("养狗要办什么证", limit=1)
    [(0, 70.0)]

A plain rapidfuzz scan costs ~1.4 s per query over a million names, so `search`
narrows first: every distinct normalised name is indexed by its character
unigrams and bigrams (numpy posting arrays), the query's grams are weighted by
IDF and accumulated over their postings, the best few hundred names by that
count are rescored with the exact scorer, and the scorer decides the order.
`scan` is the plain scan with the same scorer and the same query expansion, for
tests and the benchmark (benchmarks/lookup_bench.py).

The scorer (`score`) is the mean of rapidfuzz's `ratio` and `partial_ratio` on
normalised text:
- `ratio` (Indel similarity of the whole strings) rewards names of the right
  length: "客运站经营许可" beats "客运站经营许可（注销）" for the query 客运站经营许可.
- `partial_ratio` compares the shorter string with its best window in the longer,
  so a query that is a piece of a name ("网约车运输证" → 网络预约出租汽车运输证发放)
  or a name inside a long question ("养犬证" within "我家养狗要办养犬证") scores high.
- Alone, `partial_ratio` gives 100 to every name that contains the query, and
  `ratio` punishes long names; `WRatio` and the token scorers split on spaces,
  which Chinese lacks, so they reduce to `ratio` with jumps at length ratios.
  On 29 colloquial questions against the 1,135 real items of 广安区 the blend put
  an acceptable answer in the top 5 for all 29 (ratio 28, partial_ratio 27,
  WRatio 28).
A query is first expanded with the domain lexicon (lexicon.expand); a name's
score is its best score over the variants.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np
from rapidfuzz import fuzz, process

from .normalize import normalize
from .lexicon import expand

# Below this the name scorer's best "match" is noise: one shared character of a long name.
# (who-handles ranks with its own scale, graph/lookup/text_index.py; these are the name lookups:
# suggestions, item search, call grouping, dossier, call gaps.)
NAME_MATCH_SCORE = 55.0

# Bigram keys are (first << 21) | second, unigram keys the code point itself;
# code points are < 2**21 and never 0 after normalisation, so the two cannot collide.
_SHIFT = 21


def score(query_norm: str, text_norm: str) -> float:
    """Similarity 0–100 of two normalised strings: mean of ratio and partial_ratio.

    score("养犬证", "犬类准养证核发") ≈ 53.3.
    """
    return 0.5 * fuzz.ratio(query_norm, text_norm) + 0.5 * fuzz.partial_ratio(query_norm, text_norm)


def _score_many(variants: Sequence[str], choices: Sequence[str], workers: int = 1) -> np.ndarray:
    """Best score over the variants for every choice, float64, same arithmetic as `score`."""
    if not choices:
        return np.zeros(0)
    r = process.cdist(variants, choices, scorer=fuzz.ratio, dtype=np.float64, workers=workers)
    p = process.cdist(variants, choices, scorer=fuzz.partial_ratio, dtype=np.float64, workers=workers)
    return (0.5 * r + 0.5 * p).max(axis=0)


def _codepoints(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """All code points of the texts end to end, and the length of each text."""
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    joined = "".join(texts)
    cps = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    return cps, lengths


def _gram_keys(cps: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(key, text number) for every unigram and bigram occurrence."""
    doc = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
    same = doc[:-1] == doc[1:]
    bigrams = (cps[:-1][same] << _SHIFT) | cps[1:][same]
    return np.concatenate([cps, bigrams]), np.concatenate([doc, doc[:-1][same]])


def _first_of_runs(sorted_values: np.ndarray) -> np.ndarray:
    """True where a value differs from its predecessor."""
    first = np.ones(len(sorted_values), dtype=bool)
    first[1:] = sorted_values[1:] != sorted_values[:-1]
    return first


def _sorted_distinct(values: np.ndarray) -> np.ndarray:
    # sort + compare rather than np.unique: numpy 2.4 hashes there, several times slower.
    values = np.sort(values)
    return values[_first_of_runs(values)]


def _query_keys(variants: Iterable[str]) -> np.ndarray:
    keys = set()
    for v in variants:
        keys.update(ord(c) for c in v)
        keys.update((ord(a) << _SHIFT) | ord(b) for a, b in zip(v, v[1:]))
    return np.fromiter(keys, dtype=np.int64, count=len(keys))


class NgramIndex:
    """Candidate index over item names; position i in `texts` is the key.

    Identical normalised names are indexed once ("食品经营许可（餐饮服务）" in
    two hundred counties costs one entry); results are positions.
    """

    # Rescore this many names with the exact scorer. Recall against the scan is
    # measured in benchmarks/lookup_bench.py; fewer is faster but misses more.
    candidates = 800
    # Postings read per query, rarest grams first: a gram present in a large
    # fraction of names (许, 可, 登记) costs the most and separates the least.
    posting_budget = 100_000
    # With a mask this selective, scoring the allowed names directly is exact and
    # cheaper than reading postings (ratio-first pruning, ~1 ms per 3,000 names).
    direct_mask_limit = 3_000

    def __init__(self, texts: Sequence[str] = ()):
        self.build(texts)

    # -- building -----------------------------------------------------------

    def build(self, texts: Sequence[str]) -> NgramIndex:
        """(Re)build from scratch; ~10 s for a million names."""
        ids: dict[str, int] = {}
        uid = [ids.setdefault(normalize(t), len(ids)) for t in texts]
        self.names: list[str] = list(ids)
        self.size = len(uid)
        self._uid = np.asarray(uid, dtype=np.int32)
        self._index_names()
        return self

    def add(self, texts: Sequence[str]) -> None:
        """Append texts (positions continue after the current ones) and re-index.

        Re-indexing the distinct names is vectorised and costs seconds per
        million, which is acceptable for list imports; not meant for per-row calls.
        """
        ids = {n: i for i, n in enumerate(self.names)}
        more = [ids.setdefault(normalize(t), len(ids)) for t in texts]
        self.names = list(ids)
        self._uid = np.concatenate([self._uid, np.asarray(more, dtype=np.int32)])
        self.size = len(self._uid)
        self._index_names()

    def _index_names(self) -> None:
        n = len(self.names)
        cps, lengths = _codepoints(self.names)
        keys, doc = _gram_keys(cps, lengths)
        if n <= 1 << _SHIFT:
            # Keys are < 2**42, so (key, name) packs into one int64 and a single
            # sort groups postings by gram and orders them by name.
            pairs = _sorted_distinct((keys << _SHIFT) | doc)
            gram_of = pairs >> _SHIFT
            self._postings = (pairs & ((1 << _SHIFT) - 1)).astype(np.int32)
            first = _first_of_runs(gram_of)
            self._keys = gram_of[first]
            gram = np.cumsum(first) - 1
        else:
            self._keys, gram = np.unique(keys, return_inverse=True)
            pairs = _sorted_distinct(gram.astype(np.int64) * n + doc)
            self._postings = (pairs % n).astype(np.int32)
            gram = pairs // n
        del keys, doc, pairs
        df = np.bincount(gram, minlength=len(self._keys))
        self._starts = np.concatenate([[0], np.cumsum(df)]).astype(np.int64)
        self._df = df.astype(np.int64)
        self._idf = np.log((n + 1) / (df + 0.5)).astype(np.float32)
        # A name's total gram weight, for length normalisation of the count.
        self._weight = np.bincount(self._postings, weights=np.repeat(self._idf, df), minlength=n).astype(
            np.float32
        )
        # Positions of each distinct name, for turning results back into positions.
        order = np.argsort(self._uid, kind="stable")
        self._pos_by_uid = order.astype(np.int32)
        self._pos_starts = np.concatenate([[0], np.cumsum(np.bincount(self._uid, minlength=n))]).astype(np.int64)

    def __len__(self) -> int:
        return self.size

    # -- querying -------------------------------------------------------------

    def search(self, query: str, limit: int = 5, mask: np.ndarray | None = None) -> list[tuple[int, float]]:
        """Best positions for the query, (position, score 0–100), best first.

        In 广安区's list, search("營業執照") gives 公司设立登记 first (traditional
        characters, then the synonym 营业执照 → 设立登记); `mask[i]` False
        excludes position i.
        """
        variants = self._variants(query)
        if not variants or limit <= 0 or not self.names:
            return []
        allowed = self._allowed(mask)
        if allowed is not None:
            count = np.count_nonzero(allowed)
            if count == 0:
                return []
            if count <= self.direct_mask_limit:
                return self._finish(variants, np.flatnonzero(allowed), limit, mask)
        # The budget is not raised for a mask: reading 2–4× more postings for a
        # mask of one city (5% of the names) did not change recall in the benchmark.
        cand = self._candidates(variants, allowed, self.posting_budget)
        return self._finish(variants, cand, limit, mask)

    def scan(self, query: str, limit: int = 5, mask: np.ndarray | None = None) -> list[tuple[int, float]]:
        """The plain scan: every distinct name scored with `score`, same expansion."""
        variants = self._variants(query)
        if not variants or limit <= 0 or not self.names:
            return []
        allowed = self._allowed(mask)
        cand = np.arange(len(self.names)) if allowed is None else np.flatnonzero(allowed)
        return self._finish(variants, cand, limit, mask, workers=-1, prune=False)

    # -- internals --------------------------------------------------------------

    @staticmethod
    def _variants(query: str) -> list[str]:
        return [v for v in expand(normalize(query)) if v]

    def _allowed(self, mask: np.ndarray | None) -> np.ndarray | None:
        """Distinct names that have at least one allowed position."""
        if mask is None:
            return None
        mask = np.asarray(mask, dtype=bool)
        if mask.shape != (self.size,):
            raise ValueError(f"mask must have shape ({self.size},), got {mask.shape}")
        # O(positions): ~1.5 ms for a million, the price of position-level masks.
        allowed = np.zeros(len(self.names), dtype=bool)
        allowed[self._uid[mask]] = True
        return allowed

    def _candidates(self, variants: list[str], allowed: np.ndarray | None, budget: int) -> np.ndarray:
        """Up to `candidates` distinct names that share the most IDF weight with the query."""
        keys = _query_keys(variants)
        at = np.searchsorted(self._keys, keys)
        found = at < len(self._keys)
        found[found] = self._keys[at[found]] == keys[found]
        known = at[found]
        # Query weight includes unknown grams at the highest IDF: a query made of
        # characters no name has should not look like a perfect match.
        unknown = len(keys) - len(known)
        q_weight = float(self._idf[known].sum()) + unknown * math.log(len(self.names) + 1)
        if len(known) == 0:
            return np.zeros(0, dtype=np.int64)
        known = known[np.argsort(self._df[known], kind="stable")]
        cumulative = np.cumsum(self._df[known])
        take = known[: max(1, int(np.searchsorted(cumulative, budget, side="right")))]
        postings = np.concatenate([self._postings[self._starts[g] : self._starts[g + 1]] for g in take])
        weights = np.repeat(self._idf[take], self._df[take])
        acc = np.bincount(postings, weights=weights, minlength=len(self.names))
        # Rank per posting (a name appears once per matched gram), so no pass over
        # all names follows: the cost after bincount grows with the postings read.
        hit = acc[postings]
        w = self._weight[postings]
        # Mirrors the scorer: hit/min(q, w) ~ partial_ratio, 2·hit/(q+w) ~ ratio.
        rank = hit / np.minimum(q_weight, w) + 2 * hit / (q_weight + w)
        if allowed is not None:
            ok = allowed[postings]
            postings, rank = postings[ok], rank[ok]
        if len(postings) == 0:
            return postings
        # All postings of a name carry its rank and a name has at most len(take)
        # postings, so the best K·len(take) postings hold the K best names: a
        # partition over the postings replaces a sort (np.unique) of all of them.
        m = self.candidates * len(take)
        if len(rank) > m:
            cut = np.partition(rank, len(rank) - m)[len(rank) - m]
            keep = rank >= cut
            postings, rank = postings[keep], rank[keep]
        touched, first = np.unique(postings, return_index=True)
        rank = rank[first]
        if len(touched) > self.candidates:
            touched = touched[np.argpartition(-rank, self.candidates)[: self.candidates]]
        return touched

    def _best_of(self, variants: list[str], cand: np.ndarray, keep: int) -> tuple[np.ndarray, np.ndarray]:
        """Exact scores of every candidate that can be among the best `keep`.

        partial_ratio costs ~15× ratio, and score ≤ ratio/2 + 50, so candidates
        are scored with ratio first and get partial_ratio in that order only
        while they can still reach the current keep-th best score (ties included).
        The result is the same as scoring all candidates.
        """
        names = self.names
        choices = [names[i] for i in cand.tolist()]
        ratio = process.cdist(variants, choices, scorer=fuzz.ratio, dtype=np.float64)
        bound = 0.5 * ratio.max(axis=0) + 50
        order = np.argsort(-bound, kind="stable")
        done: list[np.ndarray] = []
        scores: list[np.ndarray] = []
        kth = -1.0
        start, step = 0, 32
        while start < len(order) and bound[order[start]] >= kth:
            part = order[start : start + step]
            partial = process.cdist(variants, [choices[i] for i in part], scorer=fuzz.partial_ratio, dtype=np.float64)
            done.append(part)
            scores.append((0.5 * ratio[:, part] + 0.5 * partial).max(axis=0))
            start += step
            step *= 2
            every = np.concatenate(scores)
            if len(every) >= keep:
                kth = float(np.partition(every, len(every) - keep)[len(every) - keep])
        return cand[np.concatenate(done)], np.concatenate(scores)

    def _finish(
        self,
        variants: list[str],
        cand: np.ndarray,
        limit: int,
        mask: np.ndarray | None,
        workers: int = 1,
        prune: bool = True,
    ) -> list[tuple[int, float]]:
        """Score candidate names exactly, then turn the best into positions."""
        if len(cand) == 0:
            return []
        if prune:
            cand, scores = self._best_of(variants, cand, limit)
        else:
            names = self.names
            scores = _score_many(variants, [names[i] for i in cand.tolist()], workers=workers)
        # Score 0 means not a single character in common: never an answer.
        cand, scores = cand[scores > 0], scores[scores > 0]
        if len(cand) == 0:
            return []
        # Enough names to fill `limit` positions even if each has one allowed position.
        keep = min(limit, len(cand))
        if keep < len(cand):
            # Include every name tied with the cut-off so the tie-break by position is exact.
            cut = np.partition(-scores, keep - 1)[keep - 1]
            sel = np.flatnonzero(-scores <= cut)
        else:
            sel = np.arange(len(cand))
        out: list[tuple[int, float]] = []
        for u, s in zip(cand[sel], scores[sel]):
            positions = self._pos_by_uid[self._pos_starts[u] : self._pos_starts[u + 1]]
            if mask is not None:
                positions = positions[np.asarray(mask)[positions]]
            out.extend((int(p), float(s)) for p in positions[:limit])
        out.sort(key=lambda ps: (-ps[1], ps[0]))
        return out[:limit]
