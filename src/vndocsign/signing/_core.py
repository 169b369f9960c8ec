"""The front door: ``sign_document`` / ``sign_pdf`` / ``sign_file``, one PAdES signature of one
Decree 30 role, as an increment.

Every failure becomes a typed :class:`~vndocsign.errors.SigningError` before any output exists;
the input is never modified. The work is the three public steps of
:mod:`vndocsign.signing._steps` (prepare, sign the digest, finish), with one retry when the
CMS outgrows its reservation (pyHanko #515).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO, Any

import attrs

from vndocsign._io import atomic_output
from vndocsign.signing._document import open_source
from vndocsign.signing._errors import SigningFailedError
from vndocsign.signing._keys import SignerKey
from vndocsign.signing._options import SigningOptions, SigningResult, signing_options
from vndocsign.signing._steps import finish_signature, prepare_signature, sign_digest
from vndocsign.signing._translate import ReservationTooSmallError

__all__ = ["PdfInput", "sign_document", "sign_file", "sign_pdf"]

PdfInput = bytes | bytearray | str | os.PathLike[str] | IO[bytes]


def _sign_stream(
    stream: IO[bytes], key: SignerKey, options: SigningOptions, output: IO[bytes] | None
) -> SigningResult:
    reserve: int | None = None
    for _attempt in range(2):
        stream.seek(0)
        if output is not None:
            output.seek(0)
            output.truncate()
        prepared = prepare_signature(stream, key, options, output=output, reserve=reserve)
        content = sign_digest(prepared, key)
        try:
            return finish_signature(prepared, content)
        except ReservationTooSmallError as exc:
            # the container outgrew the reservation: start over with room to spare
            reserve = max(prepared.reserved * 2, exc.needed + 8192)
            reserve += reserve % 2
    raise SigningFailedError(
        "The signature does not fit its reserved space",
        "Chữ ký vượt quá vùng dành sẵn trong tệp PDF",
    )


def sign_document(
    pdf: PdfInput,
    key: SignerKey,
    options: SigningOptions | None = None,
    *,
    output: IO[bytes] | None = None,
    **changes: Any,
) -> SigningResult:
    """Sign ``pdf`` with ``key`` as ``options`` say; the result carries the signed bytes
    (``result.pdf``) unless ``output`` (a seekable, readable binary stream) was given.

    Keyword arguments are conveniences that build (or change) the options:
    ``sign_document(pdf, key, role="personal", level="B-T", tsa_url=...)``.
    """
    opts = signing_options(options, changes)
    stream = open_source(pdf)
    try:
        return _sign_stream(stream, key, opts, output)
    finally:
        if isinstance(pdf, str | os.PathLike):
            stream.close()


def sign_pdf(
    pdf: PdfInput, key: SignerKey, options: SigningOptions | None = None, **changes: Any
) -> bytes:
    """Sign ``pdf`` and return the signed document (an incremental update of the input).

    The same as :func:`sign_document` without the report; see :class:`SigningOptions`.
    """
    result = sign_document(pdf, key, options, **changes)
    assert result.pdf is not None
    return result.pdf


def sign_file(
    pdf: str | os.PathLike[str],
    destination: str | os.PathLike[str],
    key: SignerKey,
    options: SigningOptions | None = None,
    **changes: Any,
) -> SigningResult:
    """Sign the file ``pdf`` into ``destination`` atomically, streaming (large files are never
    read whole into memory). ``destination`` may equal ``pdf``: the input is only replaced once
    the new file is complete. A missing destination folder is an
    :class:`~vndocsign._io.OutputPathError`, never created silently."""
    opts = signing_options(options, changes)
    stream = open_source(pdf)
    try:
        with atomic_output(destination, make_parents=False) as out:
            result = _sign_stream(stream, key, opts, out)
    finally:
        stream.close()
    return attrs.evolve(result, path=Path(destination))
