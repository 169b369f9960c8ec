"""Change analysis by meaning (issue 13): benign rewrites pass, attacks on signatures fail.

Every document is built here: signed with pyHanko on the shared test PKI (``tests/pki``), then
changed by an incremental update written with pyHanko's writer, the way a tool (benign) or an
attacker (hostile) would.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.generic import NameObject as N
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from tests.verification.conftest import blank_pdf
from vndocsign.verification import Indication, TrustProfile, verify_pdf


@pytest.fixture(scope="module")
def trust(vn_pki: Any) -> TrustProfile:
    return TrustProfile.custom([vn_pki.root], name="test-root")


@pytest.fixture(scope="module")
def signed(sign: Callable[..., bytes]) -> bytes:
    return sign(blank_pdf(2))


def update(pdf: bytes, change: Callable[[IncrementalPdfFileWriter], None]) -> bytes:
    """``pdf`` with one incremental update made by ``change``."""
    w = IncrementalPdfFileWriter(io.BytesIO(pdf))
    change(w)
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


def check(pdf: bytes, trust: TrustProfile) -> Any:
    return verify_pdf(pdf, trust=trust, revocation="embedded-only")


def quiet(report: Any) -> bool:
    """No warning or error about changes on any signature."""
    return not any(
        m.code.startswith("verification.modified") for s in report.signatures for m in s.messages
    )


def _sig_field(w: IncrementalPdfFileWriter) -> generic.IndirectObject:
    return w.root["/AcroForm"].raw_get("/Fields")[0]  # type: ignore[no-any-return]


def _page(w: IncrementalPdfFileWriter, i: int = 0) -> generic.DictionaryObject:
    return w.root["/Pages"]["/Kids"][i]  # type: ignore[no-any-return]


# --- benign rewrites: no change of meaning ---------------------------------------------------


def test_mediabox_numbers_reprinted_are_no_change(signed, trust):  # type: ignore[no-untyped-def]
    def reprint(w: IncrementalPdfFileWriter) -> None:
        page = _page(w)
        box = [float(x) for x in page["/MediaBox"]]
        page[N("/MediaBox")] = generic.ArrayObject(
            [generic.FloatObject(f"{x + 0.000024:.6f}") for x in box]
        )
        w.update_container(page)

    r = check(update(signed, reprint), trust)
    assert r.verdict == Indication.TOTAL_PASSED, r.summary("en")
    assert quiet(r)


def test_mediabox_really_changed_fails(signed, trust):  # type: ignore[no-untyped-def]
    def crop(w: IncrementalPdfFileWriter) -> None:
        page = _page(w)
        page[N("/MediaBox")] = generic.ArrayObject(
            [generic.NumberObject(x) for x in (0, 0, 300, 300)]
        )
        w.update_container(page)

    r = check(update(signed, crop), trust)
    assert r.verdict == Indication.TOTAL_FAILED


def test_stream_reencoded_with_same_meaning_is_no_change(signed, trust):  # type: ignore[no-untyped-def]
    def reencode(w: IncrementalPdfFileWriter) -> None:
        ref = _page(w).raw_get("/Contents")
        stream = ref.get_object()
        stream.strip_filters()  # same decoded bytes, no /Filter any more
        w.mark_update(ref)

    r = check(update(signed, reencode), trust)
    assert r.verdict == Indication.TOTAL_PASSED, r.summary("en")
    assert quiet(r)


def test_resources_copied_into_new_objects_are_no_change(signed, trust):  # type: ignore[no-untyped-def]
    def copy_resources(w: IncrementalPdfFileWriter) -> None:
        page = _page(w)
        res = page["/Resources"]
        fonts = res["/Font"]
        new_fonts = generic.DictionaryObject()
        for name in list(fonts):
            copy = generic.DictionaryObject(dict(fonts[name].items()))
            new_fonts[N(name)] = w.add_object(copy)
        new_res = generic.DictionaryObject(dict(res.items()))
        new_res[N("/Font")] = new_fonts
        page[N("/Resources")] = w.add_object(new_res)
        w.update_container(page)

    r = check(update(signed, copy_resources), trust)
    assert r.verdict == Indication.TOTAL_PASSED, r.summary("en")
    assert quiet(r)


def test_catalog_version_and_extensions_are_benign(signed, trust):  # type: ignore[no-untyped-def]
    def declare(w: IncrementalPdfFileWriter) -> None:
        w.root[N("/Version")] = N("/2.0")
        w.root[N("/Extensions")] = generic.DictionaryObject(
            {
                N("/ESIC"): generic.DictionaryObject(
                    {N("/BaseVersion"): N("/1.7"), N("/ExtensionLevel"): generic.NumberObject(2)}
                )
            }
        )
        w.update_root()

    r = check(update(signed, declare), trust)
    assert r.verdict == Indication.TOTAL_PASSED, r.summary("en")
    assert quiet(r)


# --- attacks on signatures -------------------------------------------------------------------


def _red_box(w: IncrementalPdfFileWriter) -> generic.IndirectObject:
    s = generic.StreamObject(
        {
            N("/Type"): N("/XObject"),
            N("/Subtype"): N("/Form"),
            N("/BBox"): generic.ArrayObject([generic.NumberObject(x) for x in (0, 0, 200, 60)]),
        },
        stream_data=b"1 0 0 rg 0 0 200 60 re f",
    )
    return w.add_object(s)  # type: ignore[no-any-return]


def test_signature_appearance_replaced_after_signing_fails(signed, trust):  # type: ignore[no-untyped-def]
    def repaint(w: IncrementalPdfFileWriter) -> None:
        field = _sig_field(w).get_object()
        field[N("/AP")] = generic.DictionaryObject({N("/N"): _red_box(w)})
        w.update_container(field)

    r = check(update(signed, repaint), trust)
    assert r.verdict == Indication.TOTAL_FAILED, r.summary("en")
    assert not any("signature field filled" in c for c in r.signatures[0].changes)


def _second_field(w: IncrementalPdfFileWriter, value: generic.PdfObject) -> None:
    widget = generic.DictionaryObject(
        {
            N("/Type"): N("/Annot"),
            N("/Subtype"): N("/Widget"),
            N("/FT"): N("/Sig"),
            N("/T"): generic.TextStringObject("GiamDoc"),
            N("/F"): generic.NumberObject(4),
            N("/Rect"): generic.ArrayObject([generic.NumberObject(x) for x in (50, 60, 250, 120)]),
            N("/V"): value,
        }
    )
    ref = w.add_object(widget)
    page = _page(w)
    page["/Annots"].append(ref)
    w.update_container(
        page["/Annots"] if isinstance(page.raw_get("/Annots"), generic.IndirectObject) else page
    )
    form = w.root["/AcroForm"]
    form["/Fields"].append(ref)
    w.update_container(form)


def test_second_field_pointing_at_a_signature_is_one_signature_and_fails(signed, trust):  # type: ignore[no-untyped-def]
    def point(w: IncrementalPdfFileWriter) -> None:
        _second_field(w, _sig_field(w).get_object().raw_get("/V"))

    r = check(update(signed, point), trust)
    assert r.verdict == Indication.TOTAL_FAILED, r.summary("en")
    assert len(r.signatures) == 1
    assert any(m.code == "verification.duplicate_signature" for m in r.messages)


def test_copied_signature_dictionary_is_an_attack(signed, trust):  # type: ignore[no-untyped-def]
    def copy(w: IncrementalPdfFileWriter) -> None:
        value = _sig_field(w).get_object()["/V"]
        clone = generic.DictionaryObject(dict(value.items()))
        clone[N("/Contents")] = generic.ByteStringObject(
            bytes(value.raw_get("/Contents").original_bytes)
            if hasattr(value.raw_get("/Contents"), "original_bytes")
            else bytes(value["/Contents"])
        )
        _second_field(w, w.add_object(clone))

    r = check(update(signed, copy), trust)
    assert r.verdict == Indication.TOTAL_FAILED, r.summary("en")
    assert sum(1 for s in r.signatures if s.indication == Indication.TOTAL_PASSED) <= 1


def _lock_then_sign(vn_pki: Any, permission: int) -> bytes:
    from pyhanko.sign import fields, signers

    spec = fields.SigFieldSpec(
        "Lock1",
        box=(300, 60, 500, 120),
        field_mdp_spec=fields.FieldMDPSpec(fields.FieldMDPAction.ALL),
        doc_mdp_update_value=fields.MDPPerm(permission),
    )
    w = IncrementalPdfFileWriter(io.BytesIO(blank_pdf()))
    fields.append_signature_field(w, spec)
    out = io.BytesIO()
    w.write(out)
    from tests.pki import PERSONAL

    return (
        signers.PdfSigner(
            signers.PdfSignatureMetadata(field_name="Lock1"), signer=vn_pki.simple_signer(PERSONAL)
        )
        .sign_pdf(IncrementalPdfFileWriter(io.BytesIO(out.getvalue())))
        .getvalue()
    )


def test_lock_p1_then_new_signature_fails(vn_pki, sign, trust):  # type: ignore[no-untyped-def]
    locked = _lock_then_sign(vn_pki, 1)
    r = check(sign(locked, field="Sig2", timestamp=False), trust)
    first = next(s for s in r.signatures if s.field == "Lock1")
    assert first.indication == Indication.TOTAL_FAILED, r.summary("en")


def test_lock_p2_then_new_signature_is_allowed(vn_pki, sign, trust):  # type: ignore[no-untyped-def]
    locked = _lock_then_sign(vn_pki, 2)
    r = check(sign(locked, field="Sig2", timestamp=False), trust)
    first = next(s for s in r.signatures if s.field == "Lock1")
    assert first.indication != Indication.TOTAL_FAILED, r.summary("en")


def test_lock_level_raised_later_fails(vn_pki, trust):  # type: ignore[no-untyped-def]
    locked = _lock_then_sign(vn_pki, 1)

    def raise_level(w: IncrementalPdfFileWriter) -> None:
        field = w.root["/AcroForm"]["/Fields"][0]
        lock = field.raw_get("/Lock")
        if isinstance(lock, generic.IndirectObject):
            lock.get_object()[N("/P")] = generic.NumberObject(3)
            w.mark_update(lock)
        else:
            lock[N("/P")] = generic.NumberObject(3)
            w.update_container(field)

    r = check(update(locked, raise_level), trust)
    assert r.verdict == Indication.TOTAL_FAILED, r.summary("en")


def test_tabs_change_under_p2_fails(vn_pki, trust):  # type: ignore[no-untyped-def]
    locked = _lock_then_sign(vn_pki, 2)

    def tabs(w: IncrementalPdfFileWriter) -> None:
        page = _page(w)
        page[N("/Tabs")] = N("/R")
        w.update_container(page)

    r = check(update(locked, tabs), trust)
    assert r.verdict == Indication.TOTAL_FAILED, r.summary("en")


def _with_shared_appearance() -> bytes:
    """An empty signature field and a square annotation drawn by one appearance stream,
    shared through an indirect ``/AP`` dictionary."""
    w = IncrementalPdfFileWriter(io.BytesIO(blank_pdf(2)))
    stream = generic.StreamObject(
        {
            N("/Type"): N("/XObject"),
            N("/Subtype"): N("/Form"),
            N("/BBox"): generic.ArrayObject([generic.NumberObject(x) for x in (0, 0, 100, 40)]),
        },
        stream_data=b"0 0 1 RG 1 1 98 38 re S",
    )
    ap = w.add_object(generic.DictionaryObject({N("/N"): w.add_object(stream)}))

    def annot(extra: dict[str, generic.PdfObject], rect: tuple[int, ...]) -> generic.IndirectObject:
        d = generic.DictionaryObject(
            {
                N("/Type"): N("/Annot"),
                N("/F"): generic.NumberObject(4),
                N("/Rect"): generic.ArrayObject([generic.NumberObject(x) for x in rect]),
                N("/AP"): ap,
                **{N(k): v for k, v in extra.items()},
            }
        )
        return w.add_object(d)  # type: ignore[no-any-return]

    field = annot(
        {"/Subtype": N("/Widget"), "/FT": N("/Sig"), "/T": generic.TextStringObject("SigB")},
        (50, 200, 150, 240),
    )
    square = annot({"/Subtype": N("/Square")}, (50, 400, 150, 440))
    page = _page(w)
    page[N("/Annots")] = generic.ArrayObject([field, square])
    w.update_container(page)
    w.root[N("/AcroForm")] = generic.DictionaryObject(
        {N("/Fields"): generic.ArrayObject([field]), N("/SigFlags"): generic.NumberObject(3)}
    )
    w.update_root()
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


def test_shared_appearance_overwritten_after_signing_fails(sign, trust):  # type: ignore[no-untyped-def]
    first = sign(_with_shared_appearance(), field="Sig1", timestamp=False)
    both = sign(first, field="SigB", timestamp=False)

    def overwrite(w: IncrementalPdfFileWriter) -> None:
        square = _page(w)["/Annots"][1]
        ref = square["/AP"].raw_get("/N")
        ref.get_object()._data = b"1 0 0 rg 0 0 100 40 re f"  # redraws the square too
        ref.get_object()._encoded_data = None
        w.mark_update(ref)

    r = check(update(both, overwrite), trust)
    sig1 = next(s for s in r.signatures if s.field == "Sig1")
    assert sig1.indication == Indication.TOTAL_FAILED, r.summary("en")
    assert any("also used elsewhere" in c for c in sig1.changes), sig1.changes


# --- housekeeping and structure ---------------------------------------------------------------


def test_dss_entries_pruned_later_are_validation_data(signed, sign, vn_pki, trust):  # type: ignore[no-untyped-def]
    def add_cert(w: IncrementalPdfFileWriter) -> None:
        dss = w.root["/DSS"]  # the certificate list becomes an indirect array, one longer
        entries = [dss["/Certs"].raw_get(i) for i in range(len(dss["/Certs"]))]
        entries.append(w.add_object(generic.StreamObject(stream_data=vn_pki.root.dump())))
        dss[N("/Certs")] = w.add_object(generic.ArrayObject(entries))
        w.update_container(dss)

    def prune(w: IncrementalPdfFileWriter) -> None:
        dss = w.root["/DSS"]
        certs = dss.raw_get("/Certs")
        certs.get_object().pop()  # B-LTA housekeeping: a certificate no longer needed
        if isinstance(certs, generic.IndirectObject):
            w.mark_update(certs)
        else:
            w.update_container(dss)

    # the indirect array exists when Sig2 signs; pruning it afterwards is housekeeping
    both = sign(update(signed, add_cert), field="Sig2", timestamp=False)
    pruned = update(both, prune)
    r = check(pruned, trust)
    assert r.verdict == Indication.TOTAL_PASSED, r.summary("en")
    assert quiet(r)


def test_unsigned_signature_dictionary_is_not_fatal(signed, trust):  # type: ignore[no-untyped-def]
    def prepared(w: IncrementalPdfFileWriter) -> None:
        unsigned = generic.DictionaryObject(
            {
                N("/Type"): N("/Sig"),
                N("/Filter"): N("/Adobe.PPKLite"),
                N("/SubFilter"): N("/adbe.pkcs7.detached"),
            }
        )
        _second_field(w, w.add_object(unsigned))

    r = check(update(signed, prepared), trust)
    assert not any(
        m.code == "verification.field_not_signature" and m.severity == "error" for m in r.messages
    ), r.summary("en")
    assert len(r.signatures) == 1 and r.signatures[0].intact


def test_each_revision_is_rendered_once(sign, trust, monkeypatch):  # type: ignore[no-untyped-def]
    from vndocsign.verification import _render_diff

    pdf = blank_pdf(3)
    for i in range(4):
        pdf = sign(pdf, field=f"Sig{i}", timestamp=False)
    calls: list[tuple[int, int]] = []
    real = _render_diff.RenderCache.page

    def counting(self: Any, end: int, index: int) -> Any:
        if (end, index) not in self._pages:
            calls.append((end, index))
        return real(self, end, index)

    monkeypatch.setattr(_render_diff.RenderCache, "page", counting)
    r = check(pdf, trust)
    assert r.verdict == Indication.TOTAL_PASSED, r.summary("en")
    assert len(calls) == len(set(calls))
    final = [c for c in calls if c[0] == len(pdf)]
    assert len(final) <= 3  # each page of the final revision at most once, for 4+ signatures


@pytest.mark.parametrize(
    ("lock", "expected"),
    [
        ({"/Action": N("/All"), "/P": generic.NumberObject(1)}, (None, True, 1)),
        ({"/Action": N("/Exclude")}, (None, True, None)),  # excludes nothing: locks all
        ({"/Action": N("/Include")}, (None, False, None)),  # includes nothing
        (
            {
                "/Action": N("/Include"),
                "/Fields": generic.ArrayObject([generic.TextStringObject("A")]),
            },
            (frozenset({"A"}), False, None),
        ),
        ({"/Action": N("/All"), "/P": generic.NumberObject(7)}, (None, True, None)),
    ],
)
def test_field_lock_reading(lock: dict[str, Any], expected: tuple[Any, ...]) -> None:
    from vndocsign.verification._modifications import _lock

    field = generic.DictionaryObject(
        {N("/Lock"): generic.DictionaryObject({N(k): v for k, v in lock.items()})}
    )
    got = _lock(field)
    assert (got.fields, got.lock_all, got.permission) == expected
