"""Build data/clause_words.csv: the words the clause reader (ingest/clauses.py) parses duty texts with —
the heads of holder names (部门/机关/局/委/办/人民政府/办事处 …), level words (县级以上、市、区（县）…), the
coordination between holders (、和 及 以及 或者 …), department names with 和 inside (人力资源和社会保障), and
the verbs that class a duty (主管/牵头/会同/配合/协助/审批/查处/监督管理).

    python -m graph.reference.build_clause_words ../shared/corpus --exclude tests/data/clauses.jsonl

The words themselves are the reader's (kept here as data so that each has a reason on record); this
script fills the ``source`` column with one place in the corpus where the word is used the way the
reader uses it (a holder head followed by its predicate, a level word in front of a government or a
department, a coordination between two department fields, a verb after a holder), documents of the
labelled clause set left out. A word with no such place says so (「语料未见」) and keeps its note.
"""
from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path

from graph.reference.data_files import DATA_DIR, read_rows

OUT = DATA_DIR / "clause_words.csv"
HAN = r"[\u4e00-\u9fff]"
SITE = {
    "organ": lambda w: rf"{HAN}{{1,20}}{re.escape(w)}(?:（[^）]{{1,12}}）)?(?:应当|负责|主管|会同|配合|协助|依法|对|按照|是)",
    "level": lambda w: rf"(?:^|[^\u4e00-\u9fff]|[由各经和对])(?:第[^条]{{1,6}}条\s*)?{re.escape(w)}(?:人民政府)?{HAN}{{0,12}}(?:部门|人民政府|机关)",
    "coordination": lambda w: rf"{HAN}{{2,6}}{re.escape(w)}{HAN}{{2,8}}(?:等)?(?:有关)?(?:行政主管部门|主管部门|部门)",
    "compound": lambda w: rf"{re.escape(w)}(?:行政)?(?:主管)?(?:部门|局|厅|委员会)",
    "verb": lambda w: rf"(?:部门|机关|政府|局|机构|办事处)(?:应当|依法)?{re.escape(w)}",
}


def attest(corpus: Path, exclude: set[str], rows: list[dict[str, str]]) -> None:
    files = [p for p in sorted([*(corpus / "laws").glob("*.md"), *(corpus / "local_laws").rglob("*.md"),
                                *(corpus / "notices").glob("*.txt"), *(corpus / "sanding").glob("*.txt")])
             if str(p.relative_to(corpus)) not in exclude and p.name != "README.md"]
    texts = [(str(p.relative_to(corpus)), p.read_text(encoding="utf-8").splitlines()) for p in files]
    for row in rows:
        pattern = re.compile(SITE[row["kind"]](row["word"]))
        row["source"] = "语料未见"
        for rel, lines in texts:
            hit = next((n for n, line in enumerate(lines, 1) if pattern.search(line)), 0)
            if hit:
                row["source"] = f"{rel}:{hit}"
                break


def main(argv: list[str]) -> int:
    corpus = Path(argv[0]) if argv and not argv[0].startswith("--") else Path("../shared/corpus")
    exclude: set[str] = set()
    if "--exclude" in argv:
        with open(argv[argv.index("--exclude") + 1], encoding="utf-8") as fh:
            exclude = {json.loads(line)["doc"] for line in fh}
    rows = [row for _, row in read_rows("clause_words.csv")]
    attest(corpus, exclude, rows)
    with open(OUT, encoding="utf-8") as fh:
        comments = [line for line in fh if line.startswith("#")]
    with open(OUT, "w", encoding="utf-8", newline="") as fh:
        fh.writelines(comments)
        w = csv.DictWriter(fh, fieldnames=["kind", "word", "class", "note", "source"], lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    unattested = [r["word"] for r in rows if r["source"] == "语料未见"]
    print(f"{len(rows)} words, {len(rows) - len(unattested)} attested; not attested: {'、'.join(unattested)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
