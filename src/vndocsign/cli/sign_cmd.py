"""``vndocsign sign`` and ``vndocsign issue``: PAdES signatures of the Decree 30 roles.

Secrets never go on the command line: the PKCS#12 password is read from the environment
variable named by ``--password-env`` (default ``VNDOCSIGN_P12_PASSWORD``) or prompted for on a
terminal; the token PIN likewise (``--pin-env``, default ``VNDOCSIGN_PKCS11_PIN``).
``vndocsign sign … --remote csc|smartca|mysign --remote-url URL --credential ID`` signs through a
remote signing service instead (:mod:`vndocsign.cli.remote_cmd`: secrets only from
``VNDOCSIGN_REMOTE_*`` environment variables, a progress line while the holder confirms).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from vndocsign.cli._common import (
    EXIT_OK,
    MAX_PAGE_MM,
    Number,
    echo_json,
    json_option,
    secret_from_env,
)
from vndocsign.cli.remote_cmd import RemoteTarget, remote_options, sign_through_remote
from vndocsign.errors import VndocsignError
from vndocsign.model import SignatureRole

__all__ = ["commands"]

#: A physical size on the page: more than 0, at most the largest PDF page (5,080 mm).
_SIZE_MM = Number(minimum=0, maximum=MAX_PAGE_MM, open_min=True, unit="mm")


def _key_options(func: Any) -> Any:
    options = [
        click.option(
            "--p12",
            "p12",
            type=click.Path(dir_okay=False),
            help="PKCS#12 (.p12/.pfx) file with the key and certificate chain.",
        ),
        click.option(
            "--password-env",
            default="VNDOCSIGN_P12_PASSWORD",
            show_default=True,
            help="Environment variable holding the PKCS#12 password.",
        ),
        click.option(
            "--pkcs11-lib",
            type=click.Path(dir_okay=False),
            help="PKCS#11 module of the token (e.g. /usr/lib/softhsm/libsofthsm2.so).",
        ),
        click.option("--token-label", help="PKCS#11 token label."),
        click.option("--key-label", help="PKCS#11 key (and certificate) label."),
        click.option(
            "--pin-env",
            default="VNDOCSIGN_PKCS11_PIN",
            show_default=True,
            help="Environment variable holding the token PIN.",
        ),
        click.option(
            "--trust-root",
            "trust_roots",
            multiple=True,
            type=click.Path(dir_okay=False),
            help="Trusted root certificate (PEM/DER) for revocation checks and B-LT.",
        ),
        click.option(
            "--level",
            default="B-B",
            show_default=True,
            type=click.Choice(["B-B", "B-T", "B-LT", "B-LTA"], case_sensitive=False),
            help="PAdES baseline level.",
        ),
        click.option("--tsa", "tsa_url", help="RFC 3161 time-stamping URL (B-T and above)."),
        click.option(
            "--legacy-policy",
            is_flag=True,
            help="Accept RSA-1024 / SHA-1-signed certificates (old tokens); reported.",
        ),
        click.option(
            "--strict-role",
            is_flag=True,
            help="Refuse (instead of warn) when the certificate kind does not fit the role.",
        ),
        click.option(
            "--font",
            type=click.Path(dir_okay=False),
            help="TrueType font for text appearances (default: Liberation Serif or Noto Serif).",
        ),
        click.option(
            "--placement", default=None, help="'auto' or x0,y0,x1,y1@page (points, page from 1)."
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _open_key(
    p12: str | None,
    password_env: str,
    pkcs11_lib: str | None,
    token_label: str | None,
    key_label: str | None,
    pin_env: str,
) -> Any:
    from vndocsign.signing import load_pkcs12, open_pkcs11

    if bool(p12) == bool(pkcs11_lib):
        raise click.UsageError("Give exactly one of --p12 or --pkcs11-lib")
    if p12:
        password = os.environ.get(password_env)
        if password is None and sys.stdin.isatty():
            password = click.prompt(
                "Mật khẩu PKCS#12 / PKCS#12 password",
                hide_input=True,
                default="",
                show_default=False,
            )
        if password is not None:
            return load_pkcs12(p12, password, password_env=None)
        try:  # a PKCS#12 file without a password needs no variable
            return load_pkcs12(p12, None, password_env=None)
        except VndocsignError:
            secret_from_env(password_env, "PKCS#12 password", "mật khẩu PKCS#12")
            raise
    secret_from_env(pin_env, "token PIN", "mã PIN của token")
    return open_pkcs11(
        str(pkcs11_lib), token_label=token_label, key_label=key_label, pin_env=pin_env
    )


def _checked_input_and_policy(
    file: str, output: str, legacy_policy: bool, strict_role: bool, placement: str | None
) -> Any:
    """Refuse a missing input file or output folder, or a malformed ``--placement`` box (before
    the key is opened); the signing policy the flags ask for."""
    import attrs

    from vndocsign._io import check_input_file, check_output_folder
    from vndocsign.signing import Box, SigningPolicy

    check_input_file(file)
    check_output_folder(output)
    if placement is not None and placement.strip().lower() != "auto":
        Box.parse(placement)  # nan, 1e400, a page beyond any document: typed, exit 3
    policy = SigningPolicy.legacy() if legacy_policy else SigningPolicy()
    return attrs.evolve(policy, strict_role=True) if strict_role else policy


def _load_roots(paths: tuple[str, ...]) -> list[Any] | None:
    if not paths:
        return None
    from pyhanko import keys

    load_certs: Any = keys.load_certs_from_pemder

    from vndocsign.signing import KeyAccessError

    try:
        return list(load_certs(list(paths)))
    except Exception as exc:
        raise KeyAccessError(
            f"Cannot read the trust root(s): {exc}", "Không đọc được chứng thư gốc tin cậy"
        ) from None


def _appearance(text_lines: tuple[str, ...], text_mode: bool, **fields: Any) -> Any:
    from vndocsign.signing import Appearance

    if text_lines:
        return Appearance(text=text_lines, **fields)
    if text_mode:
        return Appearance(text=("Ký bởi: {signer}", "Thời gian ký: {time}"), **fields)
    return Appearance(**fields)


def _emit(as_json: bool, data: dict[str, Any], out: str) -> None:
    if as_json:
        echo_json(data)
        return
    click.echo(
        f"Đã ký / Signed: {out} ({data.get('role')}, {data.get('level')}, {data.get('signer')})"
    )
    for warning in data.get("warnings", []):
        click.echo(f"Cảnh báo / Warning: {warning}", err=True)


@click.command("sign")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option(
    "-o",
    "--output",
    "output",
    required=True,
    type=click.Path(dir_okay=False),
    help="Signed PDF to write (atomically; may equal FILE).",
)
@click.option(
    "--role",
    required=True,
    type=click.Choice([r.value for r in SignatureRole]),
    help="Decree 30 role of this signature.",
)
@click.option(
    "--image",
    type=click.Path(dir_okay=False),
    help="Transparent PNG: handwritten signature, seal, or initial.",
)
@click.option(
    "--image-size-mm",
    nargs=2,
    type=_SIZE_MM,
    default=None,
    help="Physical size of the image (the seal's real size), width height.",
)
@click.option(
    "--text",
    "text_lines",
    multiple=True,
    help="Text line of the appearance (repeatable; {signer}, {time}, {number}...).",
)
@click.option(
    "--text-mode",
    is_flag=True,
    help="Text appearance 'Ký bởi: … / Thời gian ký: …' instead of an image.",
)
@click.option("--number", help="Số, ký hiệu shown by attachment stamps.")
@click.option("--agency", help="Copying agency shown by copy stamps (default: certificate O).")
@click.option(
    "--copy-form",
    default="SAO Y",
    show_default=True,
    type=click.Choice(["SAO Y", "SAO LỤC", "TRÍCH SAO"]),
)
@click.option("--invisible", is_flag=True, help="No visible appearance.")
@click.option(
    "--for-issue",
    is_flag=True,
    help="Deprecated, no effect: 'vndocsign issue' works on any personally signed document.",
)
@click.option("--reason", help="Reason recorded in the signature.")
@click.option("--location", help="Location recorded in the signature.")
@_key_options
@remote_options(required=False)
@json_option
def sign_command(
    file: str,
    output: str,
    target: RemoteTarget | None,
    role: str,
    image: str | None,
    image_size_mm: tuple[float, float] | None,
    text_lines: tuple[str, ...],
    text_mode: bool,
    number: str | None,
    agency: str | None,
    copy_form: str,
    invisible: bool,
    for_issue: bool,
    reason: str | None,
    location: str | None,
    p12: str | None,
    password_env: str,
    pkcs11_lib: str | None,
    token_label: str | None,
    key_label: str | None,
    pin_env: str,
    trust_roots: tuple[str, ...],
    level: str,
    tsa_url: str | None,
    legacy_policy: bool,
    strict_role: bool,
    font: str | None,
    placement: str | None,
    as_json: bool,
) -> int:
    """Ký số FILE với vai trò Nghị định 30 / Sign FILE as one Decree 30 role (PAdES).

    The key: --p12, --pkcs11-lib, or --remote csc|smartca|mysign --remote-url URL
    (ký số từ xa: secrets only from VNDOCSIGN_REMOTE_* environment variables).
    """
    from vndocsign.signing import SigningOptions, sign_file

    if target is not None and (p12 or pkcs11_lib):
        raise click.UsageError("--remote cannot be combined with --p12 or --pkcs11-lib")
    policy = _checked_input_and_policy(file, output, legacy_policy, strict_role, placement)
    appearance = _appearance(
        text_lines,
        text_mode,
        image=image,
        font=font,
        invisible=invisible,
        image_size_mm=image_size_mm,
        number=number,
        agency=agency,
        copy_form=copy_form,
    )
    del for_issue  # the reserved-field flow is gone: issue needs no foresight
    common: dict[str, Any] = {"placement": placement, "appearance": appearance, "level": level}
    common.update(tsa_url=tsa_url, policy=policy, reason=reason, location=location)
    common["trust_roots"] = _load_roots(trust_roots)
    if target is not None:
        return sign_through_remote(file, output, target, role=role, as_json=as_json, **common)
    key = _open_key(p12, password_env, pkcs11_lib, token_label, key_label, pin_env)
    with key:
        outcome = sign_file(file, output, key, SigningOptions(role=role, **common))
    _emit(as_json, {"output": output, **outcome.to_dict()}, output)
    return EXIT_OK


@click.command("issue")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option(
    "-o",
    "--output",
    "output",
    required=True,
    type=click.Path(dir_okay=False),
    help="Issued PDF to write (atomically).",
)
@click.option(
    "--number",
    required=True,
    help="Số, ký hiệu, e.g. 2183/UBND-KGVX, or only 2183 when the notation is printed.",
)
@click.option("--date", "issued_at", required=True, help="Issue date, YYYY-MM-DD.")
@click.option(
    "--seal",
    type=click.Path(dir_okay=False),
    help="The agency seal: red transparent PNG (drawn at its real size).",
)
@click.option(
    "--seal-size-mm",
    nargs=2,
    type=_SIZE_MM,
    default=None,
    help="Real size of the seal, width height in mm (default: the PNG's DPI).",
)
@click.option(
    "--stamps",
    type=click.Choice(["separate", "together"]),
    default="separate",
    show_default=True,
    help="Number and date parts: one agency signature each (as registries do) or one for all.",
)
@_key_options
@json_option
def issue_command(
    file: str,
    output: str,
    number: str,
    issued_at: str,
    seal: str | None,
    seal_size_mm: tuple[float, float] | None,
    stamps: str,
    p12: str | None,
    password_env: str,
    pkcs11_lib: str | None,
    token_label: str | None,
    key_label: str | None,
    pin_env: str,
    trust_roots: tuple[str, ...],
    level: str,
    tsa_url: str | None,
    legacy_policy: bool,
    strict_role: bool,
    font: str | None,
    placement: str | None,
    as_json: bool,
) -> int:
    """Cấp số, ghi ngày và ký số của cơ quan / Number, date and seal an issued document.

    FILE is any personally signed document with a 'Số:      /…' blank. The number and the
    missing parts of the date are stamped into their blanks as agency signatures (one each,
    as registries do, or one for all with --stamps together), then the seal signature over
    the personal signature.
    """
    from vndocsign._io import write_atomic
    from vndocsign.signing import Appearance, SigningOptions, issue_document, parse_issue_date

    policy = _checked_input_and_policy(file, output, legacy_policy, strict_role, placement)
    parse_issue_date(issued_at)  # 0001-01-01, 9999-12-31: refused before the key is opened
    roots = _load_roots(trust_roots)
    appearance = Appearance(
        image=seal,
        image_size_mm=seal_size_mm,
        font=font,
        invisible=seal is None and placement is None,
    )
    key = _open_key(p12, password_env, pkcs11_lib, token_label, key_label, pin_env)
    options = SigningOptions(
        role="agency",
        placement=placement,
        level=level,
        tsa_url=tsa_url,
        policy=policy,
        trust_roots=roots,
        appearance=appearance,
    )
    with key:
        result = issue_document(
            Path(file).read_bytes(),
            number,
            issued_at,
            key,
            seal,
            options,
            font=font,
            seal_size_mm=seal_size_mm,
            stamps=stamps,
        )
    assert result.pdf is not None
    write_atomic(output, result.pdf, make_parents=False)
    _emit(
        as_json,
        {"output": output, "number": number, "date": issued_at, **result.to_dict()},
        output,
    )
    return EXIT_OK


commands: list[click.Command] = [sign_command, issue_command]
