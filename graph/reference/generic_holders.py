"""Generic placeholders that lists write where a department belongs (泛指): 各乡镇人民政府(街道办事处),
有关部门, 相关单位, 各成员单位, 各区(市)县政府(管委会) …

    >>> is_generic("有关许可审批和行业主管部门"), is_generic("区市场监督管理局")
    (True, False)
    >>> GenericHolder("各乡镇人民政府(街道办事处)", "lead").townships
    True

They name nobody in particular, so they are never Department nodes (a node 「有关部门」 in every region
would be counted, rostered and suggested like a body). The list importer keeps them on the item
instead, as the ``generic_holders`` property — ``[{"name", "role", "column", "duty"}]``, the cell's
text as the row wrote it — and reports each one (file, sheet, row, column) as an unresolved generic
holder. The readers see them there: gaps (「只写了泛指的主体」), the dossier (a vague candidate, never
suggested), call dispatch and law impact (listed with their role).

A collective of townships (各乡镇人民政府(街道办事处)) is the one generic holder that does lead: every
township leads in its own territory (属地管理), so it counts as a lead, though not as a department.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

PROPERTY = "generic_holders"
# A name that opens with one of these refers to a class of bodies, not one body. Kept as literal
# prefixes so that a store can find such names by its name index (old_generic_departments).
GENERIC_PREFIXES = ("各", "有关", "相关", "其他", "其它", "所属", "全市", "全区", "全县")
GENERIC_NAME = re.compile("^(" + "|".join(map(re.escape, GENERIC_PREFIXES)) + ")")
TOWNSHIPS = re.compile(r"乡镇|乡、镇|街道|镇人民政府|乡人民政府")
# Prefix of the id a generic holder is shown under where a surface needs one (the dossier's
# candidate columns): it is not a node id, so nothing can be looked up or linked by it.
ID_PREFIX = "generic:"


def is_generic(name: str) -> bool:
    return bool(GENERIC_NAME.match(name or ""))


@dataclass(frozen=True)
class GenericHolder:
    name: str               # the cell's text for this body: 「各乡镇人民政府(街道办事处)」
    role: str               # lead / cooperate / … (graph.model.Role values)
    column: str = ""        # the list column it was written in: 「主体责任」
    duty: str = ""          # 审批 / 监管 / 协助 … where the column names the duty

    @property
    def townships(self) -> bool:
        """各乡镇（街道）: each township in its own territory — a lead, though not a department."""
        return bool(TOWNSHIPS.search(self.name))

    @property
    def display_id(self) -> str:
        return ID_PREFIX + self.name

    def to_prop(self) -> dict[str, str]:
        return asdict(self)


def generic_holders(props: dict[str, Any]) -> list[GenericHolder]:
    """The generic holders an item's properties carry (none for an item without any)."""
    out = []
    for g in props.get(PROPERTY) or []:
        if isinstance(g, dict) and g.get("name"):
            out.append(GenericHolder(str(g["name"]), str(g.get("role", "")), str(g.get("column", "")),
                                     str(g.get("duty", ""))))
    return out


def is_generic_id(holder_id: str) -> bool:
    return holder_id.startswith(ID_PREFIX)
