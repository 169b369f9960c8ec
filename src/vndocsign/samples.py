"""Sample official documents shipped with the package (văn bản mẫu).

``vndocsign demo`` and every example in the documentation start from these PDFs, so that they
run on a fresh machine with nothing else at hand. They are rendered by the test suite's
document generator (``tests/docgen/build_samples.py``) with fictional agencies, people and
numbers, in the layout of Decree 30/2020/NĐ-CP:

* ``cong-van`` — công văn ``2183/UBND-KGVX`` of ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI, dated
  31/5/2024, signed "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH";
* ``to-trinh`` — tờ trình ``215/TTr-STTTT`` submitting a draft quyết định;
* ``du-thao-quyet-dinh`` — that draft (DỰ THẢO): blank number ``/QĐ-UBND`` and blank date.

All three end their content with "./." and carry a text layer with embedded fonts.
"""

from __future__ import annotations

from importlib import resources

from vndocsign.errors import VndocsignError

__all__ = ["SampleNotFoundError", "sample_names", "sample_pdf"]


class SampleNotFoundError(VndocsignError):
    """No sample document of that name ships with the package."""

    code = "samples.not_found"


def _folder() -> resources.abc.Traversable:
    return resources.files("vndocsign").joinpath("data", "samples")


def sample_names() -> tuple[str, ...]:
    """Names accepted by :func:`sample_pdf`, sorted (``("cong-van", "du-thao-quyet-dinh", …)``)."""
    return tuple(
        sorted(
            entry.name.removesuffix(".pdf")
            for entry in _folder().iterdir()
            if entry.name.endswith(".pdf")
        )
    )


def sample_pdf(name: str = "cong-van") -> bytes:
    """The bytes of one sample PDF; an unknown name raises :class:`SampleNotFoundError`."""
    stem = name.removesuffix(".pdf")
    entry = _folder().joinpath(f"{stem}.pdf")
    if stem not in sample_names() or not entry.is_file():
        raise SampleNotFoundError(
            f"No sample document named {name!r}; available: {', '.join(sample_names())}",
            f"Không có văn bản mẫu tên {name!r}; các mẫu có sẵn: {', '.join(sample_names())}",
            name=name,
            available=list(sample_names()),
        )
    return entry.read_bytes()
