"""Normalisation and query expansion, as users type their questions."""

import csv
from pathlib import Path

import pytest

from graph.lookup import normalize as norm_mod
from graph.lookup.normalize import ngrams, normalize, to_simplified
from graph.lookup.lexicon import LEXICON as TABLE, expand, strip_fillers

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
L05 = CORPUS / "lists" / "L05_广安市广安区政务服务事项_按部门.csv"


def l05_names() -> list[str]:
    if not L05.exists():
        pytest.skip(f"corpus not found at {L05}")
    with open(L05, encoding="utf-8", newline="") as f:
        return [row["事项名称"] for row in csv.DictReader(f)]


def test_official_name_loses_brackets():
    assert normalize("食品经营许可（餐饮服务）") == "食品经营许可餐饮服务"


def test_fullwidth_and_halfwidth_spellings_meet():
    assert normalize("公共场所卫生许可新办审批（县级）") == normalize("公共场所卫生许可新办审批(县级)")
    assert normalize("ＡＢＣ１２３号") == "abc123号"


def test_chinese_and_ascii_punctuation_and_spaces_are_removed():
    text = "【通知】《条例》“第一条”、第二条，第三条。注：见下；完 - a_b / c!?\t\n\u3000"
    assert normalize(text) == "通知条例第一条第二条第三条注见下完abc"


def test_traditional_query_becomes_simplified():
    assert normalize("營業執照 辦理") == "营业执照办理"
    assert normalize("犬類準養證核發") == "犬类准养证核发"


def test_characters_that_change_only_inside_phrases_are_converted():
    # 覆 alone is simplified too; in 反覆 t2s makes it 复. The fast path must not skip it.
    assert to_simplified("反覆申請") == "反复申请"
    assert to_simplified("反覆") == "反复"


def test_simplified_text_skips_opencc():
    text = "企业投资项目备案"
    assert to_simplified(text) is text


def test_fast_path_matches_always_converting_on_real_names():
    converter = norm_mod._t2s()
    for name in l05_names():
        assert to_simplified(name) == converter.convert(name), name


def test_empty_text():
    assert normalize("") == ""
    assert normalize("（）、。") == ""
    assert ngrams("") == []


def test_ngrams_are_unigrams_and_bigrams_of_the_normalised_text():
    assert ngrams("犬只（登记）") == ["犬", "只", "登", "记", "犬只", "只登", "登记"]


def test_ngrams_are_distinct():
    grams = ngrams("证照遗失补领、换发证照")
    assert len(grams) == len(set(grams))
    assert "证照" in grams


# -- lexicon ----------------------------------------------------------------


def test_dog_question_becomes_official_wording():
    variants = expand(normalize("养狗要办什么证"))
    assert variants[0] == "养狗证"  # the question itself, fillers removed
    assert "养犬证" in variants


def test_restaurant_question_is_about_food_business():
    variants = expand(normalize("开饭店要什么许可"))
    assert any("食品经营许可" in v for v in variants)
    assert any("餐饮许可" in v for v in variants)


def test_official_term_is_not_doubled():
    assert "婚姻登记" in expand(normalize("结婚登记"))
    assert not any("登记登记" in v for v in expand(normalize("结婚登记")))


def test_longest_colloquial_term_wins():
    variants = expand(normalize("养狗"))
    assert "养犬" in variants and "犬只" in variants


def test_question_made_only_of_fillers_is_kept():
    assert strip_fillers("什么") == "什么"
    assert expand("什么") == ["什么"]


def test_query_without_colloquial_terms_is_unchanged():
    assert expand(normalize("犬类准养证核发")) == ["犬类准养证核发"]


def test_traditional_colloquial_query_expands():
    assert "驾驶证换证" in expand(normalize("駕照換證"))


def test_every_lexicon_row_has_a_source_and_is_distinct():
    with open(TABLE, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) >= 30
    seen = set()
    for row in rows:
        term = normalize(row["colloquial"])
        assert term and term not in seen, row
        seen.add(term)
        assert row["source"].strip(), row
        for formal in filter(None, row["formal"].split("|")):
            assert normalize(formal) == formal, row  # stored already normalised
