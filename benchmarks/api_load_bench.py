"""Load benchmark of GET /api/who-handles: requests per second and p50/p99 latency.

    .venv/bin/python benchmarks/api_load_bench.py                  # L05 graph, built in a temp dir
    .venv/bin/python benchmarks/api_load_bench.py --db province.graph.json --duration 20
    .venv/bin/python benchmarks/api_load_bench.py --province-counties 520   # ≈ 1M items, generated once

Starts the API as `dutygraph serve` does (uvicorn, one worker, embedded graph) in a child
process bound to 127.0.0.1 only, then drives it from this process with a few keep-alive
connections over raw HTTP/1.1 (a Python HTTP client would be the bottleneck, not the server).
Bounded by --duration seconds and --max-requests.

Runs (``--modes``; by default hot and cold, plus distinct on a generated province):
- ``hot``: the answer cache on, a mix of colloquial questions a hotline asks again and again;
- ``cold``: the answer cache off, so every request runs the fuzzy lookup (the lookup's own cost);
- ``distinct``: the answer cache on but no request repeats (item names as people type them, a
  character dropped or a filler added, against a random county): every request is a miss.

``--province-counties N`` generates a province of N counties (benchmarks/province.py, about
1,917 items per county) into an embedded graph file cached under the temp folder, keyed by N
and the seed, and serves that; the questions then go to the province's own counties.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
L05 = REPO.parent / "shared" / "corpus" / "lists" / "L05_广安市广安区政务服务事项_按部门.csv"

# What people ask a hotline, in their words (not item names).
QUESTIONS = [
    "养狗要办什么证", "食品经营许可", "开饭店要办什么", "办营业执照", "出生登记", "新生儿落户", "残疾人证办理",
    "建筑工程施工许可", "占道经营", "燃气经营许可", "身份证丢了补办", "结婚登记", "开药店", "医师执业注册",
    "道路运输经营许可", "网约车运输证", "河道采砂", "林木采伐许可", "烟花爆竹经营", "特种设备使用登记",
    "户外广告设置", "城市道路挖掘", "排水许可", "民办学校设立", "教师资格认定", "社会团体登记", "最低生活保障",
    "临时救助", "高龄津贴", "退役军人优待证", "危险化学品经营许可", "娱乐场所经营许可", "药品零售",
    "医疗机构执业登记", "动物防疫条件合格证", "农药经营许可", "取水许可", "采矿许可", "建设用地规划许可",
    "不动产登记",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_l05(folder: Path) -> str:
    from graph.embedded import EmbeddedStore
    from ingest.dispatch import ingest_paths

    path = folder / "l05.graph.json"
    store = EmbeddedStore(path)
    report = ingest_paths(store, [L05])
    store.save()
    print(f"建图: L05 读取 {report.rows_read} 行，导入 {report.rows_loaded} 行 → {path}", file=sys.stderr)
    return str(path)


def province_file(counties: int, seed: int = 0) -> Path:
    """The generated province of ``counties`` counties as an embedded graph file, generated once.

    Cached as <tmp>/dutygraph-bench/province-<N>-seed<S>.graph.json; later runs reuse it.
    """
    path = Path(tempfile.gettempdir()) / "dutygraph-bench" / f"province-{counties}-seed{seed}.graph.json"
    if path.exists():
        print(f"省级测试图: 使用已生成的 {path}", file=sys.stderr)
        return path
    from benchmarks.province import generate_province
    from graph.embedded import EmbeddedStore

    t = time.perf_counter()
    store = EmbeddedStore(path)
    stats = generate_province(store, counties, seed=seed, with_laws=True)
    store.save()  # written to a temporary file and renamed: a half-written graph is never reused
    print(f"省级测试图: {counties} 个县，{stats['items']:,} 项事项，生成并保存用时 "
          f"{time.perf_counter() - t:.0f} s → {path}", file=sys.stderr)
    return path


def province_regions(counties: int) -> list[str]:
    """County codes of the generated province (benchmarks/province.py: 99 + city + number, 45 per city)."""
    return [f"99{i // 45 + 1:02d}{i % 45 + 1:02d}" for i in range(counties)]


def l05_names() -> list[str]:
    """The 1,135 item names the generated counties copy (with qualifiers) from L05."""
    import csv

    with open(L05, encoding="utf-8-sig", newline="") as fh:
        return sorted({row["事项名称"] for row in csv.DictReader(fh) if row.get("事项名称")})


FILLERS = ("", "", "怎么办理", "在哪里办", "需要什么材料", "要去哪个部门", "多久能办好", "咨询")


def distinct_queries(regions: list[str], n: int, seed: int = 1) -> list[tuple[str, str]]:
    """``n`` different (query, region) pairs, as people type them: an item name or a hotline
    question, sometimes shortened or with a character dropped, often with a filler, for a county."""
    rng = random.Random(seed)
    names = l05_names() + QUESTIONS
    out: dict[tuple[str, str], None] = {}
    while len(out) < n:
        q = rng.choice(names)
        r = rng.random()
        if r < 0.3 and len(q) > 4:
            i = rng.randrange(len(q))
            q = q[:i] + q[i + 1:]
        elif r < 0.45 and len(q) > 6:
            start = rng.randrange(len(q) - 4)
            q = q[start:start + rng.randint(4, len(q) - start)]
        q += rng.choice(FILLERS)
        out[(q, rng.choice(regions))] = None
    return list(out)


def start_server(db: str, port: int, cache: int) -> subprocess.Popen:
    code = ("import sys; from api.serve import serve; "
            f"serve({db!r}, '127.0.0.1', {port}, None, answer_cache={cache}, log_level='warning')")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("DUTYGRAPH_TOKEN", None)
    return subprocess.Popen([sys.executable, "-c", code], env=env, cwd=REPO)


async def _request(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, target: bytes) -> int:
    writer.write(b"GET " + target + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n\r\n")
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length = 0
    for line in head.split(b"\r\n"):
        if line[:15].lower() == b"content-length:":
            length = int(line[15:])
    await reader.readexactly(length)
    return status


async def wait_ready(port: int, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            status = await _request(reader, writer, b"/readyz")
            writer.close()
            if status == 200:
                return
        except OSError:
            pass
        await asyncio.sleep(0.2)
    raise SystemExit("服务器未能在规定时间内就绪")


async def warm(port: int, targets: list[bytes]) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    for target in targets:
        await _request(reader, writer, target)
    writer.close()


async def drive(port: int, targets: list[bytes], connections: int, duration: float, max_requests: int,
                distinct: bool = False) -> tuple[list[float], int, float]:
    """Send requests over ``connections`` keep-alive connections until the time or count runs out.

    ``distinct``: each target is sent once, in order (no repeats); otherwise chosen at random.
    """
    latencies: list[float] = []
    errors = 0
    stop_at = time.perf_counter() + duration
    sent = 0
    queue = iter(targets)

    async def worker(seed: int) -> None:
        nonlocal errors, sent
        rng = random.Random(seed)
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while sent < max_requests and time.perf_counter() < stop_at:
                target = next(queue, None) if distinct else rng.choice(targets)
                if target is None:
                    break
                sent += 1
                t0 = time.perf_counter()
                status = await _request(reader, writer, target)
                latencies.append(time.perf_counter() - t0)
                if status != 200:
                    errors += 1
        finally:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker(i) for i in range(connections)))
    return latencies, errors, time.perf_counter() - started


def pct(sorted_values: list[float], p: float) -> float:
    return sorted_values[min(len(sorted_values) - 1, int(p / 100 * len(sorted_values)))]


def _target(q: str, region: str) -> bytes:
    return ("/api/who-handles?" + urlencode({"q": q, "region": region, "limit": 10} if region
                                            else {"q": q, "limit": 10})).encode()


def hotline_targets(args: argparse.Namespace) -> list[bytes]:
    """The hotline mix: every question for each of a few regions (all of them fit the answer cache)."""
    return [_target(q, region) for region in args.regions for q in QUESTIONS]


def measure(port: int, mode: str, args: argparse.Namespace) -> dict:
    if mode == "distinct":
        # More distinct requests than the run can send, so that none repeats.
        n = min(args.max_requests, int(args.duration * args.distinct_rate))
        targets = [_target(q, r) for q, r in distinct_queries(args.all_regions, n)]
        latencies, errors, elapsed = asyncio.run(
            drive(port, targets, args.connections, args.duration, args.max_requests, distinct=True))
        if len(latencies) >= len(targets):
            print(f"注意: distinct 轮用完了全部 {len(targets)} 个不同请求（加大 --distinct-rate）", file=sys.stderr)
    else:
        targets = hotline_targets(args)
        # Warm up: the hot run fills the cache (the index is built before the first mode runs).
        asyncio.run(warm(port, targets))
        latencies, errors, elapsed = asyncio.run(
            drive(port, targets, args.connections, args.duration, args.max_requests))
    latencies.sort()
    return {
        "mode": mode, "requests": len(latencies), "errors": errors, "seconds": round(elapsed, 2),
        "requests_per_s": round(len(latencies) / elapsed, 1),
        "p50_ms": round(pct(latencies, 50) * 1000, 2), "p99_ms": round(pct(latencies, 99) * 1000, 2),
        "mean_ms": round(statistics.fmean(latencies) * 1000, 2), "max_ms": round(latencies[-1] * 1000, 2),
        "connections": args.connections, "distinct_targets": len(set(targets)),
    }


def run_server(db: str, modes: list[str], cache: int, args: argparse.Namespace) -> list[dict]:
    """One server (one uvicorn worker) for the modes that share its answer-cache setting."""
    port = free_port()
    server = start_server(db, port, cache=cache)
    try:
        t = time.perf_counter()
        asyncio.run(wait_ready(port, args.ready_timeout))
        loaded = time.perf_counter() - t
        # The lookup index is built on the first lookup; leave that out of every measured run.
        t = time.perf_counter()
        asyncio.run(warm(port, [_target("营业执照", args.regions[0] if args.regions else "")]))
        print(f"服务器就绪（answer_cache={cache}）：载入图 {loaded:.1f} s，首次查询（建索引）"
              f"{time.perf_counter() - t:.1f} s", file=sys.stderr)
        results = [measure(port, mode, args) for mode in modes]
        if args.analyses and cache:
            results += probe_analyses(port, args)
        return results
    finally:
        server.terminate()
        server.wait(timeout=60)


def probe_analyses(port: int, args: argparse.Namespace) -> list[dict]:
    """Each region-wide analysis for one county: the first request runs it, the second is served
    from the API's analysis cache (until the next write)."""
    import http.client

    region = args.all_regions[0]
    out = []
    for path, params in (("/api/gaps", {"region": region}), ("/api/overlaps", {"region": region}),
                         ("/api/linkage", {"region": region}), ("/api/compare", {"region": region}),
                         ("/api/dossier", {"topic": "违法建筑", "region": region}),
                         ("/api/impact", {"law": "食品安全法"})):
        times, status = [], 0
        for _ in range(2):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=args.analysis_timeout)
            t = time.perf_counter()
            conn.request("GET", path + "?" + urlencode({**params, "limit": 100}))
            response = conn.getresponse()
            response.read()
            times.append(time.perf_counter() - t)
            status = response.status
            conn.close()
        out.append({"mode": "analysis", "path": path, "params": params, "status": status,
                    "first_ms": round(times[0] * 1000, 1), "cached_ms": round(times[1] * 1000, 2)})
    return out


def run(db: str, mode: str, args: argparse.Namespace) -> dict:
    """One mode on a server of its own (kept for callers of the first version)."""
    return run_server(db, [mode], 0 if mode == "cold" else 4096, args)[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="who-handles 接口压力测试（仅 127.0.0.1）")
    parser.add_argument("--db", help="图文件（默认: 临时构建 L05 广安区图）")
    parser.add_argument("--province-counties", type=int, default=0, metavar="N",
                        help="改用 N 个县的生成省份（约 1,917 项/县；520 个约 100 万项），生成一次后缓存在临时目录")
    parser.add_argument("--province-seed", type=int, default=0, help="生成省份的随机种子（默认 0）")
    parser.add_argument("--region", default=None,
                        help="热线组合所带的地区（默认: L05 为 511602，省份为 10 个县；空串表示不限）")
    parser.add_argument("--duration", type=float, default=10.0, help="每轮秒数上限（默认 10）")
    parser.add_argument("--max-requests", type=int, default=200_000, help="每轮请求数上限")
    parser.add_argument("--connections", type=int, default=8, help="并发连接数（默认 8）")
    parser.add_argument("--modes", nargs="+", default=None, choices=["hot", "cold", "distinct"],
                        help="默认 hot cold；省份另加 distinct")
    parser.add_argument("--distinct-rate", type=float, default=3000.0,
                        help="distinct 轮每秒准备多少个不同请求（默认 3000，应高于实测吞吐）")
    parser.add_argument("--ready-timeout", type=float, default=None, help="等待服务器就绪的秒数")
    parser.add_argument("--analyses", action="store_true",
                        help="另测各区域分析（空白、交叉、联动、比较、卷宗、影响）首次与缓存后的耗时")
    parser.add_argument("--analysis-timeout", type=float, default=900.0, help="每个分析请求的超时秒数")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    args = parser.parse_args(argv)
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    province = args.province_counties
    if province:
        args.all_regions = province_regions(province)
        step = max(1, len(args.all_regions) // 10)
        args.regions = [args.region] if args.region is not None else args.all_regions[::step][:10]
    else:
        args.all_regions = [args.region if args.region is not None else "511602"]
        args.regions = list(args.all_regions)
    modes = args.modes or (["hot", "distinct", "cold"] if province else ["hot", "cold"])
    if args.ready_timeout is None:
        args.ready_timeout = 1800.0 if province else 120.0
    with tempfile.TemporaryDirectory(prefix="dutygraph-bench-") as tmp:
        if province:
            db = str(province_file(province, args.province_seed))
        else:
            db = args.db or build_l05(Path(tmp))
        results: list[dict] = []
        cached = [m for m in modes if m != "cold"]
        if cached:
            results += run_server(db, cached, 4096, args)
        if "cold" in modes:
            results += run_server(db, ["cold"], 0, args)
    analyses = [r for r in results if r["mode"] == "analysis"]
    results = sorted((r for r in results if r["mode"] != "analysis"), key=lambda r: modes.index(r["mode"]))
    load = os.getloadavg()
    if args.json:
        print(json.dumps({"db": db, "load_average": load, "results": results, "analyses": analyses},
                         ensure_ascii=False, indent=2))
    else:
        print(f"图: {db}；负载 {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}（{os.cpu_count()} 核）")
        for r in results:
            print(f"{r['mode']:>8}: {r['requests']} 次请求 / {r['seconds']} s = {r['requests_per_s']} req/s；"
                  f"p50 {r['p50_ms']} ms，p99 {r['p99_ms']} ms，最大 {r['max_ms']} ms；"
                  f"错误 {r['errors']}；{r['connections']} 个连接；{r['distinct_targets']} 种请求")
        for r in analyses:
            print(f"{r['path']:>14} {r['params']}: HTTP {r['status']}，首次 {r['first_ms']} ms，缓存后 {r['cached_ms']} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
