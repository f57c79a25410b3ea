"""The who-handles question sets' evaluator (tests/data/evaluate_questions.py): its split is kept,
a set changed after its split is refused, and held-out questions are never listed."""
from __future__ import annotations

import csv
import hashlib
import re
from pathlib import Path

import pytest

from conftest import load_data_script



@pytest.fixture(scope="module")
def ev():
    return load_data_script("evaluate_questions")


def _committed_sha(readme: Path) -> str:
    found = re.search(r"`([0-9a-f]{64})`", readme.read_text(encoding="utf-8"))
    assert found, f"{readme} names no sha256"
    return found.group(1)


def test_round1_set_and_split_are_those_committed(ev):
    blob = b"".join(p.read_bytes() for p in sorted(ev.QUESTIONS.glob("*.csv"))) + ev.SPLIT_FILE.read_bytes()
    assert hashlib.sha256(blob).hexdigest() == _committed_sha(ev.QUESTIONS / "README.md")
    questions = ev.load_questions(1)
    ev.check_split(questions, ev.SPLIT_FILE)   # raises if the set no longer agrees with its split
    assert len(questions) == 473 and sum(q.half == "tune" for q in questions) == 249


def test_round2_split_is_committed_with_the_set(ev):
    if not ev.QUESTIONS2.is_dir():
        pytest.skip("round-2 set not on this branch yet")
    blob = b"".join(p.read_bytes() for p in sorted(ev.QUESTIONS2.glob("*.csv"))) + ev.SPLIT_FILE2.read_bytes()
    assert hashlib.sha256(blob).hexdigest() == _committed_sha(ev.QUESTIONS2 / "README.md")
    questions = ev.load_questions(2)
    ev.check_split(questions, ev.SPLIT_FILE2)
    assert all(q.qid.startswith("r2/") and q.half == ev.half_of(q.document) for q in questions)


@pytest.mark.parametrize("round_no", [3, 4])
def test_later_rounds_are_the_sets_and_splits_committed(ev, round_no):
    folder, split = ev.ROUNDS[round_no]
    blob = b"".join(p.read_bytes() for p in sorted(folder.glob("*.csv"))) + split.read_bytes()
    assert hashlib.sha256(blob).hexdigest() == _committed_sha(folder / "README.md")
    questions = ev.load_questions(round_no)
    ev.check_split(questions, split)
    assert {q.half for q in questions} == set(ev.HALVES)


def _set(folder: Path, rows: list[dict]) -> None:
    folder.mkdir()
    with open(folder / "regs.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=ev_columns())
        w.writeheader()
        w.writerows(rows)


def ev_columns():
    return ["question", "voice", "region", "source_file", "locator", "expected", "role"]


ROW = {"question": "养狗要去哪里登记", "voice": "resident", "region": "上海市",
       "source_file": "local_laws/上海/上海市养犬管理条例.md", "locator": "第九条", "expected": "公安", "role": "lead"}


def test_a_set_changed_after_its_split_is_refused(ev, tmp_path, monkeypatch):
    folder, split = tmp_path / "q", tmp_path / "split.csv"
    _set(folder, [ROW])
    monkeypatch.setitem(ev.ROUNDS, 2, (folder, split))
    with pytest.raises(ev.SetError, match="不存在"):
        ev.check_split(ev.load_questions(2), split)
    ev.write_split(ev.load_questions(2), split)
    ev.check_split(ev.load_questions(2), split)
    with open(folder / "regs.csv", "a", encoding="utf-8", newline="") as f:
        csv.DictWriter(f, fieldnames=ev_columns()).writerow({**ROW, "source_file": "local_laws/北京/另一个条例.md"})
    with pytest.raises(ev.SetError, match="不一致"):
        ev.check_split(ev.load_questions(2), split)


def test_a_missing_column_is_named(ev, tmp_path, monkeypatch):
    folder = tmp_path / "q"
    folder.mkdir()
    (folder / "x.csv").write_text("question,voice\n问,resident\n", encoding="utf-8")
    monkeypatch.setitem(ev.ROUNDS, 2, (folder, tmp_path / "s.csv"))
    with pytest.raises(ev.SetError, match="缺少列 region"):
        ev.load_questions(2)


def test_held_out_failures_are_never_listed(ev, tmp_path, monkeypatch, capsys):
    folder = tmp_path / "q"
    # Two documents, one per half (half_of is sha256 of the document id).
    docs = {}
    for n in range(20):
        doc = f"local_laws/上海/条例{n}.md"
        docs.setdefault(ev.half_of(doc), doc)
    _set(folder, [{**ROW, "source_file": docs["tune"], "question": "调参问题"},
                  {**ROW, "source_file": docs["held-out"], "question": "留出问题"}])
    monkeypatch.setitem(ev.ROUNDS, 2, (folder, tmp_path / "s.csv"))
    questions = ev.load_questions(2)
    ev.report(questions, {}, show_failures=True)
    out = capsys.readouterr().out
    assert "调参问题" in out and "留出问题" not in out
    assert "round 2 held-out" in out and "round 2 tune" in out


def test_sanding_questions_are_their_own_source_kind(ev):
    assert ev.source_kind("sanding/某县市场监督管理局三定.md") == "sanding"
    assert ev.source_kind("notices/N10.txt") == "notice"
    assert ev.source_kind("lists/L05_广安市广安区政务服务事项_按部门.csv") == "list"


def test_a_clause_held_out_document_is_never_shown_in_failures(ev, tmp_path, monkeypatch, capsys):
    """The two sets share documents with the clause set of issue 13: a tuning question that comes from a clause
    held-out document, or a candidate quoting one, would show what the clause reader made of that document."""
    heldout_docs, titles = ev._clause_heldout()
    doc = next(d for d in sorted(heldout_docs) if ev.half_of(d) == "tune" and d.startswith("local_laws/"))
    other = next(d for d in (f"local_laws/上海/条例{n}.md" for n in range(20)) if ev.half_of(d) == "tune")
    folder = tmp_path / "q"
    _set(folder, [{**ROW, "source_file": doc, "question": "出自留出条款文档的问题"},
                  {**ROW, "source_file": other, "question": "普通调参问题"}])
    monkeypatch.setitem(ev.ROUNDS, 2, (folder, tmp_path / "s.csv"))
    questions = ev.load_questions(2)
    assert all(q.half == "tune" for q in questions)
    title = next(t for t in titles if t.startswith(Path(doc).stem[:4]))
    results = {q.qid: [("某部门", "lead", f"《{title}》第三条：某事项")] for q in questions}
    ev.report(questions, results, show_failures=True)
    out = capsys.readouterr().out
    assert "出自留出条款文档的问题" not in out and "其中 1 个出自条款标注集留出文档" in out
    assert "普通调参问题" in out and "第三条：某事项" not in out and "不显示" in out
