"""Which importer gets which file, in which order, and what happens when there is none."""
from __future__ import annotations

from pathlib import Path

import pytest

from graph.embedded import EmbeddedStore
from ingest import dispatch
from ingest.dispatch import ingest_paths, plan, text_kind
from ingest.headers import HeaderError

SAMPLES = Path(__file__).resolve().parents[1] / "ingest" / "samples"


def test_rosters_are_imported_before_the_lists_that_need_them():
    jobs = plan([SAMPLES])
    assert jobs[0] == ("roster", SAMPLES / "广安区_部门名册.csv")
    assert {kind for kind, _ in jobs[1:]} == {"list"}
    assert not any(p.name.startswith(("README", "__init__")) for _, p in jobs)


def test_a_roster_is_recognised_by_its_columns_even_without_名册_in_its_name(tmp_path: Path):
    path = tmp_path / "部门.csv"
    path.write_text("部门名称,简称/别名,曾用名(机构改革前),类型\n广安市广安区林业局,区林业局,,部门\n", encoding="utf-8")
    assert plan([path]) == [("roster", path)]


def test_text_files_go_to_the_law_三定_or_notice_importer(corpus: Path):
    assert text_kind(corpus / "laws" / "食品安全法.md") == "law"
    assert text_kind(corpus / "sanding" / "SD08_新宁县农业农村局机构职能.txt") == "sanding"
    assert text_kind(corpus / "notices" / "N20_安丘市行政审批与监管协调联动实施办法.txt") == "notice"


def test_folder_index_files_are_not_imported(corpus: Path):
    names = {p.name for _, p in plan([corpus])}
    assert "MANIFEST.csv" not in names and "INDEX.csv" not in names


def test_an_importer_that_does_not_exist_yet_is_a_clear_per_file_message(tmp_path: Path, monkeypatch):
    monkeypatch.setitem(dispatch.IMPORTERS, "notice", "ingest.no_such_module:import_notice")
    path = tmp_path / "N99_通知.txt"
    path.write_text("source: x\n", encoding="utf-8")
    [report] = ingest_paths(EmbeddedStore(None), [path]).files
    assert report.status == "failed" and "尚不支持" in report.error


def test_an_unknown_kind_is_refused_before_any_file_is_read():
    with pytest.raises(HeaderError, match="未知的清单类型"):
        ingest_paths(EmbeddedStore(None), [SAMPLES], kind="预算表")


def test_kind_overrides_detection(tmp_path: Path):
    path = tmp_path / "清单.csv"
    path.write_text("序号,事项名称,责任单位\n1,犬类准养证核发,区公安分局\n", encoding="utf-8")
    store = EmbeddedStore(None)
    [report] = ingest_paths(store, [path], region="广安区", kind="分工表").files
    assert report.kind == "task" and store.count_nodes("Task") == 1
