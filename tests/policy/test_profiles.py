"""Loading, validating and composing profiles: every problem names its file and line."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from vndocsign.errors import PolicyError
from vndocsign.policy import (
    Delivery,
    DocumentFacts,
    ProfileConflictError,
    ProfileError,
    ProfileNotFoundError,
    compose,
    decide,
    load_profile,
    shipped_profiles,
)

HEADER = """\
[profile]
name = "test-agency"
extends = ["vn-national"]
"""

RULE = """\
[[rule]]
id = "{id}"
source = "99/UBND-VP"
effective_from = {start}
precedence = {prec}
delivery = "{delivery}"
vi = "Quy tắc thử"
en = "Test rule"
when = {{ {when} }}
"""


def _write(tmp_path: Path, text: str, name: str = "agency.toml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def _line_of(path: Path, needle: str, occurrence: int = 1) -> int:
    count = 0
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            count += 1
            if count == occurrence:
                return number
    raise AssertionError(needle)


def test_shipped_profiles_are_the_four_texts() -> None:
    assert set(shipped_profiles()) >= {"vn-national", "hau-giang", "thanh-hoa", "quang-ngai"}
    for name in ("hau-giang", "thanh-hoa", "quang-ngai"):
        profile = load_profile(name)
        assert profile.chain == ("vn-national", name)
        sources = {r.source for r in profile.rules if r.profile == name}
        assert sources  # each province holds its own dated rules
    assert {r.source for r in load_profile("quang-ngai").rules if r.profile == "quang-ngai"} == {
        "1808/UBND-KGVX",
        "2183/UBND-KGVX",
    }


def test_every_shipped_rule_has_source_dates_and_both_languages() -> None:
    for name in shipped_profiles():
        for rule in load_profile(name).rules:
            assert rule.source and rule.vi and rule.en, rule.id
            assert rule.windows and all(w.start for w in rule.windows), rule.id
            assert rule.line > 0 and rule.file.endswith(".toml")


def test_user_profile_composes_on_a_province(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        """\
        [profile]
        name = "so-tttt-hau-giang"
        extends = ["hau-giang"]

        [categories.it]
        vi = "Công nghệ thông tin"
        en = "Information technology"
        keywords = ["phần mềm", "chuyển đổi số"]

        [[rule]]
        id = "stttt-internal-it"
        source = "12/QĐ-STTTT"
        effective_from = 2020-01-01
        precedence = 40
        delivery = "ELECTRONIC_ONLY"
        vi = "Văn bản nội bộ về công nghệ thông tin chỉ gửi điện tử."
        en = "Internal documents on IT go electronic-only."
        when = { scope = ["internal"], categories = ["it"], secrecy = ["none"] }
        """,
    )
    profile = load_profile(path)
    assert profile.chain == ("vn-national", "hau-giang", "so-tttt-hau-giang")
    facts = DocumentFacts(
        document_type="Công văn", subject="V/v nâng cấp phần mềm", scope="internal"
    )
    decision = decide(facts, profile=profile, at=dt.date(2020, 1, 1))
    assert decision.delivery is Delivery.ELECTRONIC_ONLY
    assert decision.rules[0] == "stttt-internal-it"
    assert "hg-1169-other" in {r.rule for r in decision.overridden}
    before = decide(facts, profile=profile, at=dt.date(2019, 12, 31))
    assert before.delivery is Delivery.ELECTRONIC_AND_PAPER
    # the same document to another province's agency: the unit's rule does not apply
    outside = decide(
        DocumentFacts(document_type="Công văn", subject="V/v nâng cấp phần mềm", scope="province"),
        profile=profile,
        at=dt.date(2020, 1, 1),
    )
    assert outside.delivery is Delivery.ELECTRONIC_AND_PAPER


def test_compose_several_profiles_and_dedup_shared_layers(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        HEADER
        + RULE.format(
            id="a-internal",
            start="2020-01-01",
            prec=50,
            delivery="ELECTRONIC_ONLY",
            when='scope = ["internal"]',
        ),
    )
    composed = compose("quang-ngai", path)
    assert composed.chain == ("vn-national", "quang-ngai", "test-agency")
    assert composed.name == "quang-ngai+agency"
    assert sum(1 for r in composed.rules if r.id == "vn-qd28-default") == 1


def test_user_set_narrows_the_vpcp_list(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        """\
        [profile]
        name = "qn-narrow"
        extends = ["quang-ngai"]

        [sets.vpcp-electronic-only]
        vi = "Danh mục đã xác minh"
        en = "Verified list"
        types = ["Giấy mời", "Báo cáo"]
        """,
    )
    profile = load_profile(path)
    on = dt.date(2019, 5, 1)
    invitation = decide(DocumentFacts(document_type="GM", scope="central"), profile=profile, at=on)
    letter = decide(DocumentFacts(document_type="TB", scope="central"), profile=profile, at=on)
    assert invitation.delivery is Delivery.ELECTRONIC_ONLY
    assert letter.delivery is Delivery.ELECTRONIC_AND_PAPER


def test_disable_an_inherited_rule(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        """\
        [profile]
        name = "no-default"
        extends = ["vn-national"]
        disable = ["vn-qd28-default"]
        """,
    )
    decision = decide(
        DocumentFacts(document_type="Công văn"), profile=load_profile(path), at=dt.date(2020, 1, 1)
    )
    assert decision.delivery is Delivery.NO_RULE
    assert decision.reasons[0].rule is None


@pytest.mark.parametrize(
    ("body", "needle", "message"),
    [
        (
            HEADER + '[[rule]]\nid = "x"\nsource = "1"\neffective_from = 2020-01-01\n'
            'delivery = "ELECTRONIC_ONLY"\nvi = "a"\nen = "b"\nwhen = { secrecy = ["none"], '
            'colour = "red" }\n',
            "colour",
            "Unknown key 'colour'",
        ),
        (
            HEADER
            + RULE.format(
                id="x", start="2020-01-01", prec=1, delivery="BY_PIGEON", when='secrecy = ["none"]'
            ),
            "BY_PIGEON",
            "Unknown delivery form",
        ),
        (
            HEADER
            + RULE.format(
                id="x",
                start="2020-01-01",
                prec=1,
                delivery="ELECTRONIC_ONLY",
                when='types = ["Sắc lệnh"]',
            ),
            "Sắc lệnh",
            "Unknown document type",
        ),
        (
            HEADER
            + RULE.format(
                id="x",
                start="2020-01-01",
                prec=1,
                delivery="ELECTRONIC_ONLY",
                when='categories = ["astrology"]',
            ),
            "astrology",
            "unknown category 'astrology'",
        ),
        (
            HEADER
            + RULE.format(
                id="x",
                start='"01/05/2019"',
                prec=1,
                delivery="ELECTRONIC_ONLY",
                when='secrecy = ["none"]',
            ),
            "effective_from",
            "must be a date",
        ),
        (
            HEADER
            + RULE.format(
                id="x",
                start="2020-01-01",
                prec=1,
                delivery="ELECTRONIC_ONLY",
                when='secrecy = ["SECRET"]',
            ),
            "SECRET",
            "Unknown secrecy",
        ),
        (
            HEADER
            + RULE.format(
                id="x",
                start="2020-01-01",
                prec=1,
                delivery="ELECTRONIC_ONLY",
                when='scope = ["galaxy"]',
            ),
            "galaxy",
            "Unknown scope",
        ),
        (
            HEADER + '[[rule]]\nid = "x"\nsource = "1"\neffective_from = 2020-01-01\n'
            'effective_until = 2019-01-01\ndelivery = "ELECTRONIC_ONLY"\nvi = "a"\nen = "b"\n',
            "effective_until",
            "ends (2019-01-01) before it starts",
        ),
        (
            HEADER + '[[rule]]\nid = "x"\nsource = "1"\neffective_from = 2020-01-01\n'
            'vi = "a"\nen = "b"\n',
            "[[rule]]",
            "has no effect",
        ),
        (
            HEADER + '[[rule]]\nid = "x"\nsource = "1"\ndelivery = "ELECTRONIC_ONLY"\n'
            'vi = "a"\nen = "b"\n',
            "[[rule]]",
            "needs 'effective_from'",
        ),
        (
            HEADER + '[[rule]]\nid = "x"\neffective_from = 2020-01-01\ndelivery = '
            '"ELECTRONIC_ONLY"\nvi = "a"\nen = "b"\n',
            "[[rule]]",
            "needs a non-empty text 'source'",
        ),
        (
            HEADER
            + RULE.format(
                id="vn-qd28-default",
                start="2020-01-01",
                prec=1,
                delivery="ELECTRONIC_ONLY",
                when='secrecy = ["none"]',
            ),
            "[[rule]]",
            "already defined at profiles/vn-national.toml",
        ),
        (HEADER + "[[rule]\nid = 1\n", "[[rule]", "Not valid TOML"),
        (
            HEADER + '[categories.x]\nvi = "x"\nen = "x"\npatterns = ["(unclosed"]\n',
            "patterns",
            "Invalid regular expression",
        ),
        (
            HEADER + '[[rule]]\nid = "x"\nsource = "1"\nwindows = [{ from = 2020-01-01, until = '
            '2020-03-01 }, { from = 2020-02-01 }]\ndelivery = "ELECTRONIC_ONLY"\n'
            'vi = "a"\nen = "b"\n',
            "windows",
            "windows of a rule overlap",
        ),
    ],
    ids=[
        "unknown-key",
        "bad-delivery",
        "unknown-type",
        "unknown-category",
        "bad-date",
        "bad-secrecy",
        "bad-scope",
        "until-before-from",
        "no-effect",
        "no-dates",
        "no-source",
        "duplicate-inherited-id",
        "toml-syntax",
        "bad-regex",
        "overlapping-windows",
    ],
)
def test_invalid_profile_names_file_and_line(
    tmp_path: Path, body: str, needle: str, message: str
) -> None:
    path = _write(tmp_path, body)
    with pytest.raises(ProfileError) as info:
        load_profile(path)
    err = info.value
    assert message in err.en, err.en
    assert err.file == str(path)
    assert err.line == _line_of(path, needle), (err.line, err.en)
    assert f"{path}:{err.line}" in str(err)
    assert err.vi != err.en  # a Vietnamese message too


def test_contradictory_rules_are_refused_at_load(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        HEADER
        + RULE.format(
            id="a",
            start="2020-01-01",
            prec=50,
            delivery="ELECTRONIC_ONLY",
            when='categories = ["finance"]',
        )
        + RULE.format(
            id="b",
            start="2020-06-01",
            prec=50,
            delivery="ELECTRONIC_AND_PAPER",
            when='types = ["Quyết định"]',
        ),
    )
    with pytest.raises(ProfileConflictError) as info:
        load_profile(path)
    err = info.value
    assert set(err.details["rules"]) == {"a", "b"}
    assert err.line == _line_of(path, "[[rule]]", 2)
    assert "same precedence" in err.en and "cùng mức ưu tiên" in err.vi


@pytest.mark.parametrize(
    ("when_a", "when_b", "start_b"),
    [
        ('scope = ["central"]', 'scope = ["province"]', "2020-01-01"),  # disjoint scopes
        ('categories = ["finance"]', 'except_categories = ["finance"]', "2020-01-01"),
        ('types = ["Quyết định"]', 'types = ["Tờ trình"]', "2020-01-01"),
        ('secrecy = ["none"]', 'secrecy = ["MẬT"]', "2020-01-01"),
        ("draft = true", "draft = false", "2020-01-01"),
    ],
)
def test_non_overlapping_rules_of_equal_precedence_load(
    tmp_path: Path, when_a: str, when_b: str, start_b: str
) -> None:
    path = _write(
        tmp_path,
        HEADER
        + RULE.format(id="a", start="2020-01-01", prec=50, delivery="ELECTRONIC_ONLY", when=when_a)
        + RULE.format(id="b", start=start_b, prec=50, delivery="ELECTRONIC_AND_PAPER", when=when_b),
    )
    assert {r.id for r in load_profile(path).rules} >= {"a", "b"}


def test_disjoint_windows_do_not_conflict(tmp_path: Path) -> None:
    body = HEADER + (
        '[[rule]]\nid = "a"\nsource = "1"\nwindows = [{ from = 2020-01-01, until = 2020-01-31 }]\n'
        'precedence = 50\ndelivery = "ELECTRONIC_ONLY"\nvi = "a"\nen = "a"\n'
        '[[rule]]\nid = "b"\nsource = "1"\neffective_from = 2020-02-01\n'
        'precedence = 50\ndelivery = "ELECTRONIC_AND_PAPER"\nvi = "b"\nen = "b"\n'
    )
    profile = load_profile(_write(tmp_path, body))
    facts = DocumentFacts(document_type="Công văn")
    assert decide(facts, profile=profile, at="2020-01-31").rules[0] == "a"
    assert decide(facts, profile=profile, at="2020-02-01").rules[0] == "b"


def test_conflict_between_two_composed_profiles(tmp_path: Path) -> None:
    a = _write(
        tmp_path,
        HEADER
        + RULE.format(
            id="a",
            start="2020-01-01",
            prec=70,
            delivery="ELECTRONIC_ONLY",
            when='secrecy = ["none"]',
        ),
        "a.toml",
    )
    b = _write(
        tmp_path,
        HEADER.replace("test-agency", "other")
        + RULE.format(
            id="b",
            start="2021-01-01",
            prec=70,
            delivery="ELECTRONIC_AND_PAPER",
            when='types = ["Công văn"]',
        ),
        "b.toml",
    )
    load_profile(a)
    load_profile(b)
    with pytest.raises(ProfileConflictError):
        compose(a, b)


def test_extends_cycle_and_missing_parent(tmp_path: Path) -> None:
    _write(tmp_path, '[profile]\nname = "x"\nextends = ["y"]\n', "x.toml")
    _write(tmp_path, '[profile]\nname = "y"\nextends = ["x"]\n', "y.toml")
    with pytest.raises(ProfileError, match="cycle"):
        load_profile(tmp_path / "x.toml")
    missing = _write(tmp_path, '[profile]\nname = "z"\nextends = ["nowhere"]\n', "z.toml")
    with pytest.raises(ProfileNotFoundError):
        load_profile(missing)


def test_unknown_profile_name() -> None:
    with pytest.raises(ProfileNotFoundError) as info:
        load_profile("ha-noi")
    assert "vn-national" in info.value.en
    assert isinstance(info.value, PolicyError)


def test_search_path_finds_user_parents(tmp_path: Path) -> None:
    folder = tmp_path / "profiles"
    folder.mkdir()
    _write(folder, HEADER.replace("test-agency", "base-unit"), "base-unit.toml")
    child = _write(tmp_path, '[profile]\nname = "child"\nextends = ["base-unit"]\n', "child.toml")
    profile = load_profile(child, search_path=[folder])
    assert profile.chain == ("vn-national", "base-unit", "child")


def test_when_blocks_as_tables_report_their_own_lines(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        HEADER + '[[rule]]\nid = "x"\nsource = "1"\neffective_from = 2020-01-01\n'
        'delivery = "ELECTRONIC_ONLY"\nvi = "a"\nen = "b"\n'
        '[[rule.when]]\ntypes = ["Giấy mời"]\n'
        '[[rule.when]]\ncategories = ["meeting"]\nurgent = true\n',
    )
    with pytest.raises(ProfileError) as info:
        load_profile(path)
    assert info.value.line == _line_of(path, "urgent")


def test_agency_adds_keywords_to_an_inherited_category(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        '[profile]\nname = "kw"\nextends = ["thanh-hoa"]\n\n'
        '[categories.finance]\nkeywords = ["hoàn ứng"]\n',
    )
    profile = load_profile(path)
    assert "kinh phí" in profile.categories["finance"].keywords  # inherited ones kept
    facts = DocumentFacts(document_type="QĐ", subject="Quyết định hoàn ứng đợt 2")
    assert decide(facts, profile=profile, at="2019-05-01").delivery is (
        Delivery.ELECTRONIC_AND_PAPER
    )
    assert decide(facts, profile="thanh-hoa", at="2019-05-01").delivery is (
        Delivery.ELECTRONIC_ONLY
    )


def test_sets_of_categories(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        '[profile]\nname = "s"\nextends = ["quang-ngai"]\n\n'
        '[sets.vpcp-electronic-only]\nvi = "x"\nen = "x"\ncategories = ["meeting", "report"]\n',
        "s.toml",
    )
    profile = load_profile(path)
    on = "2019-05-01"
    report = DocumentFacts(document_type="BC", subject="Báo cáo quý I", scope="central")
    letter = DocumentFacts(document_type="Công văn", subject="V/v sửa đường", scope="central")
    assert decide(report, profile=profile, at=on).delivery is Delivery.ELECTRONIC_ONLY
    assert decide(letter, profile=profile, at=on).delivery is Delivery.ELECTRONIC_AND_PAPER
    bad = _write(
        tmp_path,
        '[profile]\nname = "s2"\nextends = ["s"]\n\n'
        '[[rule]]\nid = "y"\nsource = "1"\neffective_from = 2020-01-01\n'
        'signatures = ["agency"]\nvi = "a"\nen = "b"\n'
        'when = { in_set = "vpcp-electronic-only", categories = ["finance"] }\n',
        "s2.toml",
    )
    with pytest.raises(ProfileError, match="in_set"):
        load_profile(bad, search_path=[tmp_path])
