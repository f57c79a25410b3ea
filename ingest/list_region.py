"""Which region a list belongs to when ``--region`` is not given: what the file itself says.

    region_from_content(path, typed) → (广州市, "地区据标题「广州市权责清单（2023年版）」推断为 广州市（440100）")

The clues, in order: the title rows above the header (广州市市场监督管理局权责清单), the file
name (云阳县…), and the departments its rows name (广州市公安局 → 广州市). A title and a file
name that name regions on one line (广东省 … 广州市) give the most specific; two that
disagree, or clues that say nothing, leave the region undecided and the caller asks for it.
A 区划代码 / 行政区划 column settles each row's own region (``ingest.lists``).

An ambiguous ``--region`` (朝阳区: 北京 or 长春) is settled by the same clues, plus the 区划代码
column: :func:`settle_from_content` takes the one candidate they confirm (北京市朝阳区市场监督管理局
→ 北京市朝阳区), and refuses with both candidates when they confirm none or both.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from graph.reference.regions import (
    AmbiguousRegion, Region, RegionError, ancestors, get_region, looks_like_code, region_in_text, resolve_region, settle,
)

# Columns that hold department names (the lead body and the others a row names).
HOLDER_FIELDS = ("department", "lead", "cooperate", "approver", "supervisor", "requester", "assistant", "county")
MAX_ROWS_READ = 2000     # enough rows to see which region a list's departments belong to


class RegionUndecided(RegionError):
    """The file names no region, or names several that disagree (message in Chinese)."""


def _on_one_line(regions: list[Region]) -> Region | None:
    """The most specific of regions that all lie on one line of descent, else None."""
    deepest = max(regions, key=lambda r: len(ancestors(r.code)))
    line = {a.code for a in ancestors(deepest.code)}
    return deepest if all(r.code in line for r in regions) else None


def _from_departments(typed) -> tuple[Region | None, str]:
    """The region most of the department names name, if it is the clear majority."""
    counts: Counter[str] = Counter()
    named: dict[str, Region] = {}
    cells = 0
    for table, _, cmap in typed:
        cols = [cmap.fields[f] for f in HOLDER_FIELDS if f in cmap.fields]
        for row in table.rows[:MAX_ROWS_READ]:
            for i in cols:
                # the most specific region a cell names: 广安市公安局广安区分局 → 广安区
                region = region_in_text(row.cells[i]) if i < len(row.cells) and row.cells[i] else None
                if region is not None:
                    cells += 1
                    counts[region.code] += 1
                    named[region.code] = region
    if not counts:
        return None, ""
    (best, n), *rest = counts.most_common(2) + [("", 0)]
    if n * 2 < cells or (rest and rest[0][1] == n):
        return None, "部门名称中的地区不一致（" + "、".join(f"{named[c].name} {k} 处" for c, k in counts.most_common(4)) + "）"
    return named[best], f"地区据部门名称推断为 {named[best].name}（{best}，{n}/{cells} 个部门名称写明）"


def region_from_content(path: Path, typed) -> tuple[Region | None, str]:
    """(region, how we know it) from the list's titles, file name and department names.

    Raises :class:`RegionUndecided` when the title and the file name name regions that
    disagree; returns (None, why) when nothing names a region.
    """
    clues: list[tuple[str, Region]] = []
    for table, _, _ in typed:
        for title in table.titles:
            region = region_in_text(title)
            if region is not None:
                clues.append((f"标题「{title}」", region))
                break
    region = region_in_text(path.stem)
    if region is not None:
        clues.append(("文件名", region))
    if clues:
        best = _on_one_line([r for _, r in clues])
        if best is None:
            said = "，".join(f"{where}写明 {r.full_name}" for where, r in clues)
            raise RegionUndecided(f"无法确定清单所属地区：{said}，两者不一致；请用 --region 指定")
        where = next(w for w, r in clues if r.code == best.code)
        return best, f"地区据{where}推断为 {best.name}（{best.code}）"
    return _from_departments(typed)


def _clues(path: Path, typed) -> list[tuple[str, Region]]:
    """(where, region) for every region the file names: titles, file name, 区划代码 cells, departments."""
    out: list[tuple[str, Region]] = []
    for table, _, cmap in typed:
        out += [(f"标题「{t}」", r) for t in table.titles if (r := region_in_text(t)) is not None]
    if (r := region_in_text(path.stem)) is not None:
        out.append(("文件名", r))
    for table, _, cmap in typed:
        code_col = cmap.fields.get("region_code")
        cols = [cmap.fields[f] for f in HOLDER_FIELDS if f in cmap.fields]
        for row in table.rows[:MAX_ROWS_READ]:
            if code_col is not None and code_col < len(row.cells) and (cell := row.cells[code_col].strip()):
                r = _cell_region(cell)
                if r is not None:
                    out.append((f"区划代码「{cell}」", r))
            for i in cols:
                if i < len(row.cells) and row.cells[i] and (r := region_in_text(row.cells[i])) is not None:
                    out.append((f"部门名称「{row.cells[i]}」", r))
    return out


def _cell_region(cell: str) -> Region | None:
    if looks_like_code(cell):
        return get_region(cell)
    try:
        return resolve_region(cell)
    except RegionError:
        return None


def settle_from_content(ambiguous: AmbiguousRegion, path: Path, typed) -> tuple[Region, str]:
    """(the candidate the file names, how we know it); AmbiguousRegion listing them when it names none."""
    clues = _clues(path, typed)
    picked = settle(ambiguous.candidates, [r for _, r in clues])
    if picked is None:
        both = sum(settle([c], [r for _, r in clues]) is not None for c in ambiguous.candidates) > 1
        why = "文件中两处都有写明" if both else "文件的标题、文件名、区划代码和部门名称也没有写明是其中哪一个"
        raise AmbiguousRegion(f"{ambiguous}；{why}", ambiguous.candidates)
    where = next(w for w, r in clues if settle([picked], [r]) is not None)
    return picked, f"地区「{picked.short_name or picked.name}」据{where}确定为 {picked.full_name}（{picked.code}）"
