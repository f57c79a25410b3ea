"""How a property value of the model becomes a Neo4j property and back, exactly.

Neo4j stores strings, 64-bit ints, floats, booleans and homogeneous lists of one of them
natively. Anything else the model may carry (null, a map, a mixed or nested list, an int
beyond 64 bits) is kept as a JSON string behind :data:`MARKER`, under the same key, so
that every value round-trips and a key never has two spellings. The same encoding is
used by the store and by the ``neo4j-admin`` CSV export.
"""
from __future__ import annotations

import json
import re
from typing import Any

# U+FDD0 is a Unicode noncharacter, reserved for a program's internal use: it does not occur
# in list or law text, and unlike NUL it is safe in CSV files for neo4j-admin. A real string
# that starts with the marker is itself JSON-encoded, so decoding is never ambiguous.
MARKER = "\ufdd0json:"

INT64 = (-(2 ** 63), 2 ** 63 - 1)

# Property keys are spliced into Cypher (SET n.`k` = …): only plain identifiers pass.
_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

# Keys the store keeps for itself.
NODE_RESERVED = frozenset({"id"})
EDGE_RESERVED = frozenset({"_key"})


def check_key(key: str, reserved: frozenset[str] = frozenset()) -> str:
    if not isinstance(key, str) or not _KEY.match(key):
        raise ValueError(f"属性名不合法（只允许英文字母、数字和下划线）: {key!r}")
    if key in reserved:
        raise ValueError(f"属性名 {key!r} 由存储层保留，不能作为属性使用")
    return key


def _scalar_kind(v: Any) -> str | None:
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, int):
        return "long" if INT64[0] <= v <= INT64[1] else None
    if isinstance(v, float):
        return "double"
    if isinstance(v, str):
        return None if v.startswith(MARKER) else "string"
    return None


def kind_of(v: Any) -> str | None:
    """The native Neo4j type of a value (``string``, ``long[]`` …), or None when it needs JSON.

    An empty list has no element type; it is stored natively as ``string[]``-less ``[]``.
    """
    if isinstance(v, (list, tuple)):
        kinds = {_scalar_kind(x) for x in v}
        if not v:
            return "[]"
        if len(kinds) == 1 and None not in kinds:
            return f"{kinds.pop()}[]"
        return None
    return _scalar_kind(v)


def to_json(v: Any) -> str:
    return MARKER + json.dumps(v, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def encode(v: Any) -> Any:
    """Model value → Neo4j property value."""
    kind = kind_of(v)
    if kind is None:
        return to_json(v)
    return list(v) if isinstance(v, tuple) else v


def decode(v: Any) -> Any:
    """Neo4j property value → model value."""
    if isinstance(v, str) and v.startswith(MARKER):
        return json.loads(v[len(MARKER):])
    return v


def encode_props(props: dict[str, Any], reserved: frozenset[str]) -> dict[str, Any]:
    return {check_key(k, reserved): encode(v) for k, v in props.items()}


def decode_props(props: dict[str, Any], drop: frozenset[str]) -> dict[str, Any]:
    return {k: decode(v) for k, v in props.items() if k not in drop}
