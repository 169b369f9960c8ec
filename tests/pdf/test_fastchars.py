"""The optional C accelerator of the text layer (``vndocsign.pdf._fastchars``, issue 17).

Its glyphs equal the reference loop's on every corpus page (test_text_equivalence.py); here:
the glyphs it builds are real ``Glyph`` tuples (hash, fields), annotations' text objects are
told apart as in the reference loop, it leaks no memory over many pages, it refuses bad
arguments without crashing, ``VNDOCSIGN_PURE_PYTHON=1`` turns it off, and the build hook
compiles it (or warns, never fails).
"""

from __future__ import annotations

import ctypes
import gc
import importlib.util
import math
import os
import random
import shutil
import subprocess
import sys
import sysconfig
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pypdfium2 as pdfium
import pytest

from vndocsign.pdf import TextSourceKind, _charloop, _pdfium, _text

TESTS = Path(__file__).resolve().parents[1]
ROOT = TESTS.parent
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))

import docgen  # noqa: E402
from docgen import specs  # noqa: E402


@pytest.fixture
def fast() -> ModuleType:
    if _charloop._ACCELERATED is None:
        pytest.skip("the C accelerator is not built (or VNDOCSIGN_PURE_PYTHON is set)")
    from vndocsign.pdf import _fastchars

    return _fastchars


@pytest.fixture(scope="module")
def textpages() -> Iterator[list[pdfium.PdfTextPage]]:
    """The text pages of a generated báo cáo, open for the module's tests."""
    docgen.require_fonts()
    doc = pdfium.PdfDocument(docgen.render(specs.bao_cao(3), runs="chunks").pdf)
    pages = [doc[i] for i in range(len(doc))]
    out = [page.get_textpage() for page in pages]
    yield out
    for item in (*out, *pages, doc):
        item.close()


def test_glyphs_are_glyph_tuples(fast: ModuleType, textpages: list[pdfium.PdfTextPage]) -> None:
    textpage = textpages[0]
    glyphs, drawn = _charloop._glyphs(textpage)
    assert len(glyphs) > 100 and drawn == []
    for glyph in glyphs[:50]:
        assert type(glyph) is _charloop.Glyph
        plain = tuple(glyph)
        # Python 3.14 caches tuple hashes: a glyph built in C must not claim a stale one
        assert hash(glyph) == hash(plain) == hash(tuple.__new__(_charloop.Glyph, plain))
        assert glyph == _charloop.Glyph(*plain)
        assert isinstance(glyph.char, str) and len(glyph.char) == 1
        assert all(type(v) is float for v in (*glyph.bbox, *glyph.origin, glyph.size))
        assert glyph.source is None
    assert any(g.advance is not None for g in glyphs)  # the digits of the page
    assert {g.bold for g in glyphs} == {True, False}  # headings and body text


def test_annotation_objects_go_apart_as_in_the_reference_loop(
    fast: ModuleType, textpages: list[pdfium.PdfTextPage]
) -> None:
    for textpage in textpages:
        handle = textpage.raw
        count = pdfium.raw.FPDFText_CountChars(handle)
        keys = {
            ctypes.cast(pdfium.raw.FPDFText_GetTextObject(handle, i), ctypes.c_void_p).value
            for i in range(0, count, 97)
        }
        drawn_by = frozenset(k for k in keys if k)
        fast_out = _charloop._glyphs(textpage, drawn_by)
        assert fast_out == _charloop._glyphs_exact(textpage, drawn_by)
        assert fast_out[0] and fast_out[1]  # both lists have glyphs


def _ours(snapshot: tracemalloc.Snapshot) -> int:
    """Bytes held by allocations made from this project's code (or this test): another
    thread left running by an earlier test (a Dask cluster's IO loop) allocates meanwhile."""
    mine = snapshot.filter_traces(
        [tracemalloc.Filter(True, "*/vndocsign/*"), tracemalloc.Filter(True, __file__)]
    )
    return sum(stat.size for stat in mine.statistics("filename"))


def test_no_memory_grows_over_many_pages(
    fast: ModuleType, textpages: list[pdfium.PdfTextPage]
) -> None:
    pages = textpages[:2]
    drawn_by = frozenset({1, 2})

    def parse(rounds: int) -> None:
        for _ in range(rounds):
            for textpage in pages:
                glyphs, drawn = _charloop._glyphs(textpage, drawn_by)
                del glyphs, drawn

    parse(5)
    gc.collect()
    references = sys.getrefcount(_charloop.Glyph), sys.getrefcount(drawn_by)
    tracemalloc.start()
    try:
        parse(5)
        gc.collect()
        before = _ours(tracemalloc.take_snapshot())
        parse(60)  # ~2,000 glyphs a page: a leaked float per glyph would be megabytes
        gc.collect()
        grown = _ours(tracemalloc.take_snapshot()) - before
    finally:
        tracemalloc.stop()
    assert grown < 64_000
    # every glyph holds its type: a leaked glyph keeps a reference to Glyph
    assert (sys.getrefcount(_charloop.Glyph), sys.getrefcount(drawn_by)) == references


def test_bad_arguments_are_refused_without_a_crash(fast: ModuleType) -> None:
    assert fast.glyphs(0, 10, None, frozenset()) == ([], [])  # no text page: nothing
    assert fast.glyphs(0, -1, "", frozenset()) == ([], [])
    with pytest.raises(ValueError, match="one character per index"):
        fast.glyphs(1, 3, "ab", frozenset())
    with pytest.raises(TypeError):
        fast.glyphs(1, 1, "a", [1])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="NULL"):
        fast.configure((0,) * 10, _charloop.Glyph)
    with pytest.raises(TypeError):
        fast.configure((1,) * 10, dict)  # type: ignore[arg-type]

    class WithDict(tuple):  # type: ignore[type-arg]
        pass

    with pytest.raises(TypeError, match="__dict__"):
        fast.configure((1,) * 10, WithDict)
    assert fast.bare_loop(0) == 0


def test_bare_loop_counts_the_boxed_characters(
    fast: ModuleType, textpages: list[pdfium.PdfTextPage]
) -> None:
    textpage = textpages[0]
    count = pdfium.raw.FPDFText_CountChars(textpage.raw)
    boxed = fast.bare_loop(_pdfium.address(textpage.raw))
    assert 0 < boxed <= count
    assert boxed >= len(_charloop._glyphs(textpage)[0])


def test_pure_python_switch_turns_the_accelerator_off() -> None:
    code = (
        "from vndocsign.pdf import _charloop; "
        "print(_charloop._ACCELERATED is None and _charloop._SEGMENTS is None)"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "VNDOCSIGN_PURE_PYTHON": "1"}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "True"


def _hook() -> ModuleType:
    spec = importlib.util.spec_from_file_location("vndocsign_hatch_build", ROOT / "hatch_build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_build_hook_reports_a_missing_compiler_instead_of_failing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hook = _hook()
    target = tmp_path / "_fastchars.so"
    monkeypatch.setenv("CC", "/bin/false")
    assert "exited with" in hook.compile_module(ROOT / hook.SOURCE, target)
    monkeypatch.setenv("CC", str(tmp_path / "no-such-compiler"))
    assert "no-such-compiler" in hook.compile_module(ROOT / hook.SOURCE, target)
    assert not target.exists() and list(tmp_path.iterdir()) == []  # no half-built file


@pytest.mark.skipif(
    not shutil.which((sysconfig.get_config_var("CC") or "cc").split()[0]),
    reason="no C compiler",
)
def test_build_hook_compiles_the_accelerator(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where a compiler is at hand the module builds and imports (a broken C source would
    otherwise only show as a silently slower text layer)."""
    monkeypatch.delenv("CC", raising=False)
    hook = _hook()
    target = tmp_path / ("_fastchars" + sysconfig.get_config_var("EXT_SUFFIX"))
    problem = hook.compile_module(ROOT / hook.SOURCE, target)
    if problem and "Python.h" in problem:
        pytest.skip(problem)
    assert problem is None
    spec = importlib.util.spec_from_file_location("_fastchars", target)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with pytest.raises(RuntimeError, match="configure"):  # a copy of its own, not configured
        module.glyphs(0, 0, None, frozenset())


def _python_lines(page: int, glyphs: list[_charloop.Glyph]) -> list[_text.TextLine]:
    saved = _charloop._SEGMENTS
    _charloop._SEGMENTS = None
    try:
        return list(_text.group_lines(page, glyphs))
    finally:
        _charloop._SEGMENTS = saved


def _random_glyphs(rng: random.Random, n: int) -> list[_charloop.Glyph]:
    """Glyphs with many ties (baselines, left edges), mixed sizes, advance boxes, spaces and
    sources: where a sort or a comparison that differs from Python's would show."""
    stamp = _text.TextSource(kind=TextSourceKind.ANNOTATION, page=0, subtype="FreeText")
    same = _text.TextSource(kind=TextSourceKind.ANNOTATION, page=0, subtype="FreeText")
    sources = [None, None, None, stamp, same]  # equal, not identical: compared with !=
    out = []
    for _ in range(n):
        y = rng.choice([700.0, 700.5, 712.0, 500.0, -0.0, 0.0]) + rng.choice([0.0, 0.0, 3.9])
        left = float(rng.randrange(0, 60)) * 2.5
        size = rng.choice([10.0, 12.0, 13.0, 0.5])
        right = left + rng.choice([2.0, 4.5, 6.0])
        advance = (left - 0.2, y - 2.0, right + 0.3, y + size) if rng.random() < 0.3 else None
        out.append(
            _charloop.Glyph(
                rng.choice("aăbcđ1/ "),
                (left, y - 2.0, right, y + size),
                (left, y),
                size,
                rng.random() < 0.2,
                False,
                rng.random() < 0.2,
                rng.choice(sources),
                advance,
            )
        )
    return out


def test_c_line_grouping_equals_python_on_ties_and_mixed_glyphs(fast: ModuleType) -> None:
    rng = random.Random(17)
    for n in (1, 2, 3, 7, 50, 400):
        for _ in range(25):
            glyphs = _random_glyphs(rng, n)
            assert fast.segments(glyphs, _text.COLUMN_GAP_EM) is not None
            assert list(_text.group_lines(3, glyphs)) == _python_lines(3, glyphs)
    assert list(_text.group_lines(0, [])) == []


def test_c_line_grouping_leaves_what_it_cannot_sort_exactly_to_python(fast: ModuleType) -> None:
    rng = random.Random(4)
    glyphs = _random_glyphs(rng, 40)
    nan = glyphs[5]._replace(origin=(1.0, math.nan))
    as_int = glyphs[6]._replace(size=12)
    odd = glyphs[7]._replace(bbox=[1.0, 2.0, 3.0, 4.0])
    for changed in (nan, as_int, odd):
        mixed = [*glyphs[:5], changed, *glyphs[8:]]
        assert fast.segments(mixed, _text.COLUMN_GAP_EM) is None
        assert list(_text.group_lines(1, mixed)) == _python_lines(1, mixed)
    # a NaN size or right edge is compared as Python compares it: C keeps those
    other = [*glyphs[:5], glyphs[5]._replace(size=math.nan), *glyphs[6:]]
    assert fast.segments(other, _text.COLUMN_GAP_EM) is not None
    assert list(_text.group_lines(1, other)) == _python_lines(1, other)
