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


def test_a_file_that_cannot_be_read_fails_alone_and_the_rest_of_the_folder_loads(tmp_path: Path, corpus: Path):
    folder = tmp_path / "广安区清单"
    folder.mkdir()
    l05 = (corpus / "lists" / "L05_广安市广安区政务服务事项_按部门.csv").read_bytes()
    header, *rows = l05.decode("utf-8").splitlines(keepends=True)
    (folder / "01_广安区_完整.csv").write_bytes(l05)
    (folder / "02_广安区_只有表头.csv").write_text(header, encoding="utf-8")
    (folder / "03_广安区_损坏.xlsx").write_bytes(b"PK\x03\x04" + l05[:2000])          # a zip cut short
    (folder / "04_广安区_坏UTF16.csv").write_bytes(b"\xff\xfe" + b"\x00\xd8\x41\x00" * 50)  # lone surrogates
    (folder / "05_广安区_分号.csv").write_text(
        "".join(line.replace(",", ";") for line in [header, *rows[:10]]), encoding="utf-8")
    report = ingest_paths(EmbeddedStore(), [folder])
    by_name = {Path(f.path).name: f for f in report.files}
    assert by_name["01_广安区_完整.csv"].rows_loaded == 1135
    assert by_name["05_广安区_分号.csv"].rows_read == 10
    failed = {Path(f.path).name: f.error for f in report.failed}
    assert set(failed) == {"02_广安区_只有表头.csv", "03_广安区_损坏.xlsx", "04_广安区_坏UTF16.csv"}
    assert "只有表头" in failed["02_广安区_只有表头.csv"]
    assert "XLSX" in failed["03_广安区_损坏.xlsx"] and "UTF-16" in failed["04_广安区_坏UTF16.csv"]
    assert all("内部错误" not in e for e in failed.values())
    assert report.rows_read == report.rows_loaded + report.rows_quarantined == 1135 + 10


def _graph(store) -> tuple[list, list]:
    nodes = sorted((n.id, n.label, sorted((k, repr(v)) for k, v in n.props.items() if k != "imported_at"))
                   for n in store.iter_nodes())
    edges = sorted((e.src, e.rel, e.dst, e.key, sorted((k, repr(v)) for k, v in e.props.items()))
                   for e in store.iter_edges())
    return nodes, edges


def test_laws_read_ahead_by_worker_processes_give_the_graph_and_reports_of_one_process(corpus: Path,
                                                                                        tmp_path: Path,
                                                                                        monkeypatch):
    """A command-line import reads laws ahead in worker processes; what it writes must not change."""
    handed: list[bool] = []
    real_get = dispatch._LawsAhead.get
    monkeypatch.setattr(dispatch._LawsAhead, "get",
                        lambda self, path: handed.append(True) or real_get(self, path))
    folder = tmp_path / "laws"
    folder.mkdir()
    names = ["无证无照经营查处办法.md", "公共场所卫生管理条例.md", "城市道路管理条例.md",
             "城市市容和环境卫生管理条例.md", "市场主体登记管理条例.md"]
    for name in names:
        (folder / name).write_bytes((corpus / "laws" / name).read_bytes())
    (folder / "没有正文的条例.md").write_text("# 某某条例\n2020年1月1日 公布\n<!-- INFO END -->\n", encoding="utf-8")
    (folder / "不是文本的条例.md").write_bytes(b"\xff\xfe\x00bad")
    runs = []
    for workers in (1, 2):
        store = EmbeddedStore(None)
        report = ingest_paths(store, [folder], workers=workers)
        runs.append(([(Path(f.path).name, f.status, f.rows_read, f.rows_loaded, f.error, f.notes)
                      for f in report.files], _graph(store)))
    (reports_one, graph_one), (reports_two, graph_two) = runs
    assert len(handed) == 7      # the second import did read its laws ahead
    assert reports_two == reports_one
    assert graph_two == graph_one
    assert sum(r[3] for r in reports_one) > 100 and any(r[4] for r in reports_one)   # articles; the bad file's error
    assert any(e[1] == "MANDATES" for e in graph_one[1]) and any(n[1] == "DutyClause" for n in graph_one[0])
