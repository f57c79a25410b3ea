"""Write a graph as the CSV files ``neo4j-admin database import full`` takes, for a fast
first load of a large graph (`dutygraph export --neo4j-import DIR`).

One node file per label and property signature, one relationship file per type and
signature, each with its own typed header (``id:ID``, ``:LABEL``, ``name:string``,
``aliases:string[]``, ``:START_ID``, ``:END_ID``, ``:TYPE`` …), so that every value keeps its
exact type: a file never has to coerce 35 to 35.0. Values Neo4j cannot hold natively are
written as the store writes them (graph.neo4j_props), and so are lists that the CSV array
syntax cannot carry exactly (empty lists, strings holding the array delimiter). The folder
also gets ``import.sh`` (the command) and ``schema.cypher`` (constraint and indexes).
"""
from __future__ import annotations

import shlex
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from graph.model import LABELS
from graph.neo4j_props import EDGE_RESERVED, NODE_RESERVED, check_key, kind_of, to_json
from graph.store import GraphStore, check_rel

ARRAY_DELIMITER = "|"
ENTITY = "Entity"


@dataclass
class ExportReport:
    directory: str
    node_files: list[str] = field(default_factory=list)
    relationship_files: list[str] = field(default_factory=list)
    nodes: int = 0
    relationships: int = 0

    def summary_zh(self) -> str:
        return (f"已写出 {self.nodes} 个节点（{len(self.node_files)} 个文件）、{self.relationships} 条边"
                f"（{len(self.relationship_files)} 个文件）到 {self.directory}；导入命令见 import.sh")


def csv_kind(v: Any) -> str | None:
    """The header type for a value in CSV, or None when it is written as encoded JSON."""
    kind = kind_of(v)
    if kind is None or kind == "[]":  # "" in an array column would import as [""]
        return None
    if kind == "string[]" and any(ARRAY_DELIMITER in x or x == "" for x in v):
        return None
    return kind


def cell(v: Any, kind: str | None) -> str:
    """One field, always quoted: an unquoted empty field is how neo4j-admin spells "absent"."""
    if kind is None:
        text = to_json(v)
    elif kind.endswith("[]"):
        text = ARRAY_DELIMITER.join(_scalar(x) for x in v)
    else:
        text = _scalar(v)
    return '"' + text.replace('"', '""') + '"'


def _scalar(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return repr(v)
    return str(v)


def _signature(props: dict[str, Any], reserved: frozenset[str]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((check_key(k, reserved), csv_kind(v) or "json") for k, v in props.items()))


def _header(signature: tuple[tuple[str, str], ...]) -> list[str]:
    return [f"{k}:{'string' if kind == 'json' else kind}" for k, kind in signature]


def _line(fields: Iterable[str]) -> str:
    return ",".join(fields) + "\n"


class _Files:
    """Open one file per (group, signature) lazily; close them all at the end."""

    def __init__(self, directory: Path, prefix: str) -> None:
        self.directory, self.prefix = directory, prefix
        self.open: dict[tuple[str, tuple], TextIO] = {}
        self.count: dict[str, int] = defaultdict(int)

    def get(self, group: str, signature: tuple, header: list[str]) -> TextIO:
        fh = self.open.get((group, signature))
        if fh is None:
            self.count[group] += 1
            name = f"{self.prefix}_{group}_{self.count[group]}.csv"
            fh = open(self.directory / name, "w", encoding="utf-8", newline="")
            fh.write(_line(header))
            self.open[(group, signature)] = fh
        return fh

    def close(self) -> list[str]:
        for fh in self.open.values():
            fh.close()
        return sorted(Path(fh.name).name for fh in self.open.values())


def export_neo4j_import(store: GraphStore, directory: str | Path, database: str = "neo4j") -> ExportReport:
    """Write every node and edge of ``store`` under ``directory`` (created, must hold no CSV)."""
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    if any(out.glob("*.csv")):
        raise FileExistsError(f"{out} 里已有 CSV 文件，请换一个空文件夹")
    report = ExportReport(directory=str(out))

    nodes = _Files(out, "nodes")
    for n in store.iter_nodes():
        if n.label not in LABELS:
            raise ValueError(f"未知的节点类型: {n.label!r}")
        sig = _signature(n.props, NODE_RESERVED)
        fh = nodes.get(n.label, sig, ["id:ID", ":LABEL", *_header(sig)])
        kinds = dict(sig)
        fh.write(_line([cell(n.id, "string"), cell(f"{ENTITY}{ARRAY_DELIMITER}{n.label}", "string"),
                        *(cell(n.props[k], None if kinds[k] == "json" else kinds[k]) for k, _ in sig)]))
        report.nodes += 1
    report.node_files = nodes.close()

    rels = _Files(out, "relationships")
    for e in store.iter_edges():
        check_rel(e.rel)
        sig = _signature(e.props, EDGE_RESERVED)
        fh = rels.get(e.rel, sig, [":START_ID", ":END_ID", ":TYPE", "_key:string", *_header(sig)])
        kinds = dict(sig)
        fh.write(_line([cell(e.src, "string"), cell(e.dst, "string"), cell(e.rel, "string"), cell(e.key, "string"),
                        *(cell(e.props[k], None if kinds[k] == "json" else kinds[k]) for k, _ in sig)]))
        report.relationships += 1
    report.relationship_files = rels.close()

    _write_command(out, report, database)
    _write_schema(out)
    return report


def _write_command(out: Path, report: ExportReport, database: str) -> None:
    # The database name goes first: after the file options, Neo4j 5.26's neo4j-admin reads it
    # as one more file ("File 'neo4j' doesn't exist").
    args = ["neo4j-admin", "database", "import", "full", database, f"--array-delimiter={ARRAY_DELIMITER}",
            "--multiline-fields=true", "--id-type=string"]
    args += [f"--nodes={f}" for f in report.node_files]
    args += [f"--relationships={f}" for f in report.relationship_files]
    (out / "import.sh").write_text(
        "#!/bin/sh\n# Run in this folder with Neo4j stopped, then start Neo4j and run schema.cypher\n"
        "# (cypher-shell -f schema.cypher), or let dutygraph create the same on its first write.\n"
        f"cd \"$(dirname \"$0\")\"\n{shlex.join(args)}\n", encoding="utf-8")


def _write_schema(out: Path) -> None:
    from graph.neo4j_store import schema_cypher

    (out / "schema.cypher").write_text(schema_cypher(), encoding="utf-8")
