"""Value readers of the profile TOML reader, each failing with the file and line at fault.

The typed readers (a list of texts, document types, a date, a required text) and the check
for unknown keys, bound to one file by :class:`Ctx`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from vndocsign.errors import ModelError
from vndocsign.model import DocumentType
from vndocsign.policy._errors import ProfileError
from vndocsign.policy._locate import Locator

__all__ = [
    "TOP_KEYS",
    "Ctx",
    "date_value",
    "req_str",
    "str_list",
    "table_items",
    "toml_error_line",
    "types_list",
    "unknown_keys",
]

#: The top-level tables of a profile file.
TOP_KEYS = {"profile", "categories", "sets", "rule"}


class Ctx:
    """Error helper bound to one file."""

    def __init__(self, file: str, locator: Locator) -> None:
        self.file = file
        self.loc = locator

    def fail(self, line: int, en: str, vi: str, **details: Any) -> ProfileError:
        return ProfileError(en, vi, file=self.file, line=line, **details)


def toml_error_line(message: str) -> int:
    m = re.search(r"line (\d+)", message)
    return int(m.group(1)) if m else 1


def table_items(ctx: Ctx, value: Any, what: str) -> list[tuple[str, dict[str, Any]]]:
    if not isinstance(value, dict):
        raise ctx.fail(ctx.loc.table(what), f"[{what}] must be a table", f"[{what}] phải là bảng")
    out = []
    for key, item in value.items():
        if not isinstance(item, dict):
            raise ctx.fail(
                ctx.loc.table(f"{what}.{key}"),
                f"[{what}.{key}] must be a table",
                f"[{what}.{key}] phải là bảng",
            )
        out.append((str(key), item))
    return out


def unknown_keys(
    ctx: Ctx,
    data: Mapping[str, Any],
    allowed: set[str],
    line: int,
    where: str,
    *,
    table: str | None = None,
    rule_index: int | None = None,
    block: int | None = None,
) -> None:
    for key in data:
        if key in allowed:
            continue
        if rule_index is not None and block is not None:
            kline = ctx.loc.rule_when(rule_index, block, key)
        elif rule_index is not None:
            kline = ctx.loc.rule(rule_index, key)
        elif table is not None:
            kline = ctx.loc.table(table, key)
        else:
            kline = ctx.loc.top_key(key) if key not in TOP_KEYS else line
        raise ctx.fail(
            kline or line,
            f"Unknown key {key!r} in {where} (allowed: {', '.join(sorted(allowed))})",
            f"Khóa {key!r} không hợp lệ trong {where} (được phép: {', '.join(sorted(allowed))})",
            key=key,
        )


def req_str(ctx: Ctx, data: Mapping[str, Any], key: str, line: int, where: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ctx.fail(
            line,
            f"{where} needs a non-empty text '{key}'",
            f"{where} cần có '{key}' (chuỗi không rỗng)",
            key=key,
        )
    return value.strip()


def str_list(ctx: Ctx, value: Any, line: int, key: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ctx.fail(
            line,
            f"'{key}' must be a list of texts",
            f"'{key}' phải là danh sách chuỗi",
            key=key,
        )
    return [v.strip() for v in value]


def types_list(ctx: Ctx, value: Any, line: int, key: str) -> frozenset[DocumentType] | None:
    names = str_list(ctx, value, line, key)
    if "*" in names:
        return None
    out = set()
    for n in names:
        try:
            out.add(DocumentType.lookup(n))
        except ModelError:
            raise ctx.fail(
                line,
                f"Unknown document type {n!r} in '{key}'",
                f"Tên loại văn bản {n!r} trong '{key}' không tồn tại",
                value=n,
            ) from None
    return frozenset(out)


def date_value(ctx: Ctx, value: Any, line: int, key: str) -> dt.date:
    if isinstance(value, dt.datetime):
        raise ctx.fail(
            line, f"'{key}' must be a date, not a date-time", f"'{key}' phải là ngày, không kèm giờ"
        )
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise ctx.fail(
        line,
        f"'{key}' must be a date (YYYY-MM-DD), not {value!r}",
        f"'{key}' phải là ngày (YYYY-MM-DD), không phải {value!r}",
        key=key,
    )
