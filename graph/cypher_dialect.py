"""The one named place where the Bolt servers dutygraph meets differ: Neo4j 5 and ArcadeDB.

The store writes standard Neo4j 5 Cypher. Everything below was measured through the
official ``neo4j`` driver against ArcadeDB 26.10 (its Bolt plugin reports itself as
"Neo4j/5.26.0 compatible (ArcadeDB …)"); each difference says what the store does about it.
Where the portable form is as good on Neo4j, the store simply uses it on both, and the
difference is recorded here so that nobody "simplifies" it back.

1. Labels are record types in ArcadeDB. ``SET n:Label`` on an existing node rewrites the
   record into a composite type, and under a uniqueness constraint on another of its labels
   the rewrite collides with itself (DuplicatedKeyException). → Nodes get every label in
   their CREATE and labels are never written afterwards (both servers).
2. ``MERGE (n:Entity:PowerItem {id: …})`` (two labels) is not planned on the index in
   ArcadeDB: ~30 rows/s against ~5,000 with one label. → Nodes are upserted as: read which
   ids exist (one indexed UNWIND), CREATE the new ones with all labels, SET the rest; the
   read also yields a precise error when an id already has another label (both servers).
   The read is the dearest part of a first load: ArcadeDB spends ~40 µs on an id that is
   not there against ~12 µs on one that is, so a batch expected new skips it (10).
3. ArcadeDB expands a relationship pattern from the node written first; Neo4j plans the
   cheaper end itself. ``MERGE (dept)-[:HOLDS]->(item)`` walks every item of a department
   per row (~400 rows/s), ``MERGE (item)<-[:HOLDS]-(dept)`` does not (~6,000 rows/s).
   → :data:`ANCHOR_AT_DST` names the relationship types whose source is the hub, and the
   pattern is written from the leaf (both servers; harmless on Neo4j). Edges are upserted
   like nodes: probe which exist (from the leaf), CREATE the rest, SET the others: ~5,000
   rows/s warm against ~3,000 for MERGE per row. One loader per graph at a time.
4. ``SET n += $map`` costs ArcadeDB ~3x a list of ``SET n.`k` = row.`k```. → Rows are
   grouped by key set and the keys spelled out (validated identifiers, values parameters).
5. An auto-commit ``session.run`` is not atomic in ArcadeDB: a statement that fails half way
   keeps its earlier writes. → Every write runs in an explicit transaction function.
6. ArcadeDB stores mixed and nested lists that Neo4j refuses. → Such values are JSON-encoded
   on both (graph.neo4j_props), so a graph means the same on either.
7. ArcadeDB accepts a relationship uniqueness constraint but its planner does not use the
   index for ``()-[r:T {p: $v}]->()`` (a full scan) → edges are found from their endpoints.
8. ``driver.verify_connectivity()`` succeeds on ArcadeDB for a database that does not exist
   (Neo4j fails it). → The store probes its database with a query of its own.
9. Constraint and index DDL (``CREATE CONSTRAINT … IF NOT EXISTS … REQUIRE … IS UNIQUE``,
   ``CREATE INDEX … IF NOT EXISTS FOR (n:L) ON (n.p)``) is the same; so are ``labels()``,
   ``properties()``, ``type()``, ``elementId()`` and ``DETACH DELETE``. Only Neo4j accepts an
   index name with characters beyond letters, digits and ``_``, so names stay plain.
10. A CREATE that breaks the uniqueness constraint fails at COMMIT in ArcadeDB (at the
   statement in Neo4j); both raise ``Neo.ClientError.Schema.ConstraintValidationFailed`` and
   roll the whole transaction back. → A load batch is first sent as plain CREATEs and, when
   refused, sent again the careful way (2); the store catches the error around the whole
   transaction, so where it surfaces does not matter (both servers).
11. ArcadeDB plans ``MATCH (n) WHERE elementId(n) = x`` as a record fetch (~2 ms a query over
   Bolt) but ``MATCH (n:Entity) WHERE elementId(n) = x`` as a label scan (~13 ms and growing
   with the graph). → Element-id matches carry no label (both servers; Neo4j seeks either
   way). An edge CREATE that finds its ends by the element ids the node CREATE returned costs
   ArcadeDB ~35% less than one that finds them by ``{id: …}`` through the index; the match
   also checks ``n.id``, so an element id that no longer names the node matches nothing.
12. ``SHOW INDEXES YIELD name`` and ``SHOW CONSTRAINTS YIELD name`` answer on both (ArcadeDB
   also lists its own backing index ``Entity[id]``). → A store asks once which of its schema
   names exist and creates only the missing ones (Neo4j runs each DDL statement as its own
   transaction, ~45 of them per new store before).
13. Neo4j's full-text indexes (``CREATE FULLTEXT INDEX … OPTIONS {indexConfig:
   {`fulltext.analyzer`: 'cjk'}}``, ``db.index.fulltext.queryNodes``) do not exist in ArcadeDB
   ("Unknown procedure"). → The store does not use them; the lookup keeps the project's own
   answer index, which also finds more: on 100 typed questions the right name first 95% / in
   the top five 96%, against 87% / 89% for a ``cjk`` full-text index on Neo4j 5.26.30
   (benchmarks/bolt_load_bench.py; docs/neo4j.md).
14. Neo4j answers a query that names a label or relationship type the graph has none of
   (``RULED`` before any ruling is loaded) with a warning notification, which the driver logs
   on every such query; ArcadeDB sends none. → Sessions on Neo4j disable the UNRECOGNIZED
   notifications (a session setting older Bolt versions refuse, so only there): the names come
   from the model's whitelist, a missing one only means no such data yet.
"""
from __future__ import annotations

from dataclasses import dataclass

from graph.model import Rel


@dataclass(frozen=True)
class Dialect:
    """What the store needs to know about the server it talks to."""

    name: str
    # Whether the server plans relationship expansion from the cheaper end by itself (3).
    plans_expand_direction: bool
    # Whether the server stores lists Neo4j refuses (6); informative, the codec is the same.
    accepts_mixed_lists: bool
    # Whether Neo4j's full-text procedures (db.index.fulltext.*) exist (13).
    fulltext_procedures: bool
    # Whether the server warns of labels and relationship types the graph has none of (14).
    warns_unknown_names: bool


NEO4J = Dialect(name="Neo4j", plans_expand_direction=True, accepts_mixed_lists=False, fulltext_procedures=True,
                warns_unknown_names=True)
ARCADEDB = Dialect(name="ArcadeDB", plans_expand_direction=False, accepts_mixed_lists=True, fulltext_procedures=False,
                   warns_unknown_names=False)

# Relationship types whose source is a hub (a department or provision with hundreds of
# items) and whose target is a leaf: write their patterns from the target (3).
ANCHOR_AT_DST: frozenset[str] = frozenset({
    Rel.HOLDS.value, Rel.SUPERVISES.value, Rel.APPROVES.value, Rel.DEFINES.value,
})


def detect(server_agent: str) -> Dialect:
    """Tell the servers apart by the agent string of the Bolt handshake."""
    return ARCADEDB if "arcadedb" in (server_agent or "").lower() else NEO4J
