"""Command-line interface (``vndocsign``); see :mod:`vndocsign.cli.main`."""

from vndocsign.cli.main import cli, main

__all__ = ["cli", "main"]
