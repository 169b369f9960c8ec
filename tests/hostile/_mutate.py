"""Byte-level mutations for the fuzz test, as plain data (a *recipe*) so that every failure
reported by hypothesis is a reproducer: ``mutate(seed_bytes, recipe)``.
"""

from __future__ import annotations

import re

from hypothesis import strategies as st

__all__ = ["OPS", "mutate", "mutations"]

OPS = ("flip", "insert", "delete", "dup", "truncate", "number", "splice")
_NUMBER = re.compile(rb"-?\d+")
_BIG = (b"0", b"-1", b"4294967296", b"99999999999999999999", b"2147483647", b"65535", b"1e308")

Mutation = tuple[str, int, bytes]


def mutations(max_size: int = 8) -> st.SearchStrategy[list[Mutation]]:
    one = st.tuples(st.sampled_from(OPS), st.integers(0, 1 << 32), st.binary(max_size=48))
    return st.lists(one, min_size=1, max_size=max_size)


def _apply(data: bytes, op: str, where: int, extra: bytes) -> bytes:
    if not data:
        return extra
    pos = where % len(data)
    span = 1 + (where >> 16) % 4096
    if op == "flip":
        return data[:pos] + bytes([data[pos] ^ (extra[0] if extra else 0xFF)]) + data[pos + 1 :]
    if op == "insert":
        return data[:pos] + extra + data[pos:]
    if op == "delete":
        return data[:pos] + data[pos + span :]
    if op == "dup":  # repeat a slice many times (page trees, nested markup)
        times = 2 + (extra[0] if extra else 50)
        return data[:pos] + data[pos : pos + span] * times + data[pos:]
    if op == "truncate":
        return data[:pos]
    if op == "number":  # the next number becomes an edge value (lengths, counts, offsets)
        match = _NUMBER.search(data, pos)
        if match is None:
            return data
        value = _BIG[(extra[0] if extra else 0) % len(_BIG)]
        return data[: match.start()] + value + data[match.end() :]
    if op == "splice":  # overwrite with the bytes from elsewhere in the file
        other = (where >> 8) % len(data)
        return data[:pos] + data[other : other + span] + data[pos + span :]
    raise AssertionError(op)


def mutate(data: bytes, recipe: list[Mutation]) -> bytes:
    for op, where, extra in recipe:
        data = _apply(data, op, where, extra)
    return data
