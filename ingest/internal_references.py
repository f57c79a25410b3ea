"""What a sentence's reference inside its own document says: 「违反本条例第十八条规定的，由A责令停止违法行为」.

A penalty article often names the violation only by the article it breaks; the question a resident asks
names the act (「有人在国道上晒稻谷」), which only that article says. The referenced article's text (or the
items named, 「第三十四条第（四）项、第（五）项」) is kept beside the clause as searchable text, with its
locator, so that who-handles can find the clause by what was done.

    refs = InternalReferences(text_units(text, "law"))
    refs.text_for("违反本条例第十八条规定的，由…处罚")   # → 「第十八条：在公路上及公路用地范围内禁止…」
"""
from __future__ import annotations

import re
from collections import defaultdict
from typing import Iterable

from graph.reference.numerals import NUM, article_label, article_number
from ingest.document_units import TextUnit

_REFERENCE = re.compile(rf"本(?:条例|办法|规定|细则|决定)(?P<art>第{NUM}条)(?:第{NUM}款)?"
                        rf"(?P<items>(?:[、和或及]*第[（(]{NUM}[)）]项)*)")
_ITEM = re.compile(rf"[（(]({NUM})[)）]")
MAX_CHARS = 400   # enough for an article's prohibitions; a whole chapter would drown the clause's own words


class InternalReferences:
    """The articles of one document, to be looked up by the references its sentences make."""

    def __init__(self, units: Iterable[TextUnit]) -> None:
        self._articles: dict[str, list[TextUnit]] = defaultdict(list)
        for u in units:
            if u.article:
                self._articles[_label(u.article)].append(u)

    def text_for(self, sentence: str) -> str:
        """The text of every article (or item) ``sentence`` refers to, 「第十八条：…」, "" when none."""
        parts: list[str] = []
        for m in _REFERENCE.finditer(sentence):
            art = _label(m.group("art"))
            units = self._articles.get(art, [])
            items = _ITEM.findall(m.group("items") or "")
            if items:
                wanted = {f"（{i}）" for i in items} | {f"({i})" for i in items}
                units = [u for u in units if any(u.text.startswith(w) for w in wanted)] or units
            body = "".join(u.text for u in units if u.text not in sentence)
            if body and f"{art}：{body}" not in parts:
                parts.append(f"{art}：{body}")
        return "；".join(parts)[:MAX_CHARS]


def _label(article: str) -> str:
    """「第18条」 and 「第十八条」 alike."""
    try:
        return article_label(article_number(article))
    except (ValueError, KeyError):
        return article
