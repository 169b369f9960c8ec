"""The worker's child process: ``python -m vndocsign.batch._child``.

It reads length-prefixed pickled :class:`Task` frames on standard input and answers each with a
:class:`TaskReply` frame. The supervisor kills it when a file overruns its time limit — a
hostile PDF can hang a parser where no Python code can interrupt it — and starts a new one.
It is a fresh interpreter (``subprocess``), not a fork: it works under Dask's daemonic worker
processes and never inherits a lock held by another thread. Its imports (pyHanko, the trust
set-up, the loaded key) are paid once per child, not once per file, and before its first file:
the child preloads the heavy modules and says ``READY``, and only then does the supervisor start
a file's clock (a replacement child after a time-out does not eat into the next file's limit).
Only the supervisor talks to it, over pipes it created; frames are trusted as such.
"""

from __future__ import annotations

import os
import pickle
import struct
import sys
from typing import IO

__all__ = ["READY", "main", "read_frame", "write_frame"]

_HEADER = struct.Struct("!Q")
#: the first frame a child sends: imports done, ready for files
READY = "vndocsign.batch ready"


def write_frame(stream: IO[bytes], obj: object) -> None:
    payload = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(payload)) + payload)
    stream.flush()


def _read_exact(stream: IO[bytes], size: int) -> bytes | None:
    chunks = bytearray()
    while len(chunks) < size:
        chunk = stream.read(size - len(chunks))
        if not chunk:
            return None
        chunks += chunk
    return bytes(chunks)


def read_frame(stream: IO[bytes]) -> object | None:
    header = _read_exact(stream, _HEADER.size)
    if header is None:
        return None
    payload = _read_exact(stream, _HEADER.unpack(header)[0])
    return None if payload is None else pickle.loads(payload)  # noqa: S301 - our own pipe


def main() -> None:
    # The protocol owns the real standard output; anything a library prints goes to stderr.
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    import logging

    logging.disable(logging.WARNING)
    from vndocsign.batch._task import run_task
    from vndocsign.batch._work import preload

    preload()
    write_frame(out, READY)  # the supervisor starts a file's clock only after this
    inp = sys.stdin.buffer
    while True:
        task = read_frame(inp)
        if task is None:  # the supervisor is gone or done
            return
        write_frame(out, run_task(task))  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
