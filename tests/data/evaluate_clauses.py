"""Precision and recall of a clause reader on the labelled clause set, per field, per half.

    python tests/data/evaluate_clauses.py              # the clause reader (ingest.clauses)
    python tests/data/evaluate_clauses.py --baseline   # the extractors before it (issue 3)
    python tests/data/evaluate_clauses.py -v           # also list the errors of the tune half
    python tests/data/evaluate_clauses.py --heldout    # the final measurement: adds the held-out half
    python tests/data/evaluate_clauses.py --cv         # cross-validation inside the tune half: A and B
    python tests/data/evaluate_clauses.py --cv -v      # … with the errors of tune-A only (B stays unread)

Round 4 adds tune-E (the round-4 documents of the tune half, see label_candidates.round4_documents);
``-v`` lists its errors too, once its round-start aggregate has been recorded. Round 5 adds tune-F (the
round-5 documents of the tune half, label_candidates.round5_documents), the same way; rounds 6 and 7 add tune-G
tune-H and tune-I (round6_documents, round7_documents, round8_documents).

Cross-validation (issue 13, second round): the tune documents are split again by document,
``tune-A`` when bit 1 of ``int(sha256(doc path), 16)`` is 0, else ``tune-B`` (bit 0 made the
held-out split). Rules are developed on tune-A's errors; tune-B's aggregate says whether they
generalise, without touching the held-out half.

The held-out half is printed as aggregate figures only, whatever the flags: its errors are never
shown, so that nobody tunes on them (see README.md). Fields:

- lead P / R: (unit, lead) pairs, names compared after dropping level words (市、区县、县级以上…)
  and the generic suffix (主管部门/行政部门/部门), so that 「市交通主管部门」 = 「交通主管部门」;
- cooperating P / R: the same for cooperating parties;
- matter: each labelled clause is aligned to the reader's clause in the same unit with the best
  matter overlap (and a shared lead); span overlap = Dice of the two character spans (0 when the
  reader has no clause for it); reported as the mean and as the share with overlap ≥ 0.5;
- condition: recall of labelled conditions (aligned clause's condition overlaps ≥ 0.5), and
  precision of the conditions the reader gives on aligned clauses;
- level, verb, joint: agreement on aligned clauses; generic: labelled generic clauses that the
  reader also marks generic (no holder).
"""
from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

_LEVEL_PREFIX = re.compile(
    r"^(?:县级以上地方各级|县级以上地方|县级以上各级|县级以上|设区的市级以上|设区的市级|省级以上|省级|市级|县级|地方各级|本市各级|本省各级|各级|"
    r"所在地|所在(?=[省市县区乡镇])|当地|自治县|自治州|(?:有关|相关)(?=区|县)|和(?=(?:有关|相关)?[区县])|本级|同级|全市|本市|本省|本县|本区|省辖市|地级以上市|省|市和区、县|市、区县（自治县）|市、区县|市、县（市、区）|市、县（区）|市、区（县）|"
    r"市、县（市）、上街区|市、区|市和区|区、县|区县（自治县）|区县|县（市、区）|区（县）|区\(市、县\)|区（市、县）|县（市）区|市、县|"
    r"市(?!场|容|政(?!府|务))|区|县|乡、镇|乡（镇）|乡镇|镇|乡|"
    r"或者(?=[市区县乡镇])|、(?=[省市区县乡镇])|人民政府(?=[\u4e00-\u9fff]{2,}))+(?<!市场)(?<!市容)(?<!市政(?=[^务]))")
_SUFFIX = re.compile(r"(?:部门|主管|行政|管理|职能|主管机关)$")


def norm_name(name: str) -> str:
    """Names compared without level words and generic suffixes; any level's government is 人民政府."""
    n = re.sub(r"\s+", "", name).replace("(", "（").replace(")", "）")
    m = _LEVEL_PREFIX.match(n)
    core = n[m.end():] if m and not (m.end() == 1 and re.match(r"场|容|政(?!务)|民", n[1:3])) else n
    if core in ("", "人民政府", "政府") or len(core) < 2:
        return "人民政府"
    prev = None
    while prev != core and len(core) > 2:
        prev, core = core, _SUFFIX.sub("", core) or core
    return core


def dice(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    total = (a[1] - a[0]) + (b[1] - b[0])
    return 2 * inter / total if total else 0.0


def span_overlap(text: str, gold: str, pred: str) -> float:
    if not gold or not pred:
        return 0.0
    g0 = text.find(gold)
    g = (g0, g0 + len(gold))
    best = 0.0
    start = text.find(pred)
    while start >= 0:
        best = max(best, dice(g, (start, start + len(pred))))
        start = text.find(pred, start + 1)
    if best == 0.0 and pred not in text:  # a reader that rewrote the span: character overlap
        common = sum(1 for ch in set(pred) if ch in gold)
        best = 2 * common / (len(set(pred)) + len(set(gold)))
    return best


def load() -> list[dict]:
    with open(HERE / "clauses.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def read_with(reader, docs: list[str]) -> dict[tuple[str, int], list[dict]]:
    """{(doc, line): [clause dicts]} from a reader taking a corpus path."""
    out: dict[tuple[str, int], list[dict]] = defaultdict(list)
    for doc in docs:
        for c in reader(CORPUS / doc):
            out[(doc, c["line"])].append(c)
    return out


def new_reader(path: Path) -> list[dict]:
    from ingest.clauses import read_clauses

    return [c.as_dict() for c in read_clauses(path)]


def baseline_reader(path: Path) -> list[dict]:
    """The extractors before the clause reader, as the importers called them."""
    from ingest.document_units import file_units, kind_of

    kind = kind_of(path)
    out: list[dict] = []
    if kind == "law":
        from ingest.duty_sentences import extract_from_text

        for u in file_units(path):
            for d in extract_from_text(u.text):
                if d.role == "cooperate" and out and out[-1]["line"] == u.line:
                    out[-1]["cooperating"].append(d.dept_type)
                    continue
                out.append({"line": u.line, "leads": [d.dept_type], "cooperating": [], "matter": d.matter,
                            "verb": d.verb, "condition": "", "level": d.level, "joint": False, "generic": False})
    elif kind == "notice":
        from ingest.notices import extract_rulings, parse_notice, split_bodies

        for u in parse_notice(path.read_text(encoding="utf-8")).units:
            for f in extract_rulings(u.text, u.subject, u.topic):
                out.append({"line": u.line, "leads": split_bodies(f.lead), "cooperating": list(f.cooperate),
                            "matter": f.matter, "verb": "", "condition": f.condition, "level": "",
                            "joint": False, "generic": False})
    else:
        from ingest.sanding import parse_sanding

        units = file_units(path)
        p = parse_sanding(path.read_text(encoding="utf-8"))
        for d in p.duties:
            line = next((u.line for u in units if d.text[:20] in u.text), 0)
            out.append({"line": line, "leads": [d.department], "cooperating": [],
                        "matter": re.split(r"[。；;]", d.text, maxsplit=1)[0], "verb": "", "condition": "",
                        "level": "", "joint": False, "generic": False})
        for unit in p.units:
            line = next((u.line for u in units if unit.duties[0][:20] in u.text), 0)
            out.append({"line": line, "leads": [unit.name], "cooperating": [], "matter": unit.duties[0],
                        "verb": "", "condition": "", "level": "", "joint": False, "generic": False})
    return out


class Tally:
    def __init__(self) -> None:
        self.c = defaultdict(float)
        self.errors: list[str] = []

    def ratio(self, num: str, den: str) -> str:
        d = self.c[den]
        return f"{self.c[num] / d:.3f}" if d else "  —  "


_ALTERNATIVE = re.compile(r"^(?P<a>.+?(?:人民政府|政府))[（(](?P<b>[^（）()]+?(?:办事处|管委会|管理委员会|人民政府|政府))[）)]$")


def alternatives(name: str) -> list[str]:
    """「乡镇人民政府（街道办事处）」 names two bodies, either of which holds the duty where it exists; round 1's
    notice labels keep it as one name, rounds 4–5 as two: both are scored as two, for labels and reader alike."""
    m = _ALTERNATIVE.match(name)
    return [m.group("a"), m.group("b")] if m else [name]


def name_set(names: list[str]) -> set[str]:
    """Holder names as scored: each body a name stands for, normalised."""
    return {norm_name(a) for n in names for a in alternatives(n)}


def helpers_only(duty: dict) -> dict:
    """「A、B等部门按照各自职责，配合做好X」 — helpers with nobody named to help: the labels of rounds 1–3 give
    A, B as joint leads with verb 配合, those of rounds 4–5 as cooperating with a generic lead. Both are scored
    the second way (the issue's reading: 配合/协助 makes a cooperating party), for labels and reader alike."""
    if duty.get("verb") in ("配合", "协助") and duty["leads"] and not duty["cooperating"]:
        return {**duty, "leads": [], "cooperating": list(duty["leads"]), "generic": True}
    return duty


def score(records: list[dict], predicted: dict[tuple[str, int], list[dict]]) -> Tally:
    t = Tally()
    for r in records:
        text, gold, pred = r["text"], r["duties"], predicted.get((r["doc"], r["line"]), [])
        gold, pred = [helpers_only(d) for d in gold], [helpers_only(d) for d in pred]
        where = f"{r['doc']}:{r['line']}"
        for role, key in (("lead", "leads"), ("coop", "cooperating")):
            g = name_set([n for d in gold for n in d[key]])
            p = name_set([n for d in pred for n in d[key]])
            t.c[f"{role}_tp"] += len(g & p)
            t.c[f"{role}_gold"] += len(g)
            t.c[f"{role}_pred"] += len(p)
            if g != p:
                t.errors.append(f"{where} {role}: 得 {sorted(p)} 应 {sorted(g)} | {text[:60]}")
        used: set[int] = set()
        for d in gold:
            t.c["clauses"] += 1
            leads = name_set(d["leads"])
            best, best_i = 0.0, -1
            for i, p in enumerate(pred):
                if i in used:
                    continue
                s = span_overlap(text, d["matter"], p["matter"]) + (0.5 if leads & name_set(p["leads"]) else 0)
                if s > best:
                    best, best_i = s, i
            if best_i < 0:
                t.errors.append(f"{where} 漏: {d['matter']}")
                continue
            used.add(best_i)
            p = pred[best_i]
            ov = span_overlap(text, d["matter"], p["matter"])
            t.c["matter_sum"] += ov
            t.c["matter_half"] += ov >= 0.5
            t.c["aligned"] += 1
            if ov < 0.5:
                t.errors.append(f"{where} 事项: 得「{p['matter']}」应「{d['matter']}」")
            if d["condition"]:
                t.c["cond_gold"] += 1
                t.c["cond_tp"] += span_overlap(text, d["condition"], p["condition"]) >= 0.5
            if p.get("condition"):
                t.c["cond_pred"] += 1
                t.c["cond_ptp"] += bool(d["condition"]) and span_overlap(text, d["condition"], p["condition"]) >= 0.5
            t.c["level_ok"] += (d["level"] or "") == (p.get("level") or "")
            if (d["level"] or "") != (p.get("level") or ""):
                t.errors.append(f"{where} 层级: 得「{p.get('level')}」应「{d['level']}」 {d['matter'][:20]}")
            t.c["verb_ok"] += d["verb"] == p.get("verb")
            t.c["joint_ok"] += bool(d["joint"]) == bool(p.get("joint"))
            if d["generic"]:
                t.c["generic_gold"] += 1
                t.c["generic_tp"] += bool(p.get("generic"))
        t.c["extra"] += max(0, len(pred) - len(used))
    return t


def report(name: str, t: Tally) -> str:
    c = t.c
    f1 = lambda p, r: 2 * p * r / (p + r) if p + r else 0.0  # noqa: E731
    lines = [f"{name}: {int(c['clauses'])} 条标注职责（对齐 {int(c['aligned'])}，读出而无标注 {int(c['extra'])}）",
             f"  牵头 lead      P {t.ratio('lead_tp', 'lead_pred')}  R {t.ratio('lead_tp', 'lead_gold')}",
             f"  配合 coop      P {t.ratio('coop_tp', 'coop_pred')}  R {t.ratio('coop_tp', 'coop_gold')}",
             f"  事项 matter    span overlap {c['matter_sum'] / c['clauses']:.3f}  (≥0.5: {c['matter_half'] / c['clauses']:.3f})",
             f"  条件 condition P {t.ratio('cond_ptp', 'cond_pred')}  R {t.ratio('cond_tp', 'cond_gold')}",
             f"  层级 level {t.ratio('level_ok', 'aligned')}  动词 verb {t.ratio('verb_ok', 'aligned')}  "
             f"共同 joint {t.ratio('joint_ok', 'aligned')}  泛指 generic R {t.ratio('generic_tp', 'generic_gold')}"]
    return "\n".join(lines)


def cv_part(doc: str) -> str:
    """tune-A / tune-B of a tune document (see the module doc)."""
    import hashlib

    if doc in _round3(9):
        return "tune-C"
    if doc in _round3(10):
        return "tune-D"
    part = next((tune for n, tune, _ in _ROUND_PARTS if doc in _round(n)), None)
    if part:
        return part
    return "tune-B" if (int(hashlib.sha256(doc.encode("utf-8")).hexdigest(), 16) >> 1) & 1 else "tune-A"


@lru_cache(maxsize=2)
def _round3(ordinal: int) -> frozenset[str]:
    from label_candidates import round3_documents

    return frozenset(round3_documents(ordinal))


@lru_cache(maxsize=8)
def _round(n: int) -> frozenset[str]:
    """The documents of labelling round ``n`` (label_candidates.round<n>_documents)."""
    import label_candidates

    return frozenset(getattr(label_candidates, f"round{n}_documents")())


# Each later round's documents: their tune part (--cv) and their held-out part (--heldout), newest first.
_ROUND_PARTS = ((8, "tune-I", "round 8（新文档）"), (7, "tune-H", "round 7"), (6, "tune-G", "round 6"), (5, "tune-F", "round 5"),
                (4, "tune-E", "round 4"))


def _round_of(doc: str) -> str:
    """Which held-out part a document belongs to: each round's held-out documents are reported apart,
    the newest never having been evaluated before the round's end."""
    return next((held for n, _, held in _ROUND_PARTS if doc in _round(n)), "rounds 1–3")


def main(argv: list[str]) -> None:
    records = load()
    reader = baseline_reader if "--baseline" in argv else new_reader
    # Without --heldout (or --baseline) the reader is not even run on a held-out document.
    wanted = ("tune", "heldout") if "--heldout" in argv or "--baseline" in argv else ("tune",)
    docs = sorted({r["doc"] for r in records if r["half"] in wanted})
    predicted = read_with(reader, docs)
    label = "基线（issue 3 抽取器）" if reader is baseline_reader else "条款读取器 ingest.clauses"
    if "--cv" in argv:
        for part in ("tune-A", "tune-B", "tune-C", "tune-D", "tune-E", "tune-F", "tune-G", "tune-H", "tune-I"):
            rows = [r for r in records if r["half"] == "tune" and cv_part(r["doc"]) == part]
            if not rows:  # a round's part before its labels have landed
                continue
            t = score(rows, predicted)
            print(report(f"{label} · 交叉验证 {part}", t))
            if part in ("tune-A", "tune-C", "tune-E", "tune-F", "tune-G", "tune-H", "tune-I") and "-v" in argv:
                print("\n".join("    " + e for e in t.errors))
        return
    halves = ("tune", "heldout") if "--heldout" in argv or "--baseline" in argv else ("tune",)
    for half in halves:
        t = score([r for r in records if r["half"] == half], predicted)
        print(report(f"{label} · {'调参集 tune' if half == 'tune' else '留出集 held-out'}", t))
        if half == "tune" and "-v" in argv:
            print("\n".join("    " + e for e in t.errors))
        if half == "heldout":
            # each round's held-out documents were labelled after the looks at the older ones: reported apart
            for name in ("rounds 1–3", "round 4", "round 5", "round 6", "round 7", "round 8（新文档）"):
                part = [r for r in records if r["half"] == half and _round_of(r["doc"]) == name]
                if part:
                    print(report(f"{label} · 留出集 {name}", score(part, predicted)))


if __name__ == "__main__":
    main(sys.argv[1:])
