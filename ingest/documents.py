"""Reading a text document (law, 三定 provision, notice) for import: its text, version and time."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from ingest.report import FileReport
from ingest.versions import now_iso


@dataclass(frozen=True)
class TextDocument:
    text: str
    version: str        # first 16 hex digits of the text's SHA-1: same text, same version
    imported_at: str


def read_document(path: Path, report: FileReport) -> TextDocument | None:
    """The document, or None with ``report`` marked failed (例: 「无法读取: …」)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        report.status, report.error = "failed", f"无法读取: {exc}"
        return None
    return TextDocument(text, hashlib.sha1(text.encode("utf-8")).hexdigest()[:16], now_iso())
