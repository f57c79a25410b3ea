"""Shared by the analyses tests: the real corpus as one graph, built once, copied per test.

The graph is what `dutygraph ingest` makes of the corpus (a stride of its local_laws, see
corpus_paths) and ingest/samples, plus the two linking passes (law duty sentences → MANDATES,
实施依据 → BASED_ON). A test that seeds a
fault gets its own copy and re-imports a modified file the way a user would publish a new
version of a list.
"""
from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from graph.embedded import EmbeddedStore
from graph.sqlite_store import SqliteStore

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
SAMPLES = REPO / "ingest" / "samples"
GUANG_AN = "511602"
L05 = "L05_广安市广安区政务服务事项_按部门.csv"
ROSTER = "广安区_部门名册.csv"
LINKAGE = "示例_审管联动清单.csv"


# The corpus's local_laws (1,008 regulations of five provinces) would make every corpus graph
# take minutes to build; every LOCAL_LAW_STRIDE-th of them, in name order, keeps them
# represented. The whole set is read by tests/test_ingest_clauses.py and the ingest benchmark.
LOCAL_LAW_STRIDE = 25


def corpus_paths() -> list[Path]:
    """The corpus folders, a stride of local_laws, and the bundled samples."""
    paths = [p for p in sorted(CORPUS.iterdir()) if p.is_dir() and p.name != "local_laws"]
    local = sorted((CORPUS / "local_laws").rglob("*.md")) if (CORPUS / "local_laws").is_dir() else []
    return paths + [p for p in local if p.name != "README.md"][::LOCAL_LAW_STRIDE] + [SAMPLES]


def build_corpus_graph(path: Path) -> None:
    from ingest.citations import link_item_basis
    from ingest.dispatch import ingest_paths
    from ingest.duty_sentences import link_mandates

    store = SqliteStore(path)
    report = ingest_paths(store, corpus_paths())
    assert not report.failed, report.summary_zh()
    link_mandates(store)
    link_item_basis(store)
    store.save()


@pytest.fixture(scope="session")
def corpus_graph_file(tmp_path_factory) -> Path:
    if not CORPUS.is_dir():
        pytest.fail(f"找不到语料目录 {CORPUS}")
    path = tmp_path_factory.mktemp("corpus") / "corpus.db"
    build_corpus_graph(path)
    return path


@pytest.fixture()
def corpus_store(corpus_graph_file, tmp_path) -> EmbeddedStore:
    """A private copy of the corpus graph, free to damage."""
    copy = tmp_path / "graph.db"
    shutil.copy(corpus_graph_file, copy)
    return SqliteStore(copy)


def sample(name: str) -> Path:
    return SAMPLES / name if (SAMPLES / name).exists() else CORPUS / "lists" / name


def rewrite_csv(src: Path, dst_dir: Path, edit) -> Path:
    """Copy a list with ``edit(header, rows) -> rows`` applied; '#' comment lines are kept."""
    text = src.read_text(encoding="utf-8-sig")
    comments = [line for line in text.splitlines(keepends=True) if line.startswith("#")]
    body = "".join(line for line in text.splitlines(keepends=True) if not line.startswith("#"))
    rows = list(csv.reader(io.StringIO(body)))
    header, data = rows[0], rows[1:]
    data = edit(header, data)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(data)
    dst = dst_dir / src.name
    dst.write_text("".join(comments) + buf.getvalue(), encoding="utf-8")
    return dst


def reimport(store, path: Path, region: str | None = None):
    from ingest.dispatch import ingest_paths

    report = ingest_paths(store, [path], region=region)
    assert not report.failed, report.summary_zh()
    return report


def revise_l05(header: list[str], rows: list[list[str]]) -> list[list[str]]:
    """L05 as a revised version would read: one item removed, one moved, one retyped, one added."""
    dept, name, code, tcode, ttype = (header.index(h) for h in ("实施主体", "事项名称", "事项编码", "事项类型代码", "事项类型"))
    out = []
    for r in rows:
        if r[name] == "乡村建设规划许可证核发":
            continue                                   # removed
        if r[name] == "燃气经营许可证新办":
            r[dept] = "区行政审批局"                     # changed department
        if r[name] == "学生资助政策咨询":
            r[tcode], r[ttype] = "10", "其他行政权力"      # changed type
        out.append(r)
    new = list(rows[0])
    new[0], new[dept], new[name] = "1136", "区水务局", "河道采砂许可"
    new[code] = "511A0999900000-511602000000-000-11511301MB1234567X-1-00"
    new[tcode], new[ttype] = "1", "行政许可"
    return out + [new]                                 # added
