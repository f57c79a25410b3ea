"""The province generator: deterministic, real item names, and every seeded fault found exactly."""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.province import generate_province  # noqa: E402
from graph.analyses.compare_regions import compare_regions, standardisation_report  # noqa: E402
from graph.analyses.gaps import find_gaps  # noqa: E402
from graph.analyses.overlaps import find_overlaps  # noqa: E402
from graph.embedded import EmbeddedStore  # noqa: E402


@pytest.fixture(scope="module")
def province():
    store = EmbeddedStore(None)
    stats = generate_province(store, counties=6, seed=3, with_laws=False)
    return store, stats


def test_generation_is_deterministic_and_built_from_l05(province):
    store, stats = province
    again = EmbeddedStore(None)
    assert {k: v for k, v in generate_province(again, 6, seed=3, with_laws=False).items() if k != "seconds"} == \
        {k: v for k, v in stats.items() if k != "seconds"}
    assert sorted(r.id for r in again.iter_nodes("PowerItem")) == sorted(r.id for r in store.iter_nodes("PowerItem"))
    names = Counter(r.props["name"] for r in store.iter_nodes("PowerItem"))
    assert names["犬类准养证核发"] >= 5               # a real L05 item in (almost) every county
    assert stats["counties"] == 6 and 1700 < stats["items"] / 6 < 2100
    assert store.count_nodes("Region") == 1 + 1 + 6 + stats["townships"]


def test_every_seeded_fault_is_found(province):
    store, stats = province
    seeded = stats["seeded"]
    gaps = Counter(f.kind for f in find_gaps(store))
    assert gaps["approval_no_supervisor"] == seeded["approval_no_supervisor"]
    assert gaps["territorial_no_lead"] == seeded["territorial_no_lead"]
    assert gaps["call_unmatched"] == seeded["calls_unmatched"]
    assert gaps["stale_department"] == seeded["stale_departments"]
    assert gaps["supervisor_no_enforcement"] >= seeded["supervisor_no_enforcement"]
    joint = [c for c in find_overlaps(store) if c.reason == "joint"]
    assert len(joint) == seeded["overlap_items"]


def test_counties_that_moved_an_approval_to_the_line_department_differ(province):
    store, _ = province
    report = standardisation_report(store)
    assert report and all(f.kind == "assignment_differs" for f in report)
    assert any("行政审批局" in f.data["kinds"] for f in report)
    c = compare_regions(store, "犬类准养证核发")
    assert len(c.regions) >= 5
