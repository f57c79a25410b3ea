"""Regions by code or name, the way users type them and lists carry them."""
from __future__ import annotations

import pytest

from graph.embedded import EmbeddedStore
from ingest.regions import UnknownRegionError, chain, normalise_code, region_in_text, region_records, resolve_region


@pytest.mark.parametrize("text", ["511602", "511602000000", "广安区", "广安市广安区"])
def test_the_demo_region_is_found_by_code_or_name(text):
    info = resolve_region(text)
    assert (info.code, info.name, info.parent) == ("511602", "广安市广安区", "511600")


def test_statistical_codes_are_shortened_to_gb_codes():
    assert normalise_code("511602000000") == "511602"
    assert normalise_code("341182004000") == "341182004"
    assert normalise_code("510100") == "510100"


def test_a_region_chain_runs_up_to_the_province():
    assert [r.name for r in chain("511602")] == ["广安市广安区", "广安市", "四川省"]
    assert [r.code for r in chain("341182X01")] == ["341182X01", "341182", "341100", "340000"]


def test_the_most_specific_region_in_a_file_name_wins():
    assert region_in_text("L01_明光市明南街道权力清单和责任清单_2019").name == "明光市明南街道"
    assert region_in_text("L05_广安市广安区政务服务事项_按部门").code == "511602"
    assert region_in_text("某市权责清单") is None


def test_an_unknown_region_is_a_clear_error():
    with pytest.raises(UnknownRegionError, match="未知的地区「火星区」.*广安市广安区（511602）"):
        resolve_region("火星区")


def test_a_region_already_in_the_graph_is_known_when_the_store_is_given():
    store = EmbeddedStore(None)
    nodes, edges = region_records("511602")
    store.upsert_nodes(nodes)
    store.upsert_edges(edges)
    assert resolve_region("广安", store).code == "511600"


def test_region_nodes_come_with_their_parents_and_provenance():
    nodes, edges = region_records("511602")
    assert {n.id for n in nodes if n.label == "Region"} == {"region:511602", "region:511600", "region:510000"}
    part_of = {(e.src, e.dst) for e in edges if e.rel == "PART_OF"}
    assert part_of == {("region:511602", "region:511600"), ("region:511600", "region:510000")}
    assert all(e.props["source"].startswith("src:") for e in edges)
