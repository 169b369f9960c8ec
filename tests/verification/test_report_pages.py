"""The report a clerk reads (issue 16): page pictures with numbered signature boxes and red
changed areas (checked in a headless Chromium screenshot), the revision timeline, the
document's number/date/issuer/subject, GMT+7 times, no English word in the Vietnamese report,
the English report on request, and the same report as PDF.

The document: the sample công văn, signed by a person (box 1), then a comment added, then
signed by the agency (box 2) — what a văn thư receives when someone annotated in between.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from lxml import html as lxml_html

from tests.verification._clerk_doc import AGENCY_BOX, NOTE_BOX, PERSONAL_BOX, clerk_document
from vndocsign.cli.main import cli
from vndocsign.verification import (
    ChromiumNotFoundError,
    TrustProfile,
    TrustStore,
    to_html,
    to_pdf,
    verify_pdf,
)

SIG_BLUE = (0x1F, 0x4F, 0xD1)
CHANGE_RED = (0xE0, 0x00, 0x00)
FRAME_TEAL = (0x00, 0x80, 0x80)
PIC_WIDTH = 680  # CSS width of a page picture (px)
WHEN = re.compile(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}:\d{2} \(GMT\+7\)")


@pytest.fixture(scope="module")
def clerk(sign, vn_pki) -> tuple[bytes, Any]:  # type: ignore[no-untyped-def]
    pdf = clerk_document(sign)
    report = verify_pdf(pdf, trust=TrustProfile.custom([vn_pki.root]), revocation="embedded-only")
    return pdf, report


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        pytest.skip("chromium is not installed (.ci/run installs it)")
    return found


def _screenshot(page_html: str, tmp: Path, size: tuple[int, int] = (1000, 1800)) -> Any:
    from PIL import Image

    page = tmp / "report.html"
    page.write_text(page_html, encoding="utf-8")
    shot = tmp / "report.png"
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                _chromium(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--hide-scrollbars",
                "--force-device-scale-factor=1",
                f"--user-data-dir={profile}",
                f"--screenshot={shot}",
                f"--window-size={size[0]},{size[1]}",
                page.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=90,
        )
    return Image.open(shot).convert("RGB")


def _near(pixel: tuple[int, int, int], colour: tuple[int, int, int], tol: int = 40) -> bool:
    return all(abs(a - b) <= tol for a, b in zip(pixel, colour, strict=True))


def _bbox_of(img: Any, colour: tuple[int, int, int]) -> tuple[int, int, int, int]:
    from PIL import Image, ImageChops

    solid = Image.new("RGB", img.size, colour)
    mask = ImageChops.difference(img, solid).convert("L").point(lambda v: 255 if v < 12 else 0)
    box = mask.getbbox()
    assert box is not None, f"no pixel of colour {colour} in the screenshot"
    return box  # type: ignore[no-any-return]


def _visible_text(page_html: str) -> str:
    """What a reader sees, without the marked ETSI codes and the style sheet."""
    tree = lxml_html.fromstring(page_html)
    for el in tree.xpath("//code|//style|//script"):
        el.drop_tree()
    return " ".join(tree.text_content().split())


def _rows(tree: Any, xpath: str = "//table/tr") -> list[list[str]]:
    """The cells' texts of the table rows (header and data cells alike)."""
    return [
        [" ".join(c.text_content().split()) for c in tr.xpath("th|td")] for tr in tree.xpath(xpath)
    ]


def _ascii_words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"\w+", text) if w.isascii() and w.isalpha()}


# --- data in the report (JSON users get it too) ----------------------------------------------


def test_report_carries_boxes_changes_and_areas(clerk) -> None:  # type: ignore[no-untyped-def]
    _pdf, report = clerk
    personal, agency = report.to_dict()["signatures"]
    assert (personal["page"], personal["box"]) == (1, list(PERSONAL_BOX))
    assert (agency["page"], agency["box"]) == (1, list(AGENCY_BOX))
    later = {(c["kind"], c["revision"]) for c in personal["later_changes"]}
    # the comment was added in revision 3, before the agency signed in revision 4
    assert ("annotation", 3) in later and ("signature", agency["revision"]) in later
    assert agency["revision"] == 4
    assert personal["changed_areas"] == [{"page": 1, "box": list(NOTE_BOX), "kind": "annotation"}]
    assert agency["changed_areas"] == []
    # only the DSS revision after it (its /ModDate may differ by a second: metadata)
    assert {c["kind"] for c in agency["later_changes"]} <= {"ltv", "metadata"}
    assert personal["signing_time"].endswith("+07:00")  # JSON keeps ISO 8601


def test_content_change_is_located_by_the_rendering(sign) -> None:  # type: ignore[no-untyped-def]
    """A rectangle painted over the page after signing: the area comes from the pixels."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    from tests.verification.conftest import blank_pdf

    signed = sign(blank_pdf(), field="CaNhan")
    w = IncrementalPdfFileWriter(io.BytesIO(signed))
    page_ref, _ = w.find_page_for_modification(0)
    page = page_ref.get_object()
    patch = w.add_object(generic.StreamObject(stream_data=b"q 0 0 0 rg 100 400 150 60 re f Q"))
    contents = page.raw_get("/Contents")
    page[generic.NameObject("/Contents")] = generic.ArrayObject([contents, patch])
    w.update_container(page)
    out = io.BytesIO()
    w.write(out)
    report = verify_pdf(out.getvalue(), trust=TrustProfile.custom([]), revocation="embedded-only")
    (sig,) = report.signatures
    assert sig.modification == "disallowed"
    content = [a for a in sig.changed_areas if a.kind == "content"]
    assert len(content) == 1 and content[0].page == 0
    x0, y0, x1, y1 = content[0].box
    assert abs(x0 - 100) < 4 and abs(y0 - 400) < 4 and abs(x1 - 250) < 4 and abs(y1 - 460) < 4


# --- the page picture, checked in the screenshot ---------------------------------------------


def test_screenshot_shows_page_with_numbered_boxes_and_red_change(clerk, tmp_path) -> None:  # type: ignore[no-untyped-def]
    pdf, report = clerk
    img = _screenshot(to_html(report, pdf), tmp_path)
    # the page picture's frame (a 2 px border around it)
    fx0, fy0, fx1, fy1 = _bbox_of(img, FRAME_TEAL)
    left, top, right = fx0 + 2, fy0 + 2, fx1 - 2
    assert abs((right - left) - PIC_WIDTH) <= 2
    scale = (right - left) / 595.2756  # the sample is A4
    assert fy1 - fy0 > 841.89 * scale * 0.95, "the whole page picture is on screen"
    # the picture shows the page: its text is drawn (dark pixels inside the frame)
    crop = img.crop((left, top, right, fy1 - 2)).convert("L")
    assert sum(crop.histogram()[:100]) > 3000

    def at(box: tuple[float, float, float, float]) -> tuple[int, int, int, int]:
        x0, y0, x1, y1 = box
        return (
            round(left + x0 * scale),
            round(top + (841.89 - y1) * scale),
            round(left + x1 * scale),
            round(top + (841.89 - y0) * scale),
        )

    def edge_has(colour: tuple[int, int, int], x: int, y: int, horizontal: bool) -> bool:
        span = range(-3, 5)
        pts = [(x + d, y) for d in span] if horizontal else [(x, y + d) for d in span]
        return any(_near(img.getpixel(p), colour) for p in pts)

    for box in (PERSONAL_BOX, AGENCY_BOX):
        x0, y0, x1, y1 = at(box)
        mid_x, mid_y = (x0 + x1) // 2, (y0 + y1) // 2
        # the four sides of the outline are blue, and its middle is not painted over
        assert edge_has(SIG_BLUE, x0, mid_y, True) and edge_has(SIG_BLUE, x1 - 2, mid_y, True)
        assert edge_has(SIG_BLUE, mid_x, y0, False) and edge_has(SIG_BLUE, mid_x, y1 - 2, False)
        assert not _near(img.getpixel((mid_x, mid_y)), SIG_BLUE)
        # the number label sits on the box's top left corner: blue with a white digit
        label = img.crop((x0, y0 - 20, x0 + 20, y0))
        colours = label.getcolors(maxcolors=4096) or []
        blue = sum(n for n, c in colours if _near(c, SIG_BLUE))
        white = sum(n for n, c in colours if min(c) > 220)
        assert blue > 120 and white > 8, (box, blue, white)
    # the comment added after the first signature: a red outline, nowhere else red
    x0, y0, x1, y1 = at(NOTE_BOX)
    mid_x, mid_y = (x0 + x1) // 2, (y0 + y1) // 2
    assert edge_has(CHANGE_RED, x0, mid_y, True) and edge_has(CHANGE_RED, x1 - 2, mid_y, True)
    assert edge_has(CHANGE_RED, mid_x, y0, False) and edge_has(CHANGE_RED, mid_x, y1 - 2, False)
    rx0, ry0, rx1, ry1 = _bbox_of(img, CHANGE_RED)
    assert abs(rx0 - x0) <= 3 and abs(ry0 - y0) <= 3 and abs(rx1 - x1) <= 3 and abs(ry1 - y1) <= 3
    # the two signatures' boxes are where their widgets are, not swapped
    assert at(AGENCY_BOX)[0] < at(PERSONAL_BOX)[0]


# --- words, times, document details ------------------------------------------------------------


def test_vietnamese_report_has_no_english_word(clerk) -> None:  # type: ignore[no-untyped-def]
    pdf, report = clerk
    vi_text = _visible_text(to_html(report, pdf))
    en_text = _visible_text(to_html(report, pdf, lang="en"))
    # words that come from the document and its certificates are the same in both reports
    from vndocsign.metadata import extract_metadata

    data = json.dumps(
        [report.file, extract_metadata(pdf).to_dict()]
        + [
            [s.field, s.issuer_ca, s.chain, s.signer.to_dict() if s.signer else None]
            for s in report.signatures
        ],
        ensure_ascii=False,
        default=str,
    )
    codes = {"etsi", "en", "gmt", "tt", "bkhcn", "vndocsign"}  # ETSI EN 319 102-1, TT 15/2025
    homographs = {"in"}  # Vietnamese too: "in sẵn" (pre-printed)
    english = _ascii_words(en_text) - _ascii_words(data) - codes - homographs
    assert len(english) > 80, sorted(english)  # the check has teeth
    leaked = _ascii_words(vi_text) & english
    assert not leaked, sorted(leaked)
    for word in ("allowed", "none", "n/a", "yes", "individual", "organization", "custom"):
        assert not re.search(rf"(?<!\w){re.escape(word)}(?!\w)", vi_text, re.IGNORECASE), word
    assert "TOTAL_PASSED" not in vi_text  # ETSI codes only inside <code class='etsi'>
    assert "<code class='etsi' title='ETSI EN 319 102-1'>ETSI: TOTAL_PASSED</code>" in to_html(
        report, pdf
    )


def test_times_are_dd_mm_yyyy_gmt7(clerk) -> None:  # type: ignore[no-untyped-def]
    pdf, report = clerk
    text = _visible_text(to_html(report, pdf))
    times = WHEN.findall(text)
    assert len(times) >= 5  # checked at, two signing times, certificate validity
    assert "+07:00" not in text and not re.search(r"\d{4}-\d{2}-\d{2}T\d", text)
    assert not re.search(r"\d\d:\d\d:\d\d\.\d", text)  # no microseconds
    personal = report.signatures[0]
    from vndocsign.verification._render_words import format_time

    assert format_time(personal.signing_time) in text
    assert format_time("2024-01-01T00:00:00+00:00") == "01/01/2024 07:00:00 (GMT+7)"


def test_document_details_and_timeline(clerk) -> None:  # type: ignore[no-untyped-def]
    pdf, report = clerk
    page = to_html(report, pdf)
    tree = lxml_html.fromstring(page)
    rows = dict(_rows(tree, "//table[@class='document']/tr"))
    assert rows["Số, ký hiệu"] == "2183/UBND-KGVX"
    assert rows["Ngày ban hành"] == "Quảng Ngãi, 31/05/2024"
    assert rows["Cơ quan ban hành"] == "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI"
    assert rows["Trích yếu"].startswith("V/v triển khai văn bản điện tử")
    timeline = {r[0]: r[1:] for r in _rows(tree, "//table[@class='timeline']/tr")[1:]}
    # 1 personal, 2 its DSS, 3 the comment, 4 agency, (5 its DSS: its /ModDate may be the
    # same second), then what the rendering comparison found
    assert list(timeline)[:4] == ["1", "2", "3", "4"] and list(timeline)[-1] == "—", timeline
    when, what = timeline["1"]
    assert WHEN.fullmatch(when) and "chữ ký cá nhân" in what and "Nguyễn Văn An" in what
    assert "số hiệu 1001" in what and "cấp bởi CA phục vụ các cơ quan Nhà nước G2" in what
    assert timeline["3"] == ["—", "Thay đổi: thêm hoặc sửa ghi chú"]
    when, what = timeline["4"]
    assert WHEN.fullmatch(when) and "chữ ký cơ quan" in what and "Sở Y tế" in what
    # figure: page 1 with both numbered boxes and the red one
    assert tree.xpath("//figure/@data-page") == ["1"]
    assert tree.xpath("//div[@class='box sig']/@data-n") == ["1", "2"]
    assert tree.xpath("//div[@class='box change']/@data-kind") == ["annotation"]


def test_english_report(clerk) -> None:  # type: ignore[no-untyped-def]
    pdf, report = clerk
    page = to_html(report, pdf, lang="en")
    text = _visible_text(page)
    assert "<html lang='en'>" in page
    assert "SIGNATURE VERIFICATION REPORT" in text and "Timeline of signatures" in text
    assert ["Number", "2183/UBND-KGVX"] in _rows(lxml_html.fromstring(page))
    assert "personal signature" in text
    assert "Kết quả" not in text and WHEN.search(text)


def test_without_the_pdf_no_pictures_but_a_note(clerk) -> None:  # type: ignore[no-untyped-def]
    _pdf, report = clerk  # verified from bytes: no file to re-read
    page = to_html(report)
    assert "<img" not in page and "không có tệp PDF" in page


def test_intact_but_not_valid_says_why(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from vndocsign.verification.demo import demo_signed_pdf

    pdf, _root = demo_signed_pdf()
    report = verify_pdf(
        pdf,
        trust=TrustProfile.named("cong-vu", TrustStore(tmp_path / "none")),
        revocation="embedded-only",
    )
    (sig,) = report.signatures
    assert sig.intact is True and sig.indication != "TOTAL_PASSED"
    page = to_html(report, pdf)
    assert ["Tính toàn vẹn", "Có"] in _rows(lxml_html.fromstring(page))
    text = _visible_text(page)
    assert "Vì sao chưa được công nhận hợp lệ" in text
    assert "chứng thư không dẫn tới chứng thư gốc nào trong hồ sơ tin cậy đã chọn" in text
    en = _visible_text(to_html(report, pdf, lang="en"))
    assert "does not lead to a root of the chosen trust profile" in en


# --- the PDF report and the command line --------------------------------------------------------


def test_pdf_report(clerk) -> None:  # type: ignore[no-untyped-def]
    _chromium()
    from pypdf import PdfReader

    pdf, report = clerk
    data = to_pdf(report, pdf)
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(p.extract_text() or "" for p in reader.pages)
    assert "2183/UBND-KGVX" in text and "GMT+7" in text
    assert any("/XObject" in (p.get("/Resources") or {}) for p in reader.pages)  # the picture


def test_pdf_report_without_chromium_is_a_typed_error(clerk, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _pdf, report = clerk
    monkeypatch.setenv("VNDOCSIGN_CHROMIUM", "/nonexistent/chromium")
    with pytest.raises(ChromiumNotFoundError) as info:
        to_pdf(report)
    assert info.value.code == "verification.chromium_not_found"


def test_cli_html_and_pdf_reports(clerk, vn_pki, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _chromium()
    pdf, _ = clerk
    doc = tmp_path / "cong-van.pdf"
    doc.write_bytes(pdf)
    root = tmp_path / "root.der"
    root.write_bytes(vn_pki.root.dump())
    args = ["verify", str(doc), "--trust-root", str(root), "--offline"]
    res = CliRunner().invoke(
        cli,
        [*args, "--html", str(tmp_path / "r.html"), "--pdf-report", str(tmp_path / "r.pdf")],
        standalone_mode=False,
    )
    assert res.exception is None, res.output
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<html lang='vi'>" in page and "data:image/png;base64," in page  # file re-read
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF-")
    res = CliRunner().invoke(
        cli, [*args, "--html", str(tmp_path / "en.html"), "--lang", "en"], standalone_mode=False
    )
    assert "<html lang='en'>" in (tmp_path / "en.html").read_text(encoding="utf-8")
    monkeypatch.setenv("VNDOCSIGN_CHROMIUM", "/nonexistent/chromium")
    res = CliRunner().invoke(
        cli, [*args, "--pdf-report", str(tmp_path / "x.pdf")], standalone_mode=False
    )
    assert isinstance(res.exception, ChromiumNotFoundError)
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize("rotation", [0, 90, 270])
def test_boxes_follow_page_rotation(sign, vn_pki, rotation: int) -> None:  # type: ignore[no-untyped-def]
    """A blue rectangle painted in user space under the widget: the picture's outline (in
    percent of the displayed page) lands on it whatever the page's /Rotate."""
    from PIL import Image
    from reportlab.pdfgen import canvas

    from vndocsign.verification._render_picture import page_pictures

    rect = (100, 500, 300, 560)
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.setPageRotation(rotation)
    c.setFillColorRGB(0, 0, 1)
    c.rect(rect[0], rect[1], rect[2] - rect[0], rect[3] - rect[1], stroke=0, fill=1)
    c.showPage()
    c.save()
    pdf = sign(buf.getvalue(), field="CaNhan", box=rect)
    report = verify_pdf(pdf, trust=TrustProfile.custom([vn_pki.root]), revocation="embedded-only")
    (picture,) = page_pictures(report, pdf)
    (overlay,) = picture.overlays
    img = Image.open(io.BytesIO(picture.image)).convert("RGB")
    # reportlab turns the MediaBox to landscape for /Rotate 90 and 270: displayed upright
    assert img.width < img.height
    w, h = img.size
    expected = (
        overlay.left * w / 100,
        overlay.top * h / 100,
        (overlay.left + overlay.width) * w / 100,
        (overlay.top + overlay.height) * h / 100,
    )
    blue = _bbox_of(img, (0, 0, 255))
    assert all(abs(a - b) <= 3 for a, b in zip(blue, expected, strict=True)), (blue, expected)
