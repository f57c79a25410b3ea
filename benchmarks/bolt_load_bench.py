"""Loading a generated province into a Bolt server, and looking things up in it.

The province is the real list ../shared/corpus/lists/L05_广安市广安区政务服务事项_按部门.csv
(1,135 items of 广安市广安区 with their 实施主体) copied into ``--counties`` counties: per county
its departments, its items, one Source per row, HOLDS (department → item, with role and
source) and FROM_SOURCE (item → row). A "row" is one node or one edge.

Measured in the same run on each server of ``--servers`` (default: ArcadeDB and the real
Neo4j 5 of tests/neo4j_harness.py, one after the other, each started here as in the tests),
or on the one Bolt server ``--uri`` names:
- batched load: Neo4jStore with UNWIND batches of ``--batch`` rows, constraint and indexes,
  into an emptied graph ``--repeat`` times (the median is the figure: the machine is shared);
- naive load: the same store with one row per transaction, over the first ``--naive-rows``
  rows (it is too slow for the whole province);
- lookups: get_node, edges_from (a department, an item), find_nodes (label + one property)
  over Bolt against the embedded store holding the same graph; medians and ratios;
- who-handles: the library call (catalog built from the store once, then per question the
  project's answer index and the holders read over Bolt) on the Bolt store against the
  embedded one, on questions made from L05's names as people type them
  (benchmarks/lookup_bench.make_queries, fixed seed);
- Neo4j only: its full-text index (Lucene, ``cjk`` analyzer: CJK bigrams) over the item
  names against the project's own lookup, on the same questions: top-1 / top-5 hits of the
  name the question was made from, and medians. Nothing was tuned on these questions (no
  parameter of either index is set from them).

    flock /work/cache/heavy.lock .venv/bin/python benchmarks/bolt_load_bench.py   # 20 counties ≈ 92k rows
    .venv/bin/python benchmarks/bolt_load_bench.py --servers neo4j --counties 100 --json out/bolt.json
"""
from __future__ import annotations

import argparse
import csv
import json
import random
import re
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests"), str(REPO / "benchmarks")]

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


def who_handles_latency(bolt, emb, questions, regions, rng: random.Random) -> dict:
    """who_handles medians on the same questions: Bolt store against the embedded one.

    The answer index (graph.lookup.answer_index) is built once per store, as a server does;
    each question then reads its items and holders from the store. Also counts how often the
    top answer's (and any of the top five's) matched item is the name the question was made
    from, for the comparison with Neo4j's full-text index.
    """
    from graph.lookup import answer_index
    from graph.lookup.who_handles import who_handles

    out: dict = {}
    answers = {}
    picks = [(q, rng.choice(regions)) for _, q, _ in questions]
    for name, store in (("bolt", bolt), ("embedded", emb)):
        t = time.perf_counter()
        index = answer_index.build(store)
        out[f"{name}_index_s"] = round(time.perf_counter() - t, 2)
        for q, region in picks[:5]:
            who_handles(store, q, region, index=index)
        times, got = [], []
        for q, region in picks:
            t = time.perf_counter()
            answer = who_handles(store, q, region, index=index)
            times.append(time.perf_counter() - t)
            got.append([(c.department_id, c.item_id, c.role, c.matched_item) for c in answer.results])
        out[f"{name}_ms"] = round(statistics.median(times) * 1000, 3)
        answers[name] = got
    out["ratio"] = round(out["bolt_ms"] / out["embedded_ms"], 1)
    out["same_answers"] = sum(a == b for a, b in zip(answers["bolt"], answers["embedded"]))
    out["questions"] = len(questions)
    n = len(questions)
    top = [[m for *_, m in got][:5] for got in answers["bolt"]]
    out["own_top1"] = round(sum(bool(t) and t[0] == src for t, (_, _, src) in zip(top, questions)) / n, 3)
    out["own_top5"] = round(sum(src in t for t, (_, _, src) in zip(top, questions)) / n, 3)
    return out


_LUCENE_SPECIAL = re.compile(r'([+\-&|!(){}\[\]^"~*?:\\/])')


def fulltext_lookup(store, questions, analyzer: str = "cjk") -> dict:
    """Neo4j's full-text index over PowerItem names: top-1 / top-5 hits and latency."""
    index = f"dutygraph_bench_fulltext_{analyzer.replace('-', '_')}"
    with store.driver.session(database=store.database) as s:
        s.run(f"DROP INDEX {index} IF EXISTS").consume()
        t = time.perf_counter()
        s.run(f"CREATE FULLTEXT INDEX {index} FOR (n:PowerItem) ON EACH [n.name] "
              "OPTIONS {indexConfig: {`fulltext.analyzer`: $analyzer}}", analyzer=analyzer).consume()
        s.run("CALL db.awaitIndexes(600)").consume()
        built = time.perf_counter() - t
        query = ("CALL db.index.fulltext.queryNodes($index, $q, {limit: 5}) YIELD node, score "
                 "RETURN node.name AS name")
        times, hits, empty = [], [0, 0], 0
        for _, q, _ in questions[:5]:
            s.run(query, index=index, q=_LUCENE_SPECIAL.sub(r"\\\1", q)).consume()
        for _, q, source in questions:
            t = time.perf_counter()
            names = [r["name"] for r in s.run(query, index=index, q=_LUCENE_SPECIAL.sub(r"\\\1", q))]
            times.append(time.perf_counter() - t)
            empty += not names
            hits[0] += bool(names) and names[0] == source
            hits[1] += source in names
        s.run(f"DROP INDEX {index} IF EXISTS").consume()
    n = len(questions)
    return {"analyzer": analyzer, "questions": n, "build_s": round(built, 2), "top1": round(hits[0] / n, 3),
            "top5": round(hits[1] / n, 3), "no_result": empty, "median_ms": round(statistics.median(times) * 1000, 3)}


def measure(store, nodes, edges, opts, questions) -> dict:
    """Every figure of one Bolt server (see the module's docstring)."""
    rows = len(nodes) + len(edges)
    result: dict = {"server": store.description}
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
    regions = sorted({r.props["region"] for r in nodes if r.label == "Department"})
    wh = result["who_handles"] = who_handles_latency(store, emb, questions, regions, random.Random(7))
    print(f"who-handles 中位数（{wh['questions']} 问）: Bolt {wh['bolt_ms']} ms / 内嵌 {wh['embedded_ms']} ms = "
          f"{wh['ratio']}×；答案相同 {wh['same_answers']}/{wh['questions']}；索引构建 Bolt {wh['bolt_index_s']} s"
          f" / 内嵌 {wh['embedded_index_s']} s；命中原名 top1 {wh['own_top1']} top5 {wh['own_top5']}", flush=True)
    if store.dialect.fulltext_procedures:  # Neo4j only (cypher_dialect 13)
        ft = result["fulltext"] = fulltext_lookup(store, questions)
        print(f"Neo4j 全文索引（{ft['analyzer']}，建 {ft['build_s']} s）: top1 {ft['top1']} top5 {ft['top5']} "
              f"无结果 {ft['no_result']}，中位 {ft['median_ms']} ms（Bolt 往返）", flush=True)
    return result


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--counties", type=int, default=20)
    ap.add_argument("--batch", type=int, default=5000)
    ap.add_argument("--naive-rows", type=int, default=1500)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--questions", type=int, default=200, help="who-handles and full-text questions")
    ap.add_argument("--warmup-counties", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=3, help="batched loads into an emptied graph; the median counts")
    ap.add_argument("--servers", default="arcadedb,neo4j", help="servers started here, in this order")
    ap.add_argument("--uri", help="an existing Bolt server instead (NEO4J_USER/PASSWORD/DATABASE apply)")
    ap.add_argument("--json", type=Path)
    opts = ap.parse_args(argv)

    from lookup_bench import make_queries

    t = time.perf_counter()
    nodes, edges = province(opts.counties)
    rows = len(nodes) + len(edges)
    print(f"省级图: {opts.counties} 个县 × 1,135 事项 → {len(nodes):,} 节点 + {len(edges):,} 边 = {rows:,} 行"
          f"（生成 {time.perf_counter() - t:.1f} s）", flush=True)
    names = sorted({r.props["name"] for r in nodes if r.label == "PowerItem"})
    questions = [(kind, q, names[src]) for kind, q, src in make_queries(names, opts.questions, random.Random(11))]

    result: dict = {"counties": opts.counties, "nodes": len(nodes), "edges": len(edges), "rows": rows,
                    "batch": opts.batch, "servers": {}}
    if opts.uri:
        with Neo4jStore.from_uri(opts.uri, batch_size=opts.batch) as store:
            result["servers"][store.dialect.name] = measure(store, nodes, edges, opts, questions)
    for kind in filter(None, opts.servers.split(",") if not opts.uri else []):
        server = _start(kind)
        try:
            print(f"== {kind}", flush=True)
            with Neo4jStore.from_uri(server.uri, user=server.user, password=server.password,
                                     database=server.database, batch_size=opts.batch) as store:
                result["servers"][store.dialect.name] = r = measure(store, nodes, edges, opts, questions)
                r["version"] = store.driver.get_server_info().agent
        finally:
            server.cleanup()
    if opts.json:
        opts.json.parent.mkdir(parents=True, exist_ok=True)
        opts.json.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    return result


def _start(kind: str):
    if kind == "arcadedb":
        from bolt_server import BoltServer

        return BoltServer(database="bench").start()
    if kind == "neo4j":
        from neo4j_harness import Neo4jServer

        return Neo4jServer(heap="2g", page_cache="1g").start()
    raise SystemExit(f"未知的服务器 {kind!r}（arcadedb 或 neo4j）")


if __name__ == "__main__":
    main()
