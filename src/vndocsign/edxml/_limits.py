"""One set of limits for the reader *and* the writer (issue 15: the writer must never produce
an envelope its own reader refuses).

Every limit stops a hostile or broken file early with a typed error; the writer checks the same
numbers before it writes, so what ``write`` accepts, ``read`` accepts with the same ``Limits``.
The XML and zip bounds default to the SDK-wide :class:`vndocsign.Limits` in force when the
object is made (see :func:`vndocsign.use_limits` and ``docs/limits.md``).
"""

from __future__ import annotations

from collections.abc import Callable

import attrs

from vndocsign._limits import LimitError, current_limits, limit_error
from vndocsign._limits import Limits as SdkLimits
from vndocsign.edxml._errors import EdxmlLimitError

__all__ = ["Limits", "base64_size"]


def _sdk(pick: Callable[[SdkLimits], int]) -> int:
    return attrs.field(factory=lambda: pick(current_limits()))


@attrs.frozen(kw_only=True)
class Limits:
    """Sizes, counts and zip-bomb bounds shared by :func:`read` and :func:`write`.

    Zip wrappers: an entry is refused when it inflates beyond ``max_unzipped`` bytes, or when it
    is bigger than ``ratio_floor`` *and* inflates more than ``max_ratio`` times its compressed
    size. The ratio alone never refuses a file (a 12 MB repetitive text is genuine), only the
    ratio together with an absolute size. The size the zip declares is checked before anything
    is inflated, and the running size after every bounded block (1 MB at most, whatever the
    compression method: stored, deflate, bzip2 or LZMA), so a bomb is refused within bounded
    memory even when its header lies.
    """

    #: Total size of the edXML file (base64 payloads included).
    max_size: int = 4 << 30
    #: The document without its base64 payloads.
    max_skeleton: int = 16 << 20
    #: Deepest element nesting (SDK: ``max_xml_depth``).
    max_depth: int = _sdk(lambda lim: lim.max_xml_depth)
    #: Most elements (SDK: ``max_xml_elements``).
    max_elements: int = _sdk(lambda lim: lim.max_xml_elements)
    #: Largest decoded attachment kept in memory (a read without ``attachments_dir``).
    max_memory_attachment: int = 256 << 20
    #: Largest decoded attachment at all (written to ``attachments_dir``, or by the writer).
    max_file_attachment: int = 8 << 30
    #: Largest inflated zip-wrapper entry (SDK: ``max_zip_entry_size``).
    max_unzipped: int = _sdk(lambda lim: lim.max_zip_entry_size)
    #: Refuse entries inflating more than this many times their compressed size ...
    max_ratio: int = _sdk(lambda lim: lim.max_zip_ratio)
    #: ... once they are bigger than this (SDK: ``zip_ratio_floor``).
    ratio_floor: int = _sdk(lambda lim: lim.zip_ratio_floor)

    def check_unzipped(
        self,
        size: int,
        compressed: int,
        *,
        what: str = "zip entry",
        error: type[LimitError] = EdxmlLimitError,
    ) -> None:
        """Raise ``error`` when an inflated size breaks the zip-bomb bounds."""
        if size > self.max_unzipped:
            raise _bomb(
                "max_unzipped", self.max_unzipped, size, f"{self.max_unzipped} bytes", what, error
            )
        if size > self.ratio_floor and size > self.max_ratio * max(compressed, 1):
            raise _bomb(
                "max_ratio",
                self.max_ratio,
                size,
                f"a ratio of {self.max_ratio}:1 above {self.ratio_floor} bytes",
                what,
                error,
            )


def _bomb(
    name: str, maximum: int, size: int, limit: str, what: str, error: type[LimitError]
) -> LimitError:
    return limit_error(
        name,
        maximum,
        value=size,
        error=error,
        what=(
            f"{what} (inflating beyond {limit}: a zip bomb)",
            f"tệp nén ({what}) giải nén vượt quá {limit} (nghi bom nén)",
        ),
    )


def base64_size(size: int) -> int:
    """Characters of the base64 text of ``size`` bytes (padded, no line breaks)."""
    return (size + 2) // 3 * 4
