"""The regions a file uses become Region nodes, with their parents and the table line they come from."""
from __future__ import annotations

from ingest.regions import region_records


def test_region_nodes_come_with_their_parents_and_provenance():
    nodes, edges = region_records("511602")
    assert {n.id for n in nodes if n.label == "Region"} == {"region:511602", "region:511600", "region:510000"}
    part_of = {(e.src, e.dst) for e in edges if e.rel == "PART_OF"}
    assert part_of == {("region:511602", "region:511600"), ("region:511600", "region:510000")}
    assert all(e.props["source"].startswith("src:") for e in edges)


def test_a_region_outside_the_samples_gets_its_tree_from_the_division_tables():
    nodes, edges = region_records("370783000000")          # 寿光市, as an item code carries it
    regions = {n.props["code"]: n.props for n in nodes if n.label == "Region"}
    assert set(regions) == {"370783", "370700", "370000"}
    assert regions["370783"]["full_name"] == "山东省潍坊市寿光市"
    sources = {n.props["path"]: n.props["locator"] for n in nodes if n.label == "Source"}
    assert sources["divisions/areas.csv"].startswith("第 ")


def test_an_unknown_code_gives_no_nodes():
    assert region_records("999999") == ([], [])
