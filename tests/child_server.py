"""What the test servers (ArcadeDB in tests/bolt_server.py, Neo4j 5 in tests/neo4j_harness.py)
share: a child process in a folder of its own that prints one JSON line when it serves, stops
cleanly when its stdin closes, and can be killed outright. Standard library only."""
from __future__ import annotations

import shutil
import subprocess
import threading
from pathlib import Path


class ChildServer:
    """A server in a child process; subclasses set ``proc`` in ``start()``."""

    stop_timeout = 30.0

    def __init__(self, root: Path, own_root: bool) -> None:
        self.root = root
        self._own_root = own_root  # a temporary folder made here is removed by cleanup()
        self.proc: subprocess.Popen[str] | None = None

    def start(self) -> "ChildServer":
        raise NotImplementedError

    def stop(self) -> None:
        """Stop gracefully (close stdin), then hard if it does not go."""
        if self.proc is None:
            return
        try:
            if self.proc.stdin:
                self.proc.stdin.close()
            self.proc.wait(timeout=self.stop_timeout)
        except (subprocess.TimeoutExpired, OSError):
            self.proc.kill()
            self.proc.wait()
        self.proc = None

    def kill(self) -> None:
        """SIGKILL: the server vanishes mid-conversation, as a crashed or unplugged one does."""
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            self.proc = None

    def cleanup(self) -> None:
        self.stop()
        if self._own_root:
            shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.cleanup()


def readline_with_timeout(proc: subprocess.Popen[str], timeout: float) -> str:
    """The child's first stdout line, or "" when it has said nothing within ``timeout``."""
    out: list[str] = []
    reader = threading.Thread(target=lambda: out.append(proc.stdout.readline()), daemon=True)
    reader.start()
    reader.join(timeout)
    return out[0].strip() if out else ""
