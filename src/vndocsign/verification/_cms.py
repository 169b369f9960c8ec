"""Our own CMS (PKCS#7) signature check, over the bytes exactly as they are in the file.

Why not only pyHanko's: pyHanko re-encodes the signed attributes before checking the signature
value, so a signer that wrote them in non-DER order (ETSI plugtest DE_CRY-2, a Slovak
five-signature file) is reported invalid although its signature verifies; it refuses two
``SignerInfo`` entries, plain (BSI TR-03111) ECDSA and ``adbe.pkcs7.sha1``. The check here
hashes what the signer actually signed: the ``SignedAttributes`` as encoded (tag switched to
``SET``), or the document digest when there are none. Every failure is a
:class:`CmsError` with an ETSI sub-indication, never an exception from asn1crypto.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime

import attrs
from asn1crypto import cms, core, tsp, x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed448, ed25519, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import Prehashed, encode_dss_signature
from cryptography.hazmat.primitives.serialization import load_der_public_key

from vndocsign.verification._cms_algorithms import (
    HASHES,
    PLAIN_ECDSA,
    algorithm_mismatch,
    digest,
    digest_name,
)
from vndocsign.verification._errors import CmsError

__all__ = [
    "CmsCheck",
    "CmsError",
    "SignerCheck",
    "TimestampToken",
    "algorithm_mismatch",
    "check_signed_data",
    "der_trim",
    "digest",
    "load_signed_data",
    "parse_timestamp_token",
]

UNSORTED_NOTE = "signed attributes are not DER-sorted (verified as encoded)"


def der_trim(blob: bytes) -> bytes:
    """Cut the zero padding after a DER/BER value (the /Contents placeholder is zero-filled)."""
    if len(blob) < 2 or blob[0] != 0x30:
        raise CmsError("signature contents are not a DER SEQUENCE (empty or placeholder)")
    first = blob[1]
    if first < 0x80:
        return blob[: 2 + first]
    n = first & 0x7F
    if n == 0:  # BER indefinite length: keep everything, asn1crypto copes
        return blob.rstrip(b"\x00") + b"\x00\x00"
    if n > 4 or len(blob) < 2 + n:
        raise CmsError("signature contents have an implausible length header")
    length = int.from_bytes(blob[2 : 2 + n], "big")
    end = 2 + n + length
    if end > len(blob):
        raise CmsError("signature contents are truncated")
    return blob[:end]


def load_signed_data(blob: bytes) -> cms.SignedData:
    """Parse ``/Contents`` into ``SignedData``; malformed input -> :class:`CmsError`."""
    try:
        if len(blob) < 2 or blob[0] != 0x30:
            raise CmsError("signature contents are not a DER SEQUENCE (empty or placeholder)")
        # strict=False: the zero padding of the placeholder is trailing data, not an error
        info = cms.ContentInfo.load(blob, strict=False)
        if info["content_type"].native != "signed_data":
            raise CmsError("CMS content is not SignedData")
        sd = info["content"]
        # touch the parts we need now, so that lazy parsing errors surface here
        _ = len(sd["signer_infos"])
        _ = sd["encap_content_info"]["content_type"].native
        return sd
    except CmsError:
        raise
    except Exception as exc:  # asn1crypto raises ValueError, TypeError, AssertionError...
        raise CmsError(f"undecodable CMS: {type(exc).__name__}: {exc}"[:300]) from exc


@attrs.frozen
class SignerCheck:
    """The result of checking one ``SignerInfo``."""

    intact: bool | None
    valid: bool | None
    digest_algorithm: str
    signature_algorithm: str
    certificate: x509.Certificate | None
    key_type: str | None
    key_size: int | None
    signed_attributes: bool
    claimed_time: datetime | None
    notes: tuple[str, ...] = ()
    problem: str | None = None
    sub_indication: str | None = None


@attrs.frozen
class CmsCheck:
    """All ``SignerInfo`` checks of one ``SignedData`` plus its embedded certificates."""

    signers: tuple[SignerCheck, ...]
    certificates: tuple[x509.Certificate, ...]
    encapsulated: bytes | None
    content_type: str


def _certificates(sd: cms.SignedData) -> list[x509.Certificate]:
    """The embedded certificates, parsed only as far as the check needs.

    ``.native`` would decode every extension of every certificate: one that asn1crypto cannot
    read (a QcStatements or a policy qualifier encoded loosely) then made the whole SignedData
    "undecodable" although pyHanko reads it. A certificate whose signer-matching fields or key
    cannot be read is left out: the signature then lacks its certificate (INDETERMINATE),
    it never passes unchecked.
    """
    out: list[x509.Certificate] = []
    certs = sd["certificates"]
    if isinstance(certs, core.Void) or not certs.contents:
        return out
    for choice in certs:
        try:
            if choice.name != "certificate":
                continue
            cert = choice.chosen
            tbs = cert["tbs_certificate"]
            _ = (tbs["serial_number"].native, tbs["issuer"].dump(), tbs["subject"].dump())
            _ = cert.public_key.dump()
        except Exception:  # noqa: S112 - unreadable where it matters: not a candidate
            continue
        out.append(cert)
    return out


def _find_cert(
    si: cms.SignerInfo, certs: list[x509.Certificate]
) -> tuple[list[x509.Certificate], bool]:
    """Certificates matching the signer id first; (candidates, matched_by_id)."""
    sid = si["sid"]
    matched: list[x509.Certificate] = []
    try:
        if sid.name == "issuer_and_serial_number":
            ias = sid.chosen
            for c in certs:
                if c.serial_number == ias["serial_number"].native and c.issuer == ias["issuer"]:
                    matched.append(c)
        else:
            ski = sid.chosen.native
            for c in certs:
                if c.key_identifier == ski:
                    matched.append(c)
    except Exception:  # noqa: S110 - odd encodings: fall back to trying every certificate
        pass
    if matched:
        return matched, True
    return list(certs), False


def _public_key(cert: x509.Certificate) -> object:
    """The public key, read from the SubjectPublicKeyInfo only: certificates with odd
    encodings elsewhere (negative serials, trailing bytes) still verify."""
    return load_der_public_key(cert.public_key.dump())


def _key_info(cert: x509.Certificate) -> tuple[str, int | None]:
    try:
        pub = _public_key(cert)
    except Exception:
        return "unknown", None
    if isinstance(pub, rsa.RSAPublicKey):
        return "rsa", pub.key_size
    if isinstance(pub, ec.EllipticCurvePublicKey):
        return "ec", pub.curve.key_size
    if isinstance(pub, ed25519.Ed25519PublicKey):
        return "ed25519", 256
    if isinstance(pub, ed448.Ed448PublicKey):
        return "ed448", 448
    if isinstance(pub, dsa.DSAPublicKey):
        return "dsa", pub.key_size
    return "unknown", None


def _verify_value(
    cert: x509.Certificate,
    sig_algo: cms.SignedDigestAlgorithm,
    digest_algo: str,
    signature: bytes,
    message: bytes | None,
    prehashed: bytes | None,
) -> bool:
    """Verify ``signature`` over ``message`` (or over an already computed digest)."""
    pub = _public_key(cert)
    oid = sig_algo["algorithm"].dotted
    name = sig_algo["algorithm"].native
    hash_name = digest_algo
    plain = oid in PLAIN_ECDSA
    if plain:
        hash_name = PLAIN_ECDSA[oid]
    elif name not in ("rsassa_pkcs1v15", "rsassa_pss", "ecdsa", "dsa", "ed25519", "ed448"):
        try:
            hash_name = sig_algo.hash_algo
        except Exception:
            hash_name = digest_algo
    factory = HASHES.get(hash_name)
    if factory is None:
        raise CmsError(f"unsupported hash {hash_name}", "CRYPTO_CONSTRAINTS_FAILURE")
    h = factory()
    if message is not None:
        data, algo_arg = message, h
    else:
        assert prehashed is not None
        data, algo_arg = prehashed, Prehashed(h)  # type: ignore[assignment]
    try:
        if isinstance(pub, rsa.RSAPublicKey):
            sig_name = sig_algo.signature_algo
            if sig_name == "rsassa_pss":
                params = sig_algo["parameters"]
                pss_hash = HASHES[params["hash_algorithm"]["algorithm"].native]()
                mgf_hash = HASHES[params["mask_gen_algorithm"]["parameters"]["algorithm"].native]()
                salt = params["salt_length"].native
                if message is None:
                    pss_algo: hashes.HashAlgorithm | Prehashed = Prehashed(pss_hash)
                else:
                    pss_algo = pss_hash
                pub.verify(signature, data, padding.PSS(padding.MGF1(mgf_hash), salt), pss_algo)
            else:
                pub.verify(signature, data, padding.PKCS1v15(), algo_arg)
        elif isinstance(pub, ec.EllipticCurvePublicKey):
            sig = signature
            if plain:
                half = len(signature) // 2
                sig = encode_dss_signature(
                    int.from_bytes(signature[:half], "big"), int.from_bytes(signature[half:], "big")
                )
            pub.verify(sig, data, ec.ECDSA(algo_arg))
        elif isinstance(pub, dsa.DSAPublicKey):
            pub.verify(signature, data, algo_arg)
        elif isinstance(pub, ed25519.Ed25519PublicKey | ed448.Ed448PublicKey):
            if message is None:
                return False
            pub.verify(signature, message)
        else:
            raise CmsError("unsupported public key type", "CRYPTO_CONSTRAINTS_FAILURE")
    except InvalidSignature:
        return False
    except (ValueError, TypeError) as exc:
        raise CmsError(f"signature value unusable: {exc}", "SIG_CRYPTO_FAILURE") from exc
    return True


def _signed_attrs_bytes(si: cms.SignerInfo) -> bytes | None:
    """The signed attributes exactly as encoded, with the implicit [0] tag turned into SET."""
    attrs_value = si["signed_attrs"]
    contents = attrs_value.contents
    if not contents:
        return None
    length = len(contents)
    if length < 0x80:
        header = bytes([0x31, length])
    else:
        lb = length.to_bytes((length.bit_length() + 7) // 8, "big")
        header = bytes([0x31, 0x80 | len(lb)]) + lb
    return header + contents  # type: ignore[no-any-return]


def _tlvs(data: bytes) -> list[bytes] | None:
    """Split concatenated DER TLVs (the elements of a SET OF) as they are encoded."""
    out: list[bytes] = []
    i = 0
    while i < len(data):
        if i + 2 > len(data):
            return None
        first = data[i + 1]
        if first < 0x80:
            hl, length = 2, first
        else:
            n = first & 0x7F
            if n == 0 or n > 4:
                return None
            hl, length = 2 + n, int.from_bytes(data[i + 2 : i + 2 + n], "big")
        end = i + hl + length
        if end > len(data):
            return None
        out.append(data[i:end])
        i = end
    return out


def _attr(si: cms.SignerInfo, name: str) -> object | None:
    sa = si["signed_attrs"]
    if not sa.contents:
        return None
    for a in sa:
        try:
            if a["type"].native == name:
                return a["values"][0]  # type: ignore[no-any-return]
        except Exception:  # noqa: S112 - skip attributes asn1crypto cannot read
            continue
    return None


def check_signed_data(
    sd: cms.SignedData,
    document_digest: Callable[[str], bytes],
    raw: bytes | None = None,
) -> CmsCheck:
    """Check every ``SignerInfo`` of ``sd`` against ``document_digest(algorithm)``.

    ``document_digest`` returns the digest of the signed byte ranges with the given algorithm
    (for a document time-stamp and ``adbe.pkcs7.sha1`` the caller compares the encapsulated
    content itself; see :attr:`CmsCheck.encapsulated`).
    """
    try:
        certs = _certificates(sd)
        eci = sd["encap_content_info"]
        content_type = eci["content_type"].native
        econtent = eci["content"]
        encapsulated: bytes | None = None
        if econtent.native is not None:
            encapsulated = (
                econtent.contents if isinstance(econtent, core.ParsableOctetString) else None
            )
            if encapsulated is None:
                encapsulated = bytes(econtent.native) if econtent.native is not None else None
        signer_infos = list(sd["signer_infos"])
    except Exception as exc:
        raise CmsError(f"undecodable SignedData: {exc}"[:300]) from exc
    if not signer_infos:
        raise CmsError("SignedData holds no SignerInfo", "SIGNED_DATA_NOT_FOUND")
    results = [_check_one(si, certs, encapsulated, document_digest, raw) for si in signer_infos]
    return CmsCheck(tuple(results), tuple(certs), encapsulated, str(content_type))


def _claimed(si: cms.SignerInfo, notes: list[str]) -> datetime | None:
    try:
        st = _attr(si, "signing_time")
        return st.native if st is not None else None  # type: ignore[attr-defined]
    except Exception:
        notes.append("signing-time attribute unreadable")
        return None


def _message_digest_matches(si: cms.SignerInfo, target: bytes) -> bool | None:
    """Whether the message-digest attribute equals ``target`` (``None``: no such attribute)."""
    md = _attr(si, "message_digest")
    if md is None:
        return None
    try:
        return bool(md.native == target)  # type: ignore[attr-defined]
    except Exception:
        return False


def _first_verifying(
    candidates: list[x509.Certificate],
    si: cms.SignerInfo,
    md_algo: str,
    signed_attrs: bytes | None,
    target: bytes,
) -> tuple[bool, x509.Certificate, str | None, str | None]:
    """(valid, the certificate that verifies or the first, problem, sub-indication)."""
    problem = sub = None
    for cert in candidates:
        try:
            ok = _verify_value(
                cert,
                si["signature_algorithm"],
                md_algo,
                si["signature"].native,
                signed_attrs,
                None if signed_attrs is not None else target,
            )
        except CmsError as exc:
            problem, sub = exc.message, exc.sub_indication
            continue
        except Exception as exc:
            problem, sub = f"signature check error: {exc}"[:300], "SIG_CRYPTO_FAILURE"
            continue
        if ok:
            return True, cert, None, None
    return False, candidates[0], problem, sub


def _encoding_problem(
    si: cms.SignerInfo, signed_attrs: bytes, raw: bytes | None, notes: list[str]
) -> str | None:
    """Note unsorted attributes; why the file's encoding is not what verifies (or ``None``)."""
    try:
        items = _tlvs(si["signed_attrs"].contents)
        if items is not None and items != sorted(items):
            notes.append(UNSORTED_NOTE)
    except Exception:  # noqa: S110
        pass
    if raw is None:
        return None
    body = si["signed_attrs"].contents
    header = b"\xa0" + signed_attrs[1 : len(signed_attrs) - len(body)]
    at = raw.find(body)
    if at < 0 or raw[at - len(header) : at] != header:
        # what verifies is the DER form, but the file holds another encoding
        return "signed attributes are not DER-encoded in the file (only a re-encoding verifies)"
    return None


def _unreadable(exc: Exception) -> SignerCheck:
    if isinstance(exc, CmsError):
        return attrs.evolve(
            _unreadable(Exception(exc.message)),
            problem=exc.message,
            sub_indication=exc.sub_indication,
        )
    return SignerCheck(
        None,
        None,
        "?",
        "?",
        None,
        None,
        None,
        False,
        None,
        problem=f"unreadable SignerInfo: {exc}"[:300],
        sub_indication="FORMAT_FAILURE",
    )


def _mismatched(
    base: SignerCheck, si: cms.SignerInfo, intact: bool | None, cert: x509.Certificate
) -> SignerCheck | None:
    """The failed check when the algorithm identifiers contradict each other."""
    mismatch = algorithm_mismatch(base.digest_algorithm, si["signature_algorithm"])
    if mismatch is None:
        return None
    key_type, key_size = _key_info(cert)
    return attrs.evolve(
        base,
        intact=intact,
        valid=False,
        certificate=cert,
        key_type=key_type,
        key_size=key_size,
        problem=mismatch,
        sub_indication="FORMAT_FAILURE",
    )


def _check_one(
    si: cms.SignerInfo,
    certs: list[x509.Certificate],
    encapsulated: bytes | None,
    document_digest: Callable[[str], bytes],
    raw: bytes | None = None,
) -> SignerCheck:
    notes: list[str] = []
    try:
        md_algo = digest_name(si)
        sig_algo_name = str(si["signature_algorithm"]["algorithm"].native)
        si["signature"].native  # noqa: B018 - readable, or the SignerInfo is unusable
    except Exception as exc:  # a CmsError keeps its message and sub-indication
        return _unreadable(exc)
    signed_attrs = _signed_attrs_bytes(si)
    has_attrs = signed_attrs is not None
    claimed = _claimed(si, notes) if has_attrs else None
    base = SignerCheck(
        None, None, md_algo, sig_algo_name, None, None, None, has_attrs, claimed, tuple(notes)
    )
    candidates, by_id = _find_cert(si, certs)
    if not candidates:
        return attrs.evolve(
            base,
            problem="no signer certificate in the signature",
            sub_indication="NO_SIGNING_CERTIFICATE_FOUND",
        )
    # --- integrity: the digest the signature is about
    try:
        target = (
            document_digest(md_algo) if encapsulated is None else digest(md_algo, [encapsulated])
        )
    except CmsError as exc:
        return attrs.evolve(base, certificate=candidates[0], problem=exc.message,
                            sub_indication=exc.sub_indication)  # fmt: skip
    intact: bool | None = True  # without attributes: checked through the signature value
    if has_attrs:
        intact = _message_digest_matches(si, target)
        if intact is None:
            return attrs.evolve(
                base,
                intact=False,
                certificate=candidates[0],
                problem="signed attributes lack a message-digest",
                sub_indication="FORMAT_FAILURE",
            )
    mismatch = _mismatched(base, si, intact, candidates[0])
    if mismatch is not None:
        return mismatch
    # --- signature value
    valid, chosen, problem, sub = _first_verifying(candidates, si, md_algo, signed_attrs, target)
    if valid and not by_id:
        notes.append("signer identifier does not match the certificate that verifies")
    if not has_attrs and not valid:
        # without signed attributes a bad digest and a bad signature look the same
        intact = False
    key_type, key_size = _key_info(chosen)
    if valid and signed_attrs is not None:
        problem = _encoding_problem(si, signed_attrs, raw, notes)
        if problem is not None:
            valid, sub = False, "FORMAT_FAILURE"
    if not valid and sub is None:
        sub = "SIG_CRYPTO_FAILURE"
        problem = problem or "the signature value does not verify with the signer certificate"
    if not intact and valid:
        sub, problem = "HASH_FAILURE", "the document digest does not match the signed digest"
    return SignerCheck(
        bool(intact),
        valid,
        md_algo,
        sig_algo_name,
        chosen,
        key_type,
        key_size,
        has_attrs,
        claimed,
        tuple(notes),
        problem,
        sub,
    )


@attrs.frozen
class TimestampToken:
    """An RFC 3161 token: its parsed SignedData, time and message imprint."""

    signed_data: cms.SignedData
    time: datetime
    imprint_algorithm: str
    imprint: bytes


def parse_timestamp_token(token: cms.ContentInfo | bytes) -> TimestampToken:
    """Parse a time-stamp token (``ContentInfo`` wrapping ``SignedData`` with ``TSTInfo``)."""
    try:
        info = cms.ContentInfo.load(token) if isinstance(token, bytes) else token
        sd = info["content"]
        econtent = sd["encap_content_info"]["content"]
        tst = econtent.parsed if isinstance(econtent, core.ParsableOctetString) else None
        if not isinstance(tst, tsp.TSTInfo):
            tst = tsp.TSTInfo.load(bytes(econtent.native))
        mi = tst["message_imprint"]
        return TimestampToken(
            sd,
            tst["gen_time"].native,
            mi["hash_algorithm"]["algorithm"].native,
            mi["hashed_message"].native,
        )
    except Exception as exc:
        raise CmsError(f"undecodable time-stamp token: {exc}"[:300]) from exc


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
