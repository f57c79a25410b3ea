"""Duplicated duties: exact result on the real corpus, seeded double assignments found, clusters
(not pairs), settled only by a clause or ruling that applies to the region, blocking = brute force."""
from __future__ import annotations

import random

from graph.analyses.overlaps import DIRECT_BLOCK, _near_pairs, find_overlaps, overlap_findings, same_matter
from graph.embedded import EmbeddedStore
from graph.model import Department, DivisionClause, PowerItem, Rel, Role, edge, to_record
from test_analyses_support import GUANG_AN, L05, corpus_graph_file, corpus_store, reimport, rewrite_csv, sample  # noqa: F401


def _item(store, name):
    return next(r for r in store.iter_nodes("PowerItem") if r.props.get("name") == name)


def test_unmodified_corpus_has_only_the_two_joint_leads_of_l02(corpus_store):
    found = find_overlaps(corpus_store)
    clusters = [c for c in found if not c.reason.startswith("clause") and c.reason != "joint_clause"]
    # L02 (成都) rows 1 and 4 name two 牵头 units each: 市委宣传部(市文明办)、市城管委 / 市城管委、市规划和自然资源局.
    assert [(c.region, c.reason, sorted(d["name"] for d in c.departments)) for c in clusters] == [
        ("510100", "joint", ["市城市管理委员会", "市规划和自然资源局"]),
        ("510100", "joint", ["市城市管理委员会", "市委宣传部"]),
    ]
    assert all(not c.settled for c in clusters)
    # The rest are the duties the local regulations' texts divide (issue 13, on by default): each of
    # a region the texts name, none of 成都's lists.
    texts = [c for c in found if c not in clusters]
    assert texts and {c.reason for c in texts} <= {"joint_clause", "clause_conflict"}
    assert all(c.region and c.region != "510100" and c.items[0]["label"] == "DutyClause" for c in texts)
    assert find_overlaps(corpus_store, GUANG_AN) == []


def test_one_item_given_to_a_second_department_is_an_overlap(corpus_store):
    item = _item(corpus_store, "取水许可证新办审批")
    water = next(d for d in corpus_store.iter_nodes("Department") if d.props["name"] == "广安市广安区水务局")
    corpus_store.upsert_edges([edge(water.id, Rel.HOLDS, item.id, key="lead", role=Role.LEAD.value)])
    (c,) = find_overlaps(corpus_store, GUANG_AN)
    assert c.reason == "joint" and not c.settled
    assert sorted(d["name"] for d in c.departments) == ["广安市广安区水务局", "广安市广安区行政审批局"]
    (f,) = overlap_findings([c], corpus_store)
    assert f.kind == "overlap" and f.severity == "medium" and "取水许可证新办审批" in f.title_zh
    assert any(s["path"] == L05 for s in f.sources)


def test_a_list_that_gives_the_same_power_to_another_body_is_an_overlap(corpus_store, tmp_path):
    """A new L05 version adds 城镇污水排入排水管网许可 for 区水务局 too (same 基本编码, its own 实施编码)."""
    def add(header, rows):
        src = next(r for r in rows if r[3] == "城镇污水排入排水管网许可")
        twin = list(src)
        twin[0], twin[1] = "1136", "区水务局"
        twin[4] = src[4].replace("11511301008778255F", "11511301MB1234567X")
        return rows + [twin]

    reimport(corpus_store, rewrite_csv(sample(L05), tmp_path, add))
    (c,) = find_overlaps(corpus_store, GUANG_AN)
    assert c.reason == "code"
    assert sorted(d["name"] for d in c.departments) == ["广安市广安区住房和城乡建设局", "广安市广安区水务局"]
    assert len(c.items) == 2 and {i["base_code"] for i in c.items} == {"511A0148600000"}


def _graph(*clauses) -> EmbeddedStore:
    """Three departments of 511602; five 许可 items; clauses as given."""
    s = EmbeddedStore(None)
    depts = [Department(id=f"d{i}", name=n, region="511602", in_roster=True)
             for i, n in enumerate(["区住建局", "区城管局", "区水务局"])]
    items = [
        PowerItem(id="a", name="城市道路占用挖掘许可", region="511602", power_type="行政许可", basis="《城市道路管理条例》第三十条"),
        PowerItem(id="b", name="城市道路占用、挖掘许可", region="511602", power_type="行政许可", basis="《城市道路管理条例》第三十条"),
        PowerItem(id="c", name="城市道路占用挖掘许可（延期）", region="511602", power_type="行政许可", basis="《城市道路管理条例》第三十条"),
        # Near the same name, but another basis: a variant, not a twin.
        PowerItem(id="d", name="城市道路占用挖掘许可", region="511602", power_type="行政确认", basis="其他"),
        PowerItem(id="e", name="城市桥梁占用许可", region="511602", power_type="行政许可", basis="《城市道路管理条例》第二十八条"),
    ]
    s.upsert_nodes(to_record(n) for n in [*depts, *items, *clauses])
    holds = [("d0", "a"), ("d1", "b"), ("d2", "c"), ("d1", "d"), ("d2", "e")]
    s.upsert_edges(edge(d, Rel.HOLDS, i, key="lead", role="lead") for d, i in holds)
    return s


def test_near_names_with_one_basis_form_one_cluster_not_pairs():
    (c,) = find_overlaps(_graph(), "511602")
    assert c.reason == "name" and {i["id"] for i in c.items} == {"a", "b", "c"}
    assert [d["name"] for d in c.departments] == ["区住建局", "区城管局", "区水务局"]
    assert c.settled is False and c.references == []


def test_a_division_clause_of_the_region_settles_and_is_quoted():
    clause = DivisionClause(id="clause", name="城市道路占用挖掘许可的分工", region="511600",
                            text="城市道路占用挖掘许可由住房城乡建设部门负责，城市管理部门配合。")
    (c,) = find_overlaps(_graph(clause), "511602")
    assert c.settled and c.settled_by[0]["quote"].startswith("城市道路占用挖掘许可由住房城乡建设部门负责")
    assert c.to_finding().severity == "low"


def test_a_clause_of_no_region_or_another_region_is_only_a_reference():
    elsewhere = [DivisionClause(id="x", name="城市道路占用挖掘许可", region="", text="城市道路占用挖掘许可由建设部门负责"),
                 DivisionClause(id="y", name="城市道路占用挖掘许可", region="370784", text="城市道路占用挖掘许可由建设部门负责")]
    (c,) = find_overlaps(_graph(*elsewhere), "511602")
    assert not c.settled and {r["id"] for r in c.references} == {"x", "y"}


def test_bigram_blocking_finds_what_all_pairs_find():
    rng = random.Random(1)
    stems = ["城市道路占用挖掘许可", "食品经营许可核发", "取水许可证新办审批", "燃气经营许可证核发", "建设工程规划许可"]
    names = sorted({rng.choice(stems) + rng.choice(["", "延续", "变更", "（县级）", "注销登记", "补办"]) + str(rng.randrange(60))
                    for _ in range(900)})
    assert len(names) > DIRECT_BLOCK
    brute = {(i, j) for i in range(len(names)) for j in range(i + 1, len(names)) if same_matter(names[i], names[j])}
    assert brute and set(_near_pairs(names)) == brute


def test_one_template_two_matters_is_not_a_near_name():
    assert not same_matter("对未取得拖拉机联合收割机抵押许可擅自从事经营活动的行政处罚",
                           "对未取得拖拉机联合收割机转入许可擅自从事经营活动的行政处罚")
    assert not same_matter("第一类医疗器械经营备案", "第二类医疗器械经营备案")
    assert same_matter("城市道路占用挖掘许可", "城市道路占用挖掘许可延期")
