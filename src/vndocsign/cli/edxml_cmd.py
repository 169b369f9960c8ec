"""``vndocsign edxml``: pack, unpack, answer and validate edXML envelopes (QCVN 102:2016).

* ``pack`` — a signed PDF (+ metadata JSON, or metadata read from the PDF) -> envelope;
* ``unpack`` — envelope -> header JSON + attachments written to a folder;
* ``status`` — a status message (gói tin trạng thái) about a document;
* ``validate`` — schema and business checks, exit 1 when there are errors.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from vndocsign.cli._common import (
    EXIT_FAILED,
    EXIT_OK,
    InputPath,
    OutputPath,
    echo_json,
    json_option,
)
from vndocsign.edxml import (
    Attachment,
    EdxmlParseError,
    ElementOrder,
    Envelope,
    Organization,
    ReadOptions,
    StaffInfo,
    StatusCode,
    StatusMessage,
    WriterOptions,
    message_dict,
    read,
    validate,
    write,
)
from vndocsign.errors import EdxmlError, VndocsignError
from vndocsign.model import OfficialDocument

__all__ = ["commands", "edxml_group"]

_ORDER = click.Choice(["vnpt", "qcvn"])


def _writer_options(order: str, wrap: bool) -> WriterOptions:
    return WriterOptions(order=ElementOrder(order), wrap_other_types=wrap)


def _load_metadata(path: Path | None, document: Path) -> Any:
    if path is not None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise EdxmlError(
                f"Cannot read the metadata JSON {path}: {exc}",
                f"Không đọc được tệp JSON thông tin văn bản {path}: {exc}",
            ) from None
        if isinstance(data, dict) and isinstance(data.get("metadata"), dict) and "file" in data:
            data = data["metadata"]  # the output of `vndocsign inspect --json`
        if not isinstance(data, dict):
            raise EdxmlError(
                "The metadata JSON must be an object",
                "Tệp JSON thông tin văn bản phải là một đối tượng",
            )
        return _document_from_dict(data, path)
    from vndocsign.metadata import extract_metadata
    from vndocsign.pdf import read_pdf_bytes

    return extract_metadata(read_pdf_bytes(document))


def _document_from_dict(data: dict[str, Any], path: Path) -> OfficialDocument:
    """``OfficialDocument.from_dict`` on a user's file: every malformed value is exit 3.

    The model trusts its own ``to_dict`` output; a hand-written file can give a signer as a
    string, a number as an int or an impossible date, which must be a typed error naming the
    file, never an internal error.
    """
    try:
        return OfficialDocument.from_dict(data)
    except VndocsignError:
        raise
    except (TypeError, KeyError, ValueError, AttributeError, IndexError) as exc:
        raise EdxmlError(
            f"The metadata JSON {path} has a malformed value ({type(exc).__name__}: {exc})",
            f"Tệp JSON thông tin văn bản {path} có giá trị sai dạng ({type(exc).__name__}: {exc})",
            path=str(path),
            reason=str(exc),
        ) from None


@click.group("edxml")
def edxml_group() -> None:
    """Gói tin edXML (QCVN 102:2016) / edXML envelopes for the exchange platform."""


@edxml_group.command("pack")
@click.option(
    "--document",
    "document",
    required=True,
    type=InputPath(exists=True, dir_okay=False, path_type=Path),
    help="The signed PDF (văn bản đã ký số).",
)
@click.option(
    "--metadata",
    type=InputPath(exists=True, dir_okay=False, path_type=Path),
    help="Metadata JSON (OfficialDocument.to_dict / inspect --json); "
    "read from the PDF when omitted.",
)
@click.option("--from", "sender", required=True, help="Sender OrganId (mã định danh gửi).")
@click.option("--to", "to", required=True, multiple=True, help="Recipient OrganId (repeatable).")
@click.option(
    "--attach",
    multiple=True,
    type=InputPath(exists=True, dir_okay=False, path_type=Path),
    help="Another file to attach (repeatable).",
)
@click.option("--staff", help="Văn thư (StaffInfo/Staff).")
@click.option(
    "--order",
    type=_ORDER,
    default="vnpt",
    show_default=True,
    help="Element order: reference VNPT library or .NET/QCVN.",
)
@click.option(
    "--wrap-other-types",
    is_flag=True,
    help="Zip attachments other than pdf/doc/docx/xsl/xslx/zip (reference rule).",
)
@click.option("-o", "--output", required=True, type=OutputPath(dir_okay=False, path_type=Path))
@json_option
def pack_cmd(
    document: Path,
    metadata: Path | None,
    sender: str,
    to: tuple[str, ...],
    attach: tuple[Path, ...],
    staff: str | None,
    order: str,
    wrap_other_types: bool,
    output: Path,
    as_json: bool,
) -> int:
    """Đóng gói văn bản ký số thành gói tin edXML / Pack a signed PDF into an envelope."""
    doc = _load_metadata(metadata, document)
    attachments = [Attachment.from_file(document, description="Văn bản ký số")]
    attachments += [Attachment.from_file(p) for p in attach]
    issuer = doc.issuer
    from_ = Organization(
        organ_id=sender,
        organization_in_charge=(issuer.parent or issuer.name) if issuer else None,
        organ_name=issuer.name if issuer else None,
    )
    envelope = Envelope.from_document(
        doc,
        attachments,
        sender=from_,
        to=list(to),
        staff=StaffInfo(staff=staff) if staff else None,
    )
    report = write(envelope, output, _writer_options(order, wrap_other_types))
    result = message_dict(envelope)
    result["output"] = str(output)
    result["written"] = [
        {"name": w.name, "size": w.size, "sha256": w.sha256, "wrapped": w.wrapped}
        for w in report.attachments
    ]
    if as_json:
        echo_json(result)
    else:
        click.echo(f"{output}: {envelope.document_id} -> {', '.join(to)}")
    return EXIT_OK


@edxml_group.command("unpack")
@click.argument("file", type=InputPath(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-d",
    "--dir",
    "directory",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the attachments.",
)
@click.option("--strict", is_flag=True, help="Do not repair namespace-broken files.")
@json_option
def unpack_cmd(file: Path, directory: Path, strict: bool, as_json: bool) -> int:
    """Mở gói tin edXML / Unpack an envelope: header as JSON, attachments to a folder.

    Exit 1 when an attachment could not be decoded (the others are still written).
    """
    options = ReadOptions(attachments_dir=directory, recover="never" if strict else "auto")
    message = read(file, options)
    data = message_dict(message)
    data["file"] = str(file)
    failed = [a for a in data["attachments"] if a["path"] is None]
    # an envelope with neither a file nor a DocumentId carries nothing: never a silent success
    incomplete = isinstance(message, Envelope) and not (
        message.attachments or message.header.document_id
    )
    if as_json:
        echo_json(data)
    else:
        click.echo(f"{data['kind']}: {data['document_id']}")
        for att in data["attachments"]:
            click.echo(f"  {att['path'] or '-'}  {att['size']}  {att['error'] or ''}")
        for repair in data["repairs"]:
            click.echo(f"  sửa / repaired: {repair}", err=True)
    if incomplete:
        click.echo(
            "Gói tin không có tệp đính kèm và không có DocumentId / "
            "The envelope has neither an attachment nor a DocumentId",
            err=True,
        )
    return EXIT_FAILED if failed or incomplete else EXIT_OK


@edxml_group.command("status")
@click.option("--code", required=True, help="StatusCode: 01-06, 13, 15, 16.")
@click.option("--for", "document_id", help="DocumentId of the document (OrganId,yyyy/MM/dd,Số/KH).")
@click.option(
    "--envelope",
    type=InputPath(exists=True, dir_okay=False, path_type=Path),
    help="The received envelope to answer (instead of --for).",
)
@click.option("--from", "sender", required=True, help="Sender OrganId of the status.")
@click.option("--description", help="Description (default: the code's meaning).")
@click.option("--staff", help="Văn thư / staff name.")
@click.option("--department", help="Department (phòng, ban).")
@click.option("-o", "--output", required=True, type=OutputPath(dir_okay=False, path_type=Path))
@json_option
def status_cmd(
    code: str,
    document_id: str | None,
    envelope: Path | None,
    sender: str,
    description: str | None,
    staff: str | None,
    department: str | None,
    output: Path,
    as_json: bool,
) -> int:
    """Tạo gói tin trạng thái / Write a status message about a document."""
    status = StatusCode.parse(code)
    if not isinstance(status, StatusCode):
        raise EdxmlError(
            f"Unknown status code {code!r} (01-06, 13, 15, 16)",
            f"Mã trạng thái {code!r} không hợp lệ (01-06, 13, 15, 16)",
        )
    staff_info = StaffInfo(staff=staff, department=department) if staff or department else None
    if envelope is not None:
        received = read(envelope, ReadOptions(discard_payloads=True))
        if not isinstance(received, Envelope):
            raise EdxmlParseError(
                "--envelope is a status message, not a document",
                "--envelope là gói tin trạng thái, không phải văn bản",
            )
        message = StatusMessage.for_envelope(
            received, status, from_=sender, description=description, staff=staff_info
        )
    elif document_id:
        message = StatusMessage.for_document_id(
            document_id, status, from_=sender, description=description, staff=staff_info
        )
    else:
        raise click.UsageError("give --for DOCUMENTID or --envelope FILE")
    write(message, output)
    data = message_dict(message)
    data["output"] = str(output)
    if as_json:
        echo_json(data)
    else:
        click.echo(f"{output}: {status.value} ({status.vi}) -> {message.document_id}")
    return EXIT_OK


@edxml_group.command("validate")
@click.argument("file", type=InputPath(exists=True, dir_okay=False, path_type=Path))
@click.option("--no-schema", is_flag=True, help="Business checks only.")
@json_option
def validate_cmd(file: Path, no_schema: bool, as_json: bool) -> int:
    """Kiểm tra gói tin edXML / Validate an envelope (schema + business rules).

    Exit 0 when there is no error (warnings allowed), 1 otherwise.
    """
    report = validate(file, check_schema=not no_schema)
    if as_json:
        data = report.to_dict()
        data["file"] = str(file)
        echo_json(data)
    else:
        for problem in report.problems:
            click.echo(str(problem))
        click.echo(
            ("OK" if report.ok else "KHÔNG HỢP LỆ / INVALID")
            + f" ({len(report.errors)} error(s), {len(report.warnings)} warning(s))"
        )
    return EXIT_OK if report.ok else EXIT_FAILED


commands: list[click.Command] = [edxml_group]
