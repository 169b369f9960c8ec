"""Issue 17: ``FastPageWriter`` finds pages exactly as pyHanko does, at a fraction of the cost.

``vndocsign.signing._pagetree.FastPageWriter`` (what ``open_writer`` gives) re-implements
pyHanko's ``_walk_page_tree`` but reads skipped kids with the strict raw reader. Whatever the
tree (flat, nested, an indirect ``/Count``, kids in object streams, nodes changed in memory,
a wrong cross-reference offset, damaged trees), its answers — and its exceptions — must be
pyHanko's own; and signing the last page of a 200-page báo cáo must stay valid.
"""

from __future__ import annotations

import importlib.util
import io
import re
from pathlib import Path
from typing import Any

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from tests.conftest import CORPUS, ROOT, corpus_file, corpus_manifest
from tests.hostile._pdfs import _pdf
from vndocsign.errors import VndocsignError
from vndocsign.signing._document import open_writer
from vndocsign.signing._pagetree import FastPageWriter

_CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
_BOX = b"/MediaBox [0 0 595 842]"

# -- comparing the two writers -----------------------------------------------------------------


def _plain(value: Any, depth: int = 0) -> Any:
    """A value of either writer in a form that compares across files (references by number)."""
    if isinstance(value, generic.IndirectObject):
        return ("ref", value.idnum, value.generation)
    if depth > 8:
        return "..."
    if isinstance(value, dict):
        return {str(k): _plain(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v, depth + 1) for v in value]
    return value


def _ask(call: Any) -> Any:
    try:
        return _plain(list(call()))
    except Exception as exc:
        return ("raised", type(exc).__name__, str(exc))


def answers(writer: IncrementalPdfFileWriter, count: int) -> list[Any]:
    """Every page index, the negative ones and a few out of range: both lookups' answers."""
    indexes = [*range(count), *range(-count - 2, 0), count, count + 7]
    return [
        (
            index,
            _ask(lambda i=index: writer.find_page_for_modification(i)),
            _ask(lambda i=index: writer.find_page_container(i)),
        )
        for index in indexes
    ]


def _pair(pdf: bytes, strict: bool = True) -> tuple[FastPageWriter, IncrementalPdfFileWriter]:
    return (
        FastPageWriter(io.BytesIO(pdf), strict=strict),
        IncrementalPdfFileWriter(io.BytesIO(pdf), strict=strict),
    )


def assert_same(pdf: bytes, count: int, strict: bool = True) -> list[Any]:
    fast, hanko = _pair(pdf, strict)
    mine = answers(fast, count)
    assert mine == answers(hanko, count)
    return mine


# -- generated trees -------------------------------------------------------------------------


def flat_tree(pages: int = 200) -> bytes:
    """One ``/Pages`` node (object 2) with ``pages`` page kids (objects 3…)."""
    kids = b" ".join(b"%d 0 R" % (3 + i) for i in range(pages))
    objects = [_CATALOG, b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages]
    objects += [b"<< /Type /Page /Parent 2 0 R " + _BOX + b" >>"] * pages
    return _pdf(objects)


class _Tree:
    """A page tree written object by object: ``node([...])`` / ``page()`` give object numbers."""

    def __init__(self) -> None:
        self.objects: list[bytes] = [_CATALOG, b""]  # 1: catalog, 2: the root node

    def add(self, body: bytes) -> int:
        self.objects.append(body)
        return len(self.objects)

    def page(self, extra: bytes = b"") -> int:
        return self.add(b"<< /Type /Page " + _BOX + b" " + extra + b" >>")

    def node(self, kids: list[int], extra: bytes = b"", count: bytes | None = None) -> int:
        number = self.add(b"")
        self.objects[number - 1] = self._node(kids, extra, count)
        return number

    def _node(self, kids: list[int], extra: bytes, count: bytes | None) -> bytes:
        total = sum(self._count(k) for k in kids)
        refs = b" ".join(b"%d 0 R" % k for k in kids)
        counted = count if count is not None else b"%d" % total
        return b"<< /Type /Pages /Kids [" + refs + b"] /Count " + counted + b" " + extra + b" >>"

    def _count(self, number: int) -> int:
        if number > len(self.objects):
            return 1  # an absent object: counted as a page
        body = self.objects[number - 1]
        if b"/Type /Pages" not in body or b"/Kids [" not in body:
            return 1
        stated = re.search(rb"/Count (\d+)(?![\d.]| \d+ R)", body)
        if stated is not None:
            return int(stated.group(1))
        return sum(self._count(int(k)) for k in _kids(body))

    def root(self, kids: list[int], extra: bytes = b"") -> bytes:
        self.objects[1] = self._node(kids, extra, None)
        return _pdf(self.objects)


def _kids(body: bytes) -> list[bytes]:
    inside = body[body.index(b"/Kids [") + 7 : body.index(b"]", body.index(b"/Kids ["))]
    return inside.split()[::3]


def nested_tree() -> bytes:
    """Nodes of mixed depth, an empty node, inherited and own resources."""
    t = _Tree()
    deep = t.node([t.node([t.node([t.page(), t.page()])]), t.page()])
    empty = t.node([])
    middle = t.node(
        [t.page(b"/Resources << /Font << >> >>"), t.node([t.page(), t.page(), t.page()]), deep],
        extra=b"/Resources << /ProcSet [/PDF] >>",
    )
    return t.root([t.page(), middle, empty, t.page(), t.node([t.page()])])


def indirect_count_tree() -> bytes:
    """A node whose ``/Count`` is an indirect object (read through the raw reader too)."""
    t = _Tree()
    five = t.add(b"5")
    counted = t.node([t.page() for _ in range(5)], count=b"%d 0 R" % five)
    return t.root([t.page(), counted, t.page()])


def objstm_tree(pages: int = 60) -> bytes:
    """Pages and an intermediate node in an object stream, with a cross-reference stream
    (pyHanko's writer: pikepdf is not a dependency)."""
    from pyhanko.pdf_utils.writer import PdfFileWriter

    name = generic.NameObject
    writer = PdfFileWriter(stream_xrefs=True, init_page_tree=False)
    stm = writer.prepare_object_stream()
    root_ref = writer.allocate_placeholder()
    box = generic.ArrayObject([generic.NumberObject(v) for v in (0, 0, 595, 842)])

    def page(parent: Any) -> Any:
        body = {name("/Type"): name("/Page"), name("/Parent"): parent, name("/MediaBox"): box}
        return writer.add_object(generic.DictionaryObject(body), obj_stream=stm)

    def node(kids: list[Any], parent: Any = None) -> generic.DictionaryObject:
        body = {
            name("/Type"): name("/Pages"),
            name("/Kids"): generic.ArrayObject(kids),
            name("/Count"): generic.NumberObject(len(kids)),
        }
        if parent is not None:
            body[name("/Parent")] = parent
        return generic.DictionaryObject(body)

    half = pages // 2
    inner = node([page(root_ref) for _ in range(half)], root_ref)
    inner_in_stm = writer.add_object(inner, obj_stream=stm)
    outer_kids = [page(root_ref) for _ in range(pages - half)] + [inner_in_stm]
    root = node(outer_kids)
    root[name("/Count")] = generic.NumberObject(pages)
    writer.objects[(root_ref.generation, root_ref.idnum)] = root
    writer.root[name("/Pages")] = root_ref
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_objstm_tree_is_what_it_says() -> None:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.pdf_utils.xref import ObjStreamRef

    pdf = objstm_tree()
    reader = PdfFileReader(io.BytesIO(pdf))
    kids = reader.root.raw_get("/Pages").get_object().raw_get("/Kids")
    assert all(isinstance(reader.xrefs[k.reference], ObjStreamRef) for k in kids)
    assert reader.root["/Pages"]["/Count"] == 60


TREES = {
    "flat-200": (flat_tree, 200),
    "flat-1": (lambda: flat_tree(1), 1),
    "nested": (nested_tree, 10),
    "indirect-count": (indirect_count_tree, 7),
    "objstm": (objstm_tree, 60),
}


@pytest.mark.parametrize("name", list(TREES))
@pytest.mark.parametrize("strict", [True, False], ids=["strict", "lenient"])
def test_generated_trees_give_pyhankos_answers(name: str, strict: bool) -> None:
    make, count = TREES[name]
    got = assert_same(make(), count, strict)
    # the trees are well formed: every in-range index finds a page, the others raise
    assert all(found[0][0] == "ref" for _, found, _ in got[:count])
    assert all(found[0] == "raised" for _, found, _ in got[-2:])


def _damaged() -> dict[str, bytes]:
    t = _Tree()
    out = {"kid-without-type": t.root([t.page(), t.add(b"<< " + _BOX + b" >>"), t.page()])}
    t = _Tree()
    out["kid-not-a-dictionary"] = t.root([t.page(), t.add(b"42"), t.page()])
    t = _Tree()
    out["node-without-count"] = t.root([t.page(), t.add(b"<< /Type /Pages /Kids [] >>"), t.page()])
    t = _Tree()
    out["count-as-real"] = t.root([t.page(), t.node([t.page(), t.page()], count=b"2.0"), t.page()])
    t = _Tree()
    out["count-too-big"] = t.root([t.page(), t.node([t.page(), t.page()], count=b"9"), t.page()])
    t = _Tree()
    out["count-too-small"] = t.root([t.page(), t.node([t.page(), t.page()], count=b"1"), t.page()])
    t = _Tree()
    out["type-escaped"] = t.root([t.page(), t.add(b"<< /Type /P#61ge " + _BOX + b" >>")])
    t = _Tree()
    cycle = t.add(b"")
    t.objects[cycle - 1] = b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % cycle
    out["cycle"] = t.root([t.page(), cycle])
    t = _Tree()
    out["direct-kid"] = _pdf(
        [
            _CATALOG,
            b"<< /Type /Pages /Kids [3 0 R << /Type /Page >>] /Count 2 >>",
            b"<< /Type /Page " + _BOX + b" >>",
        ]
    )
    t = _Tree()
    absent = 999
    out["absent-kid"] = t.root([t.page(), absent, t.page()])
    t = _Tree()
    out["duplicate-type"] = t.root(
        [t.page(), t.add(b"<< /Type /Pages /Type /Page " + _BOX + b" >>"), t.page()]
    )
    # bytes the raw reader reads in a skipped kid where pyHanko refuses them
    t = _Tree()
    out["name-with-a-high-byte"] = t.root([t.node([t.page()], extra=b"/Ki\xdeds []"), t.page()])
    t = _Tree()
    out["name-with-a-bad-escape"] = t.root([t.node([t.page()], extra=b"/Ki#ds []"), t.page()])
    t = _Tree()
    out["reference-to-object-0"] = t.root([t.page(b"/Parent 0 0 R"), t.page()])
    return out


def _objstm_without_endobj() -> bytes:
    """The object stream of :func:`objstm_tree` whose ``endobj`` is damaged (pyHanko, strict,
    refuses it; the raw reader used to stop at ``endstream``)."""
    pdf = objstm_tree()
    at = pdf.index(b"endstream") + len(b"endstream")
    end = pdf.index(b"endobj", at)
    return pdf[:end] + b"endo\xa1j" + pdf[end + 6 :]


DAMAGED = _damaged()
DAMAGED["objstm-endobj-damaged"] = _objstm_without_endobj()


@pytest.mark.parametrize("name", list(DAMAGED))
@pytest.mark.parametrize("strict", [True, False], ids=["strict", "lenient"])
def test_damaged_trees_give_pyhankos_answers_and_exceptions(name: str, strict: bool) -> None:
    pdf = DAMAGED[name]
    try:
        fast, hanko = _pair(pdf, strict)
    except Exception as exc:  # pyHanko cannot open it: neither can the fast writer
        with pytest.raises(type(exc)):
            IncrementalPdfFileWriter(io.BytesIO(pdf), strict=strict)
        return
    assert answers(fast, 4) == answers(hanko, 4)


def _wrong_offset(pdf: bytes, number: int, to: int) -> bytes:
    """``pdf`` whose cross-reference entry of object ``number`` points at object ``to``."""
    xref = pdf.rindex(b"xref\n0 ")
    lines = pdf[xref:].split(b"\n")
    offset = lines[2 + to][:10]
    lines[2 + number] = offset + lines[2 + number][10:]
    return pdf[:xref] + b"\n".join(lines)


@pytest.mark.parametrize("strict", [True, False], ids=["strict", "lenient"])
@pytest.mark.parametrize("shift", ["other-object", "into-object", "past-end"])
def test_a_kid_with_a_wrong_offset_gives_pyhankos_answer(strict: bool, shift: str) -> None:
    """The raw reader refuses a header that does not match its entry: pyHanko decides."""
    pdf = flat_tree(20)
    if shift == "other-object":
        pdf = _wrong_offset(pdf, 9, 12)  # page 7's entry points at page 10
    else:
        xref = pdf.rindex(b"xref\n0 ")
        lines = pdf[xref:].split(b"\n")
        moved = int(lines[2 + 9][:10]) + 7 if shift == "into-object" else len(pdf) + 10
        lines[2 + 9] = b"%010d" % moved + lines[2 + 9][10:]
        pdf = pdf[:xref] + b"\n".join(lines)
    try:
        fast, hanko = _pair(pdf, strict)
    except Exception as exc:
        with pytest.raises(type(exc)):
            IncrementalPdfFileWriter(io.BytesIO(pdf), strict=strict)
        return
    assert answers(fast, 20) == answers(hanko, 20)


# -- nodes changed in memory -------------------------------------------------------------------


def _two_halves() -> bytes:
    """Root (2) -> node A (3: pages 5–14), node B (4: pages 15–24)."""
    objects = [
        _CATALOG,
        b"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 20 >>",
        b"<< /Type /Pages /Parent 2 0 R /Kids [%s] /Count 10 >>"
        % b" ".join(b"%d 0 R" % n for n in range(5, 15)),
        b"<< /Type /Pages /Parent 2 0 R /Kids [%s] /Count 10 >>"
        % b" ".join(b"%d 0 R" % n for n in range(15, 25)),
    ]
    objects += [b"<< /Type /Page /Parent 3 0 R " + _BOX + b" >>"] * 10
    objects += [b"<< /Type /Page /Parent 4 0 R " + _BOX + b" >>"] * 10
    return _pdf(objects)


def _shrink_a(writer: IncrementalPdfFileWriter, *, add_page: bool) -> None:
    """Node A keeps 5 kids (``/Count`` 5); B gets a new page written only in memory."""
    name = generic.NameObject
    a = writer.get_object(generic.Reference(3, 0, writer.prev))
    a[name("/Kids")] = generic.ArrayObject(list(a.raw_get("/Kids"))[:5])
    a[name("/Count")] = generic.NumberObject(5)
    writer.mark_update(generic.Reference(3, 0, writer.prev))
    total = 15
    if add_page:
        new = writer.add_object(
            generic.DictionaryObject(
                {
                    name("/Type"): name("/Page"),
                    name("/Parent"): generic.Reference(4, 0, writer.prev),
                }
            )
        )
        b = writer.get_object(generic.Reference(4, 0, writer.prev))
        b[name("/Kids")] = generic.ArrayObject([new, *b.raw_get("/Kids")])
        b[name("/Count")] = generic.NumberObject(11)
        writer.mark_update(generic.Reference(4, 0, writer.prev))
        total = 16
    root = writer.get_object(generic.Reference(2, 0, writer.prev))
    root[name("/Count")] = generic.NumberObject(total)
    writer.mark_update(generic.Reference(2, 0, writer.prev))


@pytest.mark.parametrize("add_page", [False, True], ids=["shrunk", "shrunk-and-added"])
def test_a_node_changed_in_memory_is_read_from_memory(add_page: bool) -> None:
    pdf = _two_halves()
    fast, hanko = _pair(pdf)
    # a lookup first, so that the raw reader has cached A as it is on disk
    assert fast.find_page_for_modification(12)[0].idnum == 17
    _shrink_a(fast, add_page=add_page)
    _shrink_a(hanko, add_page=add_page)
    count = 16 if add_page else 15
    mine = answers(fast, count)
    assert mine == answers(hanko, count)
    # page 7 now lies in B (the on-disk /Count 10 of A would send the walk into A)
    ref, _ = fast.find_page_for_modification(7)
    assert ref.idnum == (16 if add_page else 17)
    node, index, _ = fast.find_page_container(7)
    assert (node.idnum, index) == (4, 2)
    if add_page:
        new_ref, _ = fast.find_page_for_modification(5)
        assert new_ref.idnum > 24  # the page written only in memory


# -- cost ------------------------------------------------------------------------------------


def _resolutions(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every object pyHanko resolves (through the writer, or the reader its references name)."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    seen: list[Any] = []
    for cls in (IncrementalPdfFileWriter, PdfFileReader):
        real = cls.get_object

        def counting(self: Any, ido: Any, *args: Any, _real: Any = real, **kwargs: Any) -> Any:
            seen.append(ido)
            return _real(self, ido, *args, **kwargs)

        monkeypatch.setattr(cls, "get_object", counting)
    return seen


def test_the_last_page_of_200_costs_a_few_resolutions(monkeypatch: pytest.MonkeyPatch) -> None:
    pdf = flat_tree(200)
    fast, hanko = _pair(pdf)
    seen = _resolutions(monkeypatch)
    fast_answer = _plain(list(fast.find_page_for_modification(199)))
    fast_count = len(seen)
    seen.clear()
    assert _plain(list(hanko.find_page_for_modification(199))) == fast_answer
    hanko_count = len(seen)
    assert fast_count <= 5
    assert hanko_count >= 200
    seen.clear()
    fast.find_page_container(-1)
    assert len(seen) <= 5


def test_open_writer_gives_the_fast_writer() -> None:
    writer = open_writer(io.BytesIO(flat_tree(3)))
    assert isinstance(writer, FastPageWriter)
    assert writer.find_page_for_modification(2)[0].idnum == 5


# -- the corpus --------------------------------------------------------------------------------

SIGNATURES = corpus_manifest("pdf-signatures")
REALDOCS = sorted((CORPUS / "realdocs").glob("*.pdf"))


def _corpus_params() -> list[Any]:
    params: list[Any] = [
        pytest.param(("pdf-signatures", case), id=f"sig:{case['file']}") for case in SIGNATURES
    ]
    params += [pytest.param(("realdocs", path), id=f"real:{path.name}") for path in REALDOCS]
    if not REALDOCS:
        reason = f"shared corpus not available ({CORPUS / 'realdocs'})"
        params.append(pytest.param(None, marks=pytest.mark.skip(reason=reason)))
    return params


@pytest.mark.corpus
@pytest.mark.parametrize("param", _corpus_params())
def test_corpus_pages_are_found_as_pyhanko_finds_them(param: tuple[str, Any]) -> None:
    folder, item = param
    path = Path(item) if folder == "realdocs" else corpus_file(folder, item)
    pdf = path.read_bytes()
    try:
        fast = open_writer(io.BytesIO(pdf))
    except VndocsignError:
        return  # refused (encrypted, unreadable): never reaches the page lookup
    assert isinstance(fast, FastPageWriter)
    hanko = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=fast.prev.strict)
    try:
        count = int(hanko.root["/Pages"]["/Count"])
    except Exception:
        count = 3
    assert answers(fast, count) == answers(hanko, count)


# -- signing a long document -----------------------------------------------------------------


def _bench_document(pages: int) -> bytes:
    spec = importlib.util.spec_from_file_location("_bench", ROOT / "benchmarks" / "_bench.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    font = Path(str(module.FONT).format("Regular"))
    if not font.is_file():
        pytest.skip(f"{font} is not installed")
    return module.document(pages)  # type: ignore[no-any-return]


def test_auto_signing_the_last_page_of_a_200_page_bao_cao(
    vn_pki: Any, keys: Any, signature_png: bytes, tmp_path: Path
) -> None:
    """Issue 17: the signer block of a 200-page báo cáo is on its last page; the signature
    lands there and both pyHanko and pdfsig accept it."""
    pytest.importorskip("vndocsign.placement")
    from pyhanko.pdf_utils.reader import PdfFileReader

    from tests.pki import vnpki
    from tests.signing.helpers import assert_all_good
    from vndocsign.signing import Appearance, sign_file

    pdf = _bench_document(200)
    src = tmp_path / "bao-cao.pdf"
    src.write_bytes(pdf)
    out = tmp_path / "signed.pdf"
    result = sign_file(
        src,
        out,
        keys[vnpki.PERSONAL],
        role="personal",
        placement="auto",
        appearance=Appearance(image=signature_png),
    )
    assert result.page == 199 and result.box is not None
    signed = out.read_bytes()
    assert signed.startswith(pdf)
    assert_all_good(signed, vn_pki)
    reader = PdfFileReader(io.BytesIO(signed))
    (sig,) = reader.embedded_signatures
    widget_page = sig.sig_field.get("/P")
    last = reader.find_page_for_modification(199)[0]
    assert widget_page is not None and widget_page.idnum == last.idnum
    annots = [a.get_object() for a in last.get_object()["/Annots"]]
    assert any(a.get("/T") == sig.field_name for a in annots)


def test_a_repeated_key_anywhere_in_a_kid_is_left_to_pyhanko() -> None:
    """The raw reader keeps a repeated key's last value (PDFium's reading), pyHanko the first
    (strict: refuses the object): the fast writer reads no such object itself, at any depth,
    and a ``/`` inside a string is no repeated key."""
    from vndocsign.pdf._rawobj import RawObjects, Ref, UnsupportedError

    bodies = {
        3: b"<< /Type /Page /Group << /Type /Group /S /Transparency >> >>",
        4: b"<< /Type /Page /T (a/Type/b) >>",
        5: b"<< /Type /Page /Resources << /Font << /F1 3 0 R /F1 4 0 R >> >> >>",
        6: b"<< /Type /Pages /Type /Page >>",
    }
    pdf = _pdf([_CATALOG, b"<< /Type /Pages /Kids [] /Count 0 >>", *bodies.values()])
    xref = pdf.rindex(b"xref\n0 ")
    offsets = [int(line[:10]) for line in pdf[xref:].split(b"\n")[2:9]]

    def read_at(offset: int, size: int) -> bytes:
        return pdf[offset : offset + size]

    for unique in (False, True):
        objs = RawObjects(read_at, lambda n, g: offsets[n], 1 << 20, like_pyhanko=unique)
        assert objs.get(Ref(3, 0))["Group"]["Type"] == "Group"
        assert objs.get(Ref(4, 0))["T"] == b"a/Type/b"
        for number in (5, 6):
            if unique:
                with pytest.raises(UnsupportedError, match="repeated key"):
                    objs.get(Ref(number, 0))
            else:
                objs.get(Ref(number, 0))
    assert RawObjects(read_at, lambda n, g: offsets[n], 1 << 20).get(Ref(6, 0))["Type"] == "Page"


def test_mutated_trees_give_pyhankos_answers() -> None:
    """A deterministic differential fuzz (``tests/hostile/_mutate.py``) of the generated trees:
    longer runs found the cases of ``DAMAGED`` above (bytes pyHanko refuses in a name, a
    reference to object 0, a truncated object stream, a damaged ``endobj``)."""
    import logging
    import random

    from tests.hostile._mutate import OPS, mutate

    seeds = [flat_tree(30), nested_tree(), objstm_tree(), indirect_count_tree()]
    rng = random.Random(17)
    logging.disable(logging.WARNING)  # pyHanko's repair warnings on the mutated files
    try:
        for _ in range(150):
            seed = rng.randrange(len(seeds))
            recipe = [
                (rng.choice(OPS), rng.randrange(1 << 32), rng.randbytes(rng.randrange(1, 12)))
                for _ in range(rng.randrange(1, 3))
            ]
            if any(op in ("number", "dup") for op, _, _ in recipe):
                continue  # huge counts and sizes: pyHanko's own reading may take minutes
            pdf = mutate(seeds[seed], recipe)
            try:
                fast, hanko = _pair(pdf, strict=True)
            except Exception:  # noqa: S112 - pyHanko cannot open it: no page lookup
                continue
            assert answers(fast, 12) == answers(hanko, 12), (seed, recipe)
    finally:
        logging.disable(logging.NOTSET)
