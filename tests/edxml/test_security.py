"""Hostile and broken input: typed errors or reported problems, bounded time and memory.

Billion laughs, external entities (file and network), parameter entities, deep nesting,
oversized headers, zip bombs inside attachments, truncated or non-base64 payloads, UTF-16
smuggling; and nothing is ever left half-written.
"""

from __future__ import annotations

import base64
import io
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from tests.edxml.conftest import PDF
from vndocsign import edxml
from vndocsign.edxml import (
    EdxmlLimitError,
    EdxmlParseError,
    EdxmlSecurityError,
    Envelope,
    Limits,
    ReadOptions,
)
from vndocsign.errors import EdxmlError

NS = edxml.NS


def _envelope(attachment_xml: str = "", header_extra: str = "") -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<edXML xmlns="{NS}">
  <edXML:edXMLEnvelope xmlns:edXML="{NS}">
    <edXML:edXMLHeader>
      <edXML:MessageHeader>
        <edXML:From><edXML:OrganId>000.00.00.G22</edXML:OrganId></edXML:From>
        <edXML:To><edXML:OrganId>000.00.00.H41</edXML:OrganId></edXML:To>
        <edXML:Subject>Thử{header_extra}</edXML:Subject>
      </edXML:MessageHeader>
    </edXML:edXMLHeader>
  </edXML:edXMLEnvelope>
  {attachment_xml}
</edXML>
""".encode()


def _attachment(payload: str, name: str = "a.pdf", ctype: str = "application/pdf") -> str:
    return (
        "<AttachmentEncoded><Attachment><ContentId>cid:1</ContentId>"
        f"<AttachmentName>{name}</AttachmentName><ContentType>{ctype}</ContentType>"
        f'<edXML:ContentTransferEncoded xmlns:edXML="{NS}">{payload}'
        "</edXML:ContentTransferEncoded></Attachment></AttachmentEncoded>"
    )


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016"><edXMLEnvelope><edXMLHeader>
<MessageHeader><Subject>&lol9;</Subject></MessageHeader></edXMLHeader></edXMLEnvelope></edXML>
"""


@pytest.mark.parametrize("recover", ["never", "auto", "always"])
def test_billion_laughs_is_refused_quickly(recover: str) -> None:
    start = time.perf_counter()
    with pytest.raises(EdxmlSecurityError) as info:
        edxml.read(BILLION_LAUGHS, ReadOptions(recover=recover))  # type: ignore[arg-type]
    assert time.perf_counter() - start < 1.0
    assert "DTD" in info.value.en and info.value.vi != info.value.en


def test_xxe_file_and_network_entities_are_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    for decl in (
        f'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file://{secret}">]>',
        '<!DOCTYPE x [<!ENTITY xxe SYSTEM "http://127.0.0.1:9/x">]>',
        '<!DOCTYPE x [<!ENTITY % p SYSTEM "http://127.0.0.1:9/p.dtd"> %p;]>',
        '<!DOCTYPE edXML SYSTEM "http://127.0.0.1:9/edxml.dtd">',
    ):
        data = _envelope().replace(b"<edXML xmlns", decl.encode() + b"\n<edXML xmlns", 1)
        data = data.replace("Thử".encode(), b"&xxe;")
        with pytest.raises(EdxmlSecurityError):
            edxml.read(data)
        report = edxml.validate(data)
        assert not report.ok and report.problems[0].code == "edxml.security"


def test_doctype_hidden_after_a_payload_is_still_refused() -> None:
    data = _envelope(_attachment(base64.b64encode(PDF).decode()))
    data = data.replace(b"</edXML>", b'<!DOCTYPE x [<!ENTITY a "b">]></edXML>')
    with pytest.raises(EdxmlError):
        edxml.read(data)


def test_undefined_entities_are_not_expanded() -> None:
    data = _envelope().replace("Thử".encode(), b"&undefined;")
    with pytest.raises(EdxmlParseError):
        edxml.read(data, ReadOptions(recover="never"))
    # recover mode drops the reference and says so; nothing is fetched or expanded
    msg = edxml.read(data)
    assert msg.repairs
    assert msg.header.subject in (None, "&undefined;")  # type: ignore[union-attr]


def test_deep_nesting_is_refused() -> None:
    depth = 5000
    data = _envelope(header_extra="<a>" * depth + "</a>" * depth)
    start = time.perf_counter()
    with pytest.raises((EdxmlLimitError, EdxmlParseError)):
        edxml.read(data, ReadOptions(recover="never"))
    with pytest.raises(EdxmlLimitError):
        edxml.read(_envelope(header_extra="<a>" * 100 + "</a>" * 100))
    assert time.perf_counter() - start < 2.0


def test_size_limits() -> None:
    big_header = _envelope(header_extra="x" * 5000)
    with pytest.raises(EdxmlLimitError):
        edxml.read(big_header, ReadOptions(limits=Limits(max_skeleton=2000)))
    with pytest.raises(EdxmlLimitError):
        edxml.read(big_header, ReadOptions(limits=Limits(max_size=1000)))
    many = _envelope(header_extra="<b/>" * 2000)
    with pytest.raises(EdxmlLimitError):
        edxml.read(many, ReadOptions(limits=Limits(max_elements=500)))


def test_utf16_input_is_refused() -> None:
    data = _envelope().decode().replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
    with pytest.raises(EdxmlParseError):
        edxml.read(data)


def test_not_xml_at_all() -> None:
    for data in (b"", b"%PDF-1.7 not xml", b"<html><body>hi</body></html>"):
        with pytest.raises(EdxmlParseError):
            edxml.read(data)


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        (base64.b64encode(PDF).decode()[:-3], "truncated"),
        ("${__StringFromFile(test.txt,,,)}", "not base64"),
        ("QUJD" + "=" + "QUJD", "not base64"),
        ("QUJDRA==QUJD", "padding"),
        ("QUJD<b>x</b>", "markup"),
    ],
)
def test_bad_base64_is_reported_not_raised(payload: str, reason: str) -> None:
    msg = edxml.read(_envelope(_attachment(payload)))
    assert isinstance(msg, Envelope)
    (att,) = msg.attachments
    assert att.decode_error is not None and reason in att.decode_error
    assert att.content is None
    report = edxml.validate(_envelope(_attachment(payload)))
    assert not report.ok and any(p.code == "attachment" for p in report.errors)
    with pytest.raises(edxml.AttachmentError):
        edxml.read(_envelope(_attachment(payload)), ReadOptions(strict_attachments=True))


def test_base64_with_line_breaks_is_fine() -> None:
    encoded = base64.encodebytes(PDF * 50).decode()  # MIME style, 76 columns
    msg = edxml.read(_envelope(_attachment(encoded)))
    assert msg.attachments[0].read_bytes() == PDF * 50  # type: ignore[union-attr]


def _bomb(size: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("0b0c2d8e.txt", b"\0" * size)
    return buffer.getvalue()


def test_zip_bomb_attachment_is_not_inflated() -> None:
    bomb = _bomb(64 << 20)  # ~64 KB that inflates to 64 MiB
    assert len(bomb) < 200_000
    data = _envelope(_attachment(base64.b64encode(bomb).decode(), "bom.txt", "application/zip"))
    tracemalloc.start()
    try:
        start = time.perf_counter()
        msg = edxml.read(data, ReadOptions(limits=Limits(max_unzipped=8 << 20)))
        elapsed = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    (att,) = msg.attachments  # type: ignore[union-attr]
    assert att.zip_error is not None and "zip bomb" in att.zip_error
    assert att.zip_entry_name is None
    assert att.size == len(bomb)  # kept as received, not inflated
    assert peak < 40 << 20
    assert elapsed < 5
    # the ratio guard trips even below the absolute limit
    msg = edxml.read(data, ReadOptions(limits=Limits(max_ratio=100, ratio_floor=1 << 20)))
    assert "ratio" in (msg.attachments[0].zip_error or "")  # type: ignore[union-attr]
    with pytest.raises(edxml.AttachmentError):
        edxml.read(data, ReadOptions(limits=Limits(max_unzipped=8 << 20), strict_attachments=True))


def test_multi_entry_zip_is_a_real_archive_not_a_wrapper() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", b"a")
        archive.writestr("b.txt", b"b")
    data = _envelope(_attachment(base64.b64encode(buffer.getvalue()).decode(), "hoso.dat"))
    (att,) = edxml.read(data).attachments  # type: ignore[union-attr]
    assert att.zip_entry_name is None and att.read_bytes() == buffer.getvalue()


def test_failed_unpack_leaves_nothing_behind(tmp_path: Path) -> None:
    good = base64.b64encode(PDF).decode()
    # two attachments, then the document breaks: no file may remain in the folder
    data = _envelope(_attachment(good) + _attachment(good)).replace(b"</edXML>", b"<oops>")
    out = tmp_path / "out"
    with pytest.raises(EdxmlParseError):
        edxml.read(data, ReadOptions(attachments_dir=out, recover="never"))
    assert not out.exists() or list(out.iterdir()) == []
    with pytest.raises(EdxmlSecurityError):
        edxml.read(BILLION_LAUGHS, ReadOptions(attachments_dir=out))
    assert not out.exists() or list(out.iterdir()) == []


def test_attachment_names_cannot_escape_the_folder(tmp_path: Path) -> None:
    payload = base64.b64encode(PDF).decode()
    names = ["../../evil.pdf", "C:\\Windows\\evil.pdf", "/etc/passwd", "..", "a\x01b.pdf"]
    xml = "".join(
        _attachment(payload, n.replace("\x01", "&#1;") if "\x01" in n else n)
        for n in names
        if "\x01" not in n
    )
    msg = edxml.read(_envelope(xml), ReadOptions(attachments_dir=tmp_path / "d"))
    written = sorted(p.name for p in (tmp_path / "d").iterdir())
    assert len(written) == 4
    for att in msg.attachments:  # type: ignore[union-attr]
        assert att.content is not None and att.content.path is not None
        assert att.content.path.parent == tmp_path / "d"
    assert not (tmp_path / "evil.pdf").exists()


def test_non_seekable_stream_can_still_be_recovered() -> None:
    import os

    data = b"1212" + _envelope(_attachment(base64.b64encode(PDF).decode()))
    read_fd, write_fd = os.pipe()
    os.write(write_fd, data)
    os.close(write_fd)
    with os.fdopen(read_fd, "rb") as pipe:
        msg = edxml.read(pipe)
    assert msg.repairs and msg.attachments[0].read_bytes() == PDF  # type: ignore[union-attr]


def test_cdata_payload_is_decoded() -> None:
    payload = "<![CDATA[" + base64.b64encode(PDF).decode() + "]]>"
    (att,) = edxml.read(_envelope(_attachment(payload))).attachments  # type: ignore[union-attr]
    assert att.decode_error is None and att.read_bytes() == PDF
