"""Second producer: a Word document laid out with tables, converted to PDF by LibreOffice.

This is how most agencies really produce their PDFs: the header (ô 1–5) is a borderless
two-column table (agency left, Quốc hiệu right), the signer block and the "Nơi nhận" list are a
second two-column table, fonts are Times New Roman (LibreOffice substitutes the metric-compatible
Liberation Serif), and the PDF's text runs are whatever LibreOffice decides (kerned ``TJ`` arrays).

:func:`build_docx` needs python-docx; :class:`LibreOfficeConverter` needs ``soffice``
(``apt-get install libreoffice-writer``). Conversions take seconds, so results are cached on
disk by the spec's content (``$VNDOCSIGN_DOCGEN_CACHE`` or the temp dir) and several
documents are converted in one ``soffice`` run.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from pathlib import Path

from docgen.spec import DocSpec, Para, SignerSpec

__all__ = ["LibreOfficeConverter", "build_docx", "soffice_path"]

#: Bump when the DOCX layout changes, to invalidate cached conversions.
LAYOUT_VERSION = "4"


def soffice_path() -> str | None:
    """The LibreOffice binary, or ``None``."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def build_docx(spec: DocSpec, *, header_rows: int = 2) -> bytes:
    """Lay ``spec`` out in Word the way a văn thư would (tables for header and footer).

    ``header_rows=2``: agency / Quốc hiệu in row 1, "Số" / date in row 2 (same baseline);
    ``header_rows=1``: everything in one row, so "Số" and the date line are *not* on one
    baseline (another common template).
    """
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Mm, Pt

    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = Mm(10)
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "Times New Roman")
    style.font.size = Pt(spec.body_size)
    style.paragraph_format.space_after = Pt(0)
    style.paragraph_format.space_before = Pt(0)
    style.paragraph_format.line_spacing = 1.0

    center, justify, left = (
        WD_ALIGN_PARAGRAPH.CENTER,
        WD_ALIGN_PARAGRAPH.JUSTIFY,
        WD_ALIGN_PARAGRAPH.LEFT,
    )

    def para(
        container: object,
        text: str = "",
        *,
        size: float = spec.body_size,
        bold: bool = False,
        italic: bool = False,
        underline: bool = False,
        align: object = center,
        after: float = 0,
        before: float = 0,
        indent: float | None = None,
        first: bool = False,
    ) -> object:
        existing = container.paragraphs  # type: ignore[attr-defined]
        p = existing[0] if first and existing else container.add_paragraph()  # type: ignore[attr-defined]
        p.alignment = align
        fmt = p.paragraph_format
        fmt.space_after, fmt.space_before = Pt(after), Pt(before)
        if indent is not None:
            fmt.first_line_indent = Cm(indent)
        if text:
            run = p.add_run(text)
            run.font.size = Pt(size)
            run.bold, run.italic, run.underline = bold, italic, underline
        return p

    def no_borders(table: object) -> None:
        tbl = table._tbl  # type: ignore[attr-defined]
        props = tbl.tblPr
        borders = OxmlElement("w:tblBorders")
        for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
            el = OxmlElement(f"w:{edge}")
            el.set(qn("w:val"), "nil")
            borders.append(el)
        props.append(borders)

    # page numbers from page 2, centred in the top margin (Phụ lục I, I.5)
    section.different_first_page_header_footer = True
    hp = section.header.paragraphs[0]
    hp.alignment = center
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    fld.append(run)
    hp._p.append(fld)

    if spec.draft:
        para(document, "DỰ THẢO", size=13, bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT, first=True)

    # header table: 2 rows x 2 columns
    table = document.add_table(rows=header_rows, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    no_borders(table)
    widths = (Cm(6.5), Cm(10.0))
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    left_top, right_top = table.rows[0].cells
    left_bot, right_bot = table.rows[header_rows - 1].cells
    first = True
    if spec.parent:
        para(left_top, spec.parent, size=12, first=True)
        first = False
    para(left_top, spec.issuer, size=12, bold=True, first=first)
    para(left_top, "―――――", size=8, after=4)
    para(right_top, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12, bold=True, first=True)
    para(right_top, "Độc lập - Tự do - Hạnh phúc", size=13, bold=True, underline=True)
    one_row = header_rows == 1
    para(left_bot, spec.printed_number, size=13, first=not one_row, before=4 if one_row else 0)
    if spec.is_cong_van and spec.subject:
        para(left_bot, "V/v " + spec.subject, size=12, before=6)
    for mark in (spec.secrecy, spec.urgency):
        if mark:
            para(left_bot, mark, size=13, bold=True, before=8)
    para(right_bot, spec.printed_date, size=13, italic=True, first=not one_row, before=6)

    if spec.type_name:
        para(document, spec.type_name, size=14, bold=True, before=18)
        para(document, spec.subject, size=14, bold=True)
        para(document, "――――", size=8, after=6)
    rec = spec.recipient_lines()
    if len(rec) == 1:
        para(document, rec[0], before=12, after=6)
    elif rec:
        p = para(document, f"{spec.recipients_label}\t{rec[0]}", before=12, align=left)
        p.paragraph_format.left_indent = Cm(3)  # type: ignore[attr-defined]
        p.paragraph_format.first_line_indent = Cm(-2.2)  # type: ignore[attr-defined]
        for item in rec[1:]:
            q = para(document, item, align=left)
            q.paragraph_format.left_indent = Cm(3)  # type: ignore[attr-defined]
        para(document, "", size=6)
    else:
        para(document, "", size=6)

    body: list[Para] = list(spec.body) or [Para("")]
    for i, bp in enumerate(body):
        text = bp.text + (spec.closing if i == len(body) - 1 else "")
        align = {"justify": justify, "center": center, "left": left}[bp.align]
        p = para(
            document,
            "",
            align=align,
            after=6,
            indent=1.27 if bp.indent and bp.align == "justify" else None,
        )
        if bp.lead:
            r = p.add_run(bp.lead + " ")  # type: ignore[attr-defined]
            r.bold = True
        r = p.add_run(text)  # type: ignore[attr-defined]
        r.bold, r.italic = bp.bold, bp.italic

    # footer table: Nơi nhận left, signer block right (or THƯ KÝ / CHỦ TỌA)
    footer = document.add_table(rows=1, cols=2)
    footer.alignment = WD_TABLE_ALIGNMENT.CENTER
    no_borders(footer)
    lcell, rcell = footer.rows[0].cells
    footer.autofit = False
    for column, cell, width in zip(footer.columns, (lcell, rcell), (Cm(7.5), Cm(9.0)), strict=True):
        column.width = width
        cell.width = width

    def signer_block(cell: object, signer: SignerSpec) -> None:
        first_line = True
        for title in signer.titles:
            para(cell, title, size=13, bold=True, first=first_line)
            first_line = False
        for _ in range(4):
            para(cell, "", size=14)
        para(cell, signer.name, size=14, bold=True)

    def distribution(cell: object, first_line: bool) -> None:
        if not spec.distribution:
            return
        para(cell, "Nơi nhận:", size=12, bold=True, italic=True, align=left, first=first_line)
        for item in spec.distribution_lines():
            para(cell, item, size=11, align=left)

    if spec.footer == "bien_ban":
        for cell, signer in zip((lcell, rcell), spec.signers[:2], strict=False):
            signer_block(cell, signer)
        if spec.distribution:
            para(document, "", size=8)
            distribution(document, False)
    else:
        distribution(lcell, True)
        for n, signer in enumerate(spec.signers):
            if n:
                para(rcell, "", size=14)
            signer_block(rcell, signer)

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _key(spec: DocSpec, header_rows: int) -> str:
    text = f"{LAYOUT_VERSION}|{header_rows}|{spec!r}"
    return hashlib.sha256(text.encode()).hexdigest()[:24]


class LibreOfficeConverter:
    """Convert specs to PDF through DOCX + ``soffice --headless``, caching on disk.

    A private LibreOffice profile (``-env:UserInstallation``) lets several test processes
    convert at the same time.
    """

    def __init__(self, cache_dir: Path | None = None, soffice: str | None = None) -> None:
        found = soffice or soffice_path()
        if found is None:
            raise RuntimeError("LibreOffice (soffice) is not installed")
        self.soffice = found
        default = Path(tempfile.gettempdir()) / "vndocsign-docgen-cache"
        self.cache_dir = Path(os.environ.get("VNDOCSIGN_DOCGEN_CACHE", cache_dir or default))
        self.cache_dir.mkdir(parents=True, exist_ok=True)

    def pdf(self, spec: DocSpec, *, header_rows: int = 2) -> bytes:
        """The LibreOffice PDF of one spec."""
        return self.pdfs([spec], header_rows=header_rows)[0]

    def pdfs(self, specs: Iterable[DocSpec], *, header_rows: int = 2) -> list[bytes]:
        """PDFs of several specs, converting all cache misses in one ``soffice`` run."""
        items = list(specs)
        keys = [_key(s, header_rows) for s in items]
        missing = {
            k: s
            for k, s in zip(keys, items, strict=True)
            if not (self.cache_dir / f"{k}.pdf").is_file()
        }
        if missing:
            self._convert(missing, header_rows)
        return [(self.cache_dir / f"{k}.pdf").read_bytes() for k in keys]

    def _convert(self, specs: dict[str, DocSpec], header_rows: int) -> None:
        with tempfile.TemporaryDirectory(prefix="vndocsign-lo-") as tmp:
            work = Path(tmp)
            inputs = []
            for key, spec in specs.items():
                path = work / f"{key}.docx"
                path.write_bytes(build_docx(spec, header_rows=header_rows))
                inputs.append(str(path))
            profile = (work / "profile").as_uri()
            proc = subprocess.run(
                [
                    self.soffice,
                    f"-env:UserInstallation={profile}",
                    "--headless",
                    "--norestore",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    str(work / "out"),
                    *inputs,
                ],
                capture_output=True,
                text=True,
                timeout=300,
                check=False,
            )
            for key in specs:
                produced = work / "out" / f"{key}.pdf"
                if not produced.is_file():
                    raise RuntimeError(
                        f"soffice did not convert {key}.docx: {proc.stderr or proc.stdout}"
                    )
                tmp_target = self.cache_dir / f".{key}.{os.getpid()}.tmp"
                tmp_target.write_bytes(produced.read_bytes())
                tmp_target.replace(self.cache_dir / f"{key}.pdf")
