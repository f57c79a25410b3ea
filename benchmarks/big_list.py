"""A list of N rows for ingest benchmarks: the 1,135 real rows of 广安区's L05, repeated with a
copy number in each 事项名称 and 事项编码 so that every row is a distinct item.

    python benchmarks/big_list.py --rows 1000000 --out /work/cache/l05-1m.csv
"""
from __future__ import annotations

import argparse
import csv
from pathlib import Path

L05 = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "lists" / "L05_广安市广安区政务服务事项_按部门.csv"


def write_big_list(rows: int, out: Path) -> int:
    with L05.open(encoding="utf-8", newline="") as fh:
        header, *body = list(csv.reader(fh))
    name, code = header.index("事项名称"), header.index("事项编码")
    with out.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        for n in range(rows):
            copy, r = divmod(n, len(body))
            row = list(body[r])
            row[name] = f"{row[name]}（{copy}）"
            row[code] = f"{row[code]}-{copy}"
            w.writerow(row)
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description="生成 N 行的清单（L05 真实事项重复编号），用于导入速度测试")
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    print(write_big_list(args.rows, args.out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
