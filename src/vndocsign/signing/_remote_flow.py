"""Remote signing, the whole way: prepare once, send the digest, wait for the holder, finish.

Vietnamese remote signing services ("ký số từ xa": VNPT SmartCA, Viettel MySign, any CSC
service) sign only a hash, after the holder confirms on a phone. This module drives one such
service (anything implementing :class:`RemoteSigningService`) through the public protocol of
:mod:`vndocsign.signing`:

1. the service's certificate (the one it *announces*) is fetched, and compared with the one
   the caller expected, if any (:class:`RemoteMismatchError`);
2. every document is prepared once with :func:`~vndocsign.signing.prepare_remote`;
3. all digests go to the service in as few requests as it allows (CSC ``numSignatures``,
   SmartCA several ``sign_files``): a batch of N documents costs the holder one confirmation;
4. the confirmation is awaited with a deadline, a cancel :class:`threading.Event` and a
   progress callback;
5. each returned raw signature is checked against the announced certificate's public key
   (RSASSA-PKCS#1 v1.5, RSASSA-PSS or ECDSA) before anything is written, and the document is
   finished with :func:`~vndocsign.signing.finish_remote`. ``finish_remote`` checks raw
   signatures as PKCS#1 v1.5 / ECDSA only, so a PSS signature is wrapped here into a CMS built
   with asn1crypto (with its RFC 3161 signature time-stamp for B-T and above) and handed over
   as ``cms_bytes``.

Nothing is returned unless every document of the batch is finished: no partial output. The
caller's input is never modified (documents are read, never written).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator, Sequence
from typing import IO, Any, TypeVar

from asn1crypto import x509 as asn1_x509

from vndocsign.signing._remote import prepare_remote
from vndocsign.signing._remote_cms import finish_one
from vndocsign.signing._remote_http import RemoteMismatchError, RemoteProtocolError
from vndocsign.signing._remote_types import (
    ProgressCallback,
    RemoteCredential,
    RemoteSignature,
    RemoteSigningService,
    SignatureScheme,
    Stage,
    Waiter,
)

__all__ = ["sign_remote", "sign_remote_batch"]

T = TypeVar("T")
PdfInput = bytes | bytearray | str | os.PathLike[str] | IO[bytes]


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
    field_name...) go to :func:`~vndocsign.signing.prepare_remote` for every document.
    ``timeout`` bounds the whole wait for the holder; ``cancel`` stops it;
    ``progress`` receives :class:`RemoteProgress` reports. Returns the signed PDFs in order,
    all or nothing.
    """
    if not pdfs:
        return []
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
    outputs = [
        finish_one(p, s, credential, chosen, trust_roots=trust_roots)
        for p, s in zip(pendings, signatures, strict=True)
    ]
    waiter.report(Stage.DONE, f"Signed {len(outputs)} document(s)", f"Đã ký {len(outputs)} văn bản")
    return outputs
