"""One signature-role vocabulary for every capability."""

from __future__ import annotations

import json

import pytest

from vndocsign.errors import ModelError, VndocsignError
from vndocsign.model import SignatureRole


def test_the_five_roles_and_their_json_strings() -> None:
    assert [r.value for r in SignatureRole] == [
        "initial",
        "personal",
        "agency",
        "attachment",
        "copy",
    ]
    assert json.dumps({"role": SignatureRole.AGENCY}) == '{"role": "agency"}'


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("agency", SignatureRole.AGENCY),
        ("Seal", SignatureRole.AGENCY),
        (" PERSONAL ", SignatureRole.PERSONAL),
        ("ky-tat", SignatureRole.INITIAL),
        (SignatureRole.COPY, SignatureRole.COPY),
    ],
)
def test_parse_accepts_names_and_old_aliases(text: str, role: SignatureRole) -> None:
    assert SignatureRole.parse(text) is role


def test_unknown_role_is_a_typed_bilingual_error() -> None:
    with pytest.raises(ModelError) as info:
        SignatureRole.parse("stamp")
    assert isinstance(info.value, VndocsignError)
    assert "stamp" in info.value.en and "không hợp lệ" in info.value.vi
    assert info.value.details["role"] == "stamp"


def test_organization_roles_and_vietnamese_names() -> None:
    assert {r for r in SignatureRole if r.is_organization} == {
        SignatureRole.AGENCY,
        SignatureRole.ATTACHMENT,
        SignatureRole.COPY,
    }
    assert SignatureRole.INITIAL.vi == "chữ ký tắt"
