"""Shared by test_rawscan.py and test_rawscan_pages.py: the corpus files, generated PDFs, a
hand-written PDF builder and a type-strict view of the raw reader's values."""

from __future__ import annotations

import functools
import io
import zlib
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest

from tests.conftest import CORPUS
from vndocsign.pdf import _guard, _lazy, _pagescan, _rawobj
from vndocsign.pdf._pagescan import fold_text, has_marker
from vndocsign.pdf._rawobj import Name, Ref

CORPUS_PDFS = sorted((CORPUS / "realdocs").glob("*.pdf")) + sorted(
    (CORPUS / "pdf-signatures").glob("*.pdf")
)
FONT = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-{}.ttf")

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"
BODY = (
    "Ủy ban nhân dân tỉnh giao Sở Thông tin và Truyền thông chủ trì rà soát văn bản (đợt 2)",
    "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư;",
    "Xét đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 123/TTr-SNV \\ 50% kinh phí.",
)


def corpus_params() -> list[Any]:
    """One parameter per corpus PDF, or one skipped parameter naming the folder looked for."""
    if not CORPUS_PDFS:
        reason = f"shared corpus not available ({CORPUS})"
        return [pytest.param(None, id="corpus-absent", marks=pytest.mark.skip(reason=reason))]
    return [pytest.param(p, id=p.name) for p in CORPUS_PDFS]


def corpus_file(name: str) -> Path:
    path = CORPUS / "realdocs" / name
    if not path.is_file():
        path = CORPUS / "pdf-signatures" / name
    if not path.is_file():
        pytest.skip(f"corpus file not available ({path})")
    return path


def strict(value: Any) -> Any:
    """``value`` as nested tuples naming every type (``True != 1``, ``Name != str``)."""
    kind = type(value)
    if kind is dict:
        return ("dict", tuple((type(k).__name__, str(k), strict(v)) for k, v in value.items()))
    if kind is list:
        return ("list", tuple(strict(v) for v in value))
    if kind is Ref:
        return ("ref", value.num, value.gen)
    if kind is Name:
        return ("name", str(value))
    if kind is bytes:
        return ("bytes", value)
    if value is None or kind in (bool, int, float):
        return (kind.__name__, value)
    return ("unexpected", kind.__name__, repr(value))


def both_parsers(data: bytes, pos: int) -> tuple[Any, Any]:
    """(C, Python) readings of the value at ``pos``: strict shapes with the end position, or
    ``"unsupported"``."""
    assert _rawobj._PARSE is not None
    found = _rawobj._PARSE(data, pos)
    c = "unsupported" if found is None else (strict(found[0]), found[1])
    try:
        value, end = _rawobj.parse_value_py(data, pos)
        py: Any = (strict(value), end)
    except _rawobj.UnsupportedError:
        py = "unsupported"
    return c, py


def needs_c() -> Any:
    if _rawobj._FAST is None:
        pytest.skip("the C accelerator is not built (or VNDOCSIGN_PURE_PYTHON is set)")
    return _rawobj._FAST


def use_python(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every reader of the page scan in Python (as without the accelerator)."""
    monkeypatch.setattr(_rawobj, "_PARSE", None)
    monkeypatch.setattr(_rawobj, "_FAST", None)
    monkeypatch.setattr(_pagescan, "_FAST", None)
    monkeypatch.setattr(_pagescan, "_RUNS", _pagescan.content_runs_py)


# -- generated documents --------------------------------------------------------------------


def _register() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for style in ("Regular", "Bold"):
        if not FONT.with_name(FONT.name.format(style)).is_file():
            pytest.skip(f"Liberation Serif not installed ({FONT})")
        pdfmetrics.registerFont(TTFont(f"Raw-{style}", str(FONT).format(style)))


def multi_document(compress: bool = True) -> bytes:
    """Five pages: a công văn (Quốc hiệu on top), its second page, a second document (its
    Quốc hiệu), a ``PHỤ LỤC`` page and a page in Helvetica (standard font, WinAnsi)."""
    return _multi_document(compress)


@functools.cache
def _multi_document(compress: bool) -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    _register()
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(595.28, 841.89), invariant=1, pageCompression=int(compress))

    def body(top: float) -> None:
        c.setFont("Raw-Regular", 13)
        for row in range(12):
            c.drawString(70, top - 18 * row, BODY[row % len(BODY)])

    for heading in (QUOC_HIEU, None, QUOC_HIEU, "PHỤ LỤC"):
        c.setFont("Raw-Bold", 13)
        if heading is not None:
            c.drawCentredString(400, 800, heading)
        if heading == QUOC_HIEU:
            c.drawCentredString(400, 784, TIEU_NGU)
        body(740)
        c.showPage()
    c.setFont("Helvetica-Bold", 14)
    c.drawString(70, 800, "PHU LUC II (tiep theo)")
    c.setFont("Helvetica", 11)
    c.drawString(70, 780, "Danh sach (kem theo) cong van so 12/UBND-VP \\ 100% [x] <y>")
    c.showPage()
    c.save()
    return buf.getvalue()


def generated_names() -> list[str]:
    return ["multi-flate", "multi-plain", "cong_van-char", "bao_cao", "to_trinh-rot90"]


@functools.cache
def generated(name: str) -> bytes:
    if name == "multi-flate":
        return multi_document(True)
    if name == "multi-plain":
        return multi_document(False)
    import docgen
    from docgen import specs

    if not docgen.fonts_available():
        pytest.skip("Liberation Serif not installed (docgen)")
    if name == "cong_van-char":
        return bytes(docgen.render(specs.cong_van(), runs="char").pdf)
    if name == "bao_cao":
        return bytes(docgen.render(specs.bao_cao(3), runs="chunks").pdf)
    return bytes(docgen.render(specs.to_trinh(), rotate=90).pdf)


def sign(pdf: bytes, pki: Any) -> bytes:
    """``pdf`` signed by pyHanko (an incremental update, an object stream-free revision)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    from tests.pki import PERSONAL

    spec = fields.SigFieldSpec("ChuKy", box=(350, 100, 500, 170), on_page=0)
    out = signers.PdfSigner(
        signers.PdfSignatureMetadata(field_name="ChuKy"),
        signer=pki.simple_signer(PERSONAL),
        new_field_spec=spec,
    ).sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)))
    return bytes(out.getvalue())


# -- hand-written PDFs ----------------------------------------------------------------------


def stream(entries: bytes, data: bytes, *, flate: bool = False) -> bytes:
    if flate:
        data = zlib.compress(data)
        entries += b" /Filter /FlateDecode"
    return b"<< " + entries + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def build(*objects: bytes) -> bytes:
    """A PDF of ``objects`` (numbered from 1; 1 must be the catalog), classic xref."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for num, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % num + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


def one_page(
    content: bytes, font: bytes = HELVETICA, *extra: bytes, xobjects: bytes = b""
) -> bytes:
    """A one-page PDF showing ``content`` with ``font`` as ``/F1`` (object 5); ``extra``
    objects are numbered from 6."""
    resources = (
        b"<< /Font << /F1 5 0 R >> "
        + (b"/XObject << " + xobjects + b" >> " if xobjects else b"")
        + b">>"
    )
    return build(
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 300] /Resources "
        + resources
        + b" /Contents 4 0 R >>",
        stream(b"", content, flate=True),
        font,
        *extra,
    )


# -- markers against PDFium ---------------------------------------------------------------


@pytest.fixture(params=["c", "python"])
def path_kind(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The page scan in C, then in pure Python."""
    if request.param == "c":
        needs_c()
    else:
        use_python(monkeypatch)
    return str(request.param)


def markers_vs_pdfium(data: bytes) -> list[str | None] | None:
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


def only_marker(pdf: bytes) -> str | None:
    markers = _guard.check_pdf(pdf)
    assert markers is not None and len(markers) == 1  # the fast walk read the file
    return markers[0]


def pdfium_text(pdf: bytes) -> str:
    doc = pdfium.PdfDocument(pdf)
    try:
        return fold_text(_lazy._raw_text(doc, 0))
    finally:
        doc.close()
