"""Vietnamese fonts: resolution order, the variable Noto Serif fallback, once-per-process cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from vndocsign.signing import AppearanceError, default_font_path, load_font
from vndocsign.signing import _fonts as fonts_mod


def test_default_is_liberation_serif_when_installed(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("VNDOCSIGN_FONT", raising=False)
    path = default_font_path()
    if "Liberation" not in path.name:
        pytest.skip("fonts-liberation not installed here")
    assert path.name == "LiberationSerif-Regular.ttf"


def test_env_override(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setenv("VNDOCSIGN_FONT", str(tmp_path / "x.ttf"))
    assert default_font_path() == tmp_path / "x.ttf"


def test_bundled_noto_serif_loads(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))  # cold cache: subsetting really runs
    font = load_font(fonts_mod.BUNDLED_FONT)
    assert font.encode("Ủy ban nhân dân Đà Nẵng").startswith(b"<")
    assert 400 < font.width("Ký bởi", 1000) < 3500
    assert list((tmp_path / "vndocsign" / "fonts").glob("*.ttf"))  # disk cache written


def test_fallback_to_bundled_noto_without_liberation(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("VNDOCSIGN_FONT", raising=False)
    monkeypatch.setattr(fonts_mod, "_LIBERATION", ())
    assert default_font_path() == fonts_mod.BUNDLED_FONT
    assert default_font_path().is_file()


def test_font_cache_hit_does_not_import_the_subsetter(tmp_path: Path):
    """fontTools' subsetter is slow to import: a warm disk cache must not need it."""
    import subprocess
    import sys

    code = (
        "import sys; from vndocsign.signing import _fonts as f; "
        "f._subset_font_bytes(f.BUNDLED_FONT); "
        "[sys.modules.pop(m) for m in list(sys.modules) if m.startswith('fontTools.subset')]; "
        "f._subset_font_bytes(f.BUNDLED_FONT); "
        "print('fontTools.subset' in sys.modules)"
    )
    env = {**__import__("os").environ, "XDG_CACHE_HOME": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout.strip() == "False"


def test_font_loaded_once_per_process():
    assert load_font() is load_font()


def test_not_a_font(tmp_path: Path):
    bad = tmp_path / "bad.ttf"
    bad.write_bytes(b"not a font")
    with pytest.raises(AppearanceError):
        load_font(bad)


def test_font_cache_hit_imports_no_fonttools_and_gives_the_same_font(tmp_path: Path):
    """Issue 17: a warm disk cache holds the subset and its metrics; a cold process builds
    the same :class:`EmbeddedFont` from them without importing fontTools at all."""
    import subprocess
    import sys

    code = (
        "import sys, hashlib, attrs; from vndocsign.signing import _fonts as f; "
        "font = attrs.asdict(f._build(f.BUNDLED_FONT)); "
        "print('fontTools' in sys.modules, len(font['cmap']), font['font_program_length'], "
        "hashlib.sha256(repr(sorted(font.items())).encode()).hexdigest())"
    )
    env = {**__import__("os").environ, "XDG_CACHE_HOME": str(tmp_path)}

    def run() -> tuple[bool, str]:
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
        )
        flag, _, digest = out.stdout.strip().partition(" ")
        return flag == "True", digest

    imported, built = run()  # cold disk cache: subset, parsed, metrics stored
    assert imported
    assert list((tmp_path / "vndocsign" / "fonts").glob("*.json"))
    imported, cached = run()
    assert not imported
    assert cached == built
    # a damaged record is read past (fontTools parses the subset again)
    import hashlib
    import json

    (subset,) = (tmp_path / "vndocsign" / "fonts").glob("*.ttf")
    (record,) = (tmp_path / "vndocsign" / "fonts").glob("*.json")
    digest = hashlib.sha256(subset.read_bytes()).hexdigest()
    for damaged in (
        {"subset": "another", "metrics": json.loads(record.read_text())["metrics"]},
        {"subset": digest, "metrics": {}},
        {"subset": digest, "metrics": {"cmap": [], "bbox": [0, 0, 1, 1]}},
    ):
        record.write_text(json.dumps(damaged))
        imported, again = run()
        assert imported and again == built
