"""Where files live: local paths, or any fsspec URL (``s3://``, ``memory://``, ``file://``).

fsspec is optional (extra ``vndocsign[dask]``); plain paths never import it. Writes are atomic:
a local file is written beside its target and renamed (``os.replace``); an fsspec file is
written under a hidden temporary name and moved where the filesystem supports it, so a reader
never sees half a PDF. Inputs are only ever read.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import posixpath
import uuid
from pathlib import Path
from typing import Any

from vndocsign._io import write_atomic as _write_local
from vndocsign.batch._errors import StorageError

__all__ = [
    "expand_inputs",
    "is_url",
    "join",
    "read_bytes",
    "same_location",
    "sha256",
    "workers_can_reach",
    "write_atomic",
]

#: filesystems living inside one process: other processes cannot read them
_PROCESS_LOCAL = {"memory"}


def is_url(location: str) -> bool:
    return "://" in location


def _fs(url: str) -> tuple[Any, str]:
    try:
        import fsspec  # type: ignore[import-untyped,unused-ignore]
    except ImportError:
        raise StorageError(
            f"{url}: URLs need fsspec (pip install 'vndocsign[dask]')",
            f"{url}: cần cài fsspec để dùng URL (pip install 'vndocsign[dask]')",
            location=url,
        ) from None
    try:
        fs, path = fsspec.core.url_to_fs(url)
    except (ValueError, ImportError) as exc:
        raise StorageError(
            f"{url}: unsupported location ({exc})", f"{url}: không hỗ trợ vị trí này", location=url
        ) from None
    return fs, str(path)


def _protocol(fs: Any) -> str:
    proto = fs.protocol
    return str(proto[0] if isinstance(proto, tuple | list) else proto)


def workers_can_reach(location: str) -> bool:
    """False for process-local filesystems (``memory://``): the coordinator does the I/O."""
    if not is_url(location):
        return True
    fs, _path = _fs(location)
    return _protocol(fs) not in _PROCESS_LOCAL


def read_bytes(location: str) -> bytes:
    try:
        if not is_url(location):
            return Path(location).read_bytes()
        fs, path = _fs(location)
        return bytes(fs.cat_file(path))
    except (OSError, ValueError) as exc:
        raise StorageError(
            f"Cannot read {location}: {exc}", f"Không đọc được {location}", location=location
        ) from None


def write_atomic(location: str, data: bytes) -> None:
    """Write ``data`` so that ``location`` appears complete or not at all."""
    try:
        if not is_url(location):
            _write_local(location, data)
            return
        fs, path = _fs(location)
        parent, name = posixpath.split(path)
        with contextlib.suppress(OSError, NotImplementedError):
            fs.makedirs(parent, exist_ok=True)
        tmp = posixpath.join(parent, f".{name}.{uuid.uuid4().hex}.part")
        fs.pipe_file(tmp, data)
        try:
            fs.mv(tmp, path)
        except (OSError, NotImplementedError):  # no rename here: copy, then drop the temp
            fs.pipe_file(path, data)
            with contextlib.suppress(OSError):
                fs.rm(tmp)
    except (OSError, ValueError) as exc:
        raise StorageError(
            f"Cannot write {location}: {exc}", f"Không ghi được {location}", location=location
        ) from None


def join(base: str, relative: str) -> str:
    if is_url(base):
        return base.rstrip("/") + "/" + relative
    return str(Path(base) / relative)


def _is_pdf(name: str) -> bool:
    return name.lower().endswith(".pdf")


def _expand_local(item: str) -> list[tuple[str, str]]:
    path = Path(item)
    if path.is_dir():
        return [
            (str(q), q.relative_to(path).as_posix())
            for q in sorted(path.rglob("*"))
            if q.is_file() and _is_pdf(q.name)
        ]
    return [(item, path.name)]


def _expand_url(item: str) -> list[tuple[str, str]]:
    fs, path = _fs(item)
    try:
        if any(ch in path for ch in "*?["):
            cut = min(path.index(ch) for ch in "*?[" if ch in path)
            root = path[:cut].rpartition("/")[0]
            return [
                (fs.unstrip_protocol(p), posixpath.relpath(p, root))
                for p in sorted(fs.glob(path))
                if _is_pdf(p)
            ]
        if fs.isdir(path):
            root = path.rstrip("/")
            return [
                (fs.unstrip_protocol(p), posixpath.relpath(p, root))
                for p in sorted(fs.find(root))
                if _is_pdf(p)
            ]
    except (OSError, ValueError) as exc:
        raise StorageError(
            f"Cannot list {item}: {exc}", f"Không liệt kê được {item}", location=item
        ) from None
    return [(item, posixpath.basename(path))]


def expand_inputs(inputs: list[str]) -> list[tuple[str, str]]:
    """(location, relative output name) for every input file; folders give their PDFs."""
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for item in inputs:
        for source, rel in _expand_url(item) if is_url(item) else _expand_local(item):
            if source not in seen:
                seen.add(source)
                out.append((source, rel))
    return out


def same_location(a: str, b: str) -> bool:
    if is_url(a) or is_url(b):
        return a.rstrip("/") == b.rstrip("/")
    return os.path.abspath(a) == os.path.abspath(b)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
