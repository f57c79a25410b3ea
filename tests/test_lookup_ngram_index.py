"""Fuzzy lookup over the real items of 广安市广安区 (L05), as users ask for them."""

import csv
import importlib.util
import pickle
import random
from pathlib import Path

import numpy as np
import pytest

from graph.lookup.ngram_index import NgramIndex, score
from graph.lookup.lexicon import expand
from graph.lookup.normalize import normalize

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
L05 = CORPUS / "lists" / "L05_广安市广安区政务服务事项_按部门.csv"


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    if not L05.exists():
        pytest.skip(f"corpus not found at {L05}")
    with open(L05, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def names(rows) -> list[str]:
    return [r["事项名称"] for r in rows]


@pytest.fixture(scope="module")
def index(names) -> NgramIndex:
    return NgramIndex(names)


def top(index, names, query, k=3, **kw) -> list[str]:
    return [names[p] for p, _ in index.search(query, limit=k, **kw)]


# -- colloquial questions find the official item ---------------------------------


def test_dog_owner_finds_the_dog_licence(index, names):
    assert top(index, names, "养狗要办什么证", 1) == ["犬类准养证核发"]


def test_restaurant_owner_finds_food_business_licences(index, names):
    assert all("食品(含保健食品)经营许可" in n for n in top(index, names, "开饭店要什么许可", 3))


def test_business_licence_in_traditional_characters_finds_registration(index, names):
    assert "设立登记" in top(index, names, "營業執照", 1)[0]


def test_welfare_abbreviation_finds_minimum_living_guarantee(index, names):
    assert top(index, names, "低保", 1) == ["最低生活保障"]


def test_lost_identity_card(index, names):
    assert top(index, names, "身份证丢了怎么办", 1) == ["居民身份证挂失申报、丢失招领"]


def test_marriage(index, names):
    found = top(index, names, "结婚", 3)
    assert "中国内地公民婚姻登记" in found and "结婚登记预约" in found


def test_rural_house_building_finds_rural_planning_permit(index, names):
    assert top(index, names, "盖房子要什么手续", 1) == ["乡村建设规划许可证核发"]


def test_ride_hailing_permit(index, names):
    assert top(index, names, "网约车运输证", 1)[0].startswith("网络预约出租汽车运输证发放")


def test_sand_digging_with_the_common_wrong_character(index, names):
    assert top(index, names, "挖沙许可", 1) == ["河道采砂许可"]


def test_self_employed_closing_down_in_traditional_characters(index, names):
    assert top(index, names, "個體戶註銷", 1) == ["个体工商户注销登记"]


def test_unemployment_benefit(index, names):
    assert top(index, names, "失业金怎么领", 1) == ["失业保险金申领"]


# -- spellings ------------------------------------------------------------------


def test_halfwidth_brackets_find_the_fullwidth_name_exactly(index, names):
    (pos, s), *_ = index.search("公共场所卫生许可新办审批(县级)")
    assert names[pos] == "公共场所卫生许可新办审批（县级）" and s == 100


def test_traditional_name_finds_the_simplified_name_exactly(index, names):
    (pos, s), *_ = index.search("犬類準養證核發")
    assert names[pos] == "犬类准养证核发" and s == 100


def test_query_with_nothing_in_common_finds_nothing(index):
    assert index.search("ＡＢＣ") == []
    assert index.search("") == []
    assert index.search("？？") == []


# -- index and scan agree ----------------------------------------------------------


def _typo(name: str, rng: random.Random) -> str:
    i = rng.randrange(len(name))
    return name[:i] + name[i + 1 :]


def test_search_agrees_with_scan_on_real_names_with_a_character_dropped(index, names):
    rng = random.Random(7)
    for name in names[::4]:
        query = _typo(name, rng)
        indexed, scanned = index.search(query, 5), index.scan(query, 5)
        assert [s for _, s in indexed] == [s for _, s in scanned], query
        assert indexed[0] == scanned[0], query


def test_scores_are_the_public_scorer_at_its_best_over_the_lexicon_variants(index, names):
    # 养犬证 is also read as 犬只证/犬类证 (lexicon: 养犬 → 犬只|犬类, 上海市养犬管理条例 第二条),
    # so a name's score is the public scorer's best over those variants, never a private scale.
    variants = expand(normalize("养犬证"))
    assert len(variants) > 1
    for pos, s in index.search("养犬证", 5):
        assert s == pytest.approx(max(score(v, normalize(names[pos])) for v in variants))


def test_exact_name_scores_100_and_comes_first(index, names):
    for name in names[::50]:
        pos, s = index.search(name, 1)[0]
        assert s == 100 and normalize(names[pos]) == normalize(name)


# -- masks (region, item kind) ----------------------------------------------------------


def test_mask_keeps_only_the_chosen_department(index, names, rows):
    # 个体工商户 items are registered by 区行政审批局 and confirmed by the tax bureau.
    tax = np.array([r["实施主体"] == "广安区税务局" for r in rows])
    unmasked = index.search("个体工商户", 1)
    assert not tax[unmasked[0][0]]
    hits = index.search("个体工商户", 5, mask=tax)
    assert hits and all(tax[p] for p, _ in hits)
    assert "个体工商户" in names[hits[0][0]]


def test_mask_that_excludes_the_best_answer_gives_the_next_best(index, names, rows):
    no_dogs = np.array(["犬" not in n for n in names])
    assert all("犬" not in names[p] for p, _ in index.search("养狗要办什么证", 5, mask=no_dogs))


def test_mask_through_the_index_path_matches_scan(index, names, rows):
    index_path = NgramIndex(names)
    index_path.direct_mask_limit = 0  # force the posting-list path
    approvals = np.array([r["事项类型"] == "行政许可" for r in rows])
    for query in ["营业执照", "开饭店要什么许可", "林木采伐", "燃气经营许可证"]:
        indexed = index_path.search(query, 5, mask=approvals)
        scanned = index_path.scan(query, 5, mask=approvals)
        assert [s for _, s in indexed] == [s for _, s in scanned], query
        assert all(approvals[p] for p, _ in indexed)


def test_empty_mask_and_wrong_mask(index, names):
    assert index.search("犬类准养证核发", mask=np.zeros(len(names), dtype=bool)) == []
    with pytest.raises(ValueError):
        index.search("犬类准养证核发", mask=np.ones(3, dtype=bool))


# -- duplicates, growth, pickling --------------------------------------------------------


def test_same_name_in_several_regions_returns_every_position():
    index = NgramIndex(["犬类准养证核发", "居民身份证办理", "犬類準養證核發", "犬类准养证核发（注销）"])
    assert [p for p, _ in index.search("犬类准养证核发", 3)] == [0, 2, 3]
    only_third = np.array([False, False, True, True])
    assert index.search("犬类准养证核发", 1, mask=only_third) == [(2, 100.0)]


def test_add_continues_positions():
    index = NgramIndex(["犬类准养证核发", "居民身份证办理"])
    index.add(["最低生活保障", "犬类准养证核发"])
    assert len(index) == 4
    assert index.search("低保", 1) == [(2, 100.0)]
    assert [p for p, _ in index.search("犬类准养证核发", 2)] == [0, 3]


def test_pickled_index_answers_the_same(index):
    again = pickle.loads(pickle.dumps(index))
    for query in ["养狗要办什么证", "營業執照", "低保"]:
        assert again.search(query) == index.search(query)


def test_empty_index():
    assert NgramIndex([]).search("犬") == []
    assert NgramIndex([]).scan("犬") == []


# -- province-like corpus from the benchmark ------------------------------------------------------


def test_recall_against_scan_on_a_generated_province_list():
    spec = importlib.util.spec_from_file_location("lookup_bench", REPO / "benchmarks" / "lookup_bench.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    if not (CORPUS / "lists").exists():
        pytest.skip("corpus not found")
    rng = random.Random(11)
    corpus, _ = bench.make_corpus(20_000, rng)
    index = NgramIndex(corpus)
    queries = bench.make_queries(corpus, 60, rng)
    recall = [bench.recall_at(index.search(q, 5), index.scan(q, 5)) for _, q, _ in queries]
    assert sum(recall) / len(recall) >= 0.99
