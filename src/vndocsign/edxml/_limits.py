"""One set of limits for the reader *and* the writer (issue 15: the writer must never produce
an envelope its own reader refuses).

Every limit stops a hostile or broken file early with a typed error; the writer checks the same
numbers before it writes, so what ``write`` accepts, ``read`` accepts with the same ``Limits``.
"""

from __future__ import annotations

import attrs

from vndocsign.edxml._errors import EdxmlLimitError
from vndocsign.errors import EdxmlError

__all__ = ["Limits", "base64_size"]


@attrs.frozen(kw_only=True)
class Limits:
    """Sizes, counts and zip-bomb bounds shared by :func:`read` and :func:`write`.

    Zip wrappers: an entry is refused when it inflates beyond ``max_unzipped`` bytes, or when it
    is bigger than ``ratio_floor`` *and* inflates more than ``max_ratio`` times its compressed
    size. The ratio alone never refuses a file (a 12 MB repetitive text is genuine), only the
    ratio together with an absolute size; both are checked while the entry streams, and the
    size the zip declares is checked before anything is inflated.
    """

    #: Total size of the edXML file (base64 payloads included).
    max_size: int = 4 << 30
    #: The document without its base64 payloads.
    max_skeleton: int = 16 << 20
    max_depth: int = 64
    max_elements: int = 100_000
    #: Largest decoded attachment kept in memory (a read without ``attachments_dir``).
    max_memory_attachment: int = 256 << 20
    #: Largest decoded attachment at all (written to ``attachments_dir``, or by the writer).
    max_file_attachment: int = 8 << 30
    #: Largest inflated zip-wrapper entry.
    max_unzipped: int = 2 << 30
    #: Refuse entries inflating more than this many times their compressed size ...
    max_ratio: int = 200
    #: ... once they are bigger than this.
    ratio_floor: int = 64 << 20

    def check_unzipped(
        self,
        size: int,
        compressed: int,
        *,
        what: str = "zip entry",
        error: type[EdxmlError] = EdxmlLimitError,
    ) -> None:
        """Raise ``error`` when an inflated size breaks the zip-bomb bounds."""
        if size > self.max_unzipped:
            raise _bomb(f"{self.max_unzipped} bytes", what, error)
        if size > self.ratio_floor and size > self.max_ratio * max(compressed, 1):
            raise _bomb(
                f"a ratio of {self.max_ratio}:1 above {self.ratio_floor} bytes", what, error
            )


def _bomb(limit: str, what: str, error: type[EdxmlError]) -> EdxmlError:
    return error(
        f"The {what} inflates beyond {limit}: refused as a zip bomb",
        f"Tệp nén ({what}) giải nén vượt quá {limit}: bị từ chối (nghi bom nén)",
        limit=limit,
    )


def base64_size(size: int) -> int:
    """Characters of the base64 text of ``size`` bytes (padded, no line breaks)."""
    return (size + 2) // 3 * 4
