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
import os
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

from vndocsign.pdf import _charloop, _pdfium

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
        before = tracemalloc.get_traced_memory()[0]
        parse(60)  # ~2,000 glyphs a page: a leaked float per glyph would be megabytes
        gc.collect()
        grown = tracemalloc.get_traced_memory()[0] - before
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
    code = "from vndocsign.pdf import _charloop; print(_charloop._ACCELERATED is None)"
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
    assert not target.exists()


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
