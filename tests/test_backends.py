"""Which store a --db value opens: SQLite by default, a first-version JSON graph read-only
until converted with one command."""
from __future__ import annotations

from pathlib import Path

import pytest

from api.cli import main
from graph.backends import DEFAULT_DB, open_store
from graph.embedded import EmbeddedStore
from graph.model import PowerItem, to_record
from graph.sqlite_store import SqliteStore, is_sqlite_file
from graph.store import StoreError
from graph.transfer import dump

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "ingest" / "samples"


def test_the_default_graph_is_a_sqlite_file_in_the_working_folder(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    for var in ("NEO4J_URI", "DUTYGRAPH_DB"):
        monkeypatch.delenv(var, raising=False)
    with open_store() as store:
        assert isinstance(store, SqliteStore)
        store.upsert_nodes([to_record(PowerItem(id="item:1", name="犬类准养证核发"))])
    assert is_sqlite_file(tmp_path / DEFAULT_DB)


@pytest.fixture(scope="module")
def old_graph(tmp_path_factory) -> Path:
    """A graph file as the first version wrote it: the samples, as one JSON document."""
    from ingest.dispatch import ingest_paths

    path = tmp_path_factory.mktemp("old") / "dutygraph.graph.json"
    store = EmbeddedStore(path)
    assert not ingest_paths(store, [SAMPLES]).failed
    store.save()
    return path


def test_an_old_json_graph_opens_read_only_and_says_how_to_convert(old_graph, capsys) -> None:
    assert main(["--db", str(old_graph), "info", "--json"]) == 0
    out = capsys.readouterr()
    assert '"PowerItem"' in out.out
    assert "旧版 JSON 图文件" in out.err and f"export --to {old_graph.with_name('dutygraph.db')}" in out.err
    assert main(["--db", str(old_graph), "ingest", str(SAMPLES / "广安区_部门名册.csv")]) == 2
    assert "只能读取" in capsys.readouterr().err


def test_one_command_converts_an_old_graph_to_sqlite(old_graph, tmp_path, capsys) -> None:
    target = tmp_path / "dutygraph.db"
    assert main(["--db", str(old_graph), "export", "--to", str(target)]) == 0
    assert "已复制" in capsys.readouterr().out
    old, new = EmbeddedStore(old_graph), SqliteStore(target)
    assert dump(new) == dump(old) and new.count_nodes() > 1000
    # And the converted graph answers as the old one did.
    assert main(["--db", str(target), "who-handles", "养狗要办什么证", "--region", "广安区"]) == 0
    assert "公安" in capsys.readouterr().out


def test_a_json_graph_that_does_not_exist_is_not_created(tmp_path) -> None:
    with pytest.raises(StoreError, match="找不到"):
        open_store(str(tmp_path / "new.graph.json"))
