"""How strict verification is, and the algorithm step judged by :mod:`vndocsign.pki`'s policy.

The digest and key-size lists are not written here: TT 15/2025 Phụ lục I lives in
``vndocsign.pki`` (shared with signing). A withdrawn digest (SHA-1, SHA-224) is judged at the
best-proven signing time — a trusted time-stamp, else the claimed time — so an old signature
made before the sunset date passes with a warning, a new one does not.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import attrs

from vndocsign._limits import MAX_SECONDS
from vndocsign.pki import LEGACY, TT15, AlgorithmPolicy, AlgorithmVerdict
from vndocsign.verification._errors import BadArgumentError
from vndocsign.verification._report import Message
from vndocsign.verification._states import DocumentKind, Indication, SubIndication

__all__ = ["AlgorithmJudgement", "VerificationPolicy", "judge_algorithms"]

#: key types a policy judges; anything else (unreadable keys) is left to the CMS check
_KEY_TYPES = frozenset({"rsa", "rsassa_pss", "ec", "dsa", "ed25519", "ed448"})


def _check_time_limit(_inst: object, _attr: object, value: float | None) -> None:
    """A time limit no timer can take (0, ``nan``, 10^300) is refused here, not by the
    worker pool's ``OverflowError`` later."""
    if value is not None and (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not 0 < value <= MAX_SECONDS  # also refuses nan
    ):
        raise BadArgumentError(
            f"time_limit must be a number of seconds in (0, {MAX_SECONDS:g}], got {value!r}",
            f"giới hạn thời gian phải là số giây trong (0, {MAX_SECONDS:g}]: {value!r}",
            time_limit=value,
        )


@attrs.frozen
class VerificationPolicy:
    """How strict to be. Defaults follow TT 15/2025 and R5.4 (no silent pass on revocation)."""

    #: the dated algorithm policy (:data:`vndocsign.pki.TT15` or :data:`vndocsign.pki.LEGACY`)
    algorithms: AlgorithmPolicy = TT15
    #: hybrid-reference files (MS Office) are read; a note is reported (parser differential)
    allow_hybrid_xref: bool = True
    #: render the signed revision and the final file and compare them
    render_check: bool = True
    render_max_pages: int = 40
    #: larger files get INDETERMINATE without being parsed (None: no limit)
    max_size: int | None = 512 * 1024 * 1024
    #: wall-clock limit in seconds; the check runs in a worker process that is killed
    time_limit: float | None = attrs.field(default=None, validator=_check_time_limit)
    #: signed attributes must be DER (sorted SET OF), as EU DSS requires; False accepts
    #: what verifies over the bytes as encoded (NSS, pdfsig) and only warns
    strict_der: bool = False
    #: ``issued`` or ``draft`` enables the Decree 30 signature-sequence checks (None: infer)
    document_kind: DocumentKind | None = attrs.field(
        default=None, converter=attrs.converters.optional(DocumentKind)
    )

    @classmethod
    def legacy(cls, **kwargs: Any) -> VerificationPolicy:
        """SHA-1/SHA-224 and RSA-1024 accepted at any date, each reported as a warning."""
        return cls(algorithms=LEGACY, **kwargs)


@attrs.frozen
class AlgorithmJudgement:
    """The algorithm step's outcome: a failure (``sub_indication``) and/or findings."""

    sub_indication: SubIndication | None
    messages: tuple[Message, ...]

    @property
    def indication(self) -> Indication:
        return (
            Indication.TOTAL_PASSED if self.sub_indication is None else (Indication.INDETERMINATE)
        )


def _problems(
    signers: Sequence[Any], policy: AlgorithmPolicy, at: datetime | None
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(rejected uses, uses accepted only before their sunset) as short (en, vi) texts."""
    rejected: list[tuple[str, str]] = []
    sunset: list[tuple[str, str]] = []
    for c in signers:
        verdict = policy.judge_digest(c.digest_algorithm, at)
        digest = (f"digest {c.digest_algorithm}", f"thuật toán băm {c.digest_algorithm}")
        if verdict is AlgorithmVerdict.REJECTED:
            rejected.append(digest)
        elif verdict is AlgorithmVerdict.ACCEPTED_BEFORE_SUNSET:
            sunset.append(digest)
        if (
            c.key_type in _KEY_TYPES
            and c.key_size is not None
            and policy.judge_key(c.key_type, c.key_size) is AlgorithmVerdict.REJECTED
        ):
            key = c.key_type.upper()
            rejected.append((f"{key} key of {c.key_size} bits", f"khóa {key} {c.key_size} bit"))
    return rejected, sunset


def _texts(pairs: list[tuple[str, str]]) -> tuple[str, str]:
    return ", ".join(en for en, _ in pairs), ", ".join(vi for _, vi in pairs)


def judge_algorithms(
    signers: Sequence[Any], policy: AlgorithmPolicy, at: datetime | None
) -> AlgorithmJudgement:
    """Judge every SignerInfo's digest (at ``at``, the best signing time) and key size.

    A rejected use keeps the behaviour of TT 15/2025: INDETERMINATE /
    CRYPTO_CONSTRAINTS_FAILURE with a warning; a use accepted only before its sunset date
    passes with a ``legacy_algorithm`` warning.
    """
    rejected, sunset = _problems(signers, policy, at)
    if rejected:
        return AlgorithmJudgement(
            SubIndication.CRYPTO_CONSTRAINTS_FAILURE,
            (_rejected_message(rejected, policy, at),),
        )
    if sunset:
        text, text_vi = _texts(sunset)
        when = at.date().isoformat() if at is not None else "now"
        return AlgorithmJudgement(
            None,
            (
                Message.of(
                    "legacy_algorithm",
                    f"withdrawn algorithm accepted by the '{policy.name}' policy "
                    f"because the signature is dated before its sunset ({when}): {text}",
                    f"thuật toán đã bị thu hồi được chấp nhận theo chính sách '{policy.name}' "
                    f"vì chữ ký có trước thời điểm ngừng sử dụng ({when}): {text_vi}",
                ),
            ),
        )
    return AlgorithmJudgement(None, ())


def _rejected_message(
    pairs: list[tuple[str, str]], policy: AlgorithmPolicy, at: datetime | None
) -> Message:
    """Why the signature is not accepted and what the receiver can do, in plain words."""
    text, text_vi = _texts(pairs)
    rejected = [en for en, _ in pairs]
    withdrawn = [
        (r.split()[-1], policy.digest_sunset(r.split()[-1]))
        for r in rejected
        if r.startswith("digest ") and policy.digest_sunset(r.split()[-1]) is not None
    ]
    if not withdrawn:
        return Message.of(
            "algorithm",
            f"algorithm not allowed by the '{policy.name}' policy: {text}",
            f"thuật toán không được phép theo chính sách '{policy.name}': {text_vi}",
        )
    name, until = withdrawn[0]
    when = at.date().isoformat() if at is not None else "?"
    day = until.isoformat() if until is not None else "?"
    return Message.of(
        "algorithm",
        f"not accepted: the signature uses {name.upper()}, which TT 15/2025 withdrew from "
        f"{day}, and it was made on {when} (best-proven signing time), after that date. "
        f"SHA-1 no longer protects against forged documents with the same digest. What you "
        f"can do: ask the sender to sign again with SHA-256 (any current token or HSM can), "
        f"or, if your unit accepts it, verify under the documented legacy policy "
        f"(`vndocsign verify --legacy`, VerificationPolicy.legacy()), which accepts it with a "
        f"warning.",
        f"chưa được chấp nhận: chữ ký số dùng thuật toán băm {name.upper()}, đã bị Thông tư "
        f"15/2025 ngừng sử dụng từ ngày {day}, mà chữ ký được tạo ngày {when} (thời điểm ký "
        f"được chứng minh tốt nhất), sau ngày đó. {name.upper()} không còn đủ an toàn: có thể "
        f"làm giả văn bản khác có cùng giá trị băm. Cách xử lý: đề nghị bên gửi ký lại bằng "
        f"SHA-256 (thiết bị ký hiện nay đều hỗ trợ), hoặc nếu đơn vị chấp nhận, kiểm tra theo "
        f"chính sách cũ đã công bố (`vndocsign verify --legacy`, VerificationPolicy.legacy()) — "
        f"chữ ký khi đó được chấp nhận kèm cảnh báo.",
    )
