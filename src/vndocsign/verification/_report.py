"""The verification report: frozen, JSON-serialisable, bilingual.

One :class:`VerificationReport` per file, one :class:`SignatureReport` per signature or
document time-stamp. The ETSI EN 319 102-1 indication/sub-indication pair is the formal
verdict; :attr:`VerificationReport.status` adds what a clerk needs on top of it (``warning``:
intact, but something was changed after signing that a person must look at). The seven fields
TT 15/2025 requires a verifier to display are :meth:`SignatureReport.tt15_fields`.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import attrs

from vndocsign.model import SignatureRole
from vndocsign.verification._change_types import ChangeKind
from vndocsign.verification._identity import SignerIdentity
from vndocsign.verification._states import (
    Coverage,
    Indication,
    ModificationLevel,
    RevocationStatus,
    Severity,
    SignatureType,
    Stamp,
    Status,
    SubIndication,
    TimeSource,
)

__all__ = [
    "INDICATIONS",
    "VN_TZ",
    "ChangedArea",
    "Decree30Check",
    "LaterChange",
    "Message",
    "SignatureReport",
    "TimestampReport",
    "VerificationReport",
]

VN_TZ = timezone(timedelta(hours=7), "ICT")
INDICATIONS = tuple(Indication)
#: Prefix of every finding code (``verification.<snake_case>``).
CODE_PREFIX = "verification."


@attrs.frozen
class Message:
    """A finding in both languages; ``code`` is ``verification.<snake_case>``."""

    code: str
    en: str
    vi: str
    severity: Severity = attrs.field(default=Severity.WARNING, converter=Severity)

    @classmethod
    def of(cls, name: str, en: str, vi: str, severity: str = "warning") -> Message:
        """A finding named ``name`` (snake_case, prefixed with ``verification.``)."""
        return cls(CODE_PREFIX + name, en, vi, Severity(severity))

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "severity": str(self.severity), "en": self.en, "vi": self.vi}

    def text(self, lang: str = "vi") -> str:
        return self.vi if lang == "vi" else self.en


def _iso(dt: datetime | None) -> str | None:
    if dt is None:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(VN_TZ).isoformat()


Box = tuple[float, float, float, float]


def _box(value: Box | None) -> list[float] | None:
    return None if value is None else [round(float(v), 2) for v in value]


@attrs.frozen
class LaterChange:
    """One change made to the file after a signature (what the revision timeline lists).

    ``revision``: the 0-based revision that made it (the original file is revision 0, as in
    :attr:`SignatureReport.revision`); ``None`` for what the rendering comparison found (it
    compares the signed revision with the final file, not revision by revision).
    ``reason`` is a short English technical note; reports show :attr:`kind` in words.
    """

    kind: ChangeKind = attrs.field(converter=ChangeKind)
    reason: str
    revision: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"kind": str(self.kind), "revision": self.revision, "reason": self.reason}


@attrs.frozen
class ChangedArea:
    """Where on a page something changed after a signature (the report outlines it in red).

    ``page`` is 0-based (JSON ``page`` 1-based); ``box`` is in PDF user space (points,
    ``x0, y0, x1, y1``, origin lower left, before ``/Rotate``), like a widget's ``/Rect``.
    """

    page: int
    box: Box
    kind: ChangeKind = attrs.field(converter=ChangeKind)

    def to_dict(self) -> dict[str, Any]:
        return {"page": self.page + 1, "box": _box(self.box), "kind": str(self.kind)}


@attrs.frozen
class TimestampReport:
    """A signature time-stamp (or the token of a document time-stamp)."""

    time: datetime | None
    intact: bool | None
    valid: bool | None
    trusted: bool
    tsa: str | None
    sub_indication: SubIndication | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "time": _iso(self.time),
            "intact": self.intact,
            "valid": self.valid,
            "trusted": self.trusted,
            "tsa": self.tsa,
            "sub_indication": self.sub_indication,
        }


@attrs.frozen
class SignatureReport:
    """Everything established about one signature or document time-stamp."""

    field: str
    type: SignatureType
    subfilter: str | None
    #: ``None``: a document time-stamp, or no Decree 30 role recognised (JSON ``"timestamp"``
    #: / ``"unknown"``)
    role: SignatureRole | None
    indication: Indication
    sub_indication: SubIndication | None
    intact: bool | None
    valid: bool | None
    trusted: bool
    covers_whole_file: bool
    coverage: Coverage
    modification: ModificationLevel
    changes: tuple[str, ...]
    byte_range: tuple[int, ...]
    revision: int | None
    signing_time: datetime | None
    signing_time_source: TimeSource
    claimed_time: datetime | None
    timestamp: TimestampReport | None
    signer: SignerIdentity | None
    issuer_ca: str | None
    chain: tuple[str, ...]
    valid_at_signing_time: bool | None
    revocation: RevocationStatus
    digest_algorithm: str | None
    signature_algorithm: str | None
    key: str | None
    docmdp: int | None
    messages: tuple[Message, ...]
    attention: bool = False
    #: 0-based index of the page showing the signature's widget (``None``: not on a page);
    #: JSON ``page`` is 1-based
    page: int | None = None
    #: what an agency signature stamped (number, date, seal, attachment stamp); ``()`` else
    stamped: tuple[Stamp, ...] = ()
    #: the text a number or date stamp shows in its appearance ("11902", "07"), else ``None``
    stamped_text: str | None = None
    #: the widget's rectangle on :attr:`page` in PDF user space (points, ``x0, y0, x1, y1``;
    #: ``None``: no readable ``/Rect``; an invisible signature has a zero-size one)
    box: Box | None = None
    #: what was changed after this signature, revision by revision (see :class:`LaterChange`)
    later_changes: tuple[LaterChange, ...] = ()
    #: where on the pages those changes are (later signatures' widgets left out: they are
    #: their own signatures' :attr:`box`)
    changed_areas: tuple[ChangedArea, ...] = ()

    def tt15_fields(self) -> dict[str, Any]:
        """The seven items TT 15/2025 (Điều 6, V12) requires on screen, labelled in Vietnamese."""
        s = self.signer
        return {
            "Tổ chức cấp chứng thư (issuing CA)": self.issuer_ca,
            "Người ký (signer)": s.name if s else None,
            "Đơn vị quản lý chứng thư (managing unit)": (s.organization if s else None),
            "Thời điểm ký / dấu thời gian (signing time)": _iso(self.signing_time),
            "Tính toàn vẹn (integrity)": self.intact,
            "Hợp lệ tại thời điểm ký (valid at signing time)": self.valid_at_signing_time,
            "Thời hạn chứng thư (certificate validity)": (
                f"{s.not_before} → {s.not_after}" if s else None
            ),
        }

    @property
    def role_text(self) -> str:
        """The role as JSON gives it: a :class:`SignatureRole`, ``timestamp`` or ``unknown``."""
        if self.role is not None:
            return str(self.role)
        return "timestamp" if self.type is SignatureType.DOCUMENT_TIMESTAMP else "unknown"

    def to_dict(self) -> dict[str, Any]:
        signer: dict[str, Any] | None = None
        if self.signer is not None:
            signer = self.signer.to_dict()
        return {
            "field": self.field,
            "page": None if self.page is None else self.page + 1,
            "box": _box(self.box),
            "type": self.type,
            "subfilter": self.subfilter,
            "role": self.role_text,
            "stamped": [str(x) for x in self.stamped],
            "stamped_text": self.stamped_text,
            "indication": self.indication,
            "sub_indication": self.sub_indication,
            "intact": self.intact,
            "valid": self.valid,
            "trusted": self.trusted,
            "covers_whole_file": self.covers_whole_file,
            "coverage": self.coverage,
            "modification": self.modification,
            "changes": list(self.changes),
            "later_changes": [c.to_dict() for c in self.later_changes],
            "changed_areas": [a.to_dict() for a in self.changed_areas],
            "byte_range": list(self.byte_range),
            "revision": self.revision,
            "signing_time": _iso(self.signing_time),
            "signing_time_source": self.signing_time_source,
            "signing_time_proven": self.signing_time_source is TimeSource.TIMESTAMP,
            "claimed_time": _iso(self.claimed_time),
            "timestamp": self.timestamp.to_dict() if self.timestamp else None,
            "signer": signer,
            "issuer_ca": self.issuer_ca,
            "chain": list(self.chain),
            "valid_at_signing_time": self.valid_at_signing_time,
            "revocation": self.revocation,
            "digest_algorithm": self.digest_algorithm,
            "signature_algorithm": self.signature_algorithm,
            "key": self.key,
            "docmdp": self.docmdp,
            "attention": self.attention,
            "messages": [m.to_dict() for m in self.messages],
            "tt15": self.tt15_fields(),
        }


@attrs.frozen
class Decree30Check:
    """One rule of the Decree 30 verdict on an issued document (beside the ETSI verdicts).

    ``passed``: ``True``/``False``, or ``None`` when the file does not tell (no text layer).
    ``value``: what the rule read, when it reads one — the number as a reader sees it
    (``11902/BNV-TCPCP``: stamped digits + printed ký hiệu) or the ISO date of issue (the
    printed date line with the stamped day/month in its blanks).
    """

    rule: str
    passed: bool | None
    en: str
    vi: str
    value: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "passed": self.passed,
            "value": self.value,
            "en": self.en,
            "vi": self.vi,
        }

    def text(self, lang: str = "vi") -> str:
        mark = {True: "✔", False: "✘", None: "?"}[self.passed]
        return f"{mark} {self.vi if lang == 'vi' else self.en}"


_STATUS_TEXT = {
    "passed": ("Chữ ký số hợp lệ", "Signatures valid"),
    "indeterminate": (
        "Chưa xác định được tính hợp lệ (toàn vẹn, nhưng chưa xác minh được tin cậy)",
        "Indeterminate (intact, trust not established)",
    ),
    "warning": (
        "Cảnh báo: văn bản đã bị thay đổi sau khi ký hoặc có điểm cần kiểm tra",
        "Warning: the document changed after signing or needs checking",
    ),
    "failed": ("Chữ ký số không hợp lệ", "Signature invalid"),
}


@attrs.frozen
class VerificationReport:
    """The verdict on one file."""

    file: str
    verdict: Indication
    sub_indication: SubIndication | None
    status: Status
    signatures: tuple[SignatureReport, ...]
    messages: tuple[Message, ...]
    modification: ModificationLevel
    trust_profile: str
    policy: str
    validated_at: datetime
    size: int | None = None
    sha256: str | None = None
    elapsed: float | None = None
    #: the Decree 30 verdict on an issued document, rule by rule (``()``: not an issued one)
    decree30: tuple[Decree30Check, ...] = ()

    @property
    def warnings(self) -> tuple[str, ...]:
        out = [m.en for m in self.messages if m.severity in ("warning", "error")]
        for s in self.signatures:
            out.extend(
                f"{s.field}: {m.en}" for m in s.messages if m.severity in ("warning", "error")
            )
        return tuple(out)

    @property
    def needs_attention(self) -> bool:
        return self.status in (Status.WARNING, Status.FAILED)

    @property
    def passed(self) -> bool:
        return self.verdict is Indication.TOTAL_PASSED

    def headline(self, lang: str = "vi") -> str:
        vi, en = _STATUS_TEXT[self.status]
        return vi if lang == "vi" else en

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "verdict": self.verdict,
            "sub_indication": self.sub_indication,
            "status": self.status,
            "headline": {"vi": self.headline("vi"), "en": self.headline("en")},
            "warnings": list(self.warnings),
            "messages": [m.to_dict() for m in self.messages],
            "modification": self.modification,
            "trust_profile": self.trust_profile,
            "policy": self.policy,
            "validated_at": _iso(self.validated_at),
            "size": self.size,
            "sha256": self.sha256,
            "signatures": [s.to_dict() for s in self.signatures],
            "decree30": [c.to_dict() for c in self.decree30],
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent, default=str)

    def summary(self, lang: str = "vi") -> str:
        """A plain-text summary a person reads (Vietnamese by default)."""
        vi = lang == "vi"
        lines = [
            f"{self.file}: {self.headline(lang)} [{self.verdict}"
            + (f"/{self.sub_indication}" if self.sub_indication else "")
            + "]"
        ]
        for m in self.messages:
            lines.append(f"  ! {m.text(lang)}")
        if self.decree30:
            lines.append("  " + ("Nghị định 30:" if vi else "Decree 30:"))
            lines.extend(f"    {c.text(lang)}" for c in self.decree30)
        for i, s in enumerate(self.signatures, 1):
            who = s.signer.name if s.signer and s.signer.name else "?"
            kind = (
                ("Dấu thời gian" if vi else "Document timestamp")
                if s.type != SignatureType.SIGNATURE
                else ("Chữ ký" if vi else "Signature")
            )
            lines.append(
                f"  {kind} {i} «{s.field}» — {who} ({s.role_text}"
                + (f": {', '.join(s.stamped)}" if s.stamped else "")
                + (f" «{s.stamped_text}»" if s.stamped_text else "")
                + f"): {s.indication}"
                + (f"/{s.sub_indication}" if s.sub_indication else "")
            )
            for label, value in s.tt15_fields().items():
                label = label.split(" (")[0] if vi else label.split(" (")[-1].rstrip(")")
                lines.append(f"      {label}: {_fmt(value, vi)}")
            if s.changes:
                lines.append(
                    "      "
                    + ("Thay đổi sau khi ký: " if vi else "Changed after: ")
                    + "; ".join(s.changes[:5])
                )
            for m in s.messages:
                lines.append(f"      - {m.text(lang)}")
        return "\n".join(lines)


def _fmt(value: Any, vi: bool) -> str:
    if value is True:
        return "Có" if vi else "yes"
    if value is False:
        return "Không" if vi else "no"
    if value is None:
        return "—"
    return str(value)
