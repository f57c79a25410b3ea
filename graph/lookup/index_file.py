"""Derived arrays kept in a file beside the graph and opened memory-mapped: O(1) to open.

    write_arrays(path, {"postings": arr, ...}, strings={"titles": [...]}, meta={"generation": 7})
    found = open_arrays(path)      # None when absent or unreadable
    found.arrays["postings"]       # a read-only numpy view of the file, nothing read yet
    found.strings["titles"][42]    # one string decoded on demand

A pickle of a province's lookup index (a million texts) takes seconds to load and holds all of
it in memory; this file is mapped instead, and a question reads the pages of the postings it
touches. Layout: an 8-byte magic, the header's length, the header (JSON: meta, and per array its
dtype, shape and offset), then the arrays, each 64-byte aligned. Strings are one UTF-8 buffer
with int64 offsets. Files are written to a temporary name and renamed, so a reader sees a whole
file or none; a file of an older format or of other code is named differently by its caller.
"""
from __future__ import annotations

import json
import mmap
import os
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

MAGIC = b"DGARR01\n"
_ALIGN = 64


class _Strings(Sequence[str]):
    """A read-only sequence of strings made of ``_at(i)``: slices and negative positions here."""

    def _at(self, i: int) -> str:
        raise NotImplementedError

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        i = int(i)
        if i < 0:
            i += len(self)
        return self._at(i)


class Joined(_Strings):
    """Two sequences read as one: positions of the second follow those of the first (a kept
    index and its delta segment)."""

    def __init__(self, first: Sequence[str], second: Sequence[str]) -> None:
        self._first, self._second, self._split = first, second, len(first)

    def __len__(self) -> int:
        return self._split + len(self._second)

    def _at(self, i: int) -> str:
        return self._first[i] if i < self._split else self._second[i - self._split]

    def __iter__(self) -> Iterator[str]:
        yield from self._first
        yield from self._second


class PackedStrings(_Strings):
    """Strings held as one UTF-8 buffer and offsets; ``[i]`` decodes one."""

    def __init__(self, data: np.ndarray, offsets: np.ndarray) -> None:
        self._data = data
        self._offsets = offsets

    @classmethod
    def of(cls, strings: Iterable[str]) -> "PackedStrings":
        encoded = [s.encode("utf-8") for s in strings]
        offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
        np.cumsum([len(b) for b in encoded], out=offsets[1:])
        return cls(np.frombuffer(b"".join(encoded), dtype=np.uint8), offsets)

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def take(self, positions) -> list[str]:
        """The strings at ``positions`` (an int array), decoded in one pass."""
        positions = np.asarray(positions, dtype=np.int64)
        starts, ends = self._offsets[positions].tolist(), self._offsets[positions + 1].tolist()
        data = memoryview(self._data)
        return [str(data[a:b], "utf-8") for a, b in zip(starts, ends)]

    def _at(self, i: int) -> str:
        start, end = int(self._offsets[i]), int(self._offsets[i + 1])
        return self._data[start:end].tobytes().decode("utf-8")

    def __iter__(self) -> Iterator[str]:
        data = self._data.tobytes()
        offsets = self._offsets.tolist()
        for start, end in zip(offsets, offsets[1:]):
            yield data[start:end].decode("utf-8")

    def parts(self) -> tuple[np.ndarray, np.ndarray]:
        return self._data, self._offsets


@dataclass
class ArrayFile:
    meta: dict[str, Any]
    arrays: dict[str, np.ndarray]
    strings: dict[str, PackedStrings]


def write_arrays(path: Path, arrays: Mapping[str, np.ndarray], strings: Mapping[str, Sequence[str]] = {},
                 meta: Mapping[str, Any] = {}) -> None:
    """Write ``arrays`` and ``strings`` to ``path`` whole (temporary file, then rename)."""
    parts: dict[str, np.ndarray] = {k: np.ascontiguousarray(v) for k, v in arrays.items()}
    for name, values in strings.items():
        packed = values if isinstance(values, PackedStrings) else PackedStrings.of(values)
        data, offsets = packed.parts()
        parts[f"{name}\x00data"], parts[f"{name}\x00offsets"] = np.ascontiguousarray(data), offsets
    layout: dict[str, list] = {}
    offset = 0
    for name, arr in parts.items():
        if arr.dtype.hasobject:
            raise TypeError(f"{name}: object arrays cannot be mapped")
        layout[name] = [arr.dtype.str, list(arr.shape), offset]
        offset += -(-arr.nbytes // _ALIGN) * _ALIGN
    header = json.dumps({"meta": dict(meta), "arrays": layout, "strings": list(strings)},
                        ensure_ascii=False).encode("utf-8")
    start = -(-(len(MAGIC) + 8 + len(header)) // _ALIGN) * _ALIGN
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(MAGIC + len(header).to_bytes(8, "little") + header)
            for name, arr in parts.items():
                fh.seek(start + layout[name][2])
                fh.write(memoryview(arr.reshape(-1)).cast("B"))
            fh.truncate(start + offset)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def open_arrays(path: Path) -> ArrayFile | None:
    """The file mapped read-only; None if it is missing, truncated or not of this format."""
    try:
        with open(path, "rb") as fh:
            if os.fstat(fh.fileno()).st_size < len(MAGIC) + 8:
                return None
            mapped = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):
        return None
    try:
        if mapped[:len(MAGIC)] != MAGIC:
            return None
        size = int.from_bytes(mapped[len(MAGIC):len(MAGIC) + 8], "little")
        head = json.loads(mapped[len(MAGIC) + 8:len(MAGIC) + 8 + size].decode("utf-8"))
        start = -(-(len(MAGIC) + 8 + size) // _ALIGN) * _ALIGN
        arrays: dict[str, np.ndarray] = {}
        for name, (dtype, shape, offset) in head["arrays"].items():
            dt = np.dtype(dtype)
            count = int(np.prod(shape)) if shape else 1
            if start + offset + count * dt.itemsize > len(mapped):
                return None
            arrays[name] = (np.frombuffer(mapped, dtype=dt, count=count, offset=start + offset).reshape(shape)
                            if count else np.zeros(shape, dtype=dt))
    except (ValueError, KeyError, TypeError):
        return None
    strings = {name: PackedStrings(arrays.pop(f"{name}\x00data"), arrays.pop(f"{name}\x00offsets"))
               for name in head.get("strings", [])}
    return ArrayFile(head.get("meta", {}), arrays, strings)
