"""What extraction must return for a generated document: derived from its DocSpec."""

from __future__ import annotations

from typing import Any

from docgen.spec import DocSpec
from vndocsign.model import DocumentNumber, DocumentType, Signer
from vndocsign.model._text import canonical

__all__ = ["expected", "mismatches"]

TYPE_BY_HEADING = {
    "TỜ TRÌNH": "Tờ trình",
    "QUYẾT ĐỊNH": "Quyết định",
    "GIẤY MỜI": "Giấy mời",
    "BÁO CÁO": "Báo cáo",
    "BIÊN BẢN": "Biên bản",
    "KẾ HOẠCH": "Kế hoạch",
    "THÔNG BÁO": "Thông báo",
}


def _signer(titles: tuple[str, ...], name: str) -> dict[str, Any]:
    auth = [t for t in titles if t.split(".")[0] in {"TM", "KT", "TL", "TUQ", "Q"} and "." in t]
    rest = [t for t in titles if t not in auth]
    s = Signer(name, position=" ".join(rest) or None, authority=auth)
    return {"full_name": s.full_name, "position": s.position, "authority": s.authority_text}


def expected(spec: DocSpec) -> dict[str, Any]:
    """The ``OfficialDocument.to_dict()`` subset a correct extraction yields for ``spec``."""
    number = DocumentNumber.parse(spec.number, strict=False)
    if spec.type_name:
        doc_type = TYPE_BY_HEADING[spec.type_name]
    else:
        doc_type = DocumentType.from_name("Công văn").name
    return {
        "number": str(number),
        "issued_date": spec.date.isoformat() if spec.date else None,
        "place": spec.place,
        "issuer": spec.issuer,
        "issuer_parent": spec.parent,
        "document_type": doc_type,
        "subject": canonical(("V/v " if spec.is_cong_van else "") + spec.subject),
        "recipients": list(spec.recipients),
        "signers": [_signer(s.titles, s.name) for s in spec.signers],
        "distribution": list(spec.distribution),
        "secrecy": spec.secrecy,
        "urgency": spec.urgency,
        "draft": spec.draft,
    }


def mismatches(got: dict[str, Any], spec: DocSpec) -> dict[str, tuple[Any, Any]]:
    """``{field: (got, expected)}`` for every field that differs."""
    want = expected(spec)
    out: dict[str, tuple[Any, Any]] = {}
    for key, value in want.items():
        have = got.get(key)
        if key == "signers":
            have = [{k: s[k] for k in ("full_name", "position", "authority")} for s in have or []]
        if have != value:
            out[key] = (have, value)
    return out
