"""The vocabulary of remote signing: what a service announces and returns, and the wait.

Shared by :mod:`._remote_flow` (the driver), :mod:`._remote_cms` (the last step) and the
provider clients (:mod:`._csc`, :mod:`._smartca`, :mod:`._mysign`).
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import Protocol, TypeVar

import attrs
from asn1crypto import x509 as asn1_x509

from vndocsign.signing._remote_http import (
    RemoteCancelledError,
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
    "check_digest",
    "digest_info_oid",
]

T = TypeVar("T")


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


def digest_info_oid(digest_algorithm: str) -> str:
    """The OID of a hash name (``sha256`` → ``2.16.840.1.101.3.4.2.1``)."""
    from asn1crypto import algos

    return str(algos.DigestAlgorithmId(digest_algorithm).dotted)


def check_digest(digest: bytes, digest_algorithm: str) -> None:
    """A digest of the wrong length never leaves this process."""
    if len(digest) != hashlib.new(digest_algorithm).digest_size:
        raise RemoteProtocolError("Digest of the wrong length", "Mã băm sai độ dài")
