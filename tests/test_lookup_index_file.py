"""The whole graph's who-handles index, kept beside a SQLite graph as mapped arrays: the next
process opens it instead of rebuilding it, answers exactly as the built one does, and never
uses one of another generation."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from api.answer_render import answer_json
from graph.lookup import answer_index as answer_index_module
from graph.lookup.answer_index import answer_index
from graph.lookup.index_file import PackedStrings, open_arrays, write_arrays
from graph.lookup.who_handles import who_handles
from graph.sqlite_store import SqliteStore
from ingest.dispatch import ingest_paths

SAMPLES = Path(__file__).resolve().parents[1] / "ingest" / "samples"
QUESTIONS = ["养狗要办什么证", "开饭店要办什么证", "我家楼下新开了个饭馆，油烟天天往屋里灌，打12345应该转给哪个部门？",
             "燃气整改归谁管", "河道采砂"]


def _samples_db(tmp_path: Path) -> Path:
    db = tmp_path / "g.db"
    store = SqliteStore(db)
    assert not ingest_paths(store, [SAMPLES]).failed
    store.close()
    return db


def _answers(store, index=None) -> list[dict]:
    return [answer_json(who_handles(store, q, index=index)) for q in QUESTIONS]


def test_a_new_process_opens_the_kept_index_and_answers_as_the_built_one(tmp_path: Path) -> None:
    db = _samples_db(tmp_path)
    first = SqliteStore(db)
    built = answer_index_module.build(first)
    answer_index(first)   # builds it and keeps it beside the graph
    kept = list((tmp_path / "g.db-lookup").glob("answer-index-*.arrays"))
    assert len(kept) == 1
    assert open_arrays(kept[0]).meta["generation"] == first.generation()

    again = SqliteStore(db)  # another store object: nothing in memory, as in a new process
    opened = answer_index(again)
    assert isinstance(opened.refs, PackedStrings)   # mapped from the file, not rebuilt
    assert list(opened.refs) == list(built.refs) and list(opened.text.titles) == list(built.text.titles)
    assert _answers(again) == _answers(first, built)


def test_after_a_write_the_kept_index_is_not_used_and_the_new_rows_answer(tmp_path: Path, corpus: Path) -> None:
    db = _samples_db(tmp_path)
    store = SqliteStore(db)
    before = answer_index(store)
    law = corpus / "laws" / "产品质量法.md"   # its duty sentences are answer texts too
    assert not ingest_paths(store, [law]).failed
    after = answer_index(SqliteStore(db))
    assert len(after) > len(before)   # the kept one is of the old generation: the law's texts are added
    # … beside it, as a delta of this generation (tests/test_lookup_index_delta.py), answering as a rebuild
    delta = open_arrays(next((tmp_path / "g.db-lookup").glob("answer-delta-*.arrays")))
    assert delta.meta["generation"] == store.generation()
    assert _answers(store, after) == _answers(store, answer_index_module.build(store))


def test_a_damaged_index_file_is_rebuilt_not_an_error(tmp_path: Path) -> None:
    db = _samples_db(tmp_path)
    answer_index(SqliteStore(db))
    kept = next((tmp_path / "g.db-lookup").glob("answer-index-*.arrays"))
    kept.write_bytes(kept.read_bytes()[: kept.stat().st_size // 2])
    assert open_arrays(kept) is None
    store = SqliteStore(db)
    assert _answers(store) == _answers(store, answer_index_module.build(store))


def test_arrays_and_strings_come_back_from_the_file(tmp_path: Path) -> None:
    path = tmp_path / "x.arrays"
    write_arrays(path, {"a": np.arange(5, dtype=np.int32), "empty": np.zeros(0, np.float32)},
                 {"names": ["养犬登记", "", "食品经营许可（变更）"]}, {"generation": 3})
    found = open_arrays(path)
    assert found.meta == {"generation": 3}
    assert found.arrays["a"].tolist() == [0, 1, 2, 3, 4] and len(found.arrays["empty"]) == 0
    assert list(found.strings["names"]) == ["养犬登记", "", "食品经营许可（变更）"]
    assert found.strings["names"][2] == "食品经营许可（变更）"
