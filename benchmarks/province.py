"""Generate a province-sized graph from the real items and structure of the corpus.

    .venv/bin/python benchmarks/province.py --counties 520 --out /tmp/province.graph.json
    >>> from benchmarks.province import generate_province
    >>> stats = generate_province(EmbeddedStore(None), counties=3, seed=0)

Each county is 广安区 again under another name: its 35 roster bodies (ingest/samples
广安区_部门名册.csv, names re-prefixed), copies of L05's 1,135 items with the variation
real counties show (a few items dropped, renamed with a qualifier, or carried by the line
department instead of the 行政审批局), a 审管联动 list for most of the 审批局's approvals, the
supervisors' inspection and penalty items (with basis text and BASED_ON edges when laws are
loaded), a 属地管理 list, townships, and township calls. About 1,920 items per county
(1,135 list rows, ~490 linkage rows, ~290 inspection/penalty items): 520 counties ≈ one million items.

Known faults are seeded at fixed rates and returned in ``stats["seeded"]`` so that the
benchmark can check that the analyses find them: approvals without a linkage row,
items held by two departments, a roster that dropped a body after 机构改革, territorial
items without a lead, calls that match nothing.

Deterministic for a given (counties, seed). Items carry HOLDS edges whose ``source`` is the
county file's one Source node; rows get no Source of their own, to keep a million-item
graph in memory.
"""
from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from graph.model import (Call, Department, LinkageItem, ListVersion, PowerItem, Region, Rel, Role,  # noqa: E402
                         Source, TerritorialItem, edge, stable_id, to_record)
from graph.reference.generic_holders import PROPERTY as GENERIC_HOLDERS, GenericHolder  # noqa: E402
from graph.store import GraphStore  # noqa: E402

SAMPLES = REPO / "ingest" / "samples"
CORPUS = REPO.parent / "shared" / "corpus"
L05 = "L05_广安市广安区政务服务事项_按部门.csv"
ROSTER = "广安区_部门名册.csv"
TERRITORIAL = "示例_属地管理主体责任和配合责任清单.csv"
SOURCE_COUNTY = "广安市广安区"
SOURCE_CODE = "511602000000"

# Variation between counties, per item.
P_DROP = 0.02            # the county does not carry the item
P_QUALIFY = 0.03         # the county names it with a qualifier (（县级）…)
P_LINE_DEPT = 0.05       # per 审批局 approval: this county left it with the line department
P_LINKAGE = 0.97         # per 审批局 approval: a 审管联动 row names its supervisor
P_ENFORCE = 0.97         # per supervised matter: the supervisor lists an inspection item for it
P_PENALTY = 0.3          # … and a penalty item
# Seeded faults.
P_DOUBLE_LEAD = 0.002    # an item also held as lead by a second department (overlap)
P_STALE_COUNTY = 0.02    # a county whose roster dropped one body after 机构改革 (stale references)
P_NO_LEAD = 0.1          # a territorial row that names only "有关部门" as its lead (泛指)
CALLS_PER_COUNTY = 12
P_CALL_UNMATCHED = 0.25

QUALIFIERS = ("（县级）", "（县级行使）", "（承诺件）", "（即办件）")
# Which line department supervises an approval the 行政审批局 grants, by words of its name.
SUPERVISOR_WORDS = (
    ("食品|药品|特种设备|计量|企业|个体|营业|广告|商标|检验检测|网络交易", "市场监督管理局"),
    ("卫生|医疗|母婴|放射|诊所|医师|护士|饮用水|消毒|职业健康", "卫生健康局"),
    ("道路|运输|驾驶|车辆|客运|货运|港口|航道|公路|出租|水路|船", "交通运输局"),
    ("建筑|燃气|房屋|施工|城市|市政|园林|排水|物业|房地产|勘察|设计|建设工程", "住房和城乡建设局"),
    ("取水|水利|河道|水土|水库|堤防|水工程", "水务局"),
    ("林|木|草原|森林|野生植物", "林业局"),
    ("动物|兽|农|种|畜|渔|蜂|饲料|肥料|农药|拖拉机|农机|生猪|屠宰", "农业农村局"),
    ("娱乐|文物|旅游|出版|印刷|广播|电视|演出|网吧|互联网上网|艺术|文化", "文化广电旅游局"),
    ("学校|教育|幼儿园|培训|办学|教师", "教育科技体育局"),
    ("危险化学品|安全生产|烟花|爆竹|非煤|矿山|尾矿", "应急管理局"),
    ("环境|排污|污染|辐射|废", "生态环境局"),
    ("土地|规划|矿|测绘|地质|国土|不动产", "自然资源和规划局"),
    ("民办非企业|社会团体|殡葬|养老|婚姻|慈善", "民政局"),
    ("职业|人力|劳务|技工|劳动", "人力资源和社会保障局"),
    ("消防", "消防救援大队"),
)
_SYLLABLES = "安平宁丰和泰兴华昌福庆嘉隆盛源永德广通清江山阳川岳武邻营蓬溪射洪船仪陇南充达州宜宾泸乐"
TOWNSHIP_SUFFIXES = ("镇", "乡", "街道")
UNMATCHED_CALLS = ("小区电梯困人无人处理", "邻居深夜装修噪音扰民", "村口桥梁护栏破损", "广场舞音响太吵",
                   "快递柜收费不合理", "共享单车乱停放堵塞通道", "小区业委会选举纠纷", "学校门口交通拥堵")


def _read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    return list(csv.DictReader(lines))


def _source_file(name: str) -> Path:
    for folder in (SAMPLES, CORPUS / "lists"):
        if (folder / name).exists():
            return folder / name
    raise FileNotFoundError(f"找不到 {name}（ingest/samples 或 ../shared/corpus/lists）")


def _county_names(n: int, rng: random.Random) -> list[str]:
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < n:
        name = rng.choice(_SYLLABLES) + rng.choice(_SYLLABLES)
        if name[0] != name[1] and name not in seen:
            seen.add(name)
            names.append(name)
    return names


def _split_code(code: str) -> tuple[str, str]:
    m = re.match(r"^(?P<base>.+?)-(?P<area>\d{12})-(?P<x>\d{3})-(?P<subject>.+)-\d-\d{2}$", code)
    return (m.group("base"), m.group("subject")) if m else (code, "")


def _supervisor_of(name: str) -> str:
    for words, dept in SUPERVISOR_WORDS:
        if re.search(words, name):
            return dept
    return "市场监督管理局"


def _core(name: str) -> str:
    from graph.analyses.text import name_core

    return name_core(name) or name


class _County:
    """One generated county: codes, names, and the ids of its bodies."""

    def __init__(self, index: int, city: int, number: int, name: str, city_name: str):
        self.code = f"99{city:02d}{number:02d}"
        self.stat_code = self.code + "000000"
        self.city_code = f"99{city:02d}00"
        self.name = f"{city_name}{name}县"
        self.short = f"{name}县"
        self.dataset = f"{self.short}_政务服务事项.csv"
        self.index = index
        self.dept: dict[str, str] = {}     # full name without region → id

    def dept_name(self, bare: str) -> str:
        return f"{self.name}{bare}" if not bare.startswith("国家税务总局") else bare


def _bare(full: str) -> str:
    """广安市广安区市场监督管理局 → 市场监督管理局; 广安市公安局广安区分局 → 公安局分局."""
    return full.replace("广安市公安局广安区分局", "公安局分局").replace("国家税务总局广安市广安区税务局", "税务局") \
        .replace("中共广安市广安区委", "中共县委").replace(SOURCE_COUNTY, "")


def _batches(store: GraphStore, nodes: list, edges: list) -> None:
    store.upsert_nodes(nodes)
    store.upsert_edges(edges)


def generate_province(store: GraphStore, counties: int, seed: int = 0, with_laws: bool = True) -> dict:
    """Write a province of ``counties`` generated counties into ``store``; return what was written.

    例: generate_province(EmbeddedStore(None), counties=520) → {"items": ~1_000_000, "seeded": {…}, …}
    With ``with_laws`` the corpus laws are imported and MANDATES linked, and inspection/penalty
    items get BASED_ON edges to the article their basis cites.
    """
    started = time.perf_counter()
    rng = random.Random(seed)
    rows = _read_csv(_source_file(L05))
    roster = _read_csv(_source_file(ROSTER))
    territorial = _read_csv(_source_file(TERRITORIAL))
    short_to_full = {}
    for r in roster:
        for alias in re.split(r"[、,，]", r.get("简称/别名", "")):
            if alias:
                short_to_full[alias.strip()] = r["部门名称"]
        short_to_full[r["部门名称"]] = r["部门名称"]
    articles = _laws(store) if with_laws else {}

    n_cities = max(1, (counties + 44) // 45)
    city_names = _county_names(n_cities, rng)
    names = _county_names(counties + n_cities, rng)[n_cities:]
    province = Region(id="region:990000", code="990000", name="示例省", level="province")
    store.upsert_nodes([to_record(province)] + [to_record(Region(
        id=f"region:99{c + 1:02d}00", code=f"99{c + 1:02d}00", name=f"示例省{city_names[c]}市", level="city",
        parent="990000")) for c in range(n_cities)])
    stats = {"counties": counties, "departments": 0, "townships": 0, "items": 0, "power_items": 0,
             "linkage_items": 0, "territorial_items": 0, "calls": 0, "edges": 0,
             "seeded": {"approval_no_supervisor": 0, "overlap_items": 0, "stale_departments": 0,
                        "territorial_no_lead": 0, "calls_unmatched": 0, "supervisor_no_enforcement": 0}}
    for i in range(counties):
        city, number = i // 45 + 1, i % 45 + 1
        county = _County(i, city, number, names[i], f"{city_names[city - 1]}市")
        nodes, edges = _county(county, rows, roster, territorial, short_to_full, articles, rng, stats)
        _batches(store, nodes, edges)
        stats["edges"] += len(edges)
    stats["seconds"] = round(time.perf_counter() - started, 1)
    return stats


def _laws(store: GraphStore) -> dict[str, str]:
    """Import the corpus laws once; map a law's short title to the id of its first article with a duty."""
    folder = CORPUS / "laws"
    if not folder.is_dir():
        return {}
    from ingest.duty_sentences import link_mandates
    from ingest.laws import import_laws, law_id

    import_laws(store, folder)
    link_mandates(store)
    out = {}
    for law in store.iter_nodes("Law"):
        arts = sorted((e.src for e in store.edges_to(law.id, Rel.PART_OF.value)))
        if arts:
            out[law.props.get("short_title", "")] = arts[len(arts) // 2]
    assert law_id  # imported for its side effect of validating the module
    return out


_BASIS_LAW = (("食品", "食品安全法"), ("药品", "药品管理法"), ("特种设备", "特种设备安全法"),
              ("娱乐", "娱乐场所管理条例"), ("取水|水", "水法"), ("动物|兽", "动物防疫法"), ("畜|种", "畜牧法"),
              ("危险化学品", "危险化学品安全管理条例"), ("燃气", "城镇燃气管理条例"), ("建筑|施工", "建筑法"),
              ("道路|运输|车", "道路交通安全法"), ("环境|排污", "环境保护法"), ("林|木", "森林法"),
              ("土地|矿", "土地管理法"), ("文物", "文物保护法"), ("旅游", "旅游法"))


def _basis_law(name: str) -> str:
    for words, law in _BASIS_LAW:
        if re.search(words, name):
            return law
    return "行政许可法"


def _county(c: _County, rows, roster, territorial, short_to_full, articles, rng: random.Random,
            stats: dict) -> tuple[list, list]:
    nodes, edges = [], []
    now = "2025-01-01T00:00:00+00:00"
    version = stable_id("ver", c.dataset, c.code, str(c.index))
    src = Source(id=stable_id("src", version, "file"), path=c.dataset, locator="整个文件", text=f"生成: {c.name}",
                 version=version, imported_at=now)
    region = Region(id=f"region:{c.code}", code=c.code, name=c.name, level="county", parent=c.city_code,
                    aliases=[c.short])
    nodes += [to_record(src), to_record(region)]
    edges.append(edge(region.id, Rel.PART_OF, f"region:{c.city_code}"))
    # Roster bodies. One county in fifty lost a body to 机构改革 after its list was published.
    stale = rng.random() < P_STALE_COUNTY
    dropped = "商务局" if stale else ""
    for r in roster:
        bare = _bare(r["部门名称"])
        did = stable_id("dept", c.code, bare)
        aliases = [a.strip().replace("区", "县", 1) for a in re.split(r"[、,，]", r.get("简称/别名", "")) if a.strip()]
        d = Department(id=did, name=c.dept_name(bare), region=c.code, aliases=aliases, kind=r.get("类型", "部门"),
                       in_roster=bare != dropped)
        c.dept[bare] = did
        nodes.append(to_record(d))
        edges.append(edge(did, Rel.IN_REGION, region.id, source=src.id))
    stats["departments"] += len(roster)
    if stale:
        stats["seeded"]["stale_departments"] += 1
    townships = []
    for t in range(8 + c.index % 10):
        code = f"{c.code}{t + 1:03d}"
        tname = f"{rng.choice(_SYLLABLES)}{rng.choice(_SYLLABLES)}{TOWNSHIP_SUFFIXES[t % 3]}"
        tid = stable_id("dept", code, tname)
        nodes += [to_record(Region(id=f"region:{code}", code=code, name=f"{c.name}{tname}", level="township",
                                   parent=c.code)),
                  to_record(Department(id=tid, name=f"{tname}{'办事处' if tname.endswith('街道') else '人民政府'}",
                                       region=code, kind="乡镇街道", in_roster=True))]
        edges.append(edge(f"region:{code}", Rel.PART_OF, region.id))
        townships.append(tid)
    stats["townships"] += len(townships)
    approval_body = c.dept["行政审批局"]
    carried: list[str] = []     # names this county's list carries: its callers ask about these
    # A linkage row for one step of a permit covers the other steps of its 事项分组 (see linkage.py),
    # so an approval lacks a supervisor only if no item of its group has a row.
    unsupervised: dict[str, list[str]] = {}
    supervised_groups: set[str] = set()
    enforced: set[tuple[str, str]] = set()
    for row in rows:
        if rng.random() < P_DROP:
            continue
        name = row["事项名称"]
        if rng.random() < P_QUALIFY and not name.endswith("）"):
            name += rng.choice(QUALIFIERS)
        code = row["事项编码"].replace(SOURCE_CODE, c.stat_code)
        base, subject = _split_code(code)
        full = short_to_full.get(row["实施主体"], row["实施主体"])
        holder = c.dept.get(_bare(full), approval_body)
        is_approval = row["事项类型"] == "行政许可"
        supervisor = _supervisor_of(name)
        if holder == approval_body and is_approval and rng.random() < P_LINE_DEPT:
            holder = c.dept.get(supervisor, holder)
        item = PowerItem(id=stable_id("power", c.code, code), name=name, region=c.code, dataset=c.dataset,
                         power_type=row["事项类型"], code=code, base_code=base, subject_code=subject,
                         group="" if row["事项分组"] == "未分类" else row["事项分组"], department_text=row["实施主体"])
        nodes.append(to_record(item))
        edges.append(edge(holder, Rel.HOLDS, item.id, source=src.id, key=Role.LEAD.value, role=Role.LEAD.value,
                          dataset=c.dataset, current=True))
        carried.append(name)
        stats["power_items"] += 1
        if rng.random() < P_DOUBLE_LEAD:
            other = rng.choice([d for b, d in c.dept.items() if d != holder and b not in ("人民政府",)])
            edges.append(edge(other, Rel.HOLDS, item.id, source=src.id, key=Role.LEAD.value, role=Role.LEAD.value,
                              dataset=c.dataset, current=True))
            stats["seeded"]["overlap_items"] += 1
        if not is_approval:
            continue
        sup = holder  # 谁审批谁监管, unless the 行政审批局 approves
        if holder == approval_body:
            group = item.group or item.id
            if rng.random() >= P_LINKAGE:
                unsupervised.setdefault(group, []).append(item.id)
                continue
            supervised_groups.add(group)
            sup = c.dept.get(supervisor, c.dept["市场监督管理局"])
            link = LinkageItem(id=stable_id("link", c.code, code), name=name, region=c.code,
                               dataset=f"{c.short}_审管联动清单.csv", approver_text="县行政审批局",
                               supervisor_text=f"县{supervisor}", code=code)
            nodes.append(to_record(link))
            edges += [edge(approval_body, Rel.HOLDS, link.id, source=src.id, key="lead:审批", role=Role.LEAD.value,
                           duty="审批"),
                      edge(approval_body, Rel.APPROVES, link.id, source=src.id),
                      edge(sup, Rel.HOLDS, link.id, source=src.id, key="lead:监管", role=Role.LEAD.value, duty="监管"),
                      edge(sup, Rel.SUPERVISES, link.id, source=src.id)]
            stats["linkage_items"] += 1
        core = _core(name)
        if (sup, core) in enforced:
            continue
        enforced.add((sup, core))
        law = _basis_law(name)
        listed = 0
        for kind, p, title in (("行政检查", P_ENFORCE, f"对{core}活动的监督检查"),
                               ("行政处罚", P_PENALTY, f"对未取得{core}许可擅自从事经营活动的行政处罚")):
            if rng.random() >= p:
                continue
            listed += 1
            enf = PowerItem(id=stable_id("power", c.code, title, kind), name=title, region=c.code, dataset=c.dataset,
                            power_type=kind, base_code="", department_text="（监管部门）",
                            basis=f"《中华人民共和国{law}》")
            nodes.append(to_record(enf))
            edges.append(edge(sup, Rel.HOLDS, enf.id, source=src.id, key=Role.LEAD.value, role=Role.LEAD.value,
                              dataset=c.dataset, current=True))
            if law in articles:
                edges.append(edge(enf.id, Rel.BASED_ON, articles[law], source=src.id))
            stats["power_items"] += 1
        if not listed:
            stats["seeded"]["supervisor_no_enforcement"] += 1
    stats["seeded"]["approval_no_supervisor"] += sum(len(ids) for g, ids in unsupervised.items()
                                                     if g not in supervised_groups)
    for row in territorial:
        if not row.get("区划代码", "").startswith("5116"):
            continue
        name = row["事项名称"]
        item = TerritorialItem(id=stable_id("terr", c.code, row["领域"], name), name=name, region=c.code,
                               dataset=f"{c.short}_属地管理清单.csv", domain=row["领域"], lead_text=row["主体责任"],
                               cooperate_text=row["配合责任"], basis=row["依据"])
        record = to_record(item)
        nodes.append(record)
        stats["territorial_items"] += 1
        if rng.random() < P_NO_LEAD:
            # As the list importer records a vague lead: on the item, no node (graph.reference.generic_holders).
            record.props[GENERIC_HOLDERS] = [GenericHolder("有关部门", Role.LEAD.value, "主体责任").to_prop()]
            stats["seeded"]["territorial_no_lead"] += 1
            continue
        if "乡镇" in row["主体责任"]:
            for t in townships:
                edges.append(edge(t, Rel.HOLDS, item.id, source=src.id, key=Role.LEAD.value, role=Role.LEAD.value))
        else:
            lead = c.dept.get(_bare(short_to_full.get(row["主体责任"], row["主体责任"])), c.dept["人民政府"])
            edges.append(edge(lead, Rel.HOLDS, item.id, source=src.id, key=Role.LEAD.value, role=Role.LEAD.value))
    for k in range(CALLS_PER_COUNTY):
        if rng.random() < P_CALL_UNMATCHED:
            text = rng.choice(UNMATCHED_CALLS)
            stats["seeded"]["calls_unmatched"] += 1
        else:
            text = f"{rng.choice(['请问', '咨询', '群众反映'])}{rng.choice(carried)}怎么办理"
        call = Call(id=stable_id("call", c.code, str(k), text), text=text, region=f"{c.code}{k % 8 + 1:03d}",
                    date=f"2025-03-{k % 28 + 1:02d}", channel="镇呼区应", dataset=f"{c.short}_镇呼区应.csv")
        nodes.append(to_record(call))
        stats["calls"] += 1
    version_node = ListVersion(id=version, dataset=c.dataset, kind="power", region=c.code, content_hash=str(c.index),
                               imported_at=now, rows_read=len(rows), rows_loaded=len(rows))
    nodes.append(to_record(version_node))
    edges.append(edge(version, Rel.FROM_SOURCE, src.id))
    stats["items"] = stats["power_items"] + stats["linkage_items"] + stats["territorial_items"]
    return nodes, edges


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="生成省级规模的测试图（以 L05 广安区真实事项为蓝本）")
    ap.add_argument("--counties", type=int, default=520, help="县（区）数；520 个约 100 万项事项")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", default="", help="保存到此图文件（内嵌图）；不给则只统计")
    ap.add_argument("--db", default="", help="写入此图（bolt:// 或文件路径），代替 --out")
    ap.add_argument("--no-laws", action="store_true", help="不导入语料中的法律（不生成 MANDATES/BASED_ON）")
    args = ap.parse_args(argv)
    from graph.backends import open_store

    target = args.db or args.out or None
    if target:
        store = open_store(target)
    else:
        from graph.embedded import EmbeddedStore
        store = EmbeddedStore(None)
    stats = generate_province(store, args.counties, args.seed, with_laws=not args.no_laws)
    store.save()
    print(json.dumps(stats, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
