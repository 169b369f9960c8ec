"""attrs validators that raise bilingual :class:`ModelError` (Phụ lục VI length/range limits)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs

from vndocsign.errors import ModelError

Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]


def max_len(limit: int, field_vi: str) -> Validator:
    """Refuse strings longer than ``limit`` characters; ``None`` passes."""

    def check(_inst: Any, attr: attrs.Attribute[Any], value: Any) -> None:
        if isinstance(value, str) and len(value) > limit:
            raise ModelError(
                f"{attr.name} is longer than {limit} characters (Decree 30, Phụ lục VI)",
                f"{field_vi} dài quá {limit} ký tự (Nghị định 30, Phụ lục VI)",
                field=attr.name,
                length=len(value),
            )

    return check


def in_range(lo: int, hi: int, field_vi: str) -> Validator:
    """Refuse integers outside ``[lo, hi]``; ``None`` passes."""

    def check(_inst: Any, attr: attrs.Attribute[Any], value: Any) -> None:
        if value is not None and not lo <= value <= hi:
            raise ModelError(
                f"{attr.name} must be between {lo} and {hi}, got {value}",
                f"{field_vi} phải trong khoảng {lo}-{hi}, nhận được {value}",
                field=attr.name,
                value=value,
            )

    return check
