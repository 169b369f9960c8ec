"""Issue 14, items 7 and 11 (second half): ``inspect`` on unusual signatures and encrypted files.

Every signature field with a ``/V`` is listed -- an ``adbe.pkcs7.sha1`` signature, a vendor's
unknown ``/SubFilter``, even one whose CMS does not parse -- with no traceback and exit 0; and
the right password of an AES-encrypted file opens it (exit 0), a wrong one is exit 3.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from tests.conftest import CORPUS
from tests.hostile._harness import assert_typed, run_cli
from vndocsign.pdf import EncryptedPdfError, list_signatures
from vndocsign.samples import sample_pdf

DETACHED = b"/adbe.pkcs7.detached"


def _sign(data: bytes, vn_pki: object, field: str, box: tuple[int, int, int, int]) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    from tests.pki import PERSONAL

    meta = signers.PdfSignatureMetadata(field_name=field, md_algorithm="sha256")
    out = signers.PdfSigner(
        meta,
        signer=vn_pki.simple_signer(PERSONAL),  # type: ignore[attr-defined]
        new_field_spec=fields.SigFieldSpec(field, box=box),
    ).sign_pdf(IncrementalPdfFileWriter(io.BytesIO(data)))
    return out.getvalue()


def _patch_last(data: bytes, old: bytes, new: bytes) -> bytes:
    """Replace the last ``old`` by ``new`` padded to the same length (offsets stay right)."""
    assert len(new) <= len(old)
    at = data.rindex(old)
    return data[:at] + new.ljust(len(old)) + data[at + len(old) :]


@pytest.fixture(scope="module")
def odd_signatures(vn_pki: object) -> bytes:
    """Three signatures: ``adbe.pkcs7.sha1``, ``x.vendor.private`` and one whose CMS is zeros
    (written by pyHanko, then their dictionaries rewritten in place: the inventory does not
    verify, it lists)."""
    data = _sign(sample_pdf("cong-van"), vn_pki, "Sha1", (300, 60, 500, 120))
    data = _patch_last(data, DETACHED, b"/adbe.pkcs7.sha1")
    data = _sign(data, vn_pki, "Vendor", (300, 130, 500, 190))
    data = _patch_last(data, DETACHED, b"/x.vendor.private")
    data = _sign(data, vn_pki, "Broken", (300, 200, 500, 260))
    start = data.rindex(b"/Contents <") + len(b"/Contents <")
    end = data.index(b">", start)
    return data[:start] + b"0" * (end - start) + data[end:]


def test_every_filled_field_is_listed(odd_signatures: bytes) -> None:
    found = {s.field: s for s in list_signatures(odd_signatures)}
    assert list(found) == ["Sha1", "Vendor", "Broken"]  # in the order they were made
    assert found["Sha1"].sub_filter == "adbe.pkcs7.sha1"
    assert found["Vendor"].sub_filter == "x.vendor.private"
    assert found["Sha1"].signer and found["Vendor"].signer  # the CMS is read all the same
    broken = found["Broken"]
    assert broken.sub_filter == "adbe.pkcs7.detached" and broken.signer is None
    assert broken.byte_range is not None and broken.covers_whole_file
    assert broken.claimed_time  # from /M
    assert broken.page == 0 and broken.rect is not None


def test_inspect_lists_them_without_traceback(odd_signatures: bytes, tmp_path: Path) -> None:
    path = tmp_path / "odd.pdf"
    path.write_bytes(odd_signatures)
    run = assert_typed(run_cli(["inspect", str(path), "--json"]))
    assert run.returncode == 0, run.describe()
    assert "Traceback" not in run.stderr and "SubFilter" not in run.stderr, run.stderr
    listed = [(s["field"], s["sub_filter"]) for s in run.json()["signatures"]]
    assert listed == [
        ("Sha1", "adbe.pkcs7.sha1"),
        ("Vendor", "x.vendor.private"),
        ("Broken", "adbe.pkcs7.detached"),
    ]


def test_corpus_pkcs7_sha1_lists_both() -> None:
    path = CORPUS / "pdf-signatures" / "dss_pkcs7_sha1.pdf"
    if not path.is_file():
        pytest.skip(f"shared corpus not present: {path}")
    run = assert_typed(run_cli(["inspect", str(path), "--json"]))
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.describe()
    subs = sorted(s["sub_filter"] for s in run.json()["signatures"])
    assert subs == ["adbe.pkcs7.detached", "adbe.pkcs7.sha1"]


# -- encrypted files -------------------------------------------------------------------------
PASSWORD = "mật khẩu 2024"


def _encrypted(algorithm: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(sample_pdf("cong-van"))))
    writer.encrypt(PASSWORD, algorithm=algorithm)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize("algorithm", ["AES-128", "AES-256"])
def test_inspect_with_the_right_password(
    algorithm: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "enc.pdf"
    path.write_bytes(_encrypted(algorithm))
    monkeypatch.setenv("HOSTILE_PDF_PW", PASSWORD)
    run = assert_typed(
        run_cli(["inspect", str(path), "--password-env", "HOSTILE_PDF_PW", "--json"])
    )
    assert run.returncode == 0, run.describe()
    report = run.json()
    assert report["metadata"]["number"] == "2183/UBND-KGVX" and report["signatures"] == []
    monkeypatch.setenv("HOSTILE_PDF_PW", "wrong")
    run = assert_typed(
        run_cli(["inspect", str(path), "--password-env", "HOSTILE_PDF_PW", "--json"])
    )
    assert run.returncode == 3 and run.json()["code"] == "pdf.encrypted"
    monkeypatch.delenv("HOSTILE_PDF_PW")
    monkeypatch.delenv("VNDOCSIGN_PDF_PASSWORD", raising=False)
    run = assert_typed(run_cli(["inspect", str(path), "--json"]))
    assert run.returncode == 3 and json.loads(run.stdout)["code"] == "pdf.encrypted"


def test_signatures_of_an_encrypted_signed_file(vn_pki: object) -> None:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    from tests.pki import PERSONAL

    writer = IncrementalPdfFileWriter(io.BytesIO(_encrypted("AES-256")))
    writer.encrypt(PASSWORD.encode("utf-8"))
    meta = signers.PdfSignatureMetadata(field_name="Sig1", md_algorithm="sha256")
    signed = (
        signers.PdfSigner(
            meta,
            signer=vn_pki.simple_signer(PERSONAL),  # type: ignore[attr-defined]
            new_field_spec=fields.SigFieldSpec("Sig1", box=(300, 60, 500, 120)),
        )
        .sign_pdf(writer)
        .getvalue()
    )
    [info] = list_signatures(signed, password=PASSWORD)
    assert info.field == "Sig1" and info.signer and info.covers_whole_file
    for wrong in (None, "wrong"):
        with pytest.raises(EncryptedPdfError):
            list_signatures(signed, password=wrong)
