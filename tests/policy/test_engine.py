"""The decision engine: classifier, determinism, purity, and agreement with a naive reference."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vndocsign.model import DateLine, DocumentType, OfficialDocument, Secrecy, all_document_types
from vndocsign.policy import (
    Condition,
    Delivery,
    DocumentFacts,
    PolicyError,
    PolicyLog,
    Profile,
    Rule,
    Scope,
    UnknownValueError,
    decide,
    load_profile,
    shipped_profiles,
)

# -- classifier ---------------------------------------------------------------------------------


def _cats(subject: str, **kw: object) -> set[str]:
    cats, _ = load_profile("vn-national").classifier.classify(subject=subject, **kw)  # type: ignore[arg-type]
    return set(cats)


@pytest.mark.parametrize(
    "subject",
    [
        "Báo cáo tình hình quý III năm 2024",
        "bao cao tinh hinh quy III nam 2024",  # typed without accents
        "BÁO CÁO TÌNH HÌNH QUÝ III NĂM 2024",
        "Ba\u0301o ca\u0301o ti\u0300nh hi\u0300nh quy\u0301 III",  # NFD
    ],
)
def test_classifier_is_accent_and_case_insensitive(subject: str) -> None:
    assert {"report", "report-periodic"} <= _cats(subject)


def test_classifier_whole_words_only() -> None:
    # "quy định" is not a quarter; "thuế" must not match inside another word
    assert "report-periodic" not in _cats("Báo cáo thực hiện quy định về PCCC")
    assert "finance" not in _cats("Thông báo về việc thuê trụ sở")  # thuê ≠ thuế
    assert _cats("Hướng dẫn quyết toán thuế thu nhập cá nhân") >= {"finance"}
    # old tone placement
    assert "personnel" in _cats("Quyết định về tổ chức bộ máy và nhân sự")


def test_classifier_evidence_is_explainable() -> None:
    profile = load_profile("hau-giang")
    cats, evidence = profile.classifier.classify(
        subject="V/v phân bổ kinh phí",
        document_type=DocumentType.from_abbreviation("GM"),
    )
    assert cats == {"finance", "meeting"}
    by_cat = {e.category: e for e in evidence}
    assert by_cat["finance"].field == "subject"
    assert by_cat["finance"].matched == "kinh phí"
    assert by_cat["finance"].text == "V/v phân bổ kinh phí"
    assert by_cat["meeting"].field == "document_type"


def test_classifier_distribution_modes() -> None:
    profile = load_profile("hau-giang")
    only_info, _ = profile.classifier.classify(
        distribution=("- Sở Tài chính (để biết);", "- Sở Nội vụ (để phối hợp);", "- Lưu: VT.")
    )
    assert "for-information" in only_info
    mixed, _ = profile.classifier.classify(
        distribution=("- Như trên;", "- Sở Nội vụ (để biết);", "- Lưu: VT.")
    )
    assert "for-information" not in mixed  # "Như trên" receives it for action
    leaders, ev = profile.classifier.classify(
        distribution=("- Như trên;", "- Phó Chủ tịch UBND tỉnh (để báo cáo);", "- Lưu: VT.")
    )
    assert "leaders-for-information" in leaders
    assert any(e.field == "distribution" for e in ev)
    # a finance office in Nơi nhận does not make a document a finance document
    plain, _ = profile.classifier.classify(distribution=("- Sở Tài chính;",))
    assert "finance" not in plain


# -- decisions ------------------------------------------------------------------------------------


def test_decide_on_an_official_document_uses_its_date_and_text() -> None:
    doc = OfficialDocument(
        document_type="Giấy mời",
        subject="Mời dự họp giao ban",
        date_line=DateLine(place="Vị Thanh", date=dt.date(2016, 8, 15)),
    )
    decision = decide(doc, profile="hau-giang")
    assert decision.on == dt.date(2016, 8, 15)
    assert decision.delivery is Delivery.ELECTRONIC_ONLY
    assert decision.categories == ("meeting",)
    earlier = decide(doc, profile="hau-giang", at="2016-08-14")
    assert earlier.delivery is Delivery.NO_RULE


def test_decide_without_any_date_is_an_error_not_today() -> None:
    with pytest.raises(PolicyError, match="No date"):
        decide(DocumentFacts(document_type="Công văn"), profile="vn-national")
    with pytest.raises(PolicyError, match="Not a date"):
        decide(DocumentFacts(), profile="vn-national", at="31/12/2024")


def test_unknown_inputs_are_typed_errors() -> None:
    with pytest.raises(UnknownValueError):
        DocumentFacts(document_type="Sắc lệnh")
    with pytest.raises(UnknownValueError):
        DocumentFacts(secrecy="BÍ MẬT QUỐC GIA")
    with pytest.raises(UnknownValueError):
        DocumentFacts(scope="galaxy")
    with pytest.raises(UnknownValueError, match="astrology"):
        decide(DocumentFacts(categories={"astrology"}), profile="hau-giang", at="2020-01-01")
    with pytest.raises(PolicyError):
        decide("a string", profile="hau-giang", at="2020-01-01")  # type: ignore[arg-type]


def test_no_rule_is_explicit() -> None:
    decision = decide(
        DocumentFacts(document_type="Công văn"), profile="vn-national", at=dt.date(2010, 1, 1)
    )
    assert decision.delivery is Delivery.NO_RULE
    assert decision.required_signatures == ()
    [reason] = decision.reasons
    assert reason.rule is None and reason.effect == "no-rule"
    assert "2018-09-06" in reason.en and "06/09/2018" in reason.vi


def test_assumed_scope_is_reported() -> None:
    decision = decide(DocumentFacts(document_type="Công văn"), profile="thanh-hoa", at="2020-01-01")
    assert any("assumed 'province'" in a for a in decision.assumptions)
    given_scope = decide(
        DocumentFacts(document_type="Công văn", scope=Scope.PROVINCE),
        profile="thanh-hoa",
        at="2020-01-01",
    )
    assert given_scope.assumptions == ()
    assert given_scope.delivery == decision.delivery


def test_json_contract() -> None:
    decision = decide(
        DocumentFacts(document_type="TTr", submission=True, scope="province"),
        profile="quang-ngai",
        at="2024-07-01",
    )
    data = decision.to_dict()
    assert data["delivery"] == "ELECTRONIC_ONLY"
    assert data["required_signatures"] == ["personal", "agency"]
    assert all(set(r) >= {"rule", "source", "vi", "en"} for r in data["reasons"])
    assert {"rule": "qn-2183-submission", "source": "2183/UBND-KGVX"}.items() <= next(
        r for r in data["reasons"] if r["rule"] == "qn-2183-submission"
    ).items()


def test_decisions_are_deterministic_and_cached_results_equal_fresh_ones() -> None:
    facts = DocumentFacts(
        document_type="QĐ", subject="Quyết định phân bổ kinh phí", scope="province"
    )
    first = decide(facts, profile="thanh-hoa", at="2019-05-01")
    again = decide(facts, profile="thanh-hoa", at="2019-05-01")
    fresh = Profile.from_layers(load_profile("thanh-hoa").layer_data)  # no cache shared
    assert first == again == decide(facts, profile=fresh, at="2019-05-01")


def test_decision_log_round_trip(tmp_path: object) -> None:
    from pathlib import Path

    log = PolicyLog(Path(str(tmp_path)) / "log.jsonl")
    decision = decide(DocumentFacts(secrecy="MẬT"), profile="vn-national", at="2020-01-01")
    log.append_decision(decision, unit="Sở Nội vụ", document="12/SNV-VP")
    [(line, record)] = list(log.records())
    assert line == 1
    assert record["delivery"] == "NOT_ELECTRONIC"
    assert record["rules"] == ["vn-qd28-secret"]


# -- agreement with a naive reference implementation ---------------------------------------------


def _naive_condition(
    c: Condition,
    f: DocumentFacts,
    cats: frozenset[str],
    scope: Scope | None,
    sets: dict[str, object],
) -> bool:
    assert c.in_set is None  # expanded at load
    if c.types is not None and f.document_type not in c.types:
        return False
    if f.document_type in c.except_types:
        return False
    secrecy = "none" if f.secrecy is None else f.secrecy.value
    if c.secrecy is not None and secrecy not in c.secrecy:
        return False
    if c.draft is not None and c.draft != f.draft:
        return False
    if c.submission is not None and c.submission != f.submission:
        return False
    if c.scope is not None and scope not in c.scope:
        return False
    if cats & c.except_categories:
        return False
    return c.categories is None or bool(cats & c.categories)


def _naive(profile: Profile, f: DocumentFacts, on: dt.date) -> tuple[str, tuple[str, ...]]:
    cats = (
        f.categories
        if f.categories is not None
        else profile.classifier.classify(
            subject=f.subject,
            recipients=f.recipients,
            distribution=f.distribution,
            document_type=f.document_type,
        )[0]
    )
    scope = f.scope if f.scope is not None else profile.assume_scope

    def matches(r: Rule) -> bool:
        return r.in_force(on) is not None and any(
            _naive_condition(c, f, cats, scope, {}) for c in r.conditions
        )

    matching = [r for r in profile.rules if r.delivery is not None and matches(r)]
    if not matching:
        delivery = "NO_RULE"
    else:
        top = max(r.precedence for r in matching)
        forms = {r.delivery.value for r in matching if r.precedence == top and r.delivery}
        assert len(forms) == 1
        delivery = forms.pop()
    roles: set[str] = set()
    for r in profile.rules:
        if (
            r.signatures
            and matches(r)
            and (
                r.signatures_when_delivery is None
                or delivery in {d.value for d in r.signatures_when_delivery}
            )
        ):
            roles |= {s.value for s in r.signatures}
    order = ["personal", "agency", "initial"]
    return delivery, tuple(sorted(roles, key=order.index))


CATEGORIES = sorted(load_profile("vn-national").categories)
facts_strategy = st.builds(
    DocumentFacts,
    document_type=st.one_of(st.none(), st.sampled_from(all_document_types())),
    secrecy=st.one_of(st.none(), st.sampled_from(list(Secrecy))),
    draft=st.booleans(),
    submission=st.booleans(),
    scope=st.one_of(st.none(), st.sampled_from(list(Scope))),
    categories=st.one_of(st.none(), st.frozensets(st.sampled_from(CATEGORIES), max_size=3)),
    subject=st.sampled_from(
        [
            None,
            "Báo cáo quý II",
            "Mời họp",
            "Quyết định bổ nhiệm",
            "Kế hoạch đầu tư công",
            "V/v góp ý dự thảo",
            "Lịch công tác tuần",
            "V/v giải quyết khiếu nại",
        ]
    ),
)
dates = st.dates(min_value=dt.date(2016, 1, 1), max_value=dt.date(2026, 12, 31))


@settings(max_examples=400, deadline=None)
@given(facts=facts_strategy, on=dates, name=st.sampled_from(shipped_profiles()))
def test_compiled_engine_agrees_with_naive_reference(
    facts: DocumentFacts, on: dt.date, name: str
) -> None:
    profile = load_profile(name)
    decision = decide(facts, profile=profile, at=on)
    delivery, roles = _naive(profile, facts, on)
    assert decision.delivery.value == delivery
    assert tuple(r.value for r in decision.required_signatures) == roles
    if facts.secrecy is not None and on >= dt.date(2018, 9, 6):
        assert decision.delivery is Delivery.NOT_ELECTRONIC  # never a secret over the network
