"""The policy log: a JSON-lines file of decisions, submission checks and exchanges.

Công văn 2183/UBND-KGVX asks the provincial Office to check submissions and report quarterly;
QĐ 28/2018 asks for documents to be sent on the day they are signed (or the next working
morning). Every decision, submission check and exchange can be appended to one log file
(one JSON object per line, append-only, safe for several processes: each record is written
with a single ``write`` on a file opened in append mode). :func:`quarterly_report` reads it
back into per-unit counts and rates, rendered as JSON, CSV, or a self-contained HTML page with
inline SVG charts (no JavaScript, no external files) that a head of office can open from an
e-mail attachment.

Log record (``"v": 1``) — common keys: ``kind`` (``decision``, ``submission``, ``exchange``),
``at`` (ISO 8601 time of the event; naive times are Vietnam time), ``unit`` (the unit
reported on). ``decision`` adds ``delivery``; ``submission`` adds ``verdict``; ``exchange``
adds ``signed_at``, ``sent_at`` and ``late`` (computed when absent).
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs

from vndocsign.model import VN_TZ, to_vn
from vndocsign.policy._errors import PolicyError, PolicyLogError
from vndocsign.policy._model import Decision
from vndocsign.policy._submission import SubmissionCheck

__all__ = ["LogKind", "PolicyLog", "is_late", "send_deadline"]


class LogKind(enum.StrEnum):
    """What a log record is about (its ``"kind"``)."""

    DECISION = "decision"
    SUBMISSION = "submission"
    EXCHANGE = "exchange"


LOG_VERSION = 1
KINDS = tuple(k.value for k in LogKind)


def _iso(moment: dt.datetime | None) -> str:
    return to_vn(moment if moment is not None else dt.datetime.now(VN_TZ)).isoformat()


def send_deadline(signed_at: dt.datetime) -> dt.datetime:
    """QĐ 28/2018: sent the day it is signed, or the next working day's morning (12:00).

    Working days are Monday to Friday; public holidays are not known to the SDK and count as
    working days (a document signed before a holiday may be reported late — say so in the
    report's notes).
    """
    day = to_vn(signed_at).date() + dt.timedelta(days=1)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(12, 0), VN_TZ)


def is_late(signed_at: dt.datetime, sent_at: dt.datetime) -> bool:
    return to_vn(sent_at) > send_deadline(signed_at)


@attrs.frozen
class PolicyLog:
    """An append-only JSON-lines log of decisions, submission checks and exchanges."""

    path: Path = attrs.field(converter=Path)

    def append(self, record: Mapping[str, Any]) -> None:
        """Append one record (``kind``, ``unit`` and ``at`` are checked)."""
        rec = dict(record)
        rec.setdefault("v", LOG_VERSION)
        rec.setdefault("at", _iso(None))
        if rec.get("kind") not in KINDS:
            raise PolicyError(
                f"Log record kind must be one of {', '.join(KINDS)}",
                f"Loại bản ghi phải là một trong {', '.join(KINDS)}",
                kind=rec.get("kind"),
            )
        if not isinstance(rec.get("unit"), str) or not rec["unit"].strip():
            raise PolicyError("A log record needs a 'unit'", "Bản ghi cần có 'unit' (đơn vị)")
        line = json.dumps(rec, ensure_ascii=False, sort_keys=True, default=str) + "\n"
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                os.write(fd, line.encode("utf-8"))
            finally:
                os.close(fd)
        except OSError as exc:  # unwritable path: the caller's input, not a bug
            reason = exc.strerror or str(exc)
            raise PolicyLogError(
                f"Cannot append to the policy log {self.path}: {reason}",
                f"Không ghi được vào nhật ký {self.path}: {reason}",
                path=str(self.path),
                reason=reason,
            ) from None

    def append_decision(
        self,
        decision: Decision,
        *,
        unit: str,
        document: str | None = None,
        at: dt.datetime | None = None,
    ) -> None:
        self.append(
            {
                "kind": LogKind.DECISION.value,
                "unit": unit,
                "at": _iso(at),
                "document": document,
                "profile": decision.profile,
                "on": decision.on.isoformat(),
                "delivery": decision.delivery.value,
                "required_signatures": [r.value for r in decision.required_signatures],
                "rules": list(decision.rules),
            }
        )

    def append_check(
        self,
        check: SubmissionCheck,
        *,
        unit: str,
        document: str | None = None,
        at: dt.datetime | None = None,
    ) -> None:
        """Log a :class:`~vndocsign.policy.SubmissionCheck`."""
        self.append(
            {
                "kind": LogKind.SUBMISSION.value,
                "unit": unit,
                "at": _iso(at),
                "document": document,
                "profile": check.profile,
                "on": check.on.isoformat(),
                "verdict": check.verdict.value,
                "reasons": [f.en for f in check.reasons],
            }
        )

    def append_exchange(
        self,
        *,
        unit: str,
        signed_at: dt.datetime,
        sent_at: dt.datetime,
        document: str | None = None,
    ) -> None:
        """Log a document sent over the exchange; lateness follows QĐ 28/2018."""
        self.append(
            {
                "kind": LogKind.EXCHANGE.value,
                "unit": unit,
                "at": _iso(sent_at),
                "document": document,
                "signed_at": _iso(signed_at),
                "sent_at": _iso(sent_at),
                "late": is_late(signed_at, sent_at),
            }
        )

    def records(self) -> Iterator[tuple[int, dict[str, Any]]]:
        """(line number, record) for every non-blank line; malformed lines raise."""
        try:
            handle = self.path.open(encoding="utf-8")
        except OSError as exc:
            raise PolicyLogError(
                f"Cannot read log {self.path}: {exc.strerror}",
                f"Không đọc được tệp nhật ký {self.path}: {exc.strerror}",
                file=str(self.path),
            ) from None
        with handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise PolicyLogError(
                        f"{self.path}:{number}: not a JSON object ({exc.msg})",
                        f"{self.path}:{number}: dòng không phải đối tượng JSON ({exc.msg})",
                        file=str(self.path),
                        line=number,
                    ) from None
                if not isinstance(rec, dict):
                    raise PolicyLogError(
                        f"{self.path}:{number}: not a JSON object",
                        f"{self.path}:{number}: dòng không phải đối tượng JSON",
                        file=str(self.path),
                        line=number,
                    )
                yield number, rec
