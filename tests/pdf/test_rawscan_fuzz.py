"""A seeded, bounded fuzz of the page scan's C loops (``_rawscan.h``, issue 17): mutated
content streams, objects and ASCII85 never crash them, they return the documented types in
bounded time, and they agree with the Python readings; mutated whole files give the guard's
walk the same outcome in C and in pure Python, and no error but the SDK's own.
"""

from __future__ import annotations

import base64
import io
import logging
import random
import time
from typing import Any

import pytest

from tests.pdf.rawscan_support import (
    both_parsers,
    generated,
    multi_document,
    needs_c,
    one_page,
    use_python,
)
from vndocsign.errors import VndocsignError
from vndocsign.pdf import _guard, _pagescan, _rawobj


def _reader(data: bytes) -> Any:
    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    return PdfReader(io.BytesIO(data), strict=False)


# -- fuzz -----------------------------------------------------------------------------------

_TOKENS = [
    b"(", b")", b"<", b">", b"<<", b">>", b"[", b"]", b"{", b"}", b"%", b"\\", b" q ", b" Q ",
    b"Tf", b" /F1 12 Tf ", b" BI ", b"\x0b", b"\x00", b"(a(b)c)", b" true ", b"/ 1 Tf", b"#",
    b" 0 R ", b"\r", b"endobj", b"stream\n", b"<41 4", b"\\(", b"\\777", b"z", b"~>", b".",
]  # fmt: skip


def _mutate(rng: random.Random, data: bytes) -> bytes:
    s = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(len(s) + 1)
        kind = rng.randrange(5)
        if kind == 0 and s:
            s[min(at, len(s) - 1)] = rng.randrange(256)
        elif kind == 1:
            s[at:at] = rng.choice(_TOKENS)
        elif kind == 2:
            del s[at : at + rng.randint(1, 8)]
        elif kind == 3:
            j = rng.randrange(len(s) + 1)
            s[at:at] = s[j : j + rng.randint(1, 24)]
        else:
            del s[at:]
    return bytes(s)


def _fuzz_sources() -> tuple[list[bytes], list[bytes]]:
    """(content streams, object texts) of generated files."""
    contents, objects = [], []
    for name in ("multi-plain", "cong_van-char"):
        data = generated(name)
        reader = _reader(data)
        for page in reader.pages[:3]:
            contents.append(page.get_contents().get_data())
        for offset in reader.xref[0].values():
            objects.append(data[offset : offset + 600])
    return contents, objects


def _check_runs(runs: Any) -> None:
    assert runs is None or type(runs) is list
    for run in runs or ():
        assert type(run) is tuple and len(run) == 2
        assert run[0] is None or type(run[0]) is bytes
        assert type(run[1]) is bytes and run[1]


def test_fuzz_c_loops_never_crash_and_agree_with_python() -> None:
    fast = needs_c()
    rng = random.Random(2026)
    contents, objects = _fuzz_sources()
    table = tuple(rng.choice([None, "A", "BC", ""]) for _ in range(300))
    slowest = 0.0
    started = time.perf_counter()
    for n in range(2000):
        if n % 2 == 0:
            src = rng.choice(contents)
            at = rng.randrange(len(src))
            text = _mutate(rng, src[at : at + rng.randint(10, 600)])
            t0 = time.perf_counter()
            runs = fast.content_runs(text)
            folded = fast.fold_codes(text, n % 4 == 0, table)
            decoded = fast.a85decode(text)
            slowest = max(slowest, time.perf_counter() - t0)
            _check_runs(runs)
            assert folded is None or type(folded) is str
            assert decoded is None or type(decoded) is bytes
            py = _pagescan.content_runs_py(text)
            assert py is None or py == runs, text
        else:
            text = _mutate(rng, rng.choice(objects))
            head = _rawobj._HEADER.match(text)
            pos = head.end() if head else rng.randrange(len(text) + 1)
            t0 = time.perf_counter()
            c, py = both_parsers(text, pos)
            slowest = max(slowest, time.perf_counter() - t0)
            assert c == py, text
            a85 = fast.a85decode(_mutate(rng, base64.a85encode(text[:80])))
            assert a85 is None or type(a85) is bytes
    assert slowest < 0.25  # linear loops on < 1 KB inputs (generous: a loaded machine)
    assert time.perf_counter() - started < 30


def _check_file(data: bytes) -> Any:
    try:
        return ("ok", _guard.check_pdf(data))
    except VndocsignError as exc:  # a damaged file or a limit: the SDK's own errors only
        return ("error", type(exc).__name__)


def test_fuzz_whole_files_walk_alike_in_c_and_python(monkeypatch: pytest.MonkeyPatch) -> None:
    needs_c()
    rng = random.Random(17)
    sources = [multi_document(False), one_page(b"BT /F1 12 Tf 20 250 Td (PHU LUC) Tj ET")]
    alphabet = b"()<>[]/%\\ 0123456789RnobjstreamendTfqQ"
    for _ in range(150):
        data = bytearray(rng.choice(sources))
        for _ in range(rng.randint(1, 6)):
            at = rng.randrange(len(data))
            data[at] = rng.choice(alphabet) if rng.random() < 0.7 else rng.randrange(256)
        fast = _check_file(bytes(data))
        with monkeypatch.context() as m:
            use_python(m)
            slow = _check_file(bytes(data))
        assert fast[0] == slow[0], (fast, slow)
        if fast[0] == "ok":
            assert (fast[1] is None) == (slow[1] is None)
            for c, py in zip(fast[1] or (), slow[1] or (), strict=True):
                assert py is None or py == c
