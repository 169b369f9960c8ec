"""Who signed: the signer's identity read from a Vietnamese certificate subject.

How a subject's ``UID``/``organizationIdentifier`` values are split (``CCCD:…``, ``MST:…``) and
which kind of certificate they make (individual or organization — the agency "seal" of the
Decree 30 agency signature) is :mod:`vndocsign.pki`'s to say, shared with signing; this module
only gathers the rest of the subject into a report-friendly :class:`SignerIdentity`.
"""

from __future__ import annotations

import re
from typing import Any

import attrs
from asn1crypto import x509

from vndocsign.pki import CertificateKind, certificate_kind, parse_uids, subject_text

__all__ = ["SignerIdentity", "identity_from_certificate"]

_CHECKS = {
    "CCCD": re.compile(r"^\d{12}$"),
    "CMND": re.compile(r"^(\d{9}|\d{12})$"),
    "MST": re.compile(r"^\d{10}(-\d{3})?$"),
    "MNS": re.compile(r"^\d+$"),
}


@attrs.frozen
class SignerIdentity:
    """The signer as the certificate names it (chủ thể ký)."""

    name: str | None
    organization: str | None
    organizational_unit: str | None
    title: str | None
    locality: str | None
    province: str | None
    country: str | None
    email: str | None
    #: first value per prefix, e.g. ``{"CCCD": "001089020747", "MST": "0100686209-199"}``
    uid: dict[str, str]
    #: every UID value in certificate order
    uids: tuple[tuple[str, str], ...]
    kind: CertificateKind
    subject: str
    issuer: str
    serial: str
    not_before: str | None
    not_after: str | None
    mst_branch: str | None = None
    warnings: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "organization": self.organization,
            "organizational_unit": self.organizational_unit,
            "title": self.title,
            "locality": self.locality,
            "province": self.province,
            "email": self.email,
            "uid": dict(self.uid),
            "uids": [list(u) for u in self.uids],
            "kind": str(self.kind),
            "mst_branch": self.mst_branch,
            "subject": self.subject,
            "issuer": self.issuer,
            "serial": self.serial,
            "not_before": self.not_before,
            "not_after": self.not_after,
            "warnings": list(self.warnings),
        }


def _first_cn(name: x509.Name) -> str:
    try:
        for rdn in name.chosen:
            for atv in rdn:
                if atv["type"].native == "common_name":
                    return subject_text(atv["value"])
        return str(name.human_friendly)
    except Exception:
        return "?"


def _fields(cert: x509.Certificate) -> dict[str, str]:
    """The first value of every subject attribute by asn1crypto name (damaged ones skipped)."""
    fields: dict[str, str] = {}
    try:
        rdns = list(cert.subject.chosen)
    except Exception:
        return fields
    for rdn in rdns:
        for atv in rdn:
            try:
                name = str(atv["type"].native)
            except Exception:  # noqa: S112
                continue
            fields.setdefault(name, subject_text(atv["value"]).strip())
    return fields


def _validity(cert: x509.Certificate) -> tuple[str, str, str, str | None, str | None]:
    try:
        validity = cert["tbs_certificate"]["validity"]
        return (
            cert.subject.human_friendly,
            _first_cn(cert.issuer),
            format(cert.serial_number, "x"),
            validity["not_before"].native.isoformat(),
            validity["not_after"].native.isoformat(),
        )
    except Exception:
        return "?", "?", "?", None, None


def identity_from_certificate(cert: x509.Certificate) -> SignerIdentity:
    """Parse the subject of ``cert`` into a :class:`SignerIdentity`."""
    fields = _fields(cert)
    uids = parse_uids(cert)
    uid: dict[str, str] = {}
    for prefix, value in uids:
        uid.setdefault(prefix, value)
    warnings = [
        f"UID {prefix} value {value!r} does not have the expected form"
        for prefix, value in uids
        if (check := _CHECKS.get(prefix)) is not None and not check.match(value)
    ]
    branch = None
    mst = uid.get("MST")
    if mst and re.match(r"^\d{10}-\d{3}$", mst):
        branch = mst.split("-", 1)[1]
    subject, issuer, serial, nb, na = _validity(cert)
    return SignerIdentity(
        name=fields.get("common_name"),
        organization=fields.get("organization_name"),
        organizational_unit=fields.get("organizational_unit_name"),
        title=fields.get("title"),
        locality=fields.get("locality_name"),
        province=fields.get("state_or_province_name"),
        country=fields.get("country_name"),
        email=fields.get("email_address"),
        uid=uid,
        uids=uids,
        kind=certificate_kind(cert),
        subject=subject,
        issuer=issuer,
        serial=serial,
        not_before=nb,
        not_after=na,
        mst_branch=branch,
        warnings=tuple(warnings),
    )
