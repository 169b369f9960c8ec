"""``vndocsign sign-remote``: sign through a remote signing service (ký số từ xa).

``--remote csc|smartca|mysign`` picks the protocol, ``--remote-url`` the service,
``--credential`` the key (CSC ``credentialID``, SmartCA certificate serial number, MySign
``credentialID``). Secrets are read from environment variables only — never from arguments,
which end up in shell histories and process lists:

* ``VNDOCSIGN_REMOTE_CLIENT_SECRET`` — SmartCA ``sp_password`` / MySign ``client_secret``;
* ``VNDOCSIGN_REMOTE_TOKEN`` — CSC OAuth 2.0 bearer token;
* ``VNDOCSIGN_REMOTE_PIN``, ``VNDOCSIGN_REMOTE_OTP`` — CSC explicit authorisation;
* ``VNDOCSIGN_REMOTE_SAD`` — a CSC SAD obtained through OAuth 2.0 (``oauth2code``);
* ``VNDOCSIGN_REMOTE_PASSWORD`` — MySign holder password (``grant_type=password``).

While the holder is asked to confirm on the phone a progress line is shown on stderr. The
output is written (atomically) only once the signature is embedded; the input is never
modified. The lead folds this into ``vndocsign sign --remote`` after the signing refactor.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from vndocsign.cli._common import EXIT_OK, InputPath, OutputPath, echo_json, json_option

__all__ = ["SECRET_ENV", "build_service", "commands", "sign_remote_command"]

#: environment variable of each secret
SECRET_ENV = {
    "client_secret": "VNDOCSIGN_REMOTE_CLIENT_SECRET",
    "token": "VNDOCSIGN_REMOTE_TOKEN",
    "pin": "VNDOCSIGN_REMOTE_PIN",
    "otp": "VNDOCSIGN_REMOTE_OTP",
    "sad": "VNDOCSIGN_REMOTE_SAD",
    "password": "VNDOCSIGN_REMOTE_PASSWORD",
}


def _refuse_secret(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    if value:
        env = SECRET_ENV[str(param.name)]
        raise click.UsageError(
            f"Bí mật không được truyền qua tham số; hãy đặt biến môi trường {env} / "
            f"Secrets are not accepted as arguments; set the environment variable {env}",
            ctx=ctx,
        )
    return value


def _secret_options(func: Any) -> Any:
    for name in SECRET_ENV:
        flag = "--" + name.replace("_", "-")
        func = click.option(
            flag, name, hidden=True, expose_value=False, is_eager=True, callback=_refuse_secret
        )(func)
    return func


def _env(name: str) -> str | None:
    value = os.environ.get(SECRET_ENV[name])
    return value or None


def build_service(
    remote: str,
    url: str,
    *,
    credential: str | None,
    user_id: str | None,
    client_id: str | None,
    csc_version: str,
) -> Any:
    """The client for ``remote``, secrets taken from the environment."""
    from vndocsign.signing._remote_http import RemoteAuthError

    if remote == "csc":
        from vndocsign.signing._csc import CscService

        return CscService(
            url,
            credential_id=credential,
            version=csc_version,
            access_token=_env("token"),
            pin=_env("pin"),
            otp=_env("otp"),
            sad=_env("sad"),
            user_id=user_id,
        )
    secret = _env("client_secret")
    if not client_id or not secret:
        raise RemoteAuthError(
            f"{remote} needs --client-id and the environment variable "
            f"{SECRET_ENV['client_secret']}",
            f"{remote} cần --client-id và biến môi trường {SECRET_ENV['client_secret']}",
        )
    if remote == "smartca":
        from vndocsign.signing._smartca import SmartCaService

        if not user_id:
            raise click.UsageError("smartca needs --user-id (CCCD/MST of the holder)")
        return SmartCaService(
            url, sp_id=client_id, sp_password=secret, user_id=user_id, serial_number=credential
        )
    from vndocsign.signing._mysign import MySignService

    return MySignService(
        url,
        client_id=client_id,
        client_secret=secret,
        credential_id=credential,
        user_id=user_id,
        username=user_id,
        password=_env("password"),
        pin=_env("pin"),
        otp=_env("otp"),
    )


class _ProgressLine:
    """One status line on stderr, rewritten in place on a terminal."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.tty = sys.stderr.isatty()
        self.last: str | None = None

    def __call__(self, progress: Any) -> None:
        if self.quiet:
            return
        text = f"{progress.vi} / {progress.en}"
        if progress.stage == "waiting":
            text += f" ({progress.elapsed:.0f} s)"
            if progress.transaction:
                text += f" [{progress.transaction}]"
        if self.tty:
            click.echo("\r\033[K" + text, err=True, nl=False)
        elif progress.stage != self.last:
            click.echo(text, err=True)
        self.last = str(progress.stage)

    def end(self) -> None:
        if self.tty and not self.quiet and self.last is not None:
            click.echo("", err=True)


@click.command("sign-remote")
@click.argument("file", type=InputPath(exists=True, dir_okay=False))
@click.option(
    "-o",
    "--output",
    "output",
    required=True,
    type=OutputPath(dir_okay=False),
    help="Signed PDF to write (atomically, only when signing succeeded).",
)
@click.option(
    "--remote",
    required=True,
    type=click.Choice(["csc", "smartca", "mysign"]),
    help="Remote signing protocol.",
)
@click.option(
    "--remote-url",
    required=True,
    help="Service base URL (CSC: …/csc/v2; SmartCA: …/sca/sp769; MySign: host).",
)
@click.option("--credential", help="CSC/MySign credentialID or SmartCA serial number.")
@click.option("--user-id", help="Holder's id (SmartCA user_id: CCCD/MST; CSC userID).")
@click.option(
    "--client-id",
    envvar="VNDOCSIGN_REMOTE_CLIENT_ID",
    help="SmartCA sp_id / MySign client_id (or VNDOCSIGN_REMOTE_CLIENT_ID).",
)
@click.option(
    "--csc-version",
    default="v2",
    show_default=True,
    type=click.Choice(["v1", "v2"]),
    help="CSC API version.",
)
@click.option(
    "--role",
    default="personal",
    show_default=True,
    type=click.Choice(["initial", "personal", "agency", "attachment", "copy"]),
    help="Decree 30 role of this signature.",
)
@click.option(
    "--level",
    default="B-B",
    show_default=True,
    type=click.Choice(["B-B", "B-T", "B-LT", "B-LTA"], case_sensitive=False),
)
@click.option("--tsa", "tsa_url", help="RFC 3161 time-stamping URL (B-T and above).")
@click.option(
    "--trust-root",
    "trust_roots",
    multiple=True,
    type=click.Path(dir_okay=False),
    help="Trust root (PEM/DER) for the pre-signing check and B-LT.",
)
@click.option(
    "--scheme",
    type=click.Choice(["rsa-pkcs1v15", "rsa-pss", "ecdsa"]),
    help="Signature scheme (default: from the key).",
)
@click.option("--invisible", is_flag=True, help="No visible appearance.")
@click.option("--image", type=click.Path(dir_okay=False), help="Transparent PNG appearance.")
@click.option("--number", help="Số, ký hiệu shown by attachment stamps.")
@click.option(
    "--timeout",
    default=300.0,
    show_default=True,
    type=float,
    help="Seconds to wait for the holder's confirmation.",
)
@click.option(
    "--poll-interval",
    default=2.0,
    show_default=True,
    type=float,
    help="Seconds between status requests.",
)
@click.option("--quiet", is_flag=True, help="No progress line.")
@_secret_options
@json_option
def sign_remote_command(
    file: str,
    output: str,
    remote: str,
    remote_url: str,
    credential: str | None,
    user_id: str | None,
    client_id: str | None,
    csc_version: str,
    role: str,
    level: str,
    tsa_url: str | None,
    trust_roots: tuple[str, ...],
    scheme: str | None,
    invisible: bool,
    image: str | None,
    number: str | None,
    timeout: float,
    poll_interval: float,
    quiet: bool,
    as_json: bool,
) -> int:
    """Ký số FILE qua dịch vụ ký số từ xa / Sign FILE through a remote signing service."""
    from vndocsign._io import write_atomic
    from vndocsign.signing import Appearance, DocumentRefusedError
    from vndocsign.signing._remote_flow import sign_remote

    source = Path(file)
    if not source.is_file():
        raise DocumentRefusedError(f"No such file: {file}", f"Không có tệp: {file}")
    roots = None
    if trust_roots:
        from vndocsign.verification import TrustProfile

        roots = list(TrustProfile.custom(trust_roots).anchors)
    service = build_service(
        remote,
        remote_url,
        credential=credential,
        user_id=user_id,
        client_id=client_id,
        csc_version=csc_version,
    )
    line = _ProgressLine(quiet or as_json)
    try:
        signed = sign_remote(
            source.read_bytes(),
            service,
            role=role,
            level=level.upper(),
            tsa_url=tsa_url,
            appearance=Appearance(invisible=invisible, image=image, number=number),
            trust_roots=roots,
            scheme=scheme,
            timeout=timeout,
            poll_interval=poll_interval,
            progress=line,
            description=f"vndocsign: {source.name}"[:200],
        )
    finally:
        line.end()
        service.close()
    write_atomic(output, signed)
    data = {
        "output": output,
        "remote": remote,
        "role": role,
        "level": level.upper(),
        "size": len(signed),
    }
    if as_json:
        echo_json(data)
    else:
        click.echo(f"Đã ký / Signed: {output} ({remote}, {role}, {level.upper()})")
    return EXIT_OK


commands: list[click.Command] = [sign_remote_command]
