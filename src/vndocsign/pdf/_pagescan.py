"""The guard's page walk and every page's "new document?" marker in one cheap pass (issue 17).

Why: to place a signature the SDK must know where the main document ends, which means
looking at the top of *every* page for the next document's Quốc hiệu or a ``Phụ lục``
heading (:func:`~vndocsign.pdf.segment_document`). Asking PDFium for each page's raw text
cost ~1 ms a page (its page and text-page load), and the guard's pypdf walk another
~0.35 ms: a 200-page báo cáo cost 9× a 5-page one for work that does not grow with it.

The guard already inflates every page's content stream (against ``max_stream_size``); this
module reads the text those streams show on the way: a tokenizer (C ``content_text`` in
``_rawscan.h`` when the accelerator is built, :mod:`~vndocsign.pdf._pagecontent` in Python)
follows what PDFium shows — the operand of ``Tj ' " TJ``, the font set by ``Tf`` and kept by
``q``/``Q``, inline dictionaries skipped — and maps each code through its font's
``/ToUnicode`` CMap (or a standard encoding) straight to the folded capital letters the marker
compares (``CỘNG`` -> ``CONG``). The result has the letters of PDFium's raw text folded the same
way, in content order (PDFium sometimes reorders a few glyphs of a line by position: on 11 of
175 corpus pages, never changing :func:`has_marker`); PDFium's exact glyph-level test then
runs only on pages that may open a part (``Phụ lục``, or every pair of the Quốc hiệu).

It is conservative by construction: whatever it cannot read exactly — a font without a
usable ``/ToUnicode`` or standard encoding, a code its CMap does not map, a Type3, Symbol or
symbolic font, a form XObject, an inline image, ``/ActualText``, text under 0.1 pt (which
PDFium may drop), a filter other than Flate after the ASCII stages — gives ``None`` for that
page, and the page falls back to PDFium's marker. Objects are read by
:mod:`~vndocsign.pdf._rawobj`; anything it does not read exactly sends the whole walk back
to pypdf (:class:`~vndocsign.pdf._rawobj.UnsupportedError`). Cost (issue 17): 0.03–0.1 ms a
page with the guard's own checks, by how much content a page holds: inflating
(:mod:`~vndocsign.pdf._inflate`, libdeflate where present) and the tokenizer follow its bytes
(~20 instructions a byte of Word content, most of them in the tokenizer's dispatch).
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections.abc import Callable
from typing import Any

from vndocsign._limits import Limits
from vndocsign.pdf._guard import _inflated_from, _stream_error, _TreeWalk, unwrap_ascii
from vndocsign.pdf._inflate import inflate_whole
from vndocsign.pdf._pagecontent import Runs, content_runs_py
from vndocsign.pdf._rawobj import (
    _FAST,
    Name,
    RawObjects,
    RawStream,
    Ref,
    UnsupportedError,
    inflate,
)

__all__ = ["fast_walk", "fold_text", "page_marker"]

_NOT_LETTER = re.compile(rb"[^A-Z0-9]+")
#: What an unmapped code folds to: its presence makes the page's marker unknown.
_UNKNOWN = "\x00"


def fold_text(text: str) -> str:
    """Capital ASCII letters and digits only, diacritics dropped (``Cộng hòa`` -> ``CONGHOA``;
    ``Đ`` dropped: no marker word has one)."""
    ascii_ = unicodedata.normalize("NFD", text).encode("ascii", "ignore").upper()
    return _NOT_LETTER.sub(b"", ascii_).decode("ascii")


class _FoldTable(dict[int, str]):
    """``str.translate`` table: code -> folded text; an unmapped code -> :data:`_UNKNOWN`."""

    def __missing__(self, key: int) -> str:
        return _UNKNOWN


class _Font:
    """A font's code -> folded text table (``str.translate`` form; a tuple and packed bytes
    for C)."""

    __slots__ = ("by_code", "packed", "table", "two_byte")

    def __init__(self, two_byte: bool, table: _FoldTable) -> None:
        self.two_byte = two_byte
        self.table = table
        size = max(table, default=-1) + 1
        by_code: list[str | None] = [None] * size
        # for C: 4 bytes a code, (length, up to 3 letters); 255: not mapped, 254: longer
        packed = bytearray(b"\xff\x00\x00\x00" * size)
        for code, text in table.items():
            by_code[code] = text
            folded = text.encode("ascii")
            if len(folded) <= 3:
                packed[4 * code : 4 * code + 1 + len(folded)] = bytes([len(folded)]) + folded
            else:
                packed[4 * code] = 254
        self.by_code = tuple(by_code)
        self.packed = bytes(packed)

    def fold(self, codes: bytes) -> str:
        """The folded text of ``codes`` (:data:`_UNKNOWN` in it if a code is not mapped)."""
        if _FAST is not None:
            folded = _FAST.fold_codes(codes, self.two_byte, self.by_code)
            return _UNKNOWN if folded is None else folded
        if self.two_byte:
            if len(codes) % 2:
                return _UNKNOWN
            text = codes.decode("utf-16-be", "surrogatepass")
            if len(text) * 2 != len(codes):  # a surrogate pair joined two codes
                pairs = range(0, len(codes), 2)
                text = "".join(chr(int.from_bytes(codes[i : i + 2])) for i in pairs)
        else:
            text = codes.decode("latin-1")
        return text.translate(self.table)


# -- fonts -------------------------------------------------------------------------------

_CMAP_SECTION = re.compile(rb"begin(bfchar|bfrange)(.*?)end\1", re.S)
_HEX = re.compile(rb"<([0-9A-Fa-f\s]*)>")
_RANGE = re.compile(rb"<([0-9A-Fa-f\s]*)>\s*<([0-9A-Fa-f\s]*)>\s*(<[0-9A-Fa-f\s]*>|\[[^\]]*\])")
#: Codes a CMap may map here (a bigger one is left to PDFium).
_MAX_CMAP_CODES = 70_000

_UNDEFINED_1252 = (0x81, 0x8D, 0x8F, 0x90, 0x9D)
_WINANSI = {b: bytes([b]).decode("cp1252") for b in range(256) if b not in _UNDEFINED_1252}
_MACROMAN = {b: bytes([b]).decode("mac_roman") for b in range(256)}
#: StandardEncoding agrees with ASCII on letters and digits; its upper half is left unknown.
_STANDARD = {b: chr(b) for b in range(0x20, 0x7F) if b not in (0x27, 0x60)}
_ENCODINGS = {
    "WinAnsiEncoding": _WINANSI,
    "MacRomanEncoding": _MACROMAN,
    "StandardEncoding": _STANDARD,
}
_DIGIT_NAMES = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_GLYPHS = {n: str(i) for i, n in enumerate(_DIGIT_NAMES)} | {"space": " ", "period": "."}
_UNI_NAME = re.compile(r"uni([0-9A-F]{4})$")


def _utf16(raw: bytes) -> str:
    """A CMap destination's text; ``""`` for an empty or odd-length one, which PDFium does
    not take as a mapping (it falls back to the font's encoding)."""
    digits = re.sub(rb"\s", b"", raw)
    if len(digits) % 2:
        return ""
    return bytes.fromhex(digits.decode()).decode("utf-16-be", "replace")


def _cmap(data: bytes, two_byte: bool) -> dict[int, str] | None:
    """Code -> Unicode of a ToUnicode CMap (``None``: not read exactly here)."""
    if b"usecmap" in data:
        return None
    width = 4 if two_byte else 2
    out: dict[int, str] = {}

    def code(raw: bytes) -> int | None:
        digits = re.sub(rb"\s", b"", raw)
        if len(digits) != width and not (not two_byte and len(digits) == 4 and digits[:2] == b"00"):
            return None
        return int(digits, 16)

    for kind, body in _CMAP_SECTION.findall(data):
        if kind == b"bfchar":
            pairs = _HEX.findall(body)
            if len(pairs) % 2:
                return None
            for src, dst in zip(pairs[::2], pairs[1::2], strict=True):
                c = code(src)
                if c is None:
                    return None
                text = _utf16(dst)
                if text:
                    out[c] = text
                else:
                    out.pop(c, None)  # not a mapping: the encoding's (or unknown)
            continue
        for lo_raw, hi_raw, dst in _RANGE.findall(body):
            lo, hi = code(lo_raw), code(hi_raw)
            if lo is None or hi is None or hi < lo or len(out) + hi - lo > _MAX_CMAP_CODES:
                return None
            if dst.startswith(b"["):
                for offset, item in enumerate(_HEX.findall(dst)[: hi - lo + 1]):
                    text = _utf16(item)
                    if text:
                        out[lo + offset] = text
                    else:
                        out.pop(lo + offset, None)
                continue
            first = _utf16(dst[1:-1])
            if not first:
                return None
            head, last = first[:-1], ord(first[-1])
            for offset in range(hi - lo + 1):
                out[lo + offset] = head + chr(min(last + offset, 0x10FFFF))
    return out


def _simple_encoding(objs: RawObjects, font: dict[str, Any]) -> dict[int, str] | None:
    """Code -> Unicode of a simple font from its ``/Encoding`` (``None``: not known here)."""
    enc = objs.get(font.get("Encoding"))
    descriptor = objs.get(font.get("FontDescriptor"))
    flags = objs.get(descriptor.get("Flags")) if isinstance(descriptor, dict) else None
    if isinstance(flags, int) and flags & 4:  # symbolic: the font program decides
        return None
    standard = font.get("Subtype") == "Type1" and descriptor is None  # a standard 14 font
    if standard:
        basefont = str(objs.get(font.get("BaseFont")) or "").lower()
        if "symbol" in basefont or "dingbats" in basefont:
            return None  # their own built-in encoding, whatever /Encoding names (PDFium)
    if enc is None:
        return _STANDARD if standard else None  # else: the font program's own encoding
    if isinstance(enc, Name):
        return _ENCODINGS.get(enc)
    if not isinstance(enc, dict):
        return None
    base = enc.get("BaseEncoding")
    table = dict(_ENCODINGS.get(base, {}) if base is not None else _STANDARD)
    if base is not None and base not in _ENCODINGS:
        return None
    code = None
    for item in objs.get(enc.get("Differences")) or ():
        if isinstance(item, int):
            code = item
        elif isinstance(item, Name) and code is not None:
            table.pop(code, None)
            glyph = str(item)
            if len(glyph) == 1 and glyph.isascii() and glyph.isalpha():
                table[code] = glyph
            elif glyph in _GLYPHS:
                table[code] = _GLYPHS[glyph]
            elif (uni := _UNI_NAME.match(glyph)) is not None:
                table[code] = chr(int(uni.group(1), 16))
            code += 1
    return table


def _font(objs: RawObjects, value: Any) -> _Font | None:
    font = objs.get(value)
    if not isinstance(font, dict):
        return None
    subtype = font.get("Subtype")
    tounicode = objs.get(font.get("ToUnicode"))
    if subtype == "Type0":
        if font.get("Encoding") not in ("Identity-H", "Identity-V"):
            return None
        if not isinstance(tounicode, RawStream):
            return None
        mapped = _cmap(_stream_data(objs, tounicode), two_byte=True)
        if mapped is None:
            return None
        return _Font(True, _fold_table(mapped))
    if subtype not in ("Type1", "TrueType", "MMType1"):
        return None  # Type3 and anything else: PDFium decides
    mapped = {}
    if isinstance(tounicode, RawStream):
        from_cmap = _cmap(_stream_data(objs, tounicode), two_byte=False)
        if from_cmap is None:
            return None
        mapped = from_cmap
    encoding = _simple_encoding(objs, font)
    if encoding is not None:
        mapped = encoding | mapped
    elif not mapped:
        return None
    return _Font(False, _fold_table(mapped))


def _fold_table(mapped: dict[int, str]) -> _FoldTable:
    table = _FoldTable()
    for code, text in mapped.items():
        table[code] = fold_text(text) if not (text.isascii() and text.isalnum()) else text.upper()
    return table


def _stream_data(objs: RawObjects, stream: RawStream) -> bytes:
    """A font's CMap stream inflated (bounded; Flate or none)."""
    filters = stream.dict.get("Filter")
    raw = objs.raw(stream)
    if filters is None:
        return raw
    if filters in ("FlateDecode", "Fl", ["FlateDecode"]) and stream.dict.get("DecodeParms") is None:
        return inflate(raw, 16 << 20)
    raise UnsupportedError("CMap filter")


# -- page content --------------------------------------------------------------------------

#: The Quốc hiệu's word pairs, each as it folds: a page opening a document shows all four
#: (in pieces drawn in any order, each piece in order).
_QUOC_HIEU_PIECES = ("CONGHOA", "XAHOI", "CHUNGHIA", "VIETNAM")


#: A page's fonts for the C reader: resource name (bytes) -> (two-byte codes, folded text by
#: code), ``None`` for a font not read here.
CFonts = dict[bytes, tuple[bool, tuple[str | None, ...], bytes] | None]


def c_fonts(fonts: dict[str, _Font | None]) -> CFonts:
    return {
        name.encode("latin-1"): None if font is None else (font.two_byte, font.by_code, font.packed)
        for name, font in fonts.items()
    }


def page_marker(
    content: bytes, fonts: dict[str, _Font | None], c_map: CFonts | None = None
) -> str | None:
    """The folded text ``content`` shows, in content order (``None``: not read exactly).

    In one C call when the accelerator is built (``c_map``: :func:`c_fonts` of ``fonts``,
    made once per resources); else the runs of :func:`content_runs_py` through each font."""
    if _FAST is not None and _RUNS is _FAST.content_runs:  # /ActualText: see below, in C
        text: str | None = _FAST.content_text(content, c_fonts(fonts) if c_map is None else c_map)
        return text
    if b"ActualText" in content or (b"#" in content and b"BDC" in content):
        return None  # PDFium reads a marked sequence's /ActualText (# escapes too), not glyphs
    runs = _RUNS(content)
    if runs is None:
        return None
    parts: list[str] = []
    for name, codes in runs:
        if name is None or b"#" in name:
            return None
        font = fonts.get(name.decode("latin-1"))
        if font is None:
            return None
        parts.append(font.fold(codes))
    folded = "".join(parts)
    return None if _UNKNOWN in folded else folded


def has_marker(folded: str) -> bool:
    """Whether a page whose folded text is ``folded`` may open a part, so that the exact test
    (:func:`~vndocsign.pdf.page_starts_part`) must run on it: ``Phụ lục`` somewhere, or every
    pair of the Quốc hiệu. Not any one pair: ``Việt Nam`` and ``Cộng hòa`` are in the body
    text of most long documents, and each such page cost a PDFium text layer (34 of 200 pages
    of a Word-made báo cáo, 6× the 5-page cost).

    A character printed twice over itself (fake bold by overprinting) is one character to
    PDFium, which drops the copy, but two in the content stream: ``PPHHUU`` must still
    count, so each letter of a word may also repeat (``P+H+U+L+U+C+``: the words as the text
    with its runs of one letter squeezed would hold them; no marker word holds a doubled
    letter). In C (squeezed, then searched) when the accelerator is built, else regular
    expressions: ``re.sub`` squeezing the text cost 30 ms on a 200-page file.
    """
    if _FAST is not None and folded.isascii():
        return bool(_FAST.may_open_part(folded))
    if "PHULUC" in folded or all(piece in folded for piece in _QUOC_HIEU_PIECES):
        return True
    return _PHU_LUC_RUNS.search(folded) is not None or all(
        runs.search(folded) is not None for runs in _QUOC_HIEU_RUNS
    )


def _runs_of(word: str) -> re.Pattern[str]:
    return re.compile("".join(f"{letter}+" for letter in word))


_PHU_LUC_RUNS = _runs_of("PHULUC")
_QUOC_HIEU_RUNS = tuple(_runs_of(piece) for piece in _QUOC_HIEU_PIECES)


# -- the walk --------------------------------------------------------------------------------


def _inflate_counted(raw: bytes, maximum: int) -> tuple[bytes | None, int]:
    """(data or ``None`` if damaged, bytes inflated): the count as the guard's
    ``_inflated_from`` makes it (a damaged stream counts what inflated before the damage)."""
    whole = inflate_whole(raw, maximum)
    if whole is not None:
        return whole, len(whole)
    inflater = zlib.decompressobj()
    try:
        out = inflater.decompress(raw, maximum + 1)
    except zlib.error:
        return None, _inflated_from(memoryview(raw), maximum)
    return out, len(out)


class _FastWalk(_TreeWalk):
    """:class:`vndocsign.pdf._guard._Walk` on :class:`RawObjects`, with the markers."""

    def __init__(self, lim: Limits, objs: RawObjects) -> None:
        super().__init__(lim)
        self.objs = objs
        self.markers: list[str | None] = []
        self._fonts: dict[Any, _Font | None] = {}
        #: id() of a resolved /Font (or resources) dictionary, kept alive by the reader's
        #: cache, or its (name, Ref) pairs -> the page's fonts by resource name (``None``: not
        #: readable)
        self._font_maps: dict[object, tuple[dict[str, _Font | None], CFonts] | None] = {}
        #: form XObject (object number, or id) -> whether it may show text. Word writes its
        #: drawings (shapes, charts, equations) as forms ``/Meta62``: one without text need not
        #: send the page to PDFium.
        self._form_text: dict[object, bool] = {}
        #: id() of a resources dictionary -> whether its /Properties may hold /ActualText
        self._properties: dict[int, bool] = {}

    def _key(self, ref: Any) -> int | None:
        return ref.num if type(ref) is Ref else None

    def _node(self, ref: Any, inherited: Any) -> tuple[Any, list[Any] | None, Any]:
        node = self.objs.get(ref)
        if not isinstance(node, dict):
            raise UnsupportedError("page tree node is not a dictionary")
        resources = node.get("Resources", inherited)
        kids = node.get("Kids")
        if kids is None or node.get("Type") == "Page":
            return node, None, resources
        kids = self.objs.get(kids)
        if not isinstance(kids, list):
            raise UnsupportedError("/Kids is not an array")
        return node, kids, resources

    def _visit(self, page: Any, resources: Any) -> None:
        self.markers.append(self.page(page, resources))

    def page(self, page: dict[str, Any], resources: Any) -> str | None:
        """The guard's checks of one page; its marker (``None``: unknown)."""
        contents = self.objs.get(page.get("Contents"))
        datas: list[bytes | None] = []
        if contents is not None:
            items = contents if isinstance(contents, list) else [contents]
            for item in items:
                stream = self.objs.get(item)
                if not isinstance(stream, RawStream):
                    raise UnsupportedError("content is not a stream")
                first = self._first(item)
                datas.append(self.stream(stream, check=first))
        if self.resources(resources) == _FORM_TEXT or any(d is None for d in datas):
            return None
        resolved = self.objs.get(resources)
        if self._actual_text(resolved):
            return None
        # pages share their font dictionary (reportlab: one /Font object under resources
        # written inline on every page); the reader's cache keeps both alive, so id() holds
        # and pages that each have their own /Font dictionary name the same fonts (Word, pypdf):
        # keyed by its (name, reference) pairs when every font is a reference
        font_dict = self.objs.get(resolved.get("Font")) if isinstance(resolved, dict) else None
        key = id(font_dict) if isinstance(font_dict, dict) else id(resolved)
        maps = self._font_maps.get(key, _NO_MAPS)
        if maps is _NO_MAPS:
            pairs = None
            if isinstance(font_dict, dict) and all(type(v) is Ref for v in font_dict.values()):
                pairs = tuple(font_dict.items())
                maps = self._font_maps.get(pairs, _NO_MAPS)
            if maps is _NO_MAPS:
                fonts = self._page_fonts(resolved)
                maps = None if fonts is None else (fonts, c_fonts(fonts))
            self._font_maps[key] = maps
            if pairs is not None:
                self._font_maps[pairs] = maps
        if maps is None:
            return None
        # several content streams are one, joined as PDFium joins them: with a space (a
        # comment ending one stream runs on into the next, up to its first end of line)
        parts = [d for d in datas if d is not None]
        return page_marker(parts[0] if len(parts) == 1 else b" ".join(parts), *maps)

    def _actual_text(self, resources: Any) -> bool:
        """Whether a marked-content property list of ``resources`` (``/MC0 BDC`` names one in
        ``/Properties``) may carry ``/ActualText``, which PDFium reads instead of the glyphs
        (the content stream's own ``<< /ActualText ... >> BDC`` is found in its bytes)."""
        if not isinstance(resources, dict) or "Properties" not in resources:
            return False
        key = id(resources)
        if key not in self._properties:
            props = self.objs.get(resources.get("Properties"))
            self._properties[key] = not isinstance(props, dict) or any(
                not isinstance(entry := self.objs.get(value), dict) or "ActualText" in entry
                for value in props.values()
            )
        return self._properties[key]

    def _page_fonts(self, resources: Any) -> dict[str, _Font | None] | None:
        if resources is None:
            return {}
        if not isinstance(resources, dict):
            return None
        fonts = self.objs.get(resources.get("Font"))
        if fonts is None:
            return {}
        if not isinstance(fonts, dict):
            return None
        out: dict[str, _Font | None] = {}
        for name, value in fonts.items():
            key = value if type(value) is Ref else id(value)
            if key not in self._fonts:
                try:
                    self._fonts[key] = _font(self.objs, value)
                except UnsupportedError:
                    self._fonts[key] = None
            out[name] = self._fonts[key]
        return out

    def _first(self, ref: Any) -> bool:
        if type(ref) is not Ref:
            return True
        if ref in self.streams:
            return False
        self.streams.add(ref)
        return True

    def resources(self, resources: Any) -> int:
        """The guard's check of the form XObjects: :data:`_NO_FORM`, :data:`_FORM_TEXTLESS`
        (every form shows no text: it adds nothing to PDFium's text of the page) or
        :data:`_FORM_TEXT` (a form may show text: the page is left to PDFium)."""
        resources = self.objs.get(resources)
        if resources is None:
            return _NO_FORM
        if not isinstance(resources, dict):
            raise UnsupportedError("resources are not a dictionary")
        xobjects = self.objs.get(resources.get("XObject"))
        if xobjects is None:
            return _NO_FORM
        if not isinstance(xobjects, dict):
            raise UnsupportedError("XObject is not a dictionary")
        forms = _NO_FORM
        for ref in xobjects.values():
            xobject = self.objs.get(ref)
            if not isinstance(xobject, RawStream):
                raise UnsupportedError("XObject is not a stream")
            subtype = self.objs.get(xobject.dict.get("Subtype"))
            if subtype not in ("Image", "Form"):
                raise UnsupportedError("XObject subtype")
            if subtype == "Image":
                continue
            if self._first(ref):  # checked once; whether it shows text, kept
                data = self.stream(xobject, check=True)
                inner = self.resources(xobject.dict.get("Resources"))
                self._form_text[_form_key(ref)] = (
                    inner == _FORM_TEXT or data is None or (page_marker(data, {}, {}) != "")
                )
            shows = self._form_text.get(_form_key(ref), True)
            forms = max(forms, _FORM_TEXT if shows else _FORM_TEXTLESS)
        return forms

    def stream(self, stream: RawStream, *, check: bool) -> bytes | None:
        """The stream's data (Flate or none), checked against ``max_stream_size`` as the
        guard does (first filter Flate); ``None`` when not readable here."""
        filters = self.objs.get(stream.dict.get("Filter"))
        names = filters if isinstance(filters, list) else [] if filters is None else [filters]
        if not all(isinstance(n, Name) for n in names):
            raise UnsupportedError("filter names")
        raw = self.objs.raw(stream)
        unwrapped = unwrap_ascii(raw, [str(n) for n in names])
        if unwrapped is None:
            return None
        encoded, rest = unwrapped
        if not rest:
            return encoded
        if rest[0] not in ("FlateDecode", "Fl"):
            return None
        data, inflated = _inflate_counted(encoded, self.lim.max_stream_size)
        if check and inflated > self.lim.max_stream_size:
            raise _stream_error(self.lim, inflated)
        if len(rest) > 1 or stream.dict.get("DecodeParms") is not None:
            return None
        return data


#: Not in ``_FastWalk._font_maps`` yet (``None`` there: fonts not readable).
_NO_MAPS: Any = object()

#: What a page's form XObjects add to its text (:meth:`_FastWalk.resources`).
_NO_FORM, _FORM_TEXTLESS, _FORM_TEXT = 0, 1, 2


def _form_key(ref: Any) -> object:
    return ref.num if type(ref) is Ref else id(ref)


def fast_walk(objs: RawObjects, pages: Any, lim: Limits) -> list[str | None]:
    """The guard's walk of the page tree at ``pages``; every page's marker in page order.

    Raises the guard's errors, or :class:`UnsupportedError` (the caller walks with pypdf)."""
    walk = _FastWalk(lim, objs)
    walk.tree(pages)
    return walk.markers


#: The content tokenizer: C when the accelerator is built, else :func:`content_runs_py`.
_RUNS: Callable[[bytes], Runs | None] = _FAST.content_runs if _FAST is not None else content_runs_py
