"""The strict raw object reader (``vndocsign.pdf._rawobj``) and the C loops behind the page
scan (``_rawscan.h`` in ``_fastchars``), issue 17.

The C readers and their Python readings must give the same values — on every object of the
shared corpus and of generated (and pyHanko-signed) files, on hand-picked edge cases, and on
a seeded fuzz — and anything not read exactly must be refused, never guessed. The page-level
property (markers against PDFium) is in test_rawscan_pages.py.
"""

from __future__ import annotations

import base64
import io
import logging
import random
import re
import zlib
from pathlib import Path
from typing import Any

import pytest

from tests.pdf.rawscan_support import (
    both_parsers,
    corpus_file,
    corpus_params,
    generated,
    generated_names,
    multi_document,
    needs_c,
    sign,
    strict,
)
from tests.pki.fixtures import vn_pki  # noqa: F401 - session fixture
from vndocsign.pdf import _ascii, _guard, _pagescan, _rawobj
from vndocsign.pdf._rawobj import Name, RawObjects, RawStream, Ref, UnsupportedError

# -- parse_value: C and Python alike on whole files ------------------------------------------


def _reader(data: bytes) -> Any:
    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    return PdfReader(io.BytesIO(data), strict=False)


def _compare_every_object(data: bytes) -> int:
    """Parse every plain object (after its header) and every object stream member with both
    readers; the number of values both read."""
    reader = _reader(data)
    read = 0
    for gen, table in reader.xref.items():
        for num, offset in table.items():
            head = _rawobj._HEADER.match(data, offset)
            if head is None or (int(head.group(1)), int(head.group(2))) != (num, gen):
                continue  # pypdf repaired this entry: the raw reader refuses it (tested below)
            c, py = both_parsers(data, head.end())
            assert c == py, f"object {num} {gen} at {offset}"
            read += c != "unsupported"
    for stm in sorted({int(s) for s, _ in reader.xref_objStm.values()}):
        try:
            body = reader.get_object(stm).get_data()
        except Exception:  # noqa: S112 - a damaged object stream is pypdf's business
            continue
        first = int(reader.get_object(stm)["/First"])
        numbers = body[:first].split()
        for k in range(1, len(numbers), 2):
            c, py = both_parsers(body, first + int(numbers[k]))
            assert c == py, f"object stream {stm} member {k // 2}"
            read += c != "unsupported"
    return read


@pytest.mark.parametrize("path", corpus_params())
def test_c_and_python_parse_every_object_of_the_corpus_alike(path: Path) -> None:
    needs_c()
    data = path.read_bytes()
    try:
        _reader(data).xref  # noqa: B018 - pypdf parses the cross-reference lazily
    except Exception as exc:
        pytest.skip(f"pypdf cannot read {path.name}: {exc}")
    assert _compare_every_object(data) > 0


@pytest.mark.parametrize("name", generated_names())
def test_c_and_python_parse_every_object_of_generated_files_alike(name: str) -> None:
    needs_c()
    assert _compare_every_object(generated(name)) > 10


def test_c_and_python_parse_every_object_of_a_pyhanko_signed_file_alike(vn_pki: Any) -> None:
    needs_c()
    signed = sign(multi_document(), vn_pki)
    assert _compare_every_object(signed) > 10
    # the signature dictionary (its long /Contents hex string) is among them
    start = signed.rindex(b"/ByteRange")
    head = signed.rindex(b" obj", 0, start)
    c, _ = both_parsers(signed, head + 4)
    assert c != "unsupported" and any(k == "Contents" for _t, k, _v in c[0][1])


# -- parse_value: edge cases, both paths -------------------------------------------------------

UNSUPPORTED = "unsupported"
CASES: list[tuple[bytes, Any]] = [
    (rb"(a\101\60\0b)", b"aA0\x00b"),
    (rb"(\777\400)", b"\xff\x00"),  # past 255: the low byte (PDF 32000 7.3.4.2)
    (rb"(\0053)", b"\x053"),  # at most three octal digits
    (rb"(\(\)\\)", b"()\\"),
    (rb"(\\\()", b"\\("),
    (rb"(a\qb\8)", b"aqb8"),  # an unknown escape: the backslash is dropped
    (b"(ab\\\ncd\\\r\nef\\\rgh)", b"abcdefgh"),  # backslash + end of line: continued
    (b"(a\rb\r\nc\nd)", b"a\nb\nc\nd"),  # any end of line reads as \n
    (b"(a(b(c)d)e)", b"a(b(c)d)e"),  # balanced parentheses need no escape
    (rb"(\n\r\t\b\f)", b"\n\r\t\b\f"),
    (b"()", b""),
    (b"<>", b""),
    (b"<48 65\n6c6C 6f>", b"Hello"),
    (b"<123>", b"\x12\x30"),  # an odd digit count: a 0 appended
    (b"/A#20B", Name("A B")),
    (b"/A#2", Name("A#2")),
    (b"/#e1#BB#99", Name("\xe1\xbb\x99")),  # bytes read as latin-1
    (b"/", Name("")),
    (b"12 0 R", Ref(12, 0)),
    (b"12 0", 12),
    (b"+12 0 R", 12),  # a sign: never a reference; the value ends at 12
    (b"12 0 Rx", 12),
    (b"12\n0\rR", Ref(12, 0)),
    (b".5", 0.5),
    (b"-3.", -3.0),
    (b"-.25", -0.25),
    (b"+7", 7),
    (b"007", 7),
    (b"true", True),
    (b"false", False),
    (b"null", None),
    (b"[1 0 R 2 0 R /N (s) [true] << >>]", [Ref(1, 0), Ref(2, 0), Name("N"), b"s", [True], {}]),
    (b"<< /A 1 /A 2 >>", {Name("A"): 2}),  # the last duplicate wins, as in pypdf
    (
        b"<</A/B/C[1 2]/D<</E null>>>>",
        {Name("A"): Name("B"), Name("C"): [1, 2], Name("D"): {Name("E"): None}},
    ),
    (b"% c\n<< % c (\n /A % ]\n 1 >>", {Name("A"): 1}),  # comments anywhere between tokens
    (b"1.2.3", UNSUPPORTED),
    (b"1-2", UNSUPPORTED),
    (b"--1", UNSUPPORTED),
    (b".", UNSUPPORTED),
    (b"1e5", UNSUPPORTED),
    (b"(abc", UNSUPPORTED),
    (rb"(abc\)", UNSUPPORTED),
    (b"<< /A 1", UNSUPPORTED),
    (b"<< /A >>", UNSUPPORTED),
    (b"<< 1 2 >>", UNSUPPORTED),
    (b"[1 2", UNSUPPORTED),
    (b"[1 >>", UNSUPPORTED),
    (b"<< /A ]", UNSUPPORTED),
    (b"<4G>", UNSUPPORTED),
    (b"<41", UNSUPPORTED),
    (b")", UNSUPPORTED),
    (b"]", UNSUPPORTED),
    (b"{1}", UNSUPPORTED),
    (b"R", UNSUPPORTED),
    (b"stream", UNSUPPORTED),
    (b"truex", UNSUPPORTED),
    (b"", UNSUPPORTED),
    (b"   % only a comment", UNSUPPORTED),
    (b"1" * 5000, UNSUPPORTED),  # past Python's int_max_str_digits: refused, not ValueError
    (b"1" * 80, int(b"1" * 80)),  # a long number is read, however long
    (b"7 " + b"9" * 40 + b" R", Ref(7, int(b"9" * 40))),
    (b"[" * 64 + b"]" * 64, "depth64"),
    (b"[" * 65 + b"]" * 65, UNSUPPORTED),  # nested deeper than 64
    (b"<<" + b"/A <<" * 64 + b">>" * 65, UNSUPPORTED),
]


#: Where the value ends when it is not the whole text.
_ENDS = {b"12 0": 2, b"+12 0 R": 3, b"12 0 Rx": 2}


def _nested(depth: int) -> Any:
    value: Any = []
    for _ in range(depth - 1):
        value = [value]
    return value


@pytest.fixture(params=["c", "python"])
def parse(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """``_rawobj.parse_value`` in C, then in Python."""
    if request.param == "c":
        needs_c()
    else:
        monkeypatch.setattr(_rawobj, "_PARSE", None)
    return str(request.param)


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[repr(t[:24]) for t, _ in CASES])
def test_parse_value_reads_exactly_or_refuses(parse: str, text: bytes, expected: Any) -> None:
    if expected == "depth64":
        expected = _nested(64)
    if expected == UNSUPPORTED:
        with pytest.raises(UnsupportedError):
            _rawobj.parse_value(b" " + text, 1)
        return
    data = b" " + text + b" /Next"
    value, end = _rawobj.parse_value(data, 1)
    assert strict(value) == strict(expected)
    assert end == 1 + _ENDS.get(text, len(text))


def test_parse_value_refuses_positions_outside_the_data(parse: str) -> None:
    for pos in (-1, 3, 100):
        with pytest.raises(UnsupportedError):
            _rawobj.parse_value(b"1 2", pos)
    assert _rawobj.parse_value(b"1 2", 2) == (2, 3)


def test_unescape_fast_path_equals_the_slow_one() -> None:
    rng = random.Random(17)
    alphabet = b"ab()\\nrtbf01234567\r\n89x "
    for _ in range(3000):
        body = bytes(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        if body.rstrip(b"\\") != body and (len(body) - len(body.rstrip(b"\\"))) % 2:
            body += b"\\"  # never a lone trailing backslash (the closing paren escaped)
        assert _rawobj._unescape(body) == _rawobj._unescape_slow(
            body.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        ), body


# -- RawObjects ---------------------------------------------------------------------------


def _objects(*bodies: bytes, at: dict[int, int] | None = None) -> tuple[RawObjects, bytes]:
    """RawObjects over ``bodies`` (numbered from 1), by their offsets (or ``at``)."""
    data = bytearray(b"%PDF-1.7\n")
    offsets = {}
    for num, body in enumerate(bodies, 1):
        offsets[num] = len(data)
        data += b"%d 0 obj\n" % num + body + b"\nendobj\n"
    if at:
        offsets.update(at)
    raw = bytes(data)

    def lookup(num: int, gen: int) -> int | tuple[int, int] | None:
        return offsets.get(num) if gen == 0 else None

    return RawObjects(lambda o, n: raw[o : o + n], lookup, 1 << 20), raw


def test_raw_objects_read_dictionaries_streams_and_big_objects() -> None:
    big = b"[" + b" ".join(b"(%d)" % i for i in range(3000)) + b"]"
    objs, _ = _objects(
        b"<< /Kids [2 0 R] /N 3 >>",
        b"<< /Length 3 0 R >>\nstream\r\nabc\r\nendstream",
        b"3",
        big,
    )
    assert objs.get(Ref(1, 0)) == {"Kids": [Ref(2, 0)], "N": 3}
    stream = objs.get(Ref(2, 0))
    assert isinstance(stream, RawStream) and stream.dict == {"Length": Ref(3, 0)}
    assert objs.raw(stream) == b"abc"  # after "stream\r\n", up to /Length
    assert objs.get(Ref(4, 0)) == [str(i).encode() for i in range(3000)]  # past the first read
    assert objs.get(7) == 7  # not a reference: itself


def test_raw_objects_refuse_a_header_that_does_not_match() -> None:
    objs, _ = _objects(b"<< >>", b"<< >>", at={2: 9})  # 2 points at object 1
    with pytest.raises(UnsupportedError, match="header"):
        objs.get(Ref(2, 0))
    with pytest.raises(UnsupportedError, match="absent"):
        objs.get(Ref(1, 1))
    assert objs.get(Ref(1, 0)) == {}


@pytest.mark.parametrize("length", [b"2", b"1", b"100", b"-1", b"(3)", b"2.0"])
def test_raw_objects_refuse_a_length_that_misses_endstream(length: bytes) -> None:
    objs, _ = _objects(b"<< /Length " + length + b" >>\nstream\nabc\nendstream")
    with pytest.raises(UnsupportedError, match="length"):
        objs.get(Ref(1, 0))


def test_raw_objects_do_not_follow_a_length_that_refers_to_itself() -> None:
    objs, _ = _objects(b"<< /Length 1 0 R >>\nstream\nabc\nendstream")
    with pytest.raises(UnsupportedError, match="itself"):
        objs.get(Ref(1, 0))
    pair, _ = _objects(
        b"<< /Length 2 0 R >>\nstream\nabc\nendstream",
        b"<< /Length 1 0 R >>\nstream\nabc\nendstream",
    )
    with pytest.raises(UnsupportedError, match="itself"):
        pair.get(Ref(1, 0))
    # an object stream that lists itself as where it lives
    objs, _ = _objects(b"<< >>")
    objs._lookup = lambda num, gen: (num, 0)
    with pytest.raises(UnsupportedError, match="itself"):
        objs.get(Ref(5, 0))


def test_raw_objects_read_an_object_stream_and_refuse_a_wrong_index() -> None:
    members = b"<< /A 1 >> [2 0 R] (x)"
    header = b"10 0 11 11 12 18 "
    body = header + members
    objs, raw = _objects(
        b"<< /Type /ObjStm /N 3 /First %d /Filter /FlateDecode /Length %d >>\nstream\n"
        % (len(header), len(zlib.compress(body)))
        + zlib.compress(body)
        + b"\nendstream"
    )
    table = {10: (1, 0), 11: (1, 1), 12: (1, 2), 13: (1, 1)}
    offsets = {1: raw.index(b"1 0 obj")}
    objs._lookup = lambda num, gen: table.get(num) if num in table else offsets.get(num)
    assert objs.get(Ref(10, 0)) == {"A": 1}
    assert objs.get(Ref(11, 0)) == [Ref(2, 0)]
    assert objs.get(Ref(12, 0)) == b"x"
    with pytest.raises(UnsupportedError, match="index"):
        objs.get(Ref(13, 0))  # the stream says index 1 holds object 11


def _from_pypdf(obj: Any) -> Any:
    """A pypdf object in the raw reader's shapes."""
    from pypdf import generic as g

    if isinstance(obj, g.IndirectObject):
        return Ref(obj.idnum, obj.generation)
    if isinstance(obj, g.DictionaryObject | dict):
        return {Name(str(k)[1:]): _from_pypdf(v) for k, v in obj.items()}
    if isinstance(obj, g.ArrayObject):
        return [_from_pypdf(v) for v in obj]
    if isinstance(obj, g.NameObject):
        return Name(str(obj)[1:])
    if isinstance(obj, g.BooleanObject):
        return obj.value is True  # (a BooleanObject is always truthy)
    if isinstance(obj, g.NullObject) or obj is None:
        return None
    if isinstance(obj, g.NumberObject):
        return int(obj)
    if isinstance(obj, g.FloatObject):
        return float(obj)
    if isinstance(obj, g.TextStringObject):
        return bytes(obj.original_bytes)
    if isinstance(obj, g.ByteStringObject):
        return bytes(obj)
    raise AssertionError(f"unexpected pypdf object {type(obj)}")


@pytest.mark.parametrize(
    "name", ["rd_79e9de478e71.pdf", "rd_a25f46a800ca.pdf", "dss_pades-signed-filled-form.pdf"]
)
def test_object_stream_members_equal_pypdf(name: str) -> None:
    data = corpus_file(name).read_bytes()
    reader = _reader(data)
    in_streams = reader.xref_objStm
    assert len(in_streams) > 100  # an object stream file

    def lookup(num: int, gen: int) -> int | tuple[int, int] | None:
        if gen == 0 and num in in_streams:
            return int(in_streams[num][0]), int(in_streams[num][1])
        return reader.xref.get(gen, {}).get(num)

    objs = RawObjects(lambda o, n: data[o : o + n], lookup, 64 << 20)
    compared = 0
    for num in sorted(in_streams):
        expected = _from_pypdf(reader.get_object(num))
        assert strict(objs.get(Ref(num, 0))) == strict(expected), f"object {num}"
        compared += 1
    for num, offset in reader.xref.get(0, {}).items():
        if num in in_streams or offset is None:
            continue
        value = objs.get(Ref(num, 0))
        pyobj = reader.get_object(num)
        if isinstance(value, RawStream):  # pypdf keeps a stream's dictionary but /Length
            entries = {k: v for k, v in value.dict.items() if k != "Length"}
            value = dict(sorted(entries.items()))
            pyobj = dict(sorted(_from_pypdf({k: v for k, v in pyobj.items()}).items()))
            pyobj.pop("Length", None)
        else:
            pyobj = _from_pypdf(pyobj)
        assert strict(value) == strict(pyobj), f"object {num}"
        compared += 1
    assert compared > len(in_streams)


# -- ASCII85 --------------------------------------------------------------------------------


def _scatter(rng: random.Random, text: bytes) -> bytes:
    out = bytearray()
    for c in text:
        if rng.random() < 0.1:
            out += rng.choice([b" ", b"\n", b"\r\n", b"\t"])
        out.append(c)
    return bytes(out)


def test_a85decode_equals_base64_on_random_data(monkeypatch: pytest.MonkeyPatch) -> None:
    fast = needs_c()
    rng = random.Random(85)
    shapes = {"z": 0, "partial": 0}
    for n in range(600):
        size = rng.randint(0, 40)
        data = bytes(rng.choice([0, 0, 0, 0, rng.randrange(256)]) for _ in range(size))
        text = base64.a85encode(data)
        shapes["z"] += b"z" in text
        shapes["partial"] += size % 4 != 0
        if n % 3 == 0:
            text = _scatter(rng, text)
        if n % 2 == 0:
            text += b"~>"
        if n % 5 == 0:
            text = b"\n " + text + b"\n"
        assert fast.a85decode(text) == data, text
        assert _ascii._a85decode(text) == data
        with monkeypatch.context() as m:
            m.setattr(_rawobj, "_FAST", None)
            assert _ascii._a85decode(text) == data  # the Python path
    assert shapes["z"] > 50 and shapes["partial"] > 300  # the cases asked for were met
    assert fast.a85decode(b"z~>") == b"\x00" * 4
    assert fast.a85decode(b"zz") == b"\x00" * 8
    assert fast.a85decode(b"87cURDZ~>trailing junk") == b"Hello"


@pytest.mark.parametrize(
    "text",
    [
        b"87cUR{Z~>",
        b"87cURv~>",
        b"87czURDZ~>",
        b"8z7cUR~>",
        b"87c\x01URDZ~>",
        b"uuuuu~>",
        b"87cURD~>",
    ],
    ids=["brace", "v", "z-in-group", "z-in-group-2", "control", "overflow", "lone-last-char"],
)
def test_a85decode_refuses_broken_data(text: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    """The C decoder takes clean data only; the guard then reads broken data as PDFium does
    (up to the first byte that is not ASCII85): a bomb in front of junk is still inflated."""
    fast = needs_c()
    assert fast.a85decode(text) is None
    assert _ascii._a85decode(text) == _rawobj.a85_like_pdfium(text)
    with monkeypatch.context() as m:
        m.setattr(_rawobj, "_FAST", None)
        assert _ascii._a85decode(text) == _rawobj.a85_like_pdfium(text)


def test_unwrap_ascii_reads_broken_ascii85_as_pdfium() -> None:
    needs_c()
    good = base64.a85encode(zlib.compress(b"BT (x) Tj ET")) + b"~>"
    unwrapped = _guard.unwrap_ascii(good, ["ASCII85Decode", "FlateDecode"])
    assert unwrapped is not None and zlib.decompress(unwrapped[0]) == b"BT (x) Tj ET"
    assert unwrapped[1] == ["FlateDecode"]
    broken = _guard.unwrap_ascii(b"87czURDZ~>", ["A85", "FlateDecode"])
    assert broken == (_rawobj.a85_like_pdfium(b"87czURDZ~>"), ["FlateDecode"])


# -- fold_codes -----------------------------------------------------------------------------


def _random_font(rng: random.Random, two_byte: bool) -> _pagescan._Font:
    table = _pagescan._FoldTable()
    top = 0xFFFF if two_byte else 0xFF
    codes = list(range(0xD800, 0xD810)) + list(range(0xDC00, 0xDC08)) if two_byte else []
    codes += [rng.randint(0, top) for _ in range(rng.randint(1, 120))]
    for code in codes:
        table[code] = "".join(
            rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
            for _ in range(rng.choice([0, 1, 1, 2, 3]))
        )
    return _pagescan._Font(two_byte, table)


def test_fold_codes_equals_translate(monkeypatch: pytest.MonkeyPatch) -> None:
    needs_c()
    rng = random.Random(5)
    for _ in range(400):
        two_byte = rng.random() < 0.5
        font = _random_font(rng, two_byte)
        known = list(font.table)
        width = 2 if two_byte else 1
        for _ in range(5):
            codes = b"".join(
                (
                    rng.choice(known) if rng.random() < 0.9 else rng.randint(0, 256**width - 1)
                ).to_bytes(width)
                for _ in range(rng.randint(0, 20))
            )
            if two_byte and rng.random() < 0.05:
                codes += b"\x00"  # an odd length
            fast = font.fold(codes)
            with monkeypatch.context() as m:
                m.setattr(_pagescan, "_FAST", None)
                slow = font.fold(codes)
            if _pagescan._UNKNOWN in slow:
                assert fast == _pagescan._UNKNOWN, codes
            else:
                assert fast == slow, codes


def test_fold_codes_refuses_what_it_cannot_map() -> None:
    fast = needs_c()
    assert fast.fold_codes(b"\x00\x01", False, ("A", "BC")) == "ABC"
    assert fast.fold_codes(b"\x00\x01\x00\x00", True, ("X", "Y")) == "YX"
    assert fast.fold_codes(b"", True, ()) == ""
    assert fast.fold_codes(b"\x02", False, ("A", "B")) is None  # past the table
    assert fast.fold_codes(b"\x01", False, ("A", None)) is None  # not mapped
    assert fast.fold_codes(b"\x00", False, ("é",)) is None  # not folded ASCII
    assert fast.fold_codes(b"\x00", False, (b"A",)) is None  # not a str
    assert fast.fold_codes(b"\x00\x00\x00", True, ("A",)) is None  # odd length
    with pytest.raises(TypeError):
        fast.fold_codes(b"\x00", False, ["A"])


def test_object_streams_kept_are_bounded_together() -> None:
    """Each object stream read is kept; their sum, not each one, stays under the limit (a
    file of many streams each just under it would otherwise be held whole)."""

    def objstm(number: int, member: int, pad: int) -> bytes:
        body = f"{member} 0 ".encode() + b"<< /A 1 >>" + b" " * pad
        first = len(f"{member} 0 ")
        data = zlib.compress(body)
        head = f"{number} 0 obj\n<< /Type /ObjStm /N 1 /First {first} /Filter /FlateDecode"
        return (
            head.encode()
            + f" /Length {len(data)} >>\nstream\n".encode()
            + data
            + (b"\nendstream\nendobj\n")
        )

    one, two = objstm(10, 1, 600), objstm(11, 2, 600)
    data = one + two
    offsets = {10: 0, 11: len(one)}

    def lookup(num: int, gen: int) -> int | tuple[int, int] | None:
        return offsets.get(num) if num in offsets else (9 + num, 0)

    def read_at(offset: int, size: int) -> bytes:
        return data[offset : offset + size]

    roomy = RawObjects(read_at, lookup, 2000)
    assert roomy.get(Ref(1, 0)) == {"A": 1} and roomy.get(Ref(2, 0)) == {"A": 1}
    tight = RawObjects(read_at, lookup, 1000)  # room for one stream (~615 bytes), not two
    assert tight.get(Ref(1, 0)) == {"A": 1}
    with pytest.raises(UnsupportedError):
        tight.get(Ref(2, 0))


def _like_pyhanko_outcome(text: bytes, value: Any) -> str:
    try:
        _rawobj._check_like_pyhanko(text, value)
    except _rawobj.UnsupportedError:
        return "unsupported"
    return "alike"


def _object_texts(data: bytes) -> list[bytes]:
    """The text of every plain object of ``data`` (``N G obj`` to ``endobj``)."""
    return [m.group(0) for m in re.finditer(rb"\d+ \d+ obj\b.*?endobj", data, re.S)][:400]


@pytest.mark.parametrize("path", corpus_params())
def test_like_pyhanko_in_c_equals_python_on_the_corpus(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page-tree writer's check that pyHanko reads a kid as the raw reader did: the C
    verdict and the Python one agree on every object text of the corpus, and on the same
    texts with a repeated key, a # escape, a control byte or a reference to object 0."""
    fast = needs_c()
    rng = random.Random(path.name)
    checked = 0
    for whole in _object_texts(path.read_bytes()):
        head = _rawobj._HEADER.match(whole)
        if head is None:
            continue
        body = whole[head.end() : whole.rindex(b"endobj")].split(b"stream", 1)[0]
        variants = [body, body.replace(b"/Type", b"/Type /Type", 1), body.replace(b"/", b"/#41", 1)]
        variants += [body[:1] + b"\x01" + body[1:], body.replace(b" 0 R", b" 0 R 0 0 R", 1)]
        for text in [*variants, _scatter(rng, body)]:
            try:
                value, _end = _rawobj.parse_value_py(text, 0)
            except _rawobj.UnsupportedError:
                continue
            c = _like_pyhanko_outcome(text, value)
            with monkeypatch.context() as patch:
                patch.setattr(_rawobj, "_FAST", None)
                py = _like_pyhanko_outcome(text, value)
            assert c == py, text[:200]
            assert fast.like_pyhanko(text, value) in (0, 1, 2)
            checked += 1
    assert checked > 0


def test_like_pyhanko_reads_a_reference_past_a_long_as_python_does() -> None:
    """A reference number past a C long is no reference to object 0 (it once raised an
    OverflowError out of the C check, past the page lookup's fallback)."""
    fast = needs_c()
    huge = Ref(10**23, 0)
    assert fast.like_pyhanko(b"[/A 100000000000000000000000 0 R]", ["A", huge]) == 0
    assert fast.like_pyhanko(b"[/A 0 0 R]", ["A", Ref(0, 0)]) == 1
    assert _like_pyhanko_outcome(b"[/A 100000000000000000000000 0 R]", ["A", huge]) == "alike"
