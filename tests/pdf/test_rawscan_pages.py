"""The page scan (``vndocsign.pdf._pagescan``, issue 17): the text runs a content stream shows
(C ``content_runs`` and its Python reading) and every page's folded-text marker, against
PDFium's raw page text folded the same way — on every corpus page and generated documents,
both ways it runs (C and pure Python) — and the pages it must leave to PDFium.
"""

from __future__ import annotations

import io
import logging
import random
from pathlib import Path
from typing import Any

import pytest

from tests.pdf.rawscan_support import (
    HELVETICA,
    build,
    corpus_params,
    generated,
    generated_names,
    markers_vs_pdfium,
    multi_document,
    needs_c,
    path_kind,  # noqa: F401 - fixture
    sign,
    stream,
    use_python,
)
from tests.pki.fixtures import vn_pki  # noqa: F401 - session fixture
from vndocsign.pdf import _guard
from vndocsign.pdf._pagescan import content_runs_py, has_marker


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
        (b"/F1 1 Tf /F2 0.01 Tf (x) Tj", None),  # tiny: PDFium may drop it, so give up
        (b"/F1 1 Tf /F2 0.2 Tf (x) Tj", [(F2, b"x")]),
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
        # as PDFium: a show operator shows the string (TJ: the array) right before it only
        (b"(AB) (CD) Tj", [(None, b"CD")]),
        (b"1 (AB) Tj", [(None, b"AB")]),
        (b'(AB) 1 Tj (CD) Tx [(EF)] Tj (GH) TJ (IJ) 1 2 " (KL)', []),
        (b"(AB) [(CD)] TJ [(EF)] [(GH)] TJ", [(None, b"CDGH")]),
        (b"(AB) (CD) ' 1 2 (EF) (GH) \"", [(None, b"CDGH")]),
        (b"(AB) ET BT (CD) Tj", [(None, b"CD")]),
        (b"/F1 1 Tf [-50] TJ /F2 1 Tf [-50] TJ /F1 1 Tf (a) Tj", [(F1, b"a")]),
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
        b"[[(a)] (b)] TJ",
        b"(a) /X Tj",
    ],
    ids=[
        "inline-image",
        "stray-paren",
        "stray-angle",
        "bad-hex",
        "unterminated",
        "bad-dict",
        "q513",
        "nested-array",  # PDFium shows none of it
        "name-shown",  # PDFium shows a name operand of Tj as text
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
        (b"<< /A [1 >> /F1 1 Tf (a) Tj ] (b) Tj", [(None, b"b")]),  # arrays across a dict end
        (b"{ /F1 1 Tf } (a) Tj", [(F1, b"a")]),  # braces are skipped
    ],
)
def test_content_runs_c_reads_what_python_leaves(content: bytes, expected: Any) -> None:
    assert needs_c().content_runs(content) == expected
    assert content_runs_py(content) is None


# -- markers against PDFium ----------------------------------------------------------------


@pytest.mark.parametrize("path", corpus_params())
def test_markers_agree_with_pdfium_on_every_corpus_page(path: Path, path_kind: str) -> None:
    markers_vs_pdfium(path.read_bytes())


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
    markers = markers_vs_pdfium(generated(name))
    assert markers is not None and None not in markers  # every page read here


@pytest.mark.parametrize("compress", [True, False], ids=["flate", "plain"])
def test_markers_find_the_documents_of_a_multi_document_file(
    compress: bool, path_kind: str
) -> None:
    markers = markers_vs_pdfium(multi_document(compress))
    assert markers is not None and len(markers) == 5
    assert [has_marker(m or "") for m in markers] == [True, False, True, True, True]
    assert markers[0].startswith("CONGHOAXAHOICHUNGHIAVIETNAMOCLAPTUDOHANHPHUC")  # Đ dropped  # type: ignore[union-attr]
    assert markers[3].startswith("PHULUC")  # type: ignore[union-attr]
    assert markers[4].startswith("PHULUCIITIEPTHEO")  # type: ignore[union-attr]


def test_markers_agree_with_pdfium_after_pyhanko_signs(vn_pki: Any, path_kind: str) -> None:
    signed = sign(multi_document(), vn_pki)
    markers = markers_vs_pdfium(signed)
    assert markers is not None and markers == _guard.check_pdf(multi_document())


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
        markers = markers_vs_pdfium(pdf)
        assert markers is not None
        read += markers[0] is not None
    # comments and nested parentheses leave pages to PDFium in Python only
    assert read > (50 if path_kind == "c" else 5)


def test_may_open_part_in_c_answers_as_the_python_has_marker(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The C test (squeeze runs of one letter, then search) and the Python one (plain words,
    then each letter as a run) agree, on random folded texts seeded with marker words whose
    letters are doubled (fake bold by overprinting) or cut by another letter."""
    from vndocsign.pdf import _pagescan

    fast = needs_c()
    rng = random.Random(17)
    words = ["PHULUC", "PPHHUULLUUCC", "PHUXLUC", "CONGHOAXAHOICHUNGHIAVIETNAM", "CONGHOA"]
    words += ["CCONGGHOAXAHOIICHUNGHIAVIETNAMM", "VIETNAMCHUNGHIAXAHOICONGHOA", "XAHOI"]
    seen = {True: 0, False: 0}
    for _ in range(5000):
        text = "".join(rng.choice("PHULCONGAXIVETMZ") for _ in range(rng.randint(0, 30)))
        if rng.random() < 0.5:
            at = rng.randint(0, len(text))
            text = text[:at] + rng.choice(words) + text[at:]
        with monkeypatch.context() as m:
            m.setattr(_pagescan, "_FAST", None)
            expected = has_marker(text)
        assert bool(fast.may_open_part(text)) == expected == has_marker(text), text
        seen[expected] += 1
    assert seen[True] > 500 and seen[False] > 500  # both answers were exercised
