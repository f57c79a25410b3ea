"""The Neo4j a user runs (docker-compose.yml) is the one the tests run (tests/neo4j_server/pom.xml)."""
from __future__ import annotations

import re
from pathlib import Path

from neo4j_harness import neo4j_version

ROOT = Path(__file__).resolve().parents[1]


def test_docker_compose_runs_the_neo4j_version_the_tests_use() -> None:
    images = re.findall(r"^\s*image:\s*(\S+)", (ROOT / "docker-compose.yml").read_text(encoding="utf-8"), re.M)
    assert images == [f"neo4j:{neo4j_version()}"]
