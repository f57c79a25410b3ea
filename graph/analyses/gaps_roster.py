"""Gaps of the roster kind: a list names a department that the region's roster does not have.

例: after 机构改革 the roster of 广安区 lists 区市场监督管理局; a list still says 区工商局.
    - if the list name was tied to a Department that is not in the roster (in_roster=False),
      or could not be tied to any department at all → ``stale_department``;
    - if it was tied through a former name (Department.former_names) → ``stale_name``: the
      holder exists, but the list still prints the pre-reform name and should be reissued.

Only regions that have a roster are judged: without one, every department is "not in the roster".
"""
from __future__ import annotations

from collections import defaultdict

from graph.analyses.findings import Finding
from graph.analyses.scope import county_of, edges_into, edges_out_of
from graph.model import EdgeRecord, NodeRecord, Rel, Role
from graph.reference.generic_holders import generic_holders
from graph.store import GraphStore

# Edges by which a list ties a department to one of its rows, and the direction they point.
_OUT = (Rel.HOLDS.value, Rel.APPROVES.value, Rel.SUPERVISES.value)
_IN = (Rel.RULED.value, Rel.DIVIDES.value)
# Where an item keeps the department text its row printed.
_TEXT_FIELDS = {"PowerItem": ("department_text",), "TerritorialItem": ("lead_text", "cooperate_text"),
                "LinkageItem": ("approver_text", "supervisor_text"), "Task": ("lead_text", "cooperate_text"),
                "TownshipDutyItem": ("county_text",), "AssistanceItem": ("requester_text", "assistant_text")}
# Edge properties in which the list importer keeps the name as the row printed it, and how it
# was resolved (ingest.departments.Resolved.via: 名册 / 名册别名 / 曾用名 / 清单 …).
_WRITTEN = ("name_in_list",)
FORMER_VIA = "曾用名"
MAX_LISTED = 20


def roster_counties(depts: list[NodeRecord]) -> set[str]:
    return {county_of(d.props.get("region", "")) for d in depts if d.props.get("in_roster")}


def _references(store: GraphStore, depts: list[NodeRecord], region: str | None) -> dict[str, list[EdgeRecord]]:
    refs: dict[str, list[EdgeRecord]] = defaultdict(list)
    for rel in _OUT:
        for src, es in edges_out_of(store, depts, rel, region).items():
            refs[src].extend(es)
    for rel in _IN:
        for dst, es in edges_into(store, depts, rel, region).items():
            refs[dst].extend(es)
    return refs


def _other_end(e: EdgeRecord, dept_id: str) -> str:
    return e.dst if e.src == dept_id else e.src


def roster_gaps(store: GraphStore, region: str | None, depts: list[NodeRecord],
                items: list[NodeRecord], holders: dict[str, list[EdgeRecord]]) -> list[Finding]:
    """``holders``: every edge tying a department to each item (HOLDS/APPROVES/SUPERVISES), by item id."""
    rostered = roster_counties(depts)
    if not rostered:
        return []
    out: list[Finding] = []
    judged = [d for d in depts if county_of(d.props.get("region", "")) in rostered]
    refs = _references(store, [d for d in judged if not d.props.get("in_roster")], region)
    names = {it.id: it.props.get("name", "") for it in items}
    for d in judged:
        p = d.props
        county = county_of(p.get("region", ""))
        if not p.get("in_roster") and refs.get(d.id):
            es = refs[d.id]
            listed = [names.get(_other_end(e, d.id)) or _other_end(e, d.id) for e in es]
            f = Finding(kind="stale_department", severity="high", region=county,
                        title_zh=f"清单所列「{p.get('name', '')}」不在本地区机构名录中",
                        detail_zh=(f"{len(es)} 处清单行把事项交给「{p.get('name', '')}」，但本地区机构名录没有这个部门"
                                   f"（可能已在机构改革中撤并或更名）: " + "、".join(listed[:MAX_LISTED])
                                   + ("等" if len(listed) > MAX_LISTED else "")),
                        nodes=[d.id] + [_other_end(e, d.id) for e in es[:MAX_LISTED]],
                        data={"department": p.get("name", ""), "references": len(es)})
            for e in es[:MAX_LISTED]:
                f.add_edge(e)
            out.append(f)
    out += _former_names(depts, holders, names, rostered)
    out += _unresolved_names(items, holders, rostered)
    return out


def _former_names(depts: list[NodeRecord], holders: dict[str, list[EdgeRecord]], names: dict[str, str],
                  rostered: set[str]) -> list[Finding]:
    """Edges that reached a rostered department through one of its former names."""
    former = {d.id: (d, set(d.props.get("former_names") or [])) for d in depts
              if d.props.get("in_roster") and county_of(d.props.get("region", "")) in rostered}
    if not former:
        return []
    hits: dict[tuple[str, str], list[EdgeRecord]] = defaultdict(list)
    for es in holders.values():
        for e in es:
            if e.src in former:
                written = next((e.props[k] for k in _WRITTEN if e.props.get(k)), "")
                if written and (e.props.get("via") == FORMER_VIA or written in former[e.src][1]):
                    hits[(e.src, written)].append(e)
    out = []
    for (dept_id, written), es in sorted(hits.items()):
        d = former[dept_id][0]
        listed = [names.get(e.dst, e.dst) for e in es]
        f = Finding(kind="stale_name", severity="medium", region=county_of(d.props.get("region", "")),
                    title_zh=f"清单仍写「{written}」，现为「{d.props.get('name', '')}」",
                    detail_zh=(f"{len(es)} 处清单行使用机构改革前的名称「{written}」；机构名录中该部门现名"
                               f"「{d.props.get('name', '')}」。涉及: " + "、".join(listed[:MAX_LISTED])),
                    nodes=[dept_id] + [e.dst for e in es[:MAX_LISTED]],
                    data={"written": written, "department": d.props.get("name", ""), "references": len(es)})
        for e in es[:MAX_LISTED]:
            f.add_edge(e)
        out.append(f)
    return out


def _unresolved_names(items: list[NodeRecord], holders: dict[str, list[EdgeRecord]],
                      rostered: set[str]) -> list[Finding]:
    """Rows that print a department name but are tied to no department: the name is not in the roster."""
    by_name: dict[tuple[str, str], list[NodeRecord]] = defaultdict(list)
    for it in items:
        county = county_of(it.props.get("region", ""))
        # A generic placeholder (有关部门) is no roster's department: reported as generic_lead_only.
        if county not in rostered or holders.get(it.id) or any(g.role == Role.LEAD.value
                                                                for g in generic_holders(it.props)):
            continue
        for field in _TEXT_FIELDS.get(it.label, ()):
            text = (it.props.get(field) or "").strip()
            if text:
                by_name[(county, text)].append(it)
                break
    out = []
    for (county, text), its in sorted(by_name.items()):
        listed = [i.props.get("name", "") for i in its]
        out.append(Finding(
            kind="stale_department", severity="high", region=county,
            title_zh=f"清单所列「{text}」不在本地区机构名录中",
            detail_zh=(f"{len(its)} 项清单事项写明由「{text}」承担，但这个名称对应不到本地区机构名录中的任何部门"
                       f"（可能已在机构改革中撤并或更名），这些事项因此没有责任部门: "
                       + "、".join(listed[:MAX_LISTED]) + ("等" if len(listed) > MAX_LISTED else "")),
            nodes=[i.id for i in its[:MAX_LISTED]],
            data={"department": text, "references": len(its), "resolved": False}))
    return out
