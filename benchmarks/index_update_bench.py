"""After a write, the who-handles index is updated, not rebuilt (issue 11): whole processes on a
province, the old behaviour (rebuilding the whole graph's index) measured in the same run.

    flock /work/cache/heavy.lock .venv/bin/python benchmarks/index_update_bench.py \\
        --db /work/cache/province-520.db --repeat 3 [--json out.json]

The province is copied first (it is never written). Once: a question without a region builds the
kept index of the copy (``prepared``). Then, per repetition, on a fresh copy of that:
0. the floor: ``who-handles QUERY`` (no region) as a whole process with the kept index current;
1. a server started on it (index kept: opened, not built) — seconds to /readyz, then one question;
2. ``dutygraph ingest L05`` (1,135 rows of 广安区) into it while that server runs — seconds; then
   seconds from the import's exit until the server is ready again and until it answers a question
   without a region (it noticed the write and opened the kept index plus a delta of the write);
3. the first ``who-handles QUERY`` without a region as a whole process after the write (the delta
   the server kept is deleted first, so this process makes its own);
4. a server started after the write (delta deleted again): seconds to its first answer without a
   region;
5. baseline, the old behaviour: the kept index deleted, so the same who-handles process and the
   same server start rebuild the whole graph's index as they did before this change.
Medians over the repetitions; peak RSS is the largest seen.
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from store_bench import L05, REPO, _free_port, cli, run  # noqa: E402

QUERY = "食品经营许可"   # no region: answered from the whole graph's index


def _wait(url: str, proc: subprocess.Popen, started: float, timeout: float) -> float:
    """Seconds since ``started`` until ``url`` answers 200."""
    while True:
        try:
            with urllib.request.urlopen(url, timeout=timeout) as r:
                r.read()
            return time.perf_counter() - started
        except (OSError, urllib.error.HTTPError):
            if proc.poll() is not None:
                raise SystemExit(f"serve 退出了（{url}）") from None
            if time.perf_counter() - started > timeout:
                raise SystemExit(f"serve 超时（{url}）") from None
            time.sleep(0.05)


class Server:
    def __init__(self, python: str, db: Path, timeout: float) -> None:
        self.port = _free_port()
        self.timeout = timeout
        self.started = time.perf_counter()
        self.proc = subprocess.Popen([python, "-m", "api.cli", "--db", str(db), "serve", "--port", str(self.port)],
                                     cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.base = f"http://127.0.0.1:{self.port}"

    def ready(self, since: float) -> float:
        return _wait(self.base + "/readyz", self.proc, since, self.timeout)

    def answer(self, since: float) -> float:
        url = f"{self.base}/api/who-handles?" + urllib.parse.urlencode({"q": QUERY})
        return _wait(url, self.proc, since, self.timeout)

    def rss_mib(self) -> int:
        with open(f"/proc/{self.proc.pid}/status") as fh:
            return round(next(int(line.split()[1]) for line in fh if line.startswith("VmHWM")) / 1024)

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=60)


def _copy(src: Path, dst: Path) -> None:
    shutil.copyfile(src, dst)
    lookup = src.with_name(src.name + "-lookup")
    if lookup.is_dir():
        shutil.copytree(lookup, dst.with_name(dst.name + "-lookup"))


def _drop(db: Path, pattern: str) -> None:
    for f in db.with_name(db.name + "-lookup").glob(pattern):
        f.unlink()


def main() -> int:
    ap = argparse.ArgumentParser(description="写入之后检索索引增量更新与整体重建的整进程对比")
    ap.add_argument("--db", type=Path, required=True, help="省级图（只读取，先复制）")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--timeout", type=float, default=1800)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--work", type=Path, help="复制到此目录（默认在 --db 旁边新建）")
    args = ap.parse_args()
    py = sys.executable
    work = Path(tempfile.mkdtemp(prefix="index-update-", dir=args.work or args.db.parent))
    rows: list[dict] = []
    out: dict = {"db": str(args.db), "query": QUERY, "list": L05.name}
    try:
        prepared = work / "prepared.db"
        shutil.copyfile(args.db, prepared)
        prepared.chmod(0o644)
        r = run(cli(py, prepared, "who-handles", QUERY))
        out["prepare_build"] = r
        print("prepare", json.dumps(r, ensure_ascii=False), flush=True)
        def first_after_write(row: dict, prefix: str, dropped: str) -> None:
            """The first who-handles process, and the first answer of a server started, after the
            write — each with the files ``dropped`` removed first (so that it makes its own)."""
            _drop(db, dropped)
            row[prefix + "who_handles_after_write"] = run(cli(py, db, "who-handles", QUERY))
            _drop(db, dropped)
            server = Server(py, db, args.timeout)
            row[prefix + "serve_after_write_first_answer_s"] = server.answer(server.started)
            row[prefix + ("serve_after_write_rss_mib" if not prefix else "serve_rss_mib")] = server.rss_mib()
            server.stop()

        for i in range(args.repeat):
            db = work / f"run{i}.db"
            _copy(prepared, db)
            row: dict = {}
            # The floor: the same question with the kept index current (region tables, imports …).
            row["who_handles_no_write"] = run(cli(py, db, "who-handles", QUERY))
            server = Server(py, db, args.timeout)
            row["serve_start_ready_s"] = server.ready(server.started)
            server.answer(server.started)   # its first question's one-off costs, before the write
            ingest = run(cli(py, db, "ingest", str(L05)))
            done = time.perf_counter()
            row["ingest"] = ingest
            row["running_serve_ready_after_write_s"] = server.ready(done)
            row["running_serve_answer_after_write_s"] = server.answer(done)
            row["running_serve_rss_mib"] = server.rss_mib()
            server.stop()
            delta = next(db.with_name(db.name + "-lookup").glob("answer-delta-*.arrays"), None)
            row["delta_kb"] = round(delta.stat().st_size / 1024) if delta else None
            first_after_write(row, "", "answer-delta-*")
            # The old behaviour: after a write the kept index no longer counts; everything is rebuilt.
            first_after_write(row, "baseline_", "answer-*")
            rows.append(row)
            print(f"run {i}", json.dumps(row, ensure_ascii=False), flush=True)
            db.unlink()
            shutil.rmtree(db.with_name(db.name + "-lookup"), ignore_errors=True)
            for side in ("-wal", "-shm"):
                db.with_name(db.name + side).unlink(missing_ok=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    def med(get) -> float:
        return round(statistics.median(get(r) for r in rows), 2)

    summary = {
        "runs": len(rows),
        "ingest_l05_wall_s": med(lambda r: r["ingest"]["wall"]),
        "ingest_l05_cpu_s": med(lambda r: r["ingest"]["cpu"]),
        "ingest_l05_peak_rss_mib": max(round(r["ingest"]["rss_mib"]) for r in rows),
        "who_handles_no_write_wall_s": med(lambda r: r["who_handles_no_write"]["wall"]),
        "who_handles_no_write_cpu_s": med(lambda r: r["who_handles_no_write"]["cpu"]),
        "who_handles_wall_s": med(lambda r: r["who_handles_after_write"]["wall"]),
        "who_handles_cpu_s": med(lambda r: r["who_handles_after_write"]["cpu"]),
        "who_handles_peak_rss_mib": max(round(r["who_handles_after_write"]["rss_mib"]) for r in rows),
        "baseline_who_handles_wall_s": med(lambda r: r["baseline_who_handles_after_write"]["wall"]),
        "baseline_who_handles_cpu_s": med(lambda r: r["baseline_who_handles_after_write"]["cpu"]),
        "baseline_who_handles_peak_rss_mib": max(round(r["baseline_who_handles_after_write"]["rss_mib"]) for r in rows),
        "serve_start_ready_s": med(lambda r: r["serve_start_ready_s"]),
        "running_serve_ready_after_write_s": med(lambda r: r["running_serve_ready_after_write_s"]),
        "running_serve_answer_after_write_s": med(lambda r: r["running_serve_answer_after_write_s"]),
        "serve_after_write_first_answer_s": med(lambda r: r["serve_after_write_first_answer_s"]),
        "serve_after_write_rss_mib": max(r["serve_after_write_rss_mib"] for r in rows),
        "baseline_serve_after_write_first_answer_s": med(lambda r: r["baseline_serve_after_write_first_answer_s"]),
        "baseline_serve_rss_mib": max(r["baseline_serve_rss_mib"] for r in rows),
    }
    summary["who_handles_ratio"] = round(summary["baseline_who_handles_wall_s"] / summary["who_handles_wall_s"], 1)
    summary["serve_ratio"] = round(summary["baseline_serve_after_write_first_answer_s"]
                                   / summary["serve_after_write_first_answer_s"], 1)
    out.update(summary=summary, runs=rows)
    print(json.dumps(summary, ensure_ascii=False, indent=2))
    if args.json:
        args.json.write_text(json.dumps(out, ensure_ascii=False, indent=2), "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
