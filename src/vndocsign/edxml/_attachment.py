"""Attachments (tệp đính kèm) and the manifest ``Reference`` they were read with."""

from __future__ import annotations

import mimetypes
import os
import uuid
from pathlib import Path

import attrs

from vndocsign.edxml._codes import REFERENCE_CONTENT_TYPES, normalize_content_id
from vndocsign.edxml._payload import Payload

__all__ = ["Attachment", "Reference", "guess_type"]


def guess_type(name: str) -> str:
    ext = Path(name).suffix.lower().lstrip(".")
    if ext in REFERENCE_CONTENT_TYPES:
        return REFERENCE_CONTENT_TYPES[ext]
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


@attrs.frozen(kw_only=True)
class Reference:
    """A manifest ``Reference`` exactly as read (it may disagree with its attachment)."""

    content_id: str | None = None
    content_type: str | None = None
    description: str | None = None
    attachment_name: str | None = None


@attrs.frozen(kw_only=True)
class Attachment:
    """One attached file (tệp đính kèm), usually the signed PDF.

    ``content`` holds the file's bytes (after a zip wrapper was removed). ``transfer`` holds the
    decoded payload exactly as it travelled when it differs (a zip wrapper), so that a received
    envelope re-writes identically. ``content_id`` is stored without ``cid:``.
    """

    name: str
    content_type: str | None = None
    content_id: str = attrs.field(factory=lambda: str(uuid.uuid4()))
    description: str | None = None
    field_name: str | None = None
    mime_type: str | None = None
    content: Payload | None = None
    transfer: Payload | None = None
    reference: Reference | None = None
    #: Name of the zip entry when the payload was a single-entry zip wrapper.
    zip_entry_name: str | None = None
    #: Why a zip-looking payload was not unwrapped (truncated, bomb...).
    zip_error: str | None = None
    #: Why the payload could not be decoded at all (not base64, truncated).
    decode_error: str | None = None

    @classmethod
    def from_bytes(
        cls,
        name: str,
        data: bytes,
        *,
        content_type: str | None = None,
        description: str | None = None,
        content_id: str | None = None,
    ) -> Attachment:
        return cls(
            name=name,
            content_type=content_type or guess_type(name),
            content_id=normalize_content_id(content_id) or str(uuid.uuid4()),
            description=description,
            content=Payload.from_bytes(data),
        )

    @classmethod
    def from_file(
        cls,
        path: str | os.PathLike[str],
        *,
        name: str | None = None,
        content_type: str | None = None,
        description: str | None = None,
        content_id: str | None = None,
    ) -> Attachment:
        """An attachment streamed from ``path`` when the envelope is written."""
        p = Path(path)
        filename = name or p.name
        return cls(
            name=filename,
            content_type=content_type or guess_type(filename),
            content_id=normalize_content_id(content_id) or str(uuid.uuid4()),
            description=description,
            content=Payload.from_path(p),
        )

    @property
    def size(self) -> int | None:
        return self.content.size if self.content else None

    @property
    def sha256(self) -> str | None:
        return self.content.sha256 if self.content else None

    @property
    def manifest_content_type(self) -> str | None:
        return self.reference.content_type if self.reference else self.content_type

    def read_bytes(self) -> bytes:
        """The file's bytes (small attachments; use ``content.open()`` for large ones)."""
        if self.content is None:
            return b""
        return self.content.read_bytes()

    @property
    def extension(self) -> str:
        return Path(self.name).suffix.lower().lstrip(".")
