"""libdeflate's fast path (``vndocsign.pdf._inflate``) against zlib: the same bytes whenever it
answers, ``None`` (zlib's path) for everything it must not decide — damaged, truncated, preset
dictionary, more output than allowed — and one decompressor per thread."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import threading
import zlib
from pathlib import Path
from typing import Any

import pypdf
import pytest

from tests.pdf.rawscan_support import CORPUS_PDFS
from vndocsign.pdf import _inflate
from vndocsign.pdf._inflate import MAX_OUTPUT, inflate_whole

NO_LIBDEFLATE = "libdeflate not installed (Debian: libdeflate0) or VNDOCSIGN_NO_LIBDEFLATE set"
pytestmark = pytest.mark.skipif(_inflate._LIB is None and _inflate._C is None, reason=NO_LIBDEFLATE)


@pytest.fixture(autouse=True, params=["c", "ctypes"])
def path(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every test on the accelerator's dlopen path and on the ctypes one."""
    if request.param == "c":
        if _inflate._C is None:
            pytest.skip("the C accelerator is not built, or did not find libdeflate")
    else:
        if _inflate._LIB is None:
            pytest.skip(NO_LIBDEFLATE + " (ctypes)")
        monkeypatch.setattr(_inflate, "_C", None)
    return str(request.param)


TEXT = b"BT /F1 12 Tf 72 700 Td (C\\303\\231NG H\\303\\222A X\\303\\203 H\\341\\273\\230I) Tj ET\n"


def zlib_whole(data: bytes) -> bytes | None:
    """What zlib makes of ``data`` when it is one complete stream (else ``None``)."""
    inflater = zlib.decompressobj()
    try:
        out = inflater.decompress(data)
    except zlib.error:
        return None
    return out if inflater.eof else None


def corpus_streams() -> list[bytes]:
    """The raw (still deflated) content streams of the shared corpus' first pages."""
    return [data for path in CORPUS_PDFS[:12] for data in _first_pages_streams(path)]


def _first_pages_streams(path: Path) -> list[bytes]:
    streams: list[bytes] = []
    try:
        reader = pypdf.PdfReader(path)
        for page in list(reader.pages)[:3]:
            contents: Any = page.get_object()["/Contents"]  # type: ignore[index]
            for item in contents if isinstance(contents, list) else [contents]:
                stream = item.get_object()
                if stream.get("/Filter") == "/FlateDecode":
                    streams.append(stream._data)
    except Exception:  # a damaged corpus file (an attack sample): not this test's concern
        return streams
    return streams


def test_the_same_bytes_as_zlib_on_valid_streams() -> None:
    samples = [zlib.compress(TEXT * n, level) for n in (1, 50, 3000) for level in (0, 1, 6, 9)]
    samples += corpus_streams()
    for data in samples:
        expected = zlib.decompress(data)
        assert inflate_whole(data, 1 << 24) == expected
        # trailing bytes after the stream (PDF writers pad before endstream): zlib ignores them
        assert inflate_whole(data + b"\r\n\x00junk", 1 << 24) == expected


def test_the_corpus_has_streams_to_compare() -> None:
    if not CORPUS_PDFS:
        pytest.skip("shared corpus not available")
    assert len(corpus_streams()) >= 10


def test_what_zlib_would_refuse_is_left_to_zlib() -> None:
    good = zlib.compress(TEXT * 40)
    truncated = good[: len(good) // 2]
    bad_check = good[:-1] + bytes([good[-1] ^ 1])  # Adler-32 wrong
    compressor = zlib.compressobj(zdict=b"BT ET Tj")
    with_dictionary = compressor.compress(TEXT) + compressor.flush()
    raw_deflate = zlib.compressobj(wbits=-15)
    headerless = raw_deflate.compress(TEXT) + raw_deflate.flush()
    for data in (truncated, bad_check, with_dictionary, headerless, b"", b"x\x9c"):
        assert zlib_whole(data) is None
        assert inflate_whole(data, 1 << 24) is None


def test_output_past_the_maximum_is_left_to_zlib() -> None:
    bomb = zlib.compress(b"\x00" * 3_000_000, 9)  # ~3 KB inflating to 3 MB
    assert inflate_whole(bomb, 1 << 30) is None  # past MAX_OUTPUT: zlib counts it
    small = zlib.compress(b"\x00" * 5000)
    assert inflate_whole(small, 4999) is None  # past the caller's maximum
    assert inflate_whole(small, 5000) == b"\x00" * 5000  # exactly at it
    assert inflate_whole(zlib.compress(b"a" * MAX_OUTPUT), 1 << 30) == b"a" * MAX_OUTPUT


def test_a_stream_compressing_far_better_than_text_still_inflates_here() -> None:
    data = zlib.compress(b"q 0 0 595 842 re W n Q\n" * 30_000)  # ~700 KB from ~2 KB: 300×
    assert len(zlib.decompress(data)) > 16 * len(data)
    assert inflate_whole(data, 1 << 24) == zlib.decompress(data)


def test_mutated_streams_agree_with_zlib_whenever_answered() -> None:
    rng = random.Random(17)
    base = [zlib.compress(TEXT * n, level) for n in (3, 70) for level in (1, 9)]
    answered = 0
    for _ in range(3000):
        data = bytearray(rng.choice(base))
        for _ in range(rng.randint(1, 3)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        if rng.random() < 0.3:
            del data[rng.randrange(len(data)) :]
        got = inflate_whole(bytes(data), 1 << 24)
        if got is not None:
            answered += 1
            assert got == zlib_whole(bytes(data))
    assert answered > 0


def test_non_bytes_input_is_left_to_zlib() -> None:
    data = zlib.compress(TEXT)
    assert inflate_whole(bytearray(data), 1 << 20) is None  # type: ignore[arg-type]


def test_threads_each_inflate_their_own() -> None:
    payloads = [TEXT * (n + 1) * 97 for n in range(6)]
    failures: list[str] = []

    def work(payload: bytes) -> None:
        data = zlib.compress(payload)
        for _ in range(300):
            if inflate_whole(data, 1 << 24) != payload:
                failures.append("wrong bytes")
                return

    threads = [threading.Thread(target=work, args=(p,)) for p in payloads]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []


def test_turned_off_by_the_environment() -> None:
    code = "from vndocsign.pdf import _inflate as i; print(i._LIB is None and i._C is None)"
    env = dict(os.environ, VNDOCSIGN_NO_LIBDEFLATE="1")
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "True"


def _guard_outcome(pdf: bytes) -> object:
    """check_pdf's markers, or its error class and limit name."""
    from vndocsign import VndocsignError
    from vndocsign.pdf._guard import check_pdf

    try:
        return check_pdf(pdf)
    except VndocsignError as exc:
        return type(exc).__name__, exc.details.get("limit")


def test_the_guard_decides_the_same_without_libdeflate(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every hostile file of the guard's tests and every corpus file: the same markers, or the
    same refusal, whether content streams go through libdeflate or zlib."""
    from tests.pdf.test_guard_paths import HOSTILE
    from vndocsign._limits import use_limits

    class Counting:  # libdeflate, its answers counted (either path)
        def __init__(self, lib: object) -> None:
            self.lib, self.answered = lib, 0

        def __getattr__(self, name: str) -> object:
            return getattr(self.lib, name)

        def libdeflate_zlib_decompress(self, *args: object) -> int:
            rc: int = self.lib.libdeflate_zlib_decompress(*args)  # type: ignore[attr-defined]
            self.answered += rc == 0
            return rc

        def __call__(self, data: bytes, maximum: int) -> bytes | None:
            out: bytes | None = self.lib(data, maximum)  # type: ignore[operator]
            self.answered += out is not None
            return out

    name = "_C" if _inflate._C is not None else "_LIB"
    counting = Counting(getattr(_inflate, name))
    cases = [(make, limits) for make, limits, _ in HOSTILE.values()]
    cases += [((lambda p=p: p.read_bytes()), {}) for p in CORPUS_PDFS]
    assert len(cases) > 20
    for make, limits in cases:
        pdf = make()
        with use_limits(**limits):
            with monkeypatch.context() as patch:
                patch.setattr(_inflate, name, counting)
                fast = _guard_outcome(pdf)
            with monkeypatch.context() as patch:
                patch.setattr(_inflate, "_LIB", None)
                patch.setattr(_inflate, "_C", None)
                slow = _guard_outcome(pdf)
        assert fast == slow
    assert counting.answered > 0  # the fast path did answer (the hostile files' pages at least)
