"""Whole-process figures of the embedded store on a generated province (issue 11), with the first
version's JSON graph file beside them where one is given.

    flock /work/cache/heavy.lock python benchmarks/store_bench.py \\
        --db /work/cache/province-520.db [--json /work/cache/province-520.graph.json --json-code DIR]

Each command runs as its own process, as a user runs it: wall time (median of --repeat runs),
CPU time (user + system) and peak RSS of that process. ``--json-code`` is a checkout of the code
before the SQLite store (it runs the same commands on the JSON file). Adding L05 works on a
copy of the database, so the province stays as generated. The machine is shared: CPU time
says what the command itself cost when the wall time was stretched by other work.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
L05 = REPO.parent / "shared" / "corpus" / "lists" / "L05_广安市广安区政务服务事项_按部门.csv"
QUERY = "食品经营许可"


def run(argv: list[str], cwd: Path = REPO) -> dict:
    """One process: wall seconds, CPU seconds, peak RSS (MiB), exit status."""
    started = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_mib": usage.ru_maxrss / 1024,
            "status": os.waitstatus_to_exitcode(status), "stderr": err[-300:]}


def median_of(argv: list[str], repeat: int, cwd: Path = REPO) -> dict:
    runs = [run(argv, cwd) for _ in range(repeat)]
    bad = [r for r in runs if r["status"] not in (0, 1)]
    if bad:
        raise SystemExit(f"{' '.join(argv)} 失败: {bad[0]['stderr']}")
    return {"wall_s": round(statistics.median(r["wall"] for r in runs), 2),
            "cpu_s": round(statistics.median(r["cpu"] for r in runs), 2),
            "peak_rss_mib": round(max(r["rss_mib"] for r in runs)), "runs": len(runs)}


def cli(python: str, db: Path, *args: str) -> list[str]:
    return [python, "-m", "api.cli", "--db", str(db), *args]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get_json(url: str, timeout: float) -> dict:
    with urllib.request.urlopen(url, timeout=timeout) as r:
        return json.loads(r.read())


def serve_first_answer(python: str, db: Path, county: str, timeout: float = 1800, cwd: Path = REPO) -> dict:
    """Seconds from starting `serve` to the first who-handles answer in the county, to /readyz
    answering 200, and to the first answer of a question without a region (the whole graph's
    index); the server's peak RSS."""
    port = _free_port()
    started = time.perf_counter()
    proc = subprocess.Popen([python, "-m", "api.cli", "--db", str(db), "serve", "--port", str(port)], cwd=cwd,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    url = f"{base}/api/who-handles?" + urllib.parse.urlencode({"q": QUERY, "region": county})
    out: dict = {}
    try:
        while True:
            try:
                body = _get_json(url, timeout)
                break
            except OSError:
                if proc.poll() is not None or time.perf_counter() - started > timeout:
                    raise SystemExit("serve 未能回答") from None
                time.sleep(0.1)
        out["first_answer_s"] = round(time.perf_counter() - started, 2)
        out["results"] = len(body["results"])
        while True:
            try:
                _get_json(base + "/readyz", timeout)
                break
            except OSError:   # 503 until who-handles' whole-graph index is open
                if proc.poll() is not None or time.perf_counter() - started > timeout:
                    raise SystemExit("serve 未能就绪") from None
                time.sleep(0.1)
        out["ready_s"] = round(time.perf_counter() - started, 2)
        try:
            _get_json(f"{base}/api/who-handles?" + urllib.parse.urlencode({"q": "餐饮服务食品安全监管"}), timeout)
            out["no_region_answer_s"] = round(time.perf_counter() - started, 2)
        except OSError:
            out["no_region_answer_s"] = None   # the first version has no such route form
        with open(f"/proc/{proc.pid}/status") as fh:
            out["peak_rss_mib"] = round(next(int(line.split()[1]) for line in fh if line.startswith("VmHWM")) / 1024)
    finally:
        proc.terminate()
        proc.wait(timeout=60)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description="省级规模下内嵌图（SQLite）的整进程耗时与内存")
    ap.add_argument("--db", type=Path, required=True, help="province.py --db 生成的 SQLite 图")
    ap.add_argument("--county", default="990101", help="县级区划代码（默认 990101）")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", type=Path, help="同一省的旧版 JSON 图文件（基线）")
    ap.add_argument("--json-code", type=Path, help="旧版代码的目录（在其中运行 JSON 基线）")
    ap.add_argument("--json-repeat", type=int, default=1)
    ap.add_argument("--big-list", type=Path, help="导入速度测试用的大清单（benchmarks/big_list.py）")
    ap.add_argument("--skip", default="", help="逗号分隔: info,who,gaps,add,serve,ingest")
    args = ap.parse_args()
    py = sys.executable
    skip = set(args.skip.split(","))
    out: dict = {"db": str(args.db), "db_mib": round(args.db.stat().st_size / 2**20), "county": args.county}

    def note(key: str, value: dict) -> None:
        out[key] = value
        print(key, json.dumps(value, ensure_ascii=False), flush=True)

    if "info" not in skip:
        note("info", median_of(cli(py, args.db, "info"), args.repeat))
    if "who" not in skip:
        note("who_handles", median_of(cli(py, args.db, "who-handles", QUERY, "--region", args.county), args.repeat))
    if "gaps" not in skip:
        note("gaps", median_of(cli(py, args.db, "gaps", "--region", args.county), args.repeat))
    if "serve" not in skip:
        # First start after a write builds the whole-graph index (and keeps it); later starts load it.
        note("serve_index_kept", serve_first_answer(py, args.db, args.county))
        note("serve", serve_first_answer(py, args.db, args.county))
    if "add" not in skip:
        work = Path(tempfile.mkdtemp(prefix="store-bench-", dir=args.db.parent))
        try:
            copy = work / "copy.db"
            shutil.copyfile(args.db, copy)
            note("add_l05", median_of(cli(py, copy, "ingest", str(L05)), 1))
            note("who_handles_after_add",
                 median_of(cli(py, copy, "who-handles", QUERY, "--region", args.county), args.repeat))
        finally:
            shutil.rmtree(work, ignore_errors=True)
    if args.big_list and "ingest" not in skip:
        rows = sum(1 for _ in args.big_list.open(encoding="utf-8")) - 1
        work = Path(tempfile.mkdtemp(prefix="store-bench-", dir=args.db.parent))
        try:
            r = median_of(cli(py, work / "big.db", "ingest", str(args.big_list), "--region", "511602"), 1)
            r.update(rows=rows, rows_per_s_wall=round(rows / r["wall_s"]), rows_per_s_cpu=round(rows / r["cpu_s"]))
            note("ingest_big_list", r)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    if args.json and args.json_code:
        base = str(args.json_code)
        out["json_file_mib"] = round(args.json.stat().st_size / 2**20)
        note("json_info", median_of(cli(py, args.json, "info"), args.json_repeat, cwd=args.json_code))
        note("json_who_handles", median_of(cli(py, args.json, "who-handles", QUERY, "--region", args.county),
                                           args.json_repeat, cwd=args.json_code))
        note("json_gaps", median_of(cli(py, args.json, "gaps", "--region", args.county), args.json_repeat,
                                    cwd=args.json_code))
        if "serve" not in skip:
            note("json_serve", serve_first_answer(py, args.json, args.county, cwd=args.json_code))
        out["json_code"] = base
    print(json.dumps(out, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
