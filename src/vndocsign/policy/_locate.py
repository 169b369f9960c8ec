"""Find the line of a table or key in a TOML file (``tomllib`` does not report positions).

Profiles are edited by hand; an error that says "rule 7 has an unknown delivery form" is far
less useful than "hau-giang.toml:83". This scanner indexes table headers (``[profile]``,
``[categories.finance]``, ``[[rule]]``, ``[[rule.when]]``) and finds ``key =`` lines inside
the range of a table. It does not parse TOML: when it cannot tell (a key inside an inline
table spanning several lines), it points at the closest enclosing header, which is still the
right place to look.
"""

from __future__ import annotations

import re

__all__ = ["Locator"]

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")


def _norm_header(name: str) -> str:
    return ".".join(part.strip().strip("\"'") for part in name.split("."))


class Locator:
    """Line numbers (1-based) of tables and keys in one TOML text."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        #: (line number, header name, is array-of-tables)
        self.headers: list[tuple[int, str, bool]] = []
        for number, line in enumerate(self.lines, start=1):
            m = _HEADER.match(line)
            if m:
                self.headers.append((number, _norm_header(m.group(2)), m.group(1) == "[["))

    # -- ranges ---------------------------------------------------------------------------

    def _next_header_after(self, line: int) -> int:
        for number, _, _ in self.headers:
            if number > line:
                return number
        return len(self.lines) + 1

    def _end_of(self, line: int, name: str) -> int:
        """First header after ``line`` that is not a sub-table of ``name``."""
        for number, header, _ in self.headers:
            if number > line and not header.startswith(name + "."):
                return number
        return len(self.lines) + 1

    def _key_in(self, start: int, stop: int, key: str) -> int | None:
        pattern = re.compile(r"^\s*([\"']?)" + re.escape(key) + r"\1\s*=")
        for number in range(start, min(stop, len(self.lines) + 1)):
            if pattern.match(self.lines[number - 1]):
                return number
        return None

    def top_key(self, key: str) -> int:
        first = self.headers[0][0] if self.headers else len(self.lines) + 1
        return self._key_in(1, first, key) or 1

    def table(self, name: str, key: str | None = None) -> int:
        """``[name]`` (or the ``key =`` line in it)."""
        for number, header, is_array in self.headers:
            if header == name and not is_array:
                if key is None:
                    return number
                return self._key_in(number + 1, self._next_header_after(number), key) or number
        # maybe defined as a dotted key or inline table of the parent
        parent, _, last = name.rpartition(".")
        if parent:
            return self.table(parent, last)
        return self.top_key(name) if key is None else self.top_key(key)

    def array_item(self, name: str, index: int) -> int | None:
        count = -1
        for number, header, is_array in self.headers:
            if header == name and is_array:
                count += 1
                if count == index:
                    return number
        return None

    def rule(self, index: int, key: str | None = None) -> int:
        """The ``index``-th ``[[rule]]`` (or a key directly in it)."""
        start = self.array_item("rule", index)
        if start is None:
            return 1
        if key is None:
            return start
        return self._key_in(start + 1, self._next_header_after(start), key) or start

    def rule_when(self, index: int, block: int, key: str | None = None) -> int:
        """Key ``key`` of the ``block``-th condition of rule ``index``."""
        start = self.array_item("rule", index)
        if start is None:
            return 1
        stop = self._end_of(start, "rule")
        count = -1
        for number, header, is_array in self.headers:
            if start < number < stop and header == "rule.when" and is_array:
                count += 1
                if count == block:
                    if key is None:
                        return number
                    end = self._next_header_after(number)
                    return self._key_in(number + 1, end, key) or number
        # inline ``when = {...}`` or ``[rule.when]`` table
        return self.rule(index, "when")
