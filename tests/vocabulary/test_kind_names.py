"""Certificate kind of UID-less government certificates, read from their names (issue 11).

Real Ban Cơ yếu Chính phủ certificates often carry no ``MST``/``MNS``/``CCCD`` UID: the agency
seal is ``CN=SỞ NỘI VỤ, O=ỦY BAN NHÂN DÂN TỈNH …`` and a person is ``CN=Nguyễn Đức Vũ,
OU=SỞ NỘI VỤ, O=…, L=Lâm Đồng, E=…``. The subjects below copy the shapes of the real ones.
"""

from __future__ import annotations

import pytest
from asn1crypto import x509

from vndocsign.pki import CertificateKind, certificate_kind

IND, ORG, UNK = (
    CertificateKind.INDIVIDUAL,
    CertificateKind.ORGANIZATION,
    CertificateKind.UNKNOWN,
)


def _name(ca: bool = False, **fields: str) -> x509.Certificate:
    """A certificate shell with only a subject (and a CA flag when asked)."""
    tbs: dict[str, object] = {"subject": x509.Name.build(fields)}
    if ca:
        bc = x509.BasicConstraints({"ca": True})
        tbs["extensions"] = [{"extn_id": "basic_constraints", "critical": True, "extn_value": bc}]
    return x509.Certificate({"tbs_certificate": x509.TbsCertificate(tbs)})


LAM_DONG = {"organization_name": "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG", "locality_name": "Lâm Đồng"}


@pytest.mark.parametrize(
    ("fields", "kind"),
    [
        # agencies: CN equals O or an OU, or opens with an agency word
        ({"common_name": "VĂN PHÒNG CHÍNH PHỦ", "organization_name": "VĂN PHÒNG CHÍNH PHỦ"}, ORG),
        ({"common_name": "Sở Tư pháp", "organizational_unit_name": "Sở tư pháp"}, ORG),
        ({"common_name": "SỞ NỘI VỤ", **LAM_DONG}, ORG),
        ({"common_name": "Uỷ ban nhân dân xã Tân Hà", **LAM_DONG}, ORG),
        ({"common_name": "Tập đoàn Xăng dầu Việt Nam", "locality_name": "Hà Nội"}, ORG),
        ({"common_name": "So Noi vu tinh Lam Dong", "locality_name": "Lam Dong"}, ORG),
        # people: a family name first, and a unit, e-mail or place beside it
        (
            {
                "common_name": "Nguyễn Đức Vũ",
                "organizational_unit_name": "SỞ NỘI VỤ",
                "email_address": "ndvu@lamdong.gov.vn",
                **LAM_DONG,
            },
            IND,
        ),
        (
            {
                "common_name": "Vũ Chiến Thắng",
                "organization_name": "BỘ NỘI VỤ",
                "locality_name": "Hà Nội",
            },
            IND,
        ),
        ({"common_name": "Đoàn Văn Bình", **LAM_DONG}, IND),  # Đoàn: a family name here
        ({"common_name": "Trương Thị Hoa", **LAM_DONG}, IND),  # not "Trường" (school)
        ({"common_name": "Nguyen Minh", "locality_name": "Lam Dong"}, IND),  # plain ASCII
        ({"common_name": "Truong Van An", "locality_name": "Lam Dong"}, IND),
        ({"common_name": "Y Thanh Hà Niê Kdăm", "title": "Phó Chủ tịch"}, IND),  # title decides
        # not enough evidence
        ({"common_name": "Nguyễn Văn A", "organization_name": "Bộ Nội vụ"}, UNK),
        ({"common_name": "Lâm Đồng", "locality_name": "Lâm Đồng"}, UNK),
        ({"common_name": "Dịch vụ cấp dấu thời gian", "country_name": "VN"}, UNK),
        ({"common_name": "Nguyễn Văn 2", "locality_name": "Hà Nội"}, UNK),
        ({"organization_name": "Bộ Nội vụ", "locality_name": "Hà Nội"}, UNK),
    ],
)
def test_kind_from_the_names_of_a_subject_without_uid(
    fields: dict[str, str], kind: CertificateKind
) -> None:
    assert certificate_kind(_name(**fields)) is kind


def test_a_ca_certificate_is_not_read_by_agency_words() -> None:
    cert = _name(
        ca=True,
        common_name="Cơ quan chứng thực số Bộ Ngoại giao",
        organization_name="Ban Cơ yếu Chính phủ",
    )
    assert certificate_kind(cert) is UNK
    assert certificate_kind(_name(common_name="Cơ quan chứng thực số Bộ Ngoại giao")) is ORG


def test_an_identifier_still_wins_over_the_names() -> None:
    person_with_agency_cn = _name(common_name="Sở Y tế", user_id="CCCD:001089020747")
    assert certificate_kind(person_with_agency_cn) is IND
    agency_with_person_cn = _name(
        common_name="Nguyễn Văn An", user_id="MST:0100000001", locality_name="Hà Nội"
    )
    assert certificate_kind(agency_with_person_cn) is ORG
