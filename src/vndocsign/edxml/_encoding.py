"""The declared encoding of an envelope, decoded by us (never by libxml2).

Why: libxml2 knows few legacy encodings (no ``windows-1258``, the Vietnamese code page, no
``UTF-7``); faced with one it stops at the first non-ASCII byte, and recover mode then returns
a document cut short -- the attachment and the DocumentId silently gone (issue 14, item 4).
So the payload-free skeleton is decoded here with the encoding it declares, when Python knows
it, and handed to lxml as UTF-8. A declaration the bytes contradict (valid multi-byte UTF-8
under a legacy declaration, or bytes the declared codec cannot decode) is reported as a repair,
and an unknown encoding name too; the text is then read as UTF-8. The splitter has already
removed the base64 payloads at byte level, which is sound for every ASCII-compatible encoding
(UTF-16/32 are refused before).
"""

from __future__ import annotations

import codecs
import re
import unicodedata

__all__ = ["transcode_skeleton"]

_DECLARATION = re.compile(rb"^(\xef\xbb\xbf)?\s*<\?xml[^>]*?encoding\s*=\s*[\"']([^\"']+)[\"']")
_UTF8 = {"utf-8", "utf_8"}


def _codec(name: str) -> str | None:
    try:
        info = codecs.lookup(name)
    except LookupError:
        return None
    # only text encodings that keep ASCII in place (the splitter relies on it)
    if info.name.startswith(("utf-16", "utf-32", "rot", "hex", "base64", "bz2", "zlib", "uu")):
        return None
    return info.name


def _as_utf8(skeleton: bytes, match: re.Match[bytes]) -> bytes:
    start, end = match.span(2)
    return skeleton[:start] + b"UTF-8" + skeleton[end:]


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def transcode_skeleton(skeleton: bytes, repairs: list[str]) -> bytes:
    """The skeleton as UTF-8 bytes declaring UTF-8; ``repairs`` gets every contradiction."""
    match = _DECLARATION.match(skeleton[:300])
    if match is None:
        return skeleton
    declared = match.group(2).decode("ascii", "replace")
    codec = _codec(declared)
    if codec in _UTF8:
        return skeleton
    if codec is None:
        repairs.append(
            f"unknown encoding {declared!r} declared: read as UTF-8 / "
            f"mã ký tự khai báo {declared!r} không xác định: đã đọc theo UTF-8"
        )
        return _as_utf8(skeleton, match)
    if skeleton.isascii() and codec != "utf-7":
        return _as_utf8(skeleton, match)
    if match.group(1) or (not skeleton.isascii() and _is_utf8(skeleton)):
        repairs.append(
            f"the file declares encoding {declared!r} but its bytes are UTF-8: read as UTF-8 / "
            f"tệp khai báo mã {declared!r} nhưng nội dung là UTF-8: đã đọc theo UTF-8"
        )
        return _as_utf8(skeleton, match)
    try:
        text = skeleton.decode(codec)
    except UnicodeDecodeError as exc:
        repairs.append(
            f"the bytes contradict the declared encoding {declared!r} ({exc.reason} at byte "
            f"{exc.start}): undecodable bytes replaced / nội dung không khớp mã khai báo "
            f"{declared!r}: đã thay các byte không giải mã được"
        )
        text = skeleton.decode(codec, errors="replace")
    if codec == "cp1258":  # tones are combining marks in windows-1258: compose them (NFC)
        text = unicodedata.normalize("NFC", text)
    data = text.encode("utf-8")
    utf8_match = _DECLARATION.match(data[:300])
    return _as_utf8(data, utf8_match) if utf8_match is not None else data
