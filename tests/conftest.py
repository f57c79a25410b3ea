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
