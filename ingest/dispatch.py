"""Send each file of ``dutygraph ingest PATH...`` to the importer for its kind.

    >>> report = ingest_paths(store, [Path("ingest/samples")], region=None)
    >>> print(report.summary_zh())

Every importer has the shape ``(store, path, region=None) -> FileReport``. They are named
here as "module:function" and loaded when first used, so that an importer that does not
exist yet gives a clear message instead of breaking every import. To add one, put it in
:data:`IMPORTERS` and say which files it takes in :data:`SUFFIX_KIND` / :func:`text_kind`.

Order matters: rosters first (lists resolve against them), then laws and 三定 (lists and
notices cite them), then lists, then notices. The caller saves the store afterwards.
"""
from __future__ import annotations

import gc
import importlib
import multiprocessing
import os
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from graph.reference.regions import AmbiguousRegion, RegionError, resolve_region
from graph.store import GraphStore, StoreBusy
from ingest.headers import HeaderError, detect_kind, map_columns, normalise_kind
from ingest.report import FileReport, IngestReport
from ingest.tables import TABLE_SUFFIXES, TableError, read_file

Importer = Callable[..., FileReport]

# kind → importer. The list kinds (power, territorial, …) all go to ingest_list.
IMPORTERS: dict[str, str] = {
    "list": "ingest.lists:ingest_list",
    "roster": "ingest.roster:ingest_roster",
    "law": "ingest.laws:import_law",
    "sanding": "ingest.sanding:import_sanding",
    "notice": "ingest.notices:import_notice",
    "calls": "ingest.calls:import_calls",
}
TEXT_KINDS = {"law": "law", "法律": "law", "法规": "law", "sanding": "sanding", "三定": "sanding",
              "notice": "notice", "通知": "notice", "文件": "notice",
              "calls": "calls", "呼叫": "calls", "热线": "calls", "诉求": "calls"}
SUFFIX_KIND: dict[str, str] = {".csv": "list", ".xlsx": "list", ".xlsm": "list", ".xls": "list",
                               ".md": "text", ".txt": "text", ".json": "calls"}
# Importers whose files bring articles (or other text) that existing items' citations may name.
TEXT_IMPORT_KINDS = frozenset({"law", "sanding", "notice"})
ORDER = {"roster": 0, "law": 1, "sanding": 2, "list": 3, "notice": 4, "calls": 5}
# Files inside a folder that describe the folder rather than hold data.
SKIP_NAMES = {"INDEX.csv", "MANIFEST.csv"}


def load_importer(kind: str) -> Importer:
    module, _, func = IMPORTERS[kind].partition(":")
    return getattr(importlib.import_module(module), func)


def text_kind(path: Path) -> str:
    """law / sanding / notice for a .md or .txt file: by its folder, its name, then its header."""
    parts = {p.lower() for p in path.parts[:-1]}
    if "sanding" in parts or "三定" in parts or re.match(r"^SD\d", path.name):
        return "sanding"
    if "notices" in parts or "通知" in parts or re.match(r"^N\d", path.name):
        return "notice"
    if "laws" in parts or path.suffix.lower() == ".md":
        return "law"
    try:
        head = path.read_text(encoding="utf-8", errors="replace")[:600]
    except OSError:
        return "notice"
    if re.search(r"^type:.*三定", head, re.M) or "职能配置" in head[:200]:
        return "sanding"
    return "notice"


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files named, and the files inside folders named (recursively, in name order)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                rel = f.relative_to(p).parts
                if not f.is_file() or any(x.startswith((".", "_", "~$")) for x in rel):
                    continue
                if f.name in SKIP_NAMES or f.name.upper().startswith("README"):
                    continue
                if f.suffix.lower() in SUFFIX_KIND:
                    out.append(f)
        else:
            out.append(p)
    return out


def _is_roster(path: Path) -> bool:
    if "名册" in path.name:
        return True
    try:
        _, tables = read_file(path, keep=True, stream=True)   # the list importer reads it again: parse once
        return detect_kind(map_columns(tables[0].header), path.name) == "roster"
    except (TableError, HeaderError):
        return False


def plan(paths: Iterable[Path], kind: str | None = None) -> list[tuple[str, Path]]:
    """(importer kind, file) in the order they should run."""
    forced = None
    if kind:
        forced = TEXT_KINDS.get(kind) or ("roster" if normalise_kind(kind) == "roster" else "list")
    jobs: list[tuple[str, Path]] = []
    for f in expand_paths(paths):
        suffix_kind = SUFFIX_KIND.get(f.suffix.lower(), "")
        if forced:
            job = forced
        elif suffix_kind == "list":
            job = "roster" if f.suffix.lower() in TABLE_SUFFIXES and _is_roster(f) else "list"
            if job == "list":
                from ingest.calls import looks_like_calls
                job = "calls" if looks_like_calls(f) else job
        elif suffix_kind == "calls":
            job = "calls"
        elif suffix_kind == "text":
            job = text_kind(f)
        else:
            job = ""
        jobs.append((job, f))
    return sorted(jobs, key=lambda j: (ORDER.get(j[0], 9), str(j[1])))


@contextmanager
def _gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while one file is read and written: an import allocates
    millions of objects that live until the file is written (nothing cyclic to free), and each
    collection walks all of them again (a tenth of a 100,000-row list's time). Resumed after."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def ingest_file(store: GraphStore, job: str, path: Path, region: str | None = None,
                kind: str | None = None, columns: dict[str, str | None] | None = None,
                reading: Any = None) -> FileReport:
    if not path.exists():
        return FileReport(path=str(path), status="failed", error=f"文件或文件夹不存在: {path}")
    if not job:
        return FileReport(path=str(path), status="failed",
                          error=f"不支持的文件类型「{path.suffix or '无扩展名'}」（支持 .csv、.xlsx、.md、.txt）")
    try:
        importer = load_importer(job)
    except (ImportError, AttributeError):
        return FileReport(path=str(path), status="failed", error=f"尚不支持导入此类文件（{job}）")
    try:
        # One transaction per file: another process sees the whole file or none of it, and a
        # file that fails half way leaves nothing behind (a store's own errors included).
        with store.transaction(), _gc_paused():
            if job == "list":
                return importer(store, path, region=region, kind=kind, columns=columns)
            if reading is not None:
                return importer(store, path, region=region, reading=reading)
            return importer(store, path, region=region)
    except StoreBusy:
        raise  # another writer holds the graph: the next file would wait as long
    except TableError as exc:   # a streamed list found unreadable past its head: nothing of it was kept
        return FileReport(path=str(path), status="failed", error=str(exc))
    except Exception as exc:  # one broken file must not stop the others; say what happened
        return FileReport(path=str(path), status="failed",
                          error=f"导入时出现内部错误（{type(exc).__name__}: {exc}），请报告此问题")


def check_options(region: str | None, kind: str | None) -> str | None:
    """The ``kind`` normalised; ValueError (Chinese message) for an unknown region or kind.

    An ambiguous region (朝阳区) is not an error yet: each file may name which one it is
    (:func:`settle_region`). Callers may run it before opening a graph, so that a typo leaves
    nothing behind.
    """
    if region:
        try:
            resolve_region(region)
        except AmbiguousRegion:
            pass
    if kind and kind not in TEXT_KINDS:
        kind = normalise_kind(kind)
    return kind


# How much of a text file is read for the regions it names (its header and first paragraphs).
HEAD_CHARS = 2000


def settle_region(ambiguous: AmbiguousRegion, text: str, path: Path) -> str:
    """The candidate of an ambiguous ``--region`` that a file names (北京市… in its name or opening
    text settles 朝阳区 to 北京市朝阳区); raise AmbiguousRegion, with the candidates, when it names none."""
    from graph.reference.regions import find_regions_in_text, settle

    clues = [r for _, r in find_regions_in_text(f"{path.stem}\n{text[:HEAD_CHARS]}")]
    picked = settle(ambiguous.candidates, clues)
    if picked is None:
        raise AmbiguousRegion(f"{ambiguous}；文件名和文件开头也没有写明是其中哪一个", ambiguous.candidates)
    return picked.code


def _file_head(path: Path) -> str:
    try:
        with path.open("rb") as fh:
            raw = fh.read(HEAD_CHARS * 4)
    except OSError:
        return ""
    for enc in ("utf-8-sig", "utf-16", "gb18030"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", errors="replace")


# Worker processes that read laws ahead of the importer (DUTYGRAPH_INGEST_WORKERS overrides).
WORKERS_ENV = "DUTYGRAPH_INGEST_WORKERS"
READ_AHEAD_MIN_FILES = 4     # fewer laws than this are read in the importer's own process


def ingest_workers() -> int:
    """How many worker processes a command-line import may use to read laws ahead (default: two,
    or one on a single core). 0 or 1: none."""
    raw = os.environ.get(WORKERS_ENV, "").strip()
    if raw.isdigit():
        return int(raw)
    return min(2, os.cpu_count() or 1)


class _LawsAhead:
    """Laws read (parsed, duty sentences and clauses found: :func:`ingest.laws.read_law_ahead`) by
    worker processes in plan order while this process writes the previous ones. The writes stay
    here, one transaction per file, in the same order: only the reading moves. A file a worker
    could not read is read again by the importer, which reports what went wrong."""

    def __init__(self, paths: list[Path], workers: int) -> None:
        from ingest.laws import read_law_ahead

        # fork: the workers start with this process's modules and reference tables loaded, and
        # never touch its database connection.
        self.pool = multiprocessing.get_context("fork").Pool(workers)
        self.paths = paths
        self.results = self.pool.imap(read_law_ahead, paths, chunksize=2)
        self.next = 0

    def get(self, path: Path) -> Any:
        while self.next < len(self.paths):
            here = self.paths[self.next]
            self.next += 1
            try:
                reading = next(self.results)
            except Exception:   # a worker's failure costs the reading, never the file
                reading = None
            if here == path:
                return reading
        return None

    def close(self) -> None:
        self.pool.terminate()
        self.pool.join()


def _laws_ahead(jobs: list[tuple[str, Path]], workers: int) -> _LawsAhead | None:
    laws = [path for job, path in jobs if job == "law"]
    if workers < 2 or len(laws) < READ_AHEAD_MIN_FILES or "fork" not in multiprocessing.get_all_start_methods():
        return None
    return _LawsAhead(laws, workers)


def ingest_paths(store: GraphStore, paths: list[Path], region: str | None = None,
                 kind: str | None = None, columns: dict[str, str | None] | None = None,
                 workers: int = 1) -> IngestReport:
    """Import files and folders; one FileReport per file, rosters first. Does not save the store.

    ``workers`` > 1: that many worker processes read laws ahead (:class:`_LawsAhead`); for a
    single-threaded caller only (the command line), as they are forked from it.

    Raises a RegionError for an unknown ``region`` and HeaderError for an unknown ``kind`` before
    touching any file (both ValueError, with a Chinese message). An ambiguous ``region`` (朝阳区)
    is settled by each file from what it names (its title, file name, 区划代码 or departments:
    北京市朝阳区…); a file that names none of the candidates fails alone, listing them.
    """
    kind = check_options(region, kind)
    ambiguous: AmbiguousRegion | None = None
    if region:      # every importer gets the code: a notice of 广安区 is stored under 511602
        try:
            region = resolve_region(region).code
        except AmbiguousRegion as exc:
            ambiguous = exc
    report = IngestReport()
    list_kind = kind if kind and kind not in TEXT_KINDS else None
    jobs = plan(paths, kind)
    ahead = _laws_ahead(jobs, workers)
    try:
        for job, path in jobs:
            file_region = region
            if ambiguous is not None and job != "list":   # a list settles it from its tables (ingest.lists)
                try:
                    file_region = settle_region(ambiguous, _file_head(path), path)
                except RegionError as exc:
                    report.files.append(FileReport(path=str(path), status="failed", error=str(exc)))
                    continue
            reading = ahead.get(path) if ahead is not None and job == "law" else None
            report.files.append(ingest_file(store, job, path, file_region, list_kind, columns, reading))
    finally:
        if ahead is not None:
            ahead.close()
    loaded = [f for f in report.files if f.rows_loaded]
    if loaded:
        # Lists and laws may arrive in either order: tie 实施依据 to articles once both are in.
        # New articles may resolve any item's citation; new lists only their own (at province
        # size the difference between a second and a minute).
        from ingest.citations import link_item_basis

        texts = any(f.kind in TEXT_IMPORT_KINDS for f in loaded)
        datasets = None if texts else sorted({Path(f.path).name for f in loaded})
        with store.transaction():
            report.citations = link_item_basis(store, datasets=datasets)
    return report
