"""The issue workflow (phát hành văn bản): number, date, seal — after the personal signature.

Decree 30 (Điều 15; Phụ lục I II.8.a) has the authorised person sign first; the registry clerk
(văn thư) then gives the document its number ("Số: 2183/UBND-KGVX"), completes the date line
("Hà Nội, ngày 31 tháng 5 năm 2024") and applies the agency's signature (the seal). The first
signature must stay valid through those later additions.

**Decision (DocMDP/FieldMDP).** pyHanko's difference analysis — like Acrobat's — never allows
*new* non-signature form fields after a signature, but allows *filling in* existing ones
(``ModificationLevel.FORM_FILLING``). So:

1. :func:`sign_for_issue` (the personal signature) finds the blanks the drafter left after
   "Số:" and in "ngày … tháng … năm …" on page 1 (:func:`find_issue_blanks`), adds **empty,
   read-only text fields** there (``SoVanBan``, ``NgayBanHanh``, ``ThangBanHanh``,
   ``NamBanHanh``) in the same revision, and signs as an **approval signature** whose field
   carries a **FieldMDP lock** ``/Action /Include`` over every field that exists at that
   moment *except* those blanks (the personal signature's own field included). Later changes
   allowed by a verifier's difference analysis are then: filling the reserved blanks, and
   adding signatures — for an approval signature pyHanko's default policy rejects everything
   else (annotations, content) as ``OTHER``.
   Neither a certification signature (DocMDP ``P=2``) nor a ``/Lock /P 2``: pyHanko treats
   both as certification and then refuses a *new visible* signature field afterwards
   ("only allowed after an approval signature") — and the seal's field is only created at
   issue time, where placement puts it over the personal signature.
2. :func:`issue_document` fills those fields (value + appearance in an embedded Vietnamese
   font on a white background that covers dotted leaders) and applies the ``agency``
   signature, in one incremental update. pyHanko classifies the change, seen from the personal
   signature, as ``FORM_FILLING`` — allowed — and the personal signature stays intact and valid.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import unicodedata
from collections.abc import Sequence
from typing import IO, Any

import attrs

from vndocsign.model import DocumentNumber
from vndocsign.signing._appearance import Appearance
from vndocsign.signing._core import sign_document
from vndocsign.signing._document import open_source
from vndocsign.signing._errors import DocumentRefusedError
from vndocsign.signing._fonts import EmbeddedFont, load_font
from vndocsign.signing._keys import SignerKey
from vndocsign.signing._options import SigningOptions, SigningResult, signing_options

__all__ = [
    "DATE_FIELDS",
    "NUMBER_FIELD",
    "Blank",
    "find_issue_blanks",
    "issue_document",
    "sign_for_issue",
]

NUMBER_FIELD = "SoVanBan"
DATE_FIELDS = {"day": "NgayBanHanh", "month": "ThangBanHanh", "year": "NamBanHanh"}

_SO_RE = re.compile(r"^\s*Số\s*:", re.IGNORECASE)
_DATE_RE = re.compile(
    r"(?P<ngay>ngày)(?P<d>[\s.…_]*)(?P<thang>tháng)(?P<m>[\s.…_]*)(?P<nam>năm)(?P<y>[\s.…_]*)"
    r"(?P<year>\d{4})?",
    re.IGNORECASE,
)


@attrs.frozen
class Blank:
    """A place left blank by the drafter, to be filled in at issue time."""

    field: str
    kind: str  # "number" | "day" | "month" | "year"
    page: int
    rect: tuple[float, float, float, float]
    font_size: float
    #: For the number: whether the notation ("/UBND-KGVX") is already printed after the blank.
    notation_printed: bool = False
    #: That printed notation, without the slash ("UBND-KGVX"), when there is one.
    printed_notation: str | None = None


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def find_issue_blanks(pdf: bytes) -> tuple[Blank, ...]:
    """Locate the "Số:" blank and the date-line blanks on page 1 (top-most occurrences)."""
    from vndocsign.pdf import load_text  # PDFium: loaded only when blanks are searched

    text = load_text(pdf)
    if not text.pages:
        return ()
    page = text.pages[0]
    lines = sorted(page.lines, key=lambda ln: -ln.baseline)
    out: list[Blank] = []
    for line in lines:
        number = _number_blank(line, lines, page.index)
        if number is not None:
            out.append(number)
            break
    for line in lines:
        dates = _date_blanks(line, page.index)
        if dates is not None:
            out.extend(dates)
            break
    return tuple(out)


def _number_blank(line: Any, lines: Sequence[Any], page: int) -> Blank | None:
    """The blank after "Số:" on ``line`` (and whether the notation is printed after it)."""
    s = _nfc(line.text)
    m = _SO_RE.match(s)
    if m is None:
        return None
    colon = line.char_span(m.end() - 1, m.end())
    rest = s[m.end() :]
    stripped = rest.lstrip(" .…_")
    size = line.size
    x0 = colon[2] + size * 0.1
    printed = stripped.startswith("/")
    notation: str | None = None
    if printed:
        slash_index = m.end() + (len(rest) - len(stripped))
        x1 = line.char_span(slash_index, slash_index + 1)[0] - size * 0.02
        x1 = max(x1, x0 + size * 1.5)
        notation = stripped[1:].strip()
    else:
        x1 = x0 + size * 8
        # a wide blank splits the visual line in two segments: "Số:" | "/UBND-KGVX"
        after = sorted(
            (
                o
                for o in lines
                if o is not line
                and abs(o.baseline - line.baseline) < size * 0.3
                and o.bbox[0] > colon[2]
            ),
            key=lambda o: o.bbox[0],
        )
        if after and _nfc(after[0].text).lstrip().startswith("/"):
            printed = True
            x1 = max(after[0].bbox[0] - size * 0.02, x0 + size * 1.5)
            notation = _nfc(after[0].text).strip()[1:].strip()
    base = line.baseline
    rect = (x0, base - size * 0.3, x1, base + size * 0.95)
    return Blank(NUMBER_FIELD, "number", page, rect, size, printed, notation)


def _date_blanks(line: Any, page: int) -> list[Blank] | None:
    """The day/month(/year) blanks of a "ngày … tháng … năm …" line, ``None`` if it is not
    one."""
    m = _DATE_RE.search(_nfc(line.text))
    if m is None:
        return None
    size = line.size
    base = line.baseline

    def right(group: str) -> float:
        return float(line.char_span(m.start(group), m.end(group))[2])

    def left(group: str) -> float:
        return float(line.char_span(m.start(group), m.end(group))[0])

    spans = [("day", right("ngay"), left("thang")), ("month", right("thang"), left("nam"))]
    if m.group("year") is None:
        spans.append(("year", right("nam"), right("nam") + size * 2.6))
    out = []
    for kind, a, b in spans:
        a += size * 0.15
        b -= size * 0.15
        if b - a < size * 0.8:
            continue  # already filled or no room: leave it alone
        rect = (a, base - size * 0.3, b, base + size * 0.95)
        out.append(Blank(DATE_FIELDS[kind], kind, page, rect, size))
    return out


# --------------------------------------------------------------------------------------------
# PDF plumbing


def _form(writer: Any) -> tuple[Any, Any]:
    """The AcroForm dictionary (created if needed) and its /Fields array, both marked dirty."""
    from pyhanko.pdf_utils import generic as _generic
    from pyhanko.pdf_utils.generic import pdf_name

    generic: Any = _generic
    root = writer.root
    if "/AcroForm" not in root:
        form = generic.DictionaryObject({pdf_name("/Fields"): generic.ArrayObject()})
        root[pdf_name("/AcroForm")] = writer.add_object(form)
        writer.update_root()
    raw = root.raw_get("/AcroForm")
    form = raw.get_object()
    if isinstance(raw, generic.IndirectObject):
        writer.update_container(form)
    else:
        writer.update_root()
    if "/Fields" not in form:
        form[pdf_name("/Fields")] = generic.ArrayObject()
    fields_raw = form.raw_get("/Fields")
    if isinstance(fields_raw, generic.IndirectObject):
        writer.mark_update(fields_raw)
    if "/DR" not in form:
        form[pdf_name("/DR")] = generic.DictionaryObject(
            {
                pdf_name("/Font"): generic.DictionaryObject(
                    {
                        pdf_name("/Helv"): generic.DictionaryObject(
                            {
                                pdf_name("/Type"): pdf_name("/Font"),
                                pdf_name("/Subtype"): pdf_name("/Type1"),
                                pdf_name("/BaseFont"): pdf_name("/Helvetica"),
                                pdf_name("/Encoding"): pdf_name("/WinAnsiEncoding"),
                            }
                        )
                    }
                )
            }
        )
    return form, form["/Fields"]


def _field_refs(writer: Any) -> dict[str, Any]:
    try:
        fields = writer.root["/AcroForm"]["/Fields"]
    except KeyError:
        return {}
    out: dict[str, Any] = {}
    for ref in fields:
        obj = ref.get_object()
        name = obj.get("/T")
        if name is not None:
            out[str(name)] = ref
    return out


def _xobject(
    writer: Any, width: float, height: float, content: bytes, font: EmbeddedFont | None
) -> Any:
    from pyhanko.pdf_utils import generic as _generic
    from pyhanko.pdf_utils.generic import pdf_name

    generic: Any = _generic
    resources = generic.DictionaryObject()
    if font is not None:
        resources[pdf_name("/Font")] = generic.DictionaryObject(
            {pdf_name("/F1"): font.font_ref(writer)}
        )
    stream = generic.StreamObject(
        generic.DictionaryObject(
            {
                pdf_name("/Type"): pdf_name("/XObject"),
                pdf_name("/Subtype"): pdf_name("/Form"),
                pdf_name("/BBox"): generic.ArrayObject(
                    [
                        generic.FloatObject(0),
                        generic.FloatObject(0),
                        generic.FloatObject(width),
                        generic.FloatObject(height),
                    ]
                ),
                pdf_name("/Resources"): resources,
            }
        ),
        stream_data=content,
    )
    return writer.add_object(stream)


def reserve_fields(writer: Any, blanks: Sequence[Blank]) -> None:
    """Add empty, read-only text fields at ``blanks`` (before the personal signature)."""
    from pyhanko.pdf_utils import generic as _generic
    from pyhanko.pdf_utils.generic import pdf_name

    generic: Any = _generic
    if not blanks:
        return
    existing = _field_refs(writer)
    _form_dict, fields = _form(writer)
    for blank in blanks:
        if blank.field in existing:
            continue
        page_ref = writer.find_page_for_modification(blank.page)[0]
        x0, y0, x1, y1 = blank.rect
        empty = _xobject(writer, x1 - x0, y1 - y0, b"", None)
        field = generic.DictionaryObject(
            {
                pdf_name("/FT"): pdf_name("/Tx"),
                pdf_name("/T"): generic.pdf_string(blank.field),
                pdf_name("/Ff"): generic.NumberObject(1),  # read-only: only the SDK fills it
                pdf_name("/DA"): generic.pdf_string(f"/Helv {blank.font_size:.1f} Tf 0 g"),
                pdf_name("/Type"): pdf_name("/Annot"),
                pdf_name("/Subtype"): pdf_name("/Widget"),
                pdf_name("/F"): generic.NumberObject(4),
                pdf_name("/Rect"): generic.ArrayObject(
                    generic.FloatObject(round(v, 2)) for v in blank.rect
                ),
                pdf_name("/P"): page_ref,
                pdf_name("/AP"): generic.DictionaryObject({pdf_name("/N"): empty}),
            }
        )
        ref = writer.add_object(field)
        fields.append(ref)
        writer.register_annotation(page_ref, ref)


def _fill(writer: Any, values: dict[str, str], font: EmbeddedFont) -> None:
    from pyhanko.pdf_utils import generic as _generic
    from pyhanko.pdf_utils.generic import pdf_name

    generic: Any = _generic
    refs = _field_refs(writer)
    for name, value in values.items():
        ref = refs[name]
        field = ref.get_object()
        x0, y0, x1, y1 = (float(v) for v in field["/Rect"])
        w, h = x1 - x0, y1 - y0
        size = h / 1.25
        tw = font.width(value, size)
        if tw > w - 1:
            size *= (w - 1) / tw
            tw = font.width(value, size)
        content = (
            b"q 1 1 1 rg 0 0 %.2f %.2f re f Q BT 0 0 0 rg /F1 %.2f Tf %.2f %.2f Td %s Tj ET"
            % (w, h, size, (w - tw) / 2, 0.3 * h / 1.25, font.encode(value))
        )
        field[pdf_name("/V")] = generic.pdf_string(value)
        field[pdf_name("/AP")] = generic.DictionaryObject(
            {pdf_name("/N"): _xobject(writer, w, h, content, font)}
        )
        writer.update_container(field)


def _day(d: int) -> str:
    return f"{d:02d}"


def _month(m: int) -> str:
    return f"{m:02d}" if m <= 2 else str(m)


# --------------------------------------------------------------------------------------------
# public API


def sign_for_issue(
    pdf: bytes,
    signer: SignerKey,
    options: SigningOptions | None = None,
    *,
    blanks: Sequence[Blank] | None = None,
    **changes: Any,
) -> SigningResult:
    """The personal signature of a document that will be numbered and sealed afterwards.

    Same options as :func:`~vndocsign.signing.sign_pdf` (``role`` is ``personal``). The
    blanks found by :func:`find_issue_blanks` (or given) become empty text fields, excluded from
    the FieldMDP lock of this signature (``/P 2``), so that :func:`issue_document` may fill them.
    """
    found = tuple(blanks) if blanks is not None else find_issue_blanks(pdf)
    if not any(b.kind == "number" for b in found):
        raise DocumentRefusedError(
            "No 'Số:' blank found on page 1 to reserve for the document number",
            "Không tìm thấy chỗ trống sau 'Số:' ở trang 1 để cấp số văn bản",
        )
    if options is None:
        changes.setdefault("role", "personal")
    opts = signing_options(options, changes)
    return sign_document(
        pdf,
        signer,
        attrs.evolve(
            opts,
            lock_fields_except=[b.field for b in found],
            before_sign=lambda writer: reserve_fields(writer, found),
        ),
    )


def issue_document(
    pdf: bytes | bytearray | str | os.PathLike[str] | IO[bytes],
    number: str | Any,
    issued_at: dt.date | dt.datetime | str,
    agency_signer: SignerKey,
    seal: str | os.PathLike[str] | bytes | None,
    options: SigningOptions | None = None,
    *,
    font: str | os.PathLike[str] | None = None,
    seal_size_mm: tuple[float, float] | None = None,
    **changes: Any,
) -> SigningResult:
    """Fill in "Số" and the date, then apply the agency signature (the seal), in one update.

    ``number``: ``"2183/UBND-KGVX"`` or a :class:`~vndocsign.model.DocumentNumber`; when the
    notation is already printed after the blank only the number ("2183") is written.
    ``issued_at``: the issue date (``date``, ``datetime`` or ``"2024-05-31"``).
    ``seal``: the red transparent PNG, drawn at its real size (``seal_size_mm`` or the PNG's
    DPI). ``options`` (or keyword conveniences) as for :func:`~vndocsign.signing.sign_pdf`;
    the role is ``agency`` and the appearance the seal unless the options say otherwise.

    Raises :class:`DocumentRefusedError` if the document has no reserved number field (it was
    not signed with :func:`sign_for_issue`): adding one now would invalidate the signature.
    """
    data = _read_all(pdf)
    values = _issue_values(data, number, _issue_day(issued_at))
    embedded = load_font(font)

    if options is None:
        changes.setdefault("role", "agency")
        if changes.get("appearance") is None:
            changes["appearance"] = Appearance(image=seal, image_size_mm=seal_size_mm)
    opts = signing_options(options, changes)
    return sign_document(
        data,
        agency_signer,
        attrs.evolve(opts, before_sign=lambda writer: _fill(writer, values, embedded)),
    )


def _issue_day(issued_at: dt.date | dt.datetime | str) -> dt.date:
    if isinstance(issued_at, str):
        try:
            return dt.date.fromisoformat(issued_at)
        except ValueError:
            raise DocumentRefusedError(
                f"Bad issue date {issued_at!r} (expected YYYY-MM-DD)",
                f"Ngày ban hành {issued_at!r} không hợp lệ",
            ) from None
    if isinstance(issued_at, dt.datetime):
        return issued_at.date()
    return issued_at


def _read_all(pdf: bytes | bytearray | str | os.PathLike[str] | IO[bytes]) -> bytes:
    stream = open_source(pdf)
    try:
        return stream.read()
    finally:
        if isinstance(pdf, str | os.PathLike):
            stream.close()


def _form_fields(data: bytes) -> dict[str, Any]:
    """Top-level form fields by name."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        fields = {}
        if "/AcroForm" in reader.root:
            for ref in reader.root["/AcroForm"].get("/Fields", []):
                obj = ref.get_object()
                if "/T" in obj:
                    fields[str(obj["/T"])] = obj
    except Exception as exc:  # any parser failure on hostile input
        raise DocumentRefusedError(
            f"The file is not a readable PDF ({type(exc).__name__})", "Tệp không phải PDF đọc được"
        ) from None
    return fields


def _issue_values(data: bytes, number: Any, day: dt.date) -> dict[str, str]:
    """What goes into the reserved fields; refuses a document that cannot be issued."""
    doc_number = number if isinstance(number, DocumentNumber) else DocumentNumber.parse(str(number))
    if doc_number.is_draft:
        raise DocumentRefusedError(
            "The document number has no number part",
            "Số văn bản chưa có phần số",
            number=str(number),
        )
    fields = _form_fields(data)
    if NUMBER_FIELD not in fields:
        raise DocumentRefusedError(
            "The document has no reserved 'Số' field: sign it with sign_for_issue() first "
            "(adding a field after a signature would invalidate that signature)",
            "Văn bản chưa có ô 'Số' dành sẵn: người có thẩm quyền cần ký bằng sign_for_issue() "
            "(thêm ô sau khi ký sẽ làm mất hiệu lực chữ ký)",
        )
    if "/V" in fields[NUMBER_FIELD] and str(fields[NUMBER_FIELD]["/V"]).strip():
        raise DocumentRefusedError(
            f"The document is already numbered ({fields[NUMBER_FIELD]['/V']})",
            f"Văn bản đã được cấp số ({fields[NUMBER_FIELD]['/V']})",
        )
    printed = _printed_notation(data)
    if printed is not None and printed.replace(" ", "") != doc_number.notation.replace(" ", ""):
        raise DocumentRefusedError(
            f"The number {doc_number} does not match the notation printed on the document "
            f"(/{printed})",
            f"Số {doc_number} không khớp với ký hiệu đã in trên văn bản (/{printed})",
            number=str(doc_number),
            printed=printed,
        )
    values = {NUMBER_FIELD: doc_number.code_number if printed is not None else str(doc_number)}
    for kind, value in (
        ("day", _day(day.day)),
        ("month", _month(day.month)),
        ("year", str(day.year)),
    ):
        if DATE_FIELDS[kind] in fields:
            values[DATE_FIELDS[kind]] = value
    return values


def _printed_notation(data: bytes) -> str | None:
    """The notation printed after the "Số:" blank ("UBND-KGVX"), or ``None``."""
    try:
        blanks = find_issue_blanks(data)
    except Exception:
        return None
    number = [b for b in blanks if b.kind == "number"]
    if not number or not number[0].notation_printed:
        return None
    return number[0].printed_notation or ""
