"""A fast, strict reader of the few PDF objects the page scan needs (issue 17).

Why: the guard's page walk, the per-page "does a new document start here" marker and
pyHanko's page lookup each read every page dictionary of the file. pypdf and pyHanko parse an
object token by token in Python (~0.2–0.5 ms a page dictionary): on a 200-page báo cáo that
alone made placement and auto-placed signing cost 4–9× the same on 5 pages. This reader
parses a whole indirect object in C (``_fastchars.parse_object``, ~5 µs a page dictionary;
:func:`parse_value_py`, one regular expression per token, when the accelerator is not built:
the same values, ~50 µs) and is *strict*: anything
it does not read exactly as written (an object header that does not match its
cross-reference entry, a stream whose ``/Length`` does not land on ``endstream``, an object
stream with a predictor, a token it does not know) raises :class:`UnsupportedError`, and the
caller goes back to the full pypdf/pyHanko path. It never repairs a file: a repaired file is
read by the readers that know how.

Cross-reference lookup is borrowed from the reader that already parsed it (pypdf for the
guard, pyHanko for signing), so both see the same revision of every object.
"""

from __future__ import annotations

import base64
import codecs
import os
import re
import zlib
from collections.abc import Callable
from typing import Any, NamedTuple

from vndocsign.pdf._inflate import inflate_whole

__all__ = [
    "Name",
    "RawObjects",
    "RawStream",
    "Ref",
    "UnsupportedError",
    "a85_like_pdfium",
    "parse_value",
]


class UnsupportedError(Exception):
    """The fast reader does not read this exactly: use the full reader (never user-facing)."""


class Ref(NamedTuple):
    num: int
    gen: int


#: A PDF name, without its slash (``/Type`` -> ``"Type"``): a plain ``str`` (strings are
#: ``bytes``, so nothing else parses to one).
Name = str


class RawStream:
    """A stream object: its dictionary and where its raw (still encoded) data lies."""

    __slots__ = ("data", "dict", "length", "start")

    def __init__(
        self, d: dict[str, Any], start: int, length: int, data: bytes | None = None
    ) -> None:
        self.dict = d
        self.start = start
        self.length = length
        self.data = data


_WS = rb"\x00\t\n\x0c\r "
_DELIM = rb"()<>\[\]{}/%"
_TOKEN = re.compile(
    rb"(?:[" + _WS + rb"]|%[^\r\n]*)*(?:"
    rb"(?P<ref>(?P<rn>\d+)["
    + _WS
    + rb"]+(?P<rg>\d+)["
    + _WS
    + rb"]+R(?![^"
    + _WS
    + _DELIM
    + rb"]))"
    rb"|(?P<num>[+-]?(?:\d+\.?\d*|\.\d+))(?![^" + _WS + _DELIM + rb"])"
    rb"|(?P<name>/[^" + _WS + _DELIM + rb"]*)"
    rb"|(?P<open><<|\[)"
    rb"|(?P<close>>>|\])"
    rb"|(?P<hex><[0-9A-Fa-f" + _WS + rb"]*>)"
    rb"|(?P<lit>\()"
    rb"|(?P<kw>[A-Za-z]+)(?![^" + _WS + _DELIM + rb"])"
    rb")"
)
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_LIT_SPECIAL = re.compile(rb"[()\\]")
_ESCAPES = {
    ord("n"): b"\n", ord("r"): b"\r", ord("t"): b"\t", ord("b"): b"\b", ord("f"): b"\f",
    ord("("): b"(", ord(")"): b")", ord("\\"): b"\\",
}  # fmt: skip
_HEADER = re.compile(rb"[" + _WS + rb"]*(\d+)[" + _WS + rb"]+(\d+)[" + _WS + rb"]+obj")
_AFTER = re.compile(rb"(?:[" + _WS + rb"]|%[^\r\n]*)*(endobj|stream(?:\r\n|\n|\r))")
_ENDSTREAM = re.compile(rb"[" + _WS + rb"]*endstream(?:[" + _WS + rb"]|%[^\r\n]*)*endobj")
#: A dictionary or array nested deeper than this is not read here (pypdf bounds it too).
_MAX_DEPTH = 64
#: Largest object (bytes of its text) read here; a bigger one goes to the full reader.
_MAX_OBJECT = 4 << 20


def _literal(data: bytes, pos: int) -> tuple[bytes, int]:
    """The literal string whose ``(`` is just before ``pos``: (its bytes, position after)."""
    depth, start, parts = 1, pos, []
    for m in _LIT_SPECIAL.finditer(data, pos):
        c = m.group()
        if c == b"\\":
            continue  # handled when the run is unescaped below
        at = m.start()
        # a paren preceded by an odd number of backslashes is escaped
        slashes = 0
        while at - 1 - slashes >= start and data[at - 1 - slashes] == 0x5C:
            slashes += 1
        if slashes % 2:
            continue
        depth += 1 if c == b"(" else -1
        if depth == 0:
            parts.append(data[start:at])
            return _unescape(b"".join(parts)), at + 1
    raise UnsupportedError("unterminated string")


#: An escape ``codecs.escape_decode`` reads otherwise than PDF (or may: ``\\\\`` pairs).
_ODD_ESCAPE = re.compile(rb"\\[^0-7nrtbf()\n]|\\[4-7][0-7][0-7]")


def _unescape(body: bytes) -> bytes:
    """A literal string's bytes (PDF 32000-1 7.3.4.2: escapes, octal codes, line ends)."""
    if b"\r" in body:
        body = body.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    if b"\\" not in body:
        return body
    if _ODD_ESCAPE.search(body) is None:
        # C speed: octal and \n\r\t\b\f read alike; \( and \) made octal first
        body = body.replace(b"\\(", b"\\050").replace(b"\\)", b"\\051")
        decoded: bytes = codecs.escape_decode(body)[0]
        return decoded
    return _unescape_slow(body)


def _unescape_slow(body: bytes) -> bytes:
    out = bytearray()
    i, n = 0, len(body)
    while i < n:
        c = body[i]
        if c != 0x5C:
            if c == 0x0D:  # an end of line in a string reads as \n
                out += b"\n"
                i += 2 if body[i + 1 : i + 2] == b"\n" else 1
                continue
            out.append(c)
            i += 1
            continue
        i += 1
        if i >= n:
            break
        c = body[i]
        if 0x30 <= c <= 0x37:
            j = i
            while j < n and j < i + 3 and 0x30 <= body[j] <= 0x37:
                j += 1
            out.append(int(body[i:j], 8) & 0xFF)
            i = j
        elif c in _ESCAPES:
            out += _ESCAPES[c]
            i += 1
        elif c == 0x0D:  # line continuation
            i += 2 if body[i + 1 : i + 2] == b"\n" else 1
        elif c == 0x0A:
            i += 1
        else:
            out.append(c)  # an unknown escape: the backslash is dropped
            i += 1
    return bytes(out)


def _name(raw: bytes) -> Name:
    body = raw[1:]
    if b"#" in body:
        body = _NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), body)
    return body.decode("latin-1")


def _int(text: bytes) -> int:
    try:
        return int(text)
    except ValueError:  # past ``sys.get_int_max_str_digits()``
        raise UnsupportedError("integer too long") from None


def parse_value(data: bytes, pos: int) -> tuple[Any, int]:
    """One PDF value from ``data`` at ``pos``: (value, position after it).

    In C when the accelerator is built (:data:`_PARSE`, the same values), else
    :func:`parse_value_py`."""
    if _PARSE is None:
        return parse_value_py(data, pos)
    found = _PARSE(data, pos)
    if found is None:
        raise UnsupportedError(f"not read exactly at {pos}")
    return found


def parse_value_py(data: bytes, pos: int, *, unique: bool = False) -> tuple[Any, int]:
    """One PDF value from ``data`` at ``pos``: (value, position after it).

    Dictionaries become ``dict`` (keys without the slash), arrays ``list``, names
    :class:`Name`, references :class:`Ref`, strings ``bytes``, ``null`` ``None``. A repeated
    key keeps its last value (as PDFium), or with ``unique`` raises :class:`UnsupportedError`.
    """
    if pos < 0:
        raise UnsupportedError("negative position")
    stack: list[tuple[Any, Any]] = []  # (container, pending dict key)
    value: Any
    while True:
        m = _TOKEN.match(data, pos)
        if m is None:
            raise UnsupportedError(f"unknown token at {pos}")
        pos = m.end()
        kind = m.lastgroup
        if kind == "rn" or kind == "rg" or kind == "ref":
            value = Ref(_int(m.group("rn")), _int(m.group("rg")))
        elif kind == "num":
            text = m.group("num")
            value = float(text) if b"." in text else _int(text)
        elif kind == "name":
            value = _name(m.group("name"))
        elif kind == "open":
            if len(stack) >= _MAX_DEPTH:
                raise UnsupportedError("nested too deep")
            stack.append(({} if m.group("open") == b"<<" else [], None))
            continue
        elif kind == "close":
            if not stack:
                raise UnsupportedError("unbalanced")
            container, key = stack.pop()
            if (m.group("close") == b">>") != isinstance(container, dict) or key is not None:
                raise UnsupportedError("mismatched")
            value = container
        elif kind == "hex":
            digits = re.sub(rb"[" + _WS + rb"]", b"", m.group("hex")[1:-1])
            value = bytes.fromhex((digits + b"0" if len(digits) % 2 else digits).decode())
        elif kind == "lit":
            value, pos = _literal(data, pos)
        else:
            word = m.group("kw")
            if word == b"true" or word == b"false":
                value = word == b"true"
            elif word == b"null":
                value = None
            else:
                raise UnsupportedError(f"keyword {word!r} inside a value")
        if not stack:
            return value, pos
        container, key = stack[-1]
        if isinstance(container, list):
            container.append(value)
        elif key is None:
            if not isinstance(value, Name):
                raise UnsupportedError("dictionary key is not a name")
            if unique and value in container:
                raise UnsupportedError(f"repeated key /{value}")
            stack[-1] = (container, value)
        else:
            container[key] = value
            stack[-1] = (container, None)


#: How an object is found: its offset in the file, (object stream number, index), or
#: ``None`` (free or absent).
Lookup = Callable[[int, int], "int | tuple[int, int] | None"]


#: A cache miss in :meth:`RawObjects.get` (``None`` is a value an object may have).
_MISSING = object()


class RawObjects:
    """Objects of one file, parsed on demand and cached.

    ``read_at(offset, size)`` gives up to ``size`` bytes of the file at ``offset``;
    ``lookup`` is the cross-reference of the reader that parsed it; ``max_stream`` bounds the
    inflated size of an object stream read here. With ``like_pyhanko`` an object pyHanko
    reads otherwise or refuses is not read here (:class:`UnsupportedError`): a dictionary
    repeating a key (pyHanko keeps the first value or, strict, refuses it; this reader keeps
    the last, as PDFium), a byte outside printable ASCII or a ``#`` (pyHanko refuses them in
    a name where this reader reads them), a reference to object 0.
    """

    def __init__(
        self,
        read_at: Callable[[int, int], bytes],
        lookup: Lookup,
        max_stream: int,
        *,
        like_pyhanko: bool = False,
    ) -> None:
        self._read_at = read_at
        self._lookup = lookup
        self._max_stream = max_stream
        self._like_pyhanko = like_pyhanko
        self._cache: dict[Ref, Any] = {}
        self._pending: set[Ref] = set()  # objects being read (a cycle is not followed)
        self._objstm: dict[int, tuple[bytes, list[int], list[int]]] = {}
        self._objstm_bytes = 0  # inflated bytes of the object streams in ``_objstm``

    def get(self, value: Any) -> Any:
        """``value`` itself, or the object it refers to."""
        if type(value) is not Ref:
            return value
        cached = self._cache.get(value, _MISSING)
        if cached is not _MISSING:
            return cached
        where = self._lookup(value.num, value.gen)
        if where is None:
            raise UnsupportedError(f"object {value.num} is absent or free")
        if value in self._pending:
            # a stream whose /Length (or an object stream that) leads back to itself
            raise UnsupportedError(f"object {value.num} refers to itself")
        self._pending.add(value)
        try:
            if isinstance(where, tuple):
                obj = self._from_objstm(value, *where)
            else:
                obj = self._at(value, where)
        finally:
            self._pending.discard(value)
        self._cache[value] = obj
        return obj

    def _at(self, ref: Ref, offset: int) -> Any:
        size = 1024  # most dictionaries fit; a bigger object is read again, 4× larger
        while True:
            data = self._read_at(offset, size)
            found = _object(data, ref)
            if type(found) is tuple:
                break
            if found == -1:
                raise UnsupportedError(f"object {ref.num}: header does not match")
            if len(data) < size or size >= _MAX_OBJECT:
                raise UnsupportedError(f"object {ref.num}: not complete or not read here")
            size *= 4
        value, data_at, start, end = found
        if self._like_pyhanko:
            _check_like_pyhanko(data[start:end], value)
        if data_at < 0:
            return value
        if not isinstance(value, dict):
            raise UnsupportedError("stream without a dictionary")
        length = self.get(value.get("Length"))
        if type(length) is not int or length < 0:
            raise UnsupportedError("stream length")
        start = offset + data_at
        if not _ENDSTREAM.match(self._read_at(start + length, 256)):
            raise UnsupportedError("stream length does not reach endstream and endobj")
        return RawStream(value, start, length)

    def raw(self, stream: RawStream) -> bytes:
        """The stream's data as stored (still encoded)."""
        if stream.data is not None:
            return stream.data
        return self._read_at(stream.start, stream.length)

    def _from_objstm(self, ref: Ref, number: int, index: int) -> Any:
        if ref.gen != 0:
            raise UnsupportedError("object stream member with a generation")
        loaded = self._objstm.get(number)
        if loaded is None:
            stream = self.get(Ref(number, 0))
            if not isinstance(stream, RawStream):
                raise UnsupportedError("object stream is not a stream")
            d = stream.dict
            if d.get("Type") != "ObjStm" or d.get("DecodeParms") is not None:
                raise UnsupportedError("object stream kind")
            if d.get("Filter") not in ("FlateDecode", "Fl"):
                raise UnsupportedError("object stream filter")
            # every object stream is kept once read: their sum, not each, is bounded (a file of
            # many streams each just under the limit would otherwise hold them all)
            data = inflate(self.raw(stream), self._max_stream - self._objstm_bytes)
            self._objstm_bytes += len(data)
            first, count = d.get("First"), d.get("N")
            if type(first) is not int or type(count) is not int or not 0 <= first <= len(data):
                raise UnsupportedError("object stream header")
            numbers = data[:first].split()
            if len(numbers) < 2 * count:
                raise UnsupportedError("object stream header")
            try:
                members = [int(numbers[2 * i]) for i in range(count)]
                offsets = [first + int(numbers[2 * i + 1]) for i in range(count)]
            except ValueError:
                raise UnsupportedError("object stream header") from None
            loaded = self._objstm[number] = (data, members, offsets)
        data, members, offsets = loaded
        if not 0 <= index < len(offsets) or members[index] != ref.num:
            raise UnsupportedError("object stream index")
        value, end = parse_value(data, offsets[index])
        if self._like_pyhanko:
            _check_like_pyhanko(data[offsets[index] : end], value)
        return value


def _object_py(data: bytes, ref: Ref) -> tuple[Any, int, int, int] | int:
    """:func:`_fastchars.parse_object` in Python: (value, offset of the stream data or -1,
    where the value's text starts and ends), -1 when the header is not ``num gen obj``, -2
    when not complete in ``data``."""
    head = _HEADER.match(data)
    if head is None or (int(head.group(1)), int(head.group(2))) != ref:
        return -1
    try:
        value, pos = parse_value_py(data, head.end())
    except UnsupportedError:
        return -2
    after = _AFTER.match(data, pos)
    if after is None:
        return -2
    return value, (-1 if after.group(1) == b"endobj" else after.end()), head.end(), pos


def _object(data: bytes, ref: Ref) -> Any:
    """``(value, data_at, start, end)``, -1 or -2 (see :func:`_object_py`); no ``cast`` here:
    it is called for every object read, and ``typing.cast`` is a call."""
    fast = _FAST
    if fast is None:
        return _object_py(data, ref)
    return fast.parse_object(data, ref.num, ref.gen)


_NAME_TOKEN = re.compile(rb"/[^" + _WS + _DELIM + rb"]*")
_NOT_PRINTABLE = re.compile(rb"[^\t\n\x0c\r\x20-\x7e]")


def _names_in(value: Any) -> int:
    """Names in ``value`` (keys included); ``-1`` if it refers to object 0."""
    if isinstance(value, dict):
        inner = [_names_in(v) for v in value.values()]
        return -1 if -1 in inner else len(value) + sum(inner)
    if isinstance(value, list):
        inner = [_names_in(v) for v in value]
        return -1 if -1 in inner else sum(inner)
    if type(value) is Ref:
        return -1 if value.num == 0 else 0
    return 1 if isinstance(value, Name) else 0


def _check_like_pyhanko(text: bytes, value: Any) -> None:
    """:class:`UnsupportedError` if pyHanko would read ``value`` (parsed from ``text``)
    otherwise or refuse it (see :class:`RawObjects`). Cheap first: without a repeated key every
    name token of the text is a name of the value; only when the counts differ (a repeated
    key, or a ``/`` in a string) is the text parsed again, slowly and exactly (in C the cheap
    part when the accelerator is built: ~0.3 µs a page dictionary against ~4)."""
    fast = _FAST
    if fast is not None:
        verdict = fast.like_pyhanko(text, value)
        if verdict == 1:
            raise UnsupportedError("a byte outside printable ASCII, a # escape, or object 0")
        if verdict == 2:
            parse_value_py(text, 0, unique=True)
        return
    if _NOT_PRINTABLE.search(text) is not None or b"#" in text:
        raise UnsupportedError("a byte outside printable ASCII, or a # escape")
    names = _names_in(value)
    if names < 0:
        raise UnsupportedError("a reference to object 0")
    if len(_NAME_TOKEN.findall(text)) != names:
        parse_value_py(text, 0, unique=True)


def inflate(data: bytes, maximum: int) -> bytes:
    """``data`` inflated; :class:`UnsupportedError` if it is damaged or inflates past ``maximum``
    (the full path then reports the bomb with its own limit)."""
    whole = inflate_whole(data, maximum)
    if whole is not None:
        return whole
    inflater = zlib.decompressobj()
    try:
        out = inflater.decompress(data, maximum + 1)
    except zlib.error:
        raise UnsupportedError("damaged deflate data") from None
    if len(out) > maximum or inflater.unconsumed_tail:
        raise UnsupportedError("inflates past the limit")
    if not inflater.eof:  # zlib.decompress (pyHanko, pypdf) refuses a truncated stream
        raise UnsupportedError("truncated deflate data")
    return out


#: What ends PDFium's ASCII85 data: any byte but ``!``–``u``, ``z`` and four whitespaces.
_A85_END = re.compile(rb"[^!-uz \t\r\n]")


def a85_like_pdfium(data: bytes) -> bytes:
    """ASCII85 decoded the way PDFium's ``A85Decode`` does it: up to the first byte that is
    not ASCII85 (``~``, ``v``, a NUL...) -- the data before it is decoded, never refused; a
    ``z`` inside a group drops the partial group; a group past 2**32 wraps. A guard that
    refused such data as broken let PDFium inflate the bomb before the junk."""
    end = _A85_END.search(data)
    body = (data if end is None else data[: end.start()]).translate(None, b" \t\r\n")
    segments = body.split(b"z")
    out = bytearray()
    for number, segment in enumerate(segments):
        if number:
            out += bytes(4)
        full = len(segment) - len(segment) % 5
        try:
            out += base64.a85decode(segment[:full])
        except ValueError:  # a group past 2**32: PDFium's 32-bit sum wraps
            for at in range(0, full, 5):
                out += _a85_group(segment[at : at + 5]).to_bytes(4, "big")
        rest = segment[full:]
        if number == len(segments) - 1 and len(rest) > 1:
            value = _a85_group(rest + b"u" * (5 - len(rest)))
            out += value.to_bytes(4, "big")[: len(rest) - 1]
    return bytes(out)


def _a85_group(group: bytes) -> int:
    value = 0
    for c in group:
        value = (value * 85 + c - 33) & 0xFFFFFFFF
    return value


def _accelerator() -> Any:
    """``_fastchars`` when built and not turned off (``VNDOCSIGN_PURE_PYTHON=1``)."""
    if os.environ.get("VNDOCSIGN_PURE_PYTHON", "") not in ("", "0"):
        return None
    try:
        from vndocsign.pdf import _fastchars
    except ImportError:  # not compiled: the Python readers
        return None
    _fastchars.configure_raw(Ref, Name)
    return _fastchars


_FAST = _accelerator()
#: The C readers (tests switch them off to compare), or ``None``.
_PARSE: Callable[[bytes, int], tuple[Any, int] | None] | None = (
    _FAST.parse_value if _FAST is not None else None
)
