"""Chinese numerals as laws print them: 第三十五条, 第一百零二条, 第十条之一, 第35条.

    >>> parse_number("一百零二")
    102
    >>> article_number("第三十五条之一")
    35.01
    >>> to_chinese(43)
    '四十三'
"""
from __future__ import annotations

import re

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
          "六": 6, "七": 7, "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100, "千": 1000}

# One character class for regexes elsewhere, so that every module accepts the same numerals.
NUMERAL_CHARS = "零〇一二三四五六七八九十百千两0-9０-９"
NUM = f"[{NUMERAL_CHARS}]+"

ARTICLE_LABEL = re.compile(rf"第({NUM})条(?:之({NUM}))?")


def parse_number(text: str) -> int:
    """"三十五" → 35, "十" → 10, "一百零二" → 102, "35" / "３５" → 35.

    Raises ValueError for anything else, so a typo never becomes a wrong article.
    """
    text = text.strip()
    if not text:
        raise ValueError("空的数字")
    ascii_digits = text.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if ascii_digits.isdigit():
        return int(ascii_digits)
    total, current = 0, None
    for ch in text:
        if ch in DIGITS:
            current = DIGITS[ch]
        elif ch in UNITS:
            # "十" alone at the start means 一十 (十五 = 15).
            total += (1 if current is None else current) * UNITS[ch]
            current = None
        else:
            raise ValueError(f"不是中文数字: {text!r}")
    return total + (current or 0)


def to_chinese(n: int) -> str:
    """43 → "四十三", 10 → "十", 102 → "一百零二", 110 → "一百一十" (as laws print them)."""
    if n <= 0 or n >= 10000:
        raise ValueError(f"超出范围: {n}")
    names = "零一二三四五六七八九"
    parts: list[str] = []
    zero_pending = False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d, n = divmod(n, unit)
        if d:
            if zero_pending:
                parts.append("零")
                zero_pending = False
            parts.append(names[d] + name)
        elif parts and n:
            zero_pending = True
    text = "".join(parts)
    return text[1:] if text.startswith("一十") else text


def article_number(label: str) -> float:
    """"第三十五条" → 35.0, "第三十五条之一" → 35.01, "第35条" → 35.0.

    The 之N part goes in the hundredths so that 之一 … 之九十九 sort after the
    article and before the next one.
    """
    m = ARTICLE_LABEL.fullmatch(label.strip())
    if not m:
        raise ValueError(f"不是条号: {label!r}")
    main = parse_number(m.group(1))
    sub = parse_number(m.group(2)) if m.group(2) else 0
    return main + sub / 100


def article_label(number: float) -> str:
    """35.01 → "第三十五条之一": the label a law prints for an article number."""
    main = int(number)
    sub = round((number - main) * 100)
    label = f"第{to_chinese(main)}条"
    return f"{label}之{to_chinese(sub)}" if sub else label
