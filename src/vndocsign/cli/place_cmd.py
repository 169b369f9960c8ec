"""``vndocsign place``: where a signature of a given role goes on a PDF.

``--json`` prints exactly ``{"page", "rect", "role", "anchor": {"text", "page", "bbox"}}``
(pages 1-based; ``rect`` and ``bbox`` in PDF user space, points; ``role`` one of
``initial``, ``personal``, ``agency``, ``attachment``, ``copy``) — or a list of them with
``--all``. ``--role seal`` is still accepted for ``agency``. A placement below the confidence
threshold is still printed, with a warning on standard error, so that a script can decide to
ask a person; nothing found or an ambiguous document exits 3 with the candidates in the
error's ``details``.
"""

from __future__ import annotations

from pathlib import Path

import click

from vndocsign.cli._common import (
    EXIT_OK,
    MAX_PAGE_MM,
    InputPath,
    Number,
    echo_json,
    json_option,
    pdf_password,
    pdf_password_options,
)
from vndocsign.model import SignatureRole
from vndocsign.placement import (
    Placement,
    PlacementOptions,
    find_placement,
    find_placements,
    prepare,
)

__all__ = ["commands", "place"]


def _describe(p: Placement) -> str:
    x0, y0, x1, y1 = p.rect
    return (
        f"{p.role.value}: trang/page {p.page + 1}, "
        f"rect [{x0:.2f}, {y0:.2f}, {x1:.2f}, {y1:.2f}] ({p.label}; "
        f"độ tin cậy/confidence {p.confidence:.2f})"
    )


@click.command("place")
@click.argument("file", type=InputPath(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--role",
    required=True,
    type=click.Choice([*(r.value for r in SignatureRole), "seal"], case_sensitive=False),
    callback=lambda _ctx, _param, value: SignatureRole.parse(value),
    help="initial = ký tắt, personal = chữ ký cá nhân, agency = chữ ký cơ quan (dấu; 'seal' "
    "is accepted as an alias), attachment = văn bản kèm theo, copy = bản sao.",
)
@click.option("--signer", help="Signer's full name as printed (chooses the signer block).")
@click.option("--all", "all_", is_flag=True, help="Print every box of the role (a JSON list).")
@pdf_password_options
@click.option(
    "--every-page", is_flag=True, help="Initial: also one at the bottom right of every page."
)
@click.option("--chief", is_flag=True, help="Initial: also the office chief's after 'Nơi nhận'.")
@click.option(
    "--seal-mm",
    type=Number(minimum=0, maximum=MAX_PAGE_MM, open_min=True, unit="mm"),
    default=36.0,
    show_default=True,
    help="Seal diameter.",
)
@click.option("--text", "stamp_text", help="Attachment/copy: the stamp text to size the box for.")
@click.option(
    "--copy-form",
    type=click.Choice(["SAO Y", "SAO LỤC", "TRÍCH SAO"]),
    default="SAO Y",
    show_default=True,
)
@click.option(
    "--document",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Which document of a file holding several (1 = the main one; see inspect).",
)
@click.option("--ocr", is_flag=True, help="Read scanned pages with Tesseract (vndocsign[ocr]).")
@json_option
def place(
    file: Path,
    role: SignatureRole,
    signer: str | None,
    all_: bool,
    password_env: str | None,
    every_page: bool,
    chief: bool,
    seal_mm: float,
    stamp_text: str | None,
    copy_form: str,
    document: int,
    ocr: bool,
    as_json: bool,
) -> int:
    """Tính vị trí chữ ký / Compute where a signature of ROLE goes on FILE."""
    options = PlacementOptions(
        initial_every_page=every_page,
        chief_initial=chief,
        seal_diameter_mm=seal_mm,
        stamp_text=stamp_text,
        copy_form=copy_form,
    )
    layout = prepare(file, password=pdf_password(password_env), document=document - 1, ocr=ocr)
    if all_:
        found = find_placements(layout, role, signer=signer, options=options)
    else:
        found = (find_placement(layout, role, signer=signer, options=options),)
    for p in found:
        if p.confidence < options.min_confidence:
            click.echo(
                f"Cảnh báo / Warning: độ tin cậy thấp / low confidence {p.confidence:.2f} "
                f"({'; '.join(p.notes) or p.label})",
                err=True,
            )
    if as_json:
        echo_json([p.to_dict() for p in found] if all_ else found[0].to_dict())
    else:
        for p in found:
            click.echo(_describe(p))
    return EXIT_OK


commands: list[click.Command] = [place]
