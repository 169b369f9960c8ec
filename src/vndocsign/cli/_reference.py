"""The command reference of ``docs/cli.md``, generated from the click definitions.

Writing the reference by hand let it fall behind the code (it once documented one command of
nine). The page now holds a generated block between two markers; a test regenerates it and
fails when the page and the commands disagree. Refresh it with::

    python -m vndocsign.cli._reference docs/cli.md
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Iterator
from pathlib import Path

import click

__all__ = ["BEGIN", "END", "command_reference", "update_page"]

BEGIN = "<!-- BEGIN GENERATED COMMAND REFERENCE (python -m vndocsign.cli._reference) -->"
END = "<!-- END GENERATED COMMAND REFERENCE -->"


def _walk(
    command: click.Command, path: tuple[str, ...], parent: click.Context | None
) -> Iterator[tuple[tuple[str, ...], click.Command, click.Context]]:
    # Contexts chained as on the command line, so that settings such as the group's
    # ``help_option_names`` (``-h, --help``) reach every sub-command.
    ctx = click.Context(command, info_name=path[-1], parent=parent, **command.context_settings)
    yield path, command, ctx
    if isinstance(command, click.Group):
        for name in sorted(command.commands):
            yield from _walk(command.commands[name], (*path, name), ctx)


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _option_row(param: click.Parameter, ctx: click.Context) -> str | None:
    if not isinstance(param, click.Option):
        return None
    record = param.get_help_record(ctx)
    if record is None:
        return None
    names, help_text = record
    return f"| `{_cell(names)}` | {_cell(help_text) or '—'} |"


def _section(path: tuple[str, ...], command: click.Command, ctx: click.Context) -> list[str]:
    usage = " ".join(command.collect_usage_pieces(ctx))
    lines = [f"### `{' '.join(path)}`", ""]
    lines += ["```text", f"{' '.join(path)} {usage}".rstrip(), "```", ""]
    if command.help:
        lines += [inspect.cleandoc(click.unstyle(command.help)), ""]
    # click caches a command's help option from the first context it saw (a test may call a
    # sub-command alone, without the group's ``-h``): the row is written from ``ctx`` instead.
    rows = [row for p in command.params if (row := _option_row(p, ctx))]
    if command.add_help_option and ctx.help_option_names:
        names = ", ".join(sorted(ctx.help_option_names, key=len))
        rows.append(f"| `{names}` | Show this message and exit. |")
    if rows:
        lines += ["| Option | Meaning |", "|---|---|", *rows, ""]
    if isinstance(command, click.Group) and command.commands:
        subs = ", ".join(f"`{name}`" for name in sorted(command.commands))
        lines += [f"Sub-commands: {subs}.", ""]
    return lines


def command_reference(root: click.Command) -> str:
    """Markdown for every command and sub-command under ``root``, options included."""
    lines: list[str] = []
    for path, command, ctx in _walk(root, ("vndocsign",), None):
        lines += _section(path, command, ctx)
    return "\n".join(lines).rstrip() + "\n"


def update_page(page: Path, root: click.Command) -> bool:
    """Rewrite the generated block of ``page``; returns whether it changed."""
    text = page.read_text(encoding="utf-8")
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    new = f"{head}{BEGIN}\n\n{command_reference(root)}\n{END}{tail}"
    if new == text:
        return False
    page.write_text(new, encoding="utf-8")
    return True


if __name__ == "__main__":  # pragma: no cover
    from vndocsign.cli.main import cli

    for arg in sys.argv[1:]:
        print(f"{arg}: {'updated' if update_page(Path(arg), cli) else 'up to date'}")
