"""Delivery-form and signing policy: what each document needs, under the rules in force on its date.

Before a document leaves an agency its software must know whether it may go electronic-only,
must also go on paper, or may not travel electronically at all, and which signatures it must
carry. The rules come from national texts (QĐ 28/2018/QĐ-TTg, Công văn 3183/VPCP-KSTT) and
from each province (Hậu Giang 1169/UBND-TTTH, Thanh Hóa 4679/UBND-CNTT, Quảng Ngãi
1808/UBND-KGVX and 2183/UBND-KGVX); they are shipped as data profiles and composed in layers.

* :func:`decide` — the delivery form, required signatures and reasons for one document;
* :func:`load_profile`, :func:`compose` — the rules (profile types / TOML reader / resolver);
* :func:`check_submission` — accept a tờ trình with its drafts, or return it (trả lại hồ sơ);
* :class:`PolicyLog` and :func:`quarterly_report` — the provincial Office's quarterly report.

The implementation modules are private (``_name``); everything public is re-exported here.
"""

from vndocsign.errors import PolicyError
from vndocsign.policy._classify import CategoryDef, Classifier, DistributionMode
from vndocsign.policy._decide import decide, facts_from_document
from vndocsign.policy._engine import Engine
from vndocsign.policy._errors import (
    PolicyLogError,
    ProfileConflictError,
    ProfileError,
    ProfileLimitError,
    ProfileNotFoundError,
    UnknownRuleError,
    UnknownValueError,
)
from vndocsign.policy._log import LogKind, PolicyLog, is_late, send_deadline
from vndocsign.policy._model import (
    CategoryEvidence,
    Decision,
    Delivery,
    DocumentFacts,
    Effect,
    Reason,
    Scope,
)
from vndocsign.policy._profile import Profile, compose, load_profile, shipped_profiles
from vndocsign.policy._report import QuarterlyReport, UnitStats, parse_quarter, quarterly_report
from vndocsign.policy._rules import Condition, Layer, Rule, SetDef, Window, WindowKind
from vndocsign.policy._submission import (
    CheckKind,
    Finding,
    SubmissionCheck,
    SubmissionVerdict,
    check_submission,
)
from vndocsign.policy._toml import parse_profile_text
from vndocsign.policy._verifier import (
    CheckResult,
    EndMark,
    SubmissionVerifier,
    VerifyingSubmissionVerifier,
    find_end_mark,
)

__all__ = [
    "CategoryDef",
    "CategoryEvidence",
    "CheckKind",
    "CheckResult",
    "Classifier",
    "Condition",
    "Decision",
    "Delivery",
    "DistributionMode",
    "DocumentFacts",
    "Effect",
    "EndMark",
    "Engine",
    "Finding",
    "Layer",
    "LogKind",
    "PolicyError",
    "PolicyLog",
    "PolicyLogError",
    "Profile",
    "ProfileConflictError",
    "ProfileError",
    "ProfileLimitError",
    "ProfileNotFoundError",
    "QuarterlyReport",
    "Reason",
    "Rule",
    "Scope",
    "SetDef",
    "SubmissionCheck",
    "SubmissionVerdict",
    "SubmissionVerifier",
    "UnitStats",
    "UnknownRuleError",
    "UnknownValueError",
    "VerifyingSubmissionVerifier",
    "Window",
    "WindowKind",
    "check_submission",
    "compose",
    "decide",
    "facts_from_document",
    "find_end_mark",
    "is_late",
    "load_profile",
    "parse_profile_text",
    "parse_quarter",
    "quarterly_report",
    "send_deadline",
    "shipped_profiles",
]
