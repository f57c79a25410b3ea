"""Shared fixtures: where the real corpus lives, and graphs built from it once per session."""
from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
# CI clones the repository with ../shared beside it; users of the package never need it.
CORPUS = REPO.parent / "shared" / "corpus"
SAMPLES = REPO / "ingest" / "samples"


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.fail(f"找不到语料目录 {CORPUS}：测试需要仓库旁边的 ../shared/corpus")
    return CORPUS


@pytest.fixture(scope="session")
def legal_graph(corpus: Path):
    """Every law (with MANDATES), notice and 三定 file of the corpus in one embedded graph, plus a
    roster of 广安市广安区 (511602) made from the 实施主体 of L05, built once per session."""
    import csv

    from graph.embedded import EmbeddedStore
    from graph.model import Department, stable_id, to_record
    from ingest.laws import import_laws
    from ingest.notices import import_notices
    from ingest.sanding import import_sanding_folder

    store = EmbeddedStore()
    with open(corpus / "lists" / "L05_广安市广安区政务服务事项_按部门.csv", encoding="utf-8") as fh:
        names = sorted({row["实施主体"] for row in csv.DictReader(fh)})
    store.upsert_nodes(to_record(Department(id=stable_id("dept", "511602", n), name=n, region="511602",
                                            in_roster=True)) for n in names)
    reports = {"laws": import_laws(store, corpus / "laws")}  # links MANDATES too
    reports["notices"] = import_notices(store, corpus / "notices")
    reports["sanding"] = import_sanding_folder(store, corpus / "sanding")
    return store, reports
