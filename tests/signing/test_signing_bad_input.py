"""Bad input ends in a typed error, the input untouched and no output file."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tests.pki import P12_PASSWORD, vnpki
from tests.signing.helpers import make_pdf
from vndocsign.errors import PlacementError, SigningError
from vndocsign.signing import (
    Appearance,
    AppearanceError,
    Box,
    DocMdp,
    DocumentRefusedError,
    KeyAccessError,
    TimestampError,
    load_pkcs12,
    sign_file,
    sign_pdf,
)

INVISIBLE = Appearance(invisible=True)


def _assert_no_output(tmp_path: Path, before: bytes) -> None:
    assert (tmp_path / "in.pdf").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.pdf"]


@pytest.fixture
def src(tmp_path: Path) -> Path:
    path = tmp_path / "in.pdf"
    path.write_bytes(make_pdf())
    return path


def test_wrong_password(vn_pki, monkeypatch: pytest.MonkeyPatch):
    data = vn_pki.p12_bytes(vnpki.PERSONAL)
    with pytest.raises(KeyAccessError) as info:
        load_pkcs12(data, "sai-mat-khau")
    assert "sai mật khẩu" in info.value.vi
    assert "sai-mat-khau" not in str(info.value)  # the secret is never echoed
    monkeypatch.setenv("VNDOCSIGN_P12_PASSWORD", P12_PASSWORD)
    assert load_pkcs12(data).common_name == "Nguyễn Văn An"  # from the environment
    with pytest.raises(KeyAccessError):
        load_pkcs12(Path("/nonexistent/key.p12"), "x")


def test_encrypted_pdf(keys, tmp_path: Path):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(make_pdf())))
    writer.encrypt("user", "owner")
    buf = io.BytesIO()
    writer.write(buf)
    path = tmp_path / "in.pdf"
    path.write_bytes(buf.getvalue())
    with pytest.raises(DocumentRefusedError, match="encrypted"):
        sign_file(
            path, tmp_path / "out.pdf", keys[vnpki.PERSONAL], role="personal", appearance=INVISIBLE
        )
    _assert_no_output(tmp_path, buf.getvalue())


def test_certified_no_changes(keys, tmp_path: Path):
    locked = sign_pdf(
        make_pdf(),
        keys[vnpki.PERSONAL],
        role="personal",
        appearance=INVISIBLE,
        certify=DocMdp.NO_CHANGES,
    )
    path = tmp_path / "in.pdf"
    path.write_bytes(locked)
    with pytest.raises(DocumentRefusedError, match="no changes allowed"):
        sign_file(
            path, tmp_path / "out.pdf", keys[vnpki.AGENCY_MST], role="agency", appearance=INVISIBLE
        )
    _assert_no_output(tmp_path, locked)


def test_not_a_pdf(keys, tmp_path: Path):
    path = tmp_path / "in.pdf"
    path.write_bytes(b"this is not a PDF")
    with pytest.raises(DocumentRefusedError):
        sign_file(
            path, tmp_path / "out.pdf", keys[vnpki.PERSONAL], role="personal", appearance=INVISIBLE
        )
    _assert_no_output(tmp_path, b"this is not a PDF")


@pytest.mark.parametrize(
    "box",
    [
        Box((500, 700, 700, 760), 0),  # beyond the right edge
        Box((100, -50, 200, 10), 0),  # below the page
        Box((100, 100, 200, 150), 3),  # page 4 of 1
        "10,10,10,50@1",  # empty box
    ],
)
def test_placement_outside_page(keys, src: Path, box):
    before = src.read_bytes()
    with pytest.raises(PlacementError) as info:
        sign_file(
            src,
            src.parent / "out.pdf",
            keys[vnpki.PERSONAL],
            role="personal",
            placement=box,
            appearance=Appearance.text_mode(),
        )
    assert isinstance(info.value, SigningError)  # both a placement and a signing error
    _assert_no_output(src.parent, before)


def test_bad_box_syntax(keys, src: Path):
    with pytest.raises(PlacementError, match="x0,y0,x1,y1"):
        sign_pdf(
            src.read_bytes(),
            keys[vnpki.PERSONAL],
            role="personal",
            placement="left bottom",
            appearance=Appearance.text_mode(),
        )


def test_image_not_png(keys, src: Path, tmp_path: Path):
    from PIL import Image

    jpeg = io.BytesIO()
    Image.new("RGB", (50, 20), (0, 0, 255)).save(jpeg, "JPEG")
    before = src.read_bytes()
    with pytest.raises(AppearanceError, match="not a PNG"):
        sign_file(
            src,
            tmp_path / "out.pdf",
            keys[vnpki.PERSONAL],
            role="personal",
            placement=Box((300, 300, 400, 340), 0),
            appearance=Appearance(image=jpeg.getvalue()),
        )
    _assert_no_output(tmp_path, before)


def test_png_without_alpha(keys, src: Path, tmp_path: Path):
    from PIL import Image

    png = io.BytesIO()
    Image.new("RGB", (50, 20), (0, 0, 255)).save(png, "PNG")
    with pytest.raises(AppearanceError, match="transparen"):
        sign_file(
            src,
            tmp_path / "out.pdf",
            keys[vnpki.PERSONAL],
            role="personal",
            placement=Box((300, 300, 400, 340), 0),
            appearance=Appearance(image=png.getvalue()),
        )
    _assert_no_output(tmp_path, src.read_bytes())


def test_unreachable_tsa(keys, dead_pki, src: Path, tmp_path: Path):
    before = src.read_bytes()
    with pytest.raises(TimestampError):
        sign_file(
            src,
            tmp_path / "out.pdf",
            keys[vnpki.PERSONAL],
            role="personal",
            appearance=INVISIBLE,
            level="B-T",
            tsa_url=dead_pki.tsa_url,
        )
    _assert_no_output(tmp_path, before)


def test_timestamp_level_needs_tsa(keys, src: Path):
    with pytest.raises(TimestampError, match="tsa_url"):
        sign_pdf(
            src.read_bytes(),
            keys[vnpki.PERSONAL],
            role="personal",
            appearance=INVISIBLE,
            level="B-T",
        )


def test_unknown_role_and_level(keys, src: Path):
    with pytest.raises(SigningError):
        sign_pdf(src.read_bytes(), keys[vnpki.PERSONAL], role="boss", appearance=INVISIBLE)
    with pytest.raises(SigningError):
        sign_pdf(
            src.read_bytes(),
            keys[vnpki.PERSONAL],
            role="personal",
            appearance=INVISIBLE,
            level="B-XL",
        )


def test_font_cannot_draw(keys, src: Path):
    with pytest.raises(AppearanceError, match="cannot draw"):
        sign_pdf(
            src.read_bytes(),
            keys[vnpki.PERSONAL],
            role="personal",
            placement=Box((300, 300, 500, 340), 0),
            appearance=Appearance(text=("漢字 không có",)),
        )


def test_missing_font_file(keys, src: Path):
    with pytest.raises(AppearanceError, match="Font file not found"):
        sign_pdf(
            src.read_bytes(),
            keys[vnpki.PERSONAL],
            role="personal",
            placement=Box((300, 300, 500, 340), 0),
            appearance=Appearance.text_mode(font="/nonexistent/font.ttf"),
        )


def _revoked() -> Exception:
    from pyhanko_certvalidator.errors import RevokedError

    error = RevokedError.__new__(RevokedError)
    Exception.__init__(error, "the TSA said timestamp")
    return error


def test_pyhanko_errors_are_mapped_by_type():
    """The class decides, not the message: a timestamp error mentioning "revoked" stays one."""
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.sign.general import SigningError as HankoSigningError
    from pyhanko.sign.timestamps.common_utils import TimestampRequestError
    from pyhanko_certvalidator.errors import PathBuildingError

    from vndocsign.signing import CertificateRejectedError, Level, SigningFailedError
    from vndocsign.signing._translate import translate

    cases = [
        (TimestampRequestError("certificate revoked at the TSA"), TimestampError),
        (_revoked(), CertificateRejectedError),
        (PathBuildingError("no path"), CertificateRejectedError),
        (PdfReadError("timestamp in a broken xref"), DocumentRefusedError),
        (HankoSigningError("DocMDP timestamp revoked"), SigningFailedError),
        (ValueError("tsa"), SigningFailedError),
    ]
    for exc, expected in cases:
        mapped = translate(exc, Level.B_T)
        assert type(mapped) is expected, (exc, mapped)
        assert mapped.details["error"] == type(exc).__name__
    assert translate(TimestampRequestError("x"), Level.B_T).code == "signing.timestamp"
    assert translate(ValueError("x"), Level.B_B).code == "signing.failed"


def test_output_gets_the_umask_permissions(keys, src: Path, tmp_path: Path):
    """The atomic helper's temporary file is 0600; the output must not be."""
    import os

    old = os.umask(0o027)
    try:
        sign_file(
            src, tmp_path / "out.pdf", keys[vnpki.PERSONAL], role="personal", appearance=INVISIBLE
        )
    finally:
        os.umask(old)
    assert (tmp_path / "out.pdf").stat().st_mode & 0o777 == 0o640


def test_unknown_role_and_level_are_typed(keys, src: Path):
    from vndocsign.signing import InvalidOptionError, SigningOptions

    with pytest.raises(InvalidOptionError) as info:
        SigningOptions(role="boss")
    assert info.value.code == "signing.invalid_option"
    with pytest.raises(InvalidOptionError, match="B-X"):
        SigningOptions(role="personal", level="B-X")
    assert SigningOptions(role="seal").role == "agency"  # the old placement spelling


def test_unknown_keyword_is_a_typed_error(keys, src: Path):
    from vndocsign.signing import InvalidOptionError

    with pytest.raises(InvalidOptionError, match="colour"):
        sign_pdf(src.read_bytes(), keys[vnpki.PERSONAL], role="personal", colour="red")
    with pytest.raises(InvalidOptionError, match="role"):
        sign_pdf(src.read_bytes(), keys[vnpki.PERSONAL], appearance=INVISIBLE)
