"""SDK-wide limits (giới hạn an toàn): one documented home for every bound on hostile input.

Why: a 4.8 KB edXML can carry a zip entry inflating to 3 GB, a 1 MB PDF a page tree listing one
page 200,000 times, a TOML profile arrays nested 100,000 deep. Each limit below stops such an
input early, in bounded time and memory, with a typed :class:`LimitError` that *names* the limit
(``details["limit"]``), the value that broke it and the maximum, so that a caller can tell a
refused bomb from a broken file and raise the one bound it needs.

The defaults are far above anything real documents reach (checked against the shared corpus of
signed official documents and envelopes; see ``docs/limits.md``), and every one is configurable:

* per call, where an API takes a ``limits`` argument;
* for a block of code, with :func:`use_limits` (a context variable: thread- and task-safe);
* reading the ambient value anywhere with :func:`current_limits`.

Capabilities raise their own subclass of :class:`LimitError` that is *also* their capability
error (``EdxmlLimitError`` is an ``EdxmlError`` and a ``LimitError``), so ``except LimitError``
catches every refused input across the SDK, and ``except EdxmlError`` still catches it too.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from typing import Any

import attrs

from vndocsign.errors import VndocsignError

__all__ = [
    "DEFAULT_LIMITS",
    "LIMIT_NAMES",
    "MAX_SECONDS",
    "LimitError",
    "Limits",
    "current_limits",
    "limit_error",
    "use_limits",
]


#: The longest duration any time limit may name (about 11.5 days): far above real use, low
#: enough that no timer, pool or deadline overflows (``time_limit=1e300`` once reached
#: ``OverflowError`` from the platform's ``time_t``).
MAX_SECONDS = 1_000_000.0


class LimitError(VndocsignError):
    """An input breaks one of the :class:`Limits` (bom nén, cây trang quá lớn, lồng quá sâu...).

    ``details`` carries ``limit`` (the :class:`Limits` field name), ``maximum`` (its value) and,
    when known, ``value`` (what the input reached, or a lower bound of it).
    """

    code = "limit"

    @property
    def limit(self) -> str | None:
        value = self.details.get("limit")
        return value if isinstance(value, str) else None


def _positive(_instance: Any, attribute: attrs.Attribute[Any], value: int) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise LimitError(
            f"Limit {attribute.name} must be a positive integer, not {value!r}",
            f"Giới hạn {attribute.name} phải là số nguyên dương, không phải {value!r}",
            limit=attribute.name,
            value=repr(value),
        )


def _limit(default: int) -> Any:
    return attrs.field(default=default, validator=_positive)


@attrs.frozen(kw_only=True)
class Limits:
    """Bounds on hostile input, shared by every capability. Frozen: use ``attrs.evolve``.

    All sizes are in bytes. A real signed document or envelope stays orders of magnitude below
    each default (see ``docs/limits.md`` for the measurements).
    """

    #: Largest decompressed PDF stream (content stream, image, object stream, XMP packet).
    max_stream_size: int = _limit(256 << 20)
    #: Most pages a PDF page tree may list (a ``/Kids`` array repeating one page counts each).
    max_pages: int = _limit(50_000)
    #: Deepest nesting of ``/Pages`` nodes in a page tree.
    max_page_tree_depth: int = _limit(64)
    #: Most indirect objects in a PDF (cross-reference entries).
    max_objects: int = _limit(2_000_000)
    #: Largest image (width x height) decoded or placed. A signature or seal PNG is well under
    #: 1 Mpx, an A4 page scanned at 400 dpi 15.5 Mpx; a 10,000 x 10,000 PNG (100 Mpx, 388 KB
    #: on disk) would take 1.8 GB to decode and is refused from its header.
    max_image_pixels: int = _limit(25_000_000)
    #: Largest inflated zip entry (edXML zip wrappers).
    max_zip_entry_size: int = _limit(2 << 30)
    #: Refuse a zip entry inflating more than this many times its compressed size ...
    max_zip_ratio: int = _limit(200)
    #: ... once it is bigger than this (a 12 MB repetitive text is genuine).
    zip_ratio_floor: int = _limit(64 << 20)
    #: Most XML elements in a document (edXML skeleton, XMP packet).
    max_xml_elements: int = _limit(100_000)
    #: Deepest XML element nesting.
    max_xml_depth: int = _limit(64)
    #: Deepest nesting of tables and arrays in a TOML file (user policy profiles).
    max_toml_depth: int = _limit(32)
    #: Widest field in a format template (``--text '{signer:>200000000}'``).
    max_format_width: int = _limit(1_000)
    #: Latest issue date (``issue --date``): at most this many days after today. The earliest
    #: is fixed: 1945-09-02, the founding of the state whose documents Decree 30 governs.
    max_days_ahead: int = _limit(366)

    def check(self, name: str, value: int, *, error: type[LimitError] | None = None) -> None:
        """Raise ``error`` (default :class:`LimitError`) when ``value`` exceeds limit ``name``."""
        maximum = getattr(self, name)
        if value > maximum:
            raise limit_error(name, maximum, value=value, error=error or LimitError)


#: Field -> (English, Vietnamese) description used in messages and in ``docs/limits.md``.
LIMIT_NAMES: dict[str, tuple[str, str]] = {
    "max_stream_size": ("decompressed stream size", "kích thước luồng sau giải nén"),
    "max_pages": ("pages in the page tree", "số trang trong cây trang"),
    "max_page_tree_depth": ("page-tree depth", "độ sâu cây trang"),
    "max_objects": ("object count", "số đối tượng"),
    "max_image_pixels": ("image pixels", "số điểm ảnh"),
    "max_zip_entry_size": ("inflated zip entry size", "kích thước tệp nén sau giải nén"),
    "max_zip_ratio": ("zip compression ratio", "tỉ lệ nén"),
    "zip_ratio_floor": ("zip ratio floor", "ngưỡng áp dụng tỉ lệ nén"),
    "max_xml_elements": ("XML element count", "số phần tử XML"),
    "max_xml_depth": ("XML nesting depth", "độ sâu lồng XML"),
    "max_toml_depth": ("TOML nesting depth", "độ sâu lồng TOML"),
    "max_format_width": ("format-field width", "độ rộng trường định dạng"),
    "max_days_ahead": ("issue date (days after today)", "ngày ban hành (số ngày sau hôm nay)"),
}

#: The defaults (also what :func:`current_limits` returns outside :func:`use_limits`).
DEFAULT_LIMITS = Limits()

_CURRENT: contextvars.ContextVar[Limits] = contextvars.ContextVar(
    "vndocsign_limits", default=DEFAULT_LIMITS
)


def current_limits() -> Limits:
    """The limits in force (:data:`DEFAULT_LIMITS` unless inside :func:`use_limits`)."""
    return _CURRENT.get()


@contextlib.contextmanager
def use_limits(limits: Limits | None = None, **changes: int) -> Iterator[Limits]:
    """Run a block under other limits: ``with use_limits(max_pages=200_000): ...``."""
    base = limits if limits is not None else _CURRENT.get()
    chosen = attrs.evolve(base, **changes) if changes else base
    token = _CURRENT.set(chosen)
    try:
        yield chosen
    finally:
        _CURRENT.reset(token)


def limit_error(
    name: str,
    maximum: int,
    *,
    value: int | None = None,
    error: type[LimitError] = LimitError,
    what: tuple[str, str] | None = None,
    **extra: Any,
) -> LimitError:
    """The typed error for limit ``name`` (a :class:`Limits` field), in both languages.

    ``what`` overrides the generic (en, vi) description of the limit for a precise message;
    ``extra`` keywords go to the error's constructor (``file=`` for a profile error...).
    """
    en_what, vi_what = what or LIMIT_NAMES.get(name, (name, name))
    reached = f" (reached {value})" if value is not None else ""
    reached_vi = f" (đạt {value})" if value is not None else ""
    details: dict[str, Any] = {"limit": name, "maximum": maximum, **extra}
    if value is not None:
        details["value"] = value
    return error(
        f"Refused: the {en_what} exceeds the limit {name}={maximum}{reached}",
        f"Bị từ chối: {vi_what} vượt giới hạn {name}={maximum}{reached_vi}",
        **details,
    )
