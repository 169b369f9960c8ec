"""Who signed: the signer's identity read from a Vietnamese certificate subject.

Vietnamese CAs put identity numbers in the multi-valued ``UID`` attribute (OID
0.9.2342.19200300.100.1.1) as ``PREFIX:value`` — ``CCCD`` (citizen id), ``CMND`` (old id),
``HC`` (passport), ``MST`` (tax code, ``-NNN`` for a branch), ``MNS`` (budget-relationship
code)… (regulations.md §6.4, R6.5/R6.6). An individual's certificate carries CMND/CCCD/HC; an
organisation's (the agency "seal" used for the Decree 30 agency signature) only MST/MNS.
"""

from __future__ import annotations

import re
from typing import Any

import attrs
from asn1crypto import x509

__all__ = ["SignerIdentity", "identity_from_certificate", "split_uid"]

_INDIVIDUAL = {"CMND", "CCCD", "HC", "PID", "PPID", "BHXH"}
_ORGANISATION = {"MST", "MNS"}
_CHECKS = {
    "CCCD": re.compile(r"^\d{12}$"),
    "CMND": re.compile(r"^(\d{9}|\d{12})$"),
    "MST": re.compile(r"^\d{10}(-\d{3})?$"),
    "MNS": re.compile(r"^\d+$"),
}


def split_uid(value: str) -> tuple[str, str]:
    """``"CCCD:001089020747"`` -> ``("CCCD", "001089020747")``; no prefix -> ``("UID", v)``."""
    text = value.strip()
    m = re.match(r"^([A-Za-z]{2,6})\s*[:\-]\s*(.+)$", text)
    if m and m.group(1).upper() in _INDIVIDUAL | _ORGANISATION | {"VATVN"}:
        prefix = m.group(1).upper()
        return ("MST" if prefix == "VATVN" else prefix), m.group(2).strip()
    if ":" in text:
        prefix, _, rest = text.partition(":")
        return prefix.strip().upper() or "UID", rest.strip()
    return "UID", text


def _text(value: Any) -> str:
    """A name attribute as text, whatever string type (odd encodings do not raise)."""
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


@attrs.frozen
class SignerIdentity:
    """The signer as the certificate names it (chủ thể ký)."""

    name: str | None
    organisation: str | None
    organisational_unit: str | None
    title: str | None
    locality: str | None
    province: str | None
    country: str | None
    email: str | None
    #: first value per prefix, e.g. ``{"CCCD": "001089020747", "MST": "0100686209-199"}``
    uid: dict[str, str]
    #: every UID value in certificate order
    uids: tuple[tuple[str, str], ...]
    kind: str  # "individual" | "organisation" | "unknown"
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
            "organisation": self.organisation,
            "organisational_unit": self.organisational_unit,
            "title": self.title,
            "locality": self.locality,
            "province": self.province,
            "email": self.email,
            "uid": dict(self.uid),
            "uids": [list(u) for u in self.uids],
            "kind": self.kind,
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
                    return _text(atv["value"])
        return str(name.human_friendly)
    except Exception:
        return "?"


def identity_from_certificate(cert: x509.Certificate) -> SignerIdentity:
    """Parse the subject of ``cert`` into a :class:`SignerIdentity`."""
    fields: dict[str, str] = {}
    uids: list[tuple[str, str]] = []
    try:
        rdns = list(cert.subject.chosen)
    except Exception:
        rdns = []
    for rdn in rdns:
        for atv in rdn:
            try:
                t = atv["type"].dotted
                tname = atv["type"].native
            except Exception:  # noqa: S112
                continue
            value = _text(atv["value"]).strip()
            if t == "0.9.2342.19200300.100.1.1" or t == "2.5.4.97":
                uids.append(split_uid(value))
            else:
                fields.setdefault(str(tname), value)
    uid: dict[str, str] = {}
    for prefix, value in uids:
        uid.setdefault(prefix, value)
    prefixes = set(uid)
    if prefixes & _INDIVIDUAL:
        kind = "individual"
    elif prefixes & _ORGANISATION:
        kind = "organisation"
    else:
        kind = "unknown"
    warnings = []
    for prefix, value in uids:
        check = _CHECKS.get(prefix)
        if check and not check.match(value):
            warnings.append(f"UID {prefix} value {value!r} does not have the expected form")
    branch = None
    mst = uid.get("MST")
    if mst and re.match(r"^\d{10}-\d{3}$", mst):
        branch = mst.split("-", 1)[1]
    try:
        subject = cert.subject.human_friendly
        issuer = _first_cn(cert.issuer)
        serial = format(cert.serial_number, "x")
        validity = cert["tbs_certificate"]["validity"]
        nb = validity["not_before"].native.isoformat()
        na = validity["not_after"].native.isoformat()
    except Exception:
        subject, issuer, serial, nb, na = "?", "?", "?", None, None
    return SignerIdentity(
        name=fields.get("common_name"),
        organisation=fields.get("organization_name"),
        organisational_unit=fields.get("organizational_unit_name"),
        title=fields.get("title"),
        locality=fields.get("locality_name"),
        province=fields.get("state_or_province_name"),
        country=fields.get("country_name"),
        email=fields.get("email_address"),
        uid=uid,
        uids=tuple(uids),
        kind=kind,
        subject=subject,
        issuer=issuer,
        serial=serial,
        not_before=nb,
        not_after=na,
        mst_branch=branch,
        warnings=tuple(warnings),
    )
