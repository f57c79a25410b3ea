"""Ingest speed of this checkout against a baseline checkout, in the same run, alternating.

    python benchmarks/big_list.py --rows 1000000 --out /work/cache/l05-1m.csv
    git archive <commit> | tar -x -C /work/cache/base          # the baseline's code
    flock /work/cache/heavy.lock python benchmarks/ingest_ab_bench.py --baseline /work/cache/base \\
        --list /work/cache/l05-1m.csv --province /work/cache/province-520.db --laws --repeat 3

Three measurements, each one whole ``dutygraph ingest`` process as a user runs it, the two
checkouts taking turns (A B, then B A, …) so that both meet the same machine load:

* ``list``: a big list (``big_list.py``) into a fresh database — rows per second;
* ``add_l05``: L05 (1,135 rows) added to a copy of the generated province;
* ``laws``: the 47 laws and 1,006 local regulations of the corpus into a fresh database.

Every run's counts (rows read/loaded/quarantined per file; nodes and edges of the file by label
and type) must be the same for both checkouts, else the benchmark stops: a faster import that
writes another graph is not faster (``--counts-may-differ laws`` when the baseline's clause reader
is another version: the differences are printed). Wall time (median), CPU time of the process (user + system,
median) and peak RSS (max) are printed, with the ratio baseline / this checkout.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
L05_NAME = "L05_广安市广安区政务服务事项_按部门.csv"   # read from --corpus/lists


def run_timed(code: Path, argv: list[str]) -> dict:
    """Wall, CPU (user + system of the child) and peak RSS of one process."""
    env = {**os.environ, "PYTHONPATH": str(code)}
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "api.cli", *argv], cwd=code, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = proc.stdout.read()
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    code_ = os.waitstatus_to_exitcode(status)
    if code_ not in (0, 1):
        raise SystemExit(f"{code}: {' '.join(argv)} 失败（{code_}）: {err.decode('utf-8', 'replace')[-800:]}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_mib": usage.ru_maxrss / 1024,
            "report": json.loads(out)}


def graph_counts(db: Path, since_nodes: int = 0, since_edges: int = 0) -> dict:
    """Nodes by label and edges by type (those added after the given rowids)."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        nodes = dict(conn.execute("SELECT label, count(*) FROM nodes WHERE rowid > ? GROUP BY label",
                                  (since_nodes,)).fetchall())
        edges = dict(conn.execute("SELECT rel, count(*) FROM edges WHERE rowid > ? GROUP BY rel",
                                  (since_edges,)).fetchall())
    finally:
        conn.close()
    return {"nodes": nodes, "edges": edges}


def graph_digest(db: Path) -> str:
    """SHA-256 over every node (id, label, properties as stored) and every edge (src, rel, dst,
    key, properties), in id order, without import times: two imports of one file into fresh
    databases have the same digest exactly when they wrote the same graph."""
    import hashlib

    h = hashlib.sha256()
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        for sql in ("SELECT id, label, json_remove(props, '$.imported_at') FROM nodes ORDER BY id",
                    "SELECT src, rel, dst, key, props FROM edges ORDER BY src, rel, dst, key"):
            for row in conn.execute(sql):
                h.update("\x1f".join(row).encode("utf-8"))
                h.update(b"\x1e")
    finally:
        conn.close()
    return h.hexdigest()


def max_rowids(db: Path) -> tuple[int, int]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return (conn.execute("SELECT max(rowid) FROM nodes").fetchone()[0] or 0,
                conn.execute("SELECT max(rowid) FROM edges").fetchone()[0] or 0)
    finally:
        conn.close()


def report_counts(report: dict) -> list:
    return [(Path(f["path"]).name, f["status"], f["rows_read"], f["rows_loaded"], f["rows_quarantined"],
             f["unresolved"], bool(f["error"])) for f in report["files"]]


def one(code: Path, work: Path, what: str, args: argparse.Namespace, digest: bool = False) -> dict:
    db = work / "g.db"
    for p in work.glob("g.db*"):
        p.unlink()
    since = (0, 0)
    if what == "list":
        argv = ["--db", str(db), "ingest", str(args.list), "--region", args.region, "--json"]
    elif what == "add_l05":
        shutil.copyfile(args.province, db)
        since = max_rowids(db)
        argv = ["--db", str(db), "ingest", str(args.corpus / "lists" / L05_NAME), "--json"]
    else:
        argv = ["--db", str(db), "ingest", str(args.corpus / "laws"), str(args.corpus / "local_laws"), "--json"]
    r = run_timed(code, argv)
    r["counts"] = {"report": report_counts(r.pop("report")), "graph": graph_counts(db, *since)}
    if digest:
        r["digest"] = graph_digest(db)
    for p in work.glob("g.db*"):
        p.unlink()
    return r


def main() -> int:
    ap = argparse.ArgumentParser(description="导入速度：本代码与基线代码同场交替测量")
    ap.add_argument("--baseline", type=Path, required=True, help="基线代码目录（git archive 解出）")
    ap.add_argument("--list", type=Path, help="big_list.py 生成的大清单")
    ap.add_argument("--region", default="511602")
    ap.add_argument("--province", type=Path, help="province.py --db 生成的省级图（只读，复制后写入）")
    ap.add_argument("--laws", action="store_true", help="测量全部法律与地方性法规的导入")
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()))
    ap.add_argument("--only", choices=("both", "baseline", "this"), default="both")
    ap.add_argument("--no-digest", dest="digest", action="store_false",
                    help="不比较两份代码写入的整张图（默认比较 list 的第一轮）")
    ap.add_argument("--counts-may-differ", default="", help="逗号分隔（如 laws）：基线的读取器版本不同，计数差异只报告不中止")
    args = ap.parse_args()
    codes = {"baseline": args.baseline.resolve(), "this": REPO}
    if args.only != "both":
        codes = {args.only: codes[args.only]}
    whats = [w for w, on in (("list", args.list), ("add_l05", args.province), ("laws", args.laws)) if on]
    work = Path(tempfile.mkdtemp(prefix="ingest-ab-", dir=args.work))
    summary: dict = {}
    try:
        for what in whats:
            runs: dict[str, list[dict]] = {k: [] for k in codes}
            for k in range(args.repeat):
                order = list(codes) if k % 2 == 0 else list(reversed(codes))
                for name in order:
                    # The first list run of each checkout: is the whole graph the same, not only its counts?
                    r = one(codes[name], work, what, args, digest=what == "list" and k == 0 and args.digest)
                    runs[name].append(r)
                    print(f"{what:8s} {name:8s} wall {r['wall']:7.2f} s  cpu {r['cpu']:7.2f} s  "
                          f"rss {r['rss_mib']:6.0f} MiB  load {os.getloadavg()[0]:.1f}", flush=True)
            counts = {name: rs[0]["counts"] for name, rs in runs.items()}
            digests = {name: r["digest"] for name, rs in runs.items() for r in rs if "digest" in r}
            if digests:
                print(f"{what} graph digest: {json.dumps(digests)}", flush=True)
                if len(set(digests.values())) > 1:
                    raise SystemExit(f"{what}: 两份代码写入的图不同（节点、边或属性）: {digests}")
            for name, rs in runs.items():
                for r in rs[1:]:
                    if r["counts"] != rs[0]["counts"]:
                        raise SystemExit(f"{what}: {name} 的两次运行计数不同")
            if len(counts) == 2 and counts["baseline"] != counts["this"]:
                diff = {name: {k: v for k, v in c["graph"]["nodes"].items()
                               if counts["baseline" if name == "this" else "this"]["graph"]["nodes"].get(k) != v}
                        for name, c in counts.items()}
                if what not in args.counts_may_differ.split(","):
                    raise SystemExit(f"{what}: 两份代码的计数不同:\n{json.dumps(counts, ensure_ascii=False)[:3000]}")
                print(f"{what}: 计数不同（基线是另一版本的读取器）: {json.dumps(diff, ensure_ascii=False)}", flush=True)
            rows = sum(f[3] for f in next(iter(counts.values()))["report"])
            line = {}
            for name, rs in runs.items():
                wall = statistics.median(r["wall"] for r in rs)
                cpu = statistics.median(r["cpu"] for r in rs)
                line[name] = {"wall_s": round(wall, 2), "cpu_s": round(cpu, 2),
                              "peak_rss_mib": round(max(r["rss_mib"] for r in rs)),
                              "rows_loaded": rows, "rows_per_s_wall": round(rows / wall),
                              "rows_per_s_cpu": round(rows / cpu)}
            if len(line) == 2:
                line["ratio_wall"] = round(line["baseline"]["wall_s"] / line["this"]["wall_s"], 2)
                line["ratio_cpu"] = round(line["baseline"]["cpu_s"] / line["this"]["cpu_s"], 2)
            line["graph"] = next(iter(counts.values()))["graph"]
            summary[what] = line
            print(what, json.dumps({k: v for k, v in line.items() if k != "graph"}, ensure_ascii=False), flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(summary, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
