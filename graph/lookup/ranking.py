"""How who-handles orders the departments its texts give: the text's exact score plus weighted signals.

    score = text score (0–100, text_index.rerank) + Σ weight(feature) × value(feature)

The signals are what the answer knows besides the words: the level the text comes from as seen from the
asked region (``level:local_list`` …), whether the duty or role the question asks about is the text's
(``cue``), a people's congress (``legislature``), a government when 「哪个部门」 was asked (``government``), a
clause's sentence covering more of the question than its matter (``context``, a share 0–1), a share of a
matter given 「按照各自职责」 (``joint``), the share of the question the title of the text's regulation names
(``title``, graph/lookup/title_match.py), and features the hand-set ranking did not use (the kind of text, a
cooperating role, a co-holder whose field the question names, …).

The weights are data (``data/rank_weights.csv``: feature, weight, source): hand-set values as the question sets'
tuning halves chose them, or weights learned from those halves by ``tests/data/learn_ranking.py``; the
file says which. A feature missing from the file weighs nothing. ``DUTYGRAPH_RANK_WEIGHTS`` names another file.
"""
from __future__ import annotations

import csv
import os
from functools import lru_cache
from pathlib import Path

WEIGHTS_FILE = Path(__file__).with_name("data") / "rank_weights.csv"
LEVELS = ("local_list", "lower_list", "upper_list", "list", "local_law", "upper_law", "lower_law", "law",
          "national", "regional")


@lru_cache(maxsize=1)
def weights() -> dict[str, float]:
    """Feature → weight, from the bundled file or the one ``DUTYGRAPH_RANK_WEIGHTS`` names."""
    path = Path(os.environ.get("DUTYGRAPH_RANK_WEIGHTS") or WEIGHTS_FILE)
    with open(path, encoding="utf-8-sig", newline="") as f:
        return {row["feature"].strip(): float(row["weight"]) for row in csv.DictReader(f) if row.get("feature")}


def bonus(features: dict[str, float]) -> float:
    """The points the signals add to a text's score."""
    w = weights()
    return sum(w.get(name, 0.0) * value for name, value in features.items())
