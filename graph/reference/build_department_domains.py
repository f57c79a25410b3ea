"""Build data/department_domains.csv: the words that name a department's field (公安, 市场监管, 城管执法 …),
harvested from texts where only a government department can stand.

    python -m graph.reference.build_department_domains ../shared/corpus --exclude tests/data/clauses.jsonl

A word counts when a text writes it between 「人民政府」 (or a level word: 「市、区」「县」) and a department
suffix (「县级以上人民政府公安部门」, 「市、区人民政府发展改革、教育、公安等部门」, 「区水务行政管理部门」: every
member of the list): there nothing but a government department can stand. Documents of the labelled clause set (both halves) are left out, so that the
reader's figures on them are not measured with words read from them. Each row says how often and in how
many documents the word was seen, and one document it was seen in (the source column).
"""
from __future__ import annotations

import csv
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

from graph.reference.data_files import DATA_DIR

OUT = DATA_DIR / "department_domains.csv"
SUFFIX = r"(?:行政主管部门|主管部门|行政管理部门|行政部门|管理部门|职能部门|部门|主管机关)"
# 「人民政府」 then a list of fields (、和及 between them), optionally 「等」 and 「有关」, then the suffix.
SITE = re.compile(rf"人民政府(?![和及与或、])(?P<list>[\u4e00-\u9fff、]{{2,80}}?)(?:等)?(?:有关|相关)?{SUFFIX}|"
                  # 「市、区公安、民政等部门」「区水务行政管理部门」: a level word, then fields and a suffix.
                  rf"(?:^|[，。；：、]|[^\u4e00-\u9fff])(?:市、区|市、县|市和区、县|区、县|县级以上|设区的市|市|区|县|省)"
                  rf"(?![场容政域民级辖委长])(?P<list2>[\u4e00-\u9fff、]{{2,60}}?)(?:等)?{SUFFIX}")
BAD = re.compile(r"的|应当|可以|对|由|向|在|其|各|有关|相关|其他|所属|确定|指定|授权|设立|本级|同级|上级|下级|"
                 r"及其|负责|承担|会同|组织|依法|按照|根据|工作|职责|以上|以下|地方|直属|派出|或者|需要|上述|依据|同意|"
                 r"加强|协调|共同|牵头|人民政府|政府|法院|检察院|办事处|区长|机构|办公厅|办公室|与|国务院|国家|省|报")
# Level words a list may still carry in front of a field (「上一级卫生」「县民政」「县级人民政府农业农村」).
LEVEL = re.compile(r"^(?:上一级|上级|本级|同级)(?:(?:县级|市级|省级)?人民政府)?|^(?:县级|市级|省级)?人民政府|"
                   r"^[县区市乡镇](?![县区市乡镇场容政域民])(?=[\u4e00-\u9fff]{2})")


def harvest(corpus: Path, exclude: set[str]) -> tuple[Counter, dict[str, set[str]]]:
    counts: Counter = Counter()
    docs: dict[str, set[str]] = defaultdict(set)
    for path in sorted([*(corpus / "laws").glob("*.md"), *(corpus / "local_laws").rglob("*.md")]):
        rel = str(path.relative_to(corpus))
        if rel in exclude:
            continue
        for m in SITE.finditer(path.read_text(encoding="utf-8")):
            words = []
            for word in re.split(r"、|和(?!社会|城乡|信息|旅游|计划|规划|改革|草原)|及|以及|或者|或", m.group("list") or m.group("list2")):
                prev = None
                while prev != word:
                    prev, word = word, LEVEL.sub("", word, count=1)
                words.append(word)
            # A list with a verb or a body in it (「设立由高校、科研机构、企业、相关部门…」) is not a list of fields.
            if any(BAD.search(w) or not 2 <= len(w) <= 10 for w in words):
                continue
            for word in words:
                counts[word] += 1
                docs[word].add(rel)
    return counts, docs


def main(argv: list[str]) -> None:
    corpus = Path(argv[0])
    exclude: set[str] = set()
    if "--exclude" in argv:
        with open(argv[argv.index("--exclude") + 1], encoding="utf-8") as fh:
            exclude = {json.loads(line)["doc"] for line in fh}
    counts, docs = harvest(corpus, exclude)
    with open(OUT, "w", encoding="utf-8", newline="") as fh:
        fh.write("# 部门职能领域词：从语料中「人民政府…部门」之间的位置收集（只有政府部门能出现在那里）；"
                 "标注集（tests/data/clauses.jsonl）的文件不参与收集。生成: python -m graph.reference.build_department_domains\n")
        w = csv.writer(fh)
        w.writerow(["domain", "count", "documents", "source"])
        for word, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            w.writerow([word, n, len(docs[word]), sorted(docs[word])[0]])
    print(f"{len(counts)} 个领域词 → {OUT}")


if __name__ == "__main__":
    main(sys.argv[1:])
