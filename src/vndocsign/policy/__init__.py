"""Delivery-form and signing policy: what each document needs, under the rules in force on its date.

Before a document leaves an agency its software must know whether it may go electronic-only,
must also go on paper, or may not travel electronically at all, and which signatures it must
carry. The rules come from national texts (QĐ 28/2018/QĐ-TTg, Công văn 3183/VPCP-KSTT) and
from each province (Hậu Giang 1169/UBND-TTTH, Thanh Hóa 4679/UBND-CNTT, Quảng Ngãi
1808/UBND-KGVX and 2183/UBND-KGVX); they are shipped as data profiles and composed in layers.

* :func:`decide` — the delivery form, required signatures and reasons for one document;
* :func:`check_submission` — accept a tờ trình with its drafts, or return it (trả lại hồ sơ);
* :class:`PolicyLog` and :func:`quarterly_report` — the provincial Office's quarterly report.
"""

from vndocsign.policy.classify import CategoryDef, Classifier
from vndocsign.policy.engine import decide, facts_from_document
from vndocsign.policy.errors import (
    ProfileConflictError,
    ProfileError,
    ProfileNotFoundError,
    UnknownValueError,
)
from vndocsign.policy.model import (
    CategoryEvidence,
    Decision,
    Delivery,
    DocumentFacts,
    Reason,
    Scope,
    SignatureRole,
)
from vndocsign.policy.profile import (
    Condition,
    Profile,
    Rule,
    SetDef,
    Window,
    compose,
    load_profile,
    shipped_profiles,
)
from vndocsign.policy.report import PolicyLog, QuarterlyReport, UnitStats, quarterly_report
from vndocsign.policy.submission import (
    BasicSubmissionVerifier,
    Finding,
    SubmissionCheck,
    SubmissionVerdict,
    SubmissionVerifier,
    VerifyingSubmissionVerifier,
    check_submission,
)

__all__ = [
    "BasicSubmissionVerifier",
    "CategoryDef",
    "CategoryEvidence",
    "Classifier",
    "Condition",
    "Decision",
    "Delivery",
    "DocumentFacts",
    "Finding",
    "PolicyLog",
    "Profile",
    "ProfileConflictError",
    "ProfileError",
    "ProfileNotFoundError",
    "QuarterlyReport",
    "Reason",
    "Rule",
    "Scope",
    "SetDef",
    "SignatureRole",
    "SubmissionCheck",
    "SubmissionVerdict",
    "SubmissionVerifier",
    "UnitStats",
    "UnknownValueError",
    "VerifyingSubmissionVerifier",
    "Window",
    "check_submission",
    "compose",
    "decide",
    "facts_from_document",
    "load_profile",
    "quarterly_report",
    "shipped_profiles",
]
