"""A quick, validation-free inventory of the signatures already in a PDF.

``vndocsign inspect`` uses it to show what a document carries before anybody decides to verify
or sign it. Nothing here establishes trust or integrity — that is
:mod:`vndocsign.verification`'s job — but it does report whether each signature's byte range
reaches the end of the file, because "something was appended after the last signature" is the
first question a registry clerk asks.
"""

from __future__ import annotations

import ctypes
import enum
import io
import logging
from collections.abc import Iterable
from typing import Any

import attrs
import pypdfium2 as pdfium
import pypdfium2.raw as raw

from vndocsign.errors import PdfError
from vndocsign.pdf._errors import DamagedPdfError, EncryptedPdfError
from vndocsign.pdf._text import PdfSource, read_pdf_bytes
from vndocsign.pdf.geometry import BBox, normalize_box
from vndocsign.pki import CertificateKind, certificate_kind

__all__ = ["SignatureInfo", "SignatureKind", "list_signatures", "signer_names"]

_log = logging.getLogger(__name__)


class SignatureKind(enum.StrEnum):
    """What a filled signature field holds."""

    #: An ordinary CMS signature (``/Type /Sig``).
    SIGNATURE = "signature"
    #: A document timestamp (``/Type /DocTimeStamp``, PAdES-LTA).
    TIMESTAMP = "timestamp"


def _byte_range(value: tuple[int, ...] | list[int] | None) -> tuple[int, ...] | None:
    return tuple(int(v) for v in value) if value is not None else None


def _rect(value: BBox | list[float] | None) -> BBox | None:
    return normalize_box(value) if value is not None else None


@attrs.frozen(kw_only=True)
class SignatureInfo:
    """What a filled signature field says about itself (self-reported, not verified).

    ``page`` is the 0-based index of the page carrying the field's widget and ``rect`` the
    widget rectangle in PDF user space; both are ``None`` for a field without a widget on any
    page, and ``rect`` is ``None`` for an invisible (zero-size) signature. In JSON
    (:meth:`to_dict`) the page is 1-based, like every page number vndocsign prints.
    """

    #: Fully qualified field name (``Signature1``, ``Parent.Child``).
    field: str
    kind: SignatureKind = SignatureKind.SIGNATURE
    #: ``adbe.pkcs7.detached``, ``ETSI.CAdES.detached``, ``ETSI.RFC3161`` ...
    sub_filter: str | None = None
    #: The signer certificate's common name.
    signer: str | None = None
    #: The signer certificate's whole subject, as a person reads it.
    signer_subject: str | None = None
    #: The ``/M`` time the signer's software wrote (ISO 8601), not a trusted time.
    claimed_time: str | None = None
    reason: str | None = None
    byte_range: tuple[int, ...] | None = attrs.field(default=None, converter=_byte_range)
    #: Whether the byte range reaches the end of the file (nothing appended afterwards).
    covers_whole_file: bool = False
    page: int | None = None
    rect: BBox | None = attrs.field(default=None, converter=_rect)
    #: Individual or organization (R6.5, read from the certificate's UIDs), ``None`` when the
    #: certificate cannot be read.
    signer_kind: CertificateKind | None = None

    @property
    def visible(self) -> bool:
        """Whether the signature has a widget of non-zero size on a page."""
        return self.rect is not None and self.rect[2] > self.rect[0] and self.rect[3] > self.rect[1]

    def to_dict(self) -> dict[str, Any]:
        return {
            "field": self.field,
            "kind": self.kind.value,
            "sub_filter": self.sub_filter,
            "signer": self.signer,
            "signer_subject": self.signer_subject,
            "claimed_time": self.claimed_time,
            "reason": self.reason,
            "byte_range": list(self.byte_range) if self.byte_range else None,
            "covers_whole_file": self.covers_whole_file,
            "page": self.page + 1 if self.page is not None else None,
            "rect": [round(v, 2) for v in self.rect] if self.rect is not None else None,
            "signer_kind": str(self.signer_kind) if self.signer_kind is not None else None,
        }


def list_signatures(pdf: PdfSource, *, password: str | None = None) -> list[SignatureInfo]:
    """List every signature field of ``pdf`` that carries a value (``/V``), in the order the
    signatures were made (then document order).

    Every filled field is listed, whatever its ``/SubFilter``: pyHanko's own inventory skips
    (and logs a traceback for) the ones it cannot validate, such as ``adbe.pkcs7.sha1`` or a
    vendor's private name, but a registry clerk must see that they are there. What cannot be
    read (a broken CMS, a missing certificate) is left ``None``. ``password`` opens an
    encrypted file (:class:`EncryptedPdfError` without it, or with a wrong one).
    """
    from pyhanko.pdf_utils.reader import PdfFileReader  # lazy: pyHanko is heavy to import

    data = read_pdf_bytes(pdf)
    # junk before %PDF- (tolerated by viewers): offsets count from the header
    data = data[max(data.find(b"%PDF-"), 0) :]
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        if reader.encrypted:
            _decrypt(reader, password)
        filled = _filled_fields(reader)
    except PdfError:
        raise
    except Exception as exc:  # pyHanko raises many types on damaged files
        raise DamagedPdfError(
            f"The PDF structure cannot be read ({type(exc).__name__}: {exc})",
            f"Không đọc được cấu trúc tệp PDF ({type(exc).__name__}: {exc})",
        ) from None
    widgets = _widgets(reader)
    found = [
        (*_describe(reader, name, field, len(data), widgets), index)
        for index, (name, field) in enumerate(filled)
    ]
    return [info for _revision, info, _index in sorted(found, key=lambda t: (t[0], t[2]))]


def _decrypt(reader: Any, password: str | None) -> None:
    from pyhanko.pdf_utils.crypt import AuthStatus

    status = None
    if password is not None:
        try:
            status = reader.decrypt(password.encode("utf-8")).status
        except Exception:  # a public-key handler, a damaged /Encrypt: not openable here
            status = None
    if status in (AuthStatus.USER, AuthStatus.OWNER):
        return
    if password is None:
        raise EncryptedPdfError(
            "The PDF is encrypted; its signatures cannot be listed without the password",
            "Tệp PDF được mã hóa, không liệt kê được chữ ký khi không có mật khẩu",
        )
    raise EncryptedPdfError(
        "Wrong password for the encrypted PDF", "Sai mật khẩu của tệp PDF được mã hóa"
    )


def _filled_fields(reader: Any) -> list[tuple[str, Any]]:
    """(fully qualified name, field dictionary) of each signature field with a ``/V``."""
    from pyhanko.sign.fields import enumerate_sig_fields

    return [(str(name), field) for name, _value, field in enumerate_sig_fields(reader, True)]


def _field_name(field: Any) -> str:
    """Fully qualified name of a field dictionary (``/T`` of its ancestors joined by dots)."""
    parts: list[str] = []
    node: Any = field
    for _ in range(32):  # a /Parent loop in a damaged file must not hang us
        if node is None:
            break
        if "/T" in node:
            parts.append(str(node["/T"]))
        node = node.get_object().get("/Parent")
        node = node.get_object() if node is not None else None
    return ".".join(reversed(parts))


def _widgets(reader: Any) -> dict[str, tuple[int, BBox]]:
    """Signature field name -> (0-based page, widget rectangle) of its first widget."""
    out: dict[str, tuple[int, BBox]] = {}
    try:
        pages = [reader.root["/Pages"].get_object()]
        index = 0
        guard = 0
        while pages and guard < 100_000:
            guard += 1
            node = pages.pop(0)
            if "/Kids" in node:
                pages[:0] = [kid.get_object() for kid in node["/Kids"]]
                continue
            for ref in node.get("/Annots") or []:
                annot = ref.get_object()
                if annot.get("/Subtype") != "/Widget" or "/Rect" not in annot:
                    continue
                field = annot if "/T" in annot else annot.get("/Parent")
                if field is None:
                    continue
                name = _field_name(field.get_object())
                box = normalize_box([float(v) for v in annot["/Rect"]])
                out.setdefault(name, (index, box))
            index += 1
    except Exception:  # a damaged page tree: the inventory still lists the fields
        _log.debug("cannot map signature widgets to pages", exc_info=True)
    return out


def _describe(
    reader: Any, name: str, field: Any, file_size: int, widgets: dict[str, tuple[int, BBox]]
) -> tuple[int, SignatureInfo]:
    """(revision signed, what the field says): read through pyHanko's
    ``EmbeddedPdfSignature`` when its CMS parses, else from the signature dictionary alone."""
    from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature

    sig: Any = None
    try:
        sig = EmbeddedPdfSignature(reader, field, name)
        obj = sig.sig_object
        revision = int(sig.signed_revision)
    except Exception:  # an unparsable CMS or /ByteRange: the field is still listed
        _log.debug("cannot read the signature of %s", name, exc_info=True)
        obj = field.get_object()["/V"].get_object()
        revision = _revision(reader, field)
    return revision, _info(sig, obj, name, file_size, widgets)


def _revision(reader: Any, field: Any) -> int:
    try:
        return int(reader.xrefs.get_last_change(field.get_object().raw_get("/V").reference))
    except Exception:
        return 1 << 30  # unknown: after the others


def _info(
    sig: Any, obj: Any, name: str, file_size: int, widgets: dict[str, tuple[int, BBox]]
) -> SignatureInfo:
    byte_range: tuple[int, ...] | None
    try:
        byte_range = tuple(int(v) for v in obj["/ByteRange"])
    except Exception:
        byte_range = None
    covers = bool(
        byte_range
        and len(byte_range) == 4
        and byte_range[0] == 0
        and byte_range[2] + byte_range[3] == file_size
    )
    signer: str | None = None
    subject: str | None = None
    kind: CertificateKind | None = None
    try:
        cert = sig.signer_cert if sig is not None else None
        if cert is not None:
            kind = certificate_kind(cert)
            subject = cert.subject.human_friendly
            names = cert.subject.native
            signer = names.get("common_name") or subject
            if isinstance(signer, list):  # several CN attributes
                signer = ", ".join(signer)
    except Exception:  # broken CMS: inventory still lists the field
        _log.debug("cannot read signer certificate of %s", name, exc_info=True)
    claimed = _claimed_time(sig, obj)
    sub_filter = obj.get("/SubFilter")
    reason = obj.get("/Reason")
    page, rect = widgets.get(name, (None, None))
    is_timestamp = str(obj.get("/Type", "")) == "/DocTimeStamp"
    return SignatureInfo(
        field=name,
        kind=SignatureKind.TIMESTAMP if is_timestamp else SignatureKind.SIGNATURE,
        sub_filter=str(sub_filter)[1:] if sub_filter is not None else None,
        signer=signer,
        signer_subject=subject,
        claimed_time=claimed,
        reason=str(reason) if reason is not None else None,
        byte_range=byte_range,
        covers_whole_file=covers,
        page=page,
        rect=rect if rect is not None and rect[2] > rect[0] and rect[3] > rect[1] else None,
        signer_kind=kind,
    )


def _claimed_time(sig: Any, obj: Any) -> str | None:
    """The signer's own time: the CMS ``signingTime``, else the dictionary's ``/M``."""
    from pyhanko.pdf_utils.generic import parse_pdf_date

    try:
        ts = sig.self_reported_timestamp if sig is not None else parse_pdf_date(obj["/M"])
        return ts.isoformat() if ts else None
    except Exception:
        return None


def signer_names(pdf: PdfSource, fields: Iterable[tuple[int, str]]) -> dict[str, str | None]:
    """The certificate common name of each named signature field (self-reported, unverified).

    ``fields`` are ``(0-based page, field name)`` pairs, as the text layer's
    :class:`~vndocsign.pdf.TextSource` of a stamp gives them. Much cheaper than
    :func:`list_signatures`: the top-level signature fields' names are read with pypdf (which
    leaves the large ``/Contents`` unparsed) and their CMS blobs with PDFium, in the same
    order (PDFium lists the ``/V`` of ``/AcroForm /Fields`` entries whose ``/FT`` is ``/Sig``).
    Metadata extraction calls it to say whose stamp filled a field. A field that cannot be
    read maps to ``None``.
    """
    from asn1crypto import cms
    from pypdf import PdfReader

    wanted = {name for _page, name in fields}
    out: dict[str, str | None] = dict.fromkeys(wanted)
    data = read_pdf_bytes(pdf)
    data = data[max(data.find(b"%PDF-"), 0) :]
    try:
        root: Any = PdfReader(io.BytesIO(data), strict=False).trailer["/Root"]
        form = root.get_object().get("/AcroForm")
        names = (
            [
                str(f.get("/T", ""))
                for f in (ref.get_object() for ref in (form.get_object().get("/Fields") or []))
                if f.get("/FT") == "/Sig"
            ]
            if form is not None
            else []
        )
        doc = pdfium.PdfDocument(data)
        try:
            count = raw.FPDF_GetSignatureCount(doc.raw)
            for index, name in enumerate(names[: max(count, 0)]):
                if name in wanted:
                    blob = _signature_contents(raw.FPDF_GetSignatureObject(doc.raw, index))
                    if blob:
                        out[name] = _common_name(cms.ContentInfo.load(blob)["content"])
        finally:
            doc.close()
    except Exception:  # a damaged file or CMS: the names stay unknown
        _log.debug("cannot read the signers of %s", sorted(wanted), exc_info=True)
    return out


def _signature_contents(sig: Any) -> bytes | None:
    if not sig:
        return None
    size = raw.FPDFSignatureObj_GetContents(sig, None, 0)
    if size <= 0:
        return None
    buf = ctypes.create_string_buffer(size)
    raw.FPDFSignatureObj_GetContents(sig, buf, size)
    return buf.raw


def _common_name(signed: Any) -> str | None:
    """The signer certificate's CN of a CMS SignedData (the one the SignerInfo points to)."""
    certs = [c.chosen for c in signed["certificates"] or [] if c.name == "certificate"]
    sid = signed["signer_infos"][0]["sid"]
    chosen = certs[0] if certs else None
    if sid.name == "issuer_and_serial_number":
        serial = sid.chosen["serial_number"].native
        chosen = next((c for c in certs if c.serial_number == serial), chosen)
    if chosen is None:
        return None
    cn = chosen.subject.native.get("common_name")
    return ", ".join(cn) if isinstance(cn, list) else cn
