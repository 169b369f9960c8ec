"""Errors of the policy capability, all under :class:`vndocsign.errors.PolicyError`.

A profile problem always says *where*: :class:`ProfileError` carries the file and the line of
the rule, key or table at fault (``details["file"]``, ``details["line"]``), because the people
who edit profiles are legal officers with a text editor, not programmers with a debugger.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from vndocsign._limits import LimitError
from vndocsign.errors import ModelError, PolicyError

__all__ = [
    "PolicyError",
    "PolicyLogError",
    "ProfileConflictError",
    "ProfileError",
    "ProfileLimitError",
    "ProfileNotFoundError",
    "UnknownRuleError",
    "UnknownValueError",
    "wrap_model_error",
]


class ProfileError(PolicyError):
    """A profile file is malformed; ``details`` has ``file`` and ``line``."""

    code = "policy.profile"

    def __init__(
        self,
        en: str,
        vi: str | None = None,
        *,
        file: str | None = None,
        line: int | None = None,
        **details: Any,
    ) -> None:
        where = f"{file}:{line}" if file and line else (file or "")
        if where:
            en = f"{where}: {en}"
            vi = f"{where}: {vi}" if vi is not None else None
        super().__init__(en, vi, file=file, line=line, **details)
        self.file = file
        self.line = line


class ProfileLimitError(ProfileError, LimitError):
    """A profile file breaks a limit (TOML nested deeper than ``max_toml_depth``); also a
    :class:`vndocsign.LimitError` naming the limit in ``details["limit"]``."""

    code = "policy.limit"


class ProfileConflictError(ProfileError):
    """Two rules of equal precedence can match the same document on the same day and say
    different things: the profile contradicts itself."""

    code = "policy.conflict"


class ProfileNotFoundError(PolicyError):
    """No shipped or user profile has this name or path."""

    code = "policy.profile_not_found"


class UnknownValueError(PolicyError):
    """A document type, category, scope or secrecy level the engine does not know."""

    code = "policy.unknown_value"


class UnknownRuleError(UnknownValueError):
    """A rule id the profile does not define (:meth:`Profile.rule`)."""

    code = "policy.unknown_rule"


class PolicyLogError(PolicyError):
    """A policy log cannot be read, or one of its records is malformed (``details["line"]``)."""

    code = "policy.log"


@contextlib.contextmanager
def wrap_model_error() -> Iterator[None]:
    """Re-raise a model look-up failure (unknown type or secrecy) as a policy error."""
    try:
        yield
    except ModelError as exc:
        raise UnknownValueError(exc.en, exc.vi, **dict(exc.details)) from None
