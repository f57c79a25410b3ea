"""A graph built before generic holders (泛指) were kept on items: detected, and upgraded to the
shape a fresh import gives (issue 10: 「各乡镇人民政府(街道办事处)」「有关部门」 are never Department nodes).

The old shape is built through the store API, as the old importer wrote it: a Department node of
kind 泛指 per placeholder and region, HOLDS edges to its items (role, duty, name_in_list, via 泛指),
IN_REGION and FROM_SOURCE edges; no ``generic_holders`` on the items.
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from api.cli import main
from graph.analyses.gaps import find_gaps
from graph.generic_upgrade import old_generic_departments, old_generic_hint, upgrade_generic_departments
from graph.model import Department, Rel, edge, stable_id, to_record
from graph.reference.generic_holders import PROPERTY, generic_holders
from graph.reference.regions import region_node_id
from graph.sqlite_store import SqliteStore
from ingest.dispatch import ingest_paths

ROOT = Path(__file__).resolve().parents[1]
TERRITORIAL = ROOT / "ingest" / "samples" / "示例_属地管理主体责任和配合责任清单.csv"   # 各乡镇人民政府(街道办事处) …
CORPUS_LISTS = ROOT.parent / "shared" / "corpus" / "lists"
L02 = CORPUS_LISTS / "L02_成都市贯彻落实生活垃圾分类制度重点任务责任分工表.csv"               # 各区(市)县政府(管委会)
FILES = [TERRITORIAL, L02]


def _holders(store) -> dict[str, Counter]:
    """item id → its generic holders (name, role, duty); the column is not known from an old graph."""
    out = {}
    for rec in store.iter_nodes():
        found = Counter((g.name, g.role, g.duty) for g in generic_holders(rec.props))
        if found:
            out[rec.id] = found
    return out


def _to_old_shape(store) -> int:
    """Rewrite the generic holders the way the importer stored them before: as 泛指 Department nodes."""
    made = set()
    with store.transaction():
        for item_id in list(_holders(store)):
            rec = store.get_node(item_id)
            src = store.edges_from(item_id, Rel.FROM_SOURCE.value)[0].dst
            region = rec.props["region"]
            for g in generic_holders(rec.props):
                did = stable_id("dept", region, "泛指", g.name)
                if did not in made:
                    store.upsert_nodes([to_record(Department(id=did, name=g.name, region=region, kind="泛指"))])
                    store.upsert_edges([edge(did, Rel.IN_REGION, region_node_id(region), source=src),
                                        edge(did, Rel.FROM_SOURCE, src, source=src)])
                    made.add(did)
                props = {"role": g.role, "dataset": rec.props.get("dataset", ""), "current": True,
                         "name_in_list": g.name, "via": "泛指"}
                if g.duty:
                    props["duty"] = g.duty
                store.upsert_edges([edge(did, Rel.HOLDS, item_id, source=src,
                                         key=f"{g.role}:{g.duty}" if g.duty else g.role, **props)])
            store.set_props(item_id, **{PROPERTY: None})
    return len(made)


@pytest.fixture()
def fresh(tmp_path):
    store = SqliteStore(tmp_path / "fresh.db")
    report = ingest_paths(store, FILES)
    assert report.rows_loaded > 0 and not report.failed
    yield store
    store.close()


@pytest.fixture()
def old_db(tmp_path) -> Path:
    db = tmp_path / "old.db"
    store = SqliteStore(db)
    ingest_paths(store, FILES)
    assert _to_old_shape(store) == 4   # 各乡镇人民政府(街道办事处), 有关许可审批和行业主管部门, 各成员单位, 各区(市)县政府(管委会)
    store.save()
    store.close()
    return db


def _gaps(store) -> list[tuple[str, str, tuple[str, ...]]]:
    return sorted((f.kind, f.title_zh, tuple(f.nodes)) for f in find_gaps(store))


def test_an_old_graph_is_upgraded_to_what_a_fresh_import_gives(fresh, old_db) -> None:
    store = SqliteStore(old_db)
    names = {r.props["name"] for r in old_generic_departments(store)}
    assert names == {"各乡镇人民政府(街道办事处)", "有关许可审批和行业主管部门", "各成员单位", "各区(市)县政府(管委会)"}
    assert _holders(store) == {}

    report = upgrade_generic_departments(store)
    assert sorted(report.departments) == sorted(names)
    want = _holders(fresh)
    assert report.items == len(want) and report.holders == sum(len(c) for c in want.values())
    assert report.edges[Rel.HOLDS.value] == sum(sum(c.values()) for c in want.values())
    assert report.edges[Rel.IN_REGION.value] == report.edges[Rel.FROM_SOURCE.value] == 4
    assert "已转换 4 个旧版「泛指」部门节点" in report.summary_zh()

    # the same departments, holders and gaps as a fresh import of the same lists
    assert _holders(store) == want
    assert {r.id for r in store.find_nodes("Department")} == {r.id for r in fresh.find_nodes("Department")}
    assert _gaps(store) == _gaps(fresh)
    assert old_generic_departments(store) == [] and old_generic_hint(store) == ""
    again = upgrade_generic_departments(store)        # nothing left to do
    assert again.departments == [] and again.summary_zh() == "图中没有旧版「泛指」部门节点，无需转换"
    store.close()


def test_a_retired_edge_of_an_old_version_gives_no_holder(old_db) -> None:
    store = SqliteStore(old_db)
    item = next(iter(store.find_nodes("TerritorialItem")))
    did = stable_id("dept", item.props["region"], "泛指", "有关部门")
    with store.transaction():
        store.upsert_nodes([to_record(Department(id=did, name="有关部门", region=item.props["region"], kind="泛指"))])
        store.upsert_edges([edge(did, Rel.HOLDS, item.id, key="lead", role="lead", current=False,
                                 name_in_list="有关部门", via="泛指")])
    report = upgrade_generic_departments(store)
    assert "有关部门" in report.departments and store.get_node(did) is None
    assert "有关部门" not in {g.name for g in generic_holders(store.get_node(item.id).props)}
    store.close()


def test_cli_info_says_how_to_fix_and_upgrade_reports_counts(old_db, capsys) -> None:
    assert main(["--db", str(old_db), "info"]) == 0
    out = capsys.readouterr().out
    [hint] = [line for line in out.splitlines() if "泛指" in line]
    assert "4 个旧版「泛指」部门节点" in hint and "dutygraph upgrade" in hint

    # importing more lists does not remove the old nodes: the summary says so too
    assert main(["--db", str(old_db), "ingest", str(CORPUS_LISTS / "L05_广安市广安区政务服务事项_按部门.csv")]) == 0
    assert "请运行 `dutygraph upgrade`" in capsys.readouterr().out

    assert main(["--db", str(old_db), "upgrade", "--json"]) == 0
    done = json.loads(capsys.readouterr().out)
    assert len(done["departments"]) == 4 and done["holders"] > 0 and done["edges_deleted"]["HOLDS"] > 0

    assert main(["--db", str(old_db), "info", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["old_generic_departments"] == 0
    assert main(["--db", str(old_db), "info"]) == 0
    assert "泛指" not in capsys.readouterr().out
