"""What a heading sentence lists: 「利用、占用公路和公路用地的下列行为，应当经公路管理机构批准：（一）…（三）埋设管线…」.

The sentence that gives the duty names its matter only as 「下列行为」; the acts a person will ask about
(「在省道边埋设电缆」) are the items below it, which name no department and so give no clause of their
own. The items' text is kept beside the heading's clause as searchable text, with its locator, so that
who-handles finds the heading's department by the item's act.

    items = ListedItems(text_units(text, "law"))
    items.text_for(unit)    # → 「第二十一条：（一）公路接线设置道口；（二）拆除分隔带；…」 for the heading unit
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from graph.reference.numerals import NUM
from ingest.document_units import TextUnit

# An item of an enumeration: （一） (1) 1. 1、 — as the corpus numbers them.
_ITEM = re.compile(rf"^(?:[（(]{NUM}[)）]|\d{{1,2}}[.、．]|[一二三四五六七八九十]{{1,3}}、)")
# A heading announces what follows: it ends with a colon.
_HEADING_END = re.compile(r"[：:]\s*$")
MAX_CHARS = 400   # as internal references: enough for an article's items, not a chapter


class ListedItems:
    """The units of one document, to be asked for the items that follow a heading unit."""

    def __init__(self, units: Iterable[TextUnit], *, with_clauses: Iterable[int] = ()) -> None:
        """``with_clauses``: lines of the units that gave clauses of their own (their text is theirs)."""
        self._units = list(units)
        self._index = {u.line: i for i, u in enumerate(self._units)}
        self._own = set(with_clauses)

    def text_for(self, unit: TextUnit) -> str:
        """「第二十一条：（一）…；（二）…」 when ``unit`` ends with a colon and items follow it in the same
        article; "" otherwise. Items that gave a clause of their own are left to that clause."""
        i = self._index.get(unit.line)
        if i is None or not _HEADING_END.search(unit.text):
            return ""
        parts: list[str] = []
        for u in self._units[i + 1:]:
            if u.article != unit.article or not _ITEM.match(u.text):
                break   # the enumeration ends where the next 款 or article begins
            if u.line not in self._own:
                parts.append(u.text)
        if not parts:
            return ""
        head = f"{unit.article}：" if unit.article else ""
        return (head + "".join(parts))[:MAX_CHARS]
