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


def test_noto_serif_variable_font_is_instanced(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    noto = fonts_mod._noto_serif_path()
    if noto is None:
        pytest.skip("fontpkg-noto-serif not installed")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))  # cold cache: instancing really runs
    font = load_font(noto)
    assert font.encode("Ủy ban nhân dân Đà Nẵng").startswith(b"<")
    assert 400 < font.width("Ký bởi", 1000) < 3500
    assert len(font.font_program) < 400_000  # instanced and subset, not the 1.9 MB original
    assert list((tmp_path / "vndocsign" / "fonts").glob("*.ttf"))  # disk cache written


def test_fallback_to_noto_without_liberation(monkeypatch: pytest.MonkeyPatch):
    if fonts_mod._noto_serif_path() is None:
        pytest.skip("fontpkg-noto-serif not installed")
    monkeypatch.delenv("VNDOCSIGN_FONT", raising=False)
    monkeypatch.setattr(fonts_mod, "_LIBERATION", ())
    assert "NotoSerif" in default_font_path().name


def test_font_loaded_once_per_process():
    assert load_font() is load_font()


def test_not_a_font(tmp_path: Path):
    bad = tmp_path / "bad.ttf"
    bad.write_bytes(b"not a font")
    with pytest.raises(AppearanceError):
        load_font(bad)
