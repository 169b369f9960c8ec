"""Pages the page scan (``vndocsign.pdf._pagescan``, issue 17) must leave to PDFium, and the
fonts, CMaps, encodings and content stream joins it reads exactly as PDFium reads them — in C
and in pure Python (``path_kind``)."""

from __future__ import annotations

import base64
import zlib

import pytest

from tests.pdf.rawscan_support import (
    HELVETICA,
    build,
    markers_vs_pdfium,
    one_page,
    only_marker,
    path_kind,  # noqa: F401 - fixture
    pdfium_text,
    stream,
)
from vndocsign.pdf._pagescan import has_marker, page_marker

# -- what is left to PDFium -----------------------------------------------------------------


SHOW = b"BT /F1 12 Tf 20 250 Td (PHU LUC) Tj ET"
CMAP = b"""/CIDInit /ProcSet findresource begin 12 dict begin begincmap
/CMapName /Test def 1 begincodespacerange <00> <FF> endcodespacerange
1 beginbfchar <41> <0041> endbfchar endcmap CMapName currentdict /CMap defineresource pop end end"""


def test_a_plain_page_is_read(path_kind: str) -> None:
    pdf = one_page(SHOW)
    assert only_marker(pdf) == "PHULUC"
    assert pdfium_text(pdf) == "PHULUC"


def test_a_cmap_font_is_read_where_every_code_is_mapped(path_kind: str) -> None:
    font = (
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica"
        b" /FontDescriptor 7 0 R /ToUnicode 6 0 R >>"
    )
    descriptor = b"<< /Type /FontDescriptor /FontName /Helvetica /Flags 32 >>"
    mapped = one_page(b"BT /F1 12 Tf (AA) Tj ET", font, stream(b"", CMAP), descriptor)
    assert only_marker(mapped) == "AA"
    unmapped = one_page(b"BT /F1 12 Tf (AB) Tj ET", font, stream(b"", CMAP), descriptor)
    assert only_marker(unmapped) is None  # "B" is not in the CMap


def test_a_type3_font_is_left_to_pdfium(path_kind: str) -> None:
    font = (
        b"<< /Type /Font /Subtype /Type3 /FontBBox [0 0 1000 1000]"
        b" /FontMatrix [0.001 0 0 0.001 0 0]"
        b" /CharProcs << /P 6 0 R >> /Encoding << /Type /Encoding /Differences [80 /P] >>"
        b" /FirstChar 80 /LastChar 80 /Widths [1000] /Resources << >> >>"
    )
    assert only_marker(one_page(b"BT /F1 12 Tf (P) Tj ET", font, stream(b"", b"1000 0 d0"))) is None


def test_a_symbolic_font_without_tounicode_is_left_to_pdfium(path_kind: str) -> None:
    font = (
        b"<< /Type /Font /Subtype /TrueType /BaseFont /Wingdings /FontDescriptor 6 0 R"
        b" /Encoding /WinAnsiEncoding >>"
    )
    descriptor = b"<< /Type /FontDescriptor /FontName /Wingdings /Flags 4 >>"
    assert only_marker(one_page(SHOW, font, descriptor)) is None
    plain = descriptor.replace(b"/Flags 4", b"/Flags 32")
    assert only_marker(one_page(SHOW, font, plain)) == "PHULUC"  # the same, not symbolic


FORM = b"/Type /XObject /Subtype /Form /BBox [0 0 10 10]"


def test_a_page_with_a_form_xobject_showing_text_is_left_to_pdfium(path_kind: str) -> None:
    form = stream(FORM, b"BT /F1 9 Tf (X) Tj ET")
    pdf = one_page(SHOW + b" q /X1 Do Q", HELVETICA, form, xobjects=b"/X1 6 0 R")
    assert only_marker(pdf) is None
    # text in a form inside a text-free form
    inner = stream(FORM, b"BT /F1 9 Tf (X) Tj ET")
    outer = stream(FORM + b" /Resources << /XObject << /X2 7 0 R >> >>", b"0 0 m 5 5 l S /X2 Do")
    pdf = one_page(SHOW + b" q /X1 Do Q", HELVETICA, outer, inner, xobjects=b"/X1 6 0 R")
    assert only_marker(pdf) is None
    # a form the marker cannot read (an inline image in it) is not taken for text-free
    odd = stream(FORM, b"q BI /W 1 /H 1 /CS /G /BPC 8 ID \x80 EI Q")
    pdf = one_page(SHOW + b" q /X1 Do Q", HELVETICA, odd, xobjects=b"/X1 6 0 R")
    assert only_marker(pdf) is None


def test_a_form_xobject_without_text_adds_nothing(path_kind: str) -> None:
    """Word draws shapes as forms (``/Meta62``): a form that shows no text (nested ones too)
    leaves the page's marker to its content, as PDFium's text of the page."""
    line = stream(FORM, b"0.5 w 0 0 m 10 0 l S")
    pdf = one_page(SHOW + b" q /X1 Do Q", HELVETICA, line, xobjects=b"/X1 6 0 R")
    assert only_marker(pdf) == "PHULUC" == pdfium_text(pdf)
    inner = stream(FORM, b"0 0 m 5 5 l S BT /F1 9 Tf () Tj ET")  # an empty string shows nothing
    outer = stream(FORM + b" /Resources << /XObject << /X2 7 0 R >> >>", b"q /X2 Do Q")
    pdf = one_page(SHOW + b" q /X1 Do Q", HELVETICA, outer, inner, xobjects=b"/X1 6 0 R")
    assert only_marker(pdf) == "PHULUC" == pdfium_text(pdf)
    image = stream(
        b"/Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray"
        b" /BitsPerComponent 8",
        b"\x80",
    )
    pdf = one_page(SHOW + b" q /I1 Do Q", HELVETICA, image, xobjects=b"/I1 6 0 R")
    assert only_marker(pdf) == "PHULUC"  # an image XObject shows no text


def test_a_page_with_an_inline_image_is_left_to_pdfium(path_kind: str) -> None:
    content = SHOW + b"\nq 10 0 0 10 0 0 cm BI /W 1 /H 1 /CS /G /BPC 8 ID \x80 EI Q"
    assert only_marker(one_page(content)) is None


def test_unknown_filters_and_fonts_give_none(path_kind: str) -> None:
    assert page_marker(b"(A) Tj", {}) is None  # no Tf: no font
    assert page_marker(b"/F9 1 Tf (A) Tj", {}) is None  # a font the page does not have
    assert page_marker(b"/F#31 1 Tf (A) Tj", {"F1": None}) is None  # an escaped name
    assert page_marker(b"q Q", {}) == ""
    lzw = one_page(SHOW).replace(b"/Filter /FlateDecode", b"/Filter /LZWDecode")
    assert only_marker(lzw) is None
    hexed = zlib.compress(SHOW).hex().encode() + b">"
    ahx = stream(b"/Filter [/AHx /FlateDecode]", hexed)
    assert only_marker(_with_content(ahx)) == "PHULUC"  # ASCIIHex, then Flate: read
    a85 = stream(b"/Filter [/A85 /FlateDecode]", base64.a85encode(zlib.compress(SHOW)) + b"~>")
    assert only_marker(_with_content(a85)) == "PHULUC"
    broken = stream(b"/Filter [/A85 /FlateDecode]", b"87czURDZ~>")
    assert only_marker(_with_content(broken)) is None
    predictor = stream(
        b"/Filter /FlateDecode /DecodeParms << /Predictor 12 >>", zlib.compress(SHOW)
    )
    assert only_marker(_with_content(predictor)) is None


def _with_content(content_object: bytes) -> bytes:
    return build(
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 300]"
        b" /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        content_object,
        HELVETICA,
    )


def test_actual_text_is_left_to_pdfium(path_kind: str) -> None:
    """PDFium reads a marked sequence's /ActualText instead of the glyphs it shows."""
    pdf = one_page(b"BT /F1 12 Tf 20 250 Td /Span << /ActualText (PHU LUC) >> BDC (ABC) Tj EMC ET")
    assert pdfium_text(pdf) == "PHULUC"
    assert only_marker(pdf) is None
    # a name PDFium decodes: /Actual#54ext is /ActualText
    escaped = b"/Span << /Actual#54ext (PHU LUC) >> BDC (ABC) Tj EMC"
    pdf = one_page(b"BT /F1 12 Tf 20 250 Td " + escaped + b" ET")
    assert pdfium_text(pdf) == "PHULUC"
    assert only_marker(pdf) is None


def _with_properties(properties: bytes, content: bytes) -> bytes:
    """One page whose resources name marked-content property lists (object 6)."""
    res = b"/Resources << /Font << /F1 5 0 R >> /Properties " + properties + b" >>"
    return build(
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 300] " + res + b" /Contents 4 0 R >>",
        stream(b"", content),
        HELVETICA,
        b"<< /ActualText (PHU LUC) >>",
    )


def test_actual_text_named_in_the_resources_is_left_to_pdfium(path_kind: str) -> None:
    """``/MC0 BDC`` names a property list of ``/Properties``: its /ActualText is not in the
    content stream's bytes, and PDFium reads it instead of the glyphs (the marker read
    ``XYZ`` where PDFium reads ``PHU LUC``)."""
    content = b"/Span /MC0 BDC BT /F1 12 Tf 20 250 Td (XYZ) Tj ET EMC"
    pdf = _with_properties(b"<< /MC0 6 0 R >>", content)
    assert pdfium_text(pdf) == "PHULUC"
    assert only_marker(pdf) is None
    # property lists without /ActualText (Word's /MCID ones) leave the page to the marker
    pdf = _with_properties(b"<< /MC0 << /MCID 0 >> >>", content)
    assert only_marker(pdf) == "XYZ" == pdfium_text(pdf)


def test_zero_size_text_is_left_to_pdfium(path_kind: str) -> None:
    pdf = one_page(b"BT /F1 12 Tf 20 250 Td (PHU) Tj /F1 0 Tf (X) Tj /F1 12 Tf (LUC) Tj ET")
    assert pdfium_text(pdf) == "PHULUC"  # PDFium drops the zero-size X
    assert only_marker(pdf) is None


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
def test_overprinted_fake_bold_still_counts_as_aonly_marker(content: bytes, path_kind: str) -> None:
    """Bold faked by printing each character (or word) twice, a hair apart: PDFium drops the
    copies, the content stream holds them; the marker must still say "maybe a part"."""
    pdf = one_page(b"BT /F1 12 Tf 20 250 Td " + content + b" ET")
    assert pdfium_text(pdf) == "PHULUC"
    marker = only_marker(pdf)
    assert marker is not None and "PHULUC" not in marker.replace("PHUPHULUCLUC", "")
    assert has_marker(marker)


@pytest.mark.parametrize(
    "tiny",
    [
        b"/F1 0.0001 Tf (X) Tj /F1 12 Tf",  # a tiny font size
        b"q 0.00001 0 0 0.00001 0 0 cm (X) Tj Q",  # a tiny current matrix
        b"0.0001 0 0 0.0001 20 250 Tm (X) Tj 1 0 0 1 20 250 Tm",  # a tiny text matrix
        b"1 0 0 0 20 250 Tm (X) Tj 1 0 0 1 20 250 Tm",  # a singular text matrix
        b"0 Tz (X) Tj 100 Tz",  # no horizontal scaling
    ],
    ids=["size", "cm", "Tm", "singular-Tm", "Tz"],
)
def test_tiny_text_inside_a_marker_word(tiny: bytes, path_kind: str) -> None:
    """PDFium drops a text object under 0.01 pt in both directions; the scan cannot place
    characters, so a page that shows text that small is left to PDFium (a character hidden
    inside ``PHU?LUC`` would otherwise hide the word from the marker)."""
    pdf = one_page(b"BT /F1 12 Tf 20 250 Td (PHU) Tj " + tiny + b" (LUC) Tj ET")
    assert "PHU" in pdfium_text(pdf)
    marker = only_marker(pdf)
    assert marker is None or has_marker(marker)


def test_ordinary_sizes_and_matrices_are_read() -> None:
    """The size check does not give up on ordinary text: 12 pt under a 0.5 scale, 50 % Tz."""
    pdf = one_page(b"q 0.5 0 0 0.5 0 0 cm BT /F1 12 Tf 50 Tz 40 500 Td (PHULUC) Tj ET Q")
    assert only_marker(pdf) == "PHULUC"


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
    assert only_marker(pdf) == expected
    if expected is not None:
        assert sorted(pdfium_text(pdf)) == sorted(expected)


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
    assert only_marker(pdf) == expected
    if expected is not None:
        assert sorted(pdfium_text(pdf)) == sorted(expected)


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        (b"BT /F1 12 Tf 20 250 Td (PHU) Tj % a comment", b"(LUC) Tj ET", "PHU"),
        (b"BT /F1 12 Tf 20 250 Td (PH", b"U) Tj (LUC) Tj ET", "PHULUC"),  # a string across
        (b"BT /F1 12 Tf 20 250 Td (PHU) Tj", b"(LUC) Tj ET", "PHULUC"),
    ],
)
def test_content_streams_are_joined_as_pdfium_joins_them(
    first: bytes, second: bytes, expected: str, path_kind: str
) -> None:
    """PDFium joins a page's content streams with a space: a comment ending the first runs
    on into the second (it was joined with an end of line, which showed LUC)."""
    pdf = build(
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 300]"
        b" /Resources << /Font << /F1 5 0 R >> >> /Contents [4 0 R 6 0 R] >>",
        stream(b"", first),
        HELVETICA,
        stream(b"", second),
    )
    assert pdfium_text(pdf) == expected
    marker = only_marker(pdf)
    if path_kind == "python" and b"%" in first:
        assert marker is None  # the Python reading leaves comments to PDFium
    else:
        assert marker == expected


@pytest.mark.parametrize(
    "body",
    [
        b"(AB) (CD) Tj",
        b"1 (AB) Tj",
        b"(AB) 1 Tj",
        b"(AB) Tx",
        b"[(AB)] Tj",
        b"(AB) TJ",
        b"(AB) [(CD)] TJ",
        b"[(AB)] [(CD)] TJ",
        b"(AB) (CD) '",
        b'1 2 (AB) (CD) "',
        b'(AB) 1 2 "',
        b"(AB)",
        b"(AB) ET BT (CD) Tj",
        b"<< /A (AB) >> (CD) Tj",
    ],
)
def test_show_operators_show_what_pdfium_shows(body: bytes, path_kind: str) -> None:
    """A show operator shows the string (``TJ``: the array) right before it, nothing else."""
    pdf = one_page(b"BT /F1 12 Tf 20 250 Td " + body + b" ET")
    assert only_marker(pdf) == pdfium_text(pdf)


@pytest.mark.parametrize("body", [b"(AB) /X Tj", b"[(AB) [(CD)]] TJ"])
def test_show_operators_pdfium_reads_otherwise_are_left_to_it(body: bytes, path_kind: str) -> None:
    pdf = one_page(b"BT /F1 12 Tf 20 250 Td " + body + b" ET")
    assert only_marker(pdf) is None


@pytest.mark.parametrize(
    ("long_text", "shown"),
    [
        ("PHUL", b"A" * 50 + b"B" * 50),
        ("PHUL", b"AB" * 40),
        ("PHULUCVIETNAM" * 4, b"A" + b"B" * 200),
        ("PHULUCVIETNAM" * 4, b"BA" * 60),
    ],
)
def test_a_code_mapped_to_a_long_text_among_short_ones(
    long_text: str, shown: bytes, path_kind: str
) -> None:
    """A code whose text folds to more than three letters is written whole, and the codes
    after it still have room: the C reader reserves three letters a code, and once wrote the
    three-letter codes after four-letter ones past its buffer (50 × 4 + 50 × 3 letters in
    room for 301)."""
    body = b"2 beginbfchar <41> <" + long_text.encode("utf-16-be").hex().encode() + b">"
    body += b" <42> <005500430056> endbfchar"  # "UCV": three letters
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>"
    content = b"BT /F1 12 Tf 20 250 Td (" + shown + b") Tj ET"
    pdf = one_page(content, font, stream(b"", _cmap(body)))
    expected = "".join(long_text if c == ord("A") else "UCV" for c in shown)
    assert only_marker(pdf) == expected


def test_a_text_free_form_on_every_page_is_checked_once(path_kind: str) -> None:
    """A header line drawn as one form on every page (Word's shapes in a header): each page
    keeps its marker, equal to PDFium's text, and the split needs no PDFium page."""
    texts = [b"(BAO CAO) Tj", b"(NOI DUNG) Tj", b"(PHU LUC) Tj"]
    resources = b"/Resources << /Font << /F1 9 0 R >> /XObject << /X1 10 0 R >> >>"
    pages = [
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 300] "
        + resources
        + b" /Contents %d 0 R >>" % (6 + n)
        for n in range(3)
    ]
    contents = [
        stream(b"", b"q /X1 Do Q BT /F1 12 Tf 20 250 Td " + t + b" ET", flate=True) for t in texts
    ]
    pdf = build(
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R 4 0 R 5 0 R] /Count 3 >>",
        *pages,
        *contents,
        HELVETICA,
        stream(FORM, b"0.5 w 0 280 m 300 280 l S", flate=True),
    )
    assert markers_vs_pdfium(pdf) == ["BAOCAO", "NOIDUNG", "PHULUC"]
