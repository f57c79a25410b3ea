"""Import township calls (乡呼县应/镇呼区应) and hotline cases (12345) as Call nodes.

    >>> report = import_calls(store, Path("广安区镇呼区应记录.csv"), region="511602")
    >>> report.summary_zh()
    '广安区镇呼区应记录.csv [calls]: 读取 12 行 = 导入 11 + 隔离 1；未能识别的部门名称 0 处'

CSV/XLSX (header synonyms below) or JSON (a list of objects, or {"calls": [...]}, keys
in Chinese or English). Like every import it counts every row (read = loaded +
quarantined), quarantines a row with no text or no region with a reason, records a
ListVersion so that a re-import of the same bytes writes nothing, and gives each call a
Source row. A column naming the item the dispatcher matched (对应事项) becomes a MATCHED
edge when exactly one current item of the region has that name; otherwise the call loads
unmatched and the report says why.
"""
from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from pathlib import Path
from typing import Any

from graph.model import ITEM_LABELS, Call, EdgeRecord, NodeRecord, Rel, Source, edge, stable_id, to_record
from graph.reference.regions import RegionError, ancestors, region_in_text, region_node_id, resolve_region
from graph.store import GraphStore
from ingest import versions
from ingest.regions import region_records
from ingest.report import FileReport

KIND = "calls"

# field → header synonyms (first one named in messages); matched after removing spaces and （）.
FIELDS: dict[str, tuple[str, ...]] = {
    "text": ("诉求内容", "呼叫内容", "来电内容", "工单内容", "问题描述", "反映问题", "诉求", "呼叫事项",
             "事项描述", "内容", "text", "content", "description"),
    "date": ("呼叫时间", "来电时间", "受理时间", "发起时间", "日期", "时间", "date", "time"),
    "region": ("区划代码", "行政区划代码", "地区", "所属区域", "区县", "region", "region_code"),
    "township": ("乡镇街道", "乡镇(街道)", "乡镇", "街道", "呼叫单位", "发起单位", "township"),
    "outcome": ("办理结果", "处理结果", "办理情况", "结果", "回复内容", "状态", "outcome", "status"),
    "department": ("承办部门", "响应部门", "办理部门", "责任单位", "应答部门", "department"),
    "channel": ("来源", "渠道", "呼叫类型", "类型", "channel", "source_channel"),
    # 序号 only numbers the rows; it does not tell two calls apart.
    "number": ("工单编号", "呼叫编号", "编号", "id", "no"),
    "matched": ("对应事项", "匹配事项", "清单事项", "事项名称", "matched_item", "item"),
}
_LOOKUP = {re.sub(r"[\s()（）*]+", "", s).lower(): f for f, syns in FIELDS.items() for s in syns}
_CALL_WORDS = re.compile(r"呼叫|热线|12345|乡呼县应|镇呼区应|街呼区应|诉求|工单|来电")


def _field(header: str) -> str | None:
    key = re.sub(r"[\s()（）*]+", "", unicodedata.normalize("NFKC", str(header or ""))).lower()
    return _LOOKUP.get(key)


def looks_like_calls(path: Path) -> bool:
    """True for a .json file, or a table whose name or header says calls (诉求内容, 呼叫内容 …).

    例: looks_like_calls(Path("广安区镇呼区应记录.csv")) → True
    """
    path = Path(path)
    if path.suffix.lower() == ".json":
        return True
    if _CALL_WORDS.search(path.stem):
        return True
    if path.suffix.lower() != ".csv":
        return False
    # Only the first line: lists can be large, and dispatch asks this of every CSV.
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except OSError:
        return False
    for enc in ("utf-8-sig", "gb18030"):
        try:
            first = head.split(b"\n", 1)[0].decode(enc).strip()
            break
        except UnicodeDecodeError:
            continue
    else:
        return False
    fields = {_field(h) for h in next(csv.reader(io.StringIO(first)), [])}
    return "text" in fields and bool(fields & {"township", "outcome", "department"})


def _records(path: Path, data: bytes) -> list[tuple[int, str, dict[str, str]]]:
    """(row number as a person sees it, raw text, field → value) for every data row."""
    if path.suffix.lower() == ".json":
        doc = json.loads(data.decode("utf-8-sig"))
        if isinstance(doc, dict):
            doc = next((doc[k] for k in ("calls", "data", "records", "items", "rows") if isinstance(doc.get(k), list)),
                       None)
        if not isinstance(doc, list):
            raise ValueError("JSON 应为呼叫记录的数组，或含 calls/data/records 数组的对象")
        out = []
        for i, obj in enumerate(doc, start=1):
            raw = json.dumps(obj, ensure_ascii=False)
            if not isinstance(obj, dict):
                out.append((i, raw, {"__problem__": "不是一个对象（应为 {\"诉求内容\": …} 形式）"}))
                continue
            rec: dict[str, str] = {}
            for k, v in obj.items():
                f = _field(k)
                if f and f not in rec and v not in (None, ""):
                    rec[f] = str(v).strip()
            out.append((i, raw, rec))
        return out
    from ingest.tables import read_tables

    out = []
    for table in read_tables(path):
        fields = [_field(h) for h in table.header]
        if "text" not in fields:
            raise ValueError("表头中没有诉求内容列（可用列名: " + "、".join(FIELDS["text"][:6]) + "）")
        for row in table.rows:
            buf = io.StringIO()
            csv.writer(buf, lineterminator="").writerow(row.cells)
            rec = {}
            for f, cell in zip(fields, row.cells):
                if f and f not in rec and cell.strip():
                    rec[f] = cell.strip()
            if row.problem:
                rec["__problem__"] = row.problem
            out.append((row.number, buf.getvalue(), rec))
    return out


def _region_of(rec: dict[str, str], file_region: str) -> tuple[str, str]:
    """(region code, problem): the row's own region, else the county of its township, else the file's.

    A township's call is answered by its county (镇呼区应), so a township resolves to its county;
    a township name shared across the country (城关镇) is looked up within the file's region.
    """
    for f in ("region", "township"):
        value = rec.get(f, "")
        if value:
            try:
                region = resolve_region(value, within=(file_region or None) if f == "township" else None)
            except RegionError:
                if f == "region":
                    return "", f"未知的地区「{value}」"
                continue
            if f == "township":
                county = next((r for r in ancestors(region.code) if r.level != "township"), None)
                return (county.code if county else region.code), ""
            return region.code, ""
    if file_region:
        return file_region, ""
    return "", "无法确定地区: 行内没有区划代码，也未指定 --region"


def _matched_item(store: GraphStore, name: str, region: str, cache: dict) -> tuple[str | None, str]:
    """The one current item of the region with exactly this name, or (None, why not)."""
    key = (name, region)
    if key not in cache:
        hits = [r for label in ITEM_LABELS for r in store.find_nodes(label, name=name)
                if r.props.get("current") is not False and (r.props.get("region") or "").startswith(region[:6])]
        cache[key] = (hits[0].id, "") if len(hits) == 1 else (
            None, f"对应事项「{name}」在本地区{'没有' if not hits else '有多项'}同名事项，未建立匹配关系")
    return cache[key]


def import_calls(store: GraphStore, path: Path, region: str | None = None) -> FileReport:
    """Import one calls file; never raises for a bad file — the report carries the error."""
    path = Path(path)
    report = FileReport(path=str(path), kind=KIND)
    try:
        file_region = resolve_region(region).code if region else ""
        if not file_region and (info := region_in_text(path.stem)):
            file_region = info.code
            report.notes.append(f"地区据文件名推断为 {info.name}（{info.code}）")
        data = path.read_bytes()
        rows = _records(path, data)
    except (OSError, ValueError, UnicodeDecodeError) as exc:  # TableError and JSON errors are ValueErrors
        report.status, report.error = "failed", str(exc)
        return report
    report.region = file_region
    digest = versions.content_hash(data)
    state = versions.version_state(store, path.name, file_region, digest)
    report.version = state.id
    imported_at = versions.now_iso()
    nodes: dict[str, NodeRecord] = {}
    edges: list[EdgeRecord] = []
    regions: set[str] = set()
    seen: dict[str, int] = {}
    match_cache: dict = {}
    for number, raw, rec in rows:
        report.rows_read += 1
        if rec.get("__problem__"):
            report.reject(number, "", rec["__problem__"], raw)
            continue
        text = rec.get("text", "")
        if not text:
            report.reject(number, FIELDS["text"][0], "诉求内容为空", raw)
            continue
        code, problem = _region_of(rec, file_region)
        if problem:
            report.reject(number, FIELDS["region"][0], problem, raw)
            continue
        cid = stable_id("call", code, rec.get("number", ""), rec.get("date", ""), rec.get("township", ""), text)
        if cid in seen:
            report.reject(number, "", f"重复记录: 与第 {seen[cid]} 行为同一呼叫", raw)
            continue
        seen[cid] = number
        locator = f"第 {number} 条" if path.suffix.lower() == ".json" else f"第 {number} 行"
        src = Source(id=stable_id("src", state.id, str(number)), path=path.name, locator=locator, text=raw,
                     version=state.id, imported_at=imported_at)
        call = Call(id=cid, text=text, region=code, date=rec.get("date", ""), outcome=rec.get("outcome", ""),
                    channel=rec.get("channel", ""), township=rec.get("township", ""),
                    department_text=rec.get("department", ""), dataset=path.name)
        nodes[src.id], nodes[cid] = to_record(src), to_record(call)
        regions.add(code)
        edges += [edge(src.id, Rel.IN_VERSION, state.id, source=src.id),
                  edge(cid, Rel.FROM_SOURCE, src.id, source=src.id),
                  edge(cid, Rel.IN_REGION, region_node_id(code), source=src.id)]
        if rec.get("matched"):
            item, why = _matched_item(store, rec["matched"], code, match_cache)
            if item:
                edges.append(edge(cid, Rel.MATCHED, item, source=src.id, how="清单行注明"))
            else:
                report.notes.append(f"第 {number} 行: {why}")
        report.rows_loaded += 1
    assert report.balanced, report.summary_zh()
    if state.unchanged:
        report.status = "unchanged"
        return report
    region_nodes: dict[str, NodeRecord] = {}
    region_edges: list[EdgeRecord] = []
    for code in sorted(regions | ({file_region} if file_region else set())):
        rn, re_ = region_records(code)   # a code the tables lack still loads; the call just has no Region node
        region_nodes.update({n.id: n for n in rn})
        region_edges += re_
    known = set(region_nodes)
    edges = [e for e in edges if e.rel != Rel.IN_REGION.value or e.dst in known]
    fsrc = versions.file_source(path.name, state.id, digest, imported_at)
    ver = versions.version_node(state, path.name, KIND, file_region, digest, imported_at,
                                report.rows_read, report.rows_loaded, report.rows_quarantined)
    store.upsert_nodes([*region_nodes.values(), to_record(fsrc), to_record(ver), *nodes.values()])
    store.upsert_edges([*region_edges, edge(state.id, Rel.FROM_SOURCE, fsrc.id, source=fsrc.id), *edges])
    versions.supersede(store, state, fsrc.id, path.name, set(), set(), regions)
    report.status = "updated" if state.previous or state.exists else "loaded"
    return report


def calls_to_json(calls: list[dict[str, Any]]) -> str:
    """Helper for tests and fixtures: calls as the JSON this importer reads."""
    return json.dumps({"calls": calls}, ensure_ascii=False, indent=2)
