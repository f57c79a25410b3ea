"""What a duty's wording gives its holder: the matter itself (处置) or a part that supports it (辅助)."""
from __future__ import annotations

import pytest

from graph.reference.data_files import read_rows
from graph.reference.duty_functions import HANDLE, SUPPORT, duty_function, strip_duty_words


@pytest.mark.parametrize("text, function", [
    ("违法建筑情况月报", SUPPORT),
    ("辖区内违法建筑的日常巡查、发现报告和宣传劝阻", SUPPORT),
    ("辖区内无证无照经营行为的发现和通报", SUPPORT),
    # 劝阻 is mentioned, but the duty is the 查处 itself.
    ("违法建筑的制止和查处（劝阻无效且继续施工的）", HANDLE),
    ("无照经营行为的查处", HANDLE),
    ("犬类准养证核发", ""),
])
def test_duty_function(text, function):
    assert duty_function(text) == function


def test_every_word_says_where_it_comes_from():
    rows = read_rows("duty_functions.csv")
    assert rows and all(r["词"] and r["职能"] in (HANDLE, SUPPORT) and r["出处"] for _, r in rows)


def test_strip_duty_words_leaves_the_matter():
    assert strip_duty_words("燃气整改") == "燃气"
    assert strip_duty_words("违法建筑情况月报") == "违法建筑情况"
