"""``vndocsign inspect FILE``: what a document says about itself, and what it already carries.

Prints the Decree 30 metadata found on the page (number, date, issuer, type, subject, recipients,
signer, Nơi nhận, marks) and the inventory of existing signatures. ``--json`` follows the
contract documented in ``docs/cli.md``; fields not found are ``null``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from vndocsign.cli._common import (
    EXIT_OK,
    InputPath,
    echo_json,
    json_option,
    pdf_password,
    pdf_password_options,
)
from vndocsign.metadata import extract
from vndocsign.pdf import list_signatures, read_pdf_bytes

__all__ = ["commands", "inspect_document"]


def inspect_document(
    path: Path, *, password: str | None = None, document: int = 1, ocr: bool | None = None
) -> dict[str, Any]:
    """The ``inspect --json`` object for one file (pages 1-based, as in every JSON output).

    ``document`` is 1-based: 1 is the main document of a file that holds several. ``ocr``:
    read scanned pages with Tesseract (``None``: when the ``vndocsign[ocr]`` extra is there).
    """
    data = read_pdf_bytes(path)
    extraction = extract(data, password=password, document=document - 1, ocr=ocr)
    meta = extraction.document.to_dict()
    return {
        "file": str(path),
        "metadata": meta,
        "fields": {name: ev.to_dict() for name, ev in extraction.fields.items()},
        "has_text_layer": extraction.has_text_layer,
        "scanned": extraction.scanned,
        "pages": [p + 1 for p in extraction.pages],
        "attachments": [a.to_dict() for a in extraction.attachments],
        "warnings": list(extraction.warnings),
        "signatures": [s.to_dict() for s in list_signatures(data, password=password)],
    }


@click.command("inspect")
@click.argument("file", type=InputPath(exists=True, dir_okay=False, path_type=Path))
@pdf_password_options
@click.option(
    "--document",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Which document of a file holding several (1 = the main one; see attachments).",
)
@click.option(
    "--ocr/--no-ocr",
    default=None,
    help="Read scanned pages with Tesseract (default: when the vndocsign[ocr] extra is there).",
)
@json_option
def inspect_cmd(
    file: Path, password_env: str | None, document: int, ocr: bool | None, as_json: bool
) -> int:
    """Xem thông tin văn bản / Show a document's metadata and existing signatures."""
    report = inspect_document(file, password=pdf_password(password_env), document=document, ocr=ocr)
    if as_json:
        echo_json(report)
        return EXIT_OK
    meta = report["metadata"]
    signer = meta.get("signer") or {}
    rows = [
        ("Số, ký hiệu / Number", meta.get("number")),
        ("Ngày / Date", meta.get("issued_date")),
        ("Địa danh / Place", meta.get("place")),
        ("Cơ quan / Issuer", meta.get("issuer")),
        ("Tên loại / Type", meta.get("document_type")),
        ("Trích yếu / Subject", meta.get("subject")),
        ("Kính gửi / To", "; ".join(meta.get("recipients") or []) or None),
        ("Người ký / Signer", signer.get("full_name")),
        ("Chức vụ / Position", signer.get("position")),
        ("Thẩm quyền / Authority", signer.get("authority")),
        ("Độ mật / Secrecy", meta.get("secrecy")),
        ("Độ khẩn / Urgency", meta.get("urgency")),
        ("Dự thảo / Draft", "có / yes" if meta.get("draft") else "không / no"),
    ]
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        click.echo(f"{key:<{width}}  {value if value is not None else '—'}")
    sigs = report["signatures"]
    click.echo(f"Chữ ký / Signatures: {len(sigs)}")
    for sig in sigs:
        whole = "toàn bộ tệp / whole file" if sig["covers_whole_file"] else "một phần / partial"
        click.echo(f"  - {sig['field']}: {sig['signer'] or '?'} ({whole})")
    for part in report["attachments"]:
        meta_part = part["metadata"]
        click.echo(
            f"Văn bản kèm theo / Attached ({part['kind']}, --document {part['document']}): "
            f"trang / pages {part['pages'][0]}-{part['pages'][-1]}, "
            f"{meta_part.get('document_type') or '?'} {meta_part.get('number') or ''}".rstrip()
        )
    for warning in report["warnings"]:
        click.echo(f"Cảnh báo / Warning: {warning}")
    return EXIT_OK


commands: list[click.Command] = [inspect_cmd]
