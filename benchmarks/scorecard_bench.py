"""Department scorecard of the largest county of a province-sized graph (target ≤ 5 s).

    flock /work/cache/heavy.lock .venv/bin/python benchmarks/province.py --counties 520 --db /tmp/province520.db
    flock /work/cache/heavy.lock .venv/bin/python benchmarks/scorecard_bench.py --graph /tmp/province520.db

The largest county is the one holding the most current items. Each repetition opens the store
afresh (a new process would) and times ``scorecard(store, county)`` for every department of it;
the baseline measured in the same run, on the same store, is ``find_gaps`` for the same county
(one of the analyses the scorecard runs), so that the ratio says what the scorecard adds on a
machine shared with others. Medians are reported with every sample.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from graph.analyses.gaps import find_gaps  # noqa: E402
from graph.analyses.scorecard import scorecard  # noqa: E402
from graph.backends import open_store  # noqa: E402
from graph.model import ITEM_LABELS  # noqa: E402


def largest_county(store) -> tuple[str, int]:
    counts: Counter = Counter()
    for label in ITEM_LABELS:
        for r in store.iter_nodes(label):
            code = (r.props.get("region") or "")[:6]
            if len(code) == 6 and r.props.get("current") is not False:
                counts[code] += 1
    code, n = counts.most_common(1)[0]
    return code, n


def _timed(fn) -> tuple[float, object]:
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="省级规模图中最大县的部门履职评价耗时")
    ap.add_argument("--graph", required=True, help="图数据库（province.py --db 生成的 SQLite 文件或 bolt:// 地址）")
    ap.add_argument("--county", help="县（区）代码；默认取事项最多的县")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)

    with open_store(args.graph) as store:
        t_find, (county, items) = _timed(lambda: (args.county, 0) if args.county else largest_county(store))
    print(f"county {county}: {items} current items (found in {t_find:.1f} s)")
    samples: dict[str, list[float]] = {"scorecard": [], "scorecard_warm": [], "baseline_find_gaps": []}
    departments = problems = 0
    for _ in range(args.repeat):
        with open_store(args.graph) as store:
            t, card = _timed(lambda: scorecard(store, county))
            samples["scorecard"].append(t)
            samples["scorecard_warm"].append(_timed(lambda: scorecard(store, county))[0])
            samples["baseline_find_gaps"].append(_timed(lambda: find_gaps(store, county))[0])
            departments = len(card.departments)
            problems = sum(len(d.problems) for d in card.departments)
    med = {k: statistics.median(v) for k, v in samples.items()}
    result = {"graph": args.graph, "county": county, "items": items, "departments": departments,
              "problems": problems, "repeat": args.repeat,
              "median_s": {k: round(v, 3) for k, v in med.items()},
              "samples_s": {k: [round(x, 3) for x in v] for k, v in samples.items()},
              "ratio_scorecard_to_find_gaps": round(med["scorecard"] / med["baseline_find_gaps"], 2),
              "target_s": 5.0, "meets_target": med["scorecard"] <= 5.0}
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0 if result["meets_target"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
