"""Layers (issue 10): nothing imports upward. graph/ (model, reference data, store, questions) must
never import ingest/ or api/ — the reference data that both need (regions, reform map, department
names, generic holders) lives under graph/reference/."""
from __future__ import annotations

import ast
from pathlib import Path

GRAPH = Path(__file__).resolve().parents[1] / "graph"
UPWARD = ("ingest", "api", "viz")


def _imports(path: Path) -> list[tuple[int, str]]:
    """Every module a file imports, at any depth (function-local and guarded imports included)."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            out.append((node.lineno, node.module))
    return out


def test_graph_never_imports_ingest_api_or_viz():
    files = sorted(GRAPH.rglob("*.py"))
    assert len(files) > 40          # the whole package is read, not an empty folder
    upward = [f"{p.relative_to(GRAPH.parent)}:{line} imports {mod}" for p in files for line, mod in _imports(p)
              if mod.split(".")[0] in UPWARD]
    assert upward == []


def test_the_check_sees_a_function_local_import(tmp_path: Path):
    # The reading itself: an import inside a function (the way a layer breach usually hides) is found.
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from ingest.lists import ingest_list\n    import api.cli\n", encoding="utf-8")
    assert [m for _, m in _imports(bad)] == ["ingest.lists", "api.cli"]
