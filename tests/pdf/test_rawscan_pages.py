"""The page scan (``vndocsign.pdf._pagescan``, issue 17): the text runs a content stream shows
(C ``content_runs`` and its Python reading) and every page's folded-text marker, against
PDFium's raw page text folded the same way — on every corpus page and generated documents,
both ways it runs (C and pure Python) — and the pages it must leave to PDFium.
"""

from __future__ import annotations

import base64
import io
import logging
import random
import zlib
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest

from tests.pdf.rawscan_support import (
    HELVETICA,
    build,
    corpus_params,
    generated,
    generated_names,
    multi_document,
    needs_c,
    one_page,
    sign,
    stream,
    use_python,
)
from tests.pki.fixtures import vn_pki  # noqa: F401 - session fixture
from vndocsign.pdf import _guard, _lazy
from vndocsign.pdf._pagescan import content_runs_py, fold_text, has_marker, page_marker


def _contents(data: bytes) -> list[bytes]:
    """Every page's content stream, decoded by pypdf (pages it cannot decode left out)."""
    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        pages = list(reader.pages)
    except Exception:
        return []
    out = []
    for page in pages:
        try:
            contents = page.get_contents()
            if contents is not None:
                out.append(contents.get_data())
        except Exception:  # noqa: S112
            continue
    return out


def _assert_same_runs(contents: list[bytes]) -> int:
    fast = needs_c()
    read = 0
    for k, content in enumerate(contents):
        py = content_runs_py(content)
        if py is None:
            continue
        assert fast.content_runs(content) == py, f"content stream {k}"
        read += 1
    return read


@pytest.mark.parametrize("path", corpus_params())
def test_content_runs_c_equals_python_on_every_corpus_page(path: Path) -> None:
    contents = _contents(path.read_bytes())
    read = _assert_same_runs(contents)
    assert read or not contents or all(content_runs_py(c) is None for c in contents)


@pytest.mark.parametrize("name", generated_names())
def test_content_runs_c_equals_python_on_generated_pages(name: str) -> None:
    contents = _contents(generated(name))
    assert _assert_same_runs(contents) == len(contents) > 0  # Python reads all of them


@pytest.fixture(params=["c", "python"])
def runs(request: pytest.FixtureRequest) -> Any:
    if request.param == "c":
        return needs_c().content_runs
    return content_runs_py


F1, F2 = b"F1", b"F2"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            b"BT /F1 12 Tf (a) Tj q /F2 10 Tf (b) Tj Q (c) Tj ET",
            [(F1, b"a"), (F2, b"b"), (F1, b"c")],
        ),
        (b"/F1 1 Tf q q /F2 1 Tf Q (x) Tj Q (y) Tj", [(F1, b"xy")]),
        (b"Q Q /F1 1 Tf (x) Tj", [(F1, b"x")]),  # a Q too many is ignored
        (b"(x) Tj /F1 1 Tf (y) Tj", [(None, b"x"), (F1, b"y")]),
        (b"/F1 1 Tf /F2 true Tf (x) Tj", [(None, b"x")]),  # Tf with odd operands: no font
        (b"/F1 1 Tf /F2 1 2 Tf (x) Tj", [(None, b"x")]),
        (b"/F1 1 Tf 12 /F2 Tf (x) Tj", [(None, b"x")]),
        (b"/F1 1 Tf /F2 - Tf (x) Tj", [(None, b"x")]),
        (b"/F1 1 Tf /F2 12Tf (x) Tj", [(F1, b"x")]),  # "12Tf" is one token, not Tf
        (b"/F1 1 Tf /F2 12 Tfx (x) Tj", [(F1, b"x")]),
        (b"/F1 -.5 Tf (x) Tj", [(F1, b"x")]),
        (b"/F1 1 Tf /F2 0 Tf (x) Tj", [(None, b"x")]),  # a zero size: PDFium drops the text
        (b"/F1 1 Tf /F2 -0.00 Tf (x) Tj", [(None, b"x")]),
        (b"/F1 1 Tf /F2 .0 Tf (x) Tj", [(None, b"x")]),
        (b"/F1 1 Tf /F2 0.01 Tf (x) Tj", [(F2, b"x")]),
        (b"/ 12 Tf (x) Tj", [(b"", b"x")]),  # an empty name is a name
        (b"/F1\x0012\x00Tf(x)Tj", [(F1, b"x")]),  # NUL is PDF white space
        (b"/F1 1 Tf /F2 12\x0bTf (x) Tj", [(F1, b"x")]),  # \v is not
        (b"/F1 1 Tf [(a) -50 (b) 3 <0063>] TJ", [(F1, b"ab\x00c")]),
        (b"/F1 1 Tf (a) Tj /F2 1 Tf () Tj /F1 1 Tf (b) Tj", [(F1, b"a"), (F1, b"b")]),
        (b"/Span << /ActualText (hidden) /Alt <41> >> BDC (shown) Tj EMC", [(None, b"shown")]),
        (b"/P << /MCID 0 /K [(h)] >> BDC [(s)] TJ", [(None, b"s")]),
        (rb"(a\)b\\) Tj (c\101\r\nd) Tj", [(None, b"a)b\\cA\r\nd")]),
        (b"(a\r\nb\rc) Tj", [(None, b"a\nb\nc")]),  # a raw end of line reads as \n
        (b"<41 4> Tj <> Tj", [(None, b"A@")]),
        (b"", []),
        (b"BT /F1 12 Tf ET", []),
    ],
)
def test_content_runs_cases(runs: Any, content: bytes, expected: Any) -> None:
    assert runs(content) == expected


@pytest.mark.parametrize(
    "content",
    [
        b"(a) Tj BI /W 1 /H 1 /CS /G /BPC 8 ID \x80 EI (b) Tj",
        b"(a) Tj ) (b) Tj",
        b"(a) Tj > (b) Tj",
        b"(a) Tj <4G> Tj",
        b"(a) Tj (b",
        b"<< /A 1 > (a) Tj",
        b"q " * 513 + b"(a) Tj",
    ],
    ids=[
        "inline-image",
        "stray-paren",
        "stray-angle",
        "bad-hex",
        "unterminated",
        "bad-dict",
        "q513",
    ],
)
def test_content_runs_give_up_on_what_they_cannot_account_for(runs: Any, content: bytes) -> None:
    assert runs(content) is None


def test_content_runs_read_512_nested_q() -> None:
    content = b"/F1 1 Tf " + b"q " * 512 + b"/F2 1 Tf (a) Tj " + b"Q " * 512 + b"(b) Tj"
    assert needs_c().content_runs(content) == content_runs_py(content) == [(F2, b"a"), (F1, b"b")]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"(a(b)c) Tj", [(None, b"a(b)c")]),  # nested parentheses
        (b"% (x\n(a) Tj", [(None, b"a")]),  # a comment with a parenthesis
        (b"%)\r(a) Tj % [ <\n(b) Tj", [(None, b"ab")]),
        (b"% comment\n/F1 %c\n 12 Tf (a) Tj", [(F1, b"a")]),
        (b"[(a) %(b)\n (c)] TJ", [(None, b"ac")]),  # a comment inside an array
        (b"<< /A [1 >> /F1 1 Tf (a) Tj ] (b) Tj", [(None, b"ab")]),  # arrays across a dict end
        (b"[[(a)] (b)] TJ", [(None, b"ab")]),
        (b"{ /F1 1 Tf } (a) Tj", [(F1, b"a")]),  # braces are skipped
    ],
)
def test_content_runs_c_reads_what_python_leaves(content: bytes, expected: Any) -> None:
    assert needs_c().content_runs(content) == expected
    assert content_runs_py(content) is None


# -- markers against PDFium ----------------------------------------------------------------


@pytest.fixture(params=["c", "python"])
def path_kind(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The page scan in C, then in pure Python."""
    if request.param == "c":
        needs_c()
    else:
        use_python(monkeypatch)
    return str(request.param)


def _assert_markers_agree_with_pdfium(data: bytes) -> list[str | None] | None:
    """The markers :func:`check_pdf` returns, checked page by page against PDFium."""
    markers = _guard.check_pdf(data)
    if markers is None:
        return None
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return markers
    try:
        assert len(doc) == len(markers)
        for index, marker in enumerate(markers):
            if marker is None:
                continue
            expected = fold_text(_lazy._raw_text(doc, index))
            # PDFium sometimes reorders characters within a line: compare them sorted
            assert sorted(marker) == sorted(expected), f"page {index + 1}"
            if has_marker(expected):
                assert has_marker(marker), f"page {index + 1}"
    finally:
        doc.close()
    return markers


@pytest.mark.parametrize("path", corpus_params())
def test_markers_agree_with_pdfium_on_every_corpus_page(path: Path, path_kind: str) -> None:
    _assert_markers_agree_with_pdfium(path.read_bytes())


def test_the_corpus_markers_are_mostly_read_from_content_streams() -> None:
    """The property above compares something: most corpus pages get a marker here."""
    params = corpus_params()
    if params[0].values[0] is None:
        pytest.skip(params[0].marks[0].kwargs["reason"])
    read = total = 0
    for param in params:
        markers = _guard.check_pdf(param.values[0].read_bytes())
        for marker in markers or ():
            total += 1
            read += marker is not None
    # (the pages left: encrypted files, Type3 or symbolic fonts, form XObjects, /ActualText)
    assert total > 100 and read > 0.7 * total


@pytest.mark.parametrize("name", generated_names())
def test_markers_agree_with_pdfium_on_generated_documents(name: str, path_kind: str) -> None:
    markers = _assert_markers_agree_with_pdfium(generated(name))
    assert markers is not None and None not in markers  # every page read here


@pytest.mark.parametrize("compress", [True, False], ids=["flate", "plain"])
def test_markers_find_the_documents_of_a_multi_document_file(
    compress: bool, path_kind: str
) -> None:
    markers = _assert_markers_agree_with_pdfium(multi_document(compress))
    assert markers is not None and len(markers) == 5
    assert [has_marker(m or "") for m in markers] == [True, False, True, True, True]
    assert markers[0].startswith("CONGHOAXAHOICHUNGHIAVIETNAMOCLAPTUDOHANHPHUC")  # Đ dropped  # type: ignore[union-attr]
    assert markers[3].startswith("PHULUC")  # type: ignore[union-attr]
    assert markers[4].startswith("PHULUCIITIEPTHEO")  # type: ignore[union-attr]


def test_markers_agree_with_pdfium_after_pyhanko_signs(vn_pki: Any, path_kind: str) -> None:
    signed = sign(multi_document(), vn_pki)
    markers = _assert_markers_agree_with_pdfium(signed)
    assert markers is not None and markers == _guard.check_pdf(multi_document())


# -- what is left to PDFium -----------------------------------------------------------------


def _marker(pdf: bytes) -> str | None:
    markers = _guard.check_pdf(pdf)
    assert markers is not None and len(markers) == 1  # the fast walk read the file
    return markers[0]


SHOW = b"BT /F1 12 Tf 20 250 Td (PHU LUC) Tj ET"
CMAP = b"""/CIDInit /ProcSet findresource begin 12 dict begin begincmap
/CMapName /Test def 1 begincodespacerange <00> <FF> endcodespacerange
1 beginbfchar <41> <0041> endbfchar endcmap CMapName currentdict /CMap defineresource pop end end"""


def test_a_plain_page_is_read(path_kind: str) -> None:
    pdf = one_page(SHOW)
    assert _marker(pdf) == "PHULUC"
    doc = pdfium.PdfDocument(pdf)
    assert fold_text(_lazy._raw_text(doc, 0)) == "PHULUC"
    doc.close()


def test_a_cmap_font_is_read_where_every_code_is_mapped(path_kind: str) -> None:
    font = (
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica"
        b" /FontDescriptor 7 0 R /ToUnicode 6 0 R >>"
    )
    descriptor = b"<< /Type /FontDescriptor /FontName /Helvetica /Flags 32 >>"
    mapped = one_page(b"BT /F1 12 Tf (AA) Tj ET", font, stream(b"", CMAP), descriptor)
    assert _marker(mapped) == "AA"
    unmapped = one_page(b"BT /F1 12 Tf (AB) Tj ET", font, stream(b"", CMAP), descriptor)
    assert _marker(unmapped) is None  # "B" is not in the CMap


def test_a_type3_font_is_left_to_pdfium(path_kind: str) -> None:
    font = (
        b"<< /Type /Font /Subtype /Type3 /FontBBox [0 0 1000 1000]"
        b" /FontMatrix [0.001 0 0 0.001 0 0]"
        b" /CharProcs << /P 6 0 R >> /Encoding << /Type /Encoding /Differences [80 /P] >>"
        b" /FirstChar 80 /LastChar 80 /Widths [1000] /Resources << >> >>"
    )
    assert _marker(one_page(b"BT /F1 12 Tf (P) Tj ET", font, stream(b"", b"1000 0 d0"))) is None


def test_a_symbolic_font_without_tounicode_is_left_to_pdfium(path_kind: str) -> None:
    font = (
        b"<< /Type /Font /Subtype /TrueType /BaseFont /Wingdings /FontDescriptor 6 0 R"
        b" /Encoding /WinAnsiEncoding >>"
    )
    descriptor = b"<< /Type /FontDescriptor /FontName /Wingdings /Flags 4 >>"
    assert _marker(one_page(SHOW, font, descriptor)) is None
    plain = descriptor.replace(b"/Flags 4", b"/Flags 32")
    assert _marker(one_page(SHOW, font, plain)) == "PHULUC"  # the same, not symbolic


def test_a_page_with_a_form_xobject_is_left_to_pdfium(path_kind: str) -> None:
    form = stream(b"/Type /XObject /Subtype /Form /BBox [0 0 10 10]", b"BT /F1 9 Tf (X) Tj ET")
    pdf = one_page(SHOW + b" q /X1 Do Q", HELVETICA, form, xobjects=b"/X1 6 0 R")
    assert _marker(pdf) is None
    image = stream(
        b"/Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray"
        b" /BitsPerComponent 8",
        b"\x80",
    )
    pdf = one_page(SHOW + b" q /I1 Do Q", HELVETICA, image, xobjects=b"/I1 6 0 R")
    assert _marker(pdf) == "PHULUC"  # an image XObject shows no text


def test_a_page_with_an_inline_image_is_left_to_pdfium(path_kind: str) -> None:
    content = SHOW + b"\nq 10 0 0 10 0 0 cm BI /W 1 /H 1 /CS /G /BPC 8 ID \x80 EI Q"
    assert _marker(one_page(content)) is None


def test_unknown_filters_and_fonts_give_none(path_kind: str) -> None:
    assert page_marker(b"(A) Tj", {}) is None  # no Tf: no font
    assert page_marker(b"/F9 1 Tf (A) Tj", {}) is None  # a font the page does not have
    assert page_marker(b"/F#31 1 Tf (A) Tj", {"F1": None}) is None  # an escaped name
    assert page_marker(b"q Q", {}) == ""
    lzw = one_page(SHOW).replace(b"/Filter /FlateDecode", b"/Filter /LZWDecode")
    assert _marker(lzw) is None
    hexed = zlib.compress(SHOW).hex().encode() + b">"
    ahx = stream(b"/Filter [/AHx /FlateDecode]", hexed)
    assert _marker(_with_content(ahx)) == "PHULUC"  # ASCIIHex, then Flate: read
    a85 = stream(b"/Filter [/A85 /FlateDecode]", base64.a85encode(zlib.compress(SHOW)) + b"~>")
    assert _marker(_with_content(a85)) == "PHULUC"
    broken = stream(b"/Filter [/A85 /FlateDecode]", b"87czURDZ~>")
    assert _marker(_with_content(broken)) is None
    predictor = stream(
        b"/Filter /FlateDecode /DecodeParms << /Predictor 12 >>", zlib.compress(SHOW)
    )
    assert _marker(_with_content(predictor)) is None


def _with_content(content_object: bytes) -> bytes:
    return build(
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 300]"
        b" /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        content_object,
        HELVETICA,
    )


def _pdfium_text(pdf: bytes) -> str:
    doc = pdfium.PdfDocument(pdf)
    try:
        return fold_text(_lazy._raw_text(doc, 0))
    finally:
        doc.close()


def test_actual_text_is_left_to_pdfium(path_kind: str) -> None:
    """PDFium reads a marked sequence's /ActualText instead of the glyphs it shows."""
    pdf = one_page(b"BT /F1 12 Tf 20 250 Td /Span << /ActualText (PHU LUC) >> BDC (ABC) Tj EMC ET")
    assert _pdfium_text(pdf) == "PHULUC"
    assert _marker(pdf) is None


def test_zero_size_text_is_left_to_pdfium(path_kind: str) -> None:
    pdf = one_page(b"BT /F1 12 Tf 20 250 Td (PHU) Tj /F1 0 Tf (X) Tj /F1 12 Tf (LUC) Tj ET")
    assert _pdfium_text(pdf) == "PHULUC"  # PDFium drops the zero-size X
    assert _marker(pdf) is None


@pytest.mark.parametrize(
    "content",
    [
        b"(P) Tj 0.3 0 Td (P) Tj 8 0 Td (H) Tj 0.3 0 Td (H) Tj 8 0 Td (U) Tj 0.3 0 Td (U) Tj"
        b" 12 0 Td (L) Tj 0.3 0 Td (L) Tj 8 0 Td (U) Tj 0.3 0 Td (U) Tj"
        b" 8 0 Td (C) Tj 0.3 0 Td (C) Tj",
        b"(PHU) Tj 0.3 0 Td (PHU) Tj 30 0 Td (LUC) Tj 0.3 0 Td (LUC) Tj",
    ],
    ids=["each-character", "each-word"],
)
def test_overprinted_fake_bold_still_counts_as_a_marker(content: bytes, path_kind: str) -> None:
    """Bold faked by printing each character (or word) twice, a hair apart: PDFium drops the
    copies, the content stream holds them; the marker must still say "maybe a part"."""
    pdf = one_page(b"BT /F1 12 Tf 20 250 Td " + content + b" ET")
    assert _pdfium_text(pdf) == "PHULUC"
    marker = _marker(pdf)
    assert marker is not None and "PHULUC" not in marker.replace("PHUPHULUCLUC", "")
    assert has_marker(marker)


@pytest.mark.xfail(
    strict=True,
    reason="known: PDFium drops a text object under 0.01 pt in both directions (a tiny size,"
    " a singular Tm/cm, 0 Tz); the content scan keeps its characters, and one inside a"
    " marker word hides the word (fixing it needs text matrix tracking)",
)
def test_tiny_text_inside_a_marker_word(path_kind: str) -> None:
    pdf = one_page(b"BT /F1 12 Tf 20 250 Td (PHU) Tj /F1 0.0001 Tf (X) Tj /F1 12 Tf (LUC) Tj ET")
    assert _pdfium_text(pdf) == "PHULUC"
    marker = _marker(pdf)
    assert marker is None or has_marker(marker)


@pytest.mark.parametrize("path", corpus_params())
def test_the_python_walk_gives_the_c_markers(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the accelerator the walk reads the same pages, to the same markers (or leaves a
    page to PDFium where its content reading gives up: comments, nested parentheses)."""
    needs_c()
    data = path.read_bytes()
    fast = _guard.check_pdf(data)
    with monkeypatch.context() as m:
        use_python(m)
        slow = _guard.check_pdf(data)
    assert (fast is None) == (slow is None)
    if fast is not None and slow is not None:
        assert len(fast) == len(slow)
        for index, (c, py) in enumerate(zip(fast, slow, strict=True)):
            assert py is None or py == c, f"page {index + 1}"


_WORDS = [b"PHU", b"LUC", b"CONG", b"HOA", b"a(b)c", rb"x\)y", rb"\101B", rb"\\", b"\xc0\xc9"]


def _random_page(rng: random.Random) -> bytes:
    """Legal content whose text never lands on itself (PDFium drops such copies): text only
    moves forward, q/Q and marked content outside text objects, sizes of 6–14 pt."""
    out = [b"BT /F1 12 Tf 30 760 Td 14 TL"]
    for _ in range(rng.randint(1, 30)):
        k = rng.randrange(12)
        w = rng.choice(_WORDS)
        if k < 4:
            out.append(b"(" + w + b") Tj")
        elif k == 4:
            out.append(b"[(" + w + b") -20 <41 42 43>] TJ")
        elif k == 5:
            out.append(b"/F%d %d Tf" % (rng.choice([1, 2]), rng.randint(6, 14)))
        elif k == 6:
            out.append(b"T* (" + w + b") '")
        elif k == 7:
            out.append(b"1 2 (" + w + b') "')
        elif k == 8:
            out.append(b"% (a comment) " + w + b"\n")
        elif k == 9:
            out.append(
                b"ET q 0.5 g Q /P << /MCID 3 /Alt (x) >> BDC BT 30 %d Td" % rng.randint(40, 700)
            )
        elif k == 10:
            out.append(b"<50 48 55> Tj")
        else:
            out.append(b"ET EMC BT /F1 10 Tf 300 %d Td" % rng.randint(40, 700))
    out.append(b"ET")
    return b"\n".join(out)


_COURIER = b"<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding /WinAnsiEncoding >>"


def test_markers_agree_with_pdfium_on_random_legal_content(path_kind: str) -> None:
    rng = random.Random(1717)
    read = 0
    for _ in range(60):
        content = _random_page(rng)
        pdf = build(
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800]"
            b" /Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> /Contents 4 0 R >>",
            stream(b"", content, flate=True),
            HELVETICA,
            _COURIER,
        )
        markers = _assert_markers_agree_with_pdfium(pdf)
        assert markers is not None
        read += markers[0] is not None
    # comments and nested parentheses leave pages to PDFium in Python only
    assert read > (50 if path_kind == "c" else 5)


def _cmap(body: bytes) -> bytes:
    return (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /T def"
        b" 1 begincodespacerange <00> <FF> endcodespacerange "
        + body
        + b" endcmap CMapName currentdict /CMap defineresource pop end end"
    )


WIN = b"/Encoding /WinAnsiEncoding"


@pytest.mark.parametrize(
    ("body", "encoding", "expected"),
    [
        (b"1 beginbfrange <41> <43> <0050> endbfrange", b"", "PQR"),
        (b"1 beginbfrange <41> <43> [<0050> <0048> <0055>] endbfrange", b"", "PHU"),
        (b"1 beginbfrange <41> <43> <00500048> endbfrange", b"", "PHPIPJ"),
        (b"1 beginbfrange <41> <43> <00FF> endbfrange", b"", "YAA"),  # past U+00FF: U+0100
        (b"3 beginbfchar <41> <00500048> <42> <0055> <43> <004C> endbfchar", b"", "PHUL"),
        (b"3 beginbfchar <0041> <0050> <0042> <0055> <0043> <004C> endbfchar", b"", "PUL"),
        (b"3 beginbfchar <41> <1EE4> <42> <0110> <43> <0063> endbfchar", b"", "UC"),  # Ụ Đ c
        (b"3 beginbfchar <41> <D835DC00> <42> <0055> <43> <004C> endbfchar", b"", "UL"),
        (b"3 beginbfchar <41> <0020> <42> <0055> <43> <004C> endbfchar", b"", "UL"),
        # an empty or odd destination is no mapping: PDFium reads the encoding's letter
        (b"3 beginbfchar <41> <> <42> <0055> <43> <004C> endbfchar", b"", None),
        (b"3 beginbfchar <41> <> <42> <0055> <43> <004C> endbfchar", WIN, "AUL"),
        (b"3 beginbfchar <41> <050> <42> <0055> <43> <004C> endbfchar", b"", None),
        (b"1 beginbfrange <41> <43> [<0050> <> <0055>] endbfrange", WIN, "PBU"),
        (b"1 beginbfrange <41> <43> [<0050> <> <0055>] endbfrange", b"", None),
        (b"1 beginbfchar <41> <0050> endbfchar", WIN, "PBC"),  # the rest from WinAnsi
        (b"1 beginbfchar <41> <0050> endbfchar", b"", None),  # the rest unknown here
        (b"1 beginbfrange <43> <41> <0050> endbfrange", b"", None),
        (b"/Foo usecmap 1 beginbfchar <41> <0050> endbfchar", WIN, None),
    ],
)
def test_tounicode_cmaps_read_as_pdfium_reads_them(
    body: bytes, encoding: bytes, expected: str | None, path_kind: str
) -> None:
    font = (
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /FontDescriptor 7 0 R"
        b" /ToUnicode 6 0 R " + encoding + b" >>"
    )
    descriptor = b"<< /Type /FontDescriptor /FontName /Helvetica /Flags 32 >>"
    content = b"BT /F1 12 Tf 20 250 Td (ABC) Tj ET"
    pdf = one_page(content, font, stream(b"", _cmap(body)), descriptor)
    assert _marker(pdf) == expected
    if expected is not None:
        assert sorted(_pdfium_text(pdf)) == sorted(expected)


T1 = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "


@pytest.mark.parametrize(
    ("font", "text", "expected"),
    [
        (T1 + b"/Encoding << /Differences [65 /P /H /U] >> >>", b"ABC", "PHU"),
        (T1 + b"/Encoding << /Differences [65 /one /two /period] >> >>", b"ABC", "12"),
        (T1 + b"/Encoding << /Differences [65 /uni1EE4 /uni0050 /uni00C0] >> >>", b"ABC", "UPA"),
        (T1 + b"/Encoding << /Differences [65 /Agrave /Eacute] >> >>", b"AB", None),
        (
            T1 + b"/Encoding << /BaseEncoding /WinAnsiEncoding /Differences [66 /X] >> >>",
            b"A\xc0B",
            "AAX",
        ),
        (T1 + b"/Encoding /MacRomanEncoding >>", b"A\x80\xe7B", "AAAB"),
        (T1 + b"/Encoding /WinAnsiEncoding >>", b"\xc0\xd0\xdd\x8a\x9a\x8e\x9f\xde\xd7", "AYSSZY"),
        (T1 + b">>", b"ABC", "ABC"),  # a standard 14 font: StandardEncoding
        (T1 + b">>", b"A'B", None),  # quoteright: not read here
        # Symbol and ZapfDingbats: their own encodings, whatever /Encoding says (PDFium)
        (b"<< /Type /Font /Subtype /Type1 /BaseFont /Symbol >>", b"ABC", None),
        (
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Symbol /Encoding /WinAnsiEncoding >>",
            b"A",
            None,
        ),
        (b"<< /Type /Font /Subtype /Type1 /BaseFont /ZapfDingbats >>", b"ABC", None),
        (b"<< /Type /Font /Subtype /TrueType /BaseFont /Arial >>", b"ABC", None),
        (
            b"<< /Type /Font /Subtype /TrueType /BaseFont /Arial /Encoding /WinAnsiEncoding >>",
            b"AB",
            "AB",
        ),
    ],
)
def test_simple_encodings_read_as_pdfium_reads_them(
    font: bytes, text: bytes, expected: str | None, path_kind: str
) -> None:
    pdf = one_page(b"BT /F1 12 Tf 20 250 Td (" + text + b") Tj ET", font)
    assert _marker(pdf) == expected
    if expected is not None:
        assert sorted(_pdfium_text(pdf)) == sorted(expected)
