"""The who-handles index's candidate step on a list larger than its posting budget: the common
terms it does not read are still counted for the candidates (their postings searched), so the
candidates are ranked by the BM25 of every term of the question, as when every posting is read."""
from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from graph.lookup.query import understand
from graph.lookup.normalize import normalize
from graph.lookup.text_index import Terms, TextIndex

L05 = Path(__file__).resolve().parents[1] / "ingest" / "samples" / "L05_广安市广安区政务服务事项_按部门.csv"
QUESTIONS = ["我们公司刚成立，想办食品经营许可，应该找哪个部门？", "家里老人让我问问，高龄津贴去哪儿申请？",
             "请问一下，犬类准养证核发需要什么材料，在哪儿办？"]


def _index() -> TextIndex:
    with L05.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    names = [r["事项名称"] for r in rows]
    depts = [r["实施主体"] for r in rows]
    return TextIndex(names, depts)


def _bm25(index: TextIndex, question: str, **knobs) -> dict[int, float]:
    for k in ("exact_bm25", "posting_budget", "complete_top", "complete_lists", "candidates"):
        setattr(index, k, knobs.get(k, getattr(TextIndex, k)))
    docs, scores = index.bm25(Terms.of_variants(understand(question).variants, index))
    return dict(zip(docs.tolist(), scores.tolist()))


def test_candidates_beyond_the_posting_budget_are_ranked_by_every_term_of_the_question() -> None:
    index = _index()
    for q in QUESTIONS:
        every = _bm25(index, q, posting_budget=10**9, candidates=len(index))   # every posting read
        completed = _bm25(index, q, posting_budget=200, complete_top=len(index), complete_lists=1000,
                          candidates=len(index))
        assert completed and set(completed) <= set(every)
        assert all(abs(completed[d] - every[d]) < 1e-6 for d in completed), q
        # The budgeted sum alone (the earlier step) leaves the common terms' weight out.
        budgeted = _bm25(index, q, exact_bm25=False, posting_budget=200, candidates=len(index))
        assert any(abs(budgeted[d] - every[d]) > 1e-3 for d in budgeted), q
        # And the best documents by every term are among the completed candidates.
        best = sorted(every, key=lambda d: (-every[d], d))[:5]
        top = sorted(completed, key=lambda d: (-completed[d], d))[:5]
        assert [round(every[d], 6) for d in best] == [round(completed[d], 6) for d in top], q


def test_a_question_touches_only_its_postings_and_answers_alike_when_asked_again() -> None:
    index = _index()
    terms = Terms.of_variants(understand(QUESTIONS[0]).variants, index)
    first = index.search(terms, limit=5)
    for q in QUESTIONS[1:]:
        index.search(Terms.of_variants(understand(q).variants, index), limit=5)
    assert index.search(terms, limit=5) == first   # nothing left behind by the questions between
    assert first and "食品" in index.titles[first[0][0]]
    assert np.all(np.diff([s for _, s in first]) <= 0)


def test_an_index_that_answered_questions_is_kept_as_an_artifact_and_answers_alike() -> None:
    """Stores without a folder beside the graph keep the index pickled (index_cache.load_or_build);
    what a question leaves in it (per-thread scratch arrays) is not part of it."""
    import pickle

    index = _index()
    terms = Terms.of_variants(understand(QUESTIONS[2]).variants, index)
    answered = index.search(terms, limit=5)
    again = pickle.loads(pickle.dumps(index))
    assert again.search(Terms.of_variants(understand(QUESTIONS[2]).variants, again), limit=5) == answered


def test_a_short_text_answers_a_short_question_but_little_of_a_long_one(corpus) -> None:
    """「责令改正」 (a penalty clause whose matter is only its verb) shares a few common words with a long
    question: the regulation's clause on the question's own matter (信报箱) must come first. A short
    item name still answers a question as short (「养狗」 → 犬类准养证核发)."""
    from graph.embedded import EmbeddedStore
    from graph.lookup.who_handles import who_handles
    from ingest.laws import import_law

    store = EmbeddedStore()
    for doc in ("laws/突发事件应对法.md", "laws/安全生产法.md", "laws/特种设备安全法.md", "local_laws/重庆/重庆市邮政条例.md"):
        import_law(store, corpus / doc)
    answer = who_handles(store, "新建的楼盘没装信报箱，邮件都没法投，开发商该由谁责令改正？", region="500000", limit=3)
    assert "邮政" in answer.results[0].department, [(c.department, c.matched_item) for c in answer.results]
    assert "信报箱" in answer.results[0].matched_item
    idx = TextIndex(["农村地区饲养犬只的防疫管理工作", "犬类准养证核发"], ["", ""])
    (best, score), _ = idx.search(Terms.of_variants(understand("养狗").variants, idx), limit=2)
    assert best == 1 and score > 60
