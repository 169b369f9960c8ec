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
