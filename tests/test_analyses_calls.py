"""Calls (乡呼县应/镇呼区应, 12345) from CSV and JSON: row accounting, idempotence, dispatch, and the
call gap — on the real 广安区 lists."""
from __future__ import annotations

import json
from pathlib import Path

from graph.analyses.gaps import find_gaps
from graph.model import Rel
from ingest.calls import import_calls, looks_like_calls
from ingest.dispatch import ingest_paths, plan
from test_analyses_support import GUANG_AN, corpus_graph_file, corpus_store  # noqa: F401

CSV = """序号,乡镇(街道),诉求内容,呼叫时间,承办部门,办理结果
1,浓洄街道,我家养狗要办什么证,2025-03-01,区公安分局,已办结
2,浓洄街道,小区电梯困人无人处理,2025-03-02,,未响应
3,浓洄街道,,2025-03-03,,
4,浓洄街道,我家养狗要办什么证,2025-03-01,区公安分局,已办结
5,浓洄街道,危险化学品经营许可证怎么办理,2025-03-05,区应急管理局,已办结
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_csv_rows_are_counted_and_quarantined_with_reasons(corpus_store, tmp_path):
    path = _write(tmp_path, "广安区镇呼区应记录.csv", CSV)
    report = import_calls(corpus_store, path, region="广安区")
    assert (report.rows_read, report.rows_loaded, report.rows_quarantined) == (5, 3, 2) and report.balanced
    assert [(r.row, r.reason) for r in report.rejections] == [(4, "诉求内容为空"), (5, "重复记录: 与第 2 行为同一呼叫")]
    calls = {c.props["text"]: c.props for c in corpus_store.iter_nodes("Call")}
    assert calls["我家养狗要办什么证"]["region"] == GUANG_AN and calls["我家养狗要办什么证"]["township"] == "浓洄街道"
    assert calls["我家养狗要办什么证"]["department_text"] == "区公安分局"
    again = import_calls(corpus_store, path, region="广安区")
    assert again.status == "unchanged" and corpus_store.count_nodes("Call") == 3


def test_the_call_that_matches_no_item_is_a_gap(corpus_store, tmp_path):
    import_calls(corpus_store, _write(tmp_path, "广安区镇呼区应记录.csv", CSV), region="511602")
    gaps = find_gaps(corpus_store, GUANG_AN, kinds=["call"])
    assert [f.data["call"] for f in gaps] == ["小区电梯困人无人处理"]
    (f,) = gaps
    assert f.kind == "call_unmatched" and len(f.data["nearest"]) == 3
    assert f.sources and f.sources[0]["locator"] == "第 3 行"


def test_json_with_the_dispatchers_match(corpus_store, tmp_path):
    doc = {"calls": [{"诉求内容": "养犬登记", "区划代码": "511602000000", "对应事项": "犬类准养证核发", "来源": "12345"},
                     {"text": "无法识别的地区", "region": "火星"},
                     "not an object"]}
    path = _write(tmp_path, "calls.json", json.dumps(doc, ensure_ascii=False))
    report = import_calls(corpus_store, path)
    assert (report.rows_read, report.rows_loaded) == (3, 1)
    assert {r.reason for r in report.rejections} == {"未知的地区「火星」", "不是一个对象（应为 {\"诉求内容\": …} 形式）"}
    (call,) = corpus_store.iter_nodes("Call")
    (m,) = corpus_store.edges_from(call.id, Rel.MATCHED.value)
    assert corpus_store.get_node(m.dst).props["name"] == "犬类准养证核发"
    assert call.props["channel"] == "12345"


def test_dispatch_sends_call_files_to_the_calls_importer(tmp_path):
    csv_path = _write(tmp_path, "记录.csv", CSV)
    json_path = _write(tmp_path, "x.json", "[]")
    assert looks_like_calls(csv_path) and looks_like_calls(json_path)
    assert [job for job, _ in plan([csv_path, json_path])] == ["calls", "calls"]
    from graph.embedded import EmbeddedStore

    report = ingest_paths(EmbeddedStore(None), [csv_path], region="511602")
    assert report.files[0].kind == "calls" and report.rows_loaded == 3
