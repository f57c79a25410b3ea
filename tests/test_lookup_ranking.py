"""graph/lookup/ranking.py and its learner (tests/data/learn_ranking.py): the signals' weights are data with a
source, a user's own file changes the order, each answer's score is its text's plus the weighted signals,
and the learner raises the weight of a signal that marks the right department."""
from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from conftest import load_data_script

from graph.embedded import EmbeddedStore
from graph.lookup import ranking
from graph.lookup.who_handles import who_handles
from ingest.dispatch import ingest_paths

SHANGHAI_CITY = "310000"


@pytest.fixture(scope="module")
def learner():
    return load_data_script("learn_ranking")


@pytest.fixture(scope="module")
def city_rules(corpus: Path):
    store = EmbeddedStore(None)
    report = ingest_paths(store, [corpus / "local_laws" / "上海" / "上海市市容环境卫生管理条例.md"])
    assert not report.failed
    return store


def test_every_bundled_weight_says_where_it_came_from():
    with open(ranking.WEIGHTS_FILE, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert rows and all(r["source"].strip() for r in rows)
    assert {f"level:{level}" for level in ranking.LEVELS} <= {r["feature"] for r in rows}


def test_an_answers_score_is_its_texts_plus_the_weighted_signals(city_rules):
    signals: list = []
    answer = who_handles(city_rules, "户外广告的规划是哪个部门批准的", region=SHANGHAI_CITY, signals=signals)
    assert answer.results
    by_candidate = {id(c): (score, feats) for c, score, feats in signals}
    for c in answer.results:
        score, feats = by_candidate[id(c)]
        assert c.score == pytest.approx(min(100.0, round(score + ranking.bonus(feats), 1)))
    government = next(c for c in answer.results if c.department == "市人民政府")
    assert by_candidate[id(government)][1]["government"] == 1.0   # 「哪个部门」 asked of a government


def test_a_users_weights_file_changes_the_order(city_rules, tmp_path, monkeypatch):
    question = "户外广告的规划是哪个部门批准的"
    before = [c.department for c in who_handles(city_rules, question, region=SHANGHAI_CITY).results]
    own = tmp_path / "weights.csv"
    with open(ranking.WEIGHTS_FILE, encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["feature"] != "government"]
    rows.append({"feature": "government", "weight": "40", "source": "测试：人民政府优先"})
    with open(own, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["feature", "weight", "source"])
        w.writeheader()
        w.writerows(rows)
    monkeypatch.setenv("DUTYGRAPH_RANK_WEIGHTS", str(own))
    ranking.weights.cache_clear()
    try:
        after = [c.department for c in who_handles(city_rules, question, region=SHANGHAI_CITY).results]
    finally:
        monkeypatch.delenv("DUTYGRAPH_RANK_WEIGHTS")
        ranking.weights.cache_clear()
    assert before[0] != "市人民政府" and after[0] == "市人民政府", (before, after)


def _question(doc: str, right_has_x: bool, wrong_text_lead: float):
    """Two candidates: the right one's text scores lower; feature x marks it (or marks nothing)."""
    scores = np.array([50.0, 50.0 + wrong_text_lead])
    feats = [{"x": 1.0 if right_has_x else 0.0}, {"x": 0.0}]
    return doc, scores, feats, np.array([True, False]), np.array([(0, 0), (0, 0)])


def test_the_learner_raises_the_weight_of_a_signal_that_marks_the_right_department(learner):
    data = [_question(f"doc{i}", True, 3.0) for i in range(20)] + [_question(f"other{i}", False, -5.0) for i in range(20)]
    hand = learner.Model(["x"], {"x": 0.0})
    learned = learner.Model(["x"], {"x": 0.0}).fit(data, strength=1.0)
    assert hand.top1(data) == 20           # only the questions without x, whose right text already leads
    assert learned.w[0] > 3.0 and learned.top1(data) == 40


def test_the_learner_keeps_the_sign_a_signals_meaning_fixes(learner):
    # A people's congress that the (made-up) data would prefer is still never preferred.
    data = [(f"doc{i}", np.array([50.0, 53.0]), [{"legislature": 1.0}, {"legislature": 0.0}],
             np.array([True, False]), np.array([(0, 0), (0, 0)])) for i in range(20)]
    learned = learner.Model(["legislature"], {"legislature": -8.0}).fit(data, strength=0.1)
    assert learned.w[0] <= 0.0
