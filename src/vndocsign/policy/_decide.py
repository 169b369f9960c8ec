"""The front door of the policy engine: :func:`decide` and :func:`facts_from_document`.

Renamed in 0.x: the day of evaluation is ``at=`` (was ``on=``), as everywhere in vndocsign;
it accepts a date, a datetime (its date is used) or ``"YYYY-MM-DD"``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from vndocsign.errors import PolicyError
from vndocsign.model import DocumentType, OfficialDocument, all_document_types
from vndocsign.policy._model import Decision, DocumentFacts, Scope
from vndocsign.policy._profile import Profile, load_profile

__all__ = ["as_date", "decide", "facts_from_document", "type_names"]


def facts_from_document(
    document: OfficialDocument,
    *,
    scope: Scope | str | None = None,
    submission: bool = False,
    categories: Iterable[str] | None = None,
) -> DocumentFacts:
    """The facts the engine needs, read from an :class:`OfficialDocument`.

    The model has no field for where the document goes or whether it is a submission; the
    caller says so (``scope=``, ``submission=``). ``categories=None`` lets the classifier infer
    them from the subject, Kính gửi and Nơi nhận.
    """
    return DocumentFacts(
        document_type=document.document_type,
        secrecy=document.secrecy,
        draft=document.draft,
        submission=submission,
        scope=scope,
        categories=None if categories is None else frozenset(categories),
        subject=document.subject,
        recipients=document.recipients,
        distribution=document.distribution,
        issued_date=document.issued_date,
    )


def as_date(at: dt.date | str | None, fallback: dt.date | None) -> dt.date:
    """``at`` as a date (the ``fallback`` when ``None``); a :class:`PolicyError` otherwise."""
    if at is None:
        if fallback is None:
            raise PolicyError(
                "No date to decide on: pass at=YYYY-MM-DD (the document has no date either)",
                "Không có ngày để áp dụng quy định: hãy truyền at=YYYY-MM-DD (văn bản cũng "
                "không có ngày ban hành)",
            )
        return fallback
    if isinstance(at, dt.datetime):
        return at.date()
    if isinstance(at, dt.date):
        return at
    try:
        return dt.date.fromisoformat(str(at))
    except ValueError:
        raise PolicyError(
            f"Not a date: {at!r} (expected YYYY-MM-DD)",
            f"Ngày không hợp lệ: {at!r} (cần dạng YYYY-MM-DD)",
            value=at,
        ) from None


def decide(
    document: DocumentFacts | OfficialDocument,
    *,
    profile: Profile | str,
    at: dt.date | str | None = None,
    scope: Scope | str | None = None,
    submission: bool = False,
    categories: Iterable[str] | None = None,
) -> Decision:
    """Decide the delivery form and required signatures of ``document`` on day ``at``.

    ``profile`` is a :class:`Profile` or a shipped profile name (``"hau-giang"``). ``at``
    defaults to the document's own date; with neither, a :class:`PolicyError` is raised rather
    than assuming today. ``scope``, ``submission`` and ``categories`` describe an
    :class:`OfficialDocument` (a :class:`DocumentFacts` carries them itself).

    Pure and deterministic: the same inputs always give the same :class:`Decision`. If no rule
    applies, the decision is ``Delivery.NO_RULE`` with a reason saying so.
    """
    prof = profile if isinstance(profile, Profile) else load_profile(profile)
    if isinstance(document, OfficialDocument):
        facts = facts_from_document(
            document, scope=scope, submission=submission, categories=categories
        )
    elif isinstance(document, DocumentFacts):
        facts = document
    else:
        raise PolicyError(
            f"Cannot decide on a {type(document).__name__}: pass DocumentFacts or OfficialDocument",
            f"Không áp dụng được quy định cho {type(document).__name__}: cần DocumentFacts "
            "hoặc OfficialDocument",
        )
    return prof.engine.decide(facts, as_date(at, facts.issued_date))


def type_names() -> Mapping[str, DocumentType]:
    """Document types by name (for help texts)."""
    return {t.name: t for t in all_document_types()}
