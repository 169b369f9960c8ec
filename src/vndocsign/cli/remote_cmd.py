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
modified. ``vndocsign sign FILE --remote …`` runs the same code (:func:`remote_options`,
:func:`sign_through_remote`); ``sign-remote`` stays as its alias.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import click
from click.core import ParameterSource

from vndocsign._limits import MAX_SECONDS
from vndocsign.cli._common import (
    EXIT_OK,
    InputPath,
    Number,
    OutputPath,
    echo_json,
    json_option,
)

__all__ = [
    "SECRET_ENV",
    "RemoteTarget",
    "build_service",
    "commands",
    "remote_options",
    "secret_options",
    "sign_remote_command",
    "sign_through_remote",
]

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


def secret_options(func: Any) -> Any:
    """Hidden ``--pin``, ``--token``… options that refuse any value (usage error)."""
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
    from vndocsign.signing import RemoteAuthError

    if remote == "csc":
        from vndocsign.signing import CscService

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
        from vndocsign.signing import SmartCaService

        if not user_id:
            raise click.UsageError("smartca needs --user-id (CCCD/MST of the holder)")
        return SmartCaService(
            url, sp_id=client_id, sp_password=secret, user_id=user_id, serial_number=credential
        )
    from vndocsign.signing import MySignService

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


@attrs.frozen
class RemoteTarget:
    """The remote service a signature goes through (the ``--remote…`` options)."""

    remote: str
    url: str
    credential: str | None = None
    user_id: str | None = None
    client_id: str | None = None
    csc_version: str = "v2"
    scheme: str | None = None
    timeout: float = 300.0
    poll_interval: float = 2.0
    quiet: bool = False


_REMOTE_OPTIONS = (
    click.option(
        "--remote",
        type=click.Choice(["csc", "smartca", "mysign"]),
        help="Sign through a remote signing service (ký số từ xa) speaking this protocol.",
    ),
    click.option(
        "--remote-url",
        help="Remote service base URL (CSC: …/csc/v2; SmartCA: …/sca/sp769; MySign: host).",
    ),
    click.option("--credential", help="Remote: CSC/MySign credentialID or SmartCA serial number."),
    click.option("--user-id", help="Remote: holder's id (SmartCA user_id: CCCD/MST; CSC userID)."),
    click.option(
        "--client-id",
        envvar="VNDOCSIGN_REMOTE_CLIENT_ID",
        help="Remote: SmartCA sp_id / MySign client_id (or VNDOCSIGN_REMOTE_CLIENT_ID).",
    ),
    click.option(
        "--csc-version",
        default="v2",
        show_default=True,
        type=click.Choice(["v1", "v2"]),
        help="Remote: CSC API version.",
    ),
    click.option(
        "--scheme",
        type=click.Choice(["rsa-pkcs1v15", "rsa-pss", "ecdsa"]),
        help="Remote: signature scheme (default: from the key).",
    ),
    click.option(
        "--timeout",
        default=300.0,
        show_default=True,
        type=Number(minimum=0, maximum=MAX_SECONDS, open_min=True, unit="s"),
        help="Remote: seconds to wait for the holder's confirmation.",
    ),
    click.option(
        "--poll-interval",
        default=2.0,
        show_default=True,
        type=Number(minimum=0, maximum=3600, open_min=True, unit="s"),
        help="Remote: seconds between status requests.",
    ),
    click.option("--quiet", is_flag=True, help="Remote: no progress line."),
)
_TARGET_FIELDS: tuple[str, ...] = ("remote_url", "credential", "user_id", "client_id")
_TARGET_FIELDS += ("csc_version", "scheme", "timeout", "poll_interval", "quiet")


def _target(ctx: click.Context, values: dict[str, Any], required: bool) -> RemoteTarget | None:
    remote = values.pop("remote")
    if remote is None:
        given = [
            "--" + name.replace("_", "-")
            for name in _TARGET_FIELDS
            if ctx.get_parameter_source(name) == ParameterSource.COMMANDLINE
        ]
        if required or given:
            raise click.UsageError(
                f"{', '.join(given) or 'This command'} needs --remote csc|smartca|mysign", ctx=ctx
            )
        for name in _TARGET_FIELDS:
            values.pop(name)
        return None
    if not values.get("remote_url"):
        raise click.UsageError("--remote needs --remote-url", ctx=ctx)
    fields = {name: values.pop(name) for name in _TARGET_FIELDS}
    return RemoteTarget(remote=remote, url=fields.pop("remote_url"), **fields)


def remote_options(*, required: bool) -> Callable[[Any], Any]:
    """Add ``--remote``, ``--remote-url``, ``--credential``… and the refused secret options;
    the command receives them as one ``target: RemoteTarget | None`` argument (``None``
    without ``--remote``; a remote option without ``--remote`` is a usage error)."""

    def decorate(func: Any) -> Any:
        @functools.wraps(func)
        def wrapper(**values: Any) -> Any:
            target = _target(click.get_current_context(), values, required)
            return func(target=target, **values)

        wrapped: Any = secret_options(wrapper)
        for option in reversed(_REMOTE_OPTIONS):
            wrapped = option(wrapped)
        return wrapped

    return decorate


def sign_through_remote(
    file: str,
    output: str,
    target: RemoteTarget,
    *,
    role: str,
    level: str,
    tsa_url: str | None,
    trust_roots: list[Any] | None,
    as_json: bool,
    **prepare: Any,
) -> int:
    """Sign ``file`` into ``output`` through ``target``: progress line on stderr, the output
    written atomically only once the signature is embedded. ``prepare``: appearance,
    placement, policy, reason, location (as :func:`~vndocsign.signing.prepare_remote`)."""
    from vndocsign._io import write_atomic
    from vndocsign.signing import DocumentRefusedError, sign_remote

    source = Path(file)
    if not source.is_file():
        raise DocumentRefusedError(f"No such file: {file}", f"Không có tệp: {file}")
    service = build_service(
        target.remote,
        target.url,
        credential=target.credential,
        user_id=target.user_id,
        client_id=target.client_id,
        csc_version=target.csc_version,
    )
    line = _ProgressLine(target.quiet or as_json)
    try:
        signed = sign_remote(
            source.read_bytes(),
            service,
            role=role,
            level=level.upper(),
            tsa_url=tsa_url,
            trust_roots=trust_roots,
            scheme=target.scheme,
            timeout=target.timeout,
            poll_interval=target.poll_interval,
            progress=line,
            description=f"vndocsign: {source.name}"[:200],
            **prepare,
        )
    finally:
        line.end()
        service.close()
    write_atomic(output, signed)
    data = {
        "output": output,
        "remote": target.remote,
        "role": role,
        "level": level.upper(),
        "size": len(signed),
    }
    if as_json:
        echo_json(data)
    else:
        click.echo(f"Đã ký / Signed: {output} ({target.remote}, {role}, {level.upper()})")
    return EXIT_OK


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
@click.option("--invisible", is_flag=True, help="No visible appearance.")
@click.option("--image", type=click.Path(dir_okay=False), help="Transparent PNG appearance.")
@click.option("--number", help="Số, ký hiệu shown by attachment stamps.")
@remote_options(required=True)
@json_option
def sign_remote_command(
    file: str,
    output: str,
    target: RemoteTarget,
    role: str,
    level: str,
    tsa_url: str | None,
    trust_roots: tuple[str, ...],
    invisible: bool,
    image: str | None,
    number: str | None,
    as_json: bool,
) -> int:
    """Alias of 'vndocsign sign --remote …' / Ký số qua dịch vụ ký số từ xa."""
    from vndocsign.signing import Appearance

    roots = None
    if trust_roots:
        from vndocsign.verification import TrustProfile

        roots = list(TrustProfile.custom(trust_roots).anchors)
    return sign_through_remote(
        file,
        output,
        target,
        role=role,
        level=level,
        tsa_url=tsa_url,
        trust_roots=roots,
        as_json=as_json,
        appearance=Appearance(invisible=invisible, image=image, number=number),
    )


commands: list[click.Command] = [sign_remote_command]
