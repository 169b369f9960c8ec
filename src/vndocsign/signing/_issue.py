"""The issue workflow (phát hành văn bản): number, date, seal — after the personal signature.

Decree 30 (Điều 15; Phụ lục I II.8.a) has the authorised person sign first; the registry clerk
(văn thư) then gives the document its number ("Số: 2183/UBND-KGVX"), completes the date line
("Hà Nội, ngày 31 tháng 5 năm 2024") and applies the agency's signature (the seal). The first
signature must stay valid through those later additions.

**How real registries do it** (the VGCA tools, seen on the real documents of the corpus): the
number and the missing date parts are *not* written into the page content nor into form
fields: each is an **agency signature** of its own whose widget appearance is the text, drawn
in the blank on the line; a last agency signature puts the seal over the left third of the
personal signature. Typically four signatures: personal, number, day, seal (five when the
month was left blank too). :func:`issue_document` does the same by default: every stamp is an
ordinary **approval** signature (no DocMDP certification, no FieldMDP lock), so each earlier
signature stays intact and valid — adding a signature field is an allowed change after an
approval signature for pyHanko, Acrobat and poppler alike. Any personally signed document
can be issued: no foresight at personal signing is needed.

**Decision on the reserved-form-field way.** The earlier flow (``sign_for_issue`` reserving
empty text fields, ``issue_document`` filling them) is gone: it needed foresight at personal
signing, produced documents no real verifier tool expects, and no user need remains that the
stamp signatures do not serve. ``sign_for_issue`` stays as a deprecated alias of a plain
personal signature, so that existing code keeps running; documents it made are still issued
(the new stamps are signatures laid over the old empty fields).
"""

from __future__ import annotations

import datetime as dt
import enum
import io
import os
import warnings
from collections.abc import Sequence
from typing import IO, Any

import attrs

from vndocsign._limits import current_limits
from vndocsign.model import DocumentNumber, SignatureRole
from vndocsign.signing._appearance import Appearance, load_png
from vndocsign.signing._core import sign_document
from vndocsign.signing._document import open_source
from vndocsign.signing._errors import (
    DocumentRefusedError,
    DraftMarkError,
    InvalidOptionError,
    NoNumberBlankError,
    PersonalSignatureError,
)
from vndocsign.signing._fonts import load_font
from vndocsign.signing._issue_blanks import (
    DATE_FIELDS,
    NUMBER_FIELD,
    Blank,
    find_issue_blanks,
    has_draft_mark,
)
from vndocsign.signing._keys import SignerKey
from vndocsign.signing._options import Box, SigningOptions, SigningResult, signing_options

__all__ = [
    "DATE_FIELDS",
    "EARLIEST_ISSUE_DATE",
    "NUMBER_FIELD",
    "Blank",
    "IssueStamps",
    "find_issue_blanks",
    "issue_document",
    "parse_issue_date",
    "sign_for_issue",
]

PdfSource = bytes | bytearray | str | os.PathLike[str] | IO[bytes]


class IssueStamps(enum.StrEnum):
    """How the number and the date are stamped.

    ``separate`` (default, as the real registries do): one agency signature per blank — the
    number, the day, and the month and the year where they were left blank. ``together``: one
    agency signature whose widget spans every blank of the page and draws each value in its
    blank (transparent elsewhere, the printed text shows through).
    """

    SEPARATE = "separate"
    TOGETHER = "together"


def sign_for_issue(
    pdf: bytes,
    signer: SignerKey,
    options: SigningOptions | None = None,
    **changes: Any,
) -> SigningResult:
    """Deprecated: a plain personal signature (any personally signed document can be issued).

    Kept so that code written for the reserved-field flow keeps running; use
    :func:`~vndocsign.signing.sign_document` with ``role="personal"``.
    """
    warnings.warn(
        "sign_for_issue() is deprecated: issue_document() works on any personally signed "
        "document; use sign_document(pdf, key, SigningOptions(role='personal'))",
        DeprecationWarning,
        stacklevel=2,
    )
    changes.pop("blanks", None)
    if options is None:
        changes.setdefault("role", "personal")
    return sign_document(pdf, signer, signing_options(options, changes))


def issue_document(
    pdf: PdfSource,
    number: str | DocumentNumber,
    issued_at: dt.date | dt.datetime | str,
    agency_signer: SignerKey,
    seal: str | os.PathLike[str] | bytes | None,
    options: SigningOptions | None = None,
    *,
    font: str | os.PathLike[str] | None = None,
    seal_size_mm: tuple[float, float] | None = None,
    check_personal: bool = True,
    stamps: IssueStamps | str = IssueStamps.SEPARATE,
    **changes: Any,
) -> SigningResult:
    """Stamp the number and the missing date parts into their blanks, then the seal.

    Each stamp is an agency signature of its own (as registries do): first the number in the
    ``Số:`` blank, then the day, month and year where the drafter left them blank, each as text
    in the size of its line and in ``font`` (default: Liberation Serif, else the bundled Noto
    Serif); then the seal (``seal``: a transparent PNG drawn at ``seal_size_mm`` or at its own
    DPI) over the left third of the personal signature (:mod:`vndocsign.placement`'s agency
    box; ``options.placement`` overrides it). ``options`` (or keyword conveniences as for
    :func:`~vndocsign.signing.sign_pdf`) apply to every stamp: level, timestamper, policy...

    ``number``: ``"2183/UBND-KGVX"`` or ``"2183"`` or a :class:`~vndocsign.model.DocumentNumber`;
    when the notation is printed after the blank only the number is stamped, and a number
    whose notation differs from the printed one is refused.

    Refuses (a :class:`~vndocsign.signing.NotIssuableError`, bilingual) a document that still
    shows a DỰ THẢO mark (:class:`DraftMarkError`), has no ``Số:`` blank or is numbered
    already (:class:`NoNumberBlankError`), or has no intact and valid signature to issue
    (:class:`PersonalSignatureError`; ``check_personal=False`` skips that check).
    ``stamps``: :class:`IssueStamps` — one signature per blank (default) or one for all.

    Returns the :class:`SigningResult` of the seal signature (``result.pdf``: the issued
    document; ``result.warnings``: those of every stamp).
    """
    data = _read_all(pdf)
    day = parse_issue_date(issued_at)
    if seal is not None:
        load_png(seal)  # a damaged or oversized seal is refused before any stamp is made
    blanks = _check_issuable(data, check_personal)
    if options is None:
        changes.setdefault("role", SignatureRole.AGENCY)
    opts = signing_options(options, changes).but(role=SignatureRole.AGENCY)
    names = _field_names(data)
    collected: list[str] = []
    for field, box, look in _stamp_plans(stamps, _stamp_values(blanks, number, day), font):
        name = _free_name(field, names)
        names.add(name)
        result = sign_document(
            data, agency_signer, opts.but(placement=box, appearance=look, field_name=name)
        )
        data = _pdf_of(result)
        collected.extend(result.warnings)
    appearance = opts.appearance
    if seal is not None or options is None:
        appearance = Appearance(image=seal, image_size_mm=seal_size_mm, font=font)
    result = sign_document(data, agency_signer, opts.but(appearance=appearance))
    collected.extend(w for w in result.warnings if w not in collected)
    return attrs.evolve(result, warnings=tuple(collected))


def _stamp_plans(
    mode: IssueStamps | str,
    values: Sequence[tuple[Blank, str]],
    font: str | os.PathLike[str] | None,
) -> list[tuple[str, Box, Appearance]]:
    """(field name, widget box, appearance) of each stamp signature, in stamping order."""
    try:
        together = IssueStamps(mode) is IssueStamps.TOGETHER
    except ValueError:
        raise InvalidOptionError(
            f"Unknown stamps mode {mode!r} (separate, together)",
            f"Cách đóng dấu số/ngày không hợp lệ: {mode!r} (separate, together)",
        ) from None
    if not together:
        return [
            (
                blank.field,
                Box(blank.rect, blank.page),
                Appearance(text=(text,), font=font, font_size=blank.font_size, align="center"),
            )
            for blank, text in values
        ]
    number = values[0][0]
    frame = number.frame
    if frame is None:  # blanks given by hand, without their page frame
        raise InvalidOptionError(
            "stamps='together' needs blanks found by find_issue_blanks()",
            "stamps='together' cần các chỗ trống do find_issue_blanks() tìm",
        )
    same_page = [(b, t) for b, t in values if b.page == number.page]
    shown = [(frame.box_to_display(b.rect), b.font_size, t) for b, t in same_page]
    x0 = min(r[0] for r, _s, _t in shown)
    y0 = min(r[1] for r, _s, _t in shown)
    x1 = max(r[2] for r, _s, _t in shown)
    y1 = max(r[3] for r, _s, _t in shown)
    embedded = load_font(font)
    size = number.font_size
    runs = [
        (
            text,
            (r[0] + r[2]) / 2 - embedded.width(text, size) / 2 - x0,
            r[1] + blank_size * 0.32 - y0,  # the blank's baseline (see _issue_blanks._on_line)
        )
        for r, blank_size, text in shown
    ]
    box = Box(frame.box_to_user((x0, y0, x1, y1)), number.page)
    return [(number.field, box, Appearance(runs=runs, font=font, font_size=size))]


def _pdf_of(result: SigningResult) -> bytes:
    if result.pdf is None:  # sign_document on bytes always returns them
        raise DocumentRefusedError("Signing returned no document", "Ký số không trả về văn bản")
    return bytes(result.pdf)


def _check_issuable(data: bytes, check_personal: bool) -> tuple[Blank, ...]:
    """The blanks to stamp; refuses a document that cannot be issued (see issue_document)."""
    try:
        draft = has_draft_mark(data)
        blanks = find_issue_blanks(data)
        widgets = _signature_widgets(data)
    except Exception as exc:  # any parser failure on hostile input
        raise DocumentRefusedError(
            f"The file is not a readable PDF ({type(exc).__name__})",
            "Tệp không phải PDF đọc được",
        ) from None
    if draft:
        raise DraftMarkError(
            "The document still carries a DỰ THẢO (draft) mark: remove it and sign again "
            "before issuing",
            "Văn bản vẫn còn dấu DỰ THẢO: cần bỏ dấu dự thảo và ký lại trước khi phát hành",
            reason="draft_mark",
        )
    number = [b for b in blanks if b.kind == "number"]
    if not number:
        raise NoNumberBlankError(
            "No blank after 'Số:' on page 1 to stamp the number into (or it is numbered already)",
            "Không tìm thấy chỗ trống sau 'Số:' ở trang 1 để cấp số (hoặc văn bản đã có số)",
            reason="no_number_blank",
        )
    if _stamped_already(widgets, number[0]):
        raise NoNumberBlankError(
            "The document is numbered already: a signature stands in the 'Số:' blank",
            "Văn bản đã được cấp số: đã có chữ ký số ở chỗ trống sau 'Số:'",
            reason="numbered_already",
        )
    if check_personal:
        _check_personal_signature(data)
    return blanks


def _check_personal_signature(data: bytes) -> None:
    from vndocsign.verification import verify_pdf

    report = verify_pdf(data, revocation="embedded-only")
    signatures = [s for s in report.signatures if s.type != "document_timestamp"]
    if not signatures:
        raise PersonalSignatureError(
            "The document has no signature: the authorised person signs before it is issued",
            "Văn bản chưa có chữ ký số: người có thẩm quyền phải ký trước khi phát hành",
            reason="not_signed",
        )
    broken = [s.field for s in signatures if s.intact is not True or s.valid is False]
    if broken:
        raise PersonalSignatureError(
            f"The signature {', '.join(broken)} is broken (not intact or not valid): "
            "the document cannot be issued",
            f"Chữ ký số {', '.join(broken)} không còn toàn vẹn hoặc không hợp lệ: "
            "không thể phát hành văn bản",
            reason="personal_invalid",
            fields=broken,
        )


def _stamped_already(widgets: list[tuple[int, tuple[float, ...]]], blank: Blank) -> bool:
    """Whether a signature widget already covers the middle of ``blank``."""
    x = (blank.rect[0] + blank.rect[2]) / 2
    y = (blank.rect[1] + blank.rect[3]) / 2
    for page, rect in widgets:
        if page == blank.page and rect[0] <= x <= rect[2] and rect[1] <= y <= rect[3]:
            return True
    return False


def _signature_widgets(data: bytes) -> list[tuple[int, tuple[float, ...]]]:
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(data), strict=False)
    out: list[tuple[int, tuple[float, ...]]] = []
    for sig in reader.embedded_signatures:
        field = sig.sig_field
        if "/Rect" not in field:
            continue
        values = [float(v) for v in field["/Rect"]]
        xs, ys = sorted(values[0::2]), sorted(values[1::2])
        out.append((_page_of(reader, field), (xs[0], ys[0], xs[1], ys[1])))
    return out


def _page_of(reader: Any, widget: Any) -> int:
    page_ref = widget.raw_get("/P") if "/P" in widget else None
    if page_ref is None:
        return 0
    for i in range(int(reader.root["/Pages"]["/Count"])):
        if reader.find_page_for_modification(i)[0].idnum == page_ref.idnum:
            return i
    return 0


def _stamp_values(
    blanks: Sequence[Blank], number: str | DocumentNumber, day: dt.date
) -> list[tuple[Blank, str]]:
    """(blank, text) in stamping order: number, day, month, year."""
    (blank,) = [b for b in blanks if b.kind == "number"]
    out = [(blank, _number_text(blank, number))]
    values = {"day": f"{day.day:02d}", "month": _month(day.month), "year": str(day.year)}
    for kind in ("day", "month", "year"):
        out.extend((b, values[kind]) for b in blanks if b.kind == kind)
    return out


def _number_text(blank: Blank, number: str | DocumentNumber) -> str:
    """What goes into the "Số:" blank: the number alone when the notation is printed."""
    text = str(number).strip()
    if "/" not in text:
        if not text or not text[0].isdigit():
            raise DocumentRefusedError(
                f"Bad document number {text!r}", f"Số văn bản {text!r} không hợp lệ", number=text
            )
        if not blank.notation_printed:
            raise DocumentRefusedError(
                f"The notation is not printed after 'Số:': give the whole number "
                f"({text}/…), not {text!r}",
                f"Ký hiệu chưa in sau 'Số:': cần nhập đủ số và ký hiệu ({text}/…)",
                number=text,
            )
        return text
    doc_number = number if isinstance(number, DocumentNumber) else DocumentNumber.parse(text)
    if doc_number.is_draft:
        raise DocumentRefusedError(
            "The document number has no number part", "Số văn bản chưa có phần số", number=text
        )
    if not blank.notation_printed:
        return str(doc_number)
    printed = (blank.printed_notation or "").replace(" ", "")
    if printed != doc_number.notation.replace(" ", ""):
        raise DocumentRefusedError(
            f"The number {doc_number} does not match the notation printed on the document "
            f"(/{printed})",
            f"Số {doc_number} không khớp với ký hiệu đã in trên văn bản (/{printed})",
            number=str(doc_number),
            printed=printed,
        )
    return doc_number.code_number


def _month(m: int) -> str:
    """Decree 30: months 1 and 2 are written with a leading zero ("tháng 01"), others not."""
    return f"{m:02d}" if m <= 2 else str(m)


def _field_names(data: bytes) -> set[str]:
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(data), strict=False)
    names: set[str] = set()
    if "/AcroForm" in reader.root:
        for ref in reader.root["/AcroForm"].get("/Fields", []):
            obj = ref.get_object()
            if "/T" in obj:
                names.add(str(obj["/T"]))
    return names


def _free_name(base: str, taken: set[str]) -> str:
    """``base`` unless a field has it (a document of the old reserved-field flow)."""
    if base not in taken:
        return base
    i = 2
    while f"{base}{i}" in taken:
        i += 1
    return f"{base}{i}"


#: No official document of the state Decree 30 governs predates its founding (2/9/1945).
EARLIEST_ISSUE_DATE = dt.date(1945, 9, 2)


def parse_issue_date(
    issued_at: dt.date | dt.datetime | str, *, today: dt.date | None = None
) -> dt.date:
    """The issue date (``YYYY-MM-DD``, a date or a datetime), refused when it is no date to
    stamp: a malformed string (:class:`DocumentRefusedError`), or a day before 1945-09-02
    (:data:`EARLIEST_ISSUE_DATE`) or more than ``max_days_ahead`` days (SDK limits, default
    366) after ``today`` (:class:`InvalidOptionError`): 0001-01-01 or 9999-12-31 is a typing
    mistake."""
    if isinstance(issued_at, str):
        try:
            day = dt.date.fromisoformat(issued_at)
        except ValueError:
            raise DocumentRefusedError(
                f"Bad issue date {issued_at!r} (expected YYYY-MM-DD)",
                f"Ngày ban hành {issued_at!r} không hợp lệ",
            ) from None
    elif isinstance(issued_at, dt.datetime):
        day = issued_at.date()
    else:
        day = issued_at
    ahead = current_limits().max_days_ahead
    latest = (today or dt.date.today()) + dt.timedelta(days=ahead)
    if not EARLIEST_ISSUE_DATE <= day <= latest:
        raise InvalidOptionError(
            f"Issue date {day.isoformat()} out of range {EARLIEST_ISSUE_DATE.isoformat()} … "
            f"{latest.isoformat()} (today + max_days_ahead={ahead})",
            f"Ngày ban hành {day.isoformat()} ngoài khoảng {EARLIEST_ISSUE_DATE.isoformat()} … "
            f"{latest.isoformat()} (hôm nay + max_days_ahead={ahead})",
            date=day.isoformat(),
            earliest=EARLIEST_ISSUE_DATE.isoformat(),
            latest=latest.isoformat(),
            limit="max_days_ahead",
        )
    return day


def _read_all(pdf: PdfSource) -> bytes:
    stream = open_source(pdf)
    try:
        return stream.read()
    finally:
        if isinstance(pdf, str | os.PathLike):
            stream.close()
