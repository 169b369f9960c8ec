"""The document side of signing: open it for an increment, refuse what must not be signed,
and decide where the signature goes.

Page geometry (CropBox, MediaBox, ``/Rotate``, display frame <-> user space) goes through
:class:`vndocsign.pdf.geometry.PageFrame`; this module only reads the inherited page attributes
from pyHanko's incremental writer.
"""

from __future__ import annotations

import contextlib
import os
from typing import IO, Any

from vndocsign.model import SignatureRole
from vndocsign.pdf import LazyPdfText
from vndocsign.pdf.geometry import A4, BBox, PageFrame
from vndocsign.signing._appearance import StampPlan, natural_size
from vndocsign.signing._errors import DocumentRefusedError, InvalidPlacementError
from vndocsign.signing._options import Box

__all__ = [
    "all_field_names",
    "check_certification",
    "existing_signature_fields",
    "fresh_field_name",
    "open_source",
    "open_writer",
    "page_frame",
    "resolve_box",
]

MM = 72.0 / 25.4

#: Default field names per role (Vietnamese, as clerks see them in a reader's signature panel).
_FIELD_BASE = {
    SignatureRole.PERSONAL: "ChuKyCaNhan",
    SignatureRole.AGENCY: "ChuKyCoQuan",
    SignatureRole.INITIAL: "KyTat",
    SignatureRole.ATTACHMENT: "ChuKyVanBanKemTheo",
    SignatureRole.COPY: "ChuKyBanSao",
}


def open_source(pdf: bytes | bytearray | str | os.PathLike[str] | IO[bytes]) -> IO[bytes]:
    """A readable binary stream on ``pdf`` (the caller closes it if it opened a path)."""
    import io

    if isinstance(pdf, bytes | bytearray):
        return io.BytesIO(bytes(pdf))
    if isinstance(pdf, str | os.PathLike):
        try:
            return open(pdf, "rb")
        except OSError as exc:
            raise DocumentRefusedError(
                f"Cannot read {pdf}: {exc.strerror}", f"Không đọc được tệp {pdf}: {exc.strerror}"
            ) from None
    return pdf


def open_writer(stream: IO[bytes]) -> Any:
    """pyHanko's incremental writer on ``stream``; encrypted or unreadable files are refused."""
    from pyhanko.pdf_utils.misc import PdfError as HankoPdfError

    from vndocsign.signing._pagetree import FastPageWriter

    try:
        writer = FastPageWriter(stream, strict=True)
        if writer.prev.xrefs.hybrid_xrefs_present:
            # Word/LibreOffice "hybrid" files: pyHanko refuses them in strict mode (#370).
            # We only append an increment, so lenient parsing is acceptable for *signing*.
            stream.seek(0)
            writer = FastPageWriter(stream, strict=False)
    except HankoPdfError as exc:
        raise DocumentRefusedError(
            f"The file is not a readable PDF: {exc}", f"Tệp không phải PDF đọc được: {exc}"
        ) from None
    except Exception as exc:  # any parser failure on hostile input is "not a readable PDF"
        raise DocumentRefusedError(
            f"The file is not a readable PDF ({type(exc).__name__})",
            f"Tệp không phải PDF đọc được ({type(exc).__name__})",
        ) from None
    if writer.prev.encrypted or writer.security_handler is not None:
        raise DocumentRefusedError(
            "The PDF is encrypted; decrypt it before signing",
            "Tệp PDF đã bị mã hóa; cần giải mã trước khi ký",
        )
    return writer


def check_certification(writer: Any) -> None:
    """Refuse a document certified with "no changes allowed" (another signature breaks it)."""
    from pyhanko.sign.fields import MDPPerm
    from pyhanko.sign.validation import read_certification_data

    try:
        data = read_certification_data(writer.prev)
    except Exception:  # an unreadable certification is left to the validator
        return
    if data is not None and data.permission == MDPPerm.NO_CHANGES:
        raise DocumentRefusedError(
            "The PDF is certified with 'no changes allowed'; another signature would break it",
            "Tệp PDF đã được chứng nhận 'không cho phép thay đổi'; ký thêm sẽ làm mất hiệu lực",
        )


def _inherited(node: Any, key: str) -> Any:
    while node is not None:
        if key in node:
            return node[key]
        parent = node.get("/Parent")
        node = parent.get_object() if parent is not None else None
    return None


def page_frame(writer: Any, page: int) -> PageFrame:
    """The :class:`PageFrame` of 0-based ``page`` (inherited /MediaBox, /CropBox, /Rotate)."""
    try:
        count: int | None = int(writer.root["/Pages"]["/Count"])
    except Exception:  # a damaged page tree: let the page lookup below decide
        count = None
    if count is not None and not 0 <= page < count:
        raise InvalidPlacementError(
            f"Page {page + 1} does not exist (the document has {count})",
            f"Không có trang {page + 1} (tài liệu có {count} trang)",
            page=page + 1,
        )
    try:
        node = writer.find_page_for_modification(page)[0].get_object()
    except Exception:
        raise InvalidPlacementError(
            f"Page {page + 1} does not exist", f"Không có trang {page + 1}", page=page + 1
        ) from None
    media = _inherited(node, "/MediaBox")
    crop = _inherited(node, "/CropBox")
    rotate = _inherited(node, "/Rotate")
    try:
        return PageFrame.of(
            [float(v) for v in media] if media is not None else A4,
            [float(v) for v in crop] if crop is not None else None,
            int(rotate) if rotate is not None else 0,
        )
    except (TypeError, ValueError):
        return PageFrame(A4)


def _check_on_page(rect: BBox, frame: PageFrame, page: int) -> None:
    if rect[2] - rect[0] <= 0 or rect[3] - rect[1] <= 0:
        raise InvalidPlacementError(
            "The signature box is empty", "Ô chữ ký có kích thước bằng 0", rect=list(rect)
        )
    if not frame.contains(rect):
        shown = [round(v, 1) for v in rect]
        raise InvalidPlacementError(
            f"The signature box {shown} lies outside page {page + 1} "
            f"{[round(v, 1) for v in frame.box]}",
            f"Ô chữ ký {shown} nằm ngoài trang {page + 1}",
            rect=list(rect),
            page=page + 1,
            page_box=list(frame.box),
        )


def _auto_placement(stream: IO[bytes], role: SignatureRole) -> tuple[int, BBox, int | None]:
    """Where the rules put ``role`` on the document in ``stream`` (issue 17: read in place,
    never whole, and PDFium's document closed before pyHanko writes the increment)."""
    from vndocsign.placement import find_placement

    text = LazyPdfText(stream, annotations=False, in_place=True)
    try:
        found = find_placement(text, role)
    finally:
        text.close()
    x0, y0, x1, y1 = (float(v) for v in found.rect)
    rotation = getattr(found, "rotation", None)
    return int(found.page), (x0, y0, x1, y1), None if rotation is None else int(rotation)


def _default_stamp_box(plan_size: tuple[float, float], frame: PageFrame) -> BBox:
    """Top right of the page *as the reader sees it*, for attachment/copy stamps: 15 mm from
    the right edge (the right margin of Phụ lục I) and 10 mm from the top (inside the top
    margin); mapped back to user space on rotated pages."""
    w, h = plan_size
    x1 = frame.width - 15 * MM
    y1 = frame.height - 10 * MM
    return frame.box_to_user((max(0.0, x1 - w), max(0.0, y1 - h), x1, y1))


def resolve_box(
    writer: Any, stream: IO[bytes], role: SignatureRole, placement: Any, plan: StampPlan
) -> tuple[int, BBox, int]:
    """(0-based page, user-space box, appearance rotation) of a visible signature."""
    rotation: int | None
    if placement is None and role in (SignatureRole.ATTACHMENT, SignatureRole.COPY):
        page = 0
        frame = page_frame(writer, 0)
        rotation = frame.rotation
        rect = _default_stamp_box(natural_size(plan), frame)
    elif placement is None or isinstance(placement, str):
        page, rect, rotation = _auto_placement(stream, role)
    elif isinstance(placement, Box):
        page, rect, rotation = placement.page, placement.rect, None
    else:  # a placement result (``.page`` 0-based, ``.rect``, maybe ``.rotation``)
        page = int(placement.page)
        x0, y0, x1, y1 = (float(v) for v in placement.rect)
        rect = (x0, y0, x1, y1)
        rotation = getattr(placement, "rotation", None)
    frame = page_frame(writer, page)
    turn = frame.rotation if rotation is None else int(rotation) % 360
    if role is SignatureRole.AGENCY and plan.image_size_pt is not None:
        # the seal at its real size, centred on the box the caller/placement gave
        cx, cy = (rect[0] + rect[2]) / 2, (rect[1] + rect[3]) / 2
        w, h = plan.image_size_pt
        if turn in (90, 270):
            w, h = h, w
        rect = (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
    _check_on_page(rect, frame, page)
    return page, rect, turn


def existing_signature_fields(writer: Any) -> set[str]:
    from pyhanko.sign.fields import enumerate_sig_fields

    try:
        return {name for name, _v, _r in enumerate_sig_fields(writer.prev, filled_status=None)}
    except Exception:  # a damaged AcroForm: no reusable field
        return set()


def all_field_names(writer: Any) -> set[str]:
    """Terminal form-field names of the document (fully qualified)."""
    names: set[str] = set()

    def walk(refs: Any, prefix: str) -> None:
        for ref in refs:
            obj = ref.get_object()
            partial = obj.get("/T")
            full = f"{prefix}.{partial}" if prefix and partial else str(partial or prefix)
            if "/Kids" in obj and any("/T" in k.get_object() for k in obj["/Kids"]):
                walk(obj["/Kids"], full)
            elif full:
                names.add(full)

    with contextlib.suppress(KeyError):
        walk(writer.root["/AcroForm"]["/Fields"], "")
    return names


def fresh_field_name(role: SignatureRole, existing: set[str]) -> str:
    base = _FIELD_BASE.get(role, "Signature")
    if base not in existing:
        return base
    i = 2
    while f"{base}{i}" in existing:
        i += 1
    return f"{base}{i}"
