"""JSON by default, CSV where a table is natural: `?format=csv` or `Accept: text/csv`."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import Query, Request
from fastapi.responses import Response

from graph.csv_safe import csv_text

FormatParam = Annotated[
    Literal["json", "csv"] | None,
    Query(alias="format", description="输出格式：json（默认）或 csv；也可用请求头 Accept: text/csv。"
                                      " / Output format: json (default) or csv; Accept: text/csv works too."),
]

CSV_RESPONSE = {"content": {"text/csv": {"schema": {"type": "string"}}},
                "description": "JSON，或 CSV（format=csv）/ JSON, or CSV with format=csv"}


def wants_csv(request: Request, fmt: str | None) -> bool:
    """The explicit parameter wins; otherwise the first of JSON/CSV that the Accept header names."""
    if fmt:
        return fmt == "csv"
    for part in request.headers.get("accept", "").split(","):
        media = part.split(";", 1)[0].strip().lower()
        if media == "text/csv":
            return True
        if media in ("application/json", "application/*", "*/*"):
            return False
    return False


def csv_response(rows: Iterable[dict[str, Any]], columns: Sequence[tuple[str, str]], filename: str) -> Response:
    """CSV with Chinese headers; UTF-8 with BOM so that Excel on a 政务内网 PC opens it right.

    ``columns`` pairs a header with the row key it shows.
    """
    text = csv_text([header for header, _ in columns],
                    (["" if row.get(key) is None else row.get(key) for _, key in columns] for row in rows))
    disposition = f"attachment; filename*=UTF-8''{quote(filename)}"
    return Response(("\ufeff" + text).encode("utf-8"), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": disposition})
