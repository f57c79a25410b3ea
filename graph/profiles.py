"""Profiles for people and the explorer: a department with everything it holds, an item with who holds it.

Backend-agnostic (store interface only). Holders and evidence come from the same code that
who-handles uses, so an item's detail and a who-handles answer never disagree.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Any

from graph.lookup.who_handles import item_evidence, item_holders
from graph.model import ITEM_KIND_ZH, ITEM_LABELS, ROLE_LABELS_ZH, Rel, Role
from graph.reference.generic_holders import generic_holders
from graph.store import GraphStore

# Items shown in their own section of a profile rather than under "items by type".
_OWN_SECTION = {"TerritorialItem", "Duty", "DivisionClause", "Ruling"}


def role_zh(role: str) -> str:
    try:
        return ROLE_LABELS_ZH[Role(role)]
    except ValueError:
        return role


def item_type(label: str, props: dict[str, Any]) -> str:
    """The Chinese type an item is grouped under: its power type (行政许可…) or its kind (属地管理事项…)."""
    return props.get("power_type") or ITEM_KIND_ZH.get(label, label)


def _item_ref(rec_id: str, label: str, props: dict[str, Any], role: str = "") -> dict[str, Any]:
    ref = {"id": rec_id, "label": label, "name": props.get("name") or props.get("text") or rec_id,
           "type": item_type(label, props), "region": props.get("region", ""),
           "current": props.get("current", True) is not False}
    if props.get("code"):
        ref["code"] = props["code"]
    if role:
        ref["role"] = role
        ref["role_zh"] = role_zh(role)
    return ref


def department_summary(rec_id: str, props: dict[str, Any]) -> dict[str, Any]:
    return {"id": rec_id, "name": props.get("name") or rec_id, "region": props.get("region", ""),
            "kind": props.get("kind", ""), "level": props.get("level", ""),
            "aliases": list(props.get("aliases") or []), "former_names": list(props.get("former_names") or []),
            "in_roster": bool(props.get("in_roster")), "parent": props.get("parent", "")}


def _region(store: GraphStore, code: str) -> dict[str, Any] | None:
    if not code:
        return None
    for candidate in dict.fromkeys((code, code[:6] if len(code) == 12 else code)):
        found = store.find_nodes("Region", code=candidate)
        if found:
            p = found[0].props
            return {"code": p.get("code", candidate), "name": p.get("name", ""), "level": p.get("level", "")}
    return {"code": code, "name": "", "level": ""}


def department_profile(store: GraphStore, dept_id: str) -> dict[str, Any] | None:
    """A department's profile: its items by type, units, 三定 duties, territorial items, rulings.

    None when ``dept_id`` is not a Department.
    """
    rec = store.get_node(dept_id)
    if rec is None or rec.label != "Department":
        return None
    profile: dict[str, Any] = {"department": department_summary(rec.id, rec.props),
                               "region": _region(store, rec.props.get("region", ""))}

    parent_id = rec.props.get("parent") or next(
        (e.dst for e in store.edges_from(dept_id, Rel.PART_OF.value)), "")
    parent = store.get_node(parent_id) if parent_id else None
    profile["parent"] = department_summary(parent.id, parent.props) if parent and parent.label == "Department" \
        else None

    unit_ids = {e.src for e in store.edges_to(dept_id, Rel.PART_OF.value)}
    unit_ids |= {r.id for r in store.find_nodes("Department", parent=dept_id)}
    units = [u for u in store.get_nodes(sorted(unit_ids)).values() if u.label == "Department"]
    profile["units"] = sorted((department_summary(u.id, u.props) for u in units), key=lambda d: d["name"])

    by_type: dict[str, list[dict[str, Any]]] = defaultdict(list)
    territorial: list[dict[str, Any]] = []
    held_duties: list[dict[str, Any]] = []
    for e in store.edges_from(dept_id, Rel.HOLDS.value):
        item = store.get_node(e.dst)
        if item is None or item.label not in ITEM_LABELS:
            continue
        ref = _item_ref(item.id, item.label, item.props, e.props.get("role") or Role.LEAD.value)
        if item.label == "TerritorialItem":
            ref["domain"] = item.props.get("domain", "")
            territorial.append(ref)
        elif item.label in ("Duty", "DivisionClause"):
            held_duties.append(ref)
        elif item.label not in _OWN_SECTION:
            by_type[ref["type"]].append(ref)
    profile["items_by_type"] = {t: sorted(v, key=lambda r: (r["name"], r["id"])) for t, v in sorted(by_type.items())}
    profile["item_counts"] = {t: len(v) for t, v in profile["items_by_type"].items()}
    profile["territorial"] = sorted(territorial, key=lambda r: (r.get("domain", ""), r["name"], r["id"]))
    profile["duties"] = _duties(store, dept_id, held_duties)
    profile["rulings"] = _rulings(store, dept_id)
    profile["linkage"] = _linkage(store, dept_id)
    return profile


def _duties(store: GraphStore, dept_id: str, held: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """三定 provisions of the department with their 主要职责 and 职责分工 clauses."""
    out = []
    provisions = store.find_nodes("Provision", department=dept_id)
    for prov in sorted(provisions, key=lambda r: (r.props.get("date", ""), r.id)):
        duties, clauses = [], []
        for e in store.edges_from(prov.id, Rel.DEFINES.value):
            node = store.get_node(e.dst)
            if node is None:
                continue
            entry = {"id": node.id, "label": node.label, "number": node.props.get("number", ""),
                     "text": node.props.get("text") or node.props.get("name", "")}
            (clauses if node.label == "DivisionClause" else duties).append(entry)
        ref = {"id": prov.id, "title": prov.props.get("title", ""), "date": prov.props.get("date", "")}
        out.append({"provision": ref,
                    "duties": sorted(duties, key=lambda d: (d["number"], d["id"])),
                    "clauses": sorted(clauses, key=lambda d: d["id"])})
    # Duties held (HOLDS) but defined by none of the department's own provisions, e.g. a unit's duty.
    listed = {d["id"] for entry in out for d in entry["duties"] + entry["clauses"]}
    extra = [{"id": h["id"], "label": h["label"], "number": "", "text": h["name"]}
             for h in held if h["id"] not in listed]
    if extra:
        out.append({"provision": None, "duties": extra, "clauses": []})
    return out


def _rulings(store: GraphStore, dept_id: str) -> list[dict[str, Any]]:
    out = []
    for e in store.edges_to(dept_id, Rel.RULED.value):
        ruling = store.get_node(e.src)
        if ruling is not None:
            ref = _item_ref(ruling.id, ruling.label, ruling.props, e.props.get("role") or Role.LEAD.value)
            ref["date"] = ruling.props.get("date", "")
            out.append(ref)
    return sorted(out, key=lambda r: (r["date"], r["name"], r["id"]))


def _linkage(store: GraphStore, dept_id: str) -> list[dict[str, Any]]:
    out = []
    for rel, duty in ((Rel.APPROVES.value, "审批"), (Rel.SUPERVISES.value, "监管")):
        for e in store.edges_from(dept_id, rel):
            item = store.get_node(e.dst)
            if item is not None:
                ref = _item_ref(item.id, item.label, item.props)
                ref["duty"] = duty
                out.append(ref)
    return sorted(out, key=lambda r: (r["duty"], r["name"], r["id"]))


def item_detail(store: GraphStore, item_id: str) -> dict[str, Any] | None:
    """An item with its properties, every department tied to it (role, duty) and its evidence.

    None when ``item_id`` is not an item.
    """
    rec = store.get_node(item_id)
    if rec is None or rec.label not in ITEM_LABELS:
        return None
    holders = []
    seen: set[tuple[str, str, str]] = set()
    for dept_id, role, duty, _source in item_holders(store, item_id):
        if (dept_id, role, duty) in seen:
            continue
        seen.add((dept_id, role, duty))
        dept = store.get_node(dept_id)
        props = dept.props if dept else {}
        holders.append({"department_id": dept_id, "department": props.get("name") or dept_id,
                        "region": props.get("region", ""), "role": role, "role_zh": role_zh(role), "duty": duty})
    # The row's generic holders (各乡镇人民政府(街道办事处), 有关部门) as it wrote them: no node to link to.
    holders += [{"department_id": g.display_id, "department": g.name, "region": rec.props.get("region", ""),
                 "role": g.role, "role_zh": role_zh(g.role), "duty": g.duty, "generic": True}
                for g in generic_holders(rec.props)]
    holders.sort(key=lambda h: ({"lead": 0, "cooperate": 1}.get(h["role"], 2), h["department"], h["department_id"]))
    evidence = [{"source": ev.source, "locator": ev.locator, "text": ev.text}
                for ev in item_evidence(store, item_id, rec.props, None)]
    detail = _item_ref(rec.id, rec.label, rec.props)
    detail.update({"kind_zh": ITEM_KIND_ZH.get(rec.label, rec.label), "properties": rec.props,
                   "holders": holders, "evidence": evidence})
    return detail
