"""Issue 14, item 3: zip bombs inside edXML attachments are refused within bounded memory.

The bombs lie about their inflated size (16 bytes declared), so only checks made *while*
inflating can stop them; bzip2 and LZMA must be fed in bounded blocks (``zipfile`` itself
inflates a whole compressed megabyte of them in one call: 3 GiB from a 2.4 KB bzip2 stream).
"""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from tests.hostile._bombs import bzip2_zeros, envelope, zip_bomb
from vndocsign import edxml
from vndocsign._limits import LimitError, use_limits
from vndocsign.edxml import AttachmentError, Limits, ReadOptions

METHODS = ["bzip2", "deflate", "lzma"]


def test_the_bzip2_bomb_is_the_one_of_the_issue() -> None:
    stream, size = bzip2_zeros(77)
    assert size > 3_000_000_000 and len(stream) < 3000
    assert len(envelope(zip_bomb("bzip2"))) < 5000  # a 4.8 KB edXML


def _read_traced(data: bytes, options: ReadOptions) -> tuple[edxml.EdxmlMessage, int]:
    tracemalloc.start()
    try:
        message = edxml.read(data, options)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return message, peak


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("to_dir", [False, True])
def test_lying_bomb_is_refused_while_streaming(method: str, to_dir: bool, tmp_path: Path) -> None:
    data = envelope(zip_bomb(method))
    options = ReadOptions(attachments_dir=tmp_path if to_dir else None)
    message, peak = _read_traced(data, options)
    (att,) = message.attachments  # type: ignore[union-attr]
    assert att.zip_error is not None and "zip bomb" in att.zip_error
    assert att.zip_entry_name is None
    assert att.size == len(zip_bomb(method))  # kept as received, never inflated
    assert peak < 48 << 20
    if to_dir:  # nothing but the received file is left
        assert [p.name for p in tmp_path.iterdir()] == ["bom.txt"]


@pytest.mark.parametrize("method", METHODS)
def test_strict_read_raises_a_typed_limit_error(method: str) -> None:
    data = envelope(zip_bomb(method))
    with pytest.raises(AttachmentError) as info:
        edxml.read(data, ReadOptions(strict_attachments=True))
    assert isinstance(info.value, LimitError)
    assert info.value.details["limit"] == "declared_size"
    assert info.value.code == "edxml.attachment_limit"


def test_honest_bzip2_bomb_is_refused_by_the_ratio_within_bounded_memory() -> None:
    data = envelope(zip_bomb("bzip2", declared=None))
    with pytest.raises(AttachmentError) as info:
        edxml.read(data, ReadOptions(strict_attachments=True))
    # declared 3 GiB: refused before inflating a byte, naming the limit
    assert info.value.details["limit"] == "max_unzipped"
    honest_small = envelope(zip_bomb("bzip2", declared=1 << 30))
    message, peak = _read_traced(honest_small, ReadOptions())
    assert "max_ratio=200" in (message.attachments[0].zip_error or "")  # type: ignore[union-attr]
    assert peak < 48 << 20


def test_sdk_limits_change_the_edxml_defaults() -> None:
    data = envelope(zip_bomb("deflate", declared=None))  # an honest 96 MiB of zeros
    assert edxml.read(data).attachments[0].zip_error is not None  # type: ignore[union-attr]
    with use_limits(zip_ratio_floor=128 << 20):
        assert Limits().ratio_floor == 128 << 20
        message = edxml.read(data)
    (att,) = message.attachments  # type: ignore[union-attr]
    assert att.zip_error is None and att.size == 96 << 20 and att.zip_entry_name == "bom.txt"


@pytest.mark.parametrize("method", METHODS)
def test_small_genuine_wrappers_of_every_method_still_unwrap(method: str) -> None:
    import io
    import zipfile

    text = "Báo cáo kết quả thực hiện\n".encode() * 5000
    buffer = io.BytesIO()
    compression = {"bzip2": zipfile.ZIP_BZIP2, "deflate": zipfile.ZIP_DEFLATED}.get(
        method, zipfile.ZIP_LZMA
    )
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        archive.writestr("baocao.txt", text)
    (att,) = edxml.read(envelope(buffer.getvalue(), name="baocao.txt")).attachments  # type: ignore[union-attr]
    assert att.zip_error is None
    assert att.read_bytes() == text


def test_truncated_wrapper_is_an_error_not_a_shorter_file() -> None:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_BZIP2) as archive:
        archive.writestr("a.txt", bytes(range(256)) * 4000)
    raw = bytearray(buffer.getvalue())
    start = raw.index(b"BZh9")
    del raw[start + 200 : start + 400]  # cut the compressed stream, keep the directory
    (att,) = edxml.read(envelope(bytes(raw), name="a.txt")).attachments  # type: ignore[union-attr]
    assert att.zip_entry_name is None and att.zip_error
