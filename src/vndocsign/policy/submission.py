"""Checking a submission (hồ sơ trình): accept it, or return it with reasons (trả lại hồ sơ).

Công văn 3183/VPCP-KSTT (and in Quảng Ngãi 2183/UBND-KGVX from 01/07/2024): a tờ trình
submitted to the Government, the Prime Minister, the provincial People's Committee or its
Chairman carries the personal digital signature of the head, each draft submitted with it
carries the electronic initial right after the closing ``./.`` of its content, and secret
documents never travel this way. The receiving Office checks this and returns what does not
comply.

Which checks are *required* is not decided here but by the profile: :func:`check_submission`
asks :func:`~vndocsign.policy.decide` what the tờ trình and the drafts must carry on that date
and only a failed *required* check returns the submission (the others are reported for
information).

The two signature checks go through the small :class:`SubmissionVerifier` protocol, so that
the project's full verifier (trust chains, revocation, ETSI verdicts) can be plugged in with
``check_submission(..., verifier=MyVerifier())``. :class:`BasicSubmissionVerifier` is what
works today with pyHanko alone: the signature is present, cryptographically intact and covers
its revision; the certificate was within its validity period; with ``trust_roots`` the chain
is validated offline too (without them the result says plainly that trust was not checked);
and the initial's widget lies right after the last ``./.`` found by
:func:`vndocsign.pdf.text.load_text`.
"""

from __future__ import annotations

import datetime as dt
import enum
import io
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol, runtime_checkable

import attrs

from vndocsign.errors import PdfError, VndocsignError
from vndocsign.model import DocumentType, Secrecy
from vndocsign.model._text import canonical
from vndocsign.pdf import PdfSource, PdfText, load_text, read_pdf_bytes
from vndocsign.policy.model import Decision, DocumentFacts, Scope, SignatureRole

__all__ = [
    "BasicSubmissionVerifier",
    "CheckResult",
    "Finding",
    "SignatureInfo",
    "SubmissionCheck",
    "SubmissionVerdict",
    "SubmissionVerifier",
    "VerifyingSubmissionVerifier",
    "check_submission",
    "find_end_mark",
    "signature_widgets",
]


class SubmissionVerdict(enum.Enum):
    ACCEPTED = "ACCEPTED"
    #: Trả lại hồ sơ.
    RETURNED = "RETURNED"
    #: A required check could not be carried out (e.g. the verifier could not decide).
    INDETERMINATE = "INDETERMINATE"


@attrs.frozen
class CheckResult:
    """What a :class:`SubmissionVerifier` answers: ``ok=None`` means "could not tell"."""

    ok: bool | None
    vi: str
    en: str
    details: Mapping[str, Any] = attrs.field(factory=dict)


@runtime_checkable
class SubmissionVerifier(Protocol):
    """The two checks a submission needs; plug the project's verifier in here."""

    def personal_signature(self, pdf: bytes, *, on: dt.date) -> CheckResult:
        """Is the document personally signed by a valid certificate?"""
        ...

    def initial_after_end_mark(self, pdf: bytes, *, on: dt.date) -> CheckResult:
        """Is the draft initialled right after the closing ``./.`` of its content?"""
        ...


@attrs.frozen
class Finding:
    """One check on one document of the submission."""

    document: str
    check: str
    ok: bool | None
    required: bool
    vi: str
    en: str
    rule: str | None = None
    source: str | None = None
    details: Mapping[str, Any] = attrs.field(factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from vndocsign.errors import _jsonable

        return {
            "document": self.document,
            "check": self.check,
            "ok": self.ok,
            "required": self.required,
            "rule": self.rule,
            "source": self.source,
            "vi": self.vi,
            "en": self.en,
            "details": _jsonable(dict(self.details)),
        }


@attrs.frozen(kw_only=True)
class SubmissionCheck:
    """The outcome: ACCEPTED, RETURNED (with the reasons) or INDETERMINATE."""

    verdict: SubmissionVerdict
    findings: tuple[Finding, ...]
    profile: str
    on: dt.date
    decisions: Mapping[str, Decision] = attrs.field(factory=dict)

    @property
    def accepted(self) -> bool:
        return self.verdict is SubmissionVerdict.ACCEPTED

    @property
    def reasons(self) -> tuple[Finding, ...]:
        """Why the submission is returned (the failed required checks)."""
        return tuple(f for f in self.findings if f.required and f.ok is False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict.value,
            "accepted": self.accepted,
            "profile": self.profile,
            "on": self.on.isoformat(),
            "reasons": [f.to_dict() for f in self.reasons],
            "findings": [f.to_dict() for f in self.findings],
            "decisions": {k: v.to_dict() for k, v in self.decisions.items()},
        }


# -- PDF helpers ------------------------------------------------------------------------------

_END_MARK = re.compile(r"\.\s?/\s?\.")


@attrs.frozen
class EndMark:
    """The last ``./.`` of a document: its page and box in PDF user space."""

    page: int
    bbox: tuple[float, float, float, float]
    size: float
    line_text: str


def find_end_mark(text: PdfText) -> EndMark | None:
    """The closing ``./.`` of the content (where the ký tắt belongs under VPCP 3287).

    The placement capability decides which ``./.`` closes the body — not one quoted in the
    text, not one in "Nơi nhận", not a date such as ``01/7/2024.`` — so the submission check
    and the signing software agree on the anchor. When placement finds several equally good
    candidates, the last one in reading order is taken (and the check stays explainable by
    the box it reports).
    """
    from vndocsign.errors import PlacementError
    from vndocsign.placement import AnchorNotFoundError, find_placement

    try:
        anchor = find_placement(text, "initial").anchor
    except AnchorNotFoundError:
        return None
    except PlacementError:
        return _last_end_mark(text)
    return EndMark(anchor.page, anchor.bbox, _size_at(text, anchor.page, anchor.bbox), anchor.text)


def _size_at(text: PdfText, page: int, bbox: tuple[float, float, float, float]) -> float:
    """Font size of the text line holding ``bbox`` (the body size when nothing matches)."""
    cx, cy = (bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2
    for line in text.pages[page].lines:
        x0, y0, x1, y1 = line.bbox
        if x0 <= cx <= x1 and y0 <= cy <= y1:
            return line.size
    return 13.0


def _last_end_mark(text: PdfText) -> EndMark | None:
    found: EndMark | None = None
    for page in text.pages:
        for line in page.reading_order():
            for m in _END_MARK.finditer(line.text):
                try:
                    box = line.char_span(m.start(), m.end())
                except IndexError:
                    continue
                found = EndMark(page.index, box, line.size, line.text)
    return found


@attrs.frozen
class SignatureInfo:
    """A signed signature field: name, widget page and rectangle (``None`` when invisible)."""

    name: str
    page: int | None
    rect: tuple[float, float, float, float] | None


def signature_widgets(pdf: bytes) -> list[SignatureInfo]:
    """Signed signature fields with their widget rectangles, in document order (via pypdf)."""
    import pypdf

    try:
        reader = pypdf.PdfReader(io.BytesIO(pdf))
        out: list[SignatureInfo] = []
        seen: set[str] = set()
        for index, page in enumerate(reader.pages):
            for annot_ref in page.get("/Annots") or []:
                annot = annot_ref.get_object()
                if annot.get("/Subtype") != "/Widget":
                    continue
                field = annot if "/FT" in annot or "/T" in annot else annot.get("/Parent")
                if field is None:
                    continue
                field = field.get_object()
                parent = field.get("/Parent")
                ft = field.get("/FT") or (parent.get_object().get("/FT") if parent else None)
                if ft != "/Sig" or "/V" not in field:
                    continue
                name = str(field.get("/T", f"field{len(out)}"))
                rect = [float(v) for v in annot.get("/Rect", [0, 0, 0, 0])]
                x0, y0, x1, y1 = (
                    min(rect[0], rect[2]),
                    min(rect[1], rect[3]),
                    max(rect[0], rect[2]),
                    max(rect[1], rect[3]),
                )
                visible = (x1 - x0) > 0 and (y1 - y0) > 0
                out.append(SignatureInfo(name, index, (x0, y0, x1, y1) if visible else None))
                seen.add(name)
        return out
    except Exception as exc:  # pypdf raises many types on damaged files
        raise PdfError(
            f"Cannot read the signature fields: {exc}",
            f"Không đọc được các trường chữ ký: {exc}",
        ) from None


def _secrecy_marks(text: PdfText) -> list[str]:
    values = {s.value for s in Secrecy}
    found = []
    for line in text.lines():
        t = canonical(line.text).upper().strip(" .:")
        if t in values:
            found.append(t)
    return found


# -- the pyHanko-only verifier ----------------------------------------------------------------


_PERSONAL_HINTS = ("personal", "canhan", "ca_nhan", "ca-nhan", "nguoiky", "signer", "lanhdao")
_AGENCY_HINTS = ("agency", "coquan", "co_quan", "co-quan", "vanthu", "van_thu", "seal", "org")
_INITIAL_HINTS = ("initial", "kytat", "ky_tat", "ky-tat", "kynhay", "ky_nhay")


class BasicSubmissionVerifier:
    """The checks that can be made today with pyHanko and the text layer alone.

    * personal signature: at least one signature that is not recognisably the agency's
      (by field name) is present, intact, covers its revision, and its certificate was valid
      on the signing time; with ``trust_roots`` (DER/PEM files or ``asn1crypto``
      certificates) the chain is validated offline as well, else the result says that trust
      was not checked (``details["trust"] == "not-checked"``);
    * initial: a signed, intact signature whose widget lies on the page of the last ``./.``,
      starting no further than ``max_gap_em`` font sizes to the right of it on the same line,
      or just below it (within ``max_below_em`` line heights).
    """

    def __init__(
        self,
        *,
        trust_roots: Iterable[Any] = (),
        max_gap_em: float = 4.0,
        max_below_em: float = 3.0,
    ) -> None:
        self.trust_roots = [_load_cert(c) for c in trust_roots]
        self.max_gap_em = max_gap_em
        self.max_below_em = max_below_em

    # -- signatures ------------------------------------------------------------------------

    def _embedded(self, pdf: bytes) -> list[Any]:
        from pyhanko.pdf_utils.reader import PdfFileReader

        try:
            reader = PdfFileReader(io.BytesIO(pdf), strict=False)
            return list(reader.embedded_regular_signatures)
        except Exception as exc:
            raise PdfError(
                f"Cannot read the signatures of the PDF: {exc}",
                f"Không đọc được chữ ký số trong tệp PDF: {exc}",
            ) from None

    def _integrity(self, sig: Any, on: dt.date) -> CheckResult:
        from pyhanko.sign.validation.generic_cms import validate_sig_integrity
        from pyhanko.sign.validation.status import SignatureCoverageLevel

        name = sig.field_name
        try:
            digest = sig.compute_digest()
            intact, valid = validate_sig_integrity(sig.signer_info, sig.signer_cert, "data", digest)
            coverage = sig.evaluate_signature_coverage()
        except Exception as exc:
            return CheckResult(
                False,
                f"Chữ ký '{name}' không kiểm tra được tính toàn vẹn ({exc}).",
                f"Signature '{name}' cannot be checked for integrity ({exc}).",
                {"field": name},
            )
        cert = sig.signer_cert
        subject = cert.subject.human_friendly
        details: dict[str, Any] = {"field": name, "signer": subject}
        if not (intact and valid):
            return CheckResult(
                False,
                f"Chữ ký '{name}' không còn toàn vẹn: văn bản đã bị thay đổi sau khi ký.",
                f"Signature '{name}' is not intact: the document changed after signing.",
                details,
            )
        if coverage not in (
            SignatureCoverageLevel.ENTIRE_FILE,
            SignatureCoverageLevel.ENTIRE_REVISION,
        ):
            return CheckResult(
                False,
                f"Chữ ký '{name}' không bao trùm toàn bộ văn bản.",
                f"Signature '{name}' does not cover the whole document.",
                details,
            )
        when = sig.self_reported_timestamp
        moment = when if when is not None else dt.datetime.combine(on, dt.time(12), dt.UTC)
        nb, na = cert.not_valid_before, cert.not_valid_after
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.UTC)
        if not (nb <= moment <= na):
            return CheckResult(
                False,
                f"Chứng thư số của chữ ký '{name}' không còn hiệu lực vào thời điểm ký "
                f"({moment:%d/%m/%Y}; hiệu lực {nb:%d/%m/%Y}–{na:%d/%m/%Y}).",
                f"The certificate of signature '{name}' was not valid at signing time "
                f"({moment:%Y-%m-%d}; valid {nb:%Y-%m-%d}..{na:%Y-%m-%d}).",
                details,
            )
        if not self.trust_roots:
            details["trust"] = "not-checked"
            return CheckResult(
                True,
                f"Chữ ký '{name}' của {subject} toàn vẹn, chứng thư còn hiệu lực "
                "(chưa kiểm tra chuỗi tin cậy: chưa cung cấp chứng thư gốc).",
                f"Signature '{name}' by {subject} is intact and its certificate was valid "
                "(trust chain not checked: no trust roots given).",
                details,
            )
        return self._trust(sig, details)

    def _trust(self, sig: Any, details: dict[str, Any]) -> CheckResult:
        from pyhanko.sign.validation import validate_pdf_signature
        from pyhanko_certvalidator import ValidationContext

        name = details["field"]
        try:
            vc = ValidationContext(
                trust_roots=self.trust_roots, allow_fetching=False, revocation_mode="soft-fail"
            )
            status = validate_pdf_signature(sig, signer_validation_context=vc)
        except Exception as exc:
            return CheckResult(
                None,
                f"Không kiểm tra được chuỗi tin cậy của chữ ký '{name}' ({exc}).",
                f"The trust chain of signature '{name}' could not be checked ({exc}).",
                details,
            )
        details["trust"] = "trusted" if status.trusted else "untrusted"
        if status.bottom_line:
            return CheckResult(
                True,
                f"Chữ ký '{name}' hợp lệ, chứng thư số được tin cậy.",
                f"Signature '{name}' is valid and its certificate is trusted.",
                details,
            )
        return CheckResult(
            False,
            f"Chữ ký '{name}' không hợp lệ: chứng thư số không được tin cậy hoặc bị thu hồi.",
            f"Signature '{name}' is not valid: its certificate is not trusted or is revoked.",
            details,
        )

    @staticmethod
    def _role_hint(name: str) -> str | None:
        key = name.lower().replace(" ", "")
        for role, hints in (
            ("initial", _INITIAL_HINTS),
            ("agency", _AGENCY_HINTS),
            ("personal", _PERSONAL_HINTS),
        ):
            if any(h in key for h in hints):
                return role
        return None

    def personal_signature(self, pdf: bytes, *, on: dt.date) -> CheckResult:
        sigs = self._embedded(pdf)
        if not sigs:
            return CheckResult(
                False,
                "Tờ trình chưa được ký số.",
                "The tờ trình carries no digital signature.",
            )
        named = [s for s in sigs if self._role_hint(s.field_name) == "personal"]
        unnamed = [s for s in sigs if self._role_hint(s.field_name) is None]
        # Signing order of Decree 30: the person signs first, the văn thư adds the agency's.
        candidates = named or unnamed[:1]
        if not candidates:
            return CheckResult(
                False,
                "Tờ trình không có chữ ký số cá nhân của người có thẩm quyền (chỉ có chữ ký "
                "của cơ quan hoặc chữ ký tắt).",
                "The tờ trình has no personal signature of the person with authority (only "
                "the agency's signature or an initial).",
                {"fields": [s.field_name for s in sigs]},
            )
        result = self._integrity(candidates[0], on)
        if result.ok:
            return attrs.evolve(result, details={**result.details, "role": "personal"})
        return result

    def initial_after_end_mark(self, pdf: bytes, *, on: dt.date) -> CheckResult:
        text = load_text(pdf)
        mark = find_end_mark(text)
        if mark is None:
            return CheckResult(
                False,
                'Không tìm thấy dấu kết thúc nội dung "./." trong dự thảo.',
                'No closing "./." of the content was found in the draft.',
            )
        sigs = self._embedded(pdf)
        if not sigs:
            return CheckResult(
                False,
                'Dự thảo chưa có chữ ký tắt điện tử ngay sau dấu "./.".',
                'The draft carries no electronic initial after the closing "./.".',
                {"end_mark": {"page": mark.page + 1, "bbox": list(mark.bbox)}},
            )
        widgets = {w.name: w for w in signature_widgets(pdf)}
        misplaced: list[dict[str, Any]] = []
        for sig in sigs:
            widget = widgets.get(sig.field_name)
            placement = self._placement(mark, widget)
            if placement is None:
                integrity = self._integrity(sig, on)
                if integrity.ok is False:
                    return integrity
                return CheckResult(
                    integrity.ok,
                    f'Dự thảo có chữ ký tắt điện tử ngay sau dấu "./." (trang '
                    f"{mark.page + 1}). {integrity.vi}",
                    f'The draft is initialled right after the closing "./." (page '
                    f"{mark.page + 1}). {integrity.en}",
                    {**integrity.details, "end_mark_page": mark.page + 1},
                )
            misplaced.append({"field": sig.field_name, "problem": placement})
        return CheckResult(
            False,
            f'Chữ ký tắt không nằm ngay sau dấu "./." (trang {mark.page + 1}).',
            f'The initial is not placed right after the closing "./." (page {mark.page + 1}).',
            {"end_mark": {"page": mark.page + 1, "bbox": list(mark.bbox)}, "signatures": misplaced},
        )

    def _placement(self, mark: EndMark, widget: SignatureInfo | None) -> str | None:
        """``None`` when the widget sits right after the mark, else what is wrong."""
        if widget is None or widget.rect is None or widget.page is None:
            return "invisible signature (no widget rectangle)"
        if widget.page != mark.page:
            return f"on page {widget.page + 1}, the end mark is on page {mark.page + 1}"
        x0, y0, x1, y1 = widget.rect
        mx0, my0, mx1, my1 = mark.bbox
        em = max(mark.size, 6.0)
        same_line = y0 <= my1 + 0.5 * em and y1 >= my0 - 0.5 * em
        if same_line:
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


class VerifyingSubmissionVerifier(BasicSubmissionVerifier):
    """The submission checks backed by :mod:`vndocsign.verification` (the full verdict).

    Where :class:`BasicSubmissionVerifier` asks pyHanko whether a signature is intact, this
    one takes :func:`~vndocsign.verification.verify_pdf`'s per-signature ETSI indication: the
    chain to ``trust``, revocation and validity at signing time, the TT 15/2025 algorithm
    policy, and what changed after signing (a tờ trình whose content was altered after the
    leader signed is returned even when the signature bytes are intact). The signature's
    role comes from the certificate profile (CCCD/CMND/HC: a person) rather than the field
    name. The placement rule for the ký tắt is the basic one.

    ``TOTAL_PASSED`` accepts, ``TOTAL_FAILED`` returns, ``INDETERMINATE`` (for example an
    untrusted root or missing revocation data) leaves the submission INDETERMINATE. One
    instance checks one document at a time (it keeps the current report).
    """

    def __init__(
        self,
        *,
        trust: Any = None,
        revocation: str = "embedded-then-online",
        max_gap_em: float = 4.0,
        max_below_em: float = 3.0,
    ) -> None:
        super().__init__(max_gap_em=max_gap_em, max_below_em=max_below_em)
        self.trust = trust
        self.revocation = revocation
        self._reports: dict[str, Any] = {}

    def _verify(self, pdf: bytes) -> None:
        from vndocsign.verification import verify_pdf

        report = verify_pdf(pdf, trust=self.trust, revocation=self.revocation)
        self._reports = {s.field: s for s in report.signatures}

    def personal_signature(self, pdf: bytes, *, on: dt.date) -> CheckResult:
        self._verify(pdf)
        people = [
            s
            for s in self._reports.values()
            if s.type == "signature" and s.signer is not None and s.signer.kind == "individual"
        ]
        if not people:
            return super().personal_signature(pdf, on=on)
        return self._judge(people[0])

    def initial_after_end_mark(self, pdf: bytes, *, on: dt.date) -> CheckResult:
        self._verify(pdf)
        return super().initial_after_end_mark(pdf, on=on)

    def _integrity(self, sig: Any, on: dt.date) -> CheckResult:
        report = self._reports.get(str(sig.field_name))
        if report is None:
            return super()._integrity(sig, on)
        return self._judge(report)

    @staticmethod
    def _judge(sig: Any) -> CheckResult:
        name = sig.field
        signer = sig.signer.name if sig.signer is not None else "?"
        details: dict[str, Any] = {
            "field": name,
            "signer": signer,
            "indication": sig.indication,
            "sub_indication": sig.sub_indication,
            "modification": sig.modification,
            "trust": "checked" if sig.trusted else "not-established",
        }
        label = f"{sig.indication}" + (f"/{sig.sub_indication}" if sig.sub_indication else "")
        if sig.indication == "TOTAL_PASSED":
            return CheckResult(
                True,
                f"Chữ ký '{name}' của {signer} hợp lệ ({label}).",
                f"Signature '{name}' by {signer} is valid ({label}).",
                details,
            )
        problems_vi = "; ".join(m.vi for m in sig.messages if m.severity == "error")
        problems_en = "; ".join(m.en for m in sig.messages if m.severity == "error")
        if sig.indication == "TOTAL_FAILED":
            return CheckResult(
                False,
                f"Chữ ký '{name}' của {signer} không hợp lệ ({label}). {problems_vi}".strip(),
                f"Signature '{name}' by {signer} is not valid ({label}). {problems_en}".strip(),
                details,
            )
        return CheckResult(
            None,
            f"Chưa xác định được hiệu lực chữ ký '{name}' của {signer} ({label}).",
            f"The validity of signature '{name}' by {signer} could not be established ({label}).",
            details,
        )


def _load_cert(value: Any) -> Any:
    from asn1crypto import pem, x509

    if isinstance(value, x509.Certificate):
        return value
    try:
        data = value if isinstance(value, bytes) else open(value, "rb").read()  # noqa: SIM115
    except OSError as exc:
        raise VndocsignError(
            f"Cannot read trust root {value}: {exc.strerror}",
            f"Không đọc được chứng thư gốc {value}: {exc.strerror}",
        ) from None
    try:
        if pem.detect(data):
            _, _, data = pem.unarmor(data)
        return x509.Certificate.load(data)
    except Exception:
        raise VndocsignError(
            f"Not a certificate: {value}",
            f"Không phải chứng thư số: {value}",
        ) from None


# -- the check ---------------------------------------------------------------------------------


def _label(source: PdfSource, default: str) -> str:
    if isinstance(source, str | os.PathLike):
        return os.path.basename(str(source))
    return default


def _rule_for(
    decision: Decision, role: SignatureRole, profile: Any
) -> tuple[str | None, str | None]:
    for reason in decision.reasons:
        if reason.rule is None or reason.effect != "signature":
            continue
        try:
            rule = profile.rule(reason.rule)
        except KeyError:  # pragma: no cover - reasons come from the profile
            continue
        if role in rule.signatures:
            return reason.rule, reason.source
    return None, None


def check_submission(
    totrinh_pdf: PdfSource,
    drafts: Sequence[PdfSource] = (),
    *,
    profile: Any,
    on: dt.date | str,
    scope: Scope | str | None = None,
    verifier: SubmissionVerifier | None = None,
) -> SubmissionCheck:
    """Accept a submission (tờ trình + drafts) or return it with reasons.

    ``profile`` is a :class:`~vndocsign.policy.Profile` or a shipped profile name; ``on`` the
    date of the submission; ``scope`` where it goes (``central``: the Government or the Prime
    Minister; ``province``: the provincial People's Committee or its Chairman), defaulting to
    the profile's ``assume_scope``. ``verifier`` defaults to :class:`BasicSubmissionVerifier`.
    Unreadable or non-PDF input raises :class:`~vndocsign.errors.PdfError`.
    """
    from vndocsign.policy.engine import _as_date
    from vndocsign.policy.profile import Profile, load_profile

    prof = profile if isinstance(profile, Profile) else load_profile(profile)
    day = _as_date(on, None)
    check_with = verifier if verifier is not None else BasicSubmissionVerifier()
    documents = [(_label(totrinh_pdf, "totrinh.pdf"), read_pdf_bytes(totrinh_pdf), False)]
    for i, d in enumerate(drafts, start=1):
        documents.append((_label(d, f"draft-{i}.pdf"), read_pdf_bytes(d), True))

    findings: list[Finding] = []
    decisions: dict[str, Decision] = {}
    for name, data, is_draft in documents:
        text = load_text(data)
        marks = _secrecy_marks(text)
        secrecy = Secrecy.parse(marks[0]) if marks else None
        facts = DocumentFacts(
            document_type=None if is_draft else DocumentType.from_abbreviation("TTr"),
            secrecy=secrecy,
            draft=is_draft,
            submission=True,
            scope=scope,
            categories=frozenset(),
        )
        decision = prof.engine.decide(facts, day)
        decisions[name] = decision
        if secrecy is not None:
            reason = decision.reasons[0] if decision.reasons else None
            findings.append(
                Finding(
                    name,
                    "not-secret",
                    False,
                    True,
                    f"Văn bản có dấu độ mật {secrecy.value}: không được trình qua hệ thống "
                    "điện tử.",
                    f"The document is marked {secrecy.value}: secret documents are not "
                    "submitted electronically.",
                    rule=reason.rule if reason else None,
                    source=reason.source if reason else None,
                )
            )
            continue
        roles = decision.required_signatures
        if is_draft and not text.has_text:
            # A scan: the initial's place cannot be judged either way — say so, do not guess.
            findings.append(
                Finding(
                    name,
                    "initial-after-end-mark",
                    None,
                    SignatureRole.INITIAL in roles,
                    'Dự thảo không có lớp chữ (bản quét): không xác định được vị trí "./.".',
                    'The draft has no text layer (a scan): the "./." cannot be located.',
                )
            )
            continue
        if SignatureRole.AGENCY in roles and SignatureRole.PERSONAL not in roles:
            signed = bool(signature_widgets(data))
            rule, source = _rule_for(decision, SignatureRole.AGENCY, prof)
            findings.append(
                Finding(
                    name,
                    "signed",
                    signed,
                    True,
                    "Văn bản đã được ký số."
                    if signed
                    else "Văn bản chưa được ký số: văn bản điện tử chưa ký số chỉ có giá trị để "
                    "biết, tham khảo.",
                    "The document is digitally signed."
                    if signed
                    else "The document is not digitally signed: an unsigned electronic document is "
                    "for information only.",
                    rule,
                    source,
                )
            )
        if not is_draft:
            required = SignatureRole.PERSONAL in roles
            rule, source = _rule_for(decision, SignatureRole.PERSONAL, prof)
            result = check_with.personal_signature(data, on=day)
            findings.append(
                Finding(
                    name,
                    "personal-signature",
                    result.ok,
                    required,
                    result.vi,
                    result.en,
                    rule,
                    source,
                    result.details,
                )
            )
        else:
            required = SignatureRole.INITIAL in roles
            rule, source = _rule_for(decision, SignatureRole.INITIAL, prof)
            result = check_with.initial_after_end_mark(data, on=day)
            findings.append(
                Finding(
                    name,
                    "initial-after-end-mark",
                    result.ok,
                    required,
                    result.vi,
                    result.en,
                    rule,
                    source,
                    result.details,
                )
            )
        if not required:
            what = "chữ ký số cá nhân" if not is_draft else "chữ ký tắt điện tử"
            what_en = "personal signature" if not is_draft else "electronic initial"
            findings.append(
                Finding(
                    name,
                    "rule",
                    True,
                    False,
                    f"Ngày {day:%d/%m/%Y}, hồ sơ {prof.name} chưa bắt buộc {what} "
                    "(kết quả kiểm tra chỉ để tham khảo).",
                    f"On {day.isoformat()} profile {prof.name} does not require the "
                    f"{what_en} (the check above is for information only).",
                )
            )
    if any(f.required and f.ok is False for f in findings):
        verdict = SubmissionVerdict.RETURNED
    elif any(f.required and f.ok is None for f in findings):
        verdict = SubmissionVerdict.INDETERMINATE
    else:
        verdict = SubmissionVerdict.ACCEPTED
    return SubmissionCheck(
        verdict=verdict, findings=tuple(findings), profile=prof.name, on=day, decisions=decisions
    )
