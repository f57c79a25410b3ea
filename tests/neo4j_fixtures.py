"""pytest fixtures for the real Neo4j 5 (registered from conftest.py).

The server is the Maven-resolved community Neo4j of tests/neo4j_harness.py, started once per
session. Where Java, Maven or Maven Central is missing, a Docker engine (testcontainers,
image neo4j:<the pom's version>) is the other way; with neither, the tests marked ``neo4j`` skip with the
reason, or fail where ``DUTYGRAPH_REQUIRE_NEO4J`` is set (CI sets it: there they must run).
``DUTYGRAPH_NEO4J_SERVER=docker`` picks testcontainers first.
"""
from __future__ import annotations

import os
from types import SimpleNamespace

import pytest
from neo4j_harness import Neo4jServer, Neo4jUnavailable, neo4j_version


def _docker_reason() -> str | None:
    """None when a Docker engine answers, else why the Neo4j 5 container cannot run."""
    try:
        import docker

        docker.from_env(timeout=3).ping()
    except Exception as exc:  # no socket, no permission, no package
        return f"没有可用的 Docker 引擎（{type(exc).__name__}）"
    return None


def neo4j_missing(reason: str) -> None:
    """Skip with ``reason``; fail instead where the run requires Neo4j (CI)."""
    if os.environ.get("DUTYGRAPH_REQUIRE_NEO4J"):
        pytest.fail(f"DUTYGRAPH_REQUIRE_NEO4J 已设置，但真实 Neo4j 5 无法运行: {reason}")
    pytest.skip(reason)


def _container():
    from testcontainers.neo4j import Neo4jContainer

    password = "dutygraph-test-pw"
    image = f"neo4j:{neo4j_version()}"      # the same server the Maven harness runs (tests/neo4j_server/pom.xml)
    container = Neo4jContainer(image, password=password)
    container.start()
    return container, SimpleNamespace(uri=container.get_connection_url(), user="neo4j", password=password,
                                      database=None, version=f"{image} (Docker)")


@pytest.fixture(scope="session")
def neo4j5_bolt():
    """A real Neo4j 5 for the session (Maven-built, else Docker); stopped at the end."""
    if os.environ.get("DUTYGRAPH_NEO4J_SERVER") == "docker" and _docker_reason() is None:
        container, info = _container()
        yield info
        container.stop()
        return
    server = Neo4jServer()
    try:
        server.start()
    except Neo4jUnavailable as exc:
        server.cleanup()
        docker = _docker_reason()
        if docker is not None:
            neo4j_missing(f"{exc}；{docker}：跳过真实 Neo4j 5 测试")
        container, info = _container()
        yield info
        container.stop()
        return
    except Exception as exc:
        server.cleanup()
        neo4j_missing(f"Neo4j 5 无法启动: {exc}")
    yield server
    server.cleanup()


@pytest.fixture()
def neo4j5_own_server(tmp_path, neo4j5_bolt):
    """A second Neo4j 5 of this test's own (data under tmp_path), to be killed and restarted."""
    if not isinstance(neo4j5_bolt, Neo4jServer):
        pytest.skip("只有 Maven 启动的 Neo4j 可以在测试中杀掉重启")
    server = Neo4jServer(home=tmp_path / "neo4j", heap="512m", page_cache="64m")
    server.start()
    yield server
    server.stop()
