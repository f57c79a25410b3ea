"""BM25 over the answer-bearing texts, sublinear per query, then an exact rerank of the best few.

    >>> idx = TextIndex(["犬类准养证核发", "居民身份证办理"], ["", ""])
    >>> idx.search(Terms.of_variants(["养犬登记"], idx), limit=1)[0][0]
    0

Each document has a *title* (an item's name, a duty sentence's matter) and a *body* (the list's
other text columns, the sentence itself). Terms are character unigrams and bigrams of the
normalised text (``tokens="chars"``) or words of jieba's maintained dictionary plus those grams
(``tokens="words"``); the question set's tuning half decides (tests/data/README.md). A title's
terms count twice, so that a matter named in a title outranks one mentioned in passing.

Ranking in two steps:
1. **BM25** (k1 = 1.2, b = 0.75) accumulated over the postings of the query's terms, rarest
   first, up to ``posting_budget`` postings: a term in half the documents (许, 可) separates
   little and costs most. The per-posting BM25 factor is computed once at build time, so a query
   is one ``bincount`` over the postings it reads.
2. The best ``candidates`` documents are rescored exactly (``rerank``): IDF-weighted coverage of
   the query's terms by the title and by the body, and rapidfuzz's ``partial_ratio`` of the
   query against the title. ``exhaustive`` applies the same exact score to every document; the
   benchmark measures the index's recall against it.
"""
from __future__ import annotations

import io
import math
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz

from .normalize import normalize

_SHIFT = 21          # bigram key = (first << 21) | second; code points are < 2**21
_WORD_BASE = 1 << 43  # word keys lie above every gram key
K1, B = 1.2, 0.75
# Exact-score weights: share of the query's term weight the title covers, share of the title's
# weight the query covers, the body's coverage of the query, and partial_ratio. Tuned on the
# question set's tuning half (benchmarks/README.md and tests/data/README.md give the figures).
W_QUERY, W_TITLE, W_BODY, W_FUZZ = 0.45, 0.15, 0.15, 0.25


@lru_cache(maxsize=1)
def _jieba():
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    return jieba


def _word_key(word: str) -> int:
    return _WORD_BASE + zlib.crc32(word.encode("utf-8"))


def gram_keys(norm: str) -> list[int]:
    """Unigram and bigram keys of a normalised text, with repeats (BM25 counts them)."""
    keys = [ord(c) for c in norm]
    keys.extend((ord(a) << _SHIFT) | ord(b) for a, b in zip(norm, norm[1:]))
    return keys


def text_keys(norm: str, tokens: str) -> list[int]:
    keys = gram_keys(norm)
    if tokens == "words":
        keys.extend(_word_key(w) for w in _jieba().lcut(norm, HMM=False) if len(w) >= 2)
    return keys


def _vector_gram_keys(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """(key, document) for every unigram and bigram of every text, vectorised."""
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    if not lengths.sum():
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    cps = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    doc = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
    same = doc[:-1] == doc[1:]
    bigrams = (cps[:-1][same] << _SHIFT) | cps[1:][same]
    return np.concatenate([cps, bigrams]), np.concatenate([doc, doc[:-1][same]])


@dataclass
class Terms:
    """A query's terms: the distinct keys of all its variants with their IDF, and per variant."""

    keys: np.ndarray
    idf: np.ndarray
    variants: list[str]
    per_variant: list[dict[int, float]]   # key → IDF, one dict per variant

    @classmethod
    def of_variants(cls, variants: Sequence[str], index: "TextIndex") -> "Terms":
        variants = [v for v in variants if v]
        per = [sorted(set(text_keys(v, index.tokens))) for v in variants]
        union = sorted(set().union(*per)) if per else []
        arr = np.asarray(union, dtype=np.int64)
        idf = index.idf_of(arr)
        weight = dict(zip(union, idf.tolist()))
        return cls(arr, idf, variants, [{k: weight[k] for k in keys} for keys in per])


class TextIndex:
    """BM25 postings over titles and bodies; document i is position i of the texts given."""

    candidates = 200
    posting_budget = 200_000

    def __init__(self, titles: Sequence[str] = (), bodies: Sequence[str] = (), tokens: str = "chars"):
        self.tokens = tokens
        self.titles = [normalize(t) for t in titles]
        self.bodies = [normalize(b) for b in bodies] if bodies else [""] * len(self.titles)
        self._build()

    # -- building ---------------------------------------------------------------------------
    def _pairs(self) -> tuple[np.ndarray, np.ndarray]:
        """(key, document) of every term occurrence; title terms twice."""
        tk, td = _vector_gram_keys(self.titles)
        bk, bd = _vector_gram_keys(self.bodies)
        keys, docs = [tk, tk, bk], [td, td, bd]
        if self.tokens == "words":
            jb = _jieba()
            for texts, reps in ((self.titles, 2), (self.bodies, 1)):
                wk, wd = [], []
                for i, t in enumerate(texts):
                    for w in jb.lcut(t, HMM=False):
                        if len(w) >= 2:
                            wk.append(_word_key(w))
                            wd.append(i)
                wk_a, wd_a = np.asarray(wk, np.int64), np.asarray(wd, np.int64)
                keys += [wk_a] * reps
                docs += [wd_a] * reps
        return np.concatenate(keys), np.concatenate(docs)

    def _build(self) -> None:
        n = len(self.titles)
        self.size = n
        keys, docs = self._pairs()
        if n == 0 or len(keys) == 0:
            self._keys = np.zeros(0, np.int64)
            self._starts = np.zeros(1, np.int64)
            self._postings = np.zeros(0, np.int32)
            self._factor = np.zeros(0, np.float32)
            self._df = np.zeros(0, np.int64)
            self._idf = np.zeros(0, np.float32)
            return
        order = np.lexsort((docs, keys))
        keys, docs = keys[order], docs[order]
        new = np.ones(len(keys), dtype=bool)
        new[1:] = (keys[1:] != keys[:-1]) | (docs[1:] != docs[:-1])
        starts = np.flatnonzero(new)
        tf = np.diff(np.append(starts, len(keys))).astype(np.float32)
        pkeys, pdocs = keys[starts], docs[starts]
        dl = np.bincount(docs, minlength=n).astype(np.float32)
        avgdl = float(dl.mean()) or 1.0
        self._postings = pdocs.astype(np.int32)
        self._factor = (tf * (K1 + 1) / (tf + K1 * (1 - B + B * dl[pdocs] / avgdl))).astype(np.float32)
        first = np.ones(len(pkeys), dtype=bool)
        first[1:] = pkeys[1:] != pkeys[:-1]
        self._keys = pkeys[first]
        self._starts = np.append(np.flatnonzero(first), len(pkeys)).astype(np.int64)
        self._df = np.diff(self._starts)
        self._idf = np.log(1 + (n - self._df + 0.5) / (self._df + 0.5)).astype(np.float32)
        self._max_idf = math.log(1 + (n + 0.5) / 0.5)

    def __len__(self) -> int:
        return self.size

    def idf_of(self, keys: np.ndarray) -> np.ndarray:
        """IDF of each key; a key no document has gets the highest IDF (it still weighs)."""
        at = np.searchsorted(self._keys, keys)
        found = at < len(self._keys)
        found[found] = self._keys[at[found]] == keys[found]
        out = np.full(len(keys), getattr(self, "_max_idf", 1.0), dtype=np.float32)
        out[found] = self._idf[at[found]]
        return out

    # -- querying ---------------------------------------------------------------------------
    def bm25(self, terms: Terms, allowed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Documents sharing a term with the query and their BM25, best ``candidates`` first."""
        at = np.searchsorted(self._keys, terms.keys)
        ok = at < len(self._keys)
        ok[ok] = self._keys[at[ok]] == terms.keys[ok]
        grams = at[ok]
        if len(grams) == 0:
            return np.zeros(0, np.int64), np.zeros(0)
        grams = grams[np.argsort(self._df[grams], kind="stable")]
        budget = np.searchsorted(np.cumsum(self._df[grams]), self.posting_budget, side="right")
        grams = grams[: max(1, int(budget))]
        spans = [(self._starts[g], self._starts[g + 1]) for g in grams]
        postings = np.concatenate([self._postings[a:b] for a, b in spans])
        weights = np.concatenate([self._factor[a:b] * self._idf[g] for (a, b), g in zip(spans, grams)])
        # One pass over the postings read; candidates come from the postings (a document has at
        # most len(grams) of them), so no pass over all documents follows the bincount.
        acc = np.bincount(postings, weights=weights, minlength=self.size)
        if allowed is not None:
            postings = postings[allowed[postings]]
        if len(postings) == 0:
            return np.zeros(0, np.int64), np.zeros(0)
        vals = acc[postings]
        m = self.candidates * len(grams)
        if len(vals) > m:
            cut = np.partition(vals, len(vals) - m)[len(vals) - m]
            postings = postings[vals >= cut]
        docs = np.unique(postings)
        acc = acc[docs]
        if len(docs) > self.candidates:
            top = np.argpartition(-acc, self.candidates)[: self.candidates]
            docs, acc = docs[top], acc[top]
        order = np.lexsort((docs, -acc))
        return docs[order].astype(np.int64), acc[order]

    def rerank(self, terms: Terms, docs: np.ndarray) -> np.ndarray:
        """Exact score 0–100 of each document for the query (see module docstring)."""
        if len(docs) == 0:
            return np.zeros(0)
        out = np.empty(len(docs))
        for i, d in enumerate(docs.tolist()):
            title, body = self.titles[d], self.bodies[d]
            t_keys = set(text_keys(title, self.tokens))
            t_weight = float(self.idf_of(np.fromiter(t_keys, np.int64, len(t_keys))).sum()) or 1.0
            b_keys = set(text_keys(body, self.tokens)) if body else set()
            best = 0.0
            for v, q in zip(terms.variants, terms.per_variant):
                q_weight = sum(q.values()) or 1.0
                shared = sum(w for k, w in q.items() if k in t_keys)
                in_body = sum(w for k, w in q.items() if k in b_keys or k in t_keys)
                fz = fuzz.partial_ratio(v, title) / 100
                best = max(best, W_QUERY * shared / q_weight + W_TITLE * min(1.0, shared / t_weight)
                           + W_BODY * in_body / q_weight + W_FUZZ * fz)
            out[i] = 100 * best
        return out

    def search(self, terms: Terms, limit: int = 10, allowed: np.ndarray | None = None,
               ) -> list[tuple[int, float]]:
        """(document, exact score) of the best documents, best first, ties by position."""
        docs, _ = self.bm25(terms, allowed)
        scores = self.rerank(terms, docs)
        order = np.lexsort((docs, -scores))[:limit]
        return [(int(docs[i]), float(scores[i])) for i in order]

    def exhaustive(self, terms: Terms, limit: int = 10, allowed: np.ndarray | None = None,
                   ) -> list[tuple[int, float]]:
        """The same exact score over every (allowed) document: the benchmark's reference."""
        docs = np.arange(self.size) if allowed is None else np.flatnonzero(allowed)
        scores = self.rerank(terms, docs)
        order = np.lexsort((docs, -scores))[:limit]
        return [(int(docs[i]), float(scores[i])) for i in order]

    # -- persistence ------------------------------------------------------------------------
    def to_bytes(self) -> bytes:
        buf = io.BytesIO()
        np.savez(buf, keys=self._keys, starts=self._starts, postings=self._postings, factor=self._factor,
                 df=self._df, idf=self._idf, titles=np.asarray(self.titles, dtype=object),
                 bodies=np.asarray(self.bodies, dtype=object), meta=np.asarray([self.tokens, self.size], dtype=object))
        return buf.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> "TextIndex":
        z = np.load(io.BytesIO(data), allow_pickle=True)
        self = cls.__new__(cls)
        self.tokens, self.size = str(z["meta"][0]), int(z["meta"][1])
        self.titles, self.bodies = list(z["titles"]), list(z["bodies"])
        self._keys, self._starts, self._postings = z["keys"], z["starts"], z["postings"]
        self._factor, self._df, self._idf = z["factor"], z["df"], z["idf"]
        self._max_idf = math.log(1 + (self.size + 0.5) / 0.5)
        return self
