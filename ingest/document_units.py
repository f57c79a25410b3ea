"""The units of a duty text that clauses are read from and labelled on: one line of the body each.

    >>> [u.locator for u in text_units("第五条 甲部门负责乙。\\n\\n丙部门配合。", "law")]
    ['第五条第1款', '第五条第2款']

A unit is one printed line after the file's header: a 款 or 项 of an article (laws and local
regulations, locator 「第五条第2款」), or a line of a notice or 三定 text (locator 「第 12 行」).
The labelled set in tests/data/ and the clause reader both cut documents here, so that a
labelled unit and a read one are the same string. 三定 texts are cleaned first (pinyin glosses
dropped, traditional characters simplified), as the 三定 importer does.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

HEADER = re.compile(r"^(source|title|date|level|type|note):\s*(.*)$")
ARTICLE = re.compile(r"^(第[零〇一二三四五六七八九十百千0-9]+条(?:之[一二三四五六七八九十]+)?)[\s\u3000]+(.*)$")
INFO_END = "<!-- INFO END -->"


@dataclass(frozen=True)
class TextUnit:
    locator: str    # 「第五条第2款」 or 「第 12 行」
    text: str
    line: int       # 1-based line in the file
    article: str = ""  # 「第五条」 for laws, "" otherwise


def kind_of(path: Path) -> str:
    """law / sanding / notice by folder or name (as the ingest dispatcher decides)."""
    parts = set(Path(path).parts)
    if "sanding" in parts or Path(path).name.startswith("SD"):
        return "sanding"
    if "notices" in parts or re.match(r"^N\d", Path(path).name):
        return "notice"
    return "law"


def text_units(text: str, kind: str) -> list[TextUnit]:
    lines = text.splitlines()
    if kind == "law":
        start = next((i + 1 for i, l in enumerate(lines) if l.strip() == INFO_END), 0)
        out, article, kuan = [], "", 0
        for i in range(start, len(lines)):
            line = lines[i].strip()
            if not line or line.startswith("#"):
                if line.startswith("#"):
                    article = ""
                continue
            m = ARTICLE.match(line)
            if m:
                article, kuan, line = m.group(1), 1, m.group(2).strip()
                if not line:
                    continue
            else:
                kuan += 1
            loc = f"{article}第{kuan}款" if article else f"第 {i + 1} 行"
            out.append(TextUnit(loc, line, i + 1, article))
        return out
    i = 0
    while i < len(lines) and HEADER.match(lines[i].strip()):
        i += 1
    clean = _clean if kind == "sanding" else (lambda s: s)
    out = []
    for n in range(i, len(lines)):
        line = clean(lines[n]).strip()
        if line:
            out.append(TextUnit(f"第 {n + 1} 行", line, n + 1))
    return out


def _clean(line: str) -> str:
    from ingest.sanding import clean_text

    return clean_text(line)


def header(text: str) -> dict[str, str]:
    """The ``title:``/``level:`` … lines of a notice or 三定 file; a law's ``# title`` as title."""
    meta: dict[str, str] = {}
    for line in text.splitlines():
        if m := HEADER.match(line.strip()):
            meta[m.group(1)] = m.group(2).strip()
        elif line.startswith("# ") and "title" not in meta:
            meta["title"] = line[2:].strip()
        elif line.strip() and not meta:
            break
        elif meta and not HEADER.match(line.strip()):
            break
    return meta


def file_units(path: Path) -> list[TextUnit]:
    path = Path(path)
    return text_units(path.read_text(encoding="utf-8"), kind_of(path))
