"""``/ByteRange`` sanity and coverage, on the raw bytes (step 1 of every signature).

Signature wrapping hides unsigned content in the gap between the two ranges; a range can
also reach past the end of the file or stop before the end of its own revision. Each case is
a finding with the ETSI sub-indication it implies.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Sequence
from typing import Any

import attrs

from vndocsign.verification import _cms
from vndocsign.verification._report import Message
from vndocsign.verification._states import Coverage, SubIndication

__all__ = [
    "RangeCheck",
    "blank_signature_values",
    "check_byte_range",
    "contents_at_gap",
    "digest_function",
    "revision_ends",
]

_HEX = re.compile(rb"^[0-9A-Fa-f\s]*$")
_HEX_RUN = re.compile(rb"[0-9A-Fa-f\s]*")
_RANGE = re.compile(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]")
#: per-process, unguessable: a file cannot itself contain the marker
_MARK = b"0." + str(secrets.randbelow(9 * 10**11) + 10**11).encode("ascii")


def _tag(a1: int) -> bytes:
    return _MARK + b"%012d1" % a1


def blank_signature_values(data: bytes) -> bytes:
    """``data`` with every ``/ByteRange`` gap holding a hex string replaced, for the parser.

    pyHanko's hex-string reader costs about 12 ms per signature (one generator step per hex
    digit); the signature value is read from the gap directly (:func:`contents_at_gap`)
    instead. The gap becomes a number token of the same length (offsets do not move; the
    parser reads numbers 16 bytes at a time) that starts with an unguessable marker and the
    gap's offset, so that a signature dictionary whose ``/Contents`` parses to that number
    provably has its value at the gap its own ``/ByteRange`` excludes. Gaps that are not
    exactly a hex string are left as they are.
    """
    out: bytearray | None = None
    for m in _RANGE.finditer(data):
        a1, b0 = int(m.group(2)), int(m.group(3))
        if not 0 < a1 < b0 <= len(data):
            continue
        start, end = a1, b0
        if data[a1 : a1 + 1] != b"<":  # only the digits are excluded: take the delimiters too
            start, end = a1 - 1, b0 + 1
        if data[start : start + 1] != b"<" or data[end - 1 : end] != b">":
            continue
        tag = _tag(a1)
        if end - start < len(tag) + 4 or not _HEX_RUN.fullmatch(data, start + 1, end - 1):
            continue
        if out is None:
            out = bytearray(data)
        # spaces where the delimiters were: the number never merges with its neighbours
        out[start:end] = b" " + tag + b"0" * (end - start - len(tag) - 2) + b" "
    return bytes(out) if out is not None else data


def contents_at_gap(data: bytes, byte_range: Sequence[int], parsed: object) -> bytes | None:
    """The signature value read from the gap, when the dictionary's ``/Contents`` is it.

    ``parsed`` is the dictionary's ``/Contents`` as the parser of the blanked file read it;
    ``None`` when it is not this range's marker (the caller then uses the parsed value).
    """
    if len(byte_range) != 4:
        return None
    a1, b0 = byte_range[1], byte_range[2]
    if not str(parsed).encode("latin-1", "replace").startswith(_tag(a1)):
        return None
    gap = data[a1:b0]
    if gap[:1] == b"<":
        gap = gap[1:-1]
    digits = re.sub(rb"\s", b"", gap)
    try:
        return bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode("ascii"))
    except ValueError:
        return None


@attrs.frozen
class RangeCheck:
    """What the ``/ByteRange`` of one signature covers, and what is wrong with it."""

    ok: bool
    problem: Message | None
    sub: SubIndication | None
    #: the signed bytes may still hash correctly (False: a hash failure is certain)
    intact_possible: bool
    signed_end: int
    covers_whole_file: bool
    #: only the hex digits of /Contents are excluded (the < > delimiters are signed)
    tolerant: bool
    coverage: Coverage


def revision_ends(data: bytes) -> list[tuple[int, int]]:
    """(offset just after ``%%EOF``, offset after its end-of-line) for every marker."""
    out = []
    for m in re.finditer(rb"%%EOF", data):
        end = m.end()
        e = end
        while e < len(data) and e - end < 2 and data[e : e + 1] in b"\r\n":
            e += 1
        out.append((end, e))
    return out


def _bad(
    code: str,
    en: str,
    vi: str,
    sub: SubIndication = SubIndication.FORMAT_FAILURE,
    intact_possible: bool = True,
) -> RangeCheck:
    return RangeCheck(
        False,
        Message.of(code, en, vi, "error"),
        sub,
        intact_possible,
        0,
        False,
        False,
        Coverage.INVALID,
    )


def _numbers(br: Sequence[Any], size: int) -> list[int] | RangeCheck:
    try:
        nums = [int(x) for x in br]
    except Exception:
        return _bad(
            "byterange_malformed", "/ByteRange is not a list of integers", "/ByteRange không hợp lệ"
        )
    if len(nums) != 4 or any(n < 0 for n in nums):
        return _bad(
            "byterange_malformed",
            f"/ByteRange must have 4 non-negative numbers, found {nums[:6]}",
            "/ByteRange phải gồm 4 số không âm",
        )
    a0, a1, b0, b1 = nums
    if a0 != 0 or a1 <= 0 or b0 <= a1:
        return _bad(
            "byterange_malformed",
            f"/ByteRange {nums} does not start at 0 in order",
            "/ByteRange không bắt đầu từ 0 hoặc sai thứ tự",
        )
    if b0 + b1 > size:
        return RangeCheck(
            False,
            Message.of(
                "byterange_past_eof",
                f"/ByteRange {nums} reaches past the end of the file ({size} bytes): the declared "
                "signed data cannot be hashed",
                "/ByteRange vượt quá cuối tệp: không thể băm dữ liệu đã ký",
                "error",
            ),
            SubIndication.HASH_FAILURE,
            False,
            b0 + b1,
            False,
            False,
            Coverage.INVALID,
        )
    return nums


def _gap(data: bytes, a1: int, b0: int, contents: bytes | None) -> bool | RangeCheck:
    """Whether the gap is exactly this signature's /Contents (True: only its hex digits)."""
    gap = data[a1:b0]
    tolerant = False
    if len(gap) >= 2 and gap[:1] == b"<" and gap[-1:] == b">" and _HEX.match(gap[1:-1]):
        hex_part = gap[1:-1]
    elif a1 >= 1 and data[a1 - 1 : a1] == b"<" and data[b0 : b0 + 1] == b">" and _HEX.match(gap):
        hex_part = gap
        tolerant = True
    else:
        return _bad(
            "byterange_gap",
            "the bytes excluded from the signature are not just the signature value: "
            "unsigned content hides in the gap (signature wrapping or bad /ByteRange)",
            "phần bị loại khỏi chữ ký không chỉ là giá trị chữ ký: có nội dung không "
            "được ký nằm trong khoảng trống (tấn công bọc chữ ký)",
        )
    if contents is not None:
        try:
            gap_bytes = bytes.fromhex(re.sub(rb"\s", b"", hex_part).decode("ascii"))
        except ValueError:
            gap_bytes = b""
        if gap_bytes.rstrip(b"\x00") != contents.rstrip(b"\x00"):
            return _bad(
                "byterange_not_contents",
                "/ByteRange does not exclude this signature's own /Contents",
                "/ByteRange không loại trừ đúng giá trị chữ ký của chính nó",
                SubIndication.HASH_FAILURE,
            )
    return tolerant


def check_byte_range(data: bytes, br: Sequence[Any], contents: bytes | None) -> RangeCheck:
    """Check ``/ByteRange`` ``br`` of a signature whose value is ``contents``."""
    size = len(data)
    nums = _numbers(br, size)
    if isinstance(nums, RangeCheck):
        return nums
    _a0, a1, b0, b1 = nums
    tolerant = _gap(data, a1, b0, contents)
    if isinstance(tolerant, RangeCheck):
        return tolerant
    end = b0 + b1
    at_revision_end = any(e0 <= end <= e1 for e0, e1 in revision_ends(data))
    whole = end == size or (end >= size - 2 and data[end:].strip() == b"")
    if not at_revision_end and not whole:
        return _bad(
            "byterange_tail",
            "the signature stops before the end of its own revision (trailer unsigned)",
            "chữ ký không bao phủ đến hết phiên bản của nó (phần cuối không được ký)",
        )
    problem = None
    if tolerant:
        problem = Message.of(
            "byterange_delimiters",
            "/ByteRange excludes only the hex digits of /Contents (the < > delimiters are "
            "signed); nothing else is unsigned",
            "/ByteRange chỉ loại trừ các chữ số hex của /Contents; không có phần nào khác "
            "không được ký",
        )
    return RangeCheck(
        True,
        problem,
        None,
        True,
        end,
        whole,
        tolerant,
        Coverage.ENTIRE_FILE if whole else Coverage.ENTIRE_REVISION,
    )


def digest_function(data: bytes, nums: Sequence[int]) -> Callable[[str], bytes]:
    """``algorithm -> digest of the two signed ranges`` (each algorithm hashed once)."""
    if len(nums) != 4:
        return lambda _algorithm: b""
    mv = memoryview(data)
    cache: dict[str, bytes] = {}

    def fn(algo: str) -> bytes:
        if algo not in cache:
            cache[algo] = _cms.digest(
                algo, [mv[nums[0] : nums[0] + nums[1]], mv[nums[2] : nums[2] + nums[3]]]
            )
        return cache[algo]

    return fn
