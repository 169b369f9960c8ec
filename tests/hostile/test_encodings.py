"""Issue 14, item 4: an envelope declaring a legacy encoding keeps its attachment and header.

libxml2 does not know ``windows-1258`` or ``UTF-7``: left to it, recover mode cut the document
at the first non-ASCII byte and ``edxml unpack`` exited 0 with no attachment and no DocumentId.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile._bombs import envelope
from vndocsign import edxml
from vndocsign.cli.main import main

PDF = b"%PDF-1.4\n% vndocsign hostile test\n%%EOF\n"
DOC_ID = "000.00.00.G22,2024/05/10,123/VPCP-TTĐT"

# (declared encoding, subject written in that encoding, subject once read)
GENUINE = [
    ("windows-1258", "Th\u01b0\u0309 nghi\u00ea\u0323m", "Thử nghiệm"),  # tones as combining marks
    ("US-ASCII", "Thu nghiem", "Thu nghiem"),
    ("Shift_JIS", "公文書の送付", "公文書の送付"),
    ("GB2312", "公文传输", "公文传输"),
    ("UTF-7", "Thử nghiệm", "Thử nghiệm"),
    ("ISO-8859-1", "Thé", "Thé"),
]


def _genuine(encoding: str, subject: str) -> bytes:
    text = envelope(PDF, name="vb.pdf", ctype="application/pdf", encoding=encoding, subject=subject)
    text = text.replace(DOC_ID.encode(), b"000.00.00.G22,2024/05/10,123/VPCP-TTDT")
    return text.decode("utf-8").encode(encoding)


@pytest.mark.parametrize(("encoding", "written", "read"), GENUINE)
def test_genuine_legacy_encoding_is_decoded_as_declared(
    encoding: str, written: str, read: str
) -> None:
    message = edxml.read(_genuine(encoding, written))
    assert isinstance(message, edxml.Envelope)
    assert message.header.subject == read
    assert message.header.document_id == "000.00.00.G22,2024/05/10,123/VPCP-TTDT"
    (att,) = message.attachments
    assert att.read_bytes() == PDF
    assert message.repairs == ()


@pytest.mark.parametrize(
    "encoding", ["windows-1258", "US-ASCII", "Shift_JIS", "GB2312", "UTF-7", "latin1"]
)
def test_declaration_contradicting_utf8_bytes_is_reported(encoding: str) -> None:
    data = envelope(PDF, name="vb.pdf", ctype="application/pdf", encoding=encoding)
    message = edxml.read(data)
    assert isinstance(message, edxml.Envelope)
    assert message.header.document_id == DOC_ID and message.header.subject == "Thử"
    assert [a.read_bytes() for a in message.attachments] == [PDF]
    assert any(encoding in r and "UTF-8" in r for r in message.repairs)


def test_unknown_or_undecodable_encoding_is_reported_not_silent() -> None:
    data = envelope(PDF, name="vb.pdf", ctype="application/pdf", encoding="x-vn-tcvn3")
    message = edxml.read(data)
    assert [a.read_bytes() for a in message.attachments] == [PDF]  # type: ignore[union-attr]
    assert any("x-vn-tcvn3" in r for r in message.repairs)
    # bytes no Shift_JIS decoder accepts, and not UTF-8 either
    bad = _genuine("Shift_JIS", "abc").replace(b"abc", b"\x81\x7f\xff")
    message = edxml.read(bad)
    assert [a.read_bytes() for a in message.attachments] == [PDF]  # type: ignore[union-attr]
    assert any("contradict" in r for r in message.repairs)


@pytest.mark.parametrize("encoding", ["windows-1258", "UTF-7", "GB2312"])
def test_cli_unpack_writes_the_attachment(
    encoding: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "in.edxml"
    source.write_bytes(envelope(PDF, name="vb.pdf", ctype="application/pdf", encoding=encoding))
    out = tmp_path / "out"
    assert main(["edxml", "unpack", str(source), "-d", str(out), "--json"]) == 0
    assert (out / "vb.pdf").read_bytes() == PDF
    assert '"document_id": "000.00.00.G22,2024/05/10,123/VPCP-TTĐT"' in capsys.readouterr().out


def test_cli_unpack_fails_on_an_envelope_carrying_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "empty.edxml"
    text = envelope(PDF).decode()
    start = text.index("<edXML:AttachmentEncoded>")
    end = text.index("</edXML:AttachmentEncoded>") + len("</edXML:AttachmentEncoded>")
    text = text[:start] + text[end:]
    text = text.replace(f"<edXML:DocumentId>{DOC_ID}</edXML:DocumentId>", "")
    source.write_text(text, encoding="utf-8")
    assert main(["edxml", "unpack", str(source), "-d", str(tmp_path / "o")]) == 1
    assert "neither an attachment nor a DocumentId" in capsys.readouterr().err


def test_payloads_lost_by_recovery_are_an_error_not_a_silence(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The safety net under the transcoding: libxml2 left alone with windows-1258 cuts the
    document (the original bug); the reader must then fail, not return no attachment."""
    import vndocsign.edxml._reader as reader

    monkeypatch.setattr(reader, "transcode_skeleton", lambda skeleton, repairs: skeleton)
    data = envelope(PDF, name="vb.pdf", ctype="application/pdf", encoding="windows-1258")
    with pytest.raises(edxml.EdxmlParseError) as info:
        edxml.read(data)
    assert "lost" in info.value.en
