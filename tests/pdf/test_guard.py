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
