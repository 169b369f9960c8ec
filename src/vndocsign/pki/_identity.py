"""Who a Vietnamese certificate names: ``UID`` identifiers and the certificate kind.

Vietnamese CAs put identity numbers in the multi-valued ``UID`` attribute (OID
0.9.2342.19200300.100.1.1), and some in ``organizationIdentifier`` (2.5.4.97), as
``PREFIX:value``: ``CCCD`` (citizen id), ``CMND`` (old id), ``HC`` (passport), ``MST`` (tax code,
``-NNN`` for a branch), ``MNS`` (budget-relationship code)… (regulations.md §6.4, R6.5/R6.6).
An individual's certificate carries a personal id; an organisation's — the agency "seal" used
for the Decree 30 agency signature — only MST/MNS. Many government agency certificates carry
no UID at all (``CN=Bộ Nội vụ, O=Bộ Nội vụ``): a subject whose common name *is* its
organisation is read as an organisation too, and so is one that opens with an agency word
(``Sở …``, ``Ủy ban nhân dân …``); a Vietnamese personal name with a unit, e-mail or place
(the government personal profile) or a title is read as an individual. On the shared real
documents this leaves 0 of 57 signer certificates ``unknown`` (13 with UIDs and CN == O only).
"""

from __future__ import annotations

import enum
import functools
import re
import unicodedata
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
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def _ascii(text: str) -> str:
    """Vietnamese letters without diacritics (``đ`` -> ``d``), for ASCII-only subjects."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


#: Words that open the name of a state body or an enterprise (folded; both tone placements of
#: "ủy"). A common name that *starts* with one of them names an organisation: ``Sở Y tế``,
#: ``Ủy ban nhân dân tỉnh …``, ``Văn phòng Chính phủ``, ``Tập đoàn …``.
AGENCY_WORDS: tuple[str, ...] = tuple(
    _fold(w)
    for w in (
        "Bộ",
        "Sở",
        "Cục",
        "Tổng cục",
        "Chi cục",
        "Vụ",
        "Ban",
        "Phòng",
        "Văn phòng",
        "Văn thư",
        "Ủy ban",
        "Uỷ ban",
        "UBND",
        "HĐND",
        "Hội đồng",
        "Tỉnh ủy",
        "Tỉnh uỷ",
        "Thành ủy",
        "Thành uỷ",
        "Huyện ủy",
        "Huyện uỷ",
        "Đảng ủy",
        "Đảng uỷ",
        "Đảng bộ",
        "Mặt trận",
        "Tỉnh",
        "Thành phố",
        "Huyện",
        "Quận",
        "Thị xã",
        "Xã",
        "Phường",
        "Thị trấn",
        "Công an",
        "Bộ chỉ huy",
        "Bộ Tư lệnh",
        "Quân khu",
        "Tòa án",
        "Toà án",
        "Viện",
        "Kho bạc",
        "Ngân hàng",
        "Bảo hiểm",
        "Trung tâm",
        "Trường",
        "Học viện",
        "Đại học",
        "Cao đẳng",
        "Bệnh viện",
        "Đài",
        "Báo",
        "Tạp chí",
        "Hội",
        "Liên đoàn",
        "Liên minh",
        "Công ty",
        "Tổng công ty",
        "Tập đoàn",
        "Doanh nghiệp",
        "Hợp tác xã",
        "Hộ kinh doanh",
        "Chi nhánh",
        "Cơ quan",
        "Ngành",
        "Đơn vị",
        "Ký số",
    )
)

#: The most common Vietnamese family names (họ), as written, which cover the vast majority of
#: people (metadata uses them to repair a family name whose tone mark OCR lost).
COMMON_FAMILY_NAMES: tuple[str, ...] = (
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Đào",
    "Đoàn",
    "Vương",
    "Trịnh",
    "Trương",
    "Lâm",
    "Phùng",
    "Mai",
    "Tô",
    "Tạ",
    "Hà",
    "Lương",
    "Lưu",
    "Cao",
    "Đinh",
    "Thái",
    "Triệu",
    "Quách",
    "Kiều",
    "Chu",
    "Đàm",
    "Tăng",
    "Châu",
    "Lại",
    "Hứa",
    "Thân",
    "Khổng",
    "Mạc",
    "La",
    "Lò",
    "Nông",
    "Tống",
    "Từ",
    "Giang",
    "Âu",
    "Doãn",
    "Diệp",
    "Kim",
    "Ông",
    "Phí",
    "Bạch",
    "Hầu",
    "Lục",
    "Quan",
    "Thạch",
    "Tôn",
    "Lã",
    "Lữ",
    "Ninh",
    "Viên",
    "Văn",
    "Cù",
    "Khúc",
    "Nghiêm",
    "Mẫn",
    "Yên",
    "Âu Dương",
    "Tiêu",
    "Vi",
    "Hoàng Phủ",
    "Đồng",
    "Quản",
)

#: :data:`COMMON_FAMILY_NAMES` folded for matching.
FAMILY_NAMES: frozenset[str] = frozenset(_fold(w) for w in COMMON_FAMILY_NAMES)


def _starts_with(words: list[str], phrases: tuple[str, ...]) -> bool:
    return any(words[: len(p.split())] == p.split() for p in phrases)


@functools.cache
def _ascii_words() -> tuple[frozenset[str], tuple[str, ...]]:
    """Family names and agency words without diacritics; agency words that then collide with
    a family name (``Trường``/``Trương`` -> ``truong``) are dropped."""
    family = frozenset(_ascii(f) for f in FAMILY_NAMES)
    return family, tuple(sorted({_ascii(p) for p in AGENCY_WORDS} - family))


def _names_an_agency(cn: str) -> bool:
    """``cn`` opens with an agency word (accents compared as written, or all stripped when the
    subject is plain ASCII)."""
    words = _fold(cn).split()
    return _starts_with(words, _ascii_words()[1] if cn.isascii() else AGENCY_WORDS)


def _names_a_person(cn: str) -> bool:
    """``cn`` reads as a Vietnamese personal name: a family name and 1–5 more words."""
    words = _fold(cn).split()
    if not 2 <= len(words) <= 6 or not all(w.replace("-", "").isalpha() for w in words):
        return False
    family = _ascii_words()[0] if cn.isascii() else FAMILY_NAMES
    return words[0] in family or " ".join(words[:2]) in family


def _kind_from_names(fields: dict[str, list[str]], *, ca: bool) -> CertificateKind:
    """The kind a subject without any UID shows by its names (see :func:`certificate_kind`)."""
    cn = next(iter(fields.get("common_name", [])), "")
    if not cn:
        return CertificateKind.UNKNOWN
    folded = _fold(cn)
    if any(folded == _fold(org) for org in fields.get("organization_name", [])):
        return CertificateKind.ORGANIZATION  # the first rule, kept for CA certificates too
    if ca:
        return CertificateKind.UNKNOWN
    units = fields.get("organizational_unit_name", [])
    if any(folded == _fold(unit) for unit in units) or _names_an_agency(cn):
        return CertificateKind.ORGANIZATION
    if fields.get("title"):
        return CertificateKind.INDIVIDUAL
    places = fields.get("locality_name", []) + fields.get("state_or_province_name", [])
    if any(folded == _fold(p) for p in places):
        return CertificateKind.UNKNOWN
    detail = (
        "organizational_unit_name",
        "email_address",
        "locality_name",
        "state_or_province_name",
    )
    if _names_a_person(cn) and any(fields.get(key) for key in detail):
        return CertificateKind.INDIVIDUAL
    return CertificateKind.UNKNOWN


def _is_ca(cert: x509.Certificate) -> bool:
    try:
        return bool(cert.ca)
    except Exception:
        return False


def certificate_kind(cert: x509.Certificate) -> CertificateKind:
    """Individual if any personal id is present, organisation if MST/MNS (R6.5).

    Many government certificates (Ban Cơ yếu Chính phủ) carry no identifier at all; their
    names then decide:

    * organisation — the common name equals the organisation (``CN=Bộ Nội vụ, O=Bộ Nội
      vụ``); for end-entity certificates (a CA otherwise stays ``unknown``) also a common
      name equal to a unit name or opening with an agency word (``Sở …``, ``Ủy ban nhân dân
      …``, ``Văn phòng …``, ``Tập đoàn …``);
    * individual — a title (chức danh) is present, or the common name is a Vietnamese
      personal name (a common family name first) in a subject that also gives a unit, an
      e-mail address or a place, as the government personal profile does (``CN=Nguyễn Đức
      Vũ, OU=Sở Nội vụ, O=Ủy ban nhân dân tỉnh Lâm Đồng, L=Lâm Đồng``). A bare name beside
      an organisation is not enough evidence and stays ``unknown``;
    * anything else is ``unknown``.
    """
    kind = kind_of_uids({p for p, _ in parse_uids(cert)})
    if kind is not CertificateKind.UNKNOWN:
        return kind
    fields: dict[str, list[str]] = {}
    for _dotted, name, text in _attributes(cert):
        if text:
            fields.setdefault(name, []).append(text)
    return _kind_from_names(fields, ca=_is_ca(cert))
