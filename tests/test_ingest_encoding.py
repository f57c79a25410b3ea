"""Government CSVs arrive as UTF-8, UTF-8 with BOM, or GBK/GB18030; we must tell which."""
from __future__ import annotations

import codecs

import pytest

from ingest.encoding import GB18030, UTF8, UTF8_BOM, EncodingError, decode_bytes

TEXT = "序号,实施主体,事项名称\n1,区市监局,食品(含保健食品)经营许可核发\n"


def test_plain_utf8_is_read_as_utf8():
    d = decode_bytes(TEXT.encode("utf-8"))
    assert (d.text, d.encoding, d.truncated_tail) == (TEXT, UTF8, False)


def test_a_bom_is_recognised_and_dropped():
    d = decode_bytes(codecs.BOM_UTF8 + TEXT.encode("utf-8"))
    assert d.encoding == UTF8_BOM and d.text == TEXT


def test_a_gbk_file_saved_by_excel_is_read_as_gb18030():
    d = decode_bytes(TEXT.encode("gbk"))
    assert d.encoding == GB18030 and d.text == TEXT
    assert d.encoding_zh == "GB18030/GBK"


def test_characters_only_gb18030_has_are_read_too():
    text = "事项名称\n𠀀字号登记\n"   # 𠀀 is outside GBK
    assert decode_bytes(text.encode("gb18030")).text == text


def test_a_utf8_file_cut_inside_a_character_stays_utf8_and_says_it_was_cut():
    data = TEXT.encode("utf-8")[:-3]      # cut the last "发\n" in the middle of 发
    d = decode_bytes(data)
    assert d.encoding == UTF8 and d.truncated_tail
    assert d.text.endswith("经营许可核")


def test_bytes_that_are_neither_give_a_clear_error_naming_the_file():
    with pytest.raises(EncodingError, match=r"坏\.csv.*既不是 UTF-8 也不是 GB18030"):
        decode_bytes(b"\x81\x20\xff\xfe\x00\x81\x81", "坏.csv")
