"""The edXML bombs and hostile profiles through the real CLI, under 2 GiB and 60 s (issue 14).

Before the fix, the 4.8 KB bzip2 envelope ended in ``MemoryError`` (exit 70) under this cap.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile._bombs import envelope, zip_bomb
from tests.hostile._harness import assert_typed, run_cli

pytestmark = pytest.mark.slow

BOMBS = {
    "bzip2-lying": lambda: zip_bomb("bzip2"),
    "bzip2-honest-1g": lambda: zip_bomb("bzip2", size=1 << 30, declared=1 << 30),
    "deflate-lying": lambda: zip_bomb("deflate"),
    "lzma-lying": lambda: zip_bomb("lzma"),
}


@pytest.mark.parametrize("bomb", list(BOMBS))
def test_unpack_bomb_under_the_cap(bomb: str, tmp_path: Path) -> None:
    source = tmp_path / f"{bomb}.edxml"
    source.write_bytes(envelope(BOMBS[bomb]()))
    out = tmp_path / "out"
    run = assert_typed(run_cli(["edxml", "unpack", str(source), "-d", str(out), "--json"]))
    assert run.returncode in (0, 1)
    (att,) = run.json()["attachments"]
    assert "zip bomb" in (att["error"] or att.get("zip_error") or "")
    assert run.seconds < 30
    # the received payload is kept as it travelled, nothing inflated is left behind
    assert sorted(p.name for p in out.iterdir()) == ["bom.txt"]
    assert (out / "bom.txt").stat().st_size == len(BOMBS[bomb]())


@pytest.mark.parametrize("command", ["validate", "status"])
def test_other_edxml_commands_on_the_bzip2_bomb(command: str, tmp_path: Path) -> None:
    source = tmp_path / "bomb.edxml"
    source.write_bytes(envelope(zip_bomb("bzip2")))
    if command == "validate":
        args = ["edxml", "validate", str(source), "--json"]
    else:
        args = [
            "edxml", "status", "--code", "01", "--envelope", str(source),
            "--from", "000.00.00.H41", "-o", str(tmp_path / "status.edxml"), "--json",
        ]  # fmt: skip
    assert_typed(run_cli(args))


def test_deep_toml_profile_under_the_cap(tmp_path: Path) -> None:
    path = tmp_path / "deep.toml"
    path.write_text('[profile]\nname = "d"\nnote = ' + "[" * 200_000 + "]" * 200_000 + "\n")
    run = assert_typed(run_cli(["policy", "profiles", str(path), "--json"]))
    assert run.returncode == 3 and run.json()["code"] == "policy.limit"
