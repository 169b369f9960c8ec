"""``vndocsign demo OUTDIR``: the whole job on an embedded example, end to end.

What a newcomer sees in one command, with nothing to install but the package:

1. the sample công văn shipped in :mod:`vndocsign.samples` is read back (metadata extraction);
2. a throw-away PKI shaped like Vietnam's is made (a root, a leader's certificate with
   ``UID=CCCD:…``, the agency's with ``UID=MST:…``) plus a blue signature and a red seal PNG;
3. the leader signs personally (ảnh chữ ký xanh, between the position line and the name), then
   the văn thư applies the agency signature (dấu đỏ over the left third), both placed
   automatically, at PAdES B-LT with the demo CRL embedded;
4. the signed document is verified against the demo root;
5. ``OUTDIR`` receives the signed PDF, the metadata, and the report as JSON, text and HTML.

Nothing made here is trusted outside the demo: the keys are generated on each run.
"""

from __future__ import annotations

import io
import json
import logging
from pathlib import Path
from typing import Any

import click

from vndocsign._io import write_atomic
from vndocsign.cli._common import EXIT_FAILED, EXIT_INDETERMINATE, EXIT_OK, echo_json, json_option
from vndocsign.errors import VndocsignError

__all__ = ["commands", "run_demo"]


def _signature_png(color: tuple[int, int, int], *, seal: bool) -> bytes:
    """A transparent PNG: a scribbled signature, or a round seal with a star."""
    from PIL import Image, ImageDraw

    size = (600, 600) if seal else (900, 360)
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    ink = (*color, 255)
    if seal:
        draw.ellipse((20, 20, 580, 580), outline=ink, width=22)
        draw.ellipse((90, 90, 510, 510), outline=ink, width=8)
        star = [
            (300, 190),
            (327, 272),
            (413, 272),
            (343, 322),
            (370, 405),
            (300, 355),
            (230, 405),
            (257, 322),
            (187, 272),
            (273, 272),
        ]
        draw.polygon(star, fill=ink)
    else:
        points = [(60 + i * 26, 200 + (70 if i % 2 else -70) * (1 - i / 34)) for i in range(31)]
        draw.line(points, fill=ink, width=12, joint="curve")
        draw.line([(80, 300), (840, 230)], fill=ink, width=9)
    out = io.BytesIO()
    image.save(out, format="PNG", dpi=(300, 300))
    return out.getvalue()


def run_demo(out: Path) -> dict[str, Any]:
    """Run the demo into ``out`` and return a summary (also written as ``summary.json``)."""
    # The demo signs offline on purpose; pyHanko's note that it will not fetch revocation
    # data itself (we hand it the demo CRL) is noise for a newcomer. Restored afterwards:
    # an application calling run_demo keeps its own logging configuration.
    hanko_log = logging.getLogger("pyhanko")
    previous = hanko_log.level
    hanko_log.setLevel(logging.ERROR)
    try:
        return _run_demo(out)
    finally:
        hanko_log.setLevel(previous)


def _names_on_the_page(meta: dict[str, Any]) -> dict[str, str | None]:
    """The demo certificates name who the sample page names: its signer (người ký), its issuer
    (cơ quan ban hành, the seal) and the issuer's province (the place name, địa danh)."""
    issuer: str | None = meta.get("issuer") or None
    place: str | None = meta.get("place") or None
    if issuer and issuer.isupper():  # ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI -> Ủy ban … Quảng Ngãi
        issuer = issuer.capitalize()
        if place:
            issuer = issuer.replace(place.lower(), place)
    return {
        "personal_name": (meta.get("signer") or {}).get("full_name") or None,
        "agency_name": issuer,
        "province": place,
    }


def _run_demo(out: Path) -> dict[str, Any]:
    from asn1crypto import crl as asn1_crl
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
    from pyhanko_certvalidator import ValidationContext

    from vndocsign.metadata import extract
    from vndocsign.samples import sample_pdf
    from vndocsign.signing import Appearance, SigningOptions, demo_pki, load_pkcs12, sign_pdf
    from vndocsign.verification import TrustProfile, to_html, verify_pdf

    out.mkdir(parents=True, exist_ok=True)
    original = sample_pdf("cong-van")
    extraction = extract(original)
    pki = demo_pki(**_names_on_the_page(extraction.document.to_dict()))
    creds = pki.write(out / "demo-keys", password="demo")  # noqa: S106 - throw-away demo keys
    root = asn1_x509.Certificate.load(pki.der(pki.root))
    context = ValidationContext(
        trust_roots=[root],
        crls=[asn1_crl.CertificateList.load(pki.der(pki.crl))],
        allow_fetching=False,
        revocation_mode="require",
    )

    write_atomic(out / "cong-van.pdf", original)
    write_atomic(
        out / "metadata.json",
        json.dumps(extraction.to_dict(), ensure_ascii=False, indent=2, default=str),
    )

    leader = load_pkcs12(creds.personal_p12, creds.password)
    agency = load_pkcs12(creds.agency_p12, creds.password)
    timestamper = DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(pki.der(pki.tsa)),
        tsa_key=asn1_keys.PrivateKeyInfo.load(pki.key_der(pki.tsa_key)),
    )
    options = SigningOptions(
        role="personal",
        level="B-LT",
        placement="auto",
        validation_context=context,
        trust_roots=[root],
        timestamper=timestamper,
        appearance=Appearance(image=_signature_png((20, 60, 200), seal=False)),
    )
    personal = sign_pdf(original, leader, options)
    seal = Appearance(image=_signature_png((220, 20, 30), seal=True), image_size_mm=(36.0, 36.0))
    issued = sign_pdf(personal, agency, options.but(role="agency", appearance=seal))
    write_atomic(out / "cong-van-signed.pdf", issued)

    signed_path = out / "cong-van-signed.pdf"
    report = verify_pdf(
        signed_path,
        trust=TrustProfile.custom([creds.root_pem], name="demo"),
        revocation="embedded-only",
    )
    write_atomic(out / "verification.json", report.to_json())
    write_atomic(out / "verification.txt", report.summary("vi") + "\n\n" + report.summary("en"))
    write_atomic(out / "verification.html", to_html(report))
    summary = {
        "output": str(out),
        "number": extraction.document.to_dict()["number"],
        "signed_pdf": str(out / "cong-van-signed.pdf"),
        "verdict": report.to_dict()["verdict"],
        "signatures": [
            {k: s.get(k) for k in ("field", "role", "indication", "intact", "valid", "trusted")}
            for s in report.to_dict()["signatures"]
        ],
        "files": sorted({p.name for p in out.iterdir() if p.is_file()} | {"summary.json"}),
    }
    write_atomic(out / "summary.json", json.dumps(summary, ensure_ascii=False, indent=2))
    return summary


@click.command("demo")
@click.argument("outdir", type=click.Path(file_okay=False, path_type=Path), default="demo-output")
@json_option
def demo_cmd(outdir: Path, as_json: bool) -> int:
    """Chạy thử toàn bộ quy trình / Run the whole job on the embedded sample document."""
    try:
        summary = run_demo(outdir)
    except OSError as exc:  # the output folder cannot be written: bad input, not a bug
        raise VndocsignError(
            f"Cannot write the demo output into {outdir}: {exc.strerror or exc}",
            f"Không ghi được kết quả chạy thử vào {outdir}: {exc.strerror or exc}",
            path=str(outdir),
        ) from None
    if as_json:
        echo_json(summary)
    else:
        click.echo(f"Văn bản / Document: {summary['number']}")
        for sig in summary["signatures"]:
            click.echo(f"  - {sig['field']} ({sig['role']}): {sig['indication']}")
        click.echo(f"Kết quả / Verdict: {summary['verdict']}")
        click.echo(f"Đầu ra / Output: {summary['output']}/ ({', '.join(summary['files'])})")
    return {"TOTAL_PASSED": EXIT_OK, "INDETERMINATE": EXIT_INDETERMINATE}.get(
        summary["verdict"], EXIT_FAILED
    )


commands: list[click.Command] = [demo_cmd]
