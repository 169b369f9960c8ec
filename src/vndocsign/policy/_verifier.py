"""The signature checks of a submission, built on :mod:`vndocsign.verification`.

:class:`VerifyingSubmissionVerifier` is the one verifier (the pyHanko-only
``BasicSubmissionVerifier`` is gone): each signature gets
:func:`~vndocsign.verification.verify_pdf`'s ETSI indication — the chain to ``trust``,
revocation and validity at signing time, the TT 15/2025 algorithm policy, and what changed
after signing (a tờ trình whose content was altered after the leader signed is returned even
when the signature bytes are intact).

``TOTAL_PASSED`` accepts, ``TOTAL_FAILED`` returns, ``INDETERMINATE`` (for example an untrusted
root or missing revocation data) leaves the check undecided — except a certificate that was not
valid even at the signer's own signing time (expired), which is returned. ``trust=None`` is the
verification's default trust profile (``any-vn`` of the default trust store).

The ký tắt is judged by where its widget lies: on the page of the closing ``./.`` that
:mod:`vndocsign.placement` finds, starting no further than ``max_gap_em`` font sizes to the
right of it on the same line, or just below it (within ``max_below_em`` line heights).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, Protocol, runtime_checkable

import attrs

from vndocsign.errors import PlacementError
from vndocsign.pdf import PdfText, list_signatures, load_text
from vndocsign.placement import AnchorNotFoundError, find_anchor, find_placement

__all__ = [
    "CheckResult",
    "EndMark",
    "SubmissionVerifier",
    "VerifyingSubmissionVerifier",
    "find_end_mark",
    "signed_widgets",
]

BBox = tuple[float, float, float, float]


@attrs.frozen
class CheckResult:
    """What a :class:`SubmissionVerifier` answers: ``ok=None`` means "could not tell".

    The bilingual pair is ``(en, vi)`` like every vndocsign message; pass it by keyword.
    """

    ok: bool | None
    en: str
    vi: str
    details: Mapping[str, Any] = attrs.field(factory=dict)


@runtime_checkable
class SubmissionVerifier(Protocol):
    """The two checks a submission needs; ``at`` is the day of the submission."""

    def personal_signature(self, pdf: bytes, *, at: dt.date) -> CheckResult:
        """Is the document personally signed by a valid certificate?"""
        ...

    def initial_after_end_mark(self, pdf: bytes, *, at: dt.date) -> CheckResult:
        """Is the draft initialled right after the closing ``./.`` of its content?"""
        ...


# -- the closing "./." and the widgets ---------------------------------------------------------


@attrs.frozen
class EndMark:
    """The closing ``./.`` of a document: its page (0-based) and box in PDF user space."""

    page: int
    bbox: BBox
    size: float
    line_text: str


def find_end_mark(text: PdfText) -> EndMark | None:
    """The closing ``./.`` of the content (where the ký tắt belongs under VPCP 3287).

    The placement capability decides which ``./.`` closes the body — not one quoted in the
    text, not one in "Nơi nhận", not a date such as ``01/7/2024.`` — so the submission check
    and the signing software agree on the anchor. When placement finds several equally good
    candidates, the last ``./.`` in reading order is taken (and the check stays explainable by
    the box it reports).
    """
    try:
        anchor = find_placement(text, "initial").anchor
    except AnchorNotFoundError:
        return None
    except PlacementError:
        try:
            anchor = find_anchor(text, "./.", occurrence=-1)
        except PlacementError:
            return None
    return EndMark(anchor.page, anchor.bbox, _size_at(text, anchor.page, anchor.bbox), anchor.text)


def _size_at(text: PdfText, page: int, bbox: BBox) -> float:
    """Font size of the text line holding ``bbox`` (the body size when nothing matches)."""
    cx, cy = (bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2
    for line in text.pages[page].lines:
        x0, y0, x1, y1 = line.bbox
        if x0 <= cx <= x1 and y0 <= cy <= y1:
            return line.size
    return 13.0


def signed_widgets(pdf: bytes) -> dict[str, tuple[int, BBox] | None]:
    """Signed signature fields -> (0-based page, widget rectangle), ``None`` when invisible."""
    found = list_signatures(pdf)  # a damaged file raises a typed PdfError
    return {
        s.field: (s.page, s.rect) if s.visible and s.page is not None and s.rect else None
        for s in found
    }


_AGENCY_HINTS = ("agency", "coquan", "co_quan", "co-quan", "vanthu", "van_thu", "seal", "org")
_INITIAL_HINTS = ("initial", "kytat", "ky_tat", "ky-tat", "kynhay", "ky_nhay")


def _hinted_elsewhere(field: str) -> bool:
    """Whether a field's name says it is the agency's signature or an initial."""
    key = field.lower().replace(" ", "")
    return any(h in key for h in (*_AGENCY_HINTS, *_INITIAL_HINTS))


def _judge(sig: Any) -> CheckResult:
    """A signature report's ETSI indication as a check result."""
    name = sig.field
    signer = sig.signer.name if sig.signer is not None else "?"
    indication = str(sig.indication)
    sub = str(sig.sub_indication) if sig.sub_indication else None
    details: dict[str, Any] = {
        "field": name,
        "signer": signer,
        "indication": indication,
        "sub_indication": sub,
        "modification": str(sig.modification),
        "trust": "checked" if sig.trusted else "not-established",
    }
    label = indication + (f"/{sub}" if sub else "")
    if indication == "TOTAL_PASSED":
        return CheckResult(
            ok=True,
            en=f"Signature '{name}' by {signer} is valid ({label}).",
            vi=f"Chữ ký '{name}' của {signer} hợp lệ ({label}).",
            details=details,
        )
    problems_en = "; ".join(m.en for m in sig.messages if m.severity == "error")
    problems_vi = "; ".join(m.vi for m in sig.messages if m.severity == "error")
    if indication == "TOTAL_FAILED" or sig.valid_at_signing_time is False:
        # An INDETERMINATE certificate that was not valid even at the signer's own signing
        # time (expired, not yet valid) is returned too: there is nothing the Office could
        # wait for — the head signs again with a valid certificate.
        if indication != "TOTAL_FAILED":
            problems_en = f"The certificate was not valid at signing time. {problems_en}"
            problems_vi = f"Chứng thư số không còn hiệu lực vào thời điểm ký. {problems_vi}"
        return CheckResult(
            ok=False,
            en=f"Signature '{name}' by {signer} is not valid ({label}). {problems_en}".strip(),
            vi=f"Chữ ký '{name}' của {signer} không hợp lệ ({label}). {problems_vi}".strip(),
            details=details,
        )
    return CheckResult(
        ok=None,
        en=f"The validity of signature '{name}' by {signer} could not be established ({label}). "
        f"{problems_en}".strip(),
        vi=f"Chưa xác định được hiệu lực chữ ký '{name}' của {signer} ({label}). "
        f"{problems_vi}".strip(),
        details=details,
    )


def _personal_candidates(sigs: Sequence[Any]) -> list[Any]:
    """The person's signatures: an individual's certificate (CCCD/CMND/HC UID) first; failing
    that, a signature whose certificate says nothing and whose field is not the agency's or an
    initial (signing order of Decree 30: the person signs first)."""
    people = [s for s in sigs if s.signer is not None and s.signer.kind == "individual"]
    if people:
        return people
    return [
        s
        for s in sigs
        if (s.signer is None or s.signer.kind == "unknown") and not _hinted_elsewhere(s.field)
    ][:1]


@attrs.frozen
class VerifyingSubmissionVerifier:
    """The submission checks backed by :func:`vndocsign.verification.verify_pdf`.

    ``trust`` is a :class:`~vndocsign.verification.TrustProfile` (``None``: the verification's
    default, ``any-vn``); ``revocation`` is passed to ``verify_pdf``.
    """

    trust: Any = None
    revocation: str = "embedded-then-online"
    max_gap_em: float = 4.0
    max_below_em: float = 3.0

    def _signatures(self, pdf: bytes) -> list[Any]:
        from vndocsign.verification import verify_pdf  # pyHanko is heavy: load on first use

        report = verify_pdf(pdf, trust=self.trust, revocation=self.revocation)
        return [s for s in report.signatures if s.type == "signature"]

    def personal_signature(self, pdf: bytes, *, at: dt.date) -> CheckResult:
        sigs = self._signatures(pdf)
        if not sigs:
            return CheckResult(
                ok=False,
                en="The tờ trình carries no digital signature.",
                vi="Tờ trình chưa được ký số.",
            )
        candidates = _personal_candidates(sigs)
        if not candidates:
            return CheckResult(
                ok=False,
                en="The tờ trình has no personal signature of the person with authority (only "
                "the agency's signature or an initial).",
                vi="Tờ trình không có chữ ký số cá nhân của người có thẩm quyền (chỉ có chữ ký "
                "của cơ quan hoặc chữ ký tắt).",
                details={"fields": [s.field for s in sigs]},
            )
        result = _judge(candidates[0])
        return attrs.evolve(result, details={**result.details, "role": "personal"})

    def initial_after_end_mark(self, pdf: bytes, *, at: dt.date) -> CheckResult:
        mark = find_end_mark(load_text(pdf))
        if mark is None:
            return CheckResult(
                ok=False,
                en='No closing "./." of the content was found in the draft.',
                vi='Không tìm thấy dấu kết thúc nội dung "./." trong dự thảo.',
            )
        where = {"page": mark.page + 1, "bbox": list(mark.bbox)}
        sigs = self._signatures(pdf)
        if not sigs:
            return CheckResult(
                ok=False,
                en='The draft carries no electronic initial after the closing "./.".',
                vi='Dự thảo chưa có chữ ký tắt điện tử ngay sau dấu "./.".',
                details={"end_mark": where},
            )
        widgets = signed_widgets(pdf)
        misplaced: list[dict[str, Any]] = []
        for sig in sigs:
            problem = self._placement(mark, widgets.get(sig.field))
            if problem is None:
                verdict = _judge(sig)
                if verdict.ok is False:
                    return verdict
                return CheckResult(
                    ok=verdict.ok,
                    en=f'The draft is initialled right after the closing "./." (page '
                    f"{mark.page + 1}). {verdict.en}",
                    vi=f'Dự thảo có chữ ký tắt điện tử ngay sau dấu "./." (trang '
                    f"{mark.page + 1}). {verdict.vi}",
                    details={**verdict.details, "end_mark_page": mark.page + 1},
                )
            misplaced.append({"field": sig.field, "problem": problem})
        return CheckResult(
            ok=False,
            en=f'The initial is not placed right after the closing "./." (page {mark.page + 1}).',
            vi=f'Chữ ký tắt không nằm ngay sau dấu "./." (trang {mark.page + 1}).',
            details={"end_mark": where, "signatures": misplaced},
        )

    def _placement(self, mark: EndMark, widget: tuple[int, BBox] | None) -> str | None:
        """``None`` when the widget sits right after the mark, else what is wrong."""
        if widget is None:
            return "invisible signature (no widget rectangle)"
        page, (x0, y0, x1, y1) = widget
        if page != mark.page:
            return f"on page {page + 1}, the end mark is on page {mark.page + 1}"
        mx0, my0, mx1, my1 = mark.bbox
        em = max(mark.size, 6.0)
        if y0 <= my1 + 0.5 * em and y1 >= my0 - 0.5 * em:  # on the line of the mark
            if x0 < mx1 - 0.5 * em:
                return "on the line of the end mark but to its left"
            if x0 - mx1 > self.max_gap_em * em:
                return f"{x0 - mx1:.0f} pt to the right of the end mark"
            return None
        if y1 > my1:
            return "above the end mark"
        if my0 - y1 > self.max_below_em * em:
            return f"{my0 - y1:.0f} pt below the end mark"
        if x1 < mx0 - self.max_gap_em * em or x0 > mx1 + self.max_gap_em * em:
            return "below the end mark but not near it horizontally"
        return None
