"""Benchmark of graph.lookup.NgramIndex against the plain rapidfuzz scan.

    .venv/bin/python benchmarks/lookup_bench.py --sizes 10000 100000 1000000 --queries 200

Corpora: real item names of ../shared/corpus/lists (mostly L05, 1,135 items of
广安市广安区) combined with real Sichuan region prefixes (市+区/县), department
names of L05 and sub-item qualifiers that occur in L05 (（变更）（注销）（县级）…),
so that a corpus looks like a province's list and is mostly distinct.
Queries: names of the corpus as people type them (a character dropped, only a
part, colloquial wording with question words, traditional characters, ASCII
punctuation and spaces).
Recall: share of the scan's top-5 that the index's top-5 matches; a result with
the same score as the scan's k-th counts (ties are interchangeable).
"""

from __future__ import annotations

import argparse
import csv
import json
import platform
import random
import re
import statistics
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from graph.lookup.ngram_index import NgramIndex  # noqa: E402
from graph.lookup.lexicon import LEXICON as TABLE  # noqa: E402

CORPUS = REPO.parent / "shared" / "corpus" / "lists"

# Real county-level divisions of Sichuan, by prefecture (2023 names).
REGIONS = {
    "成都市": "锦江区 青羊区 金牛区 武侯区 成华区 龙泉驿区 青白江区 新都区 温江区 双流区 郫都区 新津区 金堂县 大邑县 蒲江县 都江堰市 彭州市 邛崃市 崇州市 简阳市",
    "自贡市": "自流井区 贡井区 大安区 沿滩区 荣县 富顺县",
    "攀枝花市": "东区 西区 仁和区 米易县 盐边县",
    "泸州市": "江阳区 纳溪区 龙马潭区 泸县 合江县 叙永县 古蔺县",
    "德阳市": "旌阳区 罗江区 中江县 广汉市 什邡市 绵竹市",
    "绵阳市": "涪城区 游仙区 安州区 三台县 盐亭县 梓潼县 北川羌族自治县 平武县 江油市",
    "广元市": "利州区 昭化区 朝天区 旺苍县 青川县 剑阁县 苍溪县",
    "遂宁市": "船山区 安居区 蓬溪县 大英县 射洪市",
    "内江市": "市中区 东兴区 威远县 资中县 隆昌市",
    "乐山市": "市中区 沙湾区 五通桥区 金口河区 犍为县 井研县 夹江县 沐川县 峨边彝族自治县 马边彝族自治县 峨眉山市",
    "南充市": "顺庆区 高坪区 嘉陵区 南部县 营山县 蓬安县 仪陇县 西充县 阆中市",
    "眉山市": "东坡区 彭山区 仁寿县 洪雅县 丹棱县 青神县",
    "宜宾市": "翠屏区 南溪区 叙州区 江安县 长宁县 高县 珙县 筠连县 兴文县 屏山县",
    "广安市": "广安区 前锋区 岳池县 武胜县 邻水县 华蓥市",
    "达州市": "通川区 达川区 宣汉县 开江县 大竹县 渠县 万源市",
    "雅安市": "雨城区 名山区 荥经县 汉源县 石棉县 天全县 芦山县 宝兴县",
    "巴中市": "巴州区 恩阳区 通江县 南江县 平昌县",
    "资阳市": "雁江区 安岳县 乐至县",
}
# Qualifiers as they occur in L05 item names (plus （延续）, which L05 writes as 许可延续).
QUALIFIERS = (
    "（县级行使） （县级） （市级） （注销） （变更） （换发） （备案） （补办） （新增） （新办） （延续） "
    "（延期） （转出） （转入） （终止） （过户） （信息变更） （更换） （补发） （初领） （承诺件） （即办件）"
).split()
FILLERS = ["怎么办理", "要办什么手续", "去哪办", "需要什么材料", "如何申请", ""]


_CITY = re.compile("^(" + "|".join(REGIONS) + ")")
_PREFIX = re.compile(
    "^(" + "|".join(city + county for city, counties in REGIONS.items() for county in counties.split()) + ")"
)


def real_names() -> tuple[list[str], list[str]]:
    """Item names and the departments that carry them, from the corpus lists."""
    names, depts = [], []
    with open(CORPUS / "L05_广安市广安区政务服务事项_按部门.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            names.append(row["事项名称"].strip())
            depts.append(row["实施主体"].strip())
    with open(CORPUS / "L01_明光市明南街道权力清单和责任清单_2019.csv", encoding="utf-8", newline="") as f:
        names.extend(row["项目名称"].strip() for row in csv.DictReader(f) if row.get("项目名称"))
    # 区公安分局 → 公安分局: the region prefix supplies 区/县.
    depts = sorted({re.sub(r"^(区|广安区)", "", d) for d in depts})
    return sorted(set(n for n in names if n)), depts


def make_corpus(size: int, rng: random.Random) -> tuple[list[str], list[str]]:
    """`size` names that look like a province's list, and the city of each ("" if none).

    E.g. 广安市岳池县公安分局犬类准养证核发（变更）, 食品小经营店备案注销（县级）.
    """
    names, depts = real_names()
    regions = [(city, city + county) for city, counties in REGIONS.items() for county in counties.split()]
    out, cities = [], []
    for _ in range(size):
        name = rng.choice(names)
        if rng.random() < 0.5:
            name += rng.choice(QUALIFIERS)
        prefix, city = "", ""
        if rng.random() < 0.7:
            city, prefix = rng.choice(regions)
        if rng.random() < 0.4:
            prefix += rng.choice(depts)
        out.append(prefix + name)
        cities.append(city)
    return out, cities


def colloquial_pairs() -> list[tuple[str, str]]:
    """(formal, colloquial) pairs from the lexicon, longest formal first."""
    pairs = []
    with open(TABLE, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            for official in filter(None, row["formal"].split("|")):
                pairs.append((official, row["colloquial"]))
    return sorted(pairs, key=lambda p: -len(p[0]))


def perturb(name: str, kind: str, rng: random.Random, s2t, pairs) -> str:
    """The name as a person might type it."""
    # Half of the people leave out the city (广安市岳池县…) or the whole prefix.
    core = name
    if rng.random() < 0.5:
        core = _CITY.sub("", name, count=1) if rng.random() < 0.5 else _PREFIX.sub("", name, count=1)
    if kind == "drop" and len(name) > 4:
        i = rng.randrange(len(name))
        return name[:i] + name[i + 1 :]
    if kind == "part":
        if len(core) <= 5:
            return core
        a = rng.randrange(0, len(core) // 3 + 1)
        b = rng.randrange(min(a + 4, len(core)), len(core) + 1)
        return core[a:b]
    if kind == "colloquial":
        text = re.sub(r"（[^）]*）", "", core)
        for official, colloquial in pairs:
            if official in text:
                text = text.replace(official, colloquial, 1)
                break
        return text + rng.choice(FILLERS)
    if kind == "traditional":
        return s2t.convert(core)
    if kind == "ascii":
        return core.replace("（", "(").replace("）", ")").replace("、", ", ") + " "
    return name


def make_queries(corpus: list[str], count: int, rng: random.Random) -> list[tuple[str, str, int]]:
    """(kind, query, position of the name it was made from)."""
    from opencc import OpenCC

    s2t, pairs = OpenCC("s2t"), colloquial_pairs()
    kinds = ["drop", "part", "colloquial", "traditional", "ascii"]
    out = []
    for i in range(count):
        kind = kinds[i % len(kinds)]
        source = rng.randrange(len(corpus))
        out.append((kind, perturb(corpus[source], kind, rng, s2t, pairs), source))
    return out


def recall_at(indexed: list[tuple[int, float]], scanned: list[tuple[int, float]]) -> float:
    """Share of the scan's top-k matched by the index, ties interchangeable.

    Index scores are exact scorer values of real names, so the index's k-th
    score can only be ≤ the scan's k-th; equal means an equivalent result.
    """
    if not scanned:
        return 1.0
    hits = 0
    for k, (_, s) in enumerate(scanned):
        if k < len(indexed) and indexed[k][1] >= s - 1e-9:
            hits += 1
    return hits / len(scanned)


def ms(values: list[float]) -> tuple[float, float]:
    values = sorted(values)
    p99 = values[min(len(values) - 1, int(round(0.99 * (len(values) - 1))))]
    return statistics.median(values) * 1000, p99 * 1000


def timed_recall(index: NgramIndex, queries, ids, masks=None):
    """Index times for all queries; scan times and recall for the queries in `ids`."""
    mask_of = (lambda i: masks[i]) if masks is not None else (lambda i: None)
    for _, q, _ in queries[:5]:  # warm caches (OpenCC, synonym table)
        index.search(q)
    wall, cpu, results = [], [], []
    for i, (_, q, _) in enumerate(queries):
        t, c = time.perf_counter(), time.thread_time()
        results.append(index.search(q, limit=5, mask=mask_of(i)))
        cpu.append(time.thread_time() - c)
        wall.append(time.perf_counter() - t)
    scan, recalls, top1, misses = [], [], [], []
    for i in ids:
        t = time.perf_counter()
        ref = index.scan(queries[i][1], limit=5, mask=mask_of(i))
        scan.append(time.perf_counter() - t)
        r = recall_at(results[i], ref)
        recalls.append(r)
        top1.append(not ref or (bool(results[i]) and results[i][0][1] >= ref[0][1] - 1e-9))
        if r < 1:
            misses.append({"query": queries[i][1], "kind": queries[i][0], "recall": r})
    return wall, cpu, scan, recalls, top1, misses


def run(size: int, n_queries: int, n_scan: int, seed: int) -> dict:
    rng = random.Random(seed)
    corpus, cities = make_corpus(size, rng)
    t0 = time.perf_counter()
    index = NgramIndex(corpus)
    build = time.perf_counter() - t0
    queries = make_queries(corpus, n_queries, rng)
    step = max(1, len(queries) // n_scan)
    ids = list(range(0, len(queries), step))[:n_scan]
    wall, cpu, scan, recalls, top1, misses = timed_recall(index, queries, ids)
    # Region filter: only the items of the query's own city (成都市 when it has none).
    city_arr = np.asarray(cities)
    masks = [city_arr == (cities[src] or "成都市") for _, _, src in queries]
    m_wall, _, m_scan, m_recalls, _, m_misses = timed_recall(index, queries, ids, masks)
    idx_med, idx_p99 = ms(wall)
    cpu_med, _ = ms(cpu)
    scan_med, scan_p99 = ms(scan)
    m_med, m_p99 = ms(m_wall)
    return {
        "size": size,
        "distinct_names": len(index.names),
        "build_s": round(build, 2),
        "queries": len(queries),
        "scan_queries": len(ids),
        "index_median_ms": round(idx_med, 2),
        "index_p99_ms": round(idx_p99, 2),
        "index_cpu_median_ms": round(cpu_med, 2),
        "scan_median_ms": round(scan_med, 1),
        "scan_p99_ms": round(scan_p99, 1),
        "speedup_median": round(scan_med / idx_med, 1),
        "recall_at_5": round(sum(recalls) / len(recalls), 4),
        "top1_agreement": round(sum(top1) / len(top1), 4),
        "city_mask_index_median_ms": round(m_med, 2),
        "city_mask_index_p99_ms": round(m_p99, 2),
        "city_mask_scan_median_ms": round(ms(m_scan)[0], 1),
        "city_mask_recall_at_5": round(sum(m_recalls) / len(m_recalls), 4),
        "misses": misses[:20],
        "city_mask_misses": m_misses[:20],
    }


# Long questions: the matter wrapped the way residents, clerks and 12345 operators write, with
# context no item name contains (built from the corpus name, never from the index's output).
LONG_OPENINGS = ["请问一下，", "您好，我想咨询一下，", "我们公司刚成立，", "家里老人让我问问，", "打12345问过，", ""]
LONG_CONTEXT = ["我们一家刚从外地搬过来，", "上周去窗口没办成，", "材料都准备好了，", "听朋友说可以网上办，", ""]
LONG_ENDINGS = ["，应该找哪个部门？", "，去哪里办理？", "，这个归谁管？", "，要带什么材料，在哪儿办？", "，怎么办？"]


def make_long_queries(corpus: list[str], count: int, rng: random.Random) -> list[tuple[str, str, int]]:
    """("long", question of 20–80 characters, position of the name it was made from)."""
    pairs = colloquial_pairs()
    out = []
    for _ in range(count):
        source = rng.randrange(len(corpus))
        core = re.sub(r"（[^）]*）", "", _PREFIX.sub("", corpus[source], count=1))
        for official, colloquial in pairs:
            if official in core and rng.random() < 0.5:
                core = core.replace(official, colloquial, 1)
                break
        q = rng.choice(LONG_OPENINGS) + rng.choice(LONG_CONTEXT) + "想办" + core + rng.choice(LONG_ENDINGS)
        out.append(("long", q[:80], source))
    return out


def run_long(size: int, n_queries: int, n_exhaustive: int, seed: int, budgets=(None,), baseline: bool = False
             ) -> list[dict]:
    """TextIndex (the who-handles index) on long questions: latency (wall and thread CPU), and
    recall@5 against the same exact score applied to every document (``exhaustive``), for each
    posting budget of ``budgets`` (None: the class's own) on one built index; with ``baseline``
    also the earlier candidate step (budgeted sum, ``exact_bm25 = False``) on the same queries."""
    from graph.lookup.query import understand
    from graph.lookup.text_index import Terms, TextIndex

    rng = random.Random(seed)
    corpus, cities = make_corpus(size, rng)
    bodies = [c for c in cities]  # a short second field, as list rows have
    t0 = time.perf_counter()
    index = TextIndex(corpus, bodies)
    build = time.perf_counter() - t0
    queries = make_long_queries(corpus, n_queries, rng)
    step = max(1, len(queries) // n_exhaustive)
    ids = list(range(0, len(queries), step))[:n_exhaustive]
    refs, ex_time = {}, []
    for i in ids:
        terms = Terms.of_variants(understand(queries[i][1]).variants, index)
        t = time.perf_counter()
        refs[i] = index.exhaustive(terms, limit=5)
        ex_time.append(time.perf_counter() - t)
    rows = []
    modes = [(True, b) for b in budgets] + ([(False, b) for b in budgets] if baseline else [])
    for exact, budget in modes:
        index.exact_bm25 = exact
        if budget is not None:
            index.posting_budget = budget
        for _, q, _ in queries[:5]:
            index.search(Terms.of_variants(understand(q).variants, index))
        wall, cpu, results = [], [], []
        for _, q, _ in queries:
            t, c = time.perf_counter(), time.thread_time()
            terms = Terms.of_variants(understand(q).variants, index)
            results.append(index.search(terms, limit=5))
            wall.append(time.perf_counter() - t)
            cpu.append(time.thread_time() - c)
        recalls = [recall_at(results[i], refs[i]) for i in ids]
        top1 = [not refs[i] or (bool(results[i]) and results[i][0][1] >= refs[i][0][1] - 1e-9) for i in ids]
        med, p99 = ms(wall)
        rows.append({"size": size, "posting_budget": index.posting_budget, "build_s": round(build, 1),
                     "candidates": "completed" if exact else "baseline (budgeted sum)",
                     "queries": len(queries), "exhaustive_queries": len(ids),
                     "median_ms": round(med, 2), "p99_ms": round(p99, 2), "cpu_median_ms": round(ms(cpu)[0], 2),
                     "exhaustive_median_ms": round(ms(ex_time)[0], 1),
                     "recall_at_5": round(sum(recalls) / len(recalls), 4),
                     "top1_agreement": round(sum(top1) / len(top1), 4), "example": queries[0][1]})
    return rows


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="NgramIndex 与全量 rapidfuzz 扫描的对比基准")
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument(
        "--scan-queries",
        type=int,
        default=None,
        help="对多少条查询做全量扫描（默认：≤10万条时全部，更大时 100 条，因为 100 万条时每次扫描要 1～4 秒）",
    )
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--json", type=Path, help="把结果写成 JSON 文件")
    ap.add_argument("--long", action="store_true",
                    help="长问句：测 who-handles 的 BM25 索引（TextIndex），与同一精确评分的全量计算比召回")
    ap.add_argument("--posting-budget", type=int, nargs="+",
                    help="长问句：依次试这些 TextIndex.posting_budget（默认用类里的值）")
    ap.add_argument("--baseline", action="store_true",
                    help="长问句：同一次运行里也测旧的候选方法（按预算截断的 BM25 累加，exact_bm25=False）")
    args = ap.parse_args(argv)
    if args.long:
        return main_long(args)

    rows = []
    for size in args.sizes:
        n_scan = args.scan_queries or (args.queries if size <= 100_000 else min(args.queries, 100))
        row = run(size, args.queries, n_scan, args.seed)
        rows.append(row)
        print(
            f"{size:>9,} 条  构建 {row['build_s']:.1f}s  索引 中位 {row['index_median_ms']:.2f}ms "
            f"p99 {row['index_p99_ms']:.2f}ms  扫描 中位 {row['scan_median_ms']:.0f}ms p99 {row['scan_p99_ms']:.0f}ms "
            f"（{row['scan_queries']} 条查询）  召回@5 {row['recall_at_5']:.4f}  按市过滤召回@5 {row['city_mask_recall_at_5']:.4f}",
            file=sys.stderr,
            flush=True,
        )
    header = (
        "| 条目数 | 不同名称 | 构建(s) | 索引中位(ms) | 索引p99(ms) | 索引CPU中位(ms) | 扫描中位(ms) | 扫描p99(ms) "
        "| 加速(中位) | 召回@5 | top1一致 | 按市过滤: 索引中位/扫描中位(ms) | 按市过滤召回@5 | 查询/扫描 |"
    )
    print(header)
    print("|" + "---|" * (header.count("|") - 1))
    for r in rows:
        print(
            f"| {r['size']:,} | {r['distinct_names']:,} | {r['build_s']:.1f} | {r['index_median_ms']:.2f} | "
            f"{r['index_p99_ms']:.2f} | {r['index_cpu_median_ms']:.2f} | {r['scan_median_ms']:.0f} | "
            f"{r['scan_p99_ms']:.0f} | {r['speedup_median']:.0f}× | {r['recall_at_5']:.4f} | "
            f"{r['top1_agreement']:.3f} | {r['city_mask_index_median_ms']:.2f} / {r['city_mask_scan_median_ms']:.0f} | "
            f"{r['city_mask_recall_at_5']:.4f} | {r['queries']}/{r['scan_queries']} |"
        )
    if any(r["scan_queries"] < r["queries"] for r in rows):
        print("注：大规模时全量扫描很慢，只对部分查询（均匀抽取）做扫描和召回比较；索引耗时基于全部查询。")
    print("召回@5：扫描前 5 名中被索引前 5 名覆盖的比例，分数相同的结果视为等价。CPU 为本线程 CPU 时间，机器繁忙时比墙钟稳定。")
    if args.json:
        meta = {"python": platform.python_version(), "machine": platform.machine(), "seed": args.seed}
        args.json.write_text(json.dumps({"meta": meta, "results": rows}, ensure_ascii=False, indent=2), "utf-8")
    return 0


def main_long(args) -> int:
    from graph.lookup.text_index import TextIndex

    rows = []
    for size in args.sizes:
        n_ex = args.scan_queries or (50 if size <= 100_000 else 10)
        for row in run_long(size, args.queries, n_ex, args.seed, args.posting_budget or [None], args.baseline):
            rows.append(row)
            print(f"{size:>9,} 条  {row['candidates']}  posting_budget {row['posting_budget']}  构建 {row['build_s']:.1f}s  "
                  f"中位 {row['median_ms']:.2f}ms  p99 {row['p99_ms']:.2f}ms  CPU中位 {row['cpu_median_ms']:.2f}ms  "
                  f"全量精确评分 中位 {row['exhaustive_median_ms']:.0f}ms  召回@5 {row['recall_at_5']:.4f}  "
                  f"top1一致 {row['top1_agreement']:.3f}", file=sys.stderr, flush=True)
    print("| 条目数 | 候选 | posting_budget | 构建(s) | 长问句中位(ms) | p99(ms) | CPU中位(ms) | 全量精确评分中位(ms) | 召回@5 | top1一致 | 查询/全量 |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['size']:,} | {r['candidates']} | {r['posting_budget']:,} | {r['build_s']:.1f} | {r['median_ms']:.2f} | {r['p99_ms']:.2f} | "
              f"{r['cpu_median_ms']:.2f} | {r['exhaustive_median_ms']:.0f} | {r['recall_at_5']:.4f} | "
              f"{r['top1_agreement']:.3f} | {r['queries']}/{r['exhaustive_queries']} |")
    print(f"例: {rows[0]['example']}")
    if args.json:
        meta = {"python": platform.python_version(), "machine": platform.machine(), "seed": args.seed, "long": True}
        args.json.write_text(json.dumps({"meta": meta, "results": rows}, ensure_ascii=False, indent=2), "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
