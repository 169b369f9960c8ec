"""``vndocsign demo OUTDIR``: the whole job on an embedded example (filled in below)."""

from __future__ import annotations

import click

__all__ = ["commands"]

commands: list[click.Command] = []
