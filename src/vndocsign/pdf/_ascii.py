"""ASCII85 and ASCIIHex stages of a stream's filters, undone as PDFium undoes them (issue 17).

Why: reportlab (and others) write content as ``[/ASCII85Decode /FlateDecode]``; the PDF guard
must inflate what is behind the ASCII stage to meet a flate bomb there, and the page scan must
read the same text PDFium reads. Split from :mod:`vndocsign.pdf._guard`, which re-exports it.
"""

from __future__ import annotations

from typing import cast

__all__ = ["unwrap_ascii"]

_ASCII_FILTERS = ("ASCII85Decode", "A85", "ASCIIHexDecode", "AHx")


def _a85decode(data: bytes) -> bytes:
    """ASCII85Decode as PDFium reads it (C when the accelerator is built: Python's is ~0.4 ms a
    page). The C reader answers only clean data; anything else is read as PDFium does:
    :func:`~vndocsign.pdf._rawobj.a85_like_pdfium`."""
    from vndocsign.pdf._rawobj import _FAST, a85_like_pdfium

    if _FAST is not None:
        decoded = _FAST.a85decode(data)
        if decoded is not None:
            return cast(bytes, decoded)
    return a85_like_pdfium(data)


#: Every byte but a hex digit: PDFium's ``HexDecode`` skips them (whitespace or not).
_NOT_HEX = bytes(c for c in range(256) if chr(c) not in "0123456789abcdefABCDEF")


def unwrap_ascii(raw: bytes, filters: list[str]) -> tuple[bytes, list[str]] | None:
    """``raw`` with its leading ASCII85/ASCIIHex filters undone, and the filters left.

    Why: reportlab (and others) write content as ``[/ASCII85Decode /FlateDecode]``; a guard
    that looked at the first filter only never inflated such a stream, and PDFium would meet
    a flate bomb behind it. Each stage is undone as PDFium undoes it, junk included (ASCII85
    up to the first byte that is not ASCII85, hex skipping every byte that is no hex digit):
    a guard that gave up on "broken" data let PDFium inflate the bomb in front of the junk.
    The stages only shrink the data, so nothing is bounded here. (Never ``None`` now; the
    type is kept for the callers.)
    """
    import binascii

    rest = list(filters)
    data = raw
    while rest and rest[0] in _ASCII_FILTERS:
        kind = rest.pop(0)
        if kind in ("ASCII85Decode", "A85"):
            data = _a85decode(data)
        else:  # PDFium skips every byte that is no hex digit, up to ``>``
            digits = data.split(b">", 1)[0].translate(None, _NOT_HEX)
            data = binascii.unhexlify(digits + b"0" if len(digits) % 2 else digits)
    return data, rest
