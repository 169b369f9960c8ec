"""Vietnamese-capable fonts for signature appearances, subset once per process.

Why not pyHanko's default font: it is a Latin-1 simple font and renders "Ký bởi" as "þÿ K ý …"
(pyHanko #459). Why not pyHanko's ``GlyphAccumulatorFactory`` either: it runs
``fontTools.subset`` for *every* document (≈35–130 ms each, see the reference measurements),
which dominates visible signing. Here a font is subset **once per process** to Latin +
Vietnamese (the ranges listed in :data:`VIETNAMESE_RANGES`); the compressed font program,
the width array and the ``ToUnicode`` map are kept in memory and written into each document
as ready-made streams (a Type 0 / CIDFontType2 font with ``Identity-H`` encoding). Text stays
extractable (``pdftotext`` and PDFium read the ``ToUnicode`` map).

Font resolution (first hit wins), see :func:`default_font_path`:

1. an explicit path (``Appearance(font=...)``, ``--font``);
2. the ``VNDOCSIGN_FONT`` environment variable;
3. Liberation Serif (Debian ``fonts-liberation``/``fonts-liberation2``): metric-compatible
   with Times New Roman, the typeface Decree 30 prescribes;
4. the package's own Noto Serif (``vndocsign/data/fonts/NotoSerif-Regular-vi.ttf``, SIL OFL
   1.1, licence beside it): a pre-instanced Latin + Vietnamese subset (wght=400, wdth=100),
   always present; not metric-compatible with Times New Roman.

fontTools is imported only when a font is actually subset (a cache miss), not when the
per-user disk cache already holds the subset and its metrics (widths, cmap, ascent...: a JSON
record beside it, tied to the subset's hash): a cold process then spends neither the import
nor the parse (issue 17: ~7 MB of peak RSS and ~60 ms).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import logging
import os
import threading
import unicodedata
import zlib
from pathlib import Path
from typing import Any

import attrs

from vndocsign.signing._errors import AppearanceError

__all__ = [
    "VIETNAMESE_RANGES",
    "EmbeddedFont",
    "default_font_path",
    "load_font",
]

#: Code points kept in the per-process subset: ASCII, Latin-1, the Vietnamese letters and
#: combining marks, the đồng sign, typographic punctuation.
VIETNAMESE_RANGES: tuple[tuple[int, int], ...] = (
    (0x20, 0x7E),
    (0xA0, 0xFF),
    (0x102, 0x103),
    (0x110, 0x111),
    (0x128, 0x129),
    (0x168, 0x169),
    (0x1A0, 0x1A1),
    (0x1AF, 0x1B0),
    (0x300, 0x303),
    (0x309, 0x309),
    (0x323, 0x323),
    (0x1EA0, 0x1EF9),
    (0x2013, 0x2014),
    (0x2018, 0x201D),
    (0x2026, 0x2026),
    (0x20AB, 0x20AB),
)

_LIBERATION = (
    "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
    "/usr/share/fonts/liberation-serif/LiberationSerif-Regular.ttf",
    "/usr/share/fonts/liberation/LiberationSerif-Regular.ttf",
)
_CACHE_VERSION = "1"


#: The bundled fallback (SIL OFL 1.1; ``OFL.txt`` beside it).
BUNDLED_FONT = Path(__file__).resolve().parents[1] / "data" / "fonts" / "NotoSerif-Regular-vi.ttf"


def default_font_path() -> Path:
    """The font used when the caller names none (see the module docstring for the order)."""
    env = os.environ.get("VNDOCSIGN_FONT")
    if env:
        return Path(env)
    for candidate in _LIBERATION:
        if Path(candidate).is_file():
            return Path(candidate)
    if BUNDLED_FONT.is_file():
        return BUNDLED_FONT
    raise AppearanceError(  # only when the package data was stripped
        f"No Vietnamese-capable font found (the bundled {BUNDLED_FONT.name} is missing): "
        "install fonts-liberation or pass a font path",
        f"Không tìm thấy phông chữ tiếng Việt (thiếu tệp {BUNDLED_FONT.name} kèm gói): "
        "cài fonts-liberation hoặc chỉ đường dẫn phông chữ",
    )


def _cache_dir() -> Path | None:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    path = Path(base) / "vndocsign" / "fonts"
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return path


def _codepoints() -> list[int]:
    return [cp for lo, hi in VIETNAMESE_RANGES for cp in range(lo, hi + 1)]


def _font_key(raw: bytes) -> str:
    return hashlib.sha256(raw + _CACHE_VERSION.encode()).hexdigest()[:32]


def _subset_font_bytes(path: Path, raw: bytes | None = None) -> bytes:
    """Instance (if variable) and subset the font; cached on disk by content hash.

    fontTools' subsetter (slow to import) is imported only on a cache miss."""
    raw = path.read_bytes() if raw is None else raw
    key = _font_key(raw)
    cache = _cache_dir()
    if cache is not None and (cache / f"{key}.ttf").is_file():
        return (cache / f"{key}.ttf").read_bytes()
    from fontTools import subset  # type: ignore[import-untyped]
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    font = TTFont(io.BytesIO(raw))
    if "fvar" in font:
        from fontTools.varLib import instancer  # type: ignore[import-untyped]

        axes = {a.axisTag: a.defaultValue for a in font["fvar"].axes}
        axes.update({k: v for k, v in {"wght": 400.0, "wdth": 100.0}.items() if k in axes})
        font = instancer.instantiateVariableFont(font, axes)
    logging.getLogger("fontTools.subset").setLevel(logging.ERROR)  # "FFTM NOT subset" noise
    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.notdef_outline = True
    options.name_IDs = ["*"]
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "kern", "DSIG", "STAT", "MVAR", "HVAR"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=_codepoints())
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    data = out.getvalue()
    if cache is not None:
        tmp = cache / f".{key}.{os.getpid()}.tmp"
        try:
            tmp.write_bytes(data)
            os.replace(tmp, cache / f"{key}.ttf")
        except OSError:
            tmp.unlink(missing_ok=True)
    return data


def _tounicode(gid_to_cp: dict[int, int]) -> bytes:
    lines = [
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        b"/CMapName /Adobe-Identity-UCS def /CMapType 2 def",
        b"1 begincodespacerange <0000> <FFFF> endcodespacerange",
    ]
    items = sorted(gid_to_cp.items())
    for start in range(0, len(items), 100):
        chunk = items[start : start + 100]
        lines.append(b"%d beginbfchar" % len(chunk))
        lines.extend(b"<%04X> <%04X>" % (gid, cp) for gid, cp in chunk)
        lines.append(b"endbfchar")
    lines.append(b"endcmap CMapName currentdict /CMap defineresource pop end end")
    return b"\n".join(lines)


@attrs.frozen(eq=False)
class EmbeddedFont:
    """A subset font ready to be written into any number of documents.

    Build with :func:`load_font` (cached per path), then per document call :meth:`font_ref`
    (adds the font objects to that document's writer; call it once per appearance) and
    :meth:`encode` / :meth:`width`.
    """

    source: Path
    postscript_name: str
    units_per_em: int
    cmap: dict[int, int]  # code point -> glyph id
    widths: dict[int, int]  # glyph id -> width in 1/1000 em
    ascent: int
    descent: int
    cap_height: int
    bbox: tuple[int, int, int, int]
    font_program: bytes  # zlib-compressed TrueType program
    font_program_length: int
    tounicode: bytes  # zlib-compressed CMap

    def missing(self, text: str) -> list[str]:
        """Characters of ``text`` (NFC) the font cannot draw."""
        return sorted(
            {
                ch
                for ch in unicodedata.normalize("NFC", text)
                if ord(ch) not in self.cmap and ch not in "\n\r\t"
            }
        )

    def encode(self, text: str) -> bytes:
        """``text`` as a PDF hex string of glyph ids (``Identity-H``)."""
        text = unicodedata.normalize("NFC", text)
        missing = self.missing(text)
        if missing:
            raise AppearanceError(
                f"The font {self.source.name} cannot draw {''.join(missing)!r}",
                f"Phông chữ {self.source.name} không có ký tự {''.join(missing)!r}",
                characters=missing,
            )
        return b"<" + b"".join(b"%04X" % self.cmap[ord(ch)] for ch in text) + b">"

    def width(self, text: str, size: float) -> float:
        """Advance width of ``text`` at ``size`` points (missing glyphs count as .notdef)."""
        text = unicodedata.normalize("NFC", text)
        total = sum(self.widths.get(self.cmap.get(ord(ch), 0), 0) for ch in text)
        return total * size / 1000.0

    def font_ref(self, writer: Any) -> Any:
        """Indirect reference to this font's Type 0 dictionary inside ``writer``."""
        from pyhanko.pdf_utils import generic as _generic
        from pyhanko.pdf_utils.generic import pdf_name

        generic: Any = _generic  # pyHanko's PDF object constructors are untyped
        name = pdf_name("/VNDS+" + self.postscript_name)
        flate = pdf_name("/FlateDecode")
        program = generic.StreamObject(
            generic.DictionaryObject(
                {
                    pdf_name("/Length1"): generic.NumberObject(self.font_program_length),
                    pdf_name("/Filter"): flate,
                }
            ),
            encoded_data=self.font_program,
        )
        descriptor = generic.DictionaryObject(
            {
                pdf_name("/Type"): pdf_name("/FontDescriptor"),
                pdf_name("/FontName"): name,
                pdf_name("/Flags"): generic.NumberObject(34),  # serif + nonsymbolic
                pdf_name("/FontBBox"): generic.ArrayObject(
                    generic.NumberObject(v) for v in self.bbox
                ),
                pdf_name("/ItalicAngle"): generic.NumberObject(0),
                pdf_name("/Ascent"): generic.NumberObject(self.ascent),
                pdf_name("/Descent"): generic.NumberObject(self.descent),
                pdf_name("/CapHeight"): generic.NumberObject(self.cap_height),
                pdf_name("/StemV"): generic.NumberObject(80),
                pdf_name("/FontFile2"): writer.add_object(program),
            }
        )
        w_array = generic.ArrayObject()
        for gid in sorted(self.widths):
            w_array.append(generic.NumberObject(gid))
            w_array.append(generic.ArrayObject([generic.NumberObject(self.widths[gid])]))
        cid_font = generic.DictionaryObject(
            {
                pdf_name("/Type"): pdf_name("/Font"),
                pdf_name("/Subtype"): pdf_name("/CIDFontType2"),
                pdf_name("/BaseFont"): name,
                pdf_name("/CIDSystemInfo"): generic.DictionaryObject(
                    {
                        pdf_name("/Registry"): generic.pdf_string("Adobe"),
                        pdf_name("/Ordering"): generic.pdf_string("Identity"),
                        pdf_name("/Supplement"): generic.NumberObject(0),
                    }
                ),
                pdf_name("/FontDescriptor"): writer.add_object(descriptor),
                pdf_name("/W"): w_array,
                pdf_name("/CIDToGIDMap"): pdf_name("/Identity"),
            }
        )
        tounicode = generic.StreamObject(
            generic.DictionaryObject({pdf_name("/Filter"): flate}), encoded_data=self.tounicode
        )
        type0 = generic.DictionaryObject(
            {
                pdf_name("/Type"): pdf_name("/Font"),
                pdf_name("/Subtype"): pdf_name("/Type0"),
                pdf_name("/BaseFont"): name,
                pdf_name("/Encoding"): pdf_name("/Identity-H"),
                pdf_name("/DescendantFonts"): generic.ArrayObject([writer.add_object(cid_font)]),
                pdf_name("/ToUnicode"): writer.add_object(tounicode),
            }
        )
        return writer.add_object(type0)


def _build(path: Path) -> EmbeddedFont:
    try:
        raw = path.read_bytes()
        data = _subset_font_bytes(path, raw)
        key = _font_key(raw)
        known = _cached_metrics(key, data)
        if known is not None:
            with contextlib.suppress(KeyError, TypeError, ValueError, AppearanceError):
                return _embedded(path, data, known)  # else a damaged record: parse again
        from fontTools.ttLib import TTFont

        font = TTFont(io.BytesIO(data))
    except AppearanceError:
        raise
    except Exception as exc:
        raise AppearanceError(
            f"Cannot load the font {path}: {exc}",
            f"Không đọc được phông chữ {path}: {exc}",
            path=str(path),
        ) from exc
    metrics = _metrics(path, font)
    embedded = _embedded(path, data, metrics)
    _store_metrics(key, data, metrics)
    return embedded


def _metrics(path: Path, font: Any) -> dict[str, Any]:
    """What :class:`EmbeddedFont` needs of the subset font (JSON-ready: cached on disk)."""
    if "glyf" not in font:
        raise AppearanceError(
            f"The font {path.name} has no TrueType outlines (CFF fonts are not supported yet)",
            f"Phông chữ {path.name} không có đường nét TrueType (chưa hỗ trợ phông CFF)",
            path=str(path),
        )
    upem = font["head"].unitsPerEm
    scale = 1000.0 / upem
    order = font.getGlyphOrder()
    gid_of = {name: i for i, name in enumerate(order)}
    cmap = sorted((cp, gid_of[gname]) for cp, gname in (font.getBestCmap() or {}).items())
    hmtx = font["hmtx"]
    head = font["head"]
    os2 = font.get("OS/2")
    ps_name = "Font"
    record = font["name"].getDebugName(6)
    if record:
        ps_name = "".join(ch for ch in record if ch.isalnum() or ch in "-_")[:60] or "Font"
    return {
        "postscript_name": ps_name,
        "units_per_em": upem,
        "cmap": cmap,
        "widths": [round(hmtx[name][0] * scale) for name in order],
        "ascent": round(font["hhea"].ascent * scale),
        "descent": round(font["hhea"].descent * scale),
        "cap_height": round((getattr(os2, "sCapHeight", 0) or font["hhea"].ascent * 0.7) * scale),
        "bbox": [round(v * scale) for v in (head.xMin, head.yMin, head.xMax, head.yMax)],
    }


def _embedded(path: Path, data: bytes, metrics: dict[str, Any]) -> EmbeddedFont:
    cmap = {int(cp): int(gid) for cp, gid in metrics["cmap"]}
    if not all(ord(ch) in cmap for ch in "Ký bởi Ủy ban nhân dân Đà Nẵng"):
        raise AppearanceError(
            f"The font {path.name} cannot render Vietnamese",
            f"Phông chữ {path.name} không hiển thị được tiếng Việt",
            path=str(path),
        )
    gid_to_cp: dict[int, int] = {}
    for cp, gid in sorted(cmap.items()):
        gid_to_cp.setdefault(gid, cp)
    x0, y0, x1, y1 = (int(v) for v in metrics["bbox"])
    return EmbeddedFont(
        source=path,
        postscript_name=str(metrics["postscript_name"]),
        units_per_em=int(metrics["units_per_em"]),
        cmap=cmap,
        widths={gid: int(w) for gid, w in enumerate(metrics["widths"])},
        ascent=int(metrics["ascent"]),
        descent=int(metrics["descent"]),
        cap_height=int(metrics["cap_height"]),
        bbox=(x0, y0, x1, y1),
        font_program=zlib.compress(data, 6),
        font_program_length=len(data),
        tounicode=zlib.compress(_tounicode(gid_to_cp), 6),
    )


def _cached_metrics(key: str, data: bytes) -> dict[str, Any] | None:
    """The metrics stored beside the subset ``data`` when it was built (no fontTools import
    on a warm disk cache: ~7 MB and ~60 ms of a cold process), if they describe ``data``."""
    cache = _cache_dir()
    if cache is None:
        return None
    try:
        stored = json.loads((cache / f"{key}.json").read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(stored, dict) or stored.get("subset") != hashlib.sha256(data).hexdigest():
        return None  # the subset was rebuilt since (another fontTools): read it again
    metrics = stored.get("metrics")
    return metrics if isinstance(metrics, dict) else None


def _store_metrics(key: str, data: bytes, metrics: dict[str, Any]) -> None:
    cache = _cache_dir()
    if cache is None:
        return
    tmp = cache / f".{key}.{os.getpid()}.json.tmp"
    record = {"subset": hashlib.sha256(data).hexdigest(), "metrics": metrics}
    try:
        tmp.write_text(json.dumps(record), "utf-8")
        os.replace(tmp, cache / f"{key}.json")
    except OSError:
        tmp.unlink(missing_ok=True)


_FONTS: dict[str, EmbeddedFont] = {}
_FONTS_LOCK = threading.Lock()


def load_font(path: str | os.PathLike[str] | None = None) -> EmbeddedFont:
    """The :class:`EmbeddedFont` for ``path`` (default: :func:`default_font_path`), cached."""
    resolved = Path(path) if path is not None else default_font_path()
    if not resolved.is_file():
        raise AppearanceError(
            f"Font file not found: {resolved}",
            f"Không tìm thấy tệp phông chữ: {resolved}",
            path=str(resolved),
        )
    key = str(resolved.resolve())
    with _FONTS_LOCK:
        font = _FONTS.get(key)
        if font is None:
            font = _FONTS[key] = _build(resolved)
        return font
