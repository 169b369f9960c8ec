"""Reading the attachments of an envelope: payload results, zip wrappers, files on disk.

The zip decision follows what the envelope declares (see :mod:`._zip`): a payload declared
``application/zip`` under a name that is not a ``.zip`` is a wrapper (and a broken one is
reported); a payload declared as something else is unwrapped only when it opens as a one-entry
zip whose entry has the attachment's own extension (the hub has been seen to wrap PDFs and
texts without saying so); otherwise its bytes are the file, whatever they start with.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from vndocsign._limits import LimitError
from vndocsign.edxml._attachment import Attachment, Reference
from vndocsign.edxml._codes import normalize_content_id
from vndocsign.edxml._errors import AttachmentError
from vndocsign.edxml._payload import DecodeResult, Payload
from vndocsign.edxml._tree import Ctx, first, kids, text_of
from vndocsign.edxml._xml import PayloadSink, local_name
from vndocsign.edxml._zip import (
    ZIP_MAGIC,
    describe_broken_zip,
    is_declared_wrapper,
    unwrap_single_entry_zip,
    zip_entry_names,
)

__all__ = [
    "AttachmentReading",
    "discard_results",
    "envelope_attachments",
    "manifest_references",
    "safe_filename",
]

_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]')


class _DiscardIO(io.RawIOBase):
    def writable(self) -> bool:
        return True

    def write(self, b: Any) -> int:
        return len(b)


def safe_filename(name: str | None, fallback: str = "attachment") -> str:
    """A file name that cannot escape the target folder (``../``, ``C:\\``, control chars)."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = _UNSAFE.sub("_", base).strip().strip(".")
    if not base:
        base = fallback
    encoded = base.encode("utf-8")
    if len(encoded) > 200:
        stem, dot, ext = base.rpartition(".")
        ext = ext[:20] if dot else ""
        base = stem.encode("utf-8")[:180].decode("utf-8", "ignore") + (f".{ext}" if ext else "")
    return base


def _unique(directory: Path, name: str, taken: set[str]) -> Path:
    candidate = name
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    n = 2
    while candidate.lower() in taken or (directory / candidate).exists():
        candidate = f"{stem} ({n}){'.' + ext if ext else ''}"
        n += 1
    taken.add(candidate.lower())
    return directory / candidate


def _extension(name: str | None) -> str:
    stem, dot, ext = (name or "").rpartition(".")
    return ext.strip().lower() if dot and stem else ""


def discard_results(results: list[Any]) -> None:
    """Remove the files of payloads nobody owns."""
    for result in results:
        if isinstance(result, DecodeResult) and result.path is not None:
            result.path.unlink(missing_ok=True)


def manifest_references(manifest: Any) -> dict[str | None, Reference]:
    references: dict[str | None, Reference] = {}
    for ref in kids(manifest, "Reference"):
        raw_cid = text_of(ref, "ContentId")
        if raw_cid is None:
            for key, value in ref.attrib.items():
                if local_name(key) == "href":
                    raw_cid = value
        cid = normalize_content_id(raw_cid)
        references[cid] = Reference(
            content_id=cid,
            content_type=text_of(ref, "ContentType"),
            description=text_of(ref, "Description"),
            attachment_name=text_of(ref, "AttachmentName"),
        )
    return references


_Unwrapped = tuple[Payload, Payload | None, str | None, str | None]


class AttachmentReading:
    """Turns ``Attachment`` elements and their streamed payloads into :class:`Attachment`."""

    def __init__(
        self,
        options: Any,
        ctx: Ctx,
        references: dict[str | None, Reference],
        make_sink: Callable[[], PayloadSink],
        finals: list[Path],
    ) -> None:
        self.opts = options
        self.limits = options.limits
        self.ctx = ctx
        self.references = references
        self.make_sink = make_sink
        self.finals = finals

    def read(self, element: Any, cte: Any, result: DecodeResult | None) -> Attachment:
        base = self._base(element)
        result, error = self._result(cte, result)
        if error is not None or result is None:
            return self._failed(base, error or "empty payload")
        raw = result.payload()
        assert raw is not None
        content, transfer, entry, zip_error = raw, None, None, None
        name = base["name"]
        has_bytes = raw.data is not None or raw.path is not None
        if self.opts.unwrap_zip and has_bytes and result.head.startswith(ZIP_MAGIC):
            declared_type = base["content_type"] or base["manifest_type"]
            declared = is_declared_wrapper(name, declared_type)
            if declared or self._undeclared_wrapper(raw, name):
                content, transfer, entry, zip_error = self._unwrap(raw, name, declared)
        del base["manifest_type"]
        if self.opts.discard_payloads:  # metadata only: the content's size and digest
            if raw.path is not None:
                raw.path.unlink(missing_ok=True)
            content, transfer = Payload(size=content.size, sha256=content.sha256), None
        elif self.opts.attachments_dir is not None and content.path is not None:
            content = self._finalize(content, name)
        return Attachment(
            **base, content=content, transfer=transfer, zip_entry_name=entry, zip_error=zip_error
        )

    # -- parts -----------------------------------------------------------------------------
    def _base(self, element: Any) -> dict[str, Any]:
        cid = normalize_content_id(text_of(element, "ContentId")) or ""
        reference = self.references.get(cid)
        name = text_of(element, "AttachmentName") or (reference or Reference()).attachment_name
        content_type = text_of(element, "ContentType")
        description = text_of(element, "Description")
        manifest_type = reference.content_type if reference is not None else None
        if reference == Reference(
            content_id=cid or None,
            content_type=content_type,
            description=description,
            attachment_name=name,
        ):
            reference = None  # the manifest says what the writer would derive: nothing to keep
        return dict(
            name=name or cid or "attachment",
            content_type=content_type,
            content_id=cid,
            description=description,
            field_name=text_of(element, "FieldName"),
            mime_type=text_of(element, "MimeType"),
            reference=reference,
            manifest_type=manifest_type,
        )

    def _result(
        self, cte: Any, result: DecodeResult | None
    ) -> tuple[DecodeResult | None, str | None]:
        if cte is None:
            return None, "no ContentTransferEncoded element"
        inline_text = (cte.text or "").strip()
        streamed_nothing = result is not None and result.error is None and result.size == 0
        if len(cte) or (inline_text and result is not None and not streamed_nothing):
            return None, "payload contains markup, not only base64"
        if inline_text:  # a payload the splitter could not stream: decode it the same way
            sink = self.make_sink()
            sink.write(inline_text.encode("utf-8"))
            result = sink.close()
        if result is None:
            return None, "empty payload"
        return result, result.error

    @staticmethod
    def _undeclared_wrapper(raw: Payload, name: str) -> bool:
        """A one-entry zip around a file of the attachment's own type (``<uuid>.pdf``)."""
        ext = _extension(name)
        if not ext or ext == "zip":
            return False
        names = zip_entry_names(raw)
        return names is not None and len(names) == 1 and _extension(names[0]) == ext

    def _target(self, raw: Payload) -> tuple[IO[bytes], Path | None, int | None]:
        if self.opts.discard_payloads:
            return _DiscardIO(), None, None  # type: ignore[return-value]
        if raw.path is not None and self.opts.attachments_dir is not None:
            handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed by _unwrap
                dir=self.opts.attachments_dir, prefix=".vndocsign-", suffix=".part", delete=False
            )
            path = Path(handle.name)
            self.finals.append(path)
            return handle, path, None
        return io.BytesIO(), None, self.limits.max_memory_attachment

    def _unwrap(self, raw: Payload, name: str, declared: bool) -> _Unwrapped:
        out, out_path, max_out = self._target(raw)
        try:
            unzipped = unwrap_single_entry_zip(raw, out, limits=self.limits, max_out=max_out)
        except AttachmentError as exc:
            self._drop(out_path)
            if self.opts.strict_attachments:
                raise
            if not isinstance(exc, LimitError):
                self._describe(raw, name)
            return raw, None, None, exc.en
        finally:
            if out_path is not None:
                out.close()
        if unzipped is None:
            self._drop(out_path)
            count = len(zip_entry_names(raw) or ())
            self.ctx.warnings.append(
                f"attachment {name!r} is declared a zip wrapper but holds {count} entries: "
                f"kept as received (the reference reader keeps only the first) / tệp {name!r} "
                f"khai là tệp nén bọc nhưng có {count} tệp con: giữ nguyên như đã nhận"
            )
            return raw, None, None, None
        content = Payload(
            data=unzipped.data, path=out_path, size=unzipped.size, sha256=unzipped.sha256
        )
        transfer = raw if raw.path is None else None
        if raw.path is not None and not self.opts.discard_payloads:
            raw.path.unlink(missing_ok=True)
        return content, transfer, unzipped.entry_name, None

    def _drop(self, path: Path | None) -> None:
        if path is not None:
            path.unlink(missing_ok=True)
            if path in self.finals:
                self.finals.remove(path)

    def _describe(self, raw: Payload, name: str) -> None:
        try:
            local = describe_broken_zip(raw, limits=self.limits)
        except (OSError, ValueError):
            local = None
        if local is not None:
            self.ctx.warnings.append(
                f"attachment {name!r}: broken zip wrapper; its first entry {local[0]!r} "
                f"inflates to {local[1]} bytes (attachment kept as received)"
            )

    def _finalize(self, content: Payload, name: str) -> Payload:
        assert content.path is not None and self.opts.attachments_dir is not None
        taken = {p.name.lower() for p in self.finals if not p.name.startswith(".vndocsign-")}
        target = _unique(self.opts.attachments_dir, safe_filename(name), taken)
        os.replace(content.path, target)
        os.chmod(target, 0o644)  # temporary files are created 0600; an unpacked file is ordinary
        if content.path in self.finals:
            self.finals.remove(content.path)
        self.finals.append(target)
        return Payload(path=target, size=content.size, sha256=content.sha256)

    def _failed(self, base: dict[str, Any], error: str) -> Attachment:
        base.pop("manifest_type", None)
        if self.opts.strict_attachments:
            raise AttachmentError(
                f"Attachment {base['name']!r} cannot be decoded: {error}",
                f"Không giải mã được tệp đính kèm {base['name']!r}: {error}",
                attachment=base["name"],
                reason=error,
            )
        return Attachment(**base, decode_error=error)


def envelope_attachments(
    root: Any, payloads: dict[int, Any], reading: AttachmentReading, used: set[int]
) -> list[Attachment]:
    """Every ``AttachmentEncoded/Attachment`` of the document, in order."""
    attachments: list[Attachment] = []
    for container in root.iter():
        if not isinstance(container.tag, str) or local_name(container.tag) != "AttachmentEncoded":
            continue
        for att_el in kids(container, "Attachment"):
            cte = first(att_el, "ContentTransferEncoded")
            result = payloads.get(id(cte)) if cte is not None else None
            if cte is not None:
                used.add(id(cte))
            attachments.append(reading.read(att_el, cte, result))
    return attachments
