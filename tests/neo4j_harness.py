"""A real Neo4j 5 (community, the LTS pinned in tests/neo4j_server/pom.xml) without Docker.

Maven resolves the server's jars from Maven Central into a cache folder outside git
(``~/.cache/dutygraph/neo4j-<version>``, or ``$DUTYGRAPH_NEO4J_CACHE``), javac compiles
tests/neo4j_server/Launcher.java against them, and :class:`Neo4jServer` runs it as a child
process on a free loopback Bolt port with a generated password. The child stops cleanly when
its stdin closes, so it dies with the process that started it.

Only the standard library is used, so CI can install before the virtualenv exists:

    python3 tests/neo4j_harness.py install      # download + compile once (cached)
    python3 tests/neo4j_harness.py serve --home ./neo4j-data --port 7687
                                                # a Neo4j 5 for dutygraph, until Ctrl-C

The same interface as tests/bolt_server.BoltServer (uri, user, password, database, start,
stop, kill, cleanup), so a test can run on either server.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from child_server import ChildServer, readline_with_timeout

HERE = Path(__file__).resolve().parent
PROJECT = HERE / "neo4j_server"
POM = PROJECT / "pom.xml"
LAUNCHER = PROJECT / "Launcher.java"
START_TIMEOUT = 240.0  # a cold JVM on a shared 2-core machine: ~20 s measured, 4x margin
INSTALL_TIMEOUT = 1800.0


class Neo4jUnavailable(RuntimeError):
    """Java, Maven or Maven Central is missing here: the reason is the message (a skip reason)."""


def neo4j_version() -> str:
    """The version pinned in the pom: the one place it is written."""
    found = re.search(r"<neo4j\.version>([^<]+)</neo4j\.version>", POM.read_text(encoding="utf-8"))
    if not found:
        raise RuntimeError(f"{POM} 中没有 <neo4j.version>")
    return found.group(1).strip()


def cache_dir() -> Path:
    explicit = os.environ.get("DUTYGRAPH_NEO4J_CACHE")
    if explicit:
        return Path(explicit)
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "dutygraph" / f"neo4j-{neo4j_version()}"


def _recipe_digest() -> str:
    """Changes when the pom or the launcher does: the cache is then built again."""
    h = hashlib.sha256()
    for path in (POM, LAUNCHER):
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def missing_tools() -> str | None:
    """None when java, javac and mvn are on PATH, else which are not (in Chinese)."""
    absent = [tool for tool in ("java", "javac", "mvn") if shutil.which(tool) is None]
    if absent:
        return f"本机没有 {'、'.join(absent)}（需要 Java 17 和 Maven），跳过真实 Neo4j 5 测试"
    return None


def install(log=sys.stderr) -> Path:
    """The cache folder with lib/*.jar and classes/Launcher.class, built on first use.

    Two processes installing at once wait for each other (a lock file in the cache);
    a half-finished install is never used (the ``ready`` file is written last).
    """
    root = cache_dir()
    ready = root / "ready"
    digest = _recipe_digest()
    if ready.is_file() and ready.read_text(encoding="utf-8").strip() == digest:
        _write_admin_shim(root)
        return root
    reason = missing_tools()
    if reason:
        raise Neo4jUnavailable(reason)
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if ready.is_file() and ready.read_text(encoding="utf-8").strip() == digest:
            return root
        ready.unlink(missing_ok=True)
        # Built beside the old folders and swapped in; the old ones are kept until the next
        # install, since a JVM started from them opens its jars lazily.
        lib, classes = root / "lib.new", root / "classes.new"
        for folder in (lib, classes, root / "lib.old", root / "classes.old"):
            shutil.rmtree(folder, ignore_errors=True)
        t = time.monotonic()
        print(f"neo4j_harness: Maven 解析 Neo4j {neo4j_version()} 到 {root} …", file=log, flush=True)
        _run(["mvn", "-B", "-q", "-f", str(POM), "dependency:copy-dependencies",
              f"-DoutputDirectory={lib}", "-DincludeScope=runtime"],
             "Maven 无法从 Maven Central 取得 Neo4j（网络或仓库不可达？）")
        _run(["javac", "-d", str(classes), "-cp", str(lib / "*"), str(LAUNCHER)], "javac 编译 Launcher.java 失败")
        for new in (lib, classes):
            final = root / new.name.removesuffix(".new")
            if final.exists():
                final.rename(root / f"{final.name}.old")
            new.rename(final)
        _write_admin_shim(root)
        ready.write_text(digest, encoding="utf-8")
        print(f"neo4j_harness: 完成，用时 {time.monotonic() - t:.0f} s", file=log, flush=True)
    return root


def _write_admin_shim(root: Path) -> None:
    """bin/neo4j-admin: the community server's own admin tool from the same jars, so the
    ``import.sh`` that ``dutygraph export --neo4j-import`` writes runs here as on a server
    (``NEO4J_HOME`` names the server's folder, :attr:`Neo4jServer.neo4j_home`)."""
    shim = root / "bin" / "neo4j-admin"
    text = ("#!/bin/sh\n# neo4j-admin from the jars of tests/neo4j_server/pom.xml (tests/neo4j_harness.py)\n"
            ': "${NEO4J_HOME:?set NEO4J_HOME to the server folder}"\n'
            'mkdir -p "$NEO4J_HOME/conf" && touch "$NEO4J_HOME/conf/neo4j.conf"\n'
            f'exec java -Xmx1g -cp "{root / "lib"}/*" org.neo4j.cli.AdminTool "$@"\n')
    if not shim.is_file() or shim.read_text(encoding="utf-8") != text:
        shim.parent.mkdir(parents=True, exist_ok=True)
        shim.write_text(text, encoding="utf-8")
        shim.chmod(0o755)


def admin_command() -> Path:
    """The neo4j-admin of the pinned version (installed on first use)."""
    return install() / "bin" / "neo4j-admin"


def _run(cmd: list[str], failure: str) -> None:
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=INSTALL_TIMEOUT, cwd=PROJECT)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise Neo4jUnavailable(f"{failure}: {exc}") from exc
    if done.returncode != 0:
        tail = (done.stdout + done.stderr).strip().splitlines()[-8:]
        raise Neo4jUnavailable(f"{failure}（退出码 {done.returncode}）:\n" + "\n".join(tail))


class Neo4jServer(ChildServer):
    """One Neo4j 5 server in a child JVM, data in ``home``; a context manager."""

    user = "neo4j"
    stop_timeout = 60.0  # a checkpoint on shutdown
    database = None  # the server's default database, "neo4j"

    def __init__(self, home: str | os.PathLike[str] | None = None, password: str | None = None,
                 port: int = 0, heap: str = "1g", page_cache: str = "256m") -> None:
        super().__init__(Path(home) if home is not None else Path(tempfile.mkdtemp(prefix="dutygraph-neo4j-")),
                         own_root=home is None)
        self.password = password or "dg-" + secrets.token_urlsafe(12)
        self.wanted_port = port
        self.heap = heap
        self.page_cache = page_cache
        self.bolt_port = 0
        self.version = neo4j_version()

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    @property
    def port_file(self) -> Path:
        return self.root / "bolt.port"

    @property
    def neo4j_home(self) -> Path:
        """The server's folder (data/databases/neo4j …): NEO4J_HOME for neo4j-admin."""
        return self.root / "db"

    def start(self) -> "Neo4jServer":
        root = install()
        self.root.mkdir(parents=True, exist_ok=True)
        self.port_file.unlink(missing_ok=True)
        # The same port on a restart: a client that was cut off reconnects where it was.
        port = self.bolt_port or self.wanted_port
        cmd = ["java", f"-Xmx{self.heap}", "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError",
               "-cp", os.pathsep.join([str(root / "lib" / "*"), str(root / "classes")]),
               "Launcher", str(self.neo4j_home), str(self.port_file), str(port)]
        env = dict(os.environ, DUTYGRAPH_NEO4J_PASSWORD=self.password, DUTYGRAPH_NEO4J_PAGECACHE=self.page_cache)
        log = open(self.root / "launcher.log", "w", encoding="utf-8")
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log,
                                     text=True, env=env, cwd=self.root)
        log.close()
        line = readline_with_timeout(self.proc, START_TIMEOUT)
        if not line:
            self.kill()
            tail = (self.root / "launcher.log").read_text(encoding="utf-8", errors="replace")[-3000:]
            raise RuntimeError(f"Neo4j {self.version} 未能在 {START_TIMEOUT:.0f} 秒内启动:\n{tail}")
        self.bolt_port = json.loads(line)["bolt_port"]
        return self


def _main(argv: list[str]) -> int:
    import argparse

    ap = argparse.ArgumentParser(description="Neo4j 5 from Maven Central for dutygraph (no Docker)")
    sub = ap.add_subparsers(dest="command", required=True)
    sub.add_parser("install", help="download the pinned Neo4j and compile the launcher (cached)")
    serve = sub.add_parser("serve", help="run a Neo4j 5 until Ctrl-C")
    serve.add_argument("--home", required=True, help="data folder (kept)")
    serve.add_argument("--port", type=int, default=7687)
    serve.add_argument("--heap", default="2g")
    serve.add_argument("--page-cache", default="1g")
    opts = ap.parse_args(argv)
    try:
        if opts.command == "install":
            t = time.monotonic()
            root = install()
            print(f"Neo4j {neo4j_version()} 就绪: {root}（{time.monotonic() - t:.1f} s）")
            return 0
        password = os.environ.get("NEO4J_PASSWORD") or None
        server = Neo4jServer(opts.home, password=password, port=opts.port, heap=opts.heap,
                             page_cache=opts.page_cache).start()
    except Neo4jUnavailable as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"Neo4j {server.version} 在 {server.uri}；用户 neo4j，密码 {server.password}"
          f"{'（来自 NEO4J_PASSWORD）' if password else ''}。Ctrl-C 停止。", flush=True)
    try:
        server.proc.wait()
    except KeyboardInterrupt:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
