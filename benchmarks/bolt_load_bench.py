"""Loading a generated province into a Bolt server, and looking things up in it.

The province is the real list ../shared/corpus/lists/L05_广安市广安区政务服务事项_按部门.csv
(1,135 items of 广安市广安区 with their 实施主体) copied into ``--counties`` counties: per county
its departments, its items, one Source per row, HOLDS (department → item, with role and
source) and FROM_SOURCE (item → row). A "row" is one node or one edge.

Measured in the same run, against the same ArcadeDB server (started here, as in the tests,
unless ``--uri`` names another Bolt server):
- batched load: Neo4jStore with UNWIND batches of ``--batch`` rows, constraint and indexes,
  into an emptied graph ``--repeat`` times (the median is the figure: the machine is shared);
- naive load: the same store with one row per transaction, over the first ``--naive-rows``
  rows (it is too slow for the whole province);
- lookups: get_node, edges_from (a department, an item), find_nodes (label + one property)
  over Bolt against the embedded store holding the same graph; medians and ratios.

    .venv/bin/python benchmarks/bolt_load_bench.py                     # 20 counties ≈ 92k rows
    .venv/bin/python benchmarks/bolt_load_bench.py --counties 100 --json out/bolt.json
"""
from __future__ import annotations

import argparse
import csv
import json
import random
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from graph.embedded import EmbeddedStore  # noqa: E402
from graph.model import Department, PowerItem, Rel, Source, edge, stable_id, to_record  # noqa: E402
from graph.neo4j_store import Neo4jStore  # noqa: E402

L05 = REPO.parent / "shared" / "corpus" / "lists" / "L05_广安市广安区政务服务事项_按部门.csv"


def province(counties: int):
    """Nodes and edges of ``counties`` copies of L05, each under its own region code."""
    with open(L05, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    nodes, edges = [], []
    for c in range(counties):
        region = f"51{1600 + c:04d}"
        depts: dict[str, str] = {}
        for line, row in enumerate(rows, start=2):
            name = row["实施主体"]
            if name not in depts:
                d = Department(id=stable_id("dept", region, name), name=name, region=region, aliases=[name],
                               in_roster=True)
                depts[name] = d.id
                nodes.append(to_record(d))
            src = Source.for_row(L05.name, f"第 {line} 行", f"{region}|{row['事项编码']}|{row['事项名称']}",
                                 f"ver:{region}", "2026-01-01T00:00:00+00:00")
            item = PowerItem(id=stable_id("power", region, row["事项编码"], row["事项名称"]), name=row["事项名称"],
                             region=region, dataset=L05.name, power_type=row["事项类型"], code=row["事项编码"],
                             base_code=row["事项编码"].split("-")[0], group=row["事项分组"], department_text=name)
            nodes += [to_record(src), to_record(item)]
            edges += [edge(depts[name], Rel.HOLDS, item.id, source=src.id, role="lead"),
                      edge(item.id, Rel.FROM_SOURCE, src.id)]
    return nodes, edges


def timed_load(store, nodes, edges) -> float:
    t = time.perf_counter()
    store.upsert_nodes(nodes)
    store.upsert_edges(edges)
    return time.perf_counter() - t


def naive_sample(nodes, edges, n: int):
    """The first ``n`` rows of a load that still makes sense: edges only between loaded nodes."""
    sub_nodes = nodes[: n * 2 // 3]
    ids = {r.id for r in sub_nodes}
    sub_edges = [e for e in edges if e.src in ids and e.dst in ids][: n - len(sub_nodes)]
    return sub_nodes, sub_edges


def medians(fn, args_list) -> float:
    times = []
    for args in args_list:
        t = time.perf_counter()
        fn(*args)
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def lookup_latency(bolt, emb, nodes, queries: int, rng: random.Random) -> dict:
    items = [r for r in nodes if r.label == "PowerItem"]
    depts = [r for r in nodes if r.label == "Department"]
    picks = [rng.choice(items) for _ in range(queries)]
    dpicks = [rng.choice(depts) for _ in range(queries)]
    cases = {
        "get_node(item)": (lambda s, r: s.get_node(r.id), picks),
        "edges_from(department, HOLDS)": (lambda s, r: s.edges_from(r.id, "HOLDS"), dpicks),
        "edges_from(item)": (lambda s, r: s.edges_from(r.id), picks),
        "edges_to(item, HOLDS)": (lambda s, r: s.edges_to(r.id, "HOLDS"), picks),
        "find_nodes(PowerItem, code)": (lambda s, r: s.find_nodes("PowerItem", code=r.props["code"]), picks),
        "find_nodes(Department, region+name)": (
            lambda s, r: s.find_nodes("Department", region=r.props["region"], name=r.props["name"]), dpicks),
    }
    out = {}
    for name, (fn, recs) in cases.items():
        for r in recs[:5]:  # warm up the plans and the JIT
            fn(bolt, r)
        b = medians(lambda r: fn(bolt, r), [(r,) for r in recs])
        e = medians(lambda r: fn(emb, r), [(r,) for r in recs])
        out[name] = {"bolt_ms": round(b, 3), "embedded_ms": round(e, 4), "ratio": round(b / e, 1) if e else None}
    return out


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--counties", type=int, default=20)
    ap.add_argument("--batch", type=int, default=5000)
    ap.add_argument("--naive-rows", type=int, default=1500)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--warmup-counties", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=3, help="batched loads into an emptied graph; the median counts")
    ap.add_argument("--uri", help="an existing Bolt server (NEO4J_USER/PASSWORD/DATABASE apply); default: start ArcadeDB")
    ap.add_argument("--json", type=Path)
    opts = ap.parse_args(argv)

    t = time.perf_counter()
    nodes, edges = province(opts.counties)
    rows = len(nodes) + len(edges)
    print(f"省级图: {opts.counties} 个县 × 1,135 事项 → {len(nodes):,} 节点 + {len(edges):,} 边 = {rows:,} 行"
          f"（生成 {time.perf_counter() - t:.1f} s）", flush=True)

    server = None
    if opts.uri:
        connect = lambda db: Neo4jStore.from_uri(opts.uri, batch_size=opts.batch)  # noqa: E731
    else:
        from bolt_server import BoltServer

        server = BoltServer(database="bench").start()
        connect = lambda db: Neo4jStore.from_uri(server.uri, user="root", password=server.password,  # noqa: E731
                                                 database="bench", batch_size=opts.batch)
    result: dict = {"counties": opts.counties, "nodes": len(nodes), "edges": len(edges), "rows": rows,
                    "batch": opts.batch}
    try:
        store = connect("bench")
        result["server"] = store.description
        store.clear()
        store._ensure_schema()
        # A JVM server is measured warm: its JIT compiles the Cypher paths on a first load.
        warm_nodes, warm_edges = province(opts.warmup_counties)
        timed_load(store, warm_nodes, warm_edges)
        store.clear()

        naive_nodes, naive_edges = naive_sample(nodes, edges, opts.naive_rows)
        n_naive = len(naive_nodes) + len(naive_edges)
        store.batch_size = 1
        secs = timed_load(store, naive_nodes, naive_edges)
        result["naive"] = {"rows": n_naive, "seconds": round(secs, 2), "rows_per_s": round(n_naive / secs)}
        print(f"逐行（每行一个事务）: {n_naive:,} 行 {secs:.1f} s → {n_naive / secs:,.0f} 行/秒", flush=True)
        store.clear()

        store.batch_size = opts.batch
        runs = []
        for i in range(max(1, opts.repeat)):
            if i:
                store.clear()
            runs.append(timed_load(store, nodes, edges))
            print(f"  批量第 {i + 1} 次: {runs[-1]:.1f} s → {rows / runs[-1]:,.0f} 行/秒", flush=True)
        secs = statistics.median(runs)
        result["batched"] = {"rows": rows, "seconds": round(secs, 2), "rows_per_s": round(rows / secs),
                             "runs_rows_per_s": [round(rows / t) for t in runs]}
        print(f"批量（UNWIND {opts.batch}/批，约束+索引，{len(runs)} 次中位数）: {rows:,} 行 {secs:.1f} s → "
              f"{rows / secs:,.0f} 行/秒", flush=True)
        secs = timed_load(store, nodes, edges)
        result["batched_rerun"] = {"rows": rows, "seconds": round(secs, 2), "rows_per_s": round(rows / secs)}
        print(f"同一批量再导入一次（幂等，全部已存在）: {secs:.1f} s → {rows / secs:,.0f} 行/秒", flush=True)
        result["speedup"] = round(result["batched"]["rows_per_s"] / result["naive"]["rows_per_s"], 1)
        print(f"批量 / 逐行 = {result['speedup']}×", flush=True)

        emb = EmbeddedStore()
        emb.upsert_nodes(nodes)
        emb.upsert_edges(edges)
        result["lookups"] = lookup_latency(store, emb, nodes, opts.queries, random.Random(5))
        print(f"查询中位数（{opts.queries} 次）: Bolt ms / 内嵌 ms = 倍数")
        for name, r in result["lookups"].items():
            print(f"  {name:38s} {r['bolt_ms']:8.3f} {r['embedded_ms']:9.4f} {r['ratio']:>8}×")
        store.close()
    finally:
        if server:
            server.cleanup()
    if opts.json:
        opts.json.parent.mkdir(parents=True, exist_ok=True)
        opts.json.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    return result


if __name__ == "__main__":
    main()
