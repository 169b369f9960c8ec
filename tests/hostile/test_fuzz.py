"""Fuzz ``edxml unpack``, ``inspect``, ``place`` and ``verify`` on mutated files (issue 14).

Every run goes through the capped harness (2 GiB, time limit): no exit 70, no signal, no
traceback, no run over the limit. Deterministic (``derandomize``) and brief by default; set
``VNDOCSIGN_FUZZ_EXAMPLES=500`` for a longer run. Seeds: files written by vndocsign itself,
and -- read in place, never copied -- the shared corpus's edXML files when present.
A failure prints the seed name and the mutation recipe: ``mutate(seed, recipe)`` reproduces it.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.conftest import CORPUS
from tests.hostile._harness import run_cli, typed_failures
from tests.hostile._mutate import mutate, mutations

pytestmark = pytest.mark.slow

EXAMPLES = int(os.environ.get("VNDOCSIGN_FUZZ_EXAMPLES", "6"))
FUZZ = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: each example is a subprocess
    suppress_health_check=list(HealthCheck),
)


# -- edXML seeds ---------------------------------------------------------------------------
def _written_envelopes() -> dict[str, bytes]:
    from vndocsign import edxml
    from vndocsign.model import Agency, DateLine, OfficialDocument, Signer
    from vndocsign.samples import sample_pdf

    document = OfficialDocument(
        issuer=Agency("Văn phòng Chính phủ", organ_id="000.00.00.G22"),
        number="123/VPCP-TTĐT",
        date_line=DateLine(place="Hà Nội", date=dt.date(2024, 5, 10)),
        subject="V/v kết nối, liên thông phần mềm quản lý văn bản",
        signers=[Signer("Nguyễn Văn A", position="Thứ trưởng")],
    )
    attachments = [
        edxml.Attachment.from_bytes("vb.pdf", sample_pdf("cong-van")[:6000]),
        edxml.Attachment.from_bytes("ghichu.txt", "Ghi chú kèm theo\n".encode() * 200),
    ]
    envelope = edxml.Envelope.from_document(
        document, attachments, to=[edxml.Organization(organ_id="000.00.00.H41")]
    )
    wrapped = edxml.WriterOptions(wrap_other_types=True)
    status = edxml.StatusMessage.for_envelope(envelope, edxml.StatusCode.parse("03"), from_="X")
    return {
        "written": edxml.to_bytes(envelope),
        "written-zip-wrapped": edxml.to_bytes(envelope, wrapped),
        "written-status": edxml.to_bytes(status),
    }


@functools.cache
def _edxml_seeds() -> dict[str, Callable[[], bytes]]:
    seeds: dict[str, Callable[[], bytes]] = {}
    written = _written_envelopes()
    for name in written:
        seeds[name] = functools.partial(written.__getitem__, name)
    folder = CORPUS / "edxml"
    if folder.is_dir():
        for path in sorted(folder.glob("*.edxml")):
            if path.stat().st_size < (8 << 20):
                seeds[f"corpus:{path.name}"] = path.read_bytes
    return seeds


@FUZZ
@given(seed=st.sampled_from(sorted(_edxml_seeds())), recipe=mutations())
def test_fuzz_edxml_unpack(seed: str, recipe: list[tuple[str, int, bytes]]) -> None:
    data = mutate(_edxml_seeds()[seed](), recipe)
    import tempfile

    with tempfile.TemporaryDirectory(prefix="vndocsign-fuzz-") as tmp:
        source = Path(tmp) / "in.edxml"
        source.write_bytes(data)
        run = run_cli(["edxml", "unpack", str(source), "-d", str(Path(tmp) / "out"), "--json"])
        problems = typed_failures(run)
        assert not problems, f"{problems} seed={seed!r} recipe={recipe!r}\n{run.describe()}"


# -- PDF seeds -----------------------------------------------------------------------------
def _pdf_seeds(signed: bytes) -> dict[str, bytes]:
    from vndocsign.samples import sample_names, sample_pdf

    seeds = {f"sample:{name}": sample_pdf(name) for name in sample_names()}
    seeds["signed:cong-van"] = signed
    return seeds


@pytest.fixture(scope="module")
def signed_pdf(vn_pki: object) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    from tests.pki import PERSONAL
    from vndocsign.samples import sample_pdf

    meta = signers.PdfSignatureMetadata(field_name="Sig1", md_algorithm="sha256")
    out = signers.PdfSigner(
        meta,
        signer=vn_pki.simple_signer(PERSONAL),  # type: ignore[attr-defined]
        new_field_spec=fields.SigFieldSpec("Sig1", box=(300, 60, 500, 120)),
    ).sign_pdf(IncrementalPdfFileWriter(io.BytesIO(sample_pdf("cong-van"))))
    return out.getvalue()


PDF_COMMANDS = {
    "inspect": lambda f: ["inspect", f, "--json"],
    "place": lambda f: ["place", f, "--role", "personal", "--json"],
    "verify": lambda f: [
        "verify",
        f,
        "--offline",
        "--workers",
        "1",
        "--time-limit",
        "30",
        "--json",
    ],
}


@pytest.mark.parametrize("command", list(PDF_COMMANDS))
def test_fuzz_pdf_commands(
    command: str, signed_pdf: bytes, tmp_path_factory: pytest.TempPathFactory
) -> None:
    seeds = _pdf_seeds(signed_pdf)
    folder = tmp_path_factory.mktemp(f"fuzz-{command}")

    @FUZZ
    @given(seed=st.sampled_from(sorted(seeds)), recipe=mutations())
    def one(seed: str, recipe: list[tuple[str, int, bytes]]) -> None:
        source = folder / "in.pdf"
        source.write_bytes(mutate(seeds[seed], recipe))
        run = run_cli(PDF_COMMANDS[command](str(source)))
        problems = typed_failures(run)
        assert not problems, f"{problems} seed={seed!r} recipe={recipe!r}\n{run.describe()}"

    one()
