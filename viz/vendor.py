"""Copy the explorer's front-end libraries from node_modules into static/vendor.

The copies are committed, so `pip install` and `dutygraph serve` need no npm and no network;
this script only runs when a library is upgraded:

    cd viz && npm ci && python3 vendor.py        # then commit static/vendor

`--check` compares instead of copying (exit 1 when static/vendor is stale), for CI or review.
"""
from __future__ import annotations

import filecmp
import json
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
MODULES = HERE / "node_modules"
VENDOR = HERE / "static" / "vendor"

# (package, file inside the package, name under static/vendor). Load order matters to the page:
# layout-base → cose-base → cytoscape-fcose, because the UMD builds look each other up as globals.
FILES = [
    ("cytoscape", "dist/cytoscape.min.js", "cytoscape.min.js"),
    ("cytoscape-dagre", "dist/cytoscape-dagre.min.js", "cytoscape-dagre.min.js"),
    ("layout-base", "layout-base.js", "layout-base.js"),
    ("cose-base", "cose-base.js", "cose-base.js"),
    ("cytoscape-fcose", "cytoscape-fcose.js", "cytoscape-fcose.js"),
]


def plan() -> list[tuple[Path, Path]]:
    pairs = []
    for package, inner, name in FILES:
        pairs.append((MODULES / package / inner, VENDOR / name))
        pairs.append((MODULES / package / "LICENSE", VENDOR / "licenses" / f"{package}.LICENSE"))
    return pairs


def versions() -> dict[str, str]:
    return {package: json.loads((MODULES / package / "package.json").read_text())["version"]
            for package in dict.fromkeys(p for p, _, _ in FILES)}


def main(argv: list[str]) -> int:
    if not MODULES.is_dir():
        print("找不到 node_modules：请先在 viz/ 下运行 npm ci", file=sys.stderr)
        return 2
    check = "--check" in argv
    stale = []
    for src, dst in plan():
        if not src.is_file():
            print(f"缺少文件: {src}", file=sys.stderr)
            return 2
        if check:
            if not dst.is_file() or not filecmp.cmp(src, dst, shallow=False):
                stale.append(dst)
        else:
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dst)
    manifest = VENDOR / "versions.json"
    wanted = json.dumps(versions(), indent=2, ensure_ascii=False) + "\n"
    if check:
        if not manifest.is_file() or manifest.read_text() != wanted:
            stale.append(manifest)
        for path in stale:
            print(f"已过期: {path.relative_to(HERE)}")
        return 1 if stale else 0
    manifest.write_text(wanted)
    print(f"已复制 {len(plan())} 个文件到 {VENDOR.relative_to(HERE)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
