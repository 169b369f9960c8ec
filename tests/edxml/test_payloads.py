"""Payload edge cases found against the reference SDK (issue 15).

Truncated and CDATA payloads, unpadded base64, ``cid:cid:``, zip wrappers decided by what the
envelope declares (upper-case ``.ZIP`` names, two-entry wrappers), metadata-only reads that
report the content's size and digest, genuine compressible files above 8 MB (including
vndocsign's own ``wrap_other_types`` output), a Latin-1 declaration over UTF-8 bytes, and one
set of limits shared by the writer and the reader.
"""

from __future__ import annotations

import base64
import hashlib
import io
import zipfile
from pathlib import Path

import attrs
import pytest

from tests.edxml.conftest import PDF
from tests.edxml.test_security import _attachment, _envelope
from tests.edxml.test_writer import example_envelope
from vndocsign import edxml
from vndocsign.edxml import EdxmlLimitError, Limits, ReadOptions


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def test_a_payload_cut_short_is_an_error_not_a_shorter_file(tmp_path: Path) -> None:
    data = _envelope(_attachment(_b64(PDF * 20)))
    start = data.index(b">", data.index(b"<edXML:ContentTransferEncoded")) + 1
    cut = data[: start + 400]  # 400 base64 characters: a whole number of quads, no end tag
    msg = edxml.read(cut)
    (att,) = msg.attachments  # type: ignore[union-attr]
    assert att.content is None and "truncated" in (att.decode_error or "")
    assert msg.repairs  # the document itself had to be recovered
    assert not edxml.validate(cut).ok
    path = tmp_path / "cut.edxml"
    path.write_bytes(cut)
    from vndocsign.cli.main import main

    assert main(["edxml", "unpack", str(path), "-d", str(tmp_path / "out")]) == 1
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []


@pytest.mark.parametrize("chunk", [7, 64, 1 << 20])
def test_cdata_payloads_are_streamed_to_files(tmp_path: Path, chunk: int) -> None:
    payload = "<![CDATA[" + _b64(PDF) + "]]>"
    data = _envelope(
        _attachment(payload).replace("cid:1", "cid:a") + _attachment(_b64(PDF), "b.pdf")
    )
    options = ReadOptions(attachments_dir=tmp_path / f"d{chunk}", chunk_size=chunk)
    msg = edxml.read(data, options)
    first, second = msg.attachments  # type: ignore[union-attr]
    assert first.decode_error is None and first.content is not None
    assert first.content.path is not None and first.content.path.read_bytes() == PDF
    assert second.read_bytes() == PDF


def test_unpadded_base64_is_decoded_as_the_reference_does() -> None:
    for data in (b"ab", b"abcd", PDF):
        payload = _b64(data).rstrip("=")
        (att,) = edxml.read(_envelope(_attachment(payload))).attachments  # type: ignore[union-attr]
        assert att.decode_error is None and att.read_bytes() == data
    (bad,) = edxml.read(_envelope(_attachment("QUJDR"))).attachments  # type: ignore[union-attr]
    assert bad.decode_error is not None


def test_doubled_cid_prefix_is_stripped_completely() -> None:
    xml = _attachment(_b64(PDF)).replace("cid:1", "cid:cid:abc")
    (att,) = edxml.read(_envelope(xml)).attachments  # type: ignore[union-attr]
    assert att.content_id == "abc"
    assert edxml.normalize_content_id("<cid:cid:abc>") == "abc"


def test_a_real_zip_under_an_upper_case_name_is_never_declared_a_wrapper() -> None:
    archive = _zip({"a.txt": b"a", "b.txt": b"b"})
    env = attrs.evolve(
        example_envelope(),
        attachments=[
            edxml.Attachment.from_bytes("HỒ SƠ KÈM.ZIP", archive),
            edxml.Attachment.from_bytes("ho so.dat", archive, content_type="application/zip"),
            edxml.Attachment.from_bytes("ho so.zip", archive),
        ],
    )
    data = edxml.to_bytes(env)
    back = edxml.read(data)
    types = [a.content_type for a in back.attachments]  # type: ignore[union-attr]
    assert types == [
        "application/x-zip-compressed",
        "application/x-zip-compressed",
        "application/zip",
    ]
    assert all(a.read_bytes() == archive and a.zip_entry_name is None for a in back.attachments)  # type: ignore[union-attr]
    # read side: a declared application/zip under an upper-case .ZIP name stays an archive
    xml = _attachment(_b64(_zip({"only.pdf": PDF})), "HỒ SƠ.ZIP", "application/zip")
    (att,) = edxml.read(_envelope(xml)).attachments  # type: ignore[union-attr]
    assert att.zip_entry_name is None and att.read_bytes() == _zip({"only.pdf": PDF})


def test_a_two_entry_wrapper_is_kept_and_noted() -> None:
    archive = _zip({"a.txt": b"a", "b.txt": b"b"})
    msg = edxml.read(_envelope(_attachment(_b64(archive), "bien ban.txt", "application/zip")))
    (att,) = msg.attachments  # type: ignore[union-attr]
    assert att.read_bytes() == archive and att.zip_entry_name is None
    assert any("2 entries" in w for w in msg.warnings)
    report = edxml.validate(
        _envelope(_attachment(_b64(archive), "bien ban.txt", "application/zip"))
    )
    assert any("2 entries" in p.en for p in report.warnings)


def test_undeclared_wrapper_of_the_same_type_is_unwrapped_but_random_bytes_are_not() -> None:
    wrapped = _zip({"7091b48b.pdf": PDF})
    (att,) = edxml.read(_envelope(_attachment(_b64(wrapped)))).attachments  # type: ignore[union-attr]
    assert att.zip_entry_name == "7091b48b.pdf" and att.read_bytes() == PDF
    other = _zip({"note.txt": b"x"})  # a zip around another type: the PDF's bytes are a zip
    (att,) = edxml.read(_envelope(_attachment(_b64(other)))).attachments  # type: ignore[union-attr]
    assert att.zip_entry_name is None and att.zip_error is None and att.read_bytes() == other
    noise = b"PK\x03\x04" + bytes(range(256))
    (att,) = edxml.read(_envelope(_attachment(_b64(noise)))).attachments  # type: ignore[union-attr]
    assert att.read_bytes() == noise and att.zip_error is None


def test_discarded_payloads_report_the_contents_size_and_digest(tmp_path: Path) -> None:
    text = "Biên bản họp\n".encode() * 1000
    env = attrs.evolve(
        example_envelope(),
        attachments=[
            edxml.Attachment.from_bytes("bien ban.txt", text),
            edxml.Attachment.from_bytes("van-ban.pdf", PDF),
        ],
    )
    data = edxml.to_bytes(env, edxml.WriterOptions(wrap_other_types=True))
    msg = edxml.read(data, ReadOptions(discard_payloads=True))
    txt, pdf = msg.attachments  # type: ignore[union-attr]
    assert txt.zip_entry_name is not None
    assert (txt.size, txt.sha256) == (len(text), hashlib.sha256(text).hexdigest())
    assert txt.content is not None and txt.content.data is None and txt.content.path is None
    assert (pdf.size, pdf.sha256) == (len(PDF), hashlib.sha256(PDF).hexdigest())
    assert list(tmp_path.iterdir()) == []


def test_genuine_compressible_files_over_8_mb_are_not_refused(tmp_path: Path) -> None:
    text = b"Dong lap lai cua bien ban hop. " * (12 * 1024 * 1024 // 31)
    wrapped = _zip({"0b0c.txt": text})
    assert len(text) // len(wrapped) > 200  # the ratio alone would have refused it before
    msg = edxml.read(
        _envelope(_attachment(_b64(wrapped), "log.txt", "application/zip")),
        ReadOptions(attachments_dir=tmp_path / "a"),
    )
    (att,) = msg.attachments  # type: ignore[union-attr]
    assert att.zip_error is None and att.size == len(text)
    # vndocsign's own --wrap-other-types output comes back whole
    env = attrs.evolve(
        example_envelope(), attachments=[edxml.Attachment.from_bytes("log.txt", text)]
    )
    out = tmp_path / "own.edxml"
    edxml.write(env, out, edxml.WriterOptions(wrap_other_types=True))
    (back,) = edxml.read(out, ReadOptions(attachments_dir=tmp_path / "b")).attachments  # type: ignore[union-attr]
    assert back.zip_error is None and back.sha256 == hashlib.sha256(text).hexdigest()


def test_the_writer_never_produces_what_the_reader_refuses(tmp_path: Path) -> None:
    limits = Limits(max_elements=2_000)
    many = attrs.evolve(
        example_envelope(),
        header=attrs.evolve(
            example_envelope().header,
            to=[edxml.Organization(organ_id=f"000.00.{i:02d}.H41") for i in range(1_000)],
        ),
    )
    with pytest.raises(EdxmlLimitError):
        edxml.to_bytes(many, edxml.WriterOptions(limits=limits))
    with pytest.raises(EdxmlLimitError):  # the same envelope, read with the same limits
        edxml.read(edxml.to_bytes(many), ReadOptions(limits=limits))
    # the defaults agree too: 11,200 To entries are refused on both sides
    huge = attrs.evolve(
        many,
        header=attrs.evolve(
            many.header,
            to=[
                edxml.Organization(
                    organ_id=f"X{i}",
                    organization_in_charge="UBND",
                    organ_name="UBND",
                    organ_add="HN",
                    email="a@b.vn",
                    telephone="1",
                    fax="2",
                    website="w.vn",
                )
                for i in range(11_200)
            ],
        ),
    )
    with pytest.raises(EdxmlLimitError):
        edxml.to_bytes(huge)
    # a wrapper the reader would refuse as a bomb is refused by the writer
    zeros = edxml.Attachment.from_bytes("zeros.txt", b"\0" * (3 << 20))
    bomb_limits = Limits(ratio_floor=1 << 20)
    with pytest.raises(EdxmlLimitError):
        edxml.to_bytes(
            attrs.evolve(example_envelope(), attachments=[zeros]),
            edxml.WriterOptions(wrap_other_types=True, limits=bomb_limits),
        )
    small = Limits(max_file_attachment=100)
    with pytest.raises(EdxmlLimitError):
        edxml.to_bytes(
            attrs.evolve(example_envelope(), attachments=[zeros]), edxml.WriterOptions(limits=small)
        )


def test_latin1_declaration_over_utf8_bytes_is_detected() -> None:
    data = _envelope().replace(b'encoding="UTF-8"', b'encoding="ISO-8859-1"')
    msg = edxml.read(data)
    assert msg.header.subject == "Thử"  # type: ignore[union-attr]
    assert any("ISO-8859-1" in r for r in msg.repairs)
    report = edxml.validate(data)
    assert not report.ok
    # genuine Latin-1 stays Latin-1, with no repair
    latin = (
        _envelope()
        .replace(b'encoding="UTF-8"', b'encoding="ISO-8859-1"')
        .replace("Thử".encode(), "Thé".encode("latin-1"))
    )
    msg = edxml.read(latin)
    assert msg.header.subject == "Thé" and msg.repairs == ()  # type: ignore[union-attr]
