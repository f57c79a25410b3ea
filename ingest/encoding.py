"""Decode the bytes of a government CSV: UTF-8 (with or without BOM), GB18030 (which contains GBK),
or UTF-16 with its BOM (what Excel writes as 「Unicode 文本」).

    >>> decode_bytes("序号,事项名称".encode("gbk")).encoding
    'gb18030'

We detect rather than guess: a file is UTF-8 only if it decodes strictly as UTF-8, and
GB18030 is tried only when it does not. Chinese text in GBK is almost never valid UTF-8,
so the order decides nothing by luck.
"""
from __future__ import annotations

import codecs
from dataclasses import dataclass

UTF8 = "utf-8"
UTF8_BOM = "utf-8-sig"
GB18030 = "gb18030"
UTF16 = "utf-16"

ENCODING_ZH = {UTF8: "UTF-8", UTF8_BOM: "UTF-8（带 BOM）", GB18030: "GB18030/GBK", UTF16: "UTF-16（带 BOM）"}


class EncodingError(ValueError):
    """The bytes are neither UTF-8 nor GB18030. The message is for the user, in Chinese."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str           # utf-8 / utf-8-sig / gb18030
    truncated_tail: bool = False  # the last character was cut off (file truncated mid-character)

    @property
    def encoding_zh(self) -> str:
        return ENCODING_ZH.get(self.encoding, self.encoding)


def decode_bytes(data: bytes, name: str = "") -> Decoded:
    """Decode ``data``; raise :class:`EncodingError` naming the file and byte offset if neither fits."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode_utf16(data, name)
    encoding = UTF8_BOM if data.startswith(codecs.BOM_UTF8) else UTF8
    try:
        return Decoded(data.decode(encoding), encoding)
    except UnicodeDecodeError as exc:
        utf8_error = exc
    # A UTF-8 file cut in the middle of a multi-byte character fails only at its very end;
    # read as GB18030 it would turn into plausible-looking garbage, so keep it UTF-8.
    if utf8_error.reason == "unexpected end of data" and utf8_error.end == len(data):
        return Decoded(data[: utf8_error.start].decode(encoding), encoding, truncated_tail=True)
    try:
        return Decoded(data.decode(GB18030), GB18030)
    except UnicodeDecodeError as exc:
        where = f"{name}: " if name else ""
        raise EncodingError(
            f"{where}无法识别文件编码——既不是 UTF-8 也不是 GB18030/GBK"
            f"（UTF-8 在第 {utf8_error.start} 字节出错，GB18030 在第 {exc.start} 字节出错）。"
            "请另存为 UTF-8 或 GBK 编码的 CSV。"
        ) from None


def _decode_utf16(data: bytes, name: str) -> Decoded:
    """UTF-16 named by its BOM; a file cut in the middle of a character keeps what was whole."""
    try:
        return Decoded(data.decode(UTF16), UTF16)
    except UnicodeDecodeError as exc:
        first_error = exc
    if first_error.end == len(data):
        try:
            return Decoded(data[:first_error.start].decode(UTF16), UTF16, truncated_tail=True)
        except UnicodeDecodeError:
            pass
    where = f"{name}: " if name else ""
    raise EncodingError(f"{where}文件以 UTF-16 标记开头，但第 {first_error.start} 字节起不是有效的 UTF-16 文本。"
                        "请另存为 UTF-8 编码的 CSV。") from None
