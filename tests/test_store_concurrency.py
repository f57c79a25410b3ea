"""Many hands on one graph file, as users run them: two imports at once, a server and a
terminal, a process killed half way. Each fails on the first version's JSON file (the last
save won; the server overwrote the CLI's rows; nothing was incremental)."""
from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import httpx
from test_api_common import serving

from graph.model import ITEM_LABELS
from graph.sqlite_store import SqliteStore

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
SAMPLES = REPO / "ingest" / "samples"
L05 = CORPUS / "lists" / "L05_广安市广安区政务服务事项_按部门.csv"
TERRITORIAL = SAMPLES / "示例_属地管理主体责任和配合责任清单.csv"
LINKAGE = SAMPLES / "示例_审管联动清单.csv"
TOKEN = "concurrency-test-token"


def _cli(db: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "api.cli", "--db", str(db), *args], cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _items_by_dataset(db: Path) -> Counter:
    store = SqliteStore(db)
    try:
        return Counter(r.props.get("dataset") for label in ITEM_LABELS for r in store.iter_nodes(label))
    finally:
        store.close()


def _counts(db: Path) -> dict:
    store = SqliteStore(db)
    try:
        nodes = Counter(r.label for r in store.iter_nodes())
        edges = Counter(e.rel for e in store.iter_edges())
        return {"nodes": dict(nodes), "edges": dict(edges)}
    finally:
        store.close()


def test_two_imports_at_once_into_one_file_keep_both_files_rows(tmp_path: Path) -> None:
    alone = {}
    for f in (L05, TERRITORIAL):
        db = tmp_path / f"alone-{f.stem}.db"
        proc = _cli(db, "ingest", str(f))
        assert proc.wait(timeout=300) == 0, proc.stderr.read()
        alone.update(_items_by_dataset(db))
    db = tmp_path / "shared.db"
    SqliteStore(db).close()
    # Another writer holds the lock while both imports start, so that they contend for it
    # whatever the machine's speed; each must say that it waits, then load all of its rows.
    holder = sqlite3.connect(db, timeout=0, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    logs = [tmp_path / "first.err", tmp_path / "second.err"]
    procs = [subprocess.Popen([sys.executable, "-m", "api.cli", "--db", str(db), "ingest", str(f)], cwd=REPO,
                              stdout=subprocess.DEVNULL, stderr=log.open("w"))
             for f, log in zip((L05, TERRITORIAL), logs)]
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not all("另一个进程正在写入图数据库" in log.read_text() for log in logs):
        time.sleep(0.1)
    holder.execute("COMMIT")
    holder.close()
    assert all(proc.wait(timeout=300) == 0 for proc in procs), [log.read_text() for log in logs]
    assert all("另一个进程正在写入图数据库" in log.read_text() for log in logs), "the imports did not wait"
    assert _items_by_dataset(db) == alone
    assert alone[L05.name] == 1135 and alone[TERRITORIAL.name] > 0


def _who_handles(base: str, q: str) -> dict:
    return httpx.get(base + "/api/who-handles", params={"q": q, "region": "广安区"}, timeout=30).json()


def test_a_server_sees_a_terminal_import_within_a_second_and_its_upload_keeps_it(tmp_path: Path) -> None:
    db = tmp_path / "g.db"
    assert _cli(db, "ingest", str(L05)).wait(timeout=300) == 0
    with serving(db, TOKEN) as base:
        # A matter only the territorial list holds: not known to the server yet.
        query = "违法建筑情况月报"
        before = _who_handles(base, query)
        assert not any(r["item_kind"] == "TerritorialItem" for r in before["results"])

        assert _cli(db, "ingest", str(TERRITORIAL)).wait(timeout=300) == 0
        imported = time.monotonic()
        while True:
            after = _who_handles(base, query)
            if any(r["item_kind"] == "TerritorialItem" for r in after["results"]):
                break
            assert time.monotonic() - imported < 1.0, "the server did not see the terminal's import within a second"
            time.sleep(0.05)

        with LINKAGE.open("rb") as fh:
            r = httpx.post(base + "/api/lists", headers={"Authorization": f"Bearer {TOKEN}"},
                           files={"file": (LINKAGE.name, fh, "text/csv")}, data={"region": "广安区"}, timeout=120)
        assert r.status_code == 200, r.text
    datasets = _items_by_dataset(db)
    assert datasets[L05.name] == 1135 and datasets[TERRITORIAL.name] > 0 and datasets[LINKAGE.name] > 0


def test_killing_an_import_leaves_a_consistent_file_and_a_rerun_completes_it(tmp_path: Path) -> None:
    clean = tmp_path / "clean.db"
    started = time.monotonic()
    assert _cli(clean, "ingest", str(SAMPLES)).wait(timeout=300) == 0
    # Kill at fractions of a clean run's own duration, so that the kills land inside an import on a fast,
    # quiet machine as on a loaded one (fixed delays of 1–3 s all came after the end on a quiet one).
    duration = time.monotonic() - started
    expected = _counts(clean)
    db = tmp_path / "killed.db"
    killed_mid_import = 0
    for fraction in (0.4, 0.6, 0.75, 0.9):
        proc = _cli(db, "ingest", str(SAMPLES))
        time.sleep(duration * fraction)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        if proc.returncode == -signal.SIGKILL:
            killed_mid_import += 1
        with sqlite3.connect(db) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            assert conn.execute("PRAGMA foreign_key_check").fetchall() == []  # no edge without its ends
    assert killed_mid_import >= 1, "no kill landed during an import; the test proved nothing"
    rerun = _cli(db, "ingest", str(SAMPLES))
    assert rerun.wait(timeout=300) == 0, rerun.stderr.read()
    assert _counts(db) == expected
