"""Issue 14, items 8 and 9: numeric options, issue dates and huge images are refused typed.

A number out of range -- ``nan`` and ``inf`` included -- is "value out of range" (exit 3), what
is not a number a usage error (exit 64), as in the exit-code table; through the API each is a typed
``VndocsignError`` raised before anything is drawn, so ``nan``/``inf`` never reach an
appearance stream. A 10,000 x 10,000 PNG is refused from its header (``max_image_pixels``)
without Pillow's raw ``DecompressionBombWarning``.
"""

from __future__ import annotations

import datetime as dt
import json
import struct
import warnings
import zlib
from pathlib import Path

import pytest

from tests.hostile._harness import assert_typed, run_cli
from vndocsign._limits import LimitError, use_limits
from vndocsign.cli._common import CONDITIONS
from vndocsign.cli.main import main
from vndocsign.errors import PlacementError, VndocsignError
from vndocsign.samples import sample_pdf
from vndocsign.signing import (
    EARLIEST_ISSUE_DATE,
    Appearance,
    AppearanceError,
    Box,
    ImageLimitError,
    InvalidOptionError,
    SigningOptions,
    load_png,
    parse_issue_date,
)

OUT_OF_RANGE = CONDITIONS["value out of range (--workers 0, --time-limit 0)"]
NOT_A_NUMBER = CONDITIONS["value of the wrong type or not one of the choices"]


def _png(width: int, height: int) -> bytes:
    """A real ``width`` x ``height`` PNG (1-bit palette with transparency: small on disk,
    ``width * height`` pixels once decoded)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    row = b"\0" + b"\0" * ((width + 7) // 8)
    squeeze = zlib.compressobj(9)
    idat = b"".join(squeeze.compress(row) for _ in range(height)) + squeeze.flush()
    return b"".join(
        [
            b"\x89PNG\r\n\x1a\n",
            chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 3, 0, 0, 0)),
            chunk(b"PLTE", b"\x00\x00\xff\xff\xff\xff"),
            chunk(b"tRNS", b"\x00"),
            chunk(b"IDAT", idat),
            chunk(b"IEND", b""),
        ]
    )


def _code(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.out, captured.err


# -- command line ----------------------------------------------------------------------------
SIGN = ["sign", "x.pdf", "-o", "y.pdf", "--role", "agency"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([*SIGN, "--image-size-mm", "nan", "nan"], OUT_OF_RANGE),
        ([*SIGN, "--image-size-mm", "inf", "30"], OUT_OF_RANGE),
        ([*SIGN, "--image-size-mm", "30", "-inf"], OUT_OF_RANGE),
        ([*SIGN, "--image-size-mm", "-3", "30"], OUT_OF_RANGE),
        ([*SIGN, "--image-size-mm", "0", "0"], OUT_OF_RANGE),
        ([*SIGN, "--image-size-mm", "1e300", "30"], OUT_OF_RANGE),
        ([*SIGN, "--placement", "nan,0,10,10@1"], 3),
        ([*SIGN, "--placement", "1" * 400 + ",0,10,10@1"], 3),
        ([*SIGN, "--placement", "0,0,10,10@" + "9" * 5000], 3),
        (
            [
                "issue",
                "x.pdf",
                "-o",
                "y.pdf",
                "--number",
                "1",
                "--date",
                "2024-01-01",
                "--seal-size-mm",
                "nan",
                "40",
            ],
            OUT_OF_RANGE,
        ),
        (
            [
                "issue",
                "x.pdf",
                "-o",
                "y.pdf",
                "--number",
                "1",
                "--date",
                "2024-01-01",
                "--seal-size-mm",
                "40",
                "99999",
            ],
            OUT_OF_RANGE,
        ),
        (["place", "x.pdf", "--role", "agency", "--seal-mm", "nan"], OUT_OF_RANGE),
        (["place", "x.pdf", "--role", "agency", "--seal-mm", "-36"], OUT_OF_RANGE),
        (["verify", "x.pdf", "--time-limit", "nan"], OUT_OF_RANGE),
        (["verify", "x.pdf", "--time-limit", "inf"], OUT_OF_RANGE),
        (["verify", "x.pdf", "--time-limit", "1e300"], OUT_OF_RANGE),
        (["verify", "x.pdf", "--workers", "1000000000"], OUT_OF_RANGE),
        (["verify", "x.pdf", "--workers", "2.5"], NOT_A_NUMBER),
        (
            [
                "sign-remote",
                "x.pdf",
                "-o",
                "y.pdf",
                "--role",
                "personal",
                "--remote-url",
                "https://h",
                "--credential",
                "c",
                "--poll-interval",
                "nan",
            ],
            OUT_OF_RANGE,
        ),
        (
            [
                "sign-remote",
                "x.pdf",
                "-o",
                "y.pdf",
                "--role",
                "personal",
                "--remote-url",
                "https://h",
                "--credential",
                "c",
                "--timeout",
                "-1",
            ],
            OUT_OF_RANGE,
        ),
    ],
)
def test_numeric_options(
    args: list[str], expected: int, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(sample_pdf("cong-van"))
    argv = [str(pdf) if a == "x.pdf" else str(tmp_path / a) if a == "y.pdf" else a for a in args]
    code, out, err = _code(capsys, *argv, "--json")
    assert code == expected, err
    data = json.loads(out)
    assert data["vi"] and data["en"] and data["error"], data
    if expected == NOT_A_NUMBER:
        assert data["code"] == "cli.usage"
    elif "--placement" not in args:
        assert data["code"] == "cli.bad_value" and "maximum" in data["details"], data
    assert "Lỗi" in err  # bilingual on stderr too


def test_not_finite_message_is_bilingual(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _code(capsys, *SIGN, "--image-size-mm", "nan", "nan", "--json")
    assert code == 3
    assert "phải là số hữu hạn > 0" in err and "must be a finite number > 0" in err
    assert json.loads(out)["details"]["value"] == "nan"  # a string: JSON has no NaN
    code, _out, err = _code(capsys, *SIGN, "--image-size-mm", "wide", "30")
    assert code == 64 and "không phải số" in err and "is not a number" in err


# -- API -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "size",
    [(float("nan"), 30.0), (30.0, float("inf")), (-1.0, 30.0), (0.0, 30.0), (1e300, 30.0)],
)
def test_appearance_refuses_sizes(size: tuple[float, float]) -> None:
    with pytest.raises(AppearanceError) as caught:
        Appearance(image_size_mm=size)
    assert isinstance(caught.value, VndocsignError) and caught.value.vi


@pytest.mark.parametrize(
    "fields",
    [
        {"font_size": float("nan")},
        {"font_size": 0},
        {"font_size": 1e9},
        {"color": (float("nan"), 0, 0)},
        {"runs": [("Số 1", float("inf"), 10.0)]},
        {"image_size_mm": (30.0,)},
    ],
)
def test_appearance_refuses_other_numbers(fields: dict[str, object]) -> None:
    with pytest.raises(AppearanceError):
        Appearance(**fields)  # type: ignore[arg-type]


def test_boxes() -> None:
    for bad in ("nan,0,10,10", "1" * 400 + ",0,10,10", "0,0,10,10@0", "0,0,10,10@" + "9" * 5000):
        with pytest.raises(PlacementError):
            SigningOptions(role="personal", placement=bad)
    with pytest.raises(PlacementError):
        Box(rect=(0.0, 0.0, float("inf"), 10.0))
    with pytest.raises(PlacementError):
        Box(rect=(0.0, 0.0, 10.0, 10.0), page=-1)
    assert Box.parse("10,20,110,70@2") == Box(rect=(10.0, 20.0, 110.0, 70.0), page=1)


def test_issue_dates() -> None:
    today = dt.date(2026, 12, 3)
    for bad in ("0001-01-01", "9999-12-31", "1945-09-01", "2027-12-05"):
        with pytest.raises(InvalidOptionError) as caught:
            parse_issue_date(bad, today=today)
        assert caught.value.details["limit"] == "max_days_ahead"
    assert parse_issue_date("1945-09-02", today=today) == EARLIEST_ISSUE_DATE
    assert parse_issue_date(dt.datetime(2027, 12, 4, 9), today=today) == dt.date(2027, 12, 4)
    with use_limits(max_days_ahead=5000):
        assert parse_issue_date("2039-01-01", today=today).year == 2039


def test_issue_date_from_the_command_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(sample_pdf("cong-van"))
    out = str(tmp_path / "y.pdf")
    for day in ("0001-01-01", "9999-12-31"):
        args = ["issue", str(pdf), "-o", out, "--number", "12", "--date", day, "--p12", "k.p12"]
        code, text, err = _code(capsys, *args, "--json")
        assert code == 3, err
        assert json.loads(text)["code"] == "signing.invalid_option"
        assert not Path(out).exists()


# -- images ----------------------------------------------------------------------------------
def test_huge_png_is_refused_from_its_header() -> None:
    huge = _png(10_000, 10_000)
    assert len(huge) < 2 << 20
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # Pillow's DecompressionBombWarning would fail here
        with pytest.raises(ImageLimitError) as caught:
            load_png(huge)
    error = caught.value
    assert isinstance(error, LimitError) and isinstance(error, AppearanceError)
    assert error.details["limit"] == "max_image_pixels"
    assert error.details["value"] == 100_000_000 and error.code == "signing.image_limit"
    with use_limits(max_image_pixels=100), pytest.raises(ImageLimitError):
        load_png(_png(20, 20))
    assert load_png(_png(20, 20)).width == 20


def test_huge_png_under_the_cap(
    vn_pki: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``sign --image`` and ``issue --seal`` with the 100 Mpx PNG: exit 3 naming the limit,
    within the 2 GiB cap, no Pillow warning on stderr."""
    from tests.pki import AGENCY_MST, P12_PASSWORD

    p12 = tmp_path / "k.p12"
    p12.write_bytes(vn_pki.p12_bytes(AGENCY_MST, P12_PASSWORD))  # type: ignore[attr-defined]
    monkeypatch.setenv("VNDOCSIGN_P12_PASSWORD", P12_PASSWORD)
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(sample_pdf("cong-van"))
    png = tmp_path / "huge.png"
    png.write_bytes(_png(10_000, 10_000))
    out = tmp_path / "y.pdf"
    key = ["--p12", str(p12), "--json"]
    for args in (
        [
            "sign",
            str(pdf),
            "-o",
            str(out),
            "--role",
            "agency",
            "--image",
            str(png),
            "--placement",
            "100,100,200,200@1",
            *key,
        ],
        [
            "issue",
            str(pdf),
            "-o",
            str(out),
            "--number",
            "12",
            "--date",
            "2024-05-10",
            "--seal",
            str(png),
            *key,
        ],
    ):
        run = assert_typed(run_cli(args))
        assert run.returncode == 3, run.describe()
        assert run.json()["details"]["limit"] == "max_image_pixels", run.stdout
        assert "DecompressionBomb" not in run.stderr
        assert not out.exists()
