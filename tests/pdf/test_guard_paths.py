"""Issue 17: the guard's two page walks give one verdict, and the markers the fast one reads.

``check_pdf`` first walks the page tree with the strict raw reader (``_guard._fast`` ->
``_pagescan.fast_walk``) and falls back to the pypdf walk (``_guard._Walk``) when that reader
cannot read something exactly. An attacker chooses which walk runs (one unusual object is
enough to send the file to pypdf), so both must refuse the same files with the same limit.
The fast walk's page markers replace PDFium's raw text in :class:`~vndocsign.pdf.LazyPdfText`:
they must lead to the same split as ``segment_document``.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import io
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CORPUS, corpus_file, corpus_manifest
from tests.hostile._pdfs import _pdf, flate_bomb_pdf, kids_bomb_pdf, without_xref, zeros_pdf
from tests.pdf.test_guard import _xobject_pdf
from vndocsign._limits import use_limits
from vndocsign.errors import VndocsignError
from vndocsign.pdf import (
    LazyPdfText,
    PdfLimitError,
    _guard,
    check_pdf,
    load_text,
    segment_document,
)

MB = 1 << 20
FONT = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-{}.ttf")

# -- running one walk or the other -------------------------------------------------------------


@contextlib.contextmanager
def _walk(fast: bool) -> Iterator[list[str]]:
    """``check_pdf`` with the fast walk (its outcome recorded: ``list``, ``None`` or the error's
    class name) or with ``_guard._fast`` answering ``None`` (the pypdf walk)."""
    outcome: list[str] = []
    real = _guard._fast

    def spy(*args: Any) -> Any:
        if not fast:
            outcome.append("None")
            return None
        try:
            markers = real(*args)
        except Exception as exc:
            outcome.append(type(exc).__name__)
            raise
        outcome.append("list" if isinstance(markers, list) else "None")
        return markers

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_guard, "_fast", spy)
        yield outcome


Verdict = tuple[str, str | None]


def _verdict(pdf: bytes, *, fast: bool, stream: bool = False) -> tuple[Verdict, list[str]]:
    """(error class name and limit name, or ``("ok", None)``; the fast walk's outcome)."""
    with _walk(fast) as outcome:
        try:
            check_pdf(io.BytesIO(pdf) if stream else pdf)
        except VndocsignError as exc:
            return (type(exc).__name__, exc.details.get("limit")), outcome
    return ("ok", None), outcome


def _both(pdf: bytes, *, stream: bool = False) -> tuple[Verdict, Verdict, list[str]]:
    fast, outcome = _verdict(pdf, fast=True, stream=stream)
    slow, _ = _verdict(pdf, fast=False, stream=stream)
    return fast, slow, outcome


# -- generated hostile files -----------------------------------------------------------------


def _bomb_data(inflated: int = 32 * MB) -> bytes:
    """``inflated`` spaces, deflated (the stream of ``flate_bomb_pdf``, any size)."""
    import zlib

    if inflated % (16 * MB) == 0:
        bomb = flate_bomb_pdf(inflated)
        return bomb[bomb.index(b"stream\n") + 7 : bomb.rindex(b"\nendstream")]
    return zlib.compress(b" " * inflated, 9)


def _stream(dictionary: bytes, data: bytes) -> bytes:
    return b"<< " + dictionary + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


_CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
_PAGES = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
_FORM = b"/Type /XObject /Subtype /Form /BBox [0 0 1 1] /Filter /FlateDecode"


def _page(extra: bytes = b"/Contents 4 0 R") -> bytes:
    return b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] " + extra + b" >>"


def _content_pdf(filters: bytes, data: bytes) -> bytes:
    """One page whose content stream (object 4) is ``data`` under ``/Filter filters``."""
    return _pdf([_CATALOG, _PAGES, _page(), _stream(b"/Filter " + filters, data)])


def a85_bomb_pdf(abbreviated: bool = False) -> bytes:
    """A flate bomb behind ``[/ASCII85Decode /FlateDecode]`` (how reportlab writes content)."""
    filters = b"[/A85 /Fl]" if abbreviated else b"[/ASCII85Decode /FlateDecode]"
    return _content_pdf(filters, base64.a85encode(_bomb_data(), wrapcol=72) + b"~>")


def ahx_bomb_pdf(abbreviated: bool = False) -> bytes:
    filters = b"[/AHx /Fl]" if abbreviated else b"[/ASCIIHexDecode /FlateDecode]"
    return _content_pdf(filters, binascii.hexlify(_bomb_data()) + b">")


def a85_twice_bomb_pdf() -> bytes:
    once = base64.a85encode(_bomb_data()) + b"~>"
    return _content_pdf(b"[/A85 /A85 /Fl]", base64.a85encode(once) + b"~>")


def inherited_form_bomb_pdf(levels: int = 1, indirect: bool = False) -> bytes:
    """A page without ``/Resources`` whose inherited resources (on the ``/Pages`` node
    ``levels`` above it) draw a form XObject bomb (object 5)."""
    resources = b"6 0 R" if indirect else b"<< /XObject << /X0 5 0 R >> >>"
    objects = [
        _CATALOG,
        b"<< /Type /Pages /Kids [%d 0 R] /Count 1 /Resources " % (3 if levels == 1 else 7)
        + resources
        + b" >>",
        b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>"
        % (2 if levels == 1 else 7),
        _stream(b"", b"q 10 0 0 10 0 0 cm /X0 Do Q"),
        _stream(_FORM, _bomb_data()),
        b"<< /XObject << /X0 5 0 R >> >>",
        b"<< /Type /Pages /Parent 2 0 R /Kids [3 0 R] /Count 1 >>",
    ]
    return _pdf(objects)


def broken_a85_pdf() -> bytes:
    """Content behind a broken ASCII85 stage (``v`` is no ASCII85 digit): nothing to inflate."""
    return _content_pdf(b"[/ASCII85Decode /FlateDecode]", b"vvvv!!!!~>")


def a85_bomb_before_junk_pdf(junk: bytes = b"v") -> bytes:
    """A valid ASCII85 bomb followed by a byte that is not ASCII85: PDFium decodes up to it
    (and inflates the bomb); a guard that called the stage "broken" skipped it."""
    data = base64.a85encode(_bomb_data(), wrapcol=72) + junk + b"!!!!!~>"
    return _content_pdf(b"[/ASCII85Decode /FlateDecode]", data)


def a85_bomb_with_z_in_a_group_pdf() -> bytes:
    """A ``z`` inside an ASCII85 group after the bomb: PDFium drops the partial group."""
    data = base64.a85encode(_bomb_data()) + b"!!z!!~>"
    return _content_pdf(b"[/ASCII85Decode /FlateDecode]", data)


def ahx_bomb_with_junk_pdf() -> bytes:
    """Hex digits interleaved with bytes that are no hex digit (``g``, form feeds): PDFium's
    HexDecode skips them."""
    digits = binascii.hexlify(_bomb_data())
    spaced = b"g\x0c".join(digits[i : i + 64] for i in range(0, len(digits), 64))
    return _content_pdf(b"[/ASCIIHexDecode /FlateDecode]", spaced + b">")


def indirect_filter_bomb_pdf() -> bytes:
    """``/Filter 5 0 R`` naming ``[/ASCII85Decode /FlateDecode]`` (PDFium resolves it)."""
    data = base64.a85encode(_bomb_data()) + b"~>"
    return _pdf(
        [_CATALOG, _PAGES, _page(), _stream(b"/Filter 5 0 R", data), b"[/A85 /FlateDecode]"]
    )


def repeated_filter_pdf() -> bytes:
    """``/Filter /ASCIIHexDecode /Filter /FlateDecode``: pypdf reads the first (nothing to
    inflate), PDFium the last (the bomb)."""
    return _content_pdf(b"/ASCIIHexDecode /Filter /FlateDecode", _bomb_data())


def repeated_contents_pdf() -> bytes:
    """``/Contents 5 0 R /Contents 4 0 R``: PDFium draws the last, the bomb (object 4)."""
    return _pdf(
        [
            _CATALOG,
            _PAGES,
            _page(b"/Contents 5 0 R /Contents 4 0 R"),
            _stream(b"/Filter /FlateDecode", _bomb_data()),
            _stream(b"", b"BT ET"),
        ]
    )


def repeated_pages_pdf() -> bytes:
    """A catalog naming ``/Pages`` twice: PDFium shows the last tree (object 5, a bomb page),
    pypdf (and so both walks) start from the first."""
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R /Pages 5 0 R >>",
            _PAGES,
            _page(),
            _stream(b"", b"BT ET"),
            b"<< /Type /Pages /Kids [6 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 5 0 R /MediaBox [0 0 595 842] /Contents 7 0 R >>",
            _stream(b"/Filter /FlateDecode", _bomb_data()),
        ]
    )


def hidden_filter_pdf() -> bytes:
    """``/Filter /Fl`` followed by a nested dictionary: a raw scan that looked from the last
    ``<<`` only saw ``<< /Predictor 1 >>``."""
    return _content_pdf(b"/Fl /DecodeParms << /Predictor 1 >>", _bomb_data())


def _hostile() -> dict[str, tuple[Callable[[], bytes], dict[str, int], Verdict]]:
    """Every hostile PDF the suite generates: (maker, limits, the expected verdict)."""
    stream_limit = {"max_stream_size": MB}
    bomb = lambda: flate_bomb_pdf(32 * MB)  # noqa: E731
    limit = ("PdfLimitError", "max_stream_size")
    damaged = ("DamagedPdfError", None)
    ok = ("ok", None)
    image = b"/Type /XObject /Subtype /Image /Width 1 /Height 1 /Filter /FlateDecode"
    out: dict[str, tuple[Callable[[], bytes], dict[str, int], Verdict]] = {
        "flate-bomb": (bomb, stream_limit, limit),
        "flate-bomb-no-xref": (lambda: without_xref(bomb()), stream_limit, limit),
        "flate-bomb-no-trailer": (
            lambda: without_xref(bomb(), keep_trailer=False),
            stream_limit,
            limit,
        ),
        # kids-200000 itself: see test_kids_bomb_names
        "kids-200000-no-trailer": (
            lambda: without_xref(kids_bomb_pdf(), keep_trailer=False),
            {},
            ("PdfLimitError", "max_pages"),
        ),
        "kids-1000": (lambda: kids_bomb_pdf(1000), {}, damaged),
        "kids-1": (lambda: kids_bomb_pdf(1), {}, ok),
        "kids-1-depth-1": (
            lambda: kids_bomb_pdf(1),
            {"max_page_tree_depth": 1},
            ("PdfLimitError", "max_page_tree_depth"),
        ),
        "kids-1000-pages-10": (
            lambda: kids_bomb_pdf(1000),
            {"max_pages": 10},
            ("PdfLimitError", "max_pages"),
        ),
        "zeros": (lambda: zeros_pdf(MB), {}, damaged),
        "image-not-inflated": (lambda: _xobject_pdf(image, _bomb_data()), stream_limit, ok),
        "form-bomb": (lambda: _xobject_pdf(_FORM, _bomb_data()), stream_limit, limit),
        "form-bomb-subtype-twice": (
            lambda: _xobject_pdf(b"/Subtype /Image " + _FORM, _bomb_data()),
            stream_limit,
            limit,
        ),
        "form-bomb-nested-image": (
            lambda: _xobject_pdf(_FORM + b" /Group << /Subtype /Image >>", _bomb_data()),
            stream_limit,
            limit,
        ),
        "form-bomb-length-short": (
            lambda: _xobject_pdf(_FORM, _bomb_data(), length=len(_bomb_data()) - 100),
            stream_limit,
            limit,
        ),
        "form-bomb-length-long": (
            lambda: _xobject_pdf(_FORM, _bomb_data(), length=len(_bomb_data()) + 100),
            stream_limit,
            limit,
        ),
        # the two security fixes of issue 17
        "a85-bomb": (a85_bomb_pdf, stream_limit, limit),
        "a85-bomb-abbreviated": (lambda: a85_bomb_pdf(True), stream_limit, limit),
        "ahx-bomb": (ahx_bomb_pdf, stream_limit, limit),
        "ahx-bomb-abbreviated": (lambda: ahx_bomb_pdf(True), stream_limit, limit),
        "a85-twice-bomb": (a85_twice_bomb_pdf, stream_limit, limit),
        "a85-bomb-no-xref": (lambda: without_xref(a85_bomb_pdf()), stream_limit, limit),
        "inherited-form-bomb": (inherited_form_bomb_pdf, stream_limit, limit),
        "inherited-form-bomb-2-levels": (
            lambda: inherited_form_bomb_pdf(levels=2),
            stream_limit,
            limit,
        ),
        "inherited-form-bomb-indirect": (
            lambda: inherited_form_bomb_pdf(indirect=True),
            stream_limit,
            limit,
        ),
        "broken-a85": (broken_a85_pdf, stream_limit, ok),
        "a85-bomb-before-junk": (a85_bomb_before_junk_pdf, stream_limit, limit),
        "a85-bomb-before-nul": (lambda: a85_bomb_before_junk_pdf(b"\x00"), stream_limit, limit),
        "a85-bomb-z-in-a-group": (a85_bomb_with_z_in_a_group_pdf, stream_limit, limit),
        "ahx-bomb-with-junk": (ahx_bomb_with_junk_pdf, stream_limit, limit),
        "indirect-filter-array-bomb": (indirect_filter_bomb_pdf, stream_limit, limit),
        "repeated-filter-bomb": (repeated_filter_pdf, stream_limit, limit),
        "repeated-contents-bomb": (repeated_contents_pdf, stream_limit, limit),
        "repeated-pages-bomb": (repeated_pages_pdf, stream_limit, limit),
        "hidden-filter-bomb": (hidden_filter_pdf, stream_limit, limit),
    }
    # every bomb again without a cross-reference table or trailer: pypdf cannot open such a
    # file, PDFium repairs it, so the raw scan must find the same bombs
    for name, (make, limits, expected) in list(out.items()):
        if expected == limit and "no-" not in name:
            out[f"{name}-no-trailer"] = (
                lambda make=make: without_xref(make(), keep_trailer=False),  # type: ignore[misc]
                limits,
                expected,
            )
            out[f"{name}-no-xref"] = (
                lambda make=make: without_xref(make()),  # type: ignore[misc]
                limits,
                expected,
            )
    return out


HOSTILE = _hostile()


@pytest.mark.parametrize("name", list(HOSTILE))
def test_both_walks_give_the_same_verdict_on_hostile_files(name: str) -> None:
    make, limits, expected = HOSTILE[name]
    pdf = make()
    with use_limits(**limits):
        for stream in (False, True):
            fast, slow, _ = _both(pdf, stream=stream)
            assert fast == slow == expected, (stream, fast, slow)


def test_kids_bomb_names() -> None:
    """The one known difference of limit *name* (both refuse it): on 200,000 kids the fast
    walk counts pages (``max_pages``), pypdf stops at its own array size limit first."""
    fast, slow, _ = _both(kids_bomb_pdf())
    assert fast == ("PdfLimitError", "max_pages")
    assert slow == ("PdfLimitError", "max_objects")


@pytest.mark.parametrize(
    "make",
    [a85_bomb_pdf, ahx_bomb_pdf, inherited_form_bomb_pdf, indirect_filter_bomb_pdf],
    ids=["a85", "ahx", "inherited", "indirect-filter"],
)
def test_the_fast_walk_itself_refuses_the_new_bombs(make: Callable[[], bytes]) -> None:
    """Not the pypdf fallback: the raw reader reads these files and refuses them itself."""
    with use_limits(max_stream_size=MB):
        verdict, outcome = _verdict(make(), fast=True)
    assert verdict == ("PdfLimitError", "max_stream_size")
    assert outcome == ["PdfLimitError"]


@pytest.mark.parametrize(
    "make",
    [a85_bomb_pdf, ahx_bomb_pdf, inherited_form_bomb_pdf],
    ids=["a85", "ahx", "inherited"],
)
@pytest.mark.parametrize("fast", [True, False], ids=["fast", "pypdf"])
def test_text_and_placement_refuse_the_new_bombs_typed(
    make: Callable[[], bytes], fast: bool
) -> None:
    from vndocsign.placement import find_placement

    pdf = make()
    with use_limits(max_stream_size=MB), _walk(fast):
        with pytest.raises(PdfLimitError) as caught:
            load_text(pdf)
        assert caught.value.details["limit"] == "max_stream_size"
        with pytest.raises(PdfLimitError):
            find_placement(pdf, "personal")
        with pytest.raises(PdfLimitError):
            LazyPdfText(pdf)


def test_a_bomb_just_under_the_limit_passes_and_one_byte_over_is_refused() -> None:
    """Both walks count the inflated size alike (behind ASCII85 too)."""
    size = 256 * 1024
    data = base64.a85encode(_bomb_data(size)) + b"~>"
    pdf = _content_pdf(b"[/ASCII85Decode /FlateDecode]", data)
    with use_limits(max_stream_size=size):
        assert _both(pdf)[:2] == (("ok", None), ("ok", None))
    with use_limits(max_stream_size=size - 1):
        assert _both(pdf)[:2] == (("PdfLimitError", "max_stream_size"),) * 2


@pytest.mark.parametrize("fast", [True, False], ids=["fast", "pypdf"])
def test_a_broken_ascii85_stage_is_no_error(fast: bool) -> None:
    pdf = broken_a85_pdf()
    with _walk(fast):
        markers = check_pdf(pdf)
        text = load_text(pdf)
    assert len(markers) == 1 if fast else markers is None
    assert len(text.pages) == 1


def test_ascii85_is_undone_as_pdfium_undoes_it() -> None:
    """Clean data as any decoder; junk as PDFium's A85Decode (decode up to it)."""
    import os

    from vndocsign.pdf._ascii import _a85decode
    from vndocsign.pdf._rawobj import a85_like_pdfium as _a85_like_pdfium

    for size in (0, 1, 2, 3, 4, 5, 7, 64, 1001):
        data = os.urandom(size) + bytes(8)  # zero groups become ``z``
        encoded = base64.a85encode(data)
        assert _a85_like_pdfium(encoded + b"~>") == data
        assert _a85decode(encoded + b"~>") == data
        assert _a85_like_pdfium(b"  \n".join([encoded[:5], encoded[5:]])) == data
        assert _a85decode(encoded + b"v" + encoded) == data
    assert _a85_like_pdfium(b"z!!z") == bytes(8)  # a partial group before ``z`` is dropped
    assert _a85_like_pdfium(b's8W-"') == bytes([0x00, 0x00, 0x00, 0x00])  # 2**32 wraps


def test_ascii_wrapped_content_is_read_for_the_marker() -> None:
    """The stages are undone for the marker too (Helvetica, WinAnsi: ``CỘNG`` is not there,
    but ASCII letters are)."""
    import zlib

    content = zlib.compress(b"BT /F1 12 Tf 72 720 Td (Cong hoa xa hoi) Tj ET")
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    for filters, data in (
        (b"[/ASCII85Decode /FlateDecode]", base64.a85encode(content) + b"~>"),
        (b"[/AHx /Fl]", binascii.hexlify(content) + b">"),
        (b"/FlateDecode", content),
    ):
        pdf = _pdf(
            [
                _CATALOG,
                _PAGES,
                _page(b"/Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >>"),
                _stream(b"/Filter " + filters, data),
                font,
            ]
        )
        assert check_pdf(pdf) == ["CONGHOAXAHOI"], filters


# -- the corpus --------------------------------------------------------------------------------

SIGNATURES = corpus_manifest("pdf-signatures")
REALDOCS = sorted((CORPUS / "realdocs").glob("*.pdf"))
_ABSENT_REALDOCS = pytest.param(
    None, marks=pytest.mark.skip(reason=f"shared corpus not available ({CORPUS / 'realdocs'})")
)


def _corpus_params() -> list[Any]:
    params: list[Any] = [
        pytest.param(("pdf-signatures", case), id=f"sig:{case['file']}") for case in SIGNATURES
    ]
    params += [pytest.param(("realdocs", path), id=f"real:{path.name}") for path in REALDOCS]
    if not REALDOCS:
        params.append(_ABSENT_REALDOCS)
    return params


def _corpus_bytes(param: tuple[str, Any]) -> bytes:
    folder, item = param
    if folder == "realdocs":
        return Path(item).read_bytes()
    return corpus_file(folder, item).read_bytes()


#: Limits tight enough that the walks refuse many real files, each for another reason.
TIGHT = [
    {},
    {"max_stream_size": 300},
    {"max_stream_size": 5000},
    {"max_pages": 1},
    {"max_pages": 2},
    {"max_page_tree_depth": 1},
    {"max_page_tree_depth": 2},
]


@pytest.mark.corpus
@pytest.mark.parametrize("param", _corpus_params())
def test_both_walks_agree_on_the_corpus(param: tuple[str, Any]) -> None:
    pdf = _corpus_bytes(param)
    for limits in TIGHT:
        with use_limits(**limits):
            fast, slow, _ = _both(pdf)
            assert fast == slow, limits
    with use_limits(max_stream_size=300):
        assert _both(pdf, stream=True)[:2] == _both(pdf)[:2]


def _pdfium_markers(pdf: bytes) -> list[str]:
    import pypdfium2 as pdfium

    from vndocsign.pdf._lazy import _raw_text
    from vndocsign.pdf._pagescan import fold_text

    doc = pdfium.PdfDocument(pdf)
    try:
        return [fold_text(_raw_text(doc, i)) for i in range(len(doc))]
    finally:
        doc.close()


def _assert_markers_match_pdfium(pdf: bytes, markers: list[str | None]) -> None:
    """Each marker the fast walk read holds PDFium's folded raw text: the same letters (PDFium
    reorders a few overlapping glyphs) and the same verdict on the part-start words."""
    from vndocsign.pdf._pagescan import has_marker

    expected = _pdfium_markers(pdf)
    assert len(markers) == len(expected)
    for index, (mine, theirs) in enumerate(zip(markers, expected, strict=True)):
        if mine is None:
            continue
        assert sorted(mine) == sorted(theirs), index
        assert has_marker(mine) == has_marker(theirs), index


@pytest.mark.corpus
@pytest.mark.skipif(not REALDOCS, reason="real documents not available")
@pytest.mark.parametrize("path", REALDOCS, ids=lambda p: p.stem)
def test_the_fast_walk_reads_real_word_and_aspose_files(path: Path) -> None:
    pdf = path.read_bytes()
    with _walk(True) as outcome:
        markers = check_pdf(pdf)
    assert outcome == ["list"] and isinstance(markers, list)
    from vndocsign.pdf import _rawobj

    # the text of real documents is read (the Python reading gives up on content with a
    # comment, as a scanner's "% CANON_PFINF_TYPE0_TEXTON" header: those pages go to PDFium)
    if _rawobj._FAST is not None or path.stem != "rd_82dc8bc1a908":
        assert any(m is not None for m in markers)
    _assert_markers_match_pdfium(pdf, markers)


@pytest.mark.corpus
@pytest.mark.parametrize("param", _corpus_params())
def test_lazy_split_equals_segment_document_on_the_corpus(param: tuple[str, Any]) -> None:
    pdf = _corpus_bytes(param)
    try:
        eager = load_text(pdf, annotations=False)
    except VndocsignError as exc:
        with pytest.raises(type(exc)):
            LazyPdfText(pdf, annotations=False).segments()
        return
    lazy = LazyPdfText(pdf, annotations=False)
    segments = segment_document(eager)
    assert lazy.segments() == segments
    assert LazyPdfText(pdf, annotations=False).main_pages() == segments[0].pages
    markers = check_pdf(pdf)
    if markers is not None:
        _assert_markers_match_pdfium(pdf, markers)


# -- generated documents: the fast walk is used, and LazyPdfText's markers -----------------------

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
BODY = (
    "Thực hiện chỉ đạo của Chính phủ về chuyển đổi số ở Việt Nam, các bộ, ngành và địa phương "
    "các cơ quan đã triển khai văn bản điện tử trên toàn lãnh thổ Việt Nam; phụ lục kèm theo "
    "báo cáo nêu số liệu chi tiết."
)


def _register_fonts() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if not Path(str(FONT).format("Regular")).is_file():
        pytest.skip("Liberation fonts (fonts-liberation2) are not installed")
    for style in ("Regular", "Bold"):
        pdfmetrics.registerFont(TTFont(f"GT-{style}", str(FONT).format(style)))


def _body(c: Any, y: float, lines: int = 6) -> None:
    from reportlab.lib.utils import simpleSplit

    c.setFont("GT-Regular", 13)
    for line in simpleSplit(BODY * 3, "GT-Regular", 13, 440)[:lines]:
        c.drawString(85, y, line)
        y -= 18


def _quoc_hieu(c: Any) -> None:
    c.setFont("GT-Bold", 13)
    c.drawCentredString(400, 800, QUOC_HIEU)
    c.drawCentredString(400, 784, "Độc lập - Tự do - Hạnh phúc")
    c.drawString(60, 800, "ỦY BAN NHÂN DÂN")
    c.drawString(70, 784, "TỈNH BẮC NINH")


def multipart_pdf() -> bytes:
    """A báo cáo on pages 1–3 (page 2 carries a form XObject), a quyết định starting with the
    Quốc hiệu at the top of page 4, page 5 with an inline image, ``PHỤ LỤC`` heading page 6,
    and page 7; body pages mention ``Việt Nam`` (and the Quốc hiệu words) in running text."""
    from PIL import Image
    from reportlab.pdfgen.canvas import Canvas

    _register_fonts()
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(595.28, 841.89), invariant=1)
    _quoc_hieu(c)  # page 1: the main document's own heading
    c.setFont("GT-Bold", 14)
    c.drawCentredString(297, 740, "BÁO CÁO")
    _body(c, 700, 20)
    c.showPage()
    # page 2: a form XObject (a logo with text): the fast walk leaves it to PDFium
    c.beginForm("logo")
    c.setFont("GT-Regular", 9)
    c.drawString(0, 0, "Sở Thông tin và Truyền thông")
    c.endForm()
    c.doForm("logo")
    _body(c, 780, 30)
    c.showPage()
    _body(c, 780, 20)  # page 3: end of the báo cáo
    c.setFont("GT-Bold", 13)
    c.drawCentredString(420, 360, "CHỦ TỊCH")
    c.drawCentredString(420, 280, "Trần Minh Khoa")
    c.showPage()
    _quoc_hieu(c)  # page 4: a new document
    c.setFont("GT-Bold", 14)
    c.drawCentredString(297, 740, "QUYẾT ĐỊNH")
    _body(c, 700, 20)
    c.showPage()
    # page 5: an inline image in the content stream
    c.drawInlineImage(Image.new("L", (8, 8), 128), 500, 20, 20, 20)
    _body(c, 780, 30)
    c.showPage()
    c.setFont("GT-Bold", 14)  # page 6: an appendix
    c.drawCentredString(297, 800, "PHỤ LỤC")
    _body(c, 760, 20)
    c.showPage()
    _body(c, 780, 30)
    c.showPage()
    c.save()
    return buf.getvalue()


@pytest.fixture(scope="module")
def multipart() -> bytes:
    return multipart_pdf()


def test_the_generated_file_splits_where_it_should(multipart: bytes) -> None:
    """The file of the tests below is what its docstring says (or they prove little)."""
    segments = segment_document(load_text(multipart, annotations=False))
    assert [s.pages for s in segments] == [(0, 1, 2), (3, 4), (5, 6)]
    markers = check_pdf(multipart)
    assert isinstance(markers, list) and len(markers) == 7
    # the form page and the inline-image page are left to PDFium, every other page is read
    assert [i for i, m in enumerate(markers) if m is None] == [1, 4]
    assert all("VIETNAM" in m for m in markers if m is not None)
    _assert_markers_match_pdfium(multipart, markers)


def _count_raw_text(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    from vndocsign.pdf import _lazy

    asked: list[int] = []
    real = _lazy._raw_text

    def counting(doc: Any, index: int) -> str:
        asked.append(index)
        return real(doc, index)

    monkeypatch.setattr(_lazy, "_raw_text", counting)
    return asked


def test_lazy_markers_come_from_the_guard(
    multipart: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    eager = segment_document(load_text(multipart, annotations=False))
    asked = _count_raw_text(monkeypatch)
    lazy = LazyPdfText(multipart, annotations=False)
    assert lazy.main_pages() == eager[0].pages
    assert asked == [1]  # only the form page before the split needed PDFium's raw text
    assert lazy.segments() == eager
    assert sorted(asked) == [1, 4]
    # a file every page of which the fast walk reads: PDFium's raw text is never asked for
    asked.clear()
    plain = _without_pages(multipart, {1, 4})
    lazy = LazyPdfText(plain, annotations=False)
    assert lazy.segments() == segment_document(load_text(plain, annotations=False))
    assert [s.pages for s in lazy.segments()] == [(0, 1), (2,), (3, 4)]
    assert asked == []


def _without_pages(pdf: bytes, drop: set[int]) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for index, page in enumerate(PdfReader(io.BytesIO(pdf)).pages):
        if index not in drop:
            writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize("wrong", [1, -1])
def test_a_marker_list_of_the_wrong_length_sends_every_page_to_pdfium(
    multipart: bytes, monkeypatch: pytest.MonkeyPatch, wrong: int
) -> None:
    from vndocsign.pdf import _text

    eager = segment_document(load_text(multipart, annotations=False))
    real = _text.check_pdf

    def wrong_length(data: Any, limits: Any = None) -> Any:
        markers = real(data, limits)
        return [*markers, None] if wrong > 0 else markers[:-1]

    monkeypatch.setattr(_text, "check_pdf", wrong_length)
    asked = _count_raw_text(monkeypatch)
    lazy = LazyPdfText(multipart, annotations=False)
    assert lazy._fast == [None] * 7
    assert lazy.segments() == eager
    assert sorted(asked) == list(range(1, 7))


def test_lazy_split_is_the_same_on_the_pypdf_walk(
    multipart: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the guard walked with pypdf (no markers), every page asks PDFium: same split."""
    eager = segment_document(load_text(multipart, annotations=False))
    monkeypatch.setattr(_guard, "_fast", lambda *args: None)
    asked = _count_raw_text(monkeypatch)
    assert LazyPdfText(multipart, annotations=False).segments() == eager
    assert sorted(asked) == list(range(1, 7))


def test_the_fast_walk_is_used_on_generated_documents(multipart: bytes) -> None:
    import docgen
    from docgen import specs

    docgen.require_fonts()
    for pdf in (
        multipart,
        docgen.render(specs.to_trinh()).pdf,
        docgen.render(specs.cong_van()).pdf,
    ):
        with _walk(True) as outcome:
            markers = check_pdf(pdf)
        assert outcome == ["list"]
        assert isinstance(markers, list) and any(m for m in markers)
        _assert_markers_match_pdfium(pdf, markers)
        assert _both(pdf)[:2] == (("ok", None), ("ok", None))
        # the limits refuse a real document alike on both walks
        with use_limits(max_pages=1):
            if len(markers) > 1:
                assert _both(pdf)[:2] == (("PdfLimitError", "max_pages"),) * 2
        with use_limits(max_stream_size=200):
            assert _both(pdf)[:2] == (("PdfLimitError", "max_stream_size"),) * 2


# -- mutated files: one verdict whatever the damage ------------------------------------------------


def test_damaged_bombs_are_counted_alike_by_both_walks() -> None:
    """A flate bomb damaged after the limit: PDFium keeps what inflated before the damage,
    and both walks count it so (the pypdf walk lost the last megabyte before the damage)."""
    data = _bomb_data(2 * MB)
    verdicts = set()
    for at in range(len(data) // 4, len(data) - 8, max(1, len(data) // 40)):
        damaged = data[:at] + bytes([data[at] ^ 0x5A]) + data[at + 1 :]
        pdf = _xobject_pdf(_FORM, damaged)
        with use_limits(max_stream_size=MB):
            fast, slow, _ = _both(pdf)
        assert fast == slow, at
        verdicts.add(fast)
    assert ("PdfLimitError", "max_stream_size") in verdicts


def test_a_startxref_past_any_offset_is_no_crash() -> None:
    pdf = kids_bomb_pdf(1)
    cut = pdf.rindex(b"startxref\n") + len(b"startxref\n")
    huge = pdf[:cut] + b"99999999999999999999\n%%EOF\n"
    assert _both(huge)[:2] == (("ok", None), ("ok", None))
    with use_limits(max_stream_size=MB):
        bomb = flate_bomb_pdf(32 * MB)
        cut = bomb.rindex(b"startxref\n") + len(b"startxref\n")
        huge = bomb[:cut] + b"99999999999999999999\n%%EOF\n"
        assert _both(huge)[:2] == (("PdfLimitError", "max_stream_size"),) * 2


def test_mutated_files_get_one_verdict_from_both_walks(multipart: bytes) -> None:
    """A deterministic differential fuzz (``tests/hostile/_mutate.py``): whatever the damage,
    the fast walk and the pypdf walk refuse the same files with the same limit, or both
    pass; nothing but a typed error escapes. (Longer runs found the damaged-bomb count and the
    startxref overflow above.)"""
    import random

    from tests.hostile._mutate import OPS, mutate

    with use_limits(max_stream_size=MB):
        seeds = [multipart, _xobject_pdf(_FORM, _bomb_data(2 * MB)), inherited_form_bomb_pdf()]
        seeds.append(a85_bomb_pdf())
        rng = random.Random(17)
        for _ in range(240):
            seed = rng.randrange(len(seeds))
            recipe = [
                (rng.choice(OPS), rng.randrange(1 << 32), rng.randbytes(rng.randrange(1, 12)))
                for _ in range(rng.randrange(1, 4))
            ]
            fast, slow, _ = _both(mutate(seeds[seed], recipe))
            assert fast == slow, (seed, recipe)
