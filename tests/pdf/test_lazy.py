"""Issue 17: pages parsed on demand give the same text and the same split as the eager path."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader, PdfWriter

import docgen
from docgen import specs
from tests.conftest import CORPUS
from vndocsign.pdf import LazyPdfText, load_text, segment_document

REALDOCS = sorted((CORPUS / "realdocs").glob("*.pdf"))


def _concat(*pdfs: bytes) -> bytes:
    writer = PdfWriter()
    for pdf in pdfs:
        writer.append(PdfReader(io.BytesIO(pdf)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.skipif(not REALDOCS, reason="real documents not available")
@pytest.mark.parametrize("path", REALDOCS, ids=lambda p: p.stem)
def test_same_split_and_pages_as_the_eager_path_on_real_documents(path: Path) -> None:
    eager = load_text(path, annotations=False)
    lazy = LazyPdfText(path, annotations=False)
    segments = segment_document(eager)
    assert lazy.segments() == segments
    assert lazy.main_pages() == segments[0].pages
    assert lazy.text() == eager


def test_main_document_ends_where_the_attached_one_starts() -> None:
    main = docgen.render(specs.to_trinh())
    draft = docgen.render(specs.draft_quyet_dinh())
    pdf = _concat(main.pdf, draft.pdf)
    lazy = LazyPdfText(pdf, annotations=False)
    n = main.truth.page_count
    assert lazy.main_pages() == tuple(range(n))
    assert lazy.segments() == segment_document(load_text(pdf, annotations=False))
    # only the page that opens the draft had its glyph layer parsed to decide the split
    assert set(lazy._pages) == {n}


def test_a_heavy_file_is_reopened_every_budget_with_the_same_result(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A file heavier than the budget is read through PDFium documents reopened every few
    pages (PDFium's object cache freed): the same split, the same pages."""
    from vndocsign.pdf import _lazy

    main = docgen.render(specs.to_trinh())
    draft = docgen.render(specs.draft_quyet_dinh())
    pdf = _concat(main.pdf, draft.pdf, main.pdf)
    eager = load_text(pdf, annotations=False)
    segments = segment_document(eager)
    opened: list[object] = []
    real = _lazy.pdfium.PdfDocument

    def counting(*args: object, **kwargs: object) -> object:
        opened.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(_lazy, "MARKER_BUDGET", len(pdf) // 4)
    monkeypatch.setattr(_lazy.pdfium, "PdfDocument", counting)
    lazy = LazyPdfText(pdf, annotations=False)
    assert 1 <= lazy._marker_span < lazy.page_count
    assert lazy.main_pages() == segments[0].pages
    assert lazy.segments() == segments
    assert lazy.text() == eager
    # reopened on the caller's bytes (no copy), about once per span of pages
    assert len(opened) - 1 >= lazy.page_count // lazy._marker_span - 1 >= 1
    assert all(data is opened[0] for data in opened)
    lazy.close()


class _Blocks(io.BytesIO):
    """A file whose reads are recorded (PDFium reads through ``readinto``)."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.largest = 0

    def readinto(self, buffer: Any) -> int:
        got = super().readinto(buffer)
        self.largest = max(self.largest, got)
        return got

    def read(self, size: int | None = -1) -> bytes:
        chunk = super().read(size)
        self.largest = max(self.largest, len(chunk))
        return chunk


def test_in_place_reads_the_stream_in_blocks_with_the_same_result(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Issue 17: auto-placed signing reads a large file where it is, never whole."""
    from vndocsign.pdf import _lazy

    main = docgen.render(specs.to_trinh())
    draft = docgen.render(specs.draft_quyet_dinh())
    pdf = _concat(main.pdf, draft.pdf)
    eager = LazyPdfText(pdf, annotations=False)
    small = _Blocks(pdf)
    small.seek(7)  # in_place reads from the start
    assert LazyPdfText(small, annotations=False, in_place=True).main_pages() == eager.main_pages()
    assert small.largest == len(pdf)  # a small file is read whole (faster)
    for other in (pdf, bytearray(pdf)):  # in_place is only about streams
        assert LazyPdfText(other, in_place=True).main_pages() == eager.main_pages()
    monkeypatch.setattr(_lazy, "IN_PLACE_MIN", len(pdf) // 2)
    stream = _Blocks(pdf)
    lazy = LazyPdfText(stream, annotations=False, in_place=True)
    assert lazy.main_pages() == eager.main_pages()
    assert lazy.segments() == eager.segments()
    assert lazy.text() == eager.text()
    assert 0 < stream.largest < len(pdf) // 2
    lazy.close()
    assert not stream.closed
    # without in_place (or on a stream that cannot seek) the stream is read into memory
    whole = _Blocks(pdf)
    LazyPdfText(whole, annotations=False).close()
    assert whole.largest == len(pdf)


def test_a_file_read_in_place_that_changes_underway_is_a_typed_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The caller's file cut short while it is read in place: DamagedPdfError, not PDFium's
    own exception (the reopen after each budget meets the changed file)."""
    from vndocsign.pdf import DamagedPdfError, _lazy

    main = docgen.render(specs.to_trinh())
    pdf = _concat(main.pdf, main.pdf, main.pdf)
    path = tmp_path / "in.pdf"
    path.write_bytes(pdf)
    monkeypatch.setattr(_lazy, "IN_PLACE_MIN", len(pdf) // 2)
    monkeypatch.setattr(_lazy, "MARKER_BUDGET", len(pdf) // 4)
    with path.open("rb") as stream:
        lazy = LazyPdfText(stream, annotations=False, in_place=True)
        with path.open("r+b") as cut:
            cut.truncate(len(pdf) // 2)
        with pytest.raises(DamagedPdfError):
            lazy.segments()
