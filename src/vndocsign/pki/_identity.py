"""Who a Vietnamese certificate names: ``UID`` identifiers and the certificate kind.

Vietnamese CAs put identity numbers in the multi-valued ``UID`` attribute (OID
0.9.2342.19200300.100.1.1), and some in ``organizationIdentifier`` (2.5.4.97), as
``PREFIX:value``: ``CCCD`` (citizen id), ``CMND`` (old id), ``HC`` (passport), ``MST`` (tax code,
``-NNN`` for a branch), ``MNS`` (budget-relationship code)… (regulations.md §6.4, R6.5/R6.6).
An individual's certificate carries a personal id; an organisation's — the agency "seal" used
for the Decree 30 agency signature — only MST/MNS. Many government agency certificates carry
no UID at all (``CN=Bộ Nội vụ, O=Bộ Nội vụ``): a subject whose common name *is* its
organisation is read as an organisation too.
"""

from __future__ import annotations

import enum
import re
from typing import Any

from asn1crypto import x509

__all__ = [
    "INDIVIDUAL_PREFIXES",
    "ORGANIZATION_PREFIXES",
    "CertificateKind",
    "certificate_kind",
    "kind_of_uids",
    "parse_uids",
    "split_uid",
    "subject_text",
]

UID_OID = "0.9.2342.19200300.100.1.1"
ORGANIZATION_IDENTIFIER_OID = "2.5.4.97"

#: ``UID`` prefixes that identify a person.
INDIVIDUAL_PREFIXES = frozenset({"CCCD", "CMND", "HC", "PID", "PPID", "BHXH"})
#: ``UID`` prefixes that identify an organisation.
ORGANIZATION_PREFIXES = frozenset({"MST", "MNS"})


class CertificateKind(enum.StrEnum):
    """What a certificate identifies."""

    INDIVIDUAL = "individual"
    ORGANIZATION = "organization"
    UNKNOWN = "unknown"

    @property
    def vi(self) -> str:
        return {"individual": "cá nhân", "organization": "tổ chức", "unknown": "không rõ"}[self]


def split_uid(value: str) -> tuple[str, str]:
    """``"CCCD:001089020747"`` -> ``("CCCD", "001089020747")``; no prefix -> ``("UID", v)``.

    ``VATVN-0100…`` (ETSI's organizationIdentifier form) is read as ``MST``.
    """
    text = value.strip()
    m = re.match(r"^([A-Za-z]{2,6})\s*[:\-]\s*(.+)$", text)
    if m and m.group(1).upper() in INDIVIDUAL_PREFIXES | ORGANIZATION_PREFIXES | {"VATVN"}:
        prefix = m.group(1).upper()
        return ("MST" if prefix == "VATVN" else prefix), m.group(2).strip()
    if ":" in text:
        prefix, _, rest = text.partition(":")
        return prefix.strip().upper() or "UID", rest.strip()
    return "UID", text


def subject_text(value: Any) -> str:
    """A name attribute as text, whatever its string type (odd encodings never raise)."""
    try:
        native = value.native
        if isinstance(native, bytes):
            return native.decode("utf-8", "replace")
        return str(native)
    except Exception:
        try:
            return bytes(value.contents).decode("utf-8", "replace")
        except Exception:
            return "?"


def _attributes(cert: x509.Certificate) -> list[tuple[str, str, str]]:
    """``(dotted oid, native name, text)`` of every subject attribute, damaged ones skipped."""
    out: list[tuple[str, str, str]] = []
    try:
        rdns = list(cert.subject.chosen)
    except Exception:
        return out
    for rdn in rdns:
        for atv in rdn:
            try:
                dotted = atv["type"].dotted
                name = str(atv["type"].native)
            except Exception:  # noqa: S112 - a damaged attribute is skipped, not fatal
                continue
            out.append((dotted, name, subject_text(atv["value"]).strip()))
    return out


def parse_uids(cert: x509.Certificate) -> tuple[tuple[str, str], ...]:
    """Every identifier of the subject, in certificate order, as ``(prefix, value)``."""
    return tuple(
        split_uid(text)
        for dotted, _name, text in _attributes(cert)
        if dotted in (UID_OID, ORGANIZATION_IDENTIFIER_OID)
    )


def kind_of_uids(prefixes: set[str] | frozenset[str]) -> CertificateKind:
    """The kind that a set of UID prefixes implies (a personal id wins)."""
    if prefixes & INDIVIDUAL_PREFIXES:
        return CertificateKind.INDIVIDUAL
    if prefixes & ORGANIZATION_PREFIXES:
        return CertificateKind.ORGANIZATION
    return CertificateKind.UNKNOWN


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def certificate_kind(cert: x509.Certificate) -> CertificateKind:
    """Individual if any personal id is present, organisation if MST/MNS (R6.5).

    Without any identifier, a subject whose common name equals its organisation name
    (``CN=Bộ Nội vụ, O=Bộ Nội vụ``) is an organisation; anything else is ``unknown``.
    """
    attrs_ = _attributes(cert)
    kind = kind_of_uids({p for p, _ in parse_uids(cert)})
    if kind is not CertificateKind.UNKNOWN:
        return kind
    fields: dict[str, str] = {}
    for _dotted, name, text in attrs_:
        fields.setdefault(name, text)
    cn, org = fields.get("common_name"), fields.get("organization_name")
    if cn and org and _fold(cn) == _fold(org):
        return CertificateKind.ORGANIZATION
    return CertificateKind.UNKNOWN
