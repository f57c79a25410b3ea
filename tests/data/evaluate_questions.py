"""Ask every question of tests/data/questions/ and print top-1 / top-3 per half, voice and source.

    python tests/data/evaluate_questions.py --db /work/cache/i12/full.json
    python tests/data/evaluate_questions.py --db … --show-failures      # tuning half only

The questions were written by reading the source texts (see tests/data/README.md). Each names the
row or article that answers it and the department(s) that row or article gives the matter to.
The set is split by source document (sha256 of the document id, see ``half_of``) into a tuning
half and a held-out half. For the held-out half this script prints aggregate figures only: its
failures are never shown, so nothing can be tuned on them.

Without an existing ``--db`` file the graph is built from the sources first (the bundled samples,
../shared/corpus laws, 三定, notices and all local regulations; about four minutes).
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from graph.lookup.normalize import normalize  # noqa: E402

QUESTIONS = Path(__file__).with_name("questions")
SPLIT_FILE = Path(__file__).with_name("question_split.csv")
SAMPLES = ROOT / "ingest" / "samples"
CORPUS = ROOT.parent / "shared" / "corpus"
ROSTER = SAMPLES / "广安区_部门名册.csv"
L05 = SAMPLES / "L05_广安市广安区政务服务事项_按部门.csv"
HALVES = ("tune", "held-out")


@dataclass
class Question:
    qid: str
    text: str
    voice: str
    region: str
    source_file: str
    locator: str
    expected: list[str]
    role: str
    kind: str
    document: str
    half: str = ""
    accept: set[str] = field(default_factory=set)   # full department names that count as right


def source_kind(source_file: str) -> str:
    if source_file.startswith("local_laws/"):
        return "regulation"
    if source_file.startswith("notices/"):
        return "notice"
    return "list"


def document_id(source_file: str, expected: list[str]) -> str:
    """The source document a question comes from.

    L05 is published per implementing body (the file is 广安区政务服务事项 *按部门*): each body's
    section is one document, otherwise one 1,135-row list would land wholly in one half.
    """
    if source_file.endswith(L05.name):
        return f"{source_file}#{expected[0]}"
    return source_file


def half_of(document: str) -> str:
    """Deterministic: the first byte of sha256(document id), even → tune, odd → held-out."""
    return HALVES[hashlib.sha256(document.encode("utf-8")).digest()[0] % 2]


def _roster() -> dict[str, str]:
    """Every short name or alias of the 广安区 roster → the department's full name."""
    out: dict[str, str] = {}
    with open(ROSTER, encoding="utf-8") as f:
        rows = csv.DictReader(line for line in f if not line.startswith("#"))
        for row in rows:
            full = row["部门名称"].strip()
            out[full] = full
            for alias in (row.get("简称/别名") or "").replace("，", "、").split("、"):
                if alias.strip():
                    out[alias.strip()] = full
    return out


def _l05_holders() -> dict[str, set[str]]:
    """Normalised item name → the bodies of L05 that carry an item of that name."""
    out: dict[str, set[str]] = defaultdict(set)
    with open(L05, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            out[normalize(row["事项名称"])].add(row["实施主体"])
    return out


def _l05_rows() -> dict[str, str]:
    with open(L05, encoding="utf-8") as f:
        return {row["序号"]: row["事项名称"] for row in csv.DictReader(f)}


def load_questions() -> list[Question]:
    roster = _roster()
    holders = _l05_holders()
    l05_rows = _l05_rows()
    out: list[Question] = []
    for path in sorted(QUESTIONS.glob("*.csv")):
        with open(path, encoding="utf-8") as f:
            for i, row in enumerate(csv.DictReader(f), 2):
                expected = [x.strip() for x in row["expected"].split("|") if x.strip()]
                q = Question(
                    qid=f"{path.stem}:{i}", text=row["question"], voice=row["voice"],
                    region=row["region"].strip(), source_file=row["source_file"], locator=row["locator"],
                    expected=expected, role=row["role"].strip() or "lead",
                    kind=source_kind(row["source_file"]), document=document_id(row["source_file"], expected))
                q.half = half_of(q.document)
                names = set(expected)
                if row["source_file"].endswith(L05.name):
                    # Any body holding an item of exactly the cited row's name answers it as well.
                    number = row["locator"].strip("第行")
                    names |= holders.get(normalize(l05_rows.get(number, "")), set())
                q.accept = {roster[n] for n in names if n in roster}
                out.append(q)
    return out


def matches(q: Question, department: str) -> bool:
    """Right department: the full name of a roster body, or a name containing an expected key."""
    if department in q.accept:
        return True
    dept = normalize(department)
    return any(normalize(key) in dept for key in q.expected if normalize(key) not in q.accept)


def write_split(questions: list[Question]) -> None:
    per_doc: dict[str, list[Question]] = defaultdict(list)
    for q in questions:
        per_doc[q.document].append(q)
    with open(SPLIT_FILE, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["document", "half", "questions"])
        for doc in sorted(per_doc):
            w.writerow([doc, per_doc[doc][0].half, len(per_doc[doc])])


def build_graph(db: Path) -> None:
    from graph.backends import open_store
    from ingest.dispatch import ingest_paths

    store = open_store(str(db))
    paths = [SAMPLES] + [CORPUS / d for d in ("laws", "sanding", "notices", "local_laws")]
    report = ingest_paths(store, paths, region=None, kind=None)
    store.save()
    print(f"图已建立: {report.rows_loaded} 行，{len(report.files)} 个文件 → {db}", file=sys.stderr)


def resolve(region: str):
    """Region text → code, with the most complete regions module available."""
    if not region:
        return None, ""
    try:
        from graph.reference.regions import resolve_region
    except ImportError:
        from ingest.regions import resolve_region
    try:
        return resolve_region(region).code, ""
    except ValueError as exc:
        return None, str(exc).split("：")[0]


def ask(store, questions: list[Question]) -> dict[str, list]:
    from graph.lookup.who_handles import QueryError, who_handles

    results: dict[str, list] = {}
    for q in questions:
        code, _ = resolve(q.region)
        try:
            answer = who_handles(store, q.text, region=code, limit=3)
            results[q.qid] = [(c.department, c.role, c.matched_item) for c in answer.results]
        except QueryError:
            results[q.qid] = []
    return results


def _rate(hit: int, n: int) -> str:
    return f"{hit}/{n} = {100 * hit / n:5.1f} %" if n else "—"


def report(questions: list[Question], results: dict[str, list], show_failures: bool) -> dict[str, dict]:
    figures: dict[str, dict] = {}
    groups: dict[tuple[str, str, str], list[tuple[bool, bool, bool]]] = defaultdict(list)
    failures: list[str] = []
    for q in questions:
        got = results.get(q.qid, [])
        top1 = bool(got) and matches(q, got[0][0])
        top3 = any(matches(q, d) for d, _, _ in got[:3])
        role_ok = top1 and got[0][1] == q.role
        for key in (("all", "all"), ("voice", q.voice), ("source", q.kind)):
            groups[(q.half, *key)].append((top1, top3, role_ok))
        if show_failures and q.half == "tune" and not top1:
            shown = "；".join(f"{d}[{r}]←{m[:30]}" for d, r, m in got) or "没有结果"
            failures.append(f"{q.qid} {q.region or '-'}「{q.text}」期望 {'|'.join(q.expected)} "
                            f"({q.source_file.rsplit('/', 1)[-1]} {q.locator}) → {shown}")
    for half in HALVES:
        if not any(h == half for h, _, _ in groups):
            continue
        print(f"== {half}")
        for (h, axis, value), rows in sorted(groups.items()):
            if h != half:
                continue
            n = len(rows)
            t1, t3, role = (sum(r[i] for r in rows) for i in range(3))
            label = "全部" if axis == "all" else f"{axis}={value}"
            print(f"  {label:22s} n={n:3d}  top-1 {_rate(t1, n)}  top-3 {_rate(t3, n)}  角色对 {_rate(role, t1)}")
            if axis == "all":
                figures[half] = {"n": n, "top1": t1 / n, "top3": t3 / n}
    if failures:
        print(f"== 调参一半未命中 top-1 的问题（{len(failures)}）")
        print("\n".join(failures))
    return figures


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", default="/work/cache/i12b/full.db", help="图文件；不存在时先从语料建立")
    ap.add_argument("--show-failures", action="store_true", help="列出调参一半未命中的问题（留出一半从不列出）")
    ap.add_argument("--tokens", default="chars", choices=("chars", "words"),
                    help="索引的词项：字的一二元组，或 jieba 分词加一二元组")
    ap.add_argument("--write-split", action="store_true", help=f"重写 {SPLIT_FILE.name}")
    ap.add_argument("--tune-only", action="store_true",
                    help="只问调参一半（调参时用：留出一半的数字也不看，只在中途和最后各看一次）")
    args = ap.parse_args(argv)
    questions = load_questions()
    if args.write_split:
        write_split(questions)
    if args.tune_only:
        questions = [q for q in questions if q.half == "tune"]
    db = Path(args.db)
    if not db.exists():
        build_graph(db)
    from graph.backends import open_store
    from graph.lookup import text_index

    store = open_store(str(db))
    text_index.DEFAULT_TOKENS = args.tokens
    results = ask(store, questions)
    report(questions, results, args.show_failures)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
