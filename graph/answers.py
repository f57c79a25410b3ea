"""The answer vocabulary, defined once: Evidence, Candidate, Answer.

Every who-handles answer — CLI, HTTP API, the explorer's search box — is an :class:`Answer` of
:class:`Candidate` s, each explained by :class:`Evidence`; ``api/answer_render.py`` renders it
once per format (JSON, CSV, text). The analyses' finding type, ``Finding``, stays in
``graph/analyses/findings.py`` next to the analyses that make and rank findings (its severity
and kind tables belong to them); it carries its evidence as this module's :class:`Evidence`.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# Where an answer came from, most specific first (issue 12 "precedence in a region").
LEVELS_ZH = {
    "local_list": "本地清单",
    "lower_list": "下级（乡镇）清单",
    "upper_list": "上级（市、省）清单",
    "list": "清单（未注明地区）",
    "local_law": "本地地方性法规",
    "upper_law": "上级（省）地方性法规",
    "lower_law": "下级（市）地方性法规（只在该市适用）",
    "law": "法律、行政法规（按机构改革对应到今天的部门）",
    "national": "全国适用（法律、行政法规、国务院部门三定；未指定地区时优先）",
    "regional": "某地的法规或清单（只在该地适用；未指定地区）",
}
CONFIDENCE_ZH = {"high": "", "low": "低置信"}


@dataclass
class Evidence:
    """One text behind an answer: a list row, a basis text, an article, a notice clause."""

    source: str          # file (list, law or notice) or law title
    locator: str         # 第 N 行, 第五条, 实施依据 …
    text: str
    kind: str = ""       # 清单行 / 实施依据 / 法律条文 / 职责句 / 通知条款


@dataclass
class Candidate:
    """A department (or department type) answering the question, with its role and why."""

    department: str
    department_id: str
    role: str                      # lead / cooperate / withdrawn
    role_zh: str
    score: float                   # 0–100: how well the matched text answers the question
    matched_item: str              # the text that matched (item name, duty sentence's matter)
    item_id: str
    item_kind: str                 # node label, or Article for a law's duty sentence
    item_kind_zh: str
    region: str = ""
    duty: str = ""                 # 审批 / 监管 / the sentence's verb
    condition: str = ""            # a ruling's condition, e.g. 经劝阻无效且继续施工的
    confidence: str = "high"       # high / low
    confidence_zh: str = ""        # "" / 低置信
    level: str = ""                # key of LEVELS_ZH
    level_zh: str = ""
    matched_terms: list[str] = field(default_factory=list)   # words the question and the text share
    evidence: list[Evidence] = field(default_factory=list)
    # A joint duty (「A、B按照各自职责负责X」): this lead shares the matter with ``joint_with``, each by
    # its own remit; no single lead.
    joint: bool = False
    joint_with: list[str] = field(default_factory=list)


@dataclass
class Answer:
    query: str
    region: str | None
    results: list[Candidate]
    message: str = ""
    matter: str = ""               # what was matched: the question without its shell
    region_name: str = ""
    region_from_query: bool = False
    excluded: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
