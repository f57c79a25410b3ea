"""Choose the documents and units of the clause labelled set, and print them for labelling.

    python tests/data/label_candidates.py            # the list of documents with their half
    python tests/data/label_candidates.py DOC...     # the units of those documents, numbered

Which documents: every notice and 三定 text of the corpus, and from each of the five provinces
of ``local_laws`` the first eight regulations in sha256(path) order that have at least eight
candidate units (so the choice is nobody's taste). Which units: all lines of a notice or 三定; of a
regulation, the first 14 and the last 6 lines that name a public body (部门/政府/机关/机构/局/委/
办事处/街道/乡镇) — the division articles sit at the start, the penalty articles at the end.
Half: sha256(path) is odd → held-out, even → tune (see README.md).
"""
from __future__ import annotations

import hashlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from ingest.document_units import file_units  # noqa: E402

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
PROVINCES = ("北京", "上海", "重庆", "广东", "河南")
PER_PROVINCE = 8
ROUND3_ORDINALS = (PER_PROVINCE + 1, PER_PROVINCE + 2)  # the ninth and tenth document of each province
# Round 4: the 11th–14th of each province, labelled before the reader was run on them (fresh documents for the
# tune half and a fresh, never-evaluated part of the held-out half)
ROUND4_ORDINALS = tuple(range(PER_PROVINCE + 3, PER_PROVINCE + 7))
# Round 5: the 15th–18th of each province, labelled by two labellers before the reader was run on them (a fresh
# tune part, tune-F, whose round-start figure is blind, and a fresh held-out part never evaluated before the end)
ROUND5_ORDINALS = tuple(range(PER_PROVINCE + 7, PER_PROVINCE + 11))
# Round 6: the 19th–22nd of each province, labelled by four labellers before the reader was run on them (a fresh
# tune part, tune-G, and a fresh held-out part: the first measurement of the reader as frozen after round 5)
ROUND6_ORDINALS = tuple(range(PER_PROVINCE + 11, PER_PROVINCE + 15))
# Round 7: the 23rd–26th of each province, the same way (tune-H and a fresh held-out part)
ROUND7_ORDINALS = tuple(range(PER_PROVINCE + 15, PER_PROVINCE + 19))
# Round 8: the 27th–30th of each province, the same way (tune-I and a fresh held-out part)
ROUND8_ORDINALS = tuple(range(PER_PROVINCE + 19, PER_PROVINCE + 23))
BODY_WORDS = ("部门", "政府", "机关", "机构", "局", "委", "办事处", "街道", "乡镇")


def digest(doc: str) -> str:
    return hashlib.sha256(doc.encode("utf-8")).hexdigest()


def half(doc: str) -> str:
    return "heldout" if int(digest(doc), 16) % 2 else "tune"


def candidate_units(doc: str):
    units = file_units(CORPUS / doc)
    if not doc.startswith("local_laws/"):
        return units
    named = [u for u in units if any(w in u.text for w in BODY_WORDS)]
    return named if len(named) <= 20 else named[:14] + named[-6:]


def _regulations_in_order(prov: str) -> list[str]:
    """A province's regulations in sha256(path) order that have at least eight candidate units."""
    files = sorted((f"local_laws/{prov}/{p.name}" for p in (CORPUS / "local_laws" / prov).glob("*.md")), key=digest)
    return [d for d in files if len(candidate_units(d)) >= 8]


def round3_documents(ordinal: int | None = None) -> list[str]:
    """Third round: per province the ninth (``ordinal`` 9) and tenth (10) regulation in the same order and by
    the same rule, labelled before the reader was run on them (both, when ``ordinal`` is None)."""
    return _round_documents(ROUND3_ORDINALS, ordinal)


def round4_documents(ordinal: int | None = None) -> list[str]:
    """Fourth round: per province the 11th–14th regulation in the same order and by the same rule."""
    return _round_documents(ROUND4_ORDINALS, ordinal)


def round5_documents(ordinal: int | None = None) -> list[str]:
    """Fifth round: per province the 15th–18th regulation in the same order and by the same rule."""
    return _round_documents(ROUND5_ORDINALS, ordinal)


def round6_documents(ordinal: int | None = None) -> list[str]:
    """Sixth round: per province the 19th–22nd regulation in the same order and by the same rule."""
    return _round_documents(ROUND6_ORDINALS, ordinal)


def round7_documents(ordinal: int | None = None) -> list[str]:
    """Seventh round: per province the 23rd–26th regulation in the same order and by the same rule."""
    return _round_documents(ROUND7_ORDINALS, ordinal)


def round8_documents(ordinal: int | None = None) -> list[str]:
    """Eighth round: per province the 27th–30th regulation in the same order and by the same rule."""
    return _round_documents(ROUND8_ORDINALS, ordinal)


def _round_documents(ordinals: tuple[int, ...], ordinal: int | None) -> list[str]:
    out = []
    for prov in PROVINCES:
        ok = _regulations_in_order(prov)
        out += [ok[k - 1] for k in ordinals if ordinal in (None, k)]
    return out


def documents() -> list[str]:
    docs = [f"notices/{p.name}" for p in sorted((CORPUS / "notices").glob("*.txt"))]
    docs += [f"sanding/{p.name}" for p in sorted((CORPUS / "sanding").glob("*.txt"))]
    for prov in PROVINCES:
        docs += _regulations_in_order(prov)[:PER_PROVINCE]
    return (docs + round3_documents() + round4_documents() + round5_documents() + round6_documents()
            + round7_documents() + round8_documents())


if __name__ == "__main__":
    if len(sys.argv) == 1:
        for d in documents():
            print(half(d), d)
    else:
        for d in sys.argv[1:]:
            print(f"@{d}")
            for u in candidate_units(d):
                print(f"{u.line}\t{u.locator}\t{u.text}")
