"""Acceptance on generated documents, two producers (issue 3).

* reportlab (``tests/docgen``): every document kind, text written per line / word / character,
  pages with ``/Rotate`` 90/180/270 and CropBox/MediaBox offsets, content ending at the very
  bottom of a page; ground truth from the generator's own layout.
* LibreOffice from DOCX (TJ arrays with kerning): ground truth from poppler's
  ``pdftotext -bbox-layout`` — an engine independent of PDFium.

Checked: the initial's left edge lies 0-6 pt after the end of the closing "./." on that line
(or, when the line is full, just below it and right-aligned to it); the personal box lies
between the position line and the name, centred on the name within 10 pt; the seal covers
25-40 % of the personal box's width on its left.
"""

from __future__ import annotations

import subprocess
import tempfile
import xml.etree.ElementTree as ET
from typing import Any

import pytest

from vndocsign.placement import find_placement, find_placements, prepare

from .conftest import BBox, to_display

docgen = pytest.importorskip("docgen")
from docgen import specs  # noqa: E402

pytestmark = pytest.mark.usefixtures("docgen_fonts")

KINDS = sorted(specs.ALL)
PRODUCTIONS = [
    pytest.param({"runs": "line"}, id="line"),
    pytest.param({"runs": "char"}, id="char"),
    pytest.param(
        {"runs": "word", "rotate": 90, "box_offset": (30.0, 40.0), "media_margin": 12.0},
        id="word-rot90-offset",
    ),
    pytest.param({"runs": "char", "rotate": 270}, id="char-rot270"),
    pytest.param({"runs": "line", "rotate": 180, "box_offset": (-20.0, 15.0)}, id="rot180-offset"),
]


def _display(doc: Any, box: BBox) -> BBox:
    t = doc.truth
    return to_display(box, t.rotation, t.cropbox)


def _assert_initial_display(box: BBox, closing: BBox, page_width: float, below: bool) -> None:
    """``box`` (the initial) and ``closing`` (the "./." glyphs) in the reader's frame."""
    x0, y0, x1, y1 = box
    _cx0, cy0, cx1, cy1 = closing
    assert x0 >= 0 and x1 <= page_width
    if not below:
        assert 0.0 <= x0 - cx1 <= 6.0, (x0, cx1)
        # on that line: the box spans the line's height and is centred on it
        assert y0 < cy0 + 1 and y1 > cy1 - 1
        assert abs((y0 + y1) / 2 - (cy0 + cy1) / 2) < 4.0
    else:
        # the line was full: no room for the box before the page edge ...
        assert cx1 + 2.0 + (x1 - x0) > page_width - 6.0
        # ... so it sits just below the line, right-aligned to the mark
        assert abs(x1 - cx1) <= 3.0
        assert cy0 - 8.0 < y1 <= cy0 + 1.0


@pytest.mark.parametrize("production", PRODUCTIONS)
@pytest.mark.parametrize("kind", KINDS)
def test_reportlab_documents(kind: str, production: dict[str, Any]) -> None:
    extra = {"end_at_bottom": True} if kind == "bottom_ending" else {}
    doc = docgen.render(specs.ALL[kind](), **production, **extra)
    truth = doc.truth
    layout = prepare(doc.pdf)
    page_w = to_display(truth.cropbox, truth.rotation, truth.cropbox)[2]

    initial = find_placement(layout, "initial")
    assert initial.page == truth.closing.page
    assert initial.rotation == truth.rotation  # upright content: the text is turned like /Rotate
    below = any("below" in n for n in initial.notes)
    _assert_initial_display(
        _display(doc, initial.rect), _display(doc, truth.closing.bbox), page_w, below
    )
    assert initial.anchor.text == "./."
    assert initial.confidence >= 0.75

    personal = find_placements(layout, "personal")
    assert len(personal) == len(truth.signers)
    for p, s in zip(personal, truth.signers, strict=True):
        assert p.page == s.name.page
        x0, y0, x1, y1 = _display(doc, p.rect)
        name = _display(doc, s.name.bbox)
        position = _display(doc, s.position.bbox)
        assert y0 >= name[3] and y1 <= position[1], (p, s)
        assert abs((x0 + x1) / 2 - (name[0] + name[2]) / 2) <= 10.0
        assert y1 - y0 >= 40.0  # uses the signature space, not a sliver of it
        assert p.label == s.name.text

    seal = find_placement(layout, "seal")
    owner = next(p for p in personal if p.label == seal.label)
    sx0, _, sx1, _ = _display(doc, seal.rect)
    px0, _, px1, _ = _display(doc, owner.rect)
    assert sx0 < px0
    assert 0.25 <= (sx1 - px0) / (px1 - px0) <= 0.40
    assert sx1 - sx0 == pytest.approx(36 * 72 / 25.4, abs=0.01)

    # the attachment stamp: top right of page 1 as the reader sees it, above the header
    page_h = to_display(truth.cropbox, truth.rotation, truth.cropbox)[3]
    stamp = find_placement(layout, "attachment")
    tx0, ty0, tx1, ty1 = _display(doc, stamp.rect)
    assert stamp.page == 0
    assert page_w / 2 - 80 < tx0 < tx1 <= page_w - 10
    assert page_h - 25 * 72 / 25.4 < ty0 < ty1 <= page_h
    assert stamp.rotation == truth.rotation


def test_bottom_ending_really_ends_at_the_bottom() -> None:
    """The fixture does what its name says: "./." on the last line, signer on the next page."""
    doc = docgen.render(specs.bottom_ending(), end_at_bottom=True, runs="char")
    closing = doc.truth.closing
    assert doc.truth.signer.name.page == closing.page + 1
    assert closing.bbox[1] < 100  # within the bottom margin zone of A4
    p = find_placement(doc.pdf, "initial")
    assert p.page == closing.page
    assert p.rect[1] >= 0


# --------------------------------------------------------------------------------------------
# LibreOffice (DOCX) producer, checked against poppler


def _poppler_lines(pdf: bytes) -> list[tuple[int, list[tuple[str, BBox]]]]:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        xml = subprocess.run(
            ["pdftotext", "-bbox-layout", f.name, "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    ns = "{http://www.w3.org/1999/xhtml}"
    out: list[tuple[int, list[tuple[str, BBox]]]] = []
    root = ET.fromstring(xml)  # noqa: S314 - poppler's own output for our own PDF
    for index, page in enumerate(root.iter(ns + "page")):
        height = float(page.get("height", "0"))
        for line in page.iter(ns + "line"):
            words = [
                (
                    w.text or "",
                    (
                        float(w.get("xMin", "0")),
                        height - float(w.get("yMax", "0")),
                        float(w.get("xMax", "0")),
                        height - float(w.get("yMin", "0")),
                    ),
                )
                for w in line.iter(ns + "word")
            ]
            out.append((index, words))
    return out


def _line_box(words: list[tuple[str, BBox]]) -> BBox:
    return (
        min(b[0] for _, b in words),
        min(b[1] for _, b in words),
        max(b[2] for _, b in words),
        max(b[3] for _, b in words),
    )


@pytest.mark.libreoffice
def test_libreoffice_documents(libreoffice: Any) -> None:
    from tests.conftest import needs_program

    needs_program("pdftotext")
    names = [*KINDS, *sorted(specs.variants())]
    all_specs = [specs.ALL[n]() for n in KINDS] + [specs.variants()[n] for n in names[len(KINDS) :]]
    pdfs = libreoffice.pdfs(all_specs)
    for name, spec, pdf in zip(names, all_specs, pdfs, strict=True):
        lines = _poppler_lines(pdf)
        layout = prepare(pdf)
        initial = find_placement(layout, "initial")
        ends = [(page, b) for page, words in lines for t, b in words if t.endswith("./.")]
        page, word = ends[-1]
        assert initial.page == page, name
        below = any("below" in n for n in initial.notes)
        _assert_initial_display(initial.rect, word, 595.0, below)

        personal = find_placements(layout, "personal")
        assert len(personal) == len(spec.signers), name
        for p, s in zip(personal, spec.signers, strict=True):
            name_words = [w for _, w in lines if " ".join(t for t, _ in w) == s.name]
            pos_words = [w for _, w in lines if " ".join(t for t, _ in w) == s.position_line]
            nb, pb = _line_box(name_words[-1]), _line_box(pos_words[-1])
            x0, y0, x1, y1 = p.rect
            assert y0 >= nb[3] - 0.01 and y1 <= pb[1] + 0.01, (name, p.rect, nb, pb)
            assert abs((x0 + x1) / 2 - (nb[0] + nb[2]) / 2) <= 10.0, name
        seal = find_placement(layout, "seal")
        owner = next(p for p in personal if p.label == seal.label)
        ratio = (seal.rect[2] - owner.rect[0]) / owner.width
        assert 0.25 <= ratio <= 0.40, name
