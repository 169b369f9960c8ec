"""What a signature looks like on the page (Decree 30/2020, Phụ lục I, II.7.d, II.8, Phần II.I).

=============  ====================================================================  ===========
role           appearance prescribed                                                 default box
=============  ====================================================================  ===========
``personal``   the signer's handwritten signature, blue, transparent PNG; no text    caller's
``agency``     the agency seal, red, transparent PNG **at its real size**, over the  caller's
               left third of the personal image; no text
``initial``    ký tắt: a small image, or the signer's short name (text)              caller's
``attachment`` no image; ``Số: <số, ký hiệu>; dd/MM/yyyy; HH:mm:ss +07:00``,         top right,
               Times New Roman 10 pt, black, upright                                 page 1
``copy``       no image; ``SAO Y; <cơ quan sao>; dd/MM/yyyy; HH:mm:ss +07:00``,     top right,
               10 pt black                                                           page 1
=============  ====================================================================  ===========

Any role can instead be drawn in *text mode* (``Appearance(text=...)`` or a role without an
image): "Ký bởi: …" / "Thời gian ký: …+07:00" lines, in an embedded Vietnamese font
(:mod:`vndocsign.signing._fonts`). Text lines are templates with ``{signer}``, ``{time}``,
``{date}``, ``{clock}``, ``{number}``, ``{agency}``, ``{copy_form}`` and ``{organization}``.

The time shown is the signing time written into the CMS (``signingTime``), converted to
Vietnam time (UTC+07:00) and formatted ``dd/MM/yyyy; HH:mm:ss +07:00`` by default (the
reference's reading of "múi giờ Việt Nam theo tiêu chuẩn ISO 8601", configurable with
``time_format``).

Images are checked once (PNG with an alpha channel, or a palette PNG with transparency) and
encoded once per process; each document then receives the ready-made streams.
"""

from __future__ import annotations

import hashlib
import io
import math
import os
import threading
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import attrs

from vndocsign._limits import current_limits, limit_error
from vndocsign.model import SignatureRole
from vndocsign.signing._errors import AppearanceError, ImageLimitError
from vndocsign.signing._fonts import EmbeddedFont, load_font

__all__ = [
    "DEFAULT_TIME_FORMAT",
    "VN_TZ",
    "Appearance",
    "PngImage",
    "load_png",
    "render_lines",
]

#: Vietnam's time zone (no daylight saving time).
VN_TZ = timezone(timedelta(hours=7), "+07:00")
#: "ngày/tháng/năm; giờ:phút:giây" + the ISO 8601 offset (Phụ lục I, II.8.b; Mẫu 2.2).
DEFAULT_TIME_FORMAT = "%d/%m/%Y; %H:%M:%S +07:00"

_BLACK = (0.0, 0.0, 0.0)


def _color(value: Sequence[float]) -> tuple[float, float, float]:
    try:
        r, g, b = (float(v) for v in value)
    except (TypeError, ValueError):
        r = g = b = math.nan
    if not all(0.0 <= v <= 1.0 for v in (r, g, b)):  # False for nan
        raise AppearanceError(
            "Colour components must be between 0 and 1", "Thành phần màu phải nằm trong khoảng 0–1"
        )
    return (r, g, b)


#: The largest page a PDF can have: 14,400 units (ISO 32000-1, Annex C) = 5,080 mm.
MAX_PAGE_PT = 14_400.0


def _finite(value: Any, what: str, low: float, high: float, *, open_low: bool = True) -> float:
    """``value`` as a float in ``(low, high]`` (``[low, high]`` unless ``open_low``), else a
    typed :class:`AppearanceError`: ``nan``/``inf`` must never reach the appearance stream
    (``nan cm`` makes the PDF invalid)."""
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        number = math.nan
    above = number > low if open_low else number >= low
    if not (math.isfinite(number) and above and number <= high):
        sign = ">" if open_low else "≥"
        raise AppearanceError(
            f"{what} must be a finite number {sign} {low:g} and ≤ {high:g}, not {value!r}",
            f"{what} phải là số hữu hạn {sign} {low:g} và ≤ {high:g}, không phải {value!r}",
            field=what,
            value=repr(value),
        )
    return number


def _size_mm(value: Sequence[float] | None) -> tuple[float, float] | None:
    if value is None:
        return None
    try:
        width, height = value
    except (TypeError, ValueError):
        raise AppearanceError(
            f"image_size_mm must be (width, height) in mm, not {value!r}",
            f"image_size_mm phải là (rộng, cao) tính bằng mm, không phải {value!r}",
            field="image_size_mm",
        ) from None
    high = MAX_PAGE_PT * 25.4 / 72
    return (
        _finite(width, "image_size_mm width", 0, high),
        _finite(height, "image_size_mm height", 0, high),
    )


def _font_size(value: float) -> float:
    return _finite(value, "font_size", 0, 1_000)


def _runs(value: Sequence[tuple[str, float, float]]) -> tuple[tuple[str, float, float], ...]:
    high = MAX_PAGE_PT
    return tuple(
        (
            str(t),
            _finite(x, "run x", -high, high, open_low=False),
            _finite(y, "run y", -high, high, open_low=False),
        )
        for t, x, y in value
    )


def _opt_lines(value: Sequence[str] | str | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return tuple(value.splitlines())
    return tuple(value)


@attrs.frozen
class Appearance:
    """How to draw a signature. All fields are optional; the role fills the gaps.

    * ``image`` — PNG path or bytes (transparent): the handwritten signature, the seal, or an
      initial; ``image_size_mm`` draws it at that physical size (the seal's real size); without
      it the PNG's own DPI is used for the ``agency`` role, else the image is fitted to the box.
    * ``text`` — text lines (templates, see the module docstring). ``()`` means no text.
    * ``font`` — a TTF path; default :func:`vndocsign.signing._fonts.default_font_path`.
    * ``invisible`` — no widget on the page at all (the field has an empty rectangle).
    * ``runs`` — text placed at given points instead of ``text`` lines: ``(text, x, y)`` with
      ``(x, y)`` the start of the baseline in the upright box (points from its lower left);
      used by the issue step to stamp the number and the date in one widget.
    """

    image: str | os.PathLike[str] | bytes | None = None
    text: tuple[str, ...] | None = attrs.field(default=None, converter=_opt_lines)
    font: str | os.PathLike[str] | None = None
    font_size: float = attrs.field(default=10.0, converter=_font_size)
    color: tuple[float, float, float] = attrs.field(default=_BLACK, converter=_color)
    image_size_mm: tuple[float, float] | None = attrs.field(default=None, converter=_size_mm)
    time_format: str = DEFAULT_TIME_FORMAT
    align: str = "left"
    invisible: bool = False
    #: Values for ``{number}``, ``{agency}``, ``{copy_form}`` in text templates.
    number: str | None = None
    agency: str | None = None
    copy_form: str = "SAO Y"
    short_name: str | None = None
    runs: tuple[tuple[str, float, float], ...] = attrs.field(default=(), converter=_runs)

    @classmethod
    def text_mode(cls, **kwargs: Any) -> Appearance:
        """The generic text appearance: "Ký bởi: {signer}" / "Thời gian ký: {time}"."""
        kwargs.setdefault("text", ("Ký bởi: {signer}", "Thời gian ký: {time}"))
        return cls(**kwargs)


def default_text(role: str, appearance: Appearance) -> tuple[str, ...]:
    """The text lines a role shows when the caller gave none (see the module table)."""
    if appearance.text is not None:
        return appearance.text
    if role == SignatureRole.ATTACHMENT:
        return ("Số: {number}; {time}",)
    if role == SignatureRole.COPY:
        return ("{copy_form}; {agency}; {time}",)
    if appearance.image is not None:
        return ()
    if role == SignatureRole.INITIAL:
        return ("{short_name}",)
    return ("Ký bởi: {signer}", "Thời gian ký: {time}")


def render_lines(
    lines: Sequence[str],
    *,
    signer: str,
    organization: str,
    signed_at: datetime,
    appearance: Appearance,
) -> list[str]:
    """Fill the templates of ``lines`` (Vietnam time, ``appearance.time_format``)."""
    local = signed_at.astimezone(VN_TZ)
    short = appearance.short_name or (signer.split()[-1] if signer.split() else signer)
    values = {
        "signer": signer,
        "organization": organization,
        "time": local.strftime(appearance.time_format),
        "date": local.strftime("%d/%m/%Y"),
        "clock": local.strftime("%H:%M:%S"),
        "number": appearance.number or "",
        "agency": appearance.agency or organization,
        "copy_form": appearance.copy_form,
        "short_name": short,
        "iso": local.isoformat(timespec="seconds"),
    }
    out = []
    for line in lines:
        try:
            out.append(line.format(**values))
        except (KeyError, IndexError, ValueError) as exc:
            raise AppearanceError(
                f"Bad placeholder in appearance text {line!r}: {exc}",
                f"Mẫu chữ hiển thị không hợp lệ {line!r}: {exc}",
            ) from None
    return out


# --------------------------------------------------------------------------------------------
# Images


@attrs.frozen(eq=False)
class PngImage:
    """A transparent PNG decoded and compressed once; :meth:`xobject_ref` adds it to a doc."""

    width: int
    height: int
    dpi: tuple[float, float] | None
    rgb: bytes  # zlib-compressed 8-bit RGB samples
    alpha: bytes  # zlib-compressed 8-bit alpha samples

    @property
    def size_pt(self) -> tuple[float, float] | None:
        """Physical size in points from the PNG's pHYs chunk, if it has one."""
        if not self.dpi or not all(self.dpi):
            return None
        return (self.width * 72.0 / self.dpi[0], self.height * 72.0 / self.dpi[1])

    def xobject_ref(self, writer: Any) -> Any:
        from pyhanko.pdf_utils import generic as _generic
        from pyhanko.pdf_utils.generic import pdf_name

        generic: Any = _generic

        def stream(data: bytes, colorspace: str) -> Any:
            return generic.StreamObject(
                generic.DictionaryObject(
                    {
                        pdf_name("/Type"): pdf_name("/XObject"),
                        pdf_name("/Subtype"): pdf_name("/Image"),
                        pdf_name("/Width"): generic.NumberObject(self.width),
                        pdf_name("/Height"): generic.NumberObject(self.height),
                        pdf_name("/ColorSpace"): pdf_name(colorspace),
                        pdf_name("/BitsPerComponent"): generic.NumberObject(8),
                        pdf_name("/Filter"): pdf_name("/FlateDecode"),
                    }
                ),
                encoded_data=data,
            )

        smask = writer.add_object(stream(self.alpha, "/DeviceGray"))
        image = stream(self.rgb, "/DeviceRGB")
        image[pdf_name("/SMask")] = smask
        return writer.add_object(image)


_PNG_SIG = b"\x89PNG\r\n\x1a\n"
_IMAGES: dict[str, PngImage] = {}
_IMAGES_LOCK = threading.Lock()


def load_png(source: str | os.PathLike[str] | bytes) -> PngImage:
    """Check and decode a transparent PNG (cached by content). Raise :class:`AppearanceError`
    for anything that is not a PNG with an alpha channel or palette transparency."""
    if isinstance(source, bytes):
        data, label = source, "<bytes>"
    else:
        path = Path(source)
        label = path.name
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise AppearanceError(
                f"Cannot read the image {label}: {exc.strerror}",
                f"Không đọc được ảnh {label}: {exc.strerror}",
                image=str(path),
            ) from None
    key = hashlib.sha256(data).hexdigest()
    with _IMAGES_LOCK:
        hit = _IMAGES.get(key)
    if hit is not None:
        return hit
    if not data.startswith(_PNG_SIG):
        raise AppearanceError(
            f"The image {label} is not a PNG file (Decree 30 requires a transparent PNG)",
            f"Ảnh {label} không phải tệp PNG (Nghị định 30 yêu cầu PNG nền trong suốt)",
            image=label,
        )
    _check_pixels(data, label)
    img = _decode(data, label)
    has_alpha = img.mode in ("RGBA", "LA", "PA") or (
        img.mode in ("P", "L", "RGB") and "transparency" in img.info
    )
    if not has_alpha:
        raise AppearanceError(
            f"The PNG image {label} has no transparency (alpha channel); Decree 30 requires "
            "a transparent background",
            f"Ảnh PNG {label} không có nền trong suốt (kênh alpha) theo Nghị định 30",
            image=label,
            mode=img.mode,
        )
    rgba = img.convert("RGBA")
    rgb = rgba.convert("RGB").tobytes()
    alpha = rgba.getchannel("A").tobytes()
    dpi = img.info.get("dpi")
    result = PngImage(
        width=rgba.width,
        height=rgba.height,
        dpi=(float(dpi[0]), float(dpi[1])) if dpi else None,
        rgb=zlib.compress(rgb, 6),
        alpha=zlib.compress(alpha, 6),
    )
    with _IMAGES_LOCK:
        _IMAGES[key] = result
    return result


def _check_pixels(data: bytes, label: str) -> None:
    """Refuse, from the IHDR header alone, a PNG over ``max_image_pixels``.

    A 388 KB 10,000 x 10,000 PNG decodes to 1.8 GB: checking before Pillow opens it costs
    nothing, and Pillow never prints its raw ``DecompressionBombWarning``.
    """
    if len(data) >= 24 and data[12:16] == b"IHDR":  # else Pillow reports the file damaged
        _refuse_pixels(int.from_bytes(data[16:20]), int.from_bytes(data[20:24]), label)


def _refuse_pixels(width: int, height: int, label: str) -> None:
    maximum = current_limits().max_image_pixels
    if width * height > maximum:
        raise limit_error(
            "max_image_pixels",
            maximum,
            value=width * height,
            error=ImageLimitError,
            what=(
                f"image {label} ({width} x {height} pixels)",
                f"ảnh {label} ({width} x {height})",
            ),
            image=label,
            width=width,
            height=height,
        )


def _decode(data: bytes, label: str) -> Any:
    """Pillow's image of ``data``, decoded after our own pixel check. Pillow's bomb warning
    is silenced (it would be printed raw); its bomb error (only past twice its own bound,
    when ``max_image_pixels`` was raised above it) becomes our typed limit error."""
    import warnings

    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data))
            _refuse_pixels(img.width, img.height, label)  # the frame Pillow will decode
            img.load()
    except AppearanceError:
        raise
    except Image.DecompressionBombError:
        raise limit_error(
            "max_image_pixels",
            current_limits().max_image_pixels,
            error=ImageLimitError,
            what=(f"image {label} (Pillow's own bound)", f"ảnh {label} (giới hạn của Pillow)"),
            image=label,
        ) from None
    except Exception:
        raise AppearanceError(
            f"The PNG image {label} is damaged", f"Ảnh PNG {label} bị hỏng", image=label
        ) from None
    return img


# --------------------------------------------------------------------------------------------
# pyHanko stamp plumbing


@attrs.frozen
class StampPlan:
    """Everything needed to draw one appearance, resolved before the PDF is touched."""

    image: PngImage | None
    image_size_pt: tuple[float, float] | None
    lines: tuple[str, ...]
    font: EmbeddedFont | None
    font_size: float
    color: tuple[float, float, float]
    align: str
    runs: tuple[tuple[str, float, float], ...] = ()


def plan_stamp(
    role: str, appearance: Appearance, *, signer: str, organization: str, signed_at: datetime
) -> StampPlan:
    """Resolve images, fonts and text (errors raised here, before any output exists)."""
    image = load_png(appearance.image) if appearance.image is not None else None
    size: tuple[float, float] | None = None
    if image is not None:
        if appearance.image_size_mm is not None:
            w_mm, h_mm = appearance.image_size_mm
            size = (w_mm * 72 / 25.4, h_mm * 72 / 25.4)
        elif role == SignatureRole.AGENCY:
            size = image.size_pt
    lines = render_lines(
        default_text(role, appearance),
        signer=signer,
        organization=organization,
        signed_at=signed_at,
        appearance=appearance,
    )
    if appearance.runs:
        lines = []
    font = load_font(appearance.font) if lines or appearance.runs else None
    if font is not None:
        for line in [*lines, *(run[0] for run in appearance.runs)]:
            font.encode(line)  # raises AppearanceError for characters the font lacks
    return StampPlan(
        image=image,
        image_size_pt=size,
        lines=tuple(lines),
        font=font,
        font_size=appearance.font_size,
        color=appearance.color,
        align=appearance.align,
        runs=appearance.runs,
    )


def natural_size(plan: StampPlan, *, padding: float = 2.0) -> tuple[float, float]:
    """The smallest box that shows the plan at its natural size (used for default boxes)."""
    w = h = 0.0
    if plan.font is not None and plan.lines:
        w = max(plan.font.width(line, plan.font_size) for line in plan.lines)
        h = len(plan.lines) * plan.font_size * 1.2
    if plan.image is not None:
        iw, ih = plan.image_size_pt or (plan.image.width * 0.75, plan.image.height * 0.75)
        w, h = max(w, iw), h + ih
    return (w + 2 * padding, h + 2 * padding)


def _fmt(value: float) -> bytes:
    return (b"%.3f" % value).rstrip(b"0").rstrip(b".") or b"0"


def _draw(
    plan: StampPlan, width: float, height: float, font_name: bytes | None, image_name: bytes | None
) -> bytes:
    ops: list[bytes] = []
    text_h = len(plan.lines) * plan.font_size * 1.2 if plan.lines else 0.0
    if plan.image is not None and image_name is not None:
        avail_h = max(height - text_h, 1.0)
        if plan.image_size_pt is not None:
            iw, ih = plan.image_size_pt
        else:
            scale = min(width / plan.image.width, avail_h / plan.image.height)
            iw, ih = plan.image.width * scale, plan.image.height * scale
        x = (width - iw) / 2
        y = text_h + (avail_h - ih) / 2
        ops.append(
            b"q %s 0 0 %s %s %s cm %s Do Q" % (_fmt(iw), _fmt(ih), _fmt(x), _fmt(y), image_name)
        )
    if plan.runs and plan.font is not None and font_name is not None:
        ops.append(_draw_runs(plan, font_name))
    if plan.lines and plan.font is not None and font_name is not None:
        size = plan.font_size
        widest = max(plan.font.width(line, size) for line in plan.lines)
        if widest > width - 2 + 0.05 and widest > 0:  # shrink rather than overflow the box
            size = size * (width - 2) / widest
        leading = size * 1.2
        top = text_h if plan.image is not None else height
        ops.append(
            b"BT %s %s %s rg %s %s Tf"
            % (_fmt(plan.color[0]), _fmt(plan.color[1]), _fmt(plan.color[2]), font_name, _fmt(size))
        )
        for i, line in enumerate(plan.lines):
            lw = plan.font.width(line, size)
            if plan.align == "right":
                x = width - 1 - lw
            elif plan.align == "center":
                x = (width - lw) / 2
            else:
                x = 1.0
            baseline = top - (i + 1) * leading + (leading - size) / 2 + size * 0.22
            ops.append(
                b"1 0 0 1 %s %s Tm %s Tj" % (_fmt(x), _fmt(baseline), plan.font.encode(line))
            )
        ops.append(b"ET")
    return b"\n".join(ops)


def _draw_runs(plan: StampPlan, font_name: bytes) -> bytes:
    if plan.font is None:
        return b""
    r, g, b = plan.color
    ops = [
        b"BT %s %s %s rg %s %s Tf" % (_fmt(r), _fmt(g), _fmt(b), font_name, _fmt(plan.font_size))
    ]
    for text, x, y in plan.runs:
        ops.append(b"1 0 0 1 %s %s Tm %s Tj" % (_fmt(x), _fmt(y), plan.font.encode(text)))
    ops.append(b"ET")
    return b"\n".join(ops)


def stamp_style(plan: StampPlan, rotation: int = 0) -> Any:
    """A pyHanko stamp style drawing ``plan`` (no border, no background).

    ``rotation`` (0/90/180/270, counter-clockwise, from the page's ``/Rotate`` or the
    placement): the appearance is laid out in the upright *display* frame and the form
    XObject gets a ``/Matrix`` turning it into user space, so that on a rotated page the
    reader sees it upright. (``/MK /R`` alone is ignored by most viewers for given
    appearances.)
    """
    from pyhanko.pdf_utils import content, generic
    from pyhanko.pdf_utils.generic import pdf_name
    from pyhanko.pdf_utils.layout import BoxConstraints
    from pyhanko.stamp.base import BaseStamp, BaseStampStyle

    turn = rotation % 360

    class _Stamp(BaseStamp):
        def _render_inner_content(self) -> list[bytes]:
            font_name = image_name = None
            if (plan.lines or plan.runs) and plan.font is not None:
                font_name = b"/F1"
                self.set_resource(
                    content.ResourceType.FONT, pdf_name("/F1"), plan.font.font_ref(self.writer)
                )
            if plan.image is not None:
                image_name = b"/Im1"
                self.set_resource(
                    content.ResourceType.XOBJECT,
                    pdf_name("/Im1"),
                    plan.image.xobject_ref(self.writer),
                )
            return [_draw(plan, self.box.width, self.box.height, font_name, image_name)]

        def as_form_xobject(self) -> Any:
            xobj = super().as_form_xobject()
            if turn:
                w, h = float(self.box.width), float(self.box.height)
                matrix = {
                    90: (0, 1, -1, 0, h, 0),
                    180: (-1, 0, 0, -1, w, h),
                    270: (0, -1, 1, 0, 0, w),
                }[turn]
                objects: Any = generic
                xobj[pdf_name("/Matrix")] = objects.ArrayObject(
                    objects.FloatObject(v) for v in matrix
                )
            return xobj

    @dataclass(frozen=True)
    class _Style(BaseStampStyle):
        def create_stamp(self, writer: Any, box: Any, text_params: dict[str, Any]) -> Any:
            if turn in (90, 270):
                box = BoxConstraints(width=box.height, height=box.width)
            return _Stamp(writer, self, box)

    return _Style(border_width=0, background=None)
