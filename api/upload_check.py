"""Is an uploaded file what its name says: a CSV text table or an XLSX workbook?

Checked by suffix and by content, before anything parses it: a renamed PDF, a zip that is
not a workbook, or a binary with .csv on it answers 415 instead of reaching the importer.
"""
from __future__ import annotations

import codecs
import io
import re
import zipfile
from pathlib import PurePosixPath, PureWindowsPath
from typing import BinaryIO

SUFFIXES = (".csv", ".xlsx")
_SNIFF = 64 * 1024
_BINARY_MAGIC = (b"%PDF", b"\x7fELF", b"MZ", b"\xd0\xcf\x11\xe0", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"PK\x03\x04",
                 b"\x1f\x8b", b"Rar!", b"7z\xbc\xaf")
MAX_NAME_BYTES = 255    # NAME_MAX of ext4, XFS, NTFS (UTF-16 units there; bytes is the stricter)
_UNSAFE = re.compile(r"[\x00-\x1f<>:\"|?*]")


class UploadRejected(ValueError):
    """The file is not an acceptable list; the message says why, in Chinese."""


def safe_name(filename: str | None) -> str:
    """The bare file name a client sent, without any folder part or characters a file system refuses.

    The name matters: it identifies the list (its versions are diffed by it).
    """
    name = PureWindowsPath(PurePosixPath(filename or "").name).name
    name = _UNSAFE.sub("_", name).strip(" .")
    if not name:
        raise UploadRejected("上传的文件没有文件名。")
    return shorten_name(name)


def shorten_name(name: str, max_bytes: int = MAX_NAME_BYTES) -> str:
    """The name cut to ``max_bytes`` of UTF-8, keeping its suffix and whole characters.

    File systems count bytes, not characters: a Chinese character is 3 bytes in UTF-8, so
    the 255-byte limit is 85 of them. The start of the name is kept (it says which list).
    """
    if len(name.encode("utf-8")) <= max_bytes:
        return name
    path = PurePosixPath(name)
    suffix = path.suffix if len(path.suffix.encode("utf-8")) < max_bytes // 2 else ""
    stem = name[: len(name) - len(suffix)]
    budget = max_bytes - len(suffix.encode("utf-8"))
    cut = stem.encode("utf-8")[:budget].decode("utf-8", errors="ignore").rstrip(" .")
    return cut + suffix


def check_upload(name: str, fh: BinaryIO) -> str:
    """The suffix of an acceptable upload (".csv" or ".xlsx"), or UploadRejected."""
    suffix = PurePosixPath(name.lower()).suffix
    if suffix not in SUFFIXES:
        raise UploadRejected(f"只接受 CSV 或 XLSX 清单，「{name}」的扩展名是「{suffix or '无'}」。"
                             "旧版 .xls 请先另存为 .xlsx。")
    fh.seek(0)
    head = fh.read(_SNIFF)
    fh.seek(0)
    if not head:
        raise UploadRejected(f"「{name}」是空文件。")
    if suffix == ".xlsx":
        _check_xlsx(name, fh, head)
    else:
        _check_csv(name, head)
    return suffix


def _check_xlsx(name: str, fh: BinaryIO, head: bytes) -> None:
    if not head.startswith(b"PK\x03\x04"):
        raise UploadRejected(f"「{name}」的内容不是 XLSX 工作簿。")
    try:
        with zipfile.ZipFile(fh if fh.seekable() else io.BytesIO(fh.read())) as zf:
            names = set(zf.namelist())
    except zipfile.BadZipFile as exc:
        raise UploadRejected(f"「{name}」已损坏或不是 XLSX 工作簿。") from exc
    finally:
        fh.seek(0)
    if "xl/workbook.xml" not in names:
        raise UploadRejected(f"「{name}」是压缩包，但不是 XLSX 工作簿。")


def _check_csv(name: str, head: bytes) -> None:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return  # UTF-16 text with its BOM, as Excel's "Unicode 文本" writes
    if head.startswith(_BINARY_MAGIC) or b"\x00" in head:
        raise UploadRejected(f"「{name}」的内容不是文本表格（CSV）。")
    for encoding in ("utf-8", "gb18030"):
        try:
            # final=False: a multi-byte character cut at the end of the sample is not an error.
            codecs.getincrementaldecoder(encoding)().decode(head, final=len(head) < _SNIFF)
            return
        except UnicodeDecodeError:
            continue
    raise UploadRejected(f"「{name}」的编码无法识别：请保存为 UTF-8 或 GBK/GB18030 编码的 CSV。")
