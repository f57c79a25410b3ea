"""A real Bolt server for tests and benchmarks: ArcadeDB (pip ``arcadedb-embedded``) with its
Bolt plugin, in a child process.

Why a child process: the wheel runs the JVM inside Python through JPype, so an in-process
server shares the GIL, the signal handlers and the crash fate of the test process; a
child can also be killed outright, which is how a connection dropped mid-load is made
real. ArcadeDB writes ``./log`` relative to its working directory, so the child runs in
its own temporary folder.

Run as a script it prints one JSON line ``{"bolt_port": …, "http_port": …}`` once the
database exists, and serves until its stdin closes or it gets SIGTERM.
"""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from child_server import ChildServer, readline_with_timeout

BOLT_PLUGIN = "Bolt:com.arcadedb.bolt.BoltProtocolPlugin"
DEFAULT_PASSWORD = "dutygraph-test-pw"  # ArcadeDB wants 8 characters or more
DEFAULT_DATABASE = "dutygraph"
START_TIMEOUT = 90.0


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def arcadedb_available() -> str | None:
    """None when the wheel can be imported, else why not (the skip reason)."""
    try:
        import arcadedb_embedded.server  # noqa: F401
    except Exception as exc:  # a missing wheel or a JRE that will not load
        return f"arcadedb-embedded 无法导入: {exc}"
    return None


class BoltServer(ChildServer):
    """One ArcadeDB server with one database, in a child process; a context manager."""

    def __init__(self, database: str = DEFAULT_DATABASE, password: str = DEFAULT_PASSWORD,
                 root: str | None = None, heap: str | None = None) -> None:
        super().__init__(Path(root or tempfile.mkdtemp(prefix="dutygraph-arcadedb-")), own_root=root is None)
        self.database = database
        self.password = password
        self.user = "root"
        self.heap = heap
        self.bolt_port = 0
        self.http_port = 0

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    def start(self) -> "BoltServer":
        self.bolt_port, self.http_port = free_port(), free_port()
        cmd = [sys.executable, str(Path(__file__).resolve()), "--root", str(self.root / "db"),
               "--database", self.database, "--bolt-port", str(self.bolt_port),
               "--http-port", str(self.http_port)]
        env = dict(os.environ, DUTYGRAPH_ARCADEDB_PASSWORD=self.password)
        if self.heap:
            env["ARCADEDB_JVM_ARGS"] = f"-Xmx{self.heap}"
        log = open(self.root / "server.log", "w", encoding="utf-8")
        self.proc = subprocess.Popen(cmd, cwd=self.root, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=log, text=True, env=env)
        log.close()
        line = readline_with_timeout(self.proc, START_TIMEOUT)
        if not line:
            self.stop()
            tail = (self.root / "server.log").read_text(encoding="utf-8", errors="replace")[-2000:]
            raise RuntimeError(f"ArcadeDB Bolt 服务未能启动:\n{tail}")
        ready = json.loads(line)
        self.bolt_port, self.http_port = ready["bolt_port"], ready["http_port"]
        return self


def _serve(args: list[str]) -> None:
    import argparse

    parser = argparse.ArgumentParser(description="ArcadeDB + Bolt, for dutygraph tests")
    parser.add_argument("--root", required=True)
    parser.add_argument("--database", default=DEFAULT_DATABASE)
    parser.add_argument("--bolt-port", type=int, required=True)
    parser.add_argument("--http-port", type=int, required=True)
    opts = parser.parse_args(args)
    password = os.environ.get("DUTYGRAPH_ARCADEDB_PASSWORD", DEFAULT_PASSWORD)

    from arcadedb_embedded.server import ArcadeDBServer

    server = ArcadeDBServer(root_path=opts.root, root_password=password, config={
        "host": "127.0.0.1", "http_port": opts.http_port, "server_plugins": BOLT_PLUGIN,
        "bolt_port": opts.bolt_port,
    })
    server.start()
    server.create_database(opts.database)  # the Bolt plugin opens only existing databases
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    threading.Thread(target=lambda: (sys.stdin.read(), done.set()), daemon=True).start()
    print(json.dumps({"bolt_port": opts.bolt_port, "http_port": opts.http_port}), flush=True)
    while not done.wait(0.5):  # short waits so the SIGTERM handler gets to run
        pass
    server.stop()


if __name__ == "__main__":
    _serve(sys.argv[1:])
