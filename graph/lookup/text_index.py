"""BM25 over the answer-bearing texts, sublinear per query, then an exact rerank of the best few.

    >>> idx = TextIndex(["犬类准养证核发", "居民身份证办理"], ["", ""])
    >>> idx.search(Terms.of_variants(["养犬证"], idx), limit=1)[0][0]
    0

Each document has a *title* (an item's name, a duty sentence's matter) and a *body* (the list's
other text columns, the sentence itself), indexed as two fields with one IDF. Terms are the
character unigrams and bigrams of the normalised text (``tokens="chars"``) or those plus the
words of jieba's dictionary (``tokens="words"``); on the question set's tuning half the grams
alone ranked better and build 4× faster (tests/data/questions/README.md), so they are the default.

Ranking in two steps:
1. **BM25** (k1 = 1.2, b = 0.75; title counted twice, body once) accumulated over the postings
   of the query's terms, rarest first, up to ``posting_budget`` postings: a term in half the
   documents (许, 可) separates little and costs most. The per-posting BM25 factor is computed
   at build time; candidates are taken from those postings, never from a pass over all
   documents. The terms past the budget are not read but looked up (binary search in their
   postings) for the ``complete_top`` best candidates, the ``complete_lists`` heaviest of them,
   so that the candidates are ordered by (nearly) every term of the question: at a million
   texts the budget alone lost the right text among thousands sharing its rare terms.
2. The best ``candidates`` are rescored exactly (``rerank``), vectorised: for the title and for
   the body, W_QUERY · the share of the query's IDF weight the text contains + W_TITLE · the share
   of the text's own weight the query contains + W_FUZZ · rapidfuzz ``partial_ratio``; a body
   counts BODY_FACTOR (it answers when a duty sentence's matter was cut short). ``exhaustive``
   applies the same score to every document: the benchmark measures recall against it.
"""
from __future__ import annotations

import threading
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz, process

from .index_file import Joined
from .normalize import normalize

_SHIFT = 21           # bigram key = (first << 21) | second; code points are < 2**21
_WORD_BASE = 1 << 43  # word keys lie above every gram key
K1, B = 1.2, 0.75
# Terms of the index: "chars" (unigrams and bigrams) won on the tuning half; "words" adds jieba's.
DEFAULT_TOKENS = "chars"
# Exact-score weights, set on the question set's tuning half (tests/data/questions/README.md).
W_QUERY, W_TITLE, W_FUZZ = 0.55, 0.15, 0.30
BODY_FACTOR = 0.8
# Words of the question that no text contains cannot be matched: they weigh nothing, so that
# they do not dilute the rest.
UNKNOWN_IDF = 0.0
# A title this short (备案, 许可, 责令改正: a duty sentence whose matter was not found) answers little
# by itself; its text-side scores are scaled by len / min(SHORT_TITLE, the question's length), so a
# short title still answers a question as short. Set on both rounds' tuning halves (380 questions;
# 6 absolute → 10 relative: round 1 85.9 → 86.7 %, round 2 80.2 → 81.7 % top-1; 8–12 within 1 %).
SHORT_TITLE = 10
NO_BIGRAM_FACTOR = 0.5


@lru_cache(maxsize=1)
def _jieba():
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    return jieba


def _word_key(word: str) -> int:
    return _WORD_BASE + zlib.crc32(word.encode("utf-8"))


def text_keys(norm: str, tokens: str = "chars") -> list[int]:
    """Unigram and bigram keys of a normalised text (and word keys for ``tokens="words"``)."""
    keys = [ord(c) for c in norm]
    keys.extend((ord(a) << _SHIFT) | ord(b) for a, b in zip(norm, norm[1:]))
    if tokens == "words":
        keys.extend(_word_key(w) for w in _jieba().lcut(norm, HMM=False) if len(w) >= 2)
    return keys


def _pairs(texts: Sequence[str], tokens: str) -> tuple[np.ndarray, np.ndarray]:
    """(key, document) for every term occurrence of every text; grams vectorised."""
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    if not lengths.sum():
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    cps = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    doc = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
    same = doc[:-1] == doc[1:]
    keys = [cps, (cps[:-1][same] << _SHIFT) | cps[1:][same]]
    docs = [doc, doc[:-1][same]]
    if tokens == "words":
        jb = _jieba()
        wk, wd = [], []
        for i, t in enumerate(texts):
            for w in jb.lcut(t, HMM=False):
                if len(w) >= 2:
                    wk.append(_word_key(w))
                    wd.append(i)
        keys.append(np.asarray(wk, np.int64))
        docs.append(np.asarray(wd, np.int64))
    return np.concatenate(keys), np.concatenate(docs)


def _texts(texts: Sequence[str], docs: np.ndarray) -> list[str]:
    take = getattr(texts, "take", None)
    return take(docs) if take is not None else [texts[d] for d in docs.tolist()]


class _Field:
    """Postings of one field: per key, the sorted documents holding it and their BM25 factor."""

    def __init__(self, texts: Sequence[str], tokens: str):
        n = len(texts)
        keys, docs = _pairs(texts, tokens)
        order = np.lexsort((docs, keys))
        keys, docs = keys[order], docs[order]
        new = np.ones(len(keys), dtype=bool)
        new[1:] = (keys[1:] != keys[:-1]) | (docs[1:] != docs[:-1])
        starts = np.flatnonzero(new)
        tf = np.diff(np.append(starts, len(keys))).astype(np.float32)
        pkeys, pdocs = keys[starts], docs[starts]
        dl = np.bincount(docs, minlength=n).astype(np.float32)
        avgdl = float(dl.mean()) if n and dl.mean() > 0 else 1.0
        self.postings = pdocs.astype(np.int32)
        self.factor = (tf * (K1 + 1) / (tf + K1 * (1 - B + B * dl[pdocs] / avgdl))).astype(np.float32)
        first = np.ones(len(pkeys), dtype=bool)
        first[1:] = pkeys[1:] != pkeys[:-1]
        self.keys = pkeys[first]
        self.starts = np.append(np.flatnonzero(first), len(pkeys)).astype(np.int64)
        self.df = np.diff(self.starts)
        # Per term: its largest BM25 factor, the bound of what it adds to any document (MaxScore).
        self.maxf = (np.maximum.reduceat(self.factor, self.starts[:-1]) if len(self.keys)
                     else np.zeros(0, np.float32)).astype(np.float32)

    _ARRAYS = ("postings", "factor", "keys", "starts", "df", "maxf")

    def arrays(self, prefix: str) -> dict[str, np.ndarray]:
        return {prefix + name: getattr(self, name) for name in self._ARRAYS}

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray], prefix: str) -> "_Field":
        field = cls.__new__(cls)
        for name in cls._ARRAYS:
            setattr(field, name, arrays[prefix + name])
        return field

    def spans(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(position in ``keys``, term number in this field) of the keys this field has."""
        at = np.searchsorted(self.keys, keys)
        ok = at < len(self.keys)
        ok[ok] = self.keys[at[ok]] == keys[ok]
        return np.flatnonzero(ok), at[ok]

    def weights(self, idf_of_key, n: int) -> np.ndarray:
        """Per document: the IDF weight of its distinct terms in this field."""
        idf = idf_of_key(self.keys)
        return np.bincount(self.postings, weights=np.repeat(idf, self.df), minlength=n).astype(np.float32)


@dataclass
class Terms:
    """A query's terms: the distinct keys of all its variants with their IDF, and per variant."""

    keys: np.ndarray
    idf: np.ndarray
    variants: list[str]
    member: np.ndarray    # (variants × keys) bool: which keys each variant has
    is_bigram: np.ndarray  # per key: a two-character term (or a word), not a single character

    @classmethod
    def of_variants(cls, variants: Sequence[str], index: "TextIndex") -> "Terms":
        variants = [v for v in variants if v]
        per = [set(text_keys(v, index.tokens)) for v in variants]
        union = sorted(set().union(*per)) if per else []
        arr = np.asarray(union, dtype=np.int64)
        member = np.asarray([[k in p for k in union] for p in per], dtype=bool).reshape(len(per), len(union))
        return cls(arr, index.idf_of(arr), variants, member, (arr >= (1 << _SHIFT)).astype(np.float32))


class TextIndex:
    """BM25 postings over titles and bodies; document i is position i of the texts given."""

    candidates = 100
    posting_budget = 60_000

    def __init__(self, titles: Sequence[str] = (), bodies: Sequence[str] = (), tokens: str | None = None):
        tokens = tokens or DEFAULT_TOKENS
        self.tokens = tokens
        self.titles = [normalize(t) for t in titles]
        self.bodies = [normalize(b) for b in bodies] if bodies else [""] * len(self.titles)
        self.size = len(self.titles)
        self._title = _Field(self.titles, tokens)
        self._body = _Field(self.bodies, tokens)
        # One IDF over both fields: document frequency of a key in either.
        keys = np.union1d(self._title.keys, self._body.keys)
        df = np.zeros(len(keys), dtype=np.int64)
        for f in (self._title, self._body):
            df[np.searchsorted(keys, f.keys)] += f.df
        n = max(self.size, 1)
        df = np.minimum(df, n)
        self._keys = keys
        self._idf = np.log(1 + (n - df + 0.5) / (df + 0.5)).astype(np.float32)
        self._title_weight = self._title.weights(self.idf_of, self.size)
        self._body_weight = self._body.weights(self.idf_of, self.size)

    def __len__(self) -> int:
        return self.size

    def __getstate__(self) -> dict:
        # The per-thread scratch arrays (_stamp) are not part of the index (nor picklable).
        return {k: v for k, v in self.__dict__.items() if k != "_local"}

    # -- kept in a file (index_file): arrays mapped, texts decoded on demand -------------------
    def arrays(self) -> tuple[dict[str, np.ndarray], dict[str, Sequence[str]], dict[str, str]]:
        """(arrays, strings, meta) that :meth:`from_arrays` turns back into this index."""
        arrays = {**self._title.arrays("title."), **self._body.arrays("body."), "keys": self._keys,
                  "idf": self._idf, "title_weight": self._title_weight, "body_weight": self._body_weight}
        return arrays, {"titles": self.titles, "bodies": self.bodies}, {"tokens": self.tokens}

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray], strings: dict[str, Sequence[str]],
                    meta: dict[str, str]) -> "TextIndex":
        index = cls.__new__(cls)
        index.tokens = meta["tokens"]
        index.titles, index.bodies = strings["titles"], strings["bodies"]
        index.size = len(index.titles)
        index._title = _Field.from_arrays(arrays, "title.")
        index._body = _Field.from_arrays(arrays, "body.")
        index._keys, index._idf = arrays["keys"], arrays["idf"]
        index._title_weight, index._body_weight = arrays["title_weight"], arrays["body_weight"]
        return index

    def _own_weight(self, field: str, docs: np.ndarray, keys: np.ndarray, local: np.ndarray) -> np.ndarray:
        """Per document of ``docs``: the IDF weight of its distinct terms in ``field`` (kept since
        the build; ``keys``/``local`` are its terms, for indexes that compute it)."""
        return (self._title_weight if field == "title" else self._body_weight)[docs]

    def df_of(self, keys: np.ndarray) -> np.ndarray:
        """Per key: in how many titles plus how many bodies it occurs (the IDF's document frequency)."""
        out = np.zeros(len(keys), dtype=np.int64)
        for f in (self._title, self._body):
            pos, term = f.spans(keys)
            out[pos] += f.df[term]
        return out

    def idf_of(self, keys: np.ndarray) -> np.ndarray:
        at = np.searchsorted(self._keys, keys)
        found = at < len(self._keys)
        found[found] = self._keys[at[found]] == keys[found]
        out = np.full(len(keys), UNKNOWN_IDF, dtype=np.float32)
        out[found] = self._idf[at[found]]
        return out

    # -- querying ---------------------------------------------------------------------------
    # Candidates' scores completed with the common terms (False: the earlier budgeted sum, kept as
    # the benchmark's baseline: benchmarks/lookup_bench.py --long --baseline).
    exact_bm25 = True
    # Candidates (best partial BM25 first) whose scores are completed with the common terms, and
    # how many of those terms (the heaviest) are looked up for them.
    complete_top = 1000
    complete_lists = 16

    def _lists(self, terms: Terms) -> list[tuple[int, "_Field", int, float, float]]:
        """(df, field, term number, weight, bound) of each (field, query term) the index has; the
        weight is IDF × field boost (title twice), the bound weight × the term's largest factor."""
        lists = []
        for f, boost in ((self._title, 2.0), (self._body, 1.0)):
            pos, term = f.spans(terms.keys)
            for df, t, idf in zip(f.df[term].tolist(), term.tolist(), terms.idf[pos].tolist()):
                if idf > 0:
                    lists.append((df, f, t, idf * boost, idf * boost * float(f.maxf[t])))
        lists.sort(key=lambda r: (r[0], -r[3]))
        return lists

    def _stamp(self) -> np.ndarray:
        """A per-thread int array over all documents, never cleared: a query writes the entries of
        the postings it read and reads back only those (so no pass over a million documents)."""
        local = self.__dict__.get("_local")
        if local is None:
            local = self.__dict__.setdefault("_local", threading.local())
        stamp = getattr(local, "stamp", None)
        if stamp is None or len(stamp) != self.size:
            local.stamp = stamp = np.zeros(self.size, dtype=np.int32)
        return stamp

    def bm25(self, terms: Terms, allowed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """The ``candidates`` documents of highest BM25 (within ``allowed``), best first, and their BM25.

        The query's rarest terms are read whole, up to ``posting_budget`` postings: the documents
        holding one of them are the candidates, and each term adds its weight to each (in per-thread
        arrays that only the postings read touch: no pass over every document). The common terms
        (许, 可, 办理 …: a large share of the documents) are not read; their weight is added to the
        ``complete_top`` candidates of best partial score by searching their postings (binary
        search), so that the order among those is the full BM25's — the common terms still tell
        apart the many documents that share the rare ones, which the budget alone left to chance
        (recall@5 0.84 at a million texts)."""
        if not self.exact_bm25:
            return self._bm25_budget(terms, allowed)
        lists = self._lists(terms)
        if not lists:
            return np.zeros(0, np.int64), np.zeros(0)
        total, nread, read = 0, 0, []
        while nread < len(lists) and (not read or total + lists[nread][0] <= self.posting_budget):
            df, f, t, w, _ = lists[nread]
            lo, hi = int(f.starts[t]), int(f.starts[t + 1])
            read.append((f.postings[lo:hi], f.factor[lo:hi] * np.float32(w)))
            total += df
            nread += 1
        postings = np.concatenate([p for p, _ in read])
        weights = np.concatenate([w for _, w in read])
        # Summed per document without a pass over all documents, nor a sort: each occurrence writes
        # its position into the stamp, the position a document kept is its representative, and the
        # representatives numbered in order are the candidates.
        stamp = self._stamp()
        order = np.arange(len(postings), dtype=np.int32)
        stamp[postings] = order
        rep = stamp[postings]
        first = rep == order
        number = np.cumsum(first, dtype=np.int32) - 1
        cand = postings[first]
        partial = np.bincount(number[rep], weights=weights, minlength=len(cand))
        if allowed is not None:
            keep = allowed[cand]
            cand, partial = cand[keep], partial[keep]
        docs, scores = self._complete(cand, partial, lists[nread:], self.candidates)
        if len(docs) > self.candidates:
            top = np.argpartition(-scores, self.candidates)[: self.candidates]
            docs, scores = docs[top], scores[top]
        order = np.lexsort((docs, -scores))
        return docs[order].astype(np.int64), scores[order]

    def _complete(self, cand: np.ndarray, partial: np.ndarray, rest: list, k: int
                  ) -> tuple[np.ndarray, np.ndarray]:
        """The ``complete_top`` candidates of best partial score with their full BM25 (the lists of
        ``rest`` looked up)."""
        if not rest:
            return cand, partial
        rest = sorted(rest, key=lambda r: -r[4])[: self.complete_lists]
        m = min(len(cand), max(self.complete_top, k))
        if m < len(cand):
            top = np.argpartition(-partial, m - 1)[:m]
            cand, partial = cand[top], partial[top]
        by_doc = np.argsort(cand)
        # Of the postings' own type: searchsorted would convert each whole posting list otherwise.
        docs = cand[by_doc].astype(self._title.postings.dtype, copy=False)
        return docs.astype(np.int64), self._looked_up(docs, partial[by_doc], rest)

    @staticmethod
    def _looked_up(docs: np.ndarray, partial: np.ndarray, rest: list) -> np.ndarray:
        """``partial`` plus the weight of each list of ``rest`` that holds the document."""
        score = partial.astype(np.float64, copy=True)
        for _, f, t, w, _ in rest:
            lo, hi = int(f.starts[t]), int(f.starts[t + 1])
            p = f.postings[lo:hi]
            at = np.searchsorted(p, docs)
            hit = at < len(p)
            hit[hit] = p[at[hit]] == docs[hit]
            score[hit] += f.factor[lo + at[hit]] * w
        return score

    def _bm25_budget(self, terms: Terms, allowed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """The earlier candidate step (the baseline): the rarest terms' postings up to the budget
        summed over every document; the common terms left out entirely."""
        reads = []  # (df, field, term, idf, field weight)
        for f, boost in ((self._title, 2.0), (self._body, 1.0)):
            pos, term = f.spans(terms.keys)
            reads.extend(zip(f.df[term].tolist(), [f] * len(term), term.tolist(), terms.idf[pos].tolist(),
                             [boost] * len(term)))
        if not reads:
            return np.zeros(0, np.int64), np.zeros(0)
        reads.sort(key=lambda r: r[0])
        total, chosen = 0, []
        for r in reads:
            if chosen and total + r[0] > self.posting_budget:
                break
            chosen.append(r)
            total += r[0]
        postings = np.concatenate([f.postings[f.starts[t]: f.starts[t + 1]] for _, f, t, _, _ in chosen])
        weights = np.concatenate([f.factor[f.starts[t]: f.starts[t + 1]] * (idf * boost)
                                  for _, f, t, idf, boost in chosen])
        acc = np.bincount(postings, weights=weights, minlength=self.size)
        # The documents read, in order: marked in a mask (np.unique sorts or hashes the postings,
        # 10-40x slower on tens of thousands of them).
        hit = np.zeros(self.size, dtype=bool)
        hit[postings] = True
        if allowed is not None:
            hit &= allowed
        docs = np.flatnonzero(hit)
        if len(docs) == 0:
            return np.zeros(0, np.int64), np.zeros(0)
        scores = acc[docs]
        if len(docs) > self.candidates:
            top = np.argpartition(-scores, self.candidates)[: self.candidates]
            docs, scores = docs[top], scores[top]
        order = np.lexsort((docs, -scores))
        return docs[order].astype(np.int64), scores[order]

    def _coverage(self, field: str, terms: Terms, docs: np.ndarray, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """(variants × docs) share of each variant's weight each text holds, and of the text's own.

        Which of the query's terms a text holds is read from the text's own terms (the same
        ``_pairs`` the index was built with): a few array operations for all candidates, where
        a search in each term's postings per term cost a millisecond or more per query."""
        keys, local = _pairs(texts, self.tokens)
        own_weight = self._own_weight(field, docs, keys, local)
        at = np.searchsorted(terms.keys, keys)
        ok = at < len(terms.keys)
        ok[ok] = terms.keys[at[ok]] == keys[ok]
        weighted = np.zeros((len(terms.keys), len(docs)), dtype=np.float32)
        weighted[at[ok], local[ok]] = terms.idf[at[ok]]
        member = terms.member.astype(np.float32)
        shared = member @ weighted
        # A text that shares no two-character term with the question (only scattered characters:
        # 签证 vs 证书) is not a match of its words: its score counts NO_BIGRAM_FACTOR.
        apart = (member * terms.is_bigram[None, :]) @ weighted <= 0
        q_weight = np.maximum((terms.member * terms.idf[None, :]).sum(axis=1), 1e-6)[:, None]
        factor = np.where(apart, NO_BIGRAM_FACTOR, 1.0)
        return (factor * shared / q_weight,
                factor * np.minimum(1.0, shared / np.maximum(own_weight, 1e-6)[None, :]))

    FUZZ_CHUNK = 16   # documents per partial_ratio batch: the bar is raised between batches

    def rerank(self, terms: Terms, docs: np.ndarray, keep: int | None = None) -> np.ndarray:
        """Exact score 0–100 of each document (see the module docstring).

        partial_ratio costs more than the rest together, so with ``keep`` it is computed only
        for the documents whose score can still reach the ``keep`` best: in batches, best upper
        bound first, the bar (the ``keep``-th best score so far) raised after each batch; a body's
        partial_ratio only where the body could beat its title and reach the bar. A document
        left out keeps a lower bound of its score that is below the bar, so the ``keep`` best
        and their scores are those of scoring every document exactly.
        """
        if len(docs) == 0 or not terms.variants:
            return np.zeros(len(docs))
        # Each text decoded once (from the mapped file: a few microseconds each).
        titles, bodies = _texts(self.titles, docs), _texts(self.bodies, docs)
        lengths = np.fromiter(map(len, titles), dtype=np.float32, count=len(docs))
        # Short against the question: 「责令改正」 answers little of a 25-character question, while
        # 「犬类准养证核发」 is a whole answer to 「养狗」 (variants × docs).
        asked = np.fromiter((min(SHORT_TITLE, max(1, len(v))) for v in terms.variants), dtype=np.float32,
                            count=len(terms.variants))
        short = np.minimum(1.0, lengths[None, :] / asked[:, None])
        tq, tt = self._coverage("title", terms, docs, titles)
        bq, bt = self._coverage("body", terms, docs, bodies)
        title_base = W_QUERY * tq + short * W_TITLE * tt           # variants × docs
        body_base = BODY_FACTOR * (W_QUERY * bq + W_TITLE * bt)
        body_best = body_base.max(axis=0)
        base = np.maximum(title_base.max(axis=0), body_best)
        body_bound = (body_base + BODY_FACTOR * W_FUZZ).max(axis=0)
        bound = np.maximum((title_base + short * W_FUZZ).max(axis=0), body_bound)
        score = base.copy()
        order = np.argsort(-bound, kind="stable")
        rank = min(keep, len(docs)) if keep is not None else None

        def bar() -> float:
            return -np.inf if rank is None else float(np.partition(score, len(score) - rank)[len(score) - rank])

        for start in range(0, len(order), self.FUZZ_CHUNK):
            level = bar()
            chunk = order[start: start + self.FUZZ_CHUNK]
            chunk = chunk[bound[chunk] >= level]
            if not len(chunk):
                break   # bounds are in descending order: no later document can reach the bar
            ft = process.cdist(terms.variants, [titles[i] for i in chunk.tolist()], scorer=fuzz.partial_ratio,
                               dtype=np.float32) / 100
            title = (title_base[:, chunk] + short[:, chunk] * W_FUZZ * ft).max(axis=0)
            score[chunk] = np.maximum(title, body_best[chunk])
            level = bar()
            # A body matters where it could beat the title and still reach the bar.
            need = [j for j, i in enumerate(chunk.tolist())
                    if body_bound[i] > score[i] and body_bound[i] >= level and bodies[i]]
            if need:
                sub = chunk[need]
                fb = process.cdist(terms.variants, [bodies[i] for i in sub.tolist()],
                                   scorer=fuzz.partial_ratio, dtype=np.float32) / 100
                body = (body_base[:, sub] + BODY_FACTOR * W_FUZZ * fb).max(axis=0)
                score[sub] = np.maximum(title[need], body)
        return 100 * score.astype(np.float64)

    def search(self, terms: Terms, limit: int = 10, allowed: np.ndarray | None = None,
               ) -> list[tuple[int, float]]:
        """(document, exact score) of the best documents, best first, ties by position."""
        docs, _ = self.bm25(terms, allowed)
        scores = self.rerank(terms, docs, keep=limit)
        order = np.lexsort((docs, -scores))[:limit]
        return [(int(docs[i]), float(scores[i])) for i in order]

    def exhaustive(self, terms: Terms, limit: int = 10, allowed: np.ndarray | None = None,
                   ) -> list[tuple[int, float]]:
        """The same exact score over every (allowed) document: the benchmark's reference."""
        docs = np.arange(self.size) if allowed is None else np.flatnonzero(allowed)
        scores = np.concatenate([self.rerank(terms, docs[i: i + 4096], keep=limit) for i in range(0, len(docs), 4096)]
                                or [np.zeros(0)])
        order = np.lexsort((docs, -scores))[:limit]
        return [(int(docs[i]), float(scores[i])) for i in order]


def _distinct(docs: np.ndarray, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The (document, key) pairs with repeats dropped."""
    order = np.lexsort((keys, docs))
    docs, keys = docs[order], keys[order]
    new = np.ones(len(keys), dtype=bool)
    new[1:] = (keys[1:] != keys[:-1]) | (docs[1:] != docs[:-1])
    return docs[new], keys[new]


def distinct_terms(texts: Sequence[str], tokens: str) -> tuple[np.ndarray, np.ndarray]:
    """(key, number of ``texts`` that hold it) over the distinct terms of each text."""
    keys, docs = _pairs(texts, tokens)
    return np.unique(_distinct(docs, keys)[1], return_counts=True)


class SegmentedIndex(TextIndex):
    """A kept index with some of its documents dropped, and a small index of the documents that
    replace them, searched as one: what a write changed is indexed on its own (milliseconds for a
    county's list) instead of the whole graph again.

    Scores are those of one index built from the documents left: the IDF counts the base's and the
    new documents less the dropped ones (``dead_keys``/``dead_df``: their terms, counted when the
    delta was made), and a candidate's own weight is computed from its terms with that IDF. Only the
    BM25 candidate step is per segment (each its best ``candidates``, merged). Positions: the base's
    first (the dropped ones are never returned), then the delta's."""

    def __init__(self, base: TextIndex, dead: np.ndarray, delta: TextIndex,
                 dead_keys: np.ndarray, dead_df: np.ndarray) -> None:
        self.base, self.delta = base, delta
        self.tokens = base.tokens
        self.titles = Joined(base.titles, delta.titles)
        self.bodies = Joined(base.bodies, delta.bodies)
        self.size = base.size + delta.size
        self.dead = np.asarray(dead, dtype=np.int64)
        self._alive = np.ones(base.size, dtype=bool)
        self._alive[self.dead] = False
        self._live = base.size - int((~self._alive).sum()) + delta.size
        self._dead_keys = np.asarray(dead_keys, dtype=np.int64)
        self._dead_df = np.asarray(dead_df, dtype=np.int64)
        self.posting_budget = base.posting_budget

    def __len__(self) -> int:
        return self.size

    def arrays(self):
        raise TypeError("a segmented index is kept as its segments (answer_index), not as one file")

    def live(self, allowed: np.ndarray | None = None) -> np.ndarray:
        """The documents that count (not dropped), within ``allowed``."""
        mask = np.concatenate([self._alive, np.ones(self.delta.size, dtype=bool)])
        return mask if allowed is None else mask & allowed

    def df_of(self, keys: np.ndarray) -> np.ndarray:
        df = self.base.df_of(keys) + self.delta.df_of(keys)
        at = np.searchsorted(self._dead_keys, keys)
        ok = at < len(self._dead_keys)
        ok[ok] = self._dead_keys[at[ok]] == keys[ok]
        df[ok] -= self._dead_df[at[ok]]
        return df

    def idf_of(self, keys: np.ndarray) -> np.ndarray:
        keys = np.asarray(keys, dtype=np.int64)
        n = max(self._live, 1)
        df = np.minimum(self.df_of(keys), n)
        out = np.full(len(keys), UNKNOWN_IDF, dtype=np.float32)
        has = df > 0
        out[has] = np.log(1 + (n - df[has] + 0.5) / (df[has] + 0.5)).astype(np.float32)
        return out

    def _own_weight(self, field: str, docs: np.ndarray, keys: np.ndarray, local: np.ndarray) -> np.ndarray:
        local, keys = _distinct(local, keys)
        return np.bincount(local, weights=self.idf_of(keys), minlength=len(docs)).astype(np.float32)

    def bm25(self, terms: Terms, allowed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        split = self.base.size
        base_mask = self._alive if allowed is None else self._alive & allowed[:split]
        d1, s1 = self.base.bm25(terms, base_mask)
        d2, s2 = self.delta.bm25(terms, None if allowed is None else allowed[split:])
        docs, scores = np.concatenate([d1, d2 + split]), np.concatenate([s1, s2])
        if len(docs) > self.candidates:
            top = np.argpartition(-scores, self.candidates)[: self.candidates]
            docs, scores = docs[top], scores[top]
        order = np.lexsort((docs, -scores))
        return docs[order].astype(np.int64), scores[order]

    def exhaustive(self, terms: Terms, limit: int = 10, allowed: np.ndarray | None = None,
                   ) -> list[tuple[int, float]]:
        return super().exhaustive(terms, limit, self.live(allowed))
