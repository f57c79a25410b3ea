"""The Finding shape every analysis returns: dict, CSV row, sources from the store."""
from __future__ import annotations

import csv
import io

from graph.analyses.findings import Finding, attach_sources, findings_csv, sort_findings
from graph.embedded import EmbeddedStore
from graph.model import Department, PowerItem, Rel, Source, edge, to_record


def test_to_dict_and_csv_row_are_flat_and_chinese():
    f = Finding("approval_no_supervisor", "high", "511602", "「取水许可」没有监管部门", "没有审管联动清单行",
                nodes=["a", "b"], edges=[{"src": "d", "rel": "HOLDS", "dst": "a", "props": {}}],
                sources=[{"path": "L05.csv", "locator": "第 3 行"}], data={"n": 1})
    d = f.to_dict()
    assert d["kind_zh"] == "审批事项无监管部门" and d["severity_zh"] == "严重"
    row = f.to_row()
    assert row["来源"] == "L05.csv 第 3 行" and row["节点"] == "a；b" and row["关系"] == "d-[HOLDS]->a"
    parsed = list(csv.DictReader(io.StringIO(findings_csv([f]))))
    assert parsed[0]["标题"] == "「取水许可」没有监管部门"
    assert findings_csv([]).startswith("类型,")


def test_sort_puts_the_severe_first():
    fs = [Finding("coverage", "info", "1", "x", ""), Finding("overlap", "high", "2", "y", ""),
          Finding("overlap", "medium", "1", "z", "")]
    assert [f.severity for f in sort_findings(fs)] == ["high", "medium", "info"]


def test_sources_come_from_rows_not_from_departments():
    s = EmbeddedStore(None)
    src = Source.for_row("L05.csv", "第 3 行", "区水务局,取水许可", "v1", "")
    s.upsert_nodes(to_record(n) for n in [src, Department(id="d", name="区水务局"), PowerItem(id="i", name="取水许可")])
    s.upsert_edges([edge("i", Rel.FROM_SOURCE, src.id), edge("d", Rel.FROM_SOURCE, src.id),
                    edge("d", Rel.HOLDS, "i", source=src.id)])
    f = Finding("overlap", "high", "511602", "t", "", nodes=["i", "d"])
    attach_sources(s, [f])
    assert [x["locator"] for x in f.sources] == ["第 3 行"]
