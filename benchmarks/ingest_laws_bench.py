"""The 47 national laws and the 1,006 local regulations in one import, timed, counts checked.

    flock /work/cache/heavy.lock .venv/bin/python benchmarks/ingest_laws_bench.py [--repeat 3] [--corpus ../shared/corpus]

What ``dutygraph ingest ../shared/corpus`` does for the laws: every ``*.md`` of ``laws/`` and
``local_laws/`` through the dispatcher into one fresh SQLite file (the CLI's default store). Each repeat runs twice, in
alternating order: with the clause reader (DutyClause nodes, issue 13) and without it (articles and
MANDATES only, the baseline), so the ratio is measured on the same machine at the same time.
Counts are checked against the files: one report per file, every file loaded or noted (title
only), Law nodes = loaded files, DutyClause nodes = the sum the reports give.
"""
from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def run(corpus: Path, clauses: bool, db: Path, workers: int = 1) -> dict:
    import ingest.laws as laws
    from graph.backends import open_store
    from ingest.dispatch import ingest_paths

    laws.LINK_CLAUSES = clauses
    for p in db.parent.glob(db.name + "*"):
        p.unlink()
    store = open_store(str(db))  # the CLI's default store (SQLite file), as `dutygraph ingest` uses it
    t0 = time.perf_counter()
    report = ingest_paths(store, [corpus / "laws", corpus / "local_laws"], workers=workers)
    store.save()
    seconds = time.perf_counter() - t0
    files = sorted(p for d in ("laws", "local_laws") for p in (corpus / d).rglob("*.md")
                   if not p.name.upper().startswith("README"))
    loaded = [f for f in report.files if f.rows_loaded]
    noted = [f for f in report.files if not f.rows_loaded and not f.error]
    failed = [f for f in report.files if f.error]
    said = sum(int(m.group(1)) for f in report.files for n in f.notes
               if (m := re.search(r"职责条款（DutyClause）(\d+) 条", n)))
    counts = {"files": len(files), "reports": len(report.files), "loaded": len(loaded), "title_only": len(noted),
              "failed": len(failed), "laws": sum(1 for _ in store.iter_nodes("Law")),
              "articles": sum(1 for _ in store.iter_nodes("Article")),
              "clauses": sum(1 for _ in store.iter_nodes("DutyClause")), "clauses_reported": said,
              "mandates": store.count_edges("MANDATES"), "ruled": store.count_edges("RULED")}
    assert counts["reports"] == counts["files"], counts
    assert counts["loaded"] + counts["title_only"] + counts["failed"] == counts["files"], counts
    assert counts["laws"] == counts["loaded"], counts
    assert counts["clauses"] == counts["clauses_reported"], counts
    return {"seconds": seconds, **counts, "failed_files": [f.path for f in failed][:5]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "dutygraph-laws-bench.db")
    ap.add_argument("--workers", type=int, default=None,
                    help="读取法规的工作进程数（默认同 dutygraph ingest：DUTYGRAPH_INGEST_WORKERS 或 2）")
    args = ap.parse_args()
    from ingest.dispatch import ingest_workers

    workers = ingest_workers() if args.workers is None else args.workers
    with_c, without = [], []
    for k in range(args.repeat):
        for clauses in ((True, False) if k % 2 == 0 else (False, True)):
            r = run(args.corpus, clauses, args.db, workers)
            (with_c if clauses else without).append(r)
            print(f"{'with clauses' if clauses else 'baseline    '} {r['seconds']:6.1f} s  " +
                  " ".join(f"{k}={v}" for k, v in r.items() if k not in ("seconds", "failed_files")), flush=True)
    a = statistics.median(r["seconds"] for r in with_c)
    b = statistics.median(r["seconds"] for r in without)
    print(f"median with clause reader {a:.1f} s, baseline (no DutyClause) {b:.1f} s, ratio {a / b:.2f}; "
          f"failed files: {with_c[-1]['failed_files']}")


if __name__ == "__main__":
    main()
