"""Load benchmark of GET /api/who-handles: requests per second and p50/p99 latency.

    .venv/bin/python benchmarks/api_load_bench.py                  # L05 graph, built in a temp dir
    .venv/bin/python benchmarks/api_load_bench.py --db province.graph.json --duration 20

Starts the API as `dutygraph serve` does (uvicorn, one worker, embedded graph) in a child
process bound to 127.0.0.1 only, then drives it from this process with a few keep-alive
connections over raw HTTP/1.1 (a Python HTTP client would be the bottleneck, not the server).
Bounded by --duration seconds and --max-requests.

Two runs by default:
- ``hot``: the answer cache on, a mix of colloquial questions a hotline asks again and again;
- ``cold``: the answer cache off, so every request runs the fuzzy lookup (the lookup's own cost).
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


async def drive(port: int, targets: list[bytes], connections: int, duration: float, max_requests: int
                ) -> tuple[list[float], int, float]:
    latencies: list[float] = []
    errors = 0
    stop_at = time.perf_counter() + duration
    sent = 0

    async def worker(seed: int) -> None:
        nonlocal errors, sent
        rng = random.Random(seed)
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while sent < max_requests and time.perf_counter() < stop_at:
                sent += 1
                t0 = time.perf_counter()
                status = await _request(reader, writer, rng.choice(targets))
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


def run(db: str, mode: str, args: argparse.Namespace) -> dict:
    port = free_port()
    server = start_server(db, port, cache=4096 if mode == "hot" else 0)
    try:
        asyncio.run(wait_ready(port))
        targets = [("/api/who-handles?" + urlencode({"q": q, "region": args.region, "limit": 10}
                                                   if args.region else {"q": q, "limit": 10})).encode()
                   for q in QUESTIONS]
        # Warm up: the lookup index is built on the first request; the hot run also fills the cache.
        asyncio.run(warm(port, targets))
        latencies, errors, elapsed = asyncio.run(
            drive(port, targets, args.connections, args.duration, args.max_requests))
    finally:
        server.terminate()
        server.wait(timeout=30)
    latencies.sort()
    return {
        "mode": mode, "requests": len(latencies), "errors": errors, "seconds": round(elapsed, 2),
        "requests_per_s": round(len(latencies) / elapsed, 1),
        "p50_ms": round(pct(latencies, 50) * 1000, 2), "p99_ms": round(pct(latencies, 99) * 1000, 2),
        "mean_ms": round(statistics.fmean(latencies) * 1000, 2), "max_ms": round(latencies[-1] * 1000, 2),
        "connections": args.connections,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="who-handles 接口压力测试（仅 127.0.0.1）")
    parser.add_argument("--db", help="图文件（默认: 临时构建 L05 广安区图）")
    parser.add_argument("--region", default="511602", help="请求所带的地区（默认 511602；空串表示不限）")
    parser.add_argument("--duration", type=float, default=10.0, help="每轮秒数上限（默认 10）")
    parser.add_argument("--max-requests", type=int, default=200_000, help="每轮请求数上限")
    parser.add_argument("--connections", type=int, default=8, help="并发连接数（默认 8）")
    parser.add_argument("--modes", nargs="+", default=["hot", "cold"], choices=["hot", "cold"])
    parser.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    args = parser.parse_args(argv)
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    with tempfile.TemporaryDirectory(prefix="dutygraph-bench-") as tmp:
        db = args.db or build_l05(Path(tmp))
        results = [run(db, mode, args) for mode in args.modes]
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
    else:
        for r in results:
            print(f"{r['mode']:>4}: {r['requests']} 次请求 / {r['seconds']} s = {r['requests_per_s']} req/s；"
                  f"p50 {r['p50_ms']} ms，p99 {r['p99_ms']} ms，最大 {r['max_ms']} ms；"
                  f"错误 {r['errors']}；{r['connections']} 个连接")
    return 0


if __name__ == "__main__":
    sys.exit(main())
