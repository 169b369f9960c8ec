"""docs/cli.md documents every command and the exit codes the code uses."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import click

from vndocsign.cli import _common, cli
from vndocsign.cli._reference import BEGIN, END, command_reference

PAGE = Path(__file__).resolve().parents[2] / "docs" / "cli.md"


def test_generated_reference_matches_the_commands() -> None:
    text = PAGE.read_text(encoding="utf-8")
    block = text.partition(BEGIN)[2].partition(END)[0].strip()
    generated = command_reference(cli).strip()
    diff = "\n".join(
        difflib.unified_diff(block.splitlines(), generated.splitlines(), lineterm="", n=1)
    )
    assert not diff, (
        "docs/cli.md is out of date: run `python -m vndocsign.cli._reference docs/cli.md`\n"
        + diff[:3000]
    )


def test_every_command_and_option_is_on_the_page() -> None:
    text = PAGE.read_text(encoding="utf-8")

    def walk(cmd: click.Command, path: str) -> None:
        assert f"### `{path}`" in text, path
        for param in cmd.params:
            if isinstance(param, click.Option):
                for opt in param.opts:
                    assert opt in text, f"{path} {opt}"
        if isinstance(cmd, click.Group):
            for name, sub in cmd.commands.items():
                walk(sub, f"{path} {name}")

    walk(cli, "vndocsign")


def test_exit_code_table_matches_the_code() -> None:
    text = PAGE.read_text(encoding="utf-8")
    table = text.partition("## Exit codes")[2].partition("\n## ")[0]
    documented = {int(m) for m in re.findall(r"^\| (\d+) \|", table, re.M)}
    in_code = {v for k, v in vars(_common).items() if k.startswith("EXIT_")}
    assert documented == in_code
