"""Turn the hand-written labels (tests/data/labels/*.txt) into tests/data/clauses.jsonl, checking them.

    python tests/data/build_clauses.py

One JSON line per unit read for labelling (see label_candidates.py for which), with the duties
the labeller found in it — an empty list means "read, assigns nothing", so that a reader that
finds a duty there is counted wrong. Refuses labels whose matter or condition is not an exact
substring of the unit, or whose line is not one of the units read.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from label_candidates import candidate_units, documents, half  # noqa: E402

FIELDS = {"L": "leads", "C": "cooperating", "M": "matter", "V": "verb", "K": "condition", "E": "level", "F": "flags"}


def parse_labels() -> dict[str, dict[int, list[dict]]]:
    out: dict[str, dict[int, list[dict]]] = {}
    doc = ""
    for path in sorted((HERE / "labels").glob("*.txt")):
        for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("@"):
                doc = line[1:]
                out.setdefault(doc, {})
                continue
            parts = [p.strip() for p in line.split(" | ")]
            duty = {"leads": [], "cooperating": [], "matter": "", "verb": "", "condition": "", "level": "",
                    "joint": False, "generic": False}
            for p in parts[1:]:
                key, _, value = p.partition(" ")
                name = FIELDS[key]
                if name in ("leads", "cooperating"):
                    duty[name] = [v.strip() for v in value.split(";") if v.strip()]
                elif name == "flags":
                    duty["joint"] = "joint" in value
                    duty["generic"] = "generic" in value
                else:
                    duty[name] = value.strip()
            out[doc].setdefault(int(parts[0]), []).append(duty | {"_at": f"{path.name}:{n}"})
    return out


def main() -> int:
    labels = parse_labels()
    problems, records = [], []
    docs = documents()
    for doc in docs:
        if doc not in labels:
            problems.append(f"{doc}: no label section")
            continue
        units = {u.line: u for u in candidate_units(doc)}
        for line in labels[doc]:
            if line not in units:
                problems.append(f"{doc}: line {line} is not a unit read for labelling")
        for line, unit in units.items():
            duties = labels[doc].get(line, [])
            for d in duties:
                for key in ("matter", "condition"):
                    if d[key] and d[key] not in unit.text:
                        problems.append(f"{d['_at']}: {key} 「{d[key]}」 not in unit text")
                if not d["matter"]:
                    problems.append(f"{d['_at']}: no matter")
            records.append({"doc": doc, "half": half(doc), "line": line, "locator": unit.locator, "text": unit.text,
                            "duties": [{k: v for k, v in d.items() if k != "_at"} for d in duties]})
    for doc in labels:
        if doc not in docs:
            problems.append(f"{doc}: labelled but not one of the chosen documents")
    if problems:
        print("\n".join(problems))
        return 1
    with open(HERE / "clauses.jsonl", "w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    n = sum(len(r["duties"]) for r in records)
    by_half = {h: sum(len(r["duties"]) for r in records if r["half"] == h) for h in ("tune", "heldout")}
    print(f"{len(records)} units, {n} clauses, {len(docs)} documents; by half {by_half}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
