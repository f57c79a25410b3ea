"""Laws + local laws ingest with two versions of the clause reader, alternating in one process, same machine.

    git show 3cd2d51:ingest/clauses.py > /tmp/clauses_old.py
    flock /work/cache/heavy.lock .venv/bin/python benchmarks/clause_reader_ab_bench.py /tmp/clauses_old.py [--repeat 2]

Each repeat ingests ``laws/`` and ``local_laws/`` with clauses (``ingest_laws_bench.run``) once with the old
reader and once with ``ingest/clauses.py``, in alternating order; medians and their ratio are printed. The
module is swapped in ``sys.modules`` before the workers fork, so both see the same code paths otherwise.
"""
from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def use(path: Path) -> None:
    import ingest

    spec = importlib.util.spec_from_file_location("ingest.clauses", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["ingest.clauses"] = module
    spec.loader.exec_module(module)
    ingest.clauses = module


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("old", type=Path)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()))
    args = ap.parse_args()
    from ingest.dispatch import ingest_workers
    from ingest_laws_bench import run

    variants = {"old": args.old, "new": ROOT / "ingest" / "clauses.py"}
    times: dict[str, list[float]] = {"old": [], "new": []}
    workers = ingest_workers()
    for rep in range(args.repeat):
        for name in ("old", "new") if rep % 2 == 0 else ("new", "old"):
            use(variants[name])
            t = time.perf_counter()
            r = run(args.corpus, True, args.work / f"clause-reader-ab-{name}.db", workers)
            times[name].append(time.perf_counter() - t)
            print(f"{name} {times[name][-1]:.1f} s clauses={r.get('clauses')} failed={r.get('failed')}", flush=True)
    med = {k: statistics.median(v) for k, v in times.items()}
    print(f"workers {workers}: old {med['old']:.1f} s, new {med['new']:.1f} s, ratio new/old {med['new'] / med['old']:.2f}")


if __name__ == "__main__":
    main()
