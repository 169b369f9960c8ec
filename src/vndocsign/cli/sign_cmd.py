"""``vndocsign sign``: not implemented yet (see the open issue for this capability)."""

from __future__ import annotations

import click

__all__ = ["commands"]

commands: list[click.Command] = []
