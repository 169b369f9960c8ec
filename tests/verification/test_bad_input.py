"""Bad input yields a typed per-file result: never an exception, never a hang."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.verification.conftest import blank_pdf
from vndocsign.verification import (
    BadArgumentError,
    TrustProfile,
    TrustProfileError,
    TrustStore,
    TrustStoreError,
    VerificationPolicy,
    verify_many,
    verify_pdf,
)

EMPTY = TrustProfile.empty()


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"not a pdf at all",
        b"%PDF-1.7\n%%EOF",
        b"%PDF-1.4\n" + b"\x00" * 5000,
        b"%PDF-1.7\n1 0 obj << /ByteRange [0 10 20 30] /Contents <3082> >> endobj\n%%EOF",
    ],
    ids=["empty", "text", "header-only", "zeros", "stray-byterange"],
)
def test_garbage_is_typed(data: bytes) -> None:
    r = verify_pdf(data, trust=EMPTY, revocation="embedded-only")
    assert r.verdict in ("TOTAL_FAILED", "INDETERMINATE")
    assert r.messages and r.messages[0].vi and r.messages[0].en


def test_unsigned_pdf() -> None:
    r = verify_pdf(blank_pdf(), trust=EMPTY, revocation="embedded-only")
    assert r.verdict == "TOTAL_FAILED" and r.sub_indication == "NO_SIGNATURE_FOUND"


def test_truncated_signed(sign) -> None:  # type: ignore[no-untyped-def]
    pdf = sign(blank_pdf())
    for cut in (len(pdf) // 2, len(pdf) - 200, len(pdf) - 5):
        r = verify_pdf(pdf[:cut], trust=EMPTY, revocation="embedded-only")
        assert r.verdict == "TOTAL_FAILED", r.summary("en")


def test_broken_cms_bytes(sign) -> None:  # type: ignore[no-untyped-def]
    pdf = bytearray(sign(blank_pdf(), timestamp=False))
    at = pdf.index(b"/Contents <") + len(b"/Contents <") + 40
    pdf[at : at + 8] = b"DEADBEEF"
    r = verify_pdf(bytes(pdf), trust=EMPTY, revocation="embedded-only")
    assert r.verdict == "TOTAL_FAILED"


def test_size_limit_is_indeterminate(tmp_path: Path) -> None:
    big = tmp_path / "big.pdf"
    with big.open("wb") as fh:  # sparse 1 GB file: no memory or disk cost
        fh.seek(1024**3 - 1)
        fh.write(b"\0")
    started = time.monotonic()
    r = verify_pdf(big, trust=EMPTY, revocation="embedded-only")
    assert time.monotonic() - started < 2
    assert r.verdict == "INDETERMINATE" and r.messages[0].code == "verification.too_large"


def test_time_limit_kills_worker(sign) -> None:  # type: ignore[no-untyped-def]
    pdf = sign(blank_pdf())
    started = time.monotonic()
    r = verify_pdf(
        pdf, trust=EMPTY, revocation="embedded-only", policy=VerificationPolicy(time_limit=0.001)
    )
    assert time.monotonic() - started < 10
    assert r.verdict == "INDETERMINATE" and r.messages[0].code == "verification.time_limit"


def test_verify_many_parallel(sign, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    paths = []
    for i in range(4):
        p = tmp_path / f"doc{i}.pdf"
        p.write_bytes(sign(blank_pdf()) if i % 2 == 0 else b"junk")
        paths.append(p)
    seen: list[int] = []
    reports = list(
        verify_many(
            paths,
            trust=EMPTY,
            revocation="embedded-only",
            workers=2,
            progress=lambda done, total, r: seen.append(done),
        )
    )
    assert [Path(r.file).name for r in reports] == [p.name for p in paths]
    assert [r.verdict for r in reports] == ["INDETERMINATE", "TOTAL_FAILED"] * 2
    assert sorted(seen) == [1, 2, 3, 4]


def test_missing_trust_files_raise_trust_errors(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.pem"
    with pytest.raises(TrustProfileError) as custom:
        TrustProfile.custom([missing])
    assert custom.value.code == "verification.trust_profile"
    with pytest.raises(TrustStoreError) as store:
        TrustStore(tmp_path / "store").add_custom_root(missing)
    assert store.value.code == "verification.trust_store"
    with pytest.raises(BadArgumentError) as mode:
        verify_pdf(b"%PDF-1.7", revocation="sometimes")
    assert mode.value.code == "verification.bad_argument"


@pytest.mark.parametrize("seconds", [0, -1.0, float("nan"), float("inf"), 1e300, True])
def test_a_time_limit_no_timer_can_take_is_refused(seconds: float) -> None:
    """``VerificationPolicy(time_limit=1e300)`` reached the worker pool's ``OverflowError``."""
    from vndocsign.verification import BadArgumentError

    with pytest.raises(BadArgumentError, match="time_limit"):
        VerificationPolicy(time_limit=seconds)
    assert VerificationPolicy(time_limit=1_000_000).time_limit == 1_000_000
