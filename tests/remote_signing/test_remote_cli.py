"""``vndocsign sign --remote …``: secrets only from the environment, a progress line, no partial
output; ``vndocsign sign-remote`` stays as its alias (``vndocsign.cli.remote_cmd``)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tests.remote_signing.helpers import check_signed, make_pdf
from vndocsign.cli.main import cli
from vndocsign.cli.remote_cmd import commands, sign_remote_command
from vndocsign.cli.sign_cmd import sign_command
from vndocsign.signing import RemoteDeclinedError
from vndocsign.signing.testing import Behaviour


def _run(args, env=None, command=sign_command):
    """``vndocsign sign FILE … --remote …`` (``--role`` as ``sign`` requires it)."""
    if command is sign_command and "--role" not in args:
        args = [*args, "--role", "personal"]
    return CliRunner().invoke(command, args, env=env or {}, catch_exceptions=True)


def _args(pdf_file, out, protocol, server, *extra):
    """``FILE -o OUT --remote PROTOCOL --remote-url URL`` and the test's own options."""
    return [str(pdf_file), "-o", str(out), "--remote", protocol, "--remote-url", server.url, *extra]


@pytest.fixture
def pdf_file(tmp_path):
    path = tmp_path / "to-trinh.pdf"
    path.write_bytes(make_pdf())
    return path


def test_command_is_exported():
    assert commands == [sign_remote_command] and sign_remote_command.name == "sign-remote"
    assert cli.commands["sign"] is sign_command
    assert cli.commands["sign-remote"] is sign_remote_command


@pytest.mark.parametrize("protocol", ["smartca", "mysign", "csc"])
def test_cli_signs_with_secret_from_environment(
    vn_pki, nss_db, server_factory, pdf_file, tmp_path, protocol
):
    server = server_factory(
        {"csc": "csc-v1"}.get(protocol, protocol),
        behaviour=Behaviour(confirm_delay=0.3, pin="246810"),
    )
    out = tmp_path / "signed.pdf"
    before = pdf_file.read_bytes()
    args = _args(
        pdf_file,
        out,
        protocol,
        server,
        "--invisible",
        "--poll-interval",
        "0.05",
        "--role",
        "personal",
    )
    env = {
        "VNDOCSIGN_REMOTE_CLIENT_SECRET": server.SP_PASSWORD
        if protocol == "smartca"
        else server.CLIENT_SECRET,
        "VNDOCSIGN_REMOTE_PIN": "246810",
    }
    if protocol == "smartca":
        args += ["--client-id", server.SP_ID, "--user-id", server.USER_ID]
    elif protocol == "mysign":
        args += ["--client-id", server.CLIENT_ID, "--credential", server.CREDENTIAL_ID]
    else:
        args += ["--csc-version", "v1"]
    result = _run(args, env)
    assert result.exit_code == 0, (result.output, result.exception)
    waiting = [line for line in result.output.splitlines() if " s)" in line]
    assert len(waiting) == 1, result.output  # the progress line while the holder confirms
    assert "xác nhận" in waiting[0] and "onfirm" in waiting[0]
    for secret in env.values():
        assert secret not in result.output
    assert pdf_file.read_bytes() == before
    check_signed(out.read_bytes(), vn_pki, nss_db)


@pytest.mark.parametrize(
    "flag", ["--client-secret", "--pin", "--otp", "--token", "--password", "--sad"]
)
def test_secrets_as_arguments_are_refused(server_factory, pdf_file, tmp_path, flag):
    server = server_factory("smartca")
    out = tmp_path / "signed.pdf"
    result = _run(_args(pdf_file, out, "smartca", server, flag, "hunter2-value"))
    assert result.exit_code == 2
    assert "VNDOCSIGN_REMOTE_" in result.output and "hunter2-value" not in result.output
    assert not out.exists() and server.requests == []


def test_missing_secret_is_an_error(server_factory, pdf_file, tmp_path):
    server = server_factory("mysign")
    result = _run(
        _args(pdf_file, tmp_path / "o.pdf", "mysign", server, "--client-id", server.CLIENT_ID)
    )
    assert result.exit_code != 0 and "VNDOCSIGN_REMOTE_CLIENT_SECRET" in str(result.exception)


def test_declined_leaves_no_output(server_factory, pdf_file, tmp_path):
    server = server_factory("smartca", behaviour=Behaviour(decline=True))
    out = tmp_path / "signed.pdf"
    result = _run(
        _args(
            pdf_file,
            out,
            "smartca",
            server,
            "--client-id",
            server.SP_ID,
            "--user-id",
            server.USER_ID,
            "--invisible",
            "--poll-interval",
            "0.02",
            "--json",
        ),
        {"VNDOCSIGN_REMOTE_CLIENT_SECRET": server.SP_PASSWORD},
    )
    assert isinstance(result.exception, RemoteDeclinedError)
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [pdf_file]  # no temporary left behind either


def test_json_output(server_factory, pdf_file, tmp_path):
    server = server_factory("csc-v2")
    out = tmp_path / "signed.pdf"
    result = _run(
        _args(pdf_file, out, "csc", server, "--invisible", "--json", "--poll-interval", "0.02")
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["remote"] == "csc" and data["size"] == out.stat().st_size


def test_signed_output_passes_vndocsign_verify(vn_pki, server_factory, pdf_file, tmp_path):
    """Acceptance: the ``vndocsign verify`` command, trusting only the test root, says passed."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    server = server_factory("mysign", behaviour=Behaviour(confirm_delay=0.2))
    out = tmp_path / "signed.pdf"
    result = _run(
        _args(
            pdf_file,
            out,
            "mysign",
            server,
            "--client-id",
            server.CLIENT_ID,
            "--invisible",
            "--poll-interval",
            "0.05",
        ),
        {"VNDOCSIGN_REMOTE_CLIENT_SECRET": server.CLIENT_SECRET},
    )
    assert result.exit_code == 0, result.output
    root = vn_pki.root_pem_file(tmp_path)
    src = str(Path(__file__).resolve().parents[2] / "src")
    env = {**os.environ, "PYTHONPATH": src}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "vndocsign",
            "verify",
            "--trust-root",
            str(root),
            "--json",
            str(out),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    (report,) = json.loads(proc.stdout)  # verify --json is always a list
    assert report["verdict"] == "TOTAL_PASSED" and report["status"] == "passed", report
    assert len(report["signatures"]) == 1


@pytest.mark.parametrize("key_flag", ["--p12", "--pkcs11-lib"])
def test_remote_with_a_local_key_is_a_usage_error(server_factory, pdf_file, tmp_path, key_flag):
    server = server_factory("csc-v2")
    key_file = tmp_path / "key.bin"
    key_file.write_bytes(b"x")
    out = tmp_path / "signed.pdf"
    result = _run(_args(pdf_file, out, "csc", server, key_flag, str(key_file)))
    assert result.exit_code == 2, result.output
    assert "--remote" in result.output and key_flag in result.output
    assert not out.exists() and server.requests == []


@pytest.mark.parametrize(
    "extra", [["--remote-url", "http://127.0.0.1:9"], ["--credential", "c1"], ["--quiet"]]
)
def test_remote_option_without_remote_is_a_usage_error(pdf_file, tmp_path, extra):
    result = _run([str(pdf_file), "-o", str(tmp_path / "o.pdf"), *extra])
    assert result.exit_code == 2, result.output
    assert extra[0] in result.output and "needs --remote" in result.output


def test_remote_without_url_is_a_usage_error(pdf_file, tmp_path):
    result = _run([str(pdf_file), "-o", str(tmp_path / "o.pdf"), "--remote", "csc"])
    assert result.exit_code == 2 and "--remote-url" in result.output


def test_sign_remote_alias_still_signs(vn_pki, nss_db, server_factory, pdf_file, tmp_path):
    server = server_factory("csc-v2", behaviour=Behaviour(confirm_delay=0.2))
    out = tmp_path / "signed.pdf"
    result = _run(
        _args(pdf_file, out, "csc", server, "--invisible", "--poll-interval", "0.05", "--json"),
        command=sign_remote_command,
    )
    assert result.exit_code == 0, (result.output, result.exception)
    assert json.loads(result.stdout)["role"] == "personal"  # the alias' default role
    check_signed(out.read_bytes(), vn_pki, nss_db)


def test_sign_remote_passes_sign_options_to_the_signature(server_factory, pdf_file, tmp_path):
    """``sign``'s own options (reason, placement, role) reach the remotely signed signature."""
    from pypdf import PdfReader

    server = server_factory("csc-v2")
    out = tmp_path / "signed.pdf"
    result = _run(
        _args(
            pdf_file,
            out,
            "csc",
            server,
            "--role",
            "initial",
            "--reason",
            "Phát hành văn bản",
            "--text-mode",
            "--placement",
            "300,600,560,660@1",
            "--poll-interval",
            "0.02",
            "--json",
        )
    )
    assert result.exit_code == 0, (result.output, result.exception)
    assert json.loads(result.stdout)["role"] == "initial"
    fields = [f for f in PdfReader(out).get_fields().values() if f.get("/FT") == "/Sig"]
    (field,) = fields
    assert field["/V"]["/Reason"] == "Phát hành văn bản"
    (widget,) = [a.get_object() for a in PdfReader(out).pages[0]["/Annots"]]
    assert [round(float(v)) for v in widget["/Rect"]] == [300, 600, 560, 660]
