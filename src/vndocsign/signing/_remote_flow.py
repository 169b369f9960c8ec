"""Remote signing, the whole way: prepare once, send the digest, wait for the holder, finish.

Vietnamese remote signing services ("ký số từ xa": VNPT SmartCA, Viettel MySign, any CSC
service) sign only a hash, after the holder confirms on a phone. This module drives one such
service (anything implementing :class:`RemoteSigningService`) through the public protocol of
:mod:`vndocsign.signing.remote`:

1. the service's certificate (the one it *announces*) is fetched, and compared with the one
   the caller expected, if any (:class:`RemoteMismatchError`);
2. every document is prepared once with :func:`~vndocsign.signing.remote.prepare_remote`;
3. all digests go to the service in as few requests as it allows (CSC ``numSignatures``,
   SmartCA several ``sign_files``): a batch of N documents costs the holder one confirmation;
4. the confirmation is awaited with a deadline, a cancel :class:`threading.Event` and a
   progress callback;
5. each returned raw signature is checked against the announced certificate's public key
   (RSASSA-PKCS#1 v1.5, RSASSA-PSS or ECDSA) before anything is written, and the document is
   finished with :func:`~vndocsign.signing.remote.finish_remote`. ``finish_remote`` checks raw
   signatures as PKCS#1 v1.5 / ECDSA only, so a PSS signature is wrapped here into a CMS built
   with asn1crypto (with its RFC 3161 signature time-stamp for B-T and above) and handed over
   as ``cms_bytes``.

Nothing is returned unless every document of the batch is finished: no partial output. The
caller's input is never modified (documents are read, never written).
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from enum import StrEnum
from typing import IO, Any, Protocol, TypeVar

import attrs
from asn1crypto import x509 as asn1_x509

from vndocsign.signing._remote_http import (
    RemoteCancelledError,
    RemoteMismatchError,
    RemoteProtocolError,
    RemoteTimeoutError,
)

__all__ = [
    "ProgressCallback",
    "RemoteCredential",
    "RemoteProgress",
    "RemoteSignature",
    "RemoteSigningService",
    "SignatureScheme",
    "Stage",
    "Waiter",
    "sign_remote",
    "sign_remote_batch",
]

T = TypeVar("T")
PdfInput = bytes | bytearray | str | os.PathLike[str] | IO[bytes]


class SignatureScheme(StrEnum):
    """How the service signs the digest."""

    RSA_PKCS1V15 = "rsa-pkcs1v15"
    RSA_PSS = "rsa-pss"
    ECDSA = "ecdsa"


class Stage(StrEnum):
    """Steps reported to the progress callback."""

    CERTIFICATE = "certificate"
    PREPARING = "preparing"
    SENDING = "sending"
    WAITING = "waiting"
    FINISHING = "finishing"
    DONE = "done"


@attrs.frozen
class RemoteProgress:
    """One progress report (bilingual text for a status line)."""

    stage: Stage
    en: str
    vi: str
    elapsed: float
    documents: int
    transaction: str | None = None


ProgressCallback = Callable[[RemoteProgress], None]


@attrs.frozen
class RemoteCredential:
    """A signing key held by the service, as the service announces it."""

    credential_id: str
    certificate: bytes
    chain: tuple[bytes, ...] = ()
    #: how many digests one confirmation may cover (CSC ``multisign``)
    max_batch: int = 1
    schemes: tuple[SignatureScheme, ...] = (SignatureScheme.RSA_PKCS1V15,)

    @property
    def x509(self) -> asn1_x509.Certificate:
        return asn1_x509.Certificate.load(self.certificate)


@attrs.frozen
class RemoteSignature:
    """What the service returned for one digest: a raw signature or a whole CMS."""

    value: bytes | None = None
    cms: bytes | None = None
    scheme: SignatureScheme = SignatureScheme.RSA_PKCS1V15
    #: the certificate the service says it signed with, when it says so
    certificate: bytes | None = None


class Waiter:
    """Deadline, cancel and progress for one signing round (given to the service)."""

    def __init__(
        self,
        *,
        timeout: float,
        poll_interval: float,
        cancel: threading.Event | None,
        progress: ProgressCallback | None,
        documents: int,
    ) -> None:
        self.started = time.monotonic()
        self.deadline = self.started + timeout
        self.timeout = timeout
        self.poll_interval = poll_interval
        self.cancel = cancel or threading.Event()
        self.progress = progress
        self.documents = documents

    def remaining(self) -> float:
        return max(0.0, self.deadline - time.monotonic())

    def report(self, stage: Stage, en: str, vi: str, transaction: str | None = None) -> None:
        if self.progress is not None:
            self.progress(
                RemoteProgress(
                    stage=stage,
                    en=en,
                    vi=vi,
                    elapsed=time.monotonic() - self.started,
                    documents=self.documents,
                    transaction=transaction,
                )
            )

    def check(self) -> None:
        """Raise if the caller cancelled or the deadline passed."""
        if self.cancel.is_set():
            raise RemoteCancelledError("Remote signing cancelled", "Đã hủy ký số từ xa")
        if time.monotonic() >= self.deadline:
            raise RemoteTimeoutError(
                f"The holder did not confirm within {self.timeout:g} s",
                f"Người ký không xác nhận trong {self.timeout:g} giây",
                timeout=self.timeout,
            )

    def poll(self, attempt: Callable[[], T | None], *, transaction: str | None = None) -> T:
        """Call ``attempt`` every ``poll_interval`` until it returns a value (or time runs out)."""
        while True:
            # reported on every round, so that a status line can show the time waited
            self.report(
                Stage.WAITING,
                "Waiting for the holder to confirm in the signing app",
                "Đang chờ người ký xác nhận trên ứng dụng ký số",
                transaction,
            )
            self.check()
            result = attempt()
            if result is not None:
                return result
            self.cancel.wait(min(self.poll_interval, self.remaining()))


class RemoteSigningService(Protocol):
    """A remote "sign the hash" service (CSC, VNPT SmartCA, Viettel MySign...)."""

    name: str

    def credential(self) -> RemoteCredential:
        """The signing credential and its certificate chain, as the service announces them."""
        ...

    def sign_digests(
        self,
        credential: RemoteCredential,
        digests: Sequence[bytes],
        *,
        digest_algorithm: str,
        scheme: SignatureScheme,
        waiter: Waiter,
        description: str,
    ) -> list[RemoteSignature]:
        """Sign every digest with one confirmation of the holder (at most ``max_batch``)."""
        ...

    def close(self) -> None: ...


def _chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    size = max(1, size)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _choose_scheme(
    credential: RemoteCredential,
    wanted: SignatureScheme | str | None,
) -> SignatureScheme:
    key_algo = credential.x509.public_key.algorithm
    if wanted is not None:
        scheme = SignatureScheme(wanted)
    elif key_algo == "ec":
        scheme = SignatureScheme.ECDSA
    else:
        scheme = SignatureScheme.RSA_PKCS1V15
    if (scheme is SignatureScheme.ECDSA) != (key_algo == "ec"):
        raise RemoteMismatchError(
            f"Signature scheme {scheme.value} does not fit the {key_algo.upper()} key",
            f"Kiểu chữ ký {scheme.value} không hợp với khóa {key_algo.upper()}",
            scheme=scheme.value,
        )
    return scheme


def _announced(
    service: RemoteSigningService, expected: bytes | asn1_x509.Certificate | None, waiter: Waiter
) -> RemoteCredential:
    waiter.report(
        Stage.CERTIFICATE, "Fetching the signer's certificate", "Đang lấy chứng thư số của người ký"
    )
    credential = service.credential()
    try:
        credential.x509.public_key  # noqa: B018 - parse now, fail as a protocol error
    except Exception:
        raise RemoteProtocolError(
            f"The {service.name} certificate is not DER X.509",
            f"Chứng thư số của {service.name} không đúng định dạng",
            service=service.name,
        ) from None
    if expected is not None:
        want = expected.dump() if isinstance(expected, asn1_x509.Certificate) else expected
        if want != credential.certificate:
            raise RemoteMismatchError(
                "The service announces another certificate than the expected one",
                "Dịch vụ trả về chứng thư số khác với chứng thư số đã chọn",
                service=service.name,
                credential=credential.credential_id,
            )
    return credential


def _collect(
    service: RemoteSigningService,
    credential: RemoteCredential,
    pendings: Sequence[Any],
    chosen: SignatureScheme,
    waiter: Waiter,
    description: str,
) -> list[RemoteSignature]:
    """Every pending digest signed, ``max_batch`` digests (one confirmation) at a time."""
    signatures: list[RemoteSignature] = []
    for chunk in _chunks(pendings, credential.max_batch):
        waiter.check()
        waiter.report(
            Stage.SENDING,
            f"Sending {len(chunk)} digest(s) to {service.name}",
            f"Đang gửi {len(chunk)} mã băm tới {service.name}",
        )
        answer = service.sign_digests(
            credential,
            [p.digest_to_sign for p in chunk],
            digest_algorithm=chunk[0].digest_algorithm,
            scheme=chosen,
            waiter=waiter,
            description=description,
        )
        if len(answer) != len(chunk):
            raise RemoteProtocolError(
                f"{service.name} returned {len(answer)} signature(s) for {len(chunk)} digest(s)",
                f"{service.name} trả về {len(answer)} chữ ký cho {len(chunk)} mã băm",
                service=service.name,
                expected=len(chunk),
                received=len(answer),
            )
        signatures.extend(answer)
    return signatures


def sign_remote(pdf: PdfInput, service: RemoteSigningService, **kwargs: Any) -> bytes:
    """Sign one document through ``service``; keyword arguments as :func:`sign_remote_batch`."""
    return sign_remote_batch([pdf], service, **kwargs)[0]


def sign_remote_batch(
    pdfs: Sequence[PdfInput],
    service: RemoteSigningService,
    *,
    role: str,
    level: str = "B-B",
    tsa_url: str | None = None,
    expected_certificate: bytes | asn1_x509.Certificate | None = None,
    scheme: SignatureScheme | str | None = None,
    timeout: float = 300.0,
    poll_interval: float = 2.0,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
    description: str = "vndocsign",
    trust_roots: Sequence[asn1_x509.Certificate] | None = None,
    **prepare_kwargs: Any,
) -> list[bytes]:
    """Sign every document of ``pdfs`` through ``service``; one confirmation per batch.

    ``role``, ``level``, ``tsa_url`` and ``prepare_kwargs`` (appearance, placement, policy,
    field_name...) go to :func:`~vndocsign.signing.remote.prepare_remote` for every document.
    ``timeout`` bounds the whole wait for the holder; ``cancel`` stops it;
    ``progress`` receives :class:`RemoteProgress` reports. Returns the signed PDFs in order,
    all or nothing.
    """
    from vndocsign.signing.remote import prepare_remote

    waiter = Waiter(
        timeout=timeout,
        poll_interval=poll_interval,
        cancel=cancel,
        progress=progress,
        documents=len(pdfs),
    )
    credential = _announced(service, expected_certificate, waiter)
    chosen = _choose_scheme(credential, scheme)
    waiter.report(
        Stage.PREPARING, f"Preparing {len(pdfs)} document(s)", f"Đang chuẩn bị {len(pdfs)} văn bản"
    )
    pendings = [
        prepare_remote(
            pdf,
            credential.certificate,
            credential.chain,
            role=role,
            level=level,
            tsa_url=tsa_url,
            trust_roots=trust_roots,
            **prepare_kwargs,
        )
        for pdf in pdfs
    ]
    signatures = _collect(service, credential, pendings, chosen, waiter, description)
    waiter.report(Stage.FINISHING, "Embedding the signature(s)", "Đang nhúng chữ ký")
    from vndocsign.signing._remote_cms import finish_one

    outputs = [
        finish_one(p, s, credential, chosen, trust_roots=trust_roots)
        for p, s in zip(pendings, signatures, strict=True)
    ]
    waiter.report(Stage.DONE, f"Signed {len(outputs)} document(s)", f"Đã ký {len(outputs)} văn bản")
    return outputs


def digest_info_oid(digest_algorithm: str) -> str:
    """The OID of a hash name (``sha256`` → ``2.16.840.1.101.3.4.2.1``)."""
    from asn1crypto import algos

    return str(algos.DigestAlgorithmId(digest_algorithm).dotted)


def check_digest(digest: bytes, digest_algorithm: str) -> None:
    """A digest of the wrong length never leaves this process."""
    if len(digest) != hashlib.new(digest_algorithm).digest_size:
        raise RemoteProtocolError("Digest of the wrong length", "Mã băm sai độ dài")
