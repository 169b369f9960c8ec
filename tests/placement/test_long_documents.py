"""Issue 17: on a long document placement parses the pages it needs, not the whole file."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

import vndocsign.placement._layout as layout_module
from tests.conftest import CORPUS
from vndocsign.pdf import LazyPdfText, load_text
from vndocsign.placement import find_placement, prepare

_FONT = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-{}.ttf")
_TEXT = "Ủy ban nhân dân tỉnh giao Sở Thông tin và Truyền thông chủ trì rà soát văn bản"
_WORDS = _TEXT.split()


def _long_document(pages: int) -> bytes:
    """``pages`` pages of body text, the closing ``./.``, Nơi nhận and a signer block last."""
    for style in ("Regular", "Bold", "BoldItalic"):
        pdfmetrics.registerFont(TTFont(f"Long-{style}", str(_FONT).format(style)))
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(595.28, 841.89), invariant=1)
    for page in range(pages):
        c.setFont("Long-Regular", 13)
        for row in range(30):
            line = " ".join(_WORDS[(row + k) % len(_WORDS)] for k in range(9))
            last = page == pages - 1 and row == 10
            c.drawString(85, 780 - 18.5 * row, line + ("./." if last else ""))
            if last:
                break
        if page == pages - 1:
            c.setFont("Long-BoldItalic", 12)
            c.drawString(85, 540, "Nơi nhận:")
            c.setFont("Long-Regular", 11)
            c.drawString(85, 526, "- Lưu: VT.")
            c.setFont("Long-Bold", 13)
            c.drawCentredString(420, 540, "KT. CHỦ TỊCH")
            c.drawCentredString(420, 525, "PHÓ CHỦ TỊCH")
            c.drawCentredString(420, 440, "Trần Minh Khoa")
        c.showPage()
    c.save()
    return buf.getvalue()


def test_long_document_places_like_the_eager_parse_and_reads_only_its_end() -> None:
    pdf = _long_document(30)
    lazy = LazyPdfText(pdf, annotations=False)
    layout = prepare(lazy)
    assert layout.page_count == 30
    for role in ("personal", "agency", "initial"):
        got = find_placement(layout, role)
        assert got == find_placement(load_text(pdf, annotations=False), role)
        assert got.page == 29
    # the last page (signer block, Nơi nhận, ./.) and the one before it; no other glyph layer
    assert set(lazy._pages) == {28, 29}


def test_short_document_is_read_whole() -> None:
    layout = prepare(_long_document(layout_module.WHOLE_DOCUMENT_PAGES))
    assert len(layout.tail()) == layout_module.WHOLE_DOCUMENT_PAGES


FOLDER = CORPUS / "realdocs"
TRUTH: dict[str, dict[str, Any]] = (
    json.loads((FOLDER / "truth.json").read_text(encoding="utf-8"))
    if (FOLDER / "truth.json").is_file()
    else {}
)


@pytest.mark.skipif(not TRUTH, reason="real documents not available")
@pytest.mark.parametrize("key", sorted(TRUTH))
def test_reading_from_the_end_places_real_documents_as_reading_them_whole(
    key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every real document read as if it were long (from its end) gives the same boxes."""
    path: Path = FOLDER / f"{key}.pdf"
    whole: dict[str, Any] = {}
    for role in ("personal", "agency", "initial"):
        try:
            whole[role] = find_placement(path, role)
        except Exception as exc:
            whole[role] = type(exc)
    monkeypatch.setattr(layout_module, "WHOLE_DOCUMENT_PAGES", 0)
    for role, expected in whole.items():
        if isinstance(expected, type):
            with pytest.raises(expected):
                find_placement(path, role)
        else:
            got = find_placement(path, role)
            assert (got.page, got.rect) == (expected.page, expected.rect)
