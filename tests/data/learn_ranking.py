"""Learn who-handles' ranking weights (graph/lookup/ranking.py) from the question sets' tuning halves.

    python tests/data/learn_ranking.py --db G.db        # cross-validated figures only
    python tests/data/learn_ranking.py --db … --write graph/lookup/data/rank_weights.csv

Only tuning halves are read, of the rounds named (``--rounds``, default 1–3; never a held-out half, and a
new round only after its first look): each question is asked once with the weights in force, and every candidate it
considered is kept with its text's score and its features (who_handles ``signals``) and whether its
department is a right one (evaluate_questions.matches).

The model is the ranking's own: a candidate's score is its text's score plus Σ weight × feature; the
probability that a department comes first is a softmax over the question's candidates (temperature
learned); the loss is the negative log-probability of the right candidates, plus an L2 pull towards the
hand-set weights (their values are the prior: a feature the data says little about keeps them). Signs are
kept where the feature's meaning fixes one (a people's congress, a government asked 「哪个部门」 and a
joint share are never preferred; a matched cue never penalised). The pull's strength is chosen by 5-fold
cross-validation over source documents inside the tuning halves, so a question's document is never in
both the fold that learns and the fold that is scored; the CV top-1 is reported beside the hand-set
weights' on the same folds.

Candidates are those of the texts who-handles reads for a question (its best TEXTS_PER_QUERY texts by the
text index, which the weights do not change), asked with the CLI's default limit.
"""
from __future__ import annotations

import argparse
import csv
import sys
import zlib
from datetime import date
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import evaluate_questions as ev  # noqa: E402  (puts the project root on sys.path)

from graph.lookup import ranking  # noqa: E402

# Meaning fixes the sign: never preferred (≤ 0) or never penalised (≥ 0).
NOT_ABOVE_ZERO = ("legislature", "government", "joint")
NOT_BELOW_ZERO = ("cue", "title")
FOLDS = 5
STRENGTHS = (0.3, 1.0, 3.0, 10.0, 30.0)


def gather(store, rounds: tuple[int, ...], limit: int):
    """Per tuning question: (document, text scores, feature dicts, labels, tie-break keys)."""
    from graph.lookup.who_handles import _ROLE_RANK, CLAUSE, QueryError, who_handles

    out = []
    for r in rounds:
        for q in ev.load_questions(r):
            if q.half != "tune":
                continue
            code, _ = ev.resolve(q.region)
            signals: list = []
            try:
                who_handles(store, q.text, region=code, limit=limit, signals=signals)
            except QueryError:
                continue
            if not signals:
                continue
            # who_handles breaks a tie by role (lead first), then a list's item before a law's text, then
            # reading order: the same keys here, so that a figure below is the evaluator's.
            ties = np.array([(_ROLE_RANK.get(c.role, 3), c.item_kind in ("Article", CLAUSE)) for c, _, _ in signals])
            out.append((q.document, np.array([s for _, s, _ in signals]), [f for _, _, f in signals],
                        np.array([ev.matches(q, c.department) for c, _, _ in signals]), ties))
    return out


class Model:
    """Weights over named features, learned by gradient descent on the softmax loss."""

    def __init__(self, names: list[str], prior: dict[str, float]):
        self.names = names
        self.prior = np.array([prior.get(n, 0.0) for n in names])
        self.w = self.prior.copy()
        self.log_t = np.log(5.0)

    def matrix(self, feats: list[dict[str, float]]) -> np.ndarray:
        col = {n: i for i, n in enumerate(self.names)}
        m = np.zeros((len(feats), len(self.names)))
        for i, f in enumerate(feats):
            for name, value in f.items():
                if name in col:
                    m[i, col[name]] = value
        return m

    def fit(self, data, strength: float, steps: int = 300, rate: float = 0.1) -> "Model":
        """Adam on the softmax loss with the L2 pull (per question) towards the prior."""
        mats = [(s, self.matrix(f), y) for _, s, f, y, _ in data if y.any()]
        lo = np.array([0.0 if n in NOT_BELOW_ZERO else -np.inf for n in self.names])
        hi = np.array([0.0 if n in NOT_ABOVE_ZERO else np.inf for n in self.names])
        params = np.append(self.w, self.log_t)
        m1, m2 = np.zeros_like(params), np.zeros_like(params)
        for step in range(1, steps + 1):
            w, t = params[:-1], np.exp(params[-1])
            g = np.zeros_like(params)
            g[:-1] = 2 * strength * (w - self.prior) / max(len(mats), 1)
            for s, m, y in mats:
                z = (s + m @ w) / t
                p = np.exp(z - z.max())
                p /= p.sum()
                pp = np.where(y, p, 0.0)
                pp /= pp.sum()
                diff = (p - pp) / len(mats)       # d loss / d z
                g[:-1] += (m.T @ diff) / t
                g[-1] -= diff @ z                 # d loss / d log t
            m1 = 0.9 * m1 + 0.1 * g
            m2 = 0.999 * m2 + 0.001 * g * g
            params = params - rate * (m1 / (1 - 0.9 ** step)) / (np.sqrt(m2 / (1 - 0.999 ** step)) + 1e-8)
            params[:-1] = np.clip(params[:-1], lo, hi)
        self.w, self.log_t = params[:-1], params[-1]
        return self

    def top1(self, data) -> int:
        hits = 0
        for _, s, f, y, ties in data:
            total = np.round(s + self.matrix(f) @ self.w, 1)
            first = np.lexsort((np.arange(len(total)), ties[:, 1], ties[:, 0], -total))[0]
            hits += bool(y[first])
        return hits


def fold_of(document: str) -> int:
    return zlib.crc32(document.encode("utf-8")) % FOLDS


def cross_validate(data, names, prior) -> dict[float, tuple[int, int]]:
    """Strength → (learned CV top-1, hand-set top-1 on the same folds)."""
    out = {}
    for strength in STRENGTHS:
        learned = hand = 0
        for k in range(FOLDS):
            train = [d for d in data if fold_of(d[0]) != k]
            test = [d for d in data if fold_of(d[0]) == k]
            learned += Model(names, prior).fit(train, strength).top1(test)
            hand += Model(names, prior).top1(test)
        out[strength] = (learned, hand)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True, help="图文件（先用 evaluate_questions.py 建立）")
    ap.add_argument("--rounds", default="1,2,3", help="用哪几轮的调参一半（默认 1,2,3）")
    ap.add_argument("--limit", type=int, default=10, help="提问时的结果数（决定读多少条文本，同命令行默认）")
    ap.add_argument("--write", type=Path, help="把学到的权重写进这个文件")
    args = ap.parse_args(argv)
    rounds = tuple(int(r) for r in args.rounds.split(","))
    from graph.backends import open_store

    store = open_store(str(args.db))
    data = gather(store, rounds, args.limit)
    prior = dict(ranking.weights())
    names = sorted({n for _, _, feats, _, _ in data for f in feats for n in f} | set(prior))
    reachable = sum(bool(d[3].any()) for d in data)
    print(f"调参一半 {len(data)} 个问题（{len({d[0] for d in data})} 个文档），其中 {reachable} 个的候选里有对的部门；"
          f"{len(names)} 个特征")
    cv = cross_validate(data, names, prior)
    for strength, (learned, hand) in cv.items():
        print(f"  L2 强度 {strength:>5}: 交叉验证 top-1 学到的 {learned}/{len(data)}，手工设定的 {hand}/{len(data)}")
    best = max(cv, key=lambda s: (cv[s][0], s))
    model = Model(names, prior).fit(data, best)
    print(f"选 L2 强度 {best}；全部调参一半上：学到的 {model.top1(data)}/{len(data)}，"
          f"手工设定的 {Model(names, prior).top1(data)}/{len(data)}；温度 {np.exp(model.log_t):.2f}")
    for n, w, p in zip(names, model.w, model.prior):
        print(f"  {n:<22} {p:7.2f} → {w:7.2f}")
    if args.write:
        learned, hand = cv[best]
        source = (f"学到的：tests/data/learn_ranking.py，第 {'、'.join(map(str, rounds))} 轮调参一半 {len(data)} 题，"
                  f"{date.today().isoformat()}；按文档五折交叉验证 top-1 {learned} 对手工设定 {hand}；手工值 {{}}")
        with open(args.write, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(["feature", "weight", "source"])
            for n, value, p in zip(names, model.w, model.prior):
                if abs(value) >= 0.05 or abs(p) > 0:
                    w.writerow([n, f"{value:.2f}", source.format(f"{p:g}")])
        print(f"已写出 {args.write}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
