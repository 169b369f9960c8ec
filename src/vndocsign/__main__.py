"""``python -m vndocsign`` is the same as the ``vndocsign`` command."""

import sys

from vndocsign.cli.main import main

sys.exit(main())
