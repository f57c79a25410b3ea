"""Law markdown → Law and Article nodes (章/节, paragraphs, 之一 articles).

The corpus files (LawRefBook format) look like::

    # 中华人民共和国大气污染防治法
    1987年9月5日 第六届全国人民代表大会常务委员会第二十二次会议通过
    2018年10月26日 …第二次修正
    <!-- INFO END -->
    ## 第一章 总则
    第一条 为保护和改善环境，…

Laws are nationwide: their nodes carry no region. Each article is one row of the
report; an article that cannot be loaded (duplicate number, empty text) is
quarantined with a reason, never silently merged into its neighbour.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from graph.model import Article, Law, Rel, Source, edge, stable_id, to_record
from graph.store import GraphStore
from graph.reference.numerals import NUM, article_number, parse_number
from ingest.documents import read_document
from ingest.report import FileReport

KIND = "law"

INFO_END = "<!-- INFO END -->"
ARTICLE_START = re.compile(rf"^(第({NUM})条(?:之({NUM}))?)[\s\u3000]+(.*)$")
CHAPTER = re.compile(rf"^(第{NUM}[编章])[\s\u3000]*(.*)$")
SECTION = re.compile(rf"^(第{NUM}节)[\s\u3000]*(.*)$")
DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
ITEM = re.compile(rf"^[（(]({NUM})[)）]")
NATIONAL_PREFIX = "中华人民共和国"

# The clause reader's DutyClause nodes are written with every law (issue 13); the ingest benchmark
# turns this off once to measure the import without them in the same run.
LINK_CLAUSES = True

# LawRefBook folders other than 行政法规 hold laws of the NPC and its standing committee.
FOLDER_LEVEL = {"行政法规": "行政法规", "部门规章": "部门规章", "地方性法规": "地方性法规",
                "司法解释": "司法解释"}


@dataclass
class ParsedArticle:
    """One 条 as printed. ``paragraphs`` are its lines (款 and 项), label stripped from the first."""

    label: str
    number: float
    chapter: str
    section: str
    paragraphs: list[str]
    line: int

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


@dataclass
class ParsedLaw:
    law: Law
    articles: list[ParsedArticle] = field(default_factory=list)
    problems: list[tuple[int, str, str]] = field(default_factory=list)  # (line, reason, text)
    notes: list[str] = field(default_factory=list)


def law_id(title: str) -> str:
    return stable_id("law", short_title(title))


def article_id(title: str, label: str) -> str:
    return stable_id("art", short_title(title), label)


def short_title(title: str) -> str:
    """"中华人民共和国食品安全法" → "食品安全法"."""
    title = title.strip()
    return title[len(NATIONAL_PREFIX):] if title.startswith(NATIONAL_PREFIX) else title


def _squash(text: str) -> str:
    return re.sub(r"[\s\u3000]+", " ", text).strip()


def _iso(m: re.Match[str]) -> str:
    return f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"


def _header_entries(lines: list[str]) -> list[str]:
    """Header lines cut so that each entry starts with a date.

    Some lines wrap mid-title, and one (产品质量法) holds two events: "…第一次修正根据2009年8月27日…第二次修正".
    """
    joined = "".join(raw.strip().strip("\u3000") for raw in lines)
    starts = [m.start() for m in DATE.finditer(joined)]
    if not starts:
        return [joined] if joined else []
    return [joined[a:b] for a, b in zip(starts, starts[1:] + [len(joined)])]


def _read_header(law: Law, entries: list[str]) -> None:
    """Dates, issuer and level from lines such as "2019年10月22日 中华人民共和国国务院令第722号公布"."""
    adopted = ""
    for entry in entries:
        m = DATE.match(entry)
        if not m:
            continue
        day = _iso(m)
        rest = entry[m.end():]
        if "施行" in rest and "公布" not in rest:
            law.effective = day
        elif "修正" in rest or "修订" in rest:
            law.amended.append(day)
        elif "公布" in rest or "发布" in rest:
            law.promulgated = law.promulgated or day
        elif "通过" in rest:
            adopted = adopted or day
        if not law.issuer:
            if "全国人民代表大会常务委员会" in rest:
                law.issuer = "全国人民代表大会常务委员会"
            elif "全国人民代表大会" in rest:
                law.issuer = "全国人民代表大会"
            elif "国务院" in rest:
                law.issuer = "国务院"
    # An NPC law is promulgated on the day it is adopted unless a line says otherwise.
    law.promulgated = law.promulgated or adopted
    if law.issuer.startswith("全国人民代表大会"):
        law.level = "法律"
    elif law.issuer == "国务院":
        law.level = "行政法规"


def _index_rows(folder: Path) -> dict[str, dict[str, str]]:
    index = folder / "INDEX.csv"
    if not index.exists():
        return {}
    with open(index, encoding="utf-8", newline="") as fh:
        return {row["file"]: row for row in csv.DictReader(fh)}


def parse_law_text(text: str, file_name: str = "", index_row: dict[str, str] | None = None) -> ParsedLaw:
    """Parse one law file's text. 例: parse_law_text(Path("大气污染防治法.md").read_text()).law.title."""
    lines = text.splitlines()
    title = ""
    body_start = 0
    header: list[str] = []
    for i, line in enumerate(lines):
        if not title and line.startswith("# "):
            title = line[2:].strip()
            continue
        if line.strip() == INFO_END:
            body_start = i + 1
            break
        if title:
            header.append(line)
    if not title:
        title = Path(file_name).stem
    law = Law(id=law_id(title), title=title, short_title=short_title(title))
    parsed = ParsedLaw(law=law)
    _read_header(law, _header_entries(header))
    if index_row:
        folder = index_row.get("source_path", "").split("/", 1)[0]
        if not law.level:
            law.level = FOLDER_LEVEL.get(folder, "法律")
            law.issuer = law.issuer or ("国务院" if law.level == "行政法规" else "")
            parsed.notes.append(f"效力级别取自 INDEX.csv 目录“{folder}”")
        if not law.promulgated:
            m = re.search(r"\((\d{4}-\d{2}-\d{2})\)", index_row.get("source_path", ""))
            if m:
                law.promulgated = m.group(1)
                parsed.notes.append("文件无题注，公布日期取自 INDEX.csv 版本日期")
    if not law.level:
        law.level = "行政法规" if title.endswith(("条例", "办法", "规定")) else "法律"

    chapter = section = ""
    current: ParsedArticle | None = None
    seen: set[float] = set()
    for i in range(body_start, len(lines)):
        line = lines[i].strip()
        if not line:
            continue
        if line.startswith("#"):
            heading = _squash(line.lstrip("#"))
            if CHAPTER.match(heading):
                chapter, section = heading, ""
            elif SECTION.match(heading):
                section = heading
            current = None
            continue
        m = ARTICLE_START.match(line)
        if m:
            label = m.group(1)
            number = article_number(label)
            current = ParsedArticle(label=label, number=number, chapter=chapter, section=section,
                                    paragraphs=[m.group(4).strip()] if m.group(4).strip() else [],
                                    line=i + 1)
            if number in seen:
                parsed.problems.append((i + 1, f"条号重复: {label}", line))
                current = None
                continue
            seen.add(number)
            parsed.articles.append(current)
            continue
        if current is None:
            parsed.problems.append((i + 1, "条文之外的正文行（不属于任何一条）", line))
            continue
        current.paragraphs.append(line)
    if not parsed.articles:
        _paragraph_units(parsed)
    return parsed


def _paragraph_units(parsed: ParsedLaw) -> None:
    """A text that is not divided into 条 (a 决定 or 决议 of a people's congress) is loaded
    paragraph by paragraph, each a unit labelled 第N段, so that its duty sentences still count."""
    loose = [(line, raw) for line, reason, raw in parsed.problems if reason.startswith("条文之外")]
    parsed.problems = [p for p in parsed.problems if not p[1].startswith("条文之外")]
    for n, (line, raw) in enumerate(loose, 1):
        parsed.articles.append(ParsedArticle(label=f"第{n}段", number=float(n), chapter="", section="",
                                             paragraphs=[raw], line=line))
    if loose:
        parsed.notes.append(f"正文不分条（决定、决议等），按段导入 {len(loose)} 段")


def paragraphs(article_text: str) -> list[dict[str, object]]:
    """Split an article into 款 with their 项: [{"kuan": 1, "text": …, "items": [...]}].

    例: "有下列情形之一的…：\\n（一）…\\n（二）…\\n前款…" → 款1 with two 项, then 款2.
    """
    out: list[dict[str, object]] = []
    for line in article_text.splitlines():
        m = ITEM.match(line)
        if m and out:
            out[-1]["items"].append({"xiang": parse_number(m.group(1)), "text": line})  # type: ignore[union-attr]
        else:
            out.append({"kuan": len(out) + 1, "text": line, "items": []})
    return out


@dataclass
class LawReading:
    """What importing a law computes from its text alone (no graph): its parse, the duties of each
    sentence and the clause reader's clauses. :func:`read_law_ahead` makes it in a worker process
    while the importer writes the previous file; the importer uses it only for the same text."""

    text: str
    parsed: ParsedLaw
    duties: dict[str, list]            # sentence → ingest.duty_sentences.extract(sentence)
    clauses: list | None = None        # ingest.clauses.read_text_clauses(text, "law", {"title": …})


def read_law_ahead(path: Path) -> LawReading | None:
    """A :class:`LawReading` of the file, or None when it cannot be read (the importer says why)."""
    from ingest.duty_sentences import extract, split_sentences

    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    parsed = parse_law_text(text, path.name, _index_rows(path.parent).get(path.name))
    duties = {s: extract(s) for art in parsed.articles for s in split_sentences(art.text)}
    clauses = None
    if LINK_CLAUSES and parsed.articles:
        from ingest.clauses import read_text_clauses

        clauses = read_text_clauses(text, "law", {"title": parsed.law.title})
    return LawReading(text, parsed, duties, clauses)


def import_law(store: GraphStore, path: Path, region: str | None = None,
               reading: LawReading | None = None) -> FileReport:
    """Import one law file. ``region`` is ignored: a national law belongs to no region.

    ``reading``: the file's :func:`read_law_ahead`, if made already (ignored unless its text is
    the text read now)."""
    path = Path(path)
    report = FileReport(path=str(path), kind=KIND, region="")
    doc = read_document(path, report)
    if doc is None:
        return report
    text = doc.text
    if reading is not None and reading.text != text:
        reading = None
    parsed = reading.parsed if reading is not None else \
        parse_law_text(text, path.name, _index_rows(path.parent).get(path.name))
    law = parsed.law
    if not parsed.articles:
        # Some source files carry only the title and dates (the body was never published in
        # the source repository): nothing to load, which is not a failure of the import.
        report.notes.append("文件只有标题和题注，没有正文，未导入条文")
        return report
    version, now = doc.version, doc.imported_at
    report.version = version
    report.notes.extend(parsed.notes)
    report.rows_read = len(parsed.articles) + sum(1 for p in parsed.problems if p[1].startswith("条号重复"))
    for line, reason, raw in parsed.problems:
        if reason.startswith("条号重复"):
            report.reject(line, "条", reason, raw)
        else:
            report.notes.append(f"第 {line} 行: {reason}: {raw[:40]}")

    index_row = (_index_rows(path.parent).get(path.name)
                 or _index_rows(path.parent.parent).get(f"{path.parent.name}/{path.name}") or {})
    province = index_row.get("province", "")
    if province and law.level != "地方性法规":
        law.level = "地方性法规"
        report.notes.append(f"效力级别：地方性法规（INDEX.csv 省份“{province}”）")
    scope = law_scope(law, province)
    law.scope_region, law.scope_level, law.scope_name = scope.code, scope.level, scope.name
    report.notes.append(f"适用范围：{scope.name or '未确定'}（{scope.level_zh or '层级未定'}；依据{scope.how}）")
    file_source = Source.for_row(path.name, "", law.title, version, now)
    nodes = [to_record(law), to_record(file_source)]
    edges = [edge(law.id, Rel.FROM_SOURCE, file_source.id)]
    # A law with no article in the graph yet: its articles, as written below, are all there is to
    # read its duty sentences from (the same ones, in the same order, each with its one Source).
    new_law = not store.find_nodes("Article", law=law.id)
    written: list[tuple[str, str, str]] = []
    for art in parsed.articles:
        if not art.paragraphs:
            report.reject(art.line, "条", f"{art.label} 没有条文内容", art.label)
            continue
        node = Article(id=article_id(law.title, art.label), law=law.id, number=art.number,
                       label_zh=art.label, chapter=art.chapter, section=art.section, text=art.text)
        src = Source.for_row(path.name, art.label, art.text, version, now)
        nodes += [to_record(node), to_record(src)]
        edges += [edge(node.id, Rel.PART_OF, law.id), edge(node.id, Rel.FROM_SOURCE, src.id)]
        written.append((node.id, node.text, src.id))
        report.rows_loaded += 1
    store.upsert_nodes(nodes)
    store.upsert_edges(edges)
    # The duty-assigning sentences are part of importing a law: who-handles needs them at once.
    from ingest.duty_sentences import link_mandates, write_mandates

    duties = reading.duties if reading is not None else None
    mandates = write_mandates(store, written, duties) if new_law else link_mandates(store, law=law.id)
    report.notes.append(f"职责句（MANDATES）{mandates} 条")
    if LINK_CLAUSES:
        clauses = reading.clauses if reading is not None else None
        report.notes.append(f"职责条款（DutyClause）{_link_clauses(store, path, text, law, scope, version, now, clauses)} 条")
    return report


def law_scope(law: Law, province: str = ""):
    """A national law or regulation applies everywhere; a local one where its title (or folder) says."""
    from ingest.document_scope import NATIONWIDE, document_scope

    if law.level in ("法律", "行政法规", "部门规章", "司法解释") and not province:
        return NATIONWIDE
    return document_scope(law.title, folder_province=province)


def _link_clauses(store: GraphStore, path: Path, text: str, law: Law, scope, version: str, now: str,
                  clauses: list | None = None) -> int:
    """The clause reader's duties of a law: DutyClause nodes (PART_OF their article) with RULED holders."""
    from ingest.clause_graph import HolderTargets, clause_graph
    from ingest.clauses import read_text_clauses
    from ingest.document_aliases import designations
    from ingest.document_units import text_units
    from ingest.internal_references import InternalReferences
    from ingest.listed_items import ListedItems

    if clauses is None:
        clauses = read_text_clauses(text, "law", {"title": law.title})
    targets = HolderTargets(store, scope.code if scope.level == "county" else "")
    units = text_units(text, "law")
    refs = InternalReferences(units)
    items = ListedItems(units, with_clauses={c.unit.line for c in clauses})
    nodes, edges, n = clause_graph(
        clauses, dataset=path.name, scope=scope, targets=targets,
        source_for=lambda u: Source.for_row(path.name, u.locator, u.text, version, now), label="DutyClause",
        law=law.id, article_for=lambda u: article_id(law.title, u.article) if u.article else "",
        designated_by=designations(units), refers_for=refs.text_for,
        items_for=items.text_for)
    store.upsert_nodes(targets.records())
    store.upsert_nodes(nodes)
    store.upsert_edges(edges)
    return n


def import_laws(store: GraphStore, folder: Path) -> list[FileReport]:
    """Every ``*.md`` law of a folder, in name order. 例: import_laws(store, Path("corpus/laws"))."""
    return [import_law(store, p) for p in sorted(Path(folder).glob("*.md"))]


def find_law(store: GraphStore, title: str) -> str | None:
    """Law id for a full or short title ("中华人民共和国食品安全法" or "食品安全法")."""
    node = store.get_node(law_id(title))
    return node.id if node is not None and node.label == "Law" else None


def law_articles(store: GraphStore, law: str) -> list[dict]:
    """Articles of a law (by id), in number order, as plain dicts with ``id``."""
    arts = [{"id": e.src, **store.get_node(e.src).props} for e in store.edges_to(law, Rel.PART_OF.value)
            if (n := store.get_node(e.src)) is not None and n.label == "Article"]
    return sorted(arts, key=lambda a: a["number"])
