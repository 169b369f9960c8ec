"""Limits checked before PDFium (issue 14 items 1, 2, 10), on generated inputs."""

from __future__ import annotations

import time

import pytest

from tests.hostile._pdfs import flate_bomb_pdf, kids_bomb_pdf, zeros_pdf
from vndocsign._limits import LimitError, use_limits
from vndocsign.pdf import DamagedPdfError, PdfLimitError, check_pdf, load_text


def test_flate_bomb_is_refused_naming_the_limit() -> None:
    with use_limits(max_stream_size=1 << 20), pytest.raises(PdfLimitError) as caught:
        load_text(flate_bomb_pdf(32 << 20))
    assert isinstance(caught.value, LimitError)
    assert caught.value.details["limit"] == "max_stream_size"


def test_kids_bomb_is_refused_fast() -> None:
    start = time.monotonic()
    with pytest.raises(PdfLimitError):
        check_pdf(kids_bomb_pdf())
    with pytest.raises(DamagedPdfError, match="more than once"):
        check_pdf(kids_bomb_pdf(1000))
    assert time.monotonic() - start < 10


def test_too_many_distinct_pages_and_zeros() -> None:
    with use_limits(max_page_tree_depth=1), pytest.raises(PdfLimitError):
        check_pdf(kids_bomb_pdf(1))
    with pytest.raises(DamagedPdfError):
        check_pdf(zeros_pdf(1 << 20))


def test_normal_pdf_passes() -> None:
    check_pdf(kids_bomb_pdf(1))


@pytest.mark.parametrize(
    ("message", "limit"),
    [
        ("Limit reached while decompressing. 12 bytes remaining.", "max_stream_size"),
        ("Row length of 99999 exceeds defined limit of 1000.", "max_stream_size"),
        ("Declared stream length of 9 exceeds maximum allowed length.", "max_stream_size"),
        ("Declared size 99999999 exceeds allowed limit of 12!", "max_objects"),
        ("Maximum XRef stream entry limit reached: 3 > 2.", "max_objects"),
        ("Reached maximum number of tokens.", "max_objects"),
        ("Detected cycle in /Pages hierarchy when retrieving page.", None),
        ("Detected loop with self reference for IndirectObject(3, 0).", None),
        ("Color value 17 exceeds limit of 16.", None),
    ],
)
def test_pypdf_limits_map_to_our_names(message: str, limit: str | None) -> None:
    """Each pypdf ``LimitReachedError`` names the limit it is (or is a malformed file)."""
    from pypdf.errors import LimitReachedError

    from vndocsign._limits import DEFAULT_LIMITS
    from vndocsign.pdf._guard import pypdf_limit_error

    error = pypdf_limit_error(LimitReachedError(message), DEFAULT_LIMITS)
    if limit is None:
        assert type(error) is DamagedPdfError and message in error.en
    else:
        assert isinstance(error, PdfLimitError) and error.details["limit"] == limit
        assert error.details["maximum"] == getattr(DEFAULT_LIMITS, limit)


@pytest.mark.parametrize("keep_trailer", [True, False])
def test_bombs_without_xref_are_found(keep_trailer: bool) -> None:
    """pypdf cannot open a file without ``startxref``; PDFium repairs it: the guard rebuilds
    the table (a trailer) or scans the raw bytes (none)."""
    from tests.hostile._pdfs import without_xref

    with use_limits(max_stream_size=1 << 20), pytest.raises(PdfLimitError) as caught:
        check_pdf(without_xref(flate_bomb_pdf(32 << 20), keep_trailer=keep_trailer))
    assert caught.value.details["limit"] == "max_stream_size"
    with pytest.raises(PdfLimitError) as caught:
        check_pdf(without_xref(kids_bomb_pdf(), keep_trailer=keep_trailer))
    assert caught.value.details["limit"] == "max_pages"
    check_pdf(without_xref(kids_bomb_pdf(1), keep_trailer=keep_trailer))


def _xobject_pdf(xobject_dict: bytes, data: bytes, *, length: int | None = None) -> bytes:
    """One page drawing XObject ``/X0`` (object 5) whose dictionary is ``xobject_dict``."""
    from tests.hostile._pdfs import _pdf

    content = b"q 40 0 0 40 500 20 cm /X0 Do Q"
    declared = len(data) if length is None else length
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
            b" /Resources << /XObject << /X0 5 0 R >> >> >>",
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
            b"<< " + xobject_dict + b" /Length %d >>\nstream\n" % declared + data + b"\nendstream",
        ]
    )


def test_the_guard_holds_no_copy_of_the_input_nor_of_an_image() -> None:
    """Issue 17: the guard used to copy the input (pypdf's ``getbuffer``) and read each
    image's data to learn its ``/Subtype`` -- 2× a scanned document's size in memory."""
    import os
    import tracemalloc

    image = os.urandom(8 << 20)
    pdf = _xobject_pdf(
        b"/Type /XObject /Subtype /Image /Width 2048 /Height 4096 /ColorSpace /DeviceGray"
        b" /BitsPerComponent 8",
        image,
    )
    check_pdf(pdf)  # warm: pypdf's imports are not the guard's memory
    tracemalloc.start()
    try:
        check_pdf(pdf)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < len(pdf) // 10


def test_an_image_is_not_inflated_but_a_form_is() -> None:
    bomb = flate_bomb_pdf(32 << 20)
    stream = bomb[bomb.index(b"stream\n") + 7 : bomb.rindex(b"\nendstream")]
    image = b"/Type /XObject /Subtype /Image /Width 1 /Height 1 /Filter /FlateDecode"
    form = b"/Type /XObject /Subtype /Form /BBox [0 0 1 1] /Filter /FlateDecode"
    # a nested dictionary naming /Image does not make a form an image
    nested = form + b" /Group << /Subtype /Image >>"
    # PDFium keeps the last of a repeated key (pypdf the first): a form either way for the guard
    twice = b"/Subtype /Image " + form
    indirect = b"/Type /XObject /Subtype 1 0 R /Filter /FlateDecode"  # not a name: resolved
    with use_limits(max_stream_size=1 << 20):
        check_pdf(_xobject_pdf(image, stream))
        check_pdf(_xobject_pdf(indirect, stream))  # object 1 is the catalog: no form
        for dictionary in (form, nested, twice):
            with pytest.raises(PdfLimitError):
                check_pdf(_xobject_pdf(dictionary, stream))


@pytest.mark.parametrize("wrong", [-100, 100])
def test_a_form_bomb_with_a_wrong_length_is_refused(wrong: int) -> None:
    """pypdf's repair path (a ``/Length`` that misses ``endstream``) still meets the guard."""
    bomb = flate_bomb_pdf(32 << 20)
    stream = bomb[bomb.index(b"stream\n") + 7 : bomb.rindex(b"\nendstream")]
    form = b"/Type /XObject /Subtype /Form /BBox [0 0 1 1] /Filter /FlateDecode"
    with use_limits(max_stream_size=1 << 20), pytest.raises(PdfLimitError):
        check_pdf(_xobject_pdf(form, stream, length=len(stream) + wrong))


class _Counted:
    """A seekable binary stream that counts the bytes read from it."""

    def __init__(self, data: bytes) -> None:
        import io

        self._buffer = io.BytesIO(data)
        self.seek, self.tell = self._buffer.seek, self._buffer.tell
        self.read_bytes = 0

    def read(self, size: int = -1) -> bytes:
        chunk = self._buffer.read(size)
        self.read_bytes += len(chunk)
        return chunk


def test_a_stream_is_checked_in_place_with_the_verdicts_of_its_bytes() -> None:
    """Issue 17: a seekable stream is checked where it is (auto-placed signing of a file);
    the verdicts are those of its bytes, repair cases included, and the stream stays open."""
    import io

    from tests.hostile._pdfs import without_xref

    bomb = flate_bomb_pdf(32 << 20)
    stream = bomb[bomb.index(b"stream\n") + 7 : bomb.rindex(b"\nendstream")]
    form = b"/Type /XObject /Subtype /Form /BBox [0 0 1 1] /Filter /FlateDecode"
    refused = [
        (bomb, PdfLimitError),
        (kids_bomb_pdf(), PdfLimitError),
        (kids_bomb_pdf(1000), DamagedPdfError),
        (zeros_pdf(1 << 20), DamagedPdfError),
        (without_xref(bomb, keep_trailer=True), PdfLimitError),
        (without_xref(bomb, keep_trailer=False), PdfLimitError),
        (_xobject_pdf(form, stream, length=len(stream) - 100), PdfLimitError),
    ]
    with use_limits(max_stream_size=1 << 20):
        for pdf, error in refused:
            with pytest.raises(error):
                check_pdf(pdf)
            source = io.BytesIO(pdf)
            with pytest.raises(error):
                check_pdf(source)
            assert not source.closed
        source = io.BytesIO(kids_bomb_pdf(1))
        check_pdf(source)
        assert not source.closed


def test_a_stream_is_not_read_whole_for_an_image() -> None:
    import os

    pdf = _xobject_pdf(
        b"/Type /XObject /Subtype /Image /Width 1024 /Height 1024 /ColorSpace /DeviceGray"
        b" /BitsPerComponent 8",
        os.urandom(1 << 20),
    )
    source = _Counted(pdf)
    check_pdf(source)  # type: ignore[arg-type]
    assert 0 < source.read_bytes < len(pdf) // 20
