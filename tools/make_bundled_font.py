"""Build the Vietnamese serif font shipped with vndocsign (run by hand; output is committed).

Noto Serif (SIL Open Font License 1.1, stated in the font's own name table) instanced at
wght=400, wdth=100 and subset to Latin + Vietnamese: about a tenth of the variable font that the
``fontpkg-noto-serif`` package installs, with its licence shipped beside it.

    python tools/make_bundled_font.py path/to/NotoSerif[wdth,wght].ttf
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset  # type: ignore[import-untyped]
from fontTools.ttLib import TTFont  # type: ignore[import-untyped]
from fontTools.varLib import instancer  # type: ignore[import-untyped]

OUT = Path(__file__).resolve().parents[1] / "src" / "vndocsign" / "data" / "fonts"
RANGES = ((0x20, 0x7E), (0xA0, 0x24F), (0x300, 0x323), (0x1EA0, 0x1EF9), (0x2000, 0x206F),
          (0x20AB, 0x20AB), (0x2116, 0x2116))


def main(source: str) -> None:
    font = TTFont(source)
    font = instancer.instantiateVariableFont(font, {"wght": 400.0, "wdth": 100.0})
    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.notdef_outline = True
    options.name_IDs = ["*"]
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "kern", "DSIG", "STAT", "MVAR", "HVAR"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[cp for lo, hi in RANGES for cp in range(lo, hi + 1)])
    subsetter.subset(font)
    OUT.mkdir(parents=True, exist_ok=True)
    font.save(OUT / "NotoSerif-Regular-vi.ttf")
    print((OUT / "NotoSerif-Regular-vi.ttf").stat().st_size)


if __name__ == "__main__":
    main(sys.argv[1])
