"""The fast character loop (``_charloop._glyphs``) gives exactly what the reference loop
(``_charloop._glyphs_exact``) gives, on every page of every corpus PDF and of generated documents
(issue 17: the text layer was made cheaper, not different) — both ways it runs: in C (the
optional ``_fastchars`` accelerator; skipped when it is not built) and in Python.

Compared: every glyph (character, box, pen origin, size, bold, italic, space before, advance
box) — equal as floats, which is stricter than the 0.01 pt asked — the glyphs drawn by
annotations, and the lines ``load_text`` builds from them.
"""

from __future__ import annotations

import ctypes
import functools
import sys
from collections.abc import Iterator
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from vndocsign.errors import PdfError
from vndocsign.pdf import _charcalls, _charloop, _text, load_text

TESTS = Path(__file__).resolve().parents[1]
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))

import docgen  # noqa: E402
from docgen import specs  # noqa: E402

CORPUS = Path("/work/shared/corpus")
if not CORPUS.is_dir():
    CORPUS = TESTS.parents[1] / "shared" / "corpus"
CORPUS_PDFS = sorted((CORPUS / "realdocs").glob("*.pdf")) + sorted(
    (CORPUS / "pdf-signatures").glob("*.pdf")
)


def _generated() -> Iterator[tuple[str, bytes]]:
    if not docgen.fonts_available():
        return
    for runs in ("line", "word", "char", "chunks"):
        yield f"cong_van-{runs}", docgen.render(specs.cong_van(), runs=runs).pdf
    yield "bao_cao", docgen.render(specs.bao_cao(3)).pdf
    yield "to_trinh-rot90", docgen.render(specs.to_trinh(), rotate=90).pdf
    yield "quyet_dinh-shuffle", docgen.render(specs.quyet_dinh(), shuffle=True).pdf
    yield "giay_moi-fake_bold", docgen.render(specs.giay_moi(), fake_bold=True).pdf
    yield "bien_ban-rot270", docgen.render(specs.bien_ban(), rotate=270, runs="word").pdf
    for name, spec in list(specs.variants().items())[:4]:
        yield f"variant-{name}", docgen.render(spec, runs="chunks").pdf


def _pages(data: bytes) -> Iterator[tuple[int, pdfium.PdfTextPage]]:
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return  # encrypted or damaged: load_text refuses it the same way either path
    try:
        for i in range(len(doc)):
            page = doc[i]
            textpage = page.get_textpage()
            try:
                yield i, textpage
            finally:
                textpage.close()
                page.close()
    finally:
        doc.close()


@pytest.fixture(params=["accelerated", "python"])
def loop(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Runs the test with the C loop, then with the Python loop."""
    if request.param == "python":
        monkeypatch.setattr(_charloop, "_ACCELERATED", None)
        monkeypatch.setattr(_charloop, "_SEGMENTS", None)
    elif _charloop._ACCELERATED is None:
        pytest.skip("the C accelerator is not built (or VNDOCSIGN_PURE_PYTHON is set)")
    return str(request.param)


def _assert_same_glyphs(name: str, data: bytes) -> int:
    compared = 0
    for i, textpage in _pages(data):
        fast = _charloop._glyphs(textpage)
        exact = _charloop._glyphs_exact(textpage)
        assert fast == exact, f"{name} page {i + 1}"
        compared += len(exact[0])
    return compared


def _assert_same_layer(name: str, data: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    try:
        fast = load_text(data)
    except PdfError:
        return
    with monkeypatch.context() as m:
        m.setattr(_text, "_glyphs", _charloop._glyphs_exact)
        exact = load_text(data)
    assert fast == exact, name


@pytest.mark.skipif(not CORPUS_PDFS, reason="shared corpus not present")
def test_fast_loop_equals_exact_loop_on_every_corpus_page(
    monkeypatch: pytest.MonkeyPatch, loop: str
) -> None:
    glyphs = 0
    for path in CORPUS_PDFS:
        data = path.read_bytes()
        glyphs += _assert_same_glyphs(path.name, data)
        _assert_same_layer(path.name, data, monkeypatch)
    assert glyphs > 10_000  # the corpus has text: the comparison compared something


def test_fast_loop_equals_exact_loop_on_generated_documents(
    monkeypatch: pytest.MonkeyPatch, loop: str
) -> None:
    docgen.require_fonts()
    glyphs = 0
    for name, data in _generated():
        glyphs += _assert_same_glyphs(name, data)
        _assert_same_layer(name, data, monkeypatch)
    assert glyphs > 1_000


def test_ctypes_fallback_gives_the_same_glyphs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without cffi the lean ctypes prototypes do the same work (in the Python loop)."""
    docgen.require_fonts()
    monkeypatch.setattr(_charloop, "_ACCELERATED", None)
    monkeypatch.setattr(_charcalls, "calls", functools.partial(_charcalls.calls, use_cffi=False))
    data = docgen.render(specs.cong_van(), runs="chunks").pdf
    assert _assert_same_glyphs("cong_van-chunks", data) > 100
    paths = CORPUS_PDFS[:3]
    for path in paths:
        _assert_same_glyphs(path.name, path.read_bytes())


def _group_lines_before(page: int, glyphs: list[_text.Glyph]) -> Iterator[_text.TextLine]:
    """``group_lines`` as it was before issue 17's rewrite (sorting the glyphs themselves)."""
    rows: list[list[_text.Glyph]] = []
    row: list[_text.Glyph] = []
    ref_y = ref_size = 0.0
    for glyph in sorted(glyphs, key=lambda g: g[2][1], reverse=True):
        size = glyph[3]
        if row:
            limit = 0.35 * (ref_size if ref_size > size else size)
            delta = ref_y - glyph[2][1]
            if -limit <= delta <= limit:
                row.append(glyph)
                continue
        row = [glyph]
        ref_y, ref_size = glyph[2][1], size
        rows.append(row)
    for row in rows:
        row.sort(key=lambda g: g[1][0])
        prev = row[0]
        segment: list[_text.Glyph] = [prev]
        for glyph in row[1:]:
            em = prev[3] if prev[3] > glyph[3] else glyph[3]
            if glyph[1][0] - prev[1][2] > _text.COLUMN_GAP_EM * em:
                yield _text._line(page, segment)
                segment = []
            segment.append(glyph)
            prev = glyph
        yield _text._line(page, segment)


def _assert_same_lines(name: str, data: bytes) -> int:
    lines = 0
    for i, textpage in _pages(data):
        glyphs, drawn = _charloop._glyphs_exact(textpage)
        for group in (glyphs, glyphs + drawn, glyphs[::-1]):
            new = list(_text.group_lines(i, group))
            assert new == list(_group_lines_before(i, group)), f"{name} page {i + 1}"
            lines += len(new)
    return lines


@pytest.mark.skipif(not CORPUS_PDFS, reason="shared corpus not present")
def test_group_lines_equals_the_previous_grouping_on_every_corpus_page(loop: str) -> None:
    lines = sum(_assert_same_lines(p.name, p.read_bytes()) for p in CORPUS_PDFS)
    assert lines > 1_000


def test_group_lines_equals_the_previous_grouping_on_generated_documents(loop: str) -> None:
    docgen.require_fonts()
    assert sum(_assert_same_lines(name, data) for name, data in _generated()) > 100


def _assert_objects_contiguous(name: str, data: bytes) -> None:
    """The fast loop's assumption: the characters one text object draws are contiguous in
    the text page (among characters that are not spaces or line breaks PDFium generated)."""
    for i, textpage in _pages(data):
        handle = textpage.raw
        keys: list[int] = []
        for k in range(pdfium.raw.FPDFText_CountChars(handle)):
            if pdfium.raw.FPDFText_IsGenerated(handle, k) == 1:
                continue
            obj = pdfium.raw.FPDFText_GetTextObject(handle, k)
            key = ctypes.cast(obj, ctypes.c_void_p).value or 0
            if not keys or keys[-1] != key:
                keys.append(key)
        runs = [key for key in keys if key]
        assert len(runs) == len(set(runs)), f"{name} page {i + 1}"


@pytest.mark.skipif(not CORPUS_PDFS, reason="shared corpus not present")
def test_text_objects_are_contiguous_on_every_corpus_page() -> None:
    for path in CORPUS_PDFS:
        _assert_objects_contiguous(path.name, path.read_bytes())


def test_text_objects_are_contiguous_on_generated_documents() -> None:
    docgen.require_fonts()
    for name, data in _generated():
        _assert_objects_contiguous(name, data)
