"""The who-handles index after a write: the parts the write touched are indexed on their own (a
delta segment beside the kept index) and searched with it, so adding a list to a graph whose index
exists costs that list, not the whole graph — and the answers are those of a full rebuild."""
from __future__ import annotations

import csv
import io
import multiprocessing
import time
from pathlib import Path

import numpy as np

from api.answer_render import answer_json
from graph.lookup import answer_index as answer_index_module
from graph.lookup.answer_index import BUILDS, answer_index
from graph.lookup.index_file import open_arrays, write_arrays
from graph.lookup.text_index import SegmentedIndex
from graph.lookup.who_handles import who_handles
from graph.sqlite_store import SqliteStore
from graph.versions import list_versions, delete_version
from ingest.dispatch import ingest_paths
from test_api_common import client_for

SAMPLES = Path(__file__).resolve().parents[1] / "ingest" / "samples"
WASTE_LIST = "L02_成都市贯彻落实生活垃圾分类制度重点任务责任分工表.csv"
# Asked without a region: answered from the whole graph's index (a region's own texts are read
# from the store per question and need no kept index).
RECYCLING = "生活垃圾回收利用体系建设归哪个部门管"
HAZARDOUS = "家庭源危险废物处置的规范化管理找谁"
OTHERS = ["养狗要办什么证", "开饭店要办什么证", "我家楼下新开了个饭馆，油烟天天往屋里灌，打12345应该转给哪个部门？",
          "燃气整改归谁管", "河道采砂"]


def _graph_without_the_waste_list(tmp_path: Path) -> Path:
    """The bundled samples except the 成都 waste-sorting list, and the index of that graph kept."""
    db = tmp_path / "g.db"
    store = SqliteStore(db)
    files = sorted(p for p in SAMPLES.glob("*.csv") if p.name != WASTE_LIST)
    assert not ingest_paths(store, files).failed
    answer_index(store)
    store.close()
    return db


def _base_file(db: Path) -> Path:
    return next(db.parent.glob(f"{db.name}-lookup/answer-index-*.arrays"))


def _matched(store, question: str) -> list[str]:
    return [c.matched_item for c in who_handles(store, question).results]


def test_a_new_list_is_answered_without_rebuilding_the_kept_index(tmp_path: Path) -> None:
    db = _graph_without_the_waste_list(tmp_path)
    base = _base_file(db)
    stamp = (base.stat().st_ino, base.stat().st_mtime_ns, open_arrays(base).meta["generation"])
    before = SqliteStore(db)
    assert not any("生活垃圾回收利用体系" in m for m in _matched(before, RECYCLING))

    writer = SqliteStore(db)
    assert not ingest_paths(writer, [SAMPLES / WASTE_LIST]).failed
    whole = BUILDS["whole"]
    reader = SqliteStore(db)   # a new store object: nothing in memory, as in the next command
    index = answer_index(reader)
    assert BUILDS["whole"] == whole                # the whole graph's index was not rebuilt …
    assert (base.stat().st_ino, base.stat().st_mtime_ns, open_arrays(base).meta["generation"]) == stamp
    assert isinstance(index.text, SegmentedIndex)  # … the list was indexed beside it
    assert len(index.text.delta) == 4 and len(index.text.dead) == 0   # its four tasks (row 5 is quarantined)
    answer = who_handles(reader, RECYCLING, index=index)
    top = answer.results[0]
    assert "生活垃圾回收利用体系" in top.matched_item and "商务" in top.department
    assert "危险废物" in who_handles(reader, HAZARDOUS, index=index).results[0].matched_item

    # The same answers as an index built afresh from the whole graph, for the new list's
    # questions and the others.
    full = answer_index_module.build(reader)
    for q in [RECYCLING, HAZARDOUS, *OTHERS]:
        assert answer_json(who_handles(reader, q, index=index)) == answer_json(who_handles(reader, q, index=full)), q

    # The next process opens the delta that this one kept: nothing is built at all.
    deltas = BUILDS["delta"]
    again = answer_index(SqliteStore(db))
    assert BUILDS["delta"] == deltas and BUILDS["whole"] == whole
    assert len(again.text.delta) == 4


def _changed_copy(tmp_path: Path, drop_row: str) -> Path:
    """The waste-sorting list as its next version: one row left out (the same file name, so the
    import records a new version of the same list)."""
    text = (SAMPLES / WASTE_LIST).read_text("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    kept = [r for r in rows if r[0] != drop_row]
    assert len(kept) == len(rows) - 1
    folder = tmp_path / "v2"
    folder.mkdir()
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(kept)
    (folder / WASTE_LIST).write_text(out.getvalue(), "utf-8")
    return folder / WASTE_LIST


def test_replacing_and_deleting_a_list_version_updates_the_answers_incrementally(tmp_path: Path) -> None:
    db = _graph_without_the_waste_list(tmp_path)
    writer = SqliteStore(db)
    assert not ingest_paths(writer, [SAMPLES / WASTE_LIST]).failed
    assert "危险废物" in who_handles(SqliteStore(db), HAZARDOUS).results[0].matched_item

    # Version 2 leaves out row 3 (家庭源危险废物处置): its item is no longer an answer.
    assert not ingest_paths(writer, [_changed_copy(tmp_path, "3")]).failed
    whole = BUILDS["whole"]
    reader = SqliteStore(db)
    answer = who_handles(reader, HAZARDOUS)
    assert BUILDS["whole"] == whole
    assert not any("家庭源危险废物" in c.matched_item for c in answer.results)
    assert any("生活垃圾回收利用体系" in m for m in _matched(reader, RECYCLING))
    assert answer_json(answer) == answer_json(who_handles(reader, HAZARDOUS, index=answer_index_module.build(reader)))

    # Deleting version 2 makes version 1 current again, row 3 with it.
    newest = next(v for v in list_versions(reader) if v["dataset"] == WASTE_LIST and v["current"])
    assert delete_version(writer, newest["id"])["restored_version"]
    reader = SqliteStore(db)
    assert "危险废物" in who_handles(reader, HAZARDOUS).results[0].matched_item
    assert BUILDS["whole"] == whole

    # Deleting the only version left takes the list's items out of the answers.
    only = next(v for v in list_versions(reader) if v["dataset"] == WASTE_LIST)
    assert delete_version(writer, only["id"])["items_deleted"] == 4
    reader = SqliteStore(db)
    index = answer_index(reader)
    assert len(index.text.dead) == 0 and len(index.text.delta) == 0   # the part is now empty
    assert not any("生活垃圾回收利用体系" in m for m in _matched(reader, RECYCLING))
    assert BUILDS["whole"] == whole


def test_a_write_as_large_as_the_graph_rebuilds_the_whole_index(tmp_path: Path) -> None:
    """Past COMPACT_FRACTION of the kept index the delta is merged into a new one (a rebuild)."""
    db = _graph_without_the_waste_list(tmp_path)
    stamp = open_arrays(_base_file(db)).meta["build"]
    writer = SqliteStore(db)
    # L05 again, as the list of 广安市前锋区: 1,135 new items beside the samples' ~1,200 texts.
    assert not ingest_paths(writer, [SAMPLES / "L05_广安市广安区政务服务事项_按部门.csv"], region="511603").failed
    whole = BUILDS["whole"]
    index = answer_index(SqliteStore(db))
    assert BUILDS["whole"] == whole + 1 and not isinstance(index.text, SegmentedIndex)
    assert open_arrays(_base_file(db)).meta["build"] != stamp


def test_a_server_answers_from_another_process_list_within_a_second_without_a_rebuild(tmp_path: Path) -> None:
    db = _graph_without_the_waste_list(tmp_path)
    with client_for(SqliteStore(db)) as client:
        while client.get("/readyz").status_code != 200:
            time.sleep(0.02)
        ask = {"q": RECYCLING}
        assert not any("生活垃圾回收利用体系" in r["matched_item"]
                       for r in client.get("/api/who-handles", params=ask).json()["results"])
        whole = BUILDS["whole"]
        assert not ingest_paths(SqliteStore(db), [SAMPLES / WASTE_LIST]).failed   # another writer
        written = time.monotonic()
        while True:
            results = client.get("/api/who-handles", params=ask).json()["results"]
            if results and "生活垃圾回收利用体系" in results[0]["matched_item"]:
                break
            assert time.monotonic() - written < 1.0, "the server did not answer from the new list within a second"
            time.sleep(0.02)
        while client.get("/readyz").status_code != 200:   # ready again once the delta is open
            assert time.monotonic() - written < 1.0
            time.sleep(0.02)
        assert BUILDS["whole"] == whole


def _write_versions(path: str, rounds: int) -> None:
    for i in range(rounds):
        n = 200_000 + (i % 7) * 10_000   # files of changing size, each whole or not at all
        write_arrays(Path(path), {"values": np.full(n, i, dtype=np.int64)}, {}, {"round": i, "size": n})


def test_a_reader_never_sees_a_half_written_segment(tmp_path: Path) -> None:
    """Segments are written to a temporary file and renamed: a reader opening one while another
    process rewrites it gets a whole earlier or later file, never a mix or a truncated one."""
    path = tmp_path / "segment.arrays"
    _write_versions(str(path), 1)
    writer = multiprocessing.get_context("spawn").Process(target=_write_versions, args=(str(path), 60))
    writer.start()
    seen = set()
    try:
        while writer.is_alive() or not seen:
            found = open_arrays(path)
            assert found is not None
            values = found.arrays["values"]
            assert len(values) == found.meta["size"]
            assert values[0] == values[-1] == found.meta["round"]
            seen.add(found.meta["round"])
    finally:
        writer.join()
    assert writer.exitcode == 0
