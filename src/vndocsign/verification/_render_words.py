"""The words of the human-readable report, in Vietnamese and English (issue 16).

The Vietnamese report has no English word in it: every state the report speaks in (ETSI
indications, sub-indications, change kinds, revocation, roles, certificate kinds) has a label
here in both languages. ETSI codes stay visible only as a marked secondary term
(``<code class='etsi'>``) for a technician. Times are shown as ``dd/MM/yyyy HH:mm:ss (GMT+7)``
in Vietnam time; the JSON report keeps ISO 8601.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from vndocsign.model import SignatureRole
from vndocsign.verification._change_types import ChangeKind
from vndocsign.verification._report import SignatureReport
from vndocsign.verification._states import (
    Indication,
    ModificationLevel,
    RevocationStatus,
    SignatureType,
    SubIndication,
    TimeSource,
)

__all__ = ["LANGS", "Words", "format_time", "reasons_not_valid", "words"]

#: Vietnam time, fixed +07:00 (no daylight saving since 1975)
_VN = timezone(timedelta(hours=7))
LANGS = ("vi", "en")


def format_time(value: datetime | str | None) -> str | None:
    """``dd/MM/yyyy HH:mm:ss (GMT+7)`` in Vietnam time (an ISO string is parsed first)."""
    if value is None:
        return None
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
    else:
        moment = value
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(_VN).strftime("%d/%m/%Y %H:%M:%S") + " (GMT+7)"


_INDICATION = {
    Indication.TOTAL_PASSED: ("Hợp lệ", "Valid"),
    Indication.TOTAL_FAILED: ("Không hợp lệ", "Invalid"),
    Indication.INDETERMINATE: ("Chưa xác định", "Indeterminate"),
}

_SUB = {
    "FORMAT_FAILURE": (
        "định dạng chữ ký sai hoặc văn bản bị sửa theo cách không được phép",
        "the signature's format is wrong or the document was changed in a way not allowed",
    ),
    "HASH_FAILURE": (
        "nội dung đã ký bị thay đổi (giá trị băm không khớp)",
        "the signed content was altered (hash mismatch)",
    ),
    "SIG_CRYPTO_FAILURE": (
        "giá trị chữ ký không khớp với khóa công khai của chứng thư",
        "the signature value does not match the certificate's public key",
    ),
    "REVOKED": ("chứng thư đã bị thu hồi", "the certificate was revoked"),
    "NOT_YET_VALID": (
        "chứng thư chưa có hiệu lực tại thời điểm ký",
        "the certificate was not yet valid at signing time",
    ),
    "SIG_CONSTRAINTS_FAILURE": (
        "chữ ký không đáp ứng ràng buộc của chính sách kiểm tra",
        "the signature does not meet the validation policy's constraints",
    ),
    "CHAIN_CONSTRAINTS_FAILURE": (
        "chuỗi chứng thư không đáp ứng ràng buộc của chính sách kiểm tra",
        "the certificate chain does not meet the validation policy's constraints",
    ),
    "CERTIFICATE_CHAIN_GENERAL_FAILURE": (
        "không dựng hoặc không kiểm tra được chuỗi chứng thư",
        "the certificate chain could not be built or checked",
    ),
    "CRYPTO_CONSTRAINTS_FAILURE": (
        "thuật toán mật mã không được chấp nhận",
        "a cryptographic algorithm is not accepted",
    ),
    "EXPIRED": ("chứng thư đã hết hạn", "the certificate has expired"),
    "POLICY_PROCESSING_ERROR": (
        "không xử lý được chính sách chữ ký",
        "the signature policy could not be processed",
    ),
    "SIGNATURE_POLICY_NOT_AVAILABLE": (
        "không có chính sách chữ ký",
        "the signature policy is not available",
    ),
    "TIMESTAMP_ORDER_FAILURE": (
        "thứ tự các dấu thời gian không hợp lý",
        "the time-stamps are out of order",
    ),
    "NO_SIGNING_CERTIFICATE_FOUND": (
        "không tìm thấy chứng thư của người ký",
        "the signer's certificate was not found",
    ),
    "NO_CERTIFICATE_CHAIN_FOUND": (
        "không tìm thấy chuỗi chứng thư đến một chứng thư gốc tin cậy",
        "no certificate chain to a trusted root was found",
    ),
    "REVOKED_NO_POE": (
        "chứng thư đã bị thu hồi và không có bằng chứng chữ ký có trước khi thu hồi",
        "the certificate was revoked and nothing proves the signature existed before",
    ),
    "REVOKED_CA_NO_POE": (
        "chứng thư của tổ chức cấp đã bị thu hồi, không có bằng chứng thời điểm ký",
        "an issuing certificate was revoked and nothing proves the signing time",
    ),
    "OUT_OF_BOUNDS_NO_POE": (
        "chứng thư ngoài thời hạn hiệu lực, không có bằng chứng thời điểm ký",
        "the certificate was outside its validity and nothing proves the signing time",
    ),
    "REVOCATION_OUT_OF_BOUNDS_NO_POE": (
        "dữ liệu thu hồi ngoài thời hạn, không có bằng chứng thời điểm ký",
        "the revocation data is out of date and nothing proves the signing time",
    ),
    "OUT_OF_BOUNDS_NOT_REVOKED": (
        "chứng thư đã hết hạn (không bị thu hồi), không có bằng chứng thời điểm ký",
        "the certificate expired (not revoked) and nothing proves the signing time",
    ),
    "CRYPTO_CONSTRAINTS_FAILURE_NO_POE": (
        "thuật toán không còn được chấp nhận, không có bằng chứng thời điểm ký",
        "an algorithm is no longer accepted and nothing proves the signing time",
    ),
    "NO_POE": (
        "không có bằng chứng về thời điểm chữ ký đã tồn tại",
        "nothing proves when the signature existed",
    ),
    "TRY_LATER": (
        "chưa có thông tin thu hồi, cần kiểm tra lại sau",
        "revocation information is not available yet; check again later",
    ),
    "SIGNED_DATA_NOT_FOUND": (
        "không tìm thấy dữ liệu đã ký",
        "the signed data was not found",
    ),
    "GENERIC": ("lý do khác (xem các thông báo)", "another reason (see the messages)"),
    "NO_SIGNATURE_FOUND": ("tệp không có chữ ký số", "the file carries no signature"),
}

_CHANGE = {
    ChangeKind.SIGNATURE: ("thêm chữ ký số hoặc dấu thời gian", "signature or time-stamp added"),
    ChangeKind.LTV: (
        "bổ sung dữ liệu kiểm tra hiệu lực chứng thư",
        "certificate validation data added",
    ),
    ChangeKind.METADATA: ("sửa thông tin mô tả tệp", "file description changed"),
    ChangeKind.STRUCTURE: ("sửa cấu trúc ẩn của tệp", "hidden document structure changed"),
    ChangeKind.FORM_FILL: ("điền biểu mẫu", "form filled"),
    ChangeKind.ANNOTATION: ("thêm hoặc sửa ghi chú", "annotation added or changed"),
    ChangeKind.ATTACHMENT: ("đính kèm tệp", "file attached"),
    ChangeKind.UNEXPLAINED: ("thay đổi không giải thích được", "unexplained change"),
    ChangeKind.CONTENT: ("thay đổi nội dung văn bản", "document content changed"),
}

_MODIFICATION = {
    ModificationLevel.NOT_APPLICABLE: ("không áp dụng", "not applicable"),
    ModificationLevel.NONE: ("không có thay đổi nào", "no change"),
    ModificationLevel.ALLOWED: ("có thay đổi được phép", "permitted changes"),
    ModificationLevel.SUSPICIOUS: ("có thay đổi đáng ngờ", "suspicious changes"),
    ModificationLevel.DISALLOWED: ("có thay đổi không được phép", "changes not allowed"),
}

_REVOCATION = {
    RevocationStatus.GOOD: ("chưa bị thu hồi", "not revoked"),
    RevocationStatus.REVOKED: ("đã bị thu hồi", "revoked"),
    RevocationStatus.UNKNOWN: ("không xác định được", "unknown"),
    RevocationStatus.NOT_CHECKED: ("chưa kiểm tra", "not checked"),
}

_TIME_SOURCE = {
    TimeSource.TIMESTAMP: ("theo dấu thời gian tin cậy", "proven by a trusted time-stamp"),
    TimeSource.CLAIMED: ("do máy người ký tự ghi, chưa được chứng thực", "claimed by the signer"),
    TimeSource.NONE: ("không có", "none"),
}

_ROLE_EN = {
    SignatureRole.INITIAL: "initial (ký tắt)",
    SignatureRole.PERSONAL: "personal signature",
    SignatureRole.AGENCY: "agency signature",
    SignatureRole.ATTACHMENT: "attachment signature",
    SignatureRole.COPY: "copy signature",
}

_KIND = {
    "individual": ("cá nhân", "individual"),
    "organization": ("cơ quan, tổ chức", "organization"),
    "unknown": ("không rõ", "unknown"),
}

#: fixed texts of the page, (vi, en)
_TEXT = {
    "title": ("Kết quả kiểm tra chữ ký số", "Signature verification report"),
    "heading": ("KẾT QUẢ KIỂM TRA CHỮ KÝ SỐ", "SIGNATURE VERIFICATION REPORT"),
    "file": ("Tệp", "File"),
    "validated_at": ("Thời điểm kiểm tra", "Checked at"),
    "trust_profile": ("Hồ sơ tin cậy", "Trust profile"),
    "document": ("Thông tin văn bản", "The document"),
    "number": ("Số, ký hiệu", "Number"),
    "date": ("Ngày ban hành", "Date"),
    "issuer": ("Cơ quan ban hành", "Issued by"),
    "type": ("Loại văn bản", "Type"),
    "subject": ("Trích yếu", "Subject"),
    "not_read": ("không đọc được từ văn bản", "not found in the document"),
    "no_pdf": (
        "không có tệp PDF để đọc thông tin văn bản và vẽ trang",
        "no PDF given: no document details or page pictures",
    ),
    "pages": ("Các trang có chữ ký", "Signed pages"),
    "page": ("Trang", "Page"),
    "legend_sig": (
        "khung xanh đánh số: vị trí chữ ký số (số thứ tự như trong báo cáo)",
        "numbered blue boxes: the signatures (numbered as in this report)",
    ),
    "legend_change": (
        "khung đỏ: vùng bị thay đổi sau khi ký",
        "red outlines: areas changed after signing",
    ),
    "timeline": ("Diễn biến các lần ký và sửa đổi", "Timeline of signatures and changes"),
    "revision": ("Lần lưu", "Revision"),
    "original": ("Văn bản gốc", "Original document"),
    "when": ("Thời điểm", "When"),
    "what": ("Nội dung", "What"),
    "signed_by": ("ký bởi", "signed by"),
    "certificate": ("Chứng thư", "Certificate"),
    "serial": ("số hiệu", "serial"),
    "issued_by": ("cấp bởi", "issued by"),
    "changed": ("Thay đổi", "Changes"),
    "rendered": (
        "So sánh hình ảnh trang với bản đã ký",
        "Page pictures compared with the signed version",
    ),
    "after_sig": ("sau chữ ký", "after signature"),
    "signature": ("Chữ ký số", "Signature"),
    "doc_timestamp": ("Dấu thời gian tài liệu", "Document time-stamp"),
    "field": ("trường", "field"),
    "role": ("Vai trò", "Role"),
    "verdict": ("Kết luận", "Verdict"),
    "why": ("Vì sao chưa được công nhận hợp lệ", "Why it is not accepted as valid"),
    "issuer_ca": ("Tổ chức cấp chứng thư", "Issuing CA"),
    "signer": ("Người ký", "Signer"),
    "managing_unit": ("Đơn vị quản lý chứng thư", "Managing unit"),
    "signing_time": ("Thời điểm ký", "Signing time"),
    "integrity": ("Tính toàn vẹn", "Integrity"),
    "valid_at": ("Hợp lệ tại thời điểm ký", "Valid at signing time"),
    "validity": ("Thời hạn chứng thư", "Certificate validity"),
    "uid": ("Mã định danh", "Identifier"),
    "revocation": ("Tình trạng thu hồi", "Revocation"),
    "changes_after": ("Thay đổi sau khi ký", "Changes after signing"),
    "whole_file": ("Phủ toàn bộ tệp", "Covers the whole file"),
    "decree30": ("Kiểm tra theo Nghị định 30/2020/NĐ-CP", "Decree 30/2020 checks"),
    "yes": ("Có", "Yes"),
    "no": ("Không", "No"),
    "none": ("—", "—"),
    "to": ("đến", "to"),
    "in_memory": ("dữ liệu truyền vào, không có tên tệp", "data given in memory, no file name"),
    "profile_cong-vu": ("công vụ (CA chuyên dùng Chính phủ)", "government (cong-vu)"),
    "profile_public": ("công cộng (CA công cộng)", "public CAs"),
    "profile_any-vn": ("mọi chứng thư gốc Việt Nam", "any Vietnamese root"),
    "profile_custom": ("chứng thư gốc do người dùng chỉ định", "roots given by the user"),
    "footer": (
        "Báo cáo tạo bởi vndocsign theo ETSI EN 319 102-1 và Thông tư 15/2025/TT-BKHCN",
        "Report made by vndocsign after ETSI EN 319 102-1 and Circular 15/2025/TT-BKHCN",
    ),
    "unknown_role": ("không xác định", "not recognised"),
    "timestamp_role": ("dấu thời gian", "time-stamp"),
    "stamped": ("đóng", "stamped"),
    "stamp_number": ("số văn bản", "number"),
    "stamp_date": ("ngày tháng", "date"),
    "stamp_seal": ("dấu", "seal"),
    "stamp_attachment_stamp": ("dấu văn bản kèm theo", "attachment stamp"),
}


class Words:
    """The report's words in one language (``vi`` or ``en``)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._i = 0 if lang == "vi" else 1

    def __call__(self, key: str) -> str:
        return _TEXT[key][self._i]

    def profile(self, name: str) -> str:
        key = f"profile_{name}"
        return self(key) if key in _TEXT else name

    def file(self, name: str) -> str:
        return self("in_memory") if name in ("<bytes>", "<stream>") else name

    def yes_no(self, value: bool | None) -> str:
        return self("none") if value is None else self("yes" if value else "no")

    def indication(self, value: str) -> str:
        return _INDICATION[Indication(value)][self._i]

    def sub_indication(self, value: str | None) -> str | None:
        if value is None:
            return None
        return _SUB.get(str(value), _SUB["GENERIC"])[self._i]

    def change(self, kind: str) -> str:
        return _CHANGE[ChangeKind(kind)][self._i]

    def modification(self, value: str) -> str:
        return _MODIFICATION[ModificationLevel(value)][self._i]

    def revocation(self, value: str) -> str:
        return _REVOCATION[RevocationStatus(value)][self._i]

    def time_source(self, value: str) -> str:
        return _TIME_SOURCE[TimeSource(value)][self._i]

    def cert_kind(self, value: str) -> str:
        return _KIND.get(str(value), _KIND["unknown"])[self._i]

    def role(self, s: SignatureReport) -> str:
        if s.type is SignatureType.DOCUMENT_TIMESTAMP:
            text = self("timestamp_role")
        elif s.role is None:
            text = self("unknown_role")
        else:
            text = s.role.vi if self.lang == "vi" else _ROLE_EN[s.role]
        if s.stamped:
            text += f" ({self('stamped')}: " + ", ".join(self(f"stamp_{x}") for x in s.stamped)
            text += ")"
        return text

    def kind_of_signature(self, s: SignatureReport) -> str:
        return self("signature" if s.type is SignatureType.SIGNATURE else "doc_timestamp")


def words(lang: str) -> Words:
    return Words(lang)


_CRYPTO = frozenset(
    {SubIndication.CRYPTO_CONSTRAINTS_FAILURE, SubIndication.CRYPTO_CONSTRAINTS_FAILURE_NO_POE}
)


def reasons_not_valid(s: SignatureReport, lang: str) -> list[str]:
    """Why an intact signature (integrity: yes) is still not valid, in plain words.

    Empty for a valid signature and for one whose content was altered (integrity: no says it).
    """
    if s.intact is not True or s.indication is Indication.TOTAL_PASSED:
        return []
    vi = lang == "vi"
    out: list[str] = []

    def add(v: str, e: str) -> None:
        out.append(v if vi else e)

    if s.modification is ModificationLevel.DISALLOWED:
        add(
            "văn bản đã bị sửa sau khi ký theo cách không được phép (xem khung đỏ trên trang)",
            "the document was changed after signing in a way not allowed (red outlines)",
        )
    elif s.modification is ModificationLevel.SUSPICIOUS:
        add(
            "văn bản có thay đổi sau khi ký mà không giải thích được",
            "the document has changes after signing that cannot be explained",
        )
    if s.valid is False:
        add(
            "giá trị chữ ký không khớp với khóa công khai của chứng thư",
            "the signature value does not match the certificate's public key",
        )
    if s.revocation is RevocationStatus.REVOKED:
        add("chứng thư của người ký đã bị thu hồi", "the signer's certificate was revoked")
    if not s.trusted:
        add(
            "chứng thư không dẫn tới chứng thư gốc nào trong hồ sơ tin cậy đã chọn",
            "the certificate does not lead to a root of the chosen trust profile",
        )
    if s.valid_at_signing_time is False:
        add(
            "chứng thư hết hạn hoặc chưa có hiệu lực tại thời điểm ký",
            "the certificate was expired or not yet valid at signing time",
        )
    if s.sub_indication in _CRYPTO:
        add(
            "thuật toán băm hoặc khóa không còn được chấp nhận (Thông tư 15/2025)",
            "the digest or key algorithm is no longer accepted (Circular 15/2025)",
        )
    if s.revocation in (RevocationStatus.UNKNOWN, RevocationStatus.NOT_CHECKED) and s.trusted:
        add(
            "chưa kiểm tra được chứng thư có bị thu hồi hay không",
            "whether the certificate was revoked could not be checked",
        )
    if not out:
        sub = Words(lang).sub_indication(s.sub_indication)
        if sub is not None:
            out.append(sub)
    return out
