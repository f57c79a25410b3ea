"""Precision and recall of the extractors on the hand-labelled samples.

    python -m ingest.evaluate_extraction

Law sentences (ingest/data/labels/law_sentences.csv): a sentence is a true positive
when it is labelled duty-assigning and the extractor returns a duty for it; the
department type, verb and matter of those are then scored separately (type: same
name once 机构改革 names are applied; matter: fuzzy partial match ≥ 70).
law_sentences.csv (130) is the set the rules were tuned on; law_sentences_heldout.csv (59,
another random draw) was labelled before it was first scored, so its figures are the honest ones.
Notice sentences (notice_sentences.csv, 50 units of the 11 notices): lead, cooperating
bodies and matter; labelled after a first look at the extractor's output, so they are a dev set too.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz

LABELS = Path(__file__).with_name("data") / "labels"


@dataclass
class Scores:
    """Sentence-level detection scores and attribute agreement on the true positives."""

    name: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    attr_total: int = 0
    attr_correct: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def accuracy(self, attr: str) -> float:
        return self.attr_correct.get(attr, 0) / self.attr_total if self.attr_total else 0.0

    def summary_zh(self) -> str:
        lines = [f"{self.name}: 样本 {self.tp + self.fp + self.fn + self.tn} 句，"
                 f"精确率 {self.precision:.3f}，召回率 {self.recall:.3f}，F1 {self.f1:.3f}"
                 f"（TP {self.tp} / FP {self.fp} / FN {self.fn} / TN {self.tn}）"]
        for attr in self.attr_correct:
            lines.append(f"  {attr} 正确率（在 {self.attr_total} 个真阳性上）: {self.accuracy(attr):.3f}")
        return "\n".join(lines)


def _read(name: str) -> list[dict[str, str]]:
    with open(LABELS / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def matter_agrees(got: str, want: str) -> bool:
    if not want:
        return True
    return fuzz.partial_ratio(got, want) >= 70


def evaluate_law_sentences(rows: list[dict[str, str]] | None = None) -> Scores:
    from ingest.duty_sentences import extract
    from graph.reference.reform_map import current_type_name

    rows = rows if rows is not None else _read("law_sentences.csv")
    s = Scores("法律职责句抽取", attr_correct={"部门类型": 0, "动词": 0, "事项": 0})
    for row in rows:
        duties = [d for d in extract(row["sentence"]) if d.role == "lead"]
        labelled = row["is_duty"].strip() == "1"
        if labelled and duties:
            s.tp += 1
            s.attr_total += 1
            d = duties[0]
            same_type = (d.dept_type == row["dept_type"]
                         or current_type_name(d.dept_type) == current_type_name(row["dept_type"]))
            s.attr_correct["部门类型"] += same_type
            s.attr_correct["动词"] += d.verb == row["verb"]
            s.attr_correct["事项"] += matter_agrees(d.matter, row["matter"])
            if not same_type or d.verb != row["verb"] or not matter_agrees(d.matter, row["matter"]):
                s.errors.append(f"#{row['id']} 属性: 得 {d.dept_type}/{d.verb}/{d.matter} 应 "
                                f"{row['dept_type']}/{row['verb']}/{row['matter']}")
        elif labelled:
            s.fn += 1
            s.errors.append(f"#{row['id']} 漏检: {row['sentence']}")
        elif duties:
            s.fp += 1
            s.errors.append(f"#{row['id']} 误检: {duties[0].dept_type}/{duties[0].verb}: {row['sentence']}")
        else:
            s.tn += 1
    return s


def _names(text: str) -> set[str]:
    from ingest.notices import split_bodies

    return {b for n in text.replace("；", "|").split("|") if n.strip() for b in split_bodies(n)}


def evaluate_notice_sentences(rows: list[dict[str, str]] | None = None) -> Scores:
    from ingest.notices import extract_rulings

    rows = rows if rows is not None else _read("notice_sentences.csv")
    s = Scores("通知分工句抽取", attr_correct={"牵头": 0, "配合": 0, "事项": 0})
    for row in rows:
        found = extract_rulings(row["sentence"], subject=row.get("subject", ""))
        labelled = row["is_division"].strip() == "1"
        if labelled and found:
            s.tp += 1
            s.attr_total += 1
            r = found[0]
            lead_ok = _names(r.lead) == _names(row["lead"])
            coop_ok = _names("|".join(r.cooperate)) == _names(row["cooperate"])
            matter_ok = matter_agrees(r.matter, row["matter"])
            s.attr_correct["牵头"] += lead_ok
            s.attr_correct["配合"] += coop_ok
            s.attr_correct["事项"] += matter_ok
            if not (lead_ok and coop_ok and matter_ok):
                s.errors.append(f"#{row['id']} 属性: 得 {r.lead}/{'|'.join(r.cooperate)}/{r.matter} 应 "
                                f"{row['lead']}/{row['cooperate']}/{row['matter']}")
        elif labelled:
            s.fn += 1
            s.errors.append(f"#{row['id']} 漏检: {row['sentence']}")
        elif found:
            s.fp += 1
            s.errors.append(f"#{row['id']} 误检: {found[0].lead}: {row['sentence']}")
        else:
            s.tn += 1
    return s


def evaluate_law_sentences_clauses(rows: list[dict[str, str]] | None = None) -> Scores:
    """The same law sentences read by issue 13's clause reader (a clause with a named lead = a duty found)."""
    import re

    from ingest.clauses import read_unit
    from graph.reference.reform_map import current_type_name

    rows = rows if rows is not None else _read("law_sentences.csv")
    s = Scores("法律职责句（条款读取器 ingest.clauses）", attr_correct={"部门类型": 0, "动词": 0, "事项": 0})
    for row in rows:
        found = [c for c in read_unit(row["sentence"], kind="law") if c.leads]
        labelled = row["is_duty"].strip() == "1"
        if labelled and found:
            s.tp += 1
            s.attr_total += 1
            c = found[0]
            names = {re.sub(r"^(?:县级以上|设区的市级以上|省、自治区、直辖市|国务院|省级|市|县|乡|镇)*(?:地方)?(?:各级)?(?:人民政府)?",
                            "", h.name) or h.name for h in c.leads}
            same = any(n == row["dept_type"] or current_type_name(n) == current_type_name(row["dept_type"]) for n in names)
            s.attr_correct["部门类型"] += same
            s.attr_correct["动词"] += c.verb == row["verb"]
            s.attr_correct["事项"] += matter_agrees(c.matter, row["matter"])
        elif labelled:
            s.fn += 1
        elif found:
            s.fp += 1
        else:
            s.tn += 1
    return s


def evaluate_notice_sentences_clauses(rows: list[dict[str, str]] | None = None) -> Scores:
    """The notice units read by issue 13's clause reader: lead, cooperating bodies and matter."""
    from ingest.clauses import read_unit

    rows = rows if rows is not None else _read("notice_sentences.csv")
    s = Scores("通知分工句（条款读取器 ingest.clauses）", attr_correct={"牵头": 0, "配合": 0, "事项": 0})
    for row in rows:
        found = [c for c in read_unit(row["sentence"], subject=row.get("subject", "")) if c.leads or c.cooperating]
        labelled = row["is_division"].strip() == "1"
        if labelled and found:
            s.tp += 1
            s.attr_total += 1
            c = found[0]
            s.attr_correct["牵头"] += _names("|".join(h.name for h in c.leads)) == _names(row["lead"])
            s.attr_correct["配合"] += _names("|".join(h.name for h in c.cooperating)) == _names(row["cooperate"])
            s.attr_correct["事项"] += matter_agrees(c.matter, row["matter"])
        elif labelled:
            s.fn += 1
        elif found:
            s.fp += 1
        else:
            s.tn += 1
    return s


def main(verbose: bool = False) -> None:
    import sys

    verbose = verbose or "-v" in sys.argv
    heldout = evaluate_law_sentences(_read("law_sentences_heldout.csv"))
    heldout.name = "法律职责句抽取（留出集，规则调整前标注）"
    held_new = evaluate_law_sentences_clauses(_read("law_sentences_heldout.csv"))
    held_new.name += "（留出集）"
    for scores in (evaluate_law_sentences(), heldout, evaluate_notice_sentences(),
                   evaluate_law_sentences_clauses(), held_new, evaluate_notice_sentences_clauses()):
        print(scores.summary_zh())
        if verbose:
            print("\n".join("  " + e for e in scores.errors))


if __name__ == "__main__":
    main()
