"""Issue 10 in the policy capability: one vocabulary, frozen configuration, one way to call."""

from __future__ import annotations

import datetime as dt
import inspect
from typing import Any

import attrs
import pytest

import vndocsign.policy as policy
from vndocsign.errors import VndocsignError
from vndocsign.model import SignatureRole
from vndocsign.policy import (
    CheckKind,
    CheckResult,
    Delivery,
    DocumentFacts,
    Effect,
    Finding,
    PolicyLogError,
    ProfileConflictError,
    ProfileError,
    ProfileNotFoundError,
    Reason,
    UnitStats,
    UnknownRuleError,
    UnknownValueError,
    WindowKind,
    check_submission,
    decide,
    load_profile,
    quarterly_report,
)


def test_profile_is_frozen_and_its_tables_read_only() -> None:
    profile = load_profile("quang-ngai")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        profile.name = "other"  # type: ignore[misc]
    with pytest.raises(TypeError):
        profile.categories["new"] = profile.categories["finance"]  # type: ignore[index]
    with pytest.raises(TypeError):
        profile.sets["new"] = next(iter(profile.sets.values()))  # type: ignore[index]
    assert profile.engine is profile.engine  # compiled once, with the profile


@pytest.mark.parametrize(
    "instance",
    [
        Reason(rule="r", source="1/UBND", en="en", vi="vi"),
        CheckResult(ok=True, en="en", vi="vi"),
        Finding(document="a.pdf", check="rule", ok=True, required=False, en="en", vi="vi"),
        UnitStats("A"),
        policy.PolicyLog("policy.jsonl"),
        policy.Window(dt.date(2020, 1, 1)),
        policy.VerifyingSubmissionVerifier(),
    ],
    ids=lambda value: type(value).__name__,
)
def test_configuration_and_status_types_are_frozen(instance: Any) -> None:
    first = attrs.fields(type(instance))[0].name
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        setattr(instance, first, None)


def test_signature_roles_are_the_model_roles() -> None:
    decision = decide(
        DocumentFacts(document_type="TTr", submission=True, scope="province"),
        profile="quang-ngai",
        at="2024-07-01",
    )
    assert decision.required_signatures == (SignatureRole.PERSONAL, SignatureRole.AGENCY)
    assert all(type(r) is SignatureRole for r in decision.required_signatures)
    assert not hasattr(policy, "SignatureRole")  # no second role enum
    rule = load_profile("quang-ngai").rule("qn-2183-draft-initial")
    assert rule.signatures == frozenset({SignatureRole.INITIAL})


def test_reason_is_en_then_vi() -> None:
    reason = Reason("r", "1/UBND", "in English", "bằng tiếng Việt")
    assert reason.en == "in English" and reason.vi == "bằng tiếng Việt"
    assert [f.name for f in attrs.fields(Reason)][2:4] == ["en", "vi"]
    assert [f.name for f in attrs.fields(CheckResult)][1:3] == ["en", "vi"]
    decision = decide(DocumentFacts(), profile="hau-giang", at="2016-08-14")
    [no_rule] = decision.reasons
    assert no_rule.effect is Effect.NO_RULE and no_rule.to_dict()["effect"] == "no-rule"
    assert no_rule.en.startswith("No rule") and no_rule.vi.startswith("Không có")


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (ProfileError, "policy.profile"),
        (ProfileConflictError, "policy.conflict"),
        (ProfileNotFoundError, "policy.profile_not_found"),
        (UnknownValueError, "policy.unknown_value"),
        (UnknownRuleError, "policy.unknown_rule"),
        (PolicyLogError, "policy.log"),
    ],
)
def test_error_codes_are_dotted(error: type[VndocsignError], code: str) -> None:
    assert error.code == code


def test_errors_raised_are_vndocsign_errors() -> None:
    with pytest.raises(ProfileNotFoundError) as not_found:
        load_profile("ha-noi")
    assert not_found.value.code == "policy.profile_not_found"
    with pytest.raises(UnknownRuleError):
        load_profile("hau-giang").rule("no-such-rule")
    with pytest.raises(PolicyLogError) as bad:
        quarterly_report([{"kind": "decision", "unit": "A", "at": "not a time"}], "2024Q3")
    assert bad.value.details["line"] == 1
    with pytest.raises(PolicyLogError):
        quarterly_report(
            [{"kind": "decision", "unit": "A", "at": "2024-07-02T09:00:00+07:00"}], "2024Q3"
        )  # no delivery


def test_states_are_string_enums_with_the_same_json_values() -> None:
    assert Delivery.ELECTRONIC_ONLY == "ELECTRONIC_ONLY"
    assert CheckKind.INITIAL_AFTER_END_MARK == "initial-after-end-mark"
    assert WindowKind.PILOT == "pilot"
    windows = [w for r in load_profile("quang-ngai").rules for w in r.windows]
    assert {w.kind for w in windows} >= {WindowKind.PILOT, WindowKind.IN_FORCE}
    assert all(type(w.kind) is WindowKind for w in windows)


def test_the_day_of_evaluation_is_at() -> None:
    for function in (decide, check_submission):
        params = inspect.signature(function).parameters
        assert "at" in params and "on" not in params
    facts = DocumentFacts(document_type="GM")
    moment = dt.datetime(2016, 8, 15, 9, 30)
    assert decide(facts, profile="hau-giang", at=moment).on == dt.date(2016, 8, 15)
    assert next(iter(inspect.signature(check_submission).parameters)) == "pdf"


def test_unit_stats_add_up_without_mutation() -> None:
    a = UnitStats("A", decisions=2, electronic_only=1)
    b = UnitStats("B", decisions=1, electronic_only=1, late=1)
    total = a + b
    assert (total.unit, total.decisions, total.electronic_only, total.late) == ("A", 3, 2, 1)
    assert a.decisions == 2  # unchanged


def test_private_modules_public_names() -> None:
    import pkgutil

    names = [m.name for m in pkgutil.iter_modules(policy.__path__)]
    assert names and all(n.startswith("_") for n in names), names
    for name in policy.__all__:
        assert hasattr(policy, name), name
