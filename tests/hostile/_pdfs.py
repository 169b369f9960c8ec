"""Generated hostile PDFs (issue 14, items 1, 2 and 10), written object by object."""

from __future__ import annotations

import functools
import zlib


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF whose object ``i + 1`` is ``objects[i]``, catalog first, with a correct xref."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


_PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>"


@functools.cache
def flate_bomb_pdf(inflated: int = 1 << 30) -> bytes:
    """One page whose content stream inflates to ``inflated`` bytes of spaces (~1 MB per GB)."""
    compressor = zlib.compressobj(9)
    block = b" " * (16 << 20)
    parts = [compressor.compress(block) for _ in range(inflated // len(block))]
    stream = b"".join(parts) + compressor.flush()
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            _PAGE,
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream)
            + stream
            + b"\nendstream",
        ]
    )


@functools.cache
def kids_bomb_pdf(times: int = 200_000) -> bytes:
    """A page tree whose ``/Kids`` lists one page ``times`` times (~1.2 MB for 200,000)."""
    kids = b" ".join([b"3 0 R"] * times)
    content = b"BT /F1 12 Tf 72 720 Td (Trang) Tj ET"
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % times,
            _PAGE,
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        ]
    )


def zeros_pdf(size: int = 200 << 20) -> bytes:
    """``%PDF-`` followed by ``size`` zero bytes (item 10)."""
    return b"%PDF-1.7\n" + b"\0" * size


def without_xref(data: bytes, *, keep_trailer: bool = True) -> bytes:
    """``data`` without its cross-reference table and ``startxref`` (and, unless
    ``keep_trailer``, without its trailer): PDFium repairs such a file by scanning it, so the
    guard must find the bomb in it too."""
    cut = data[: data.rindex(b"xref\n0 ")]
    if not keep_trailer:
        return cut
    trailer = data[data.rindex(b"trailer") : data.rindex(b"startxref")]
    return cut + trailer + b"%%EOF\n"
