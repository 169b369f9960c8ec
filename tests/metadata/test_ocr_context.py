"""OCR'd tone marks repaired from the document's own spelling (issue 12)."""

from __future__ import annotations

from vndocsign.metadata._context import count_pairs, repair_from_context


def _words(text: str) -> list[str]:
    return text.split()


BODY = _words(
    "phòng, chống ma túy; về ma túy và cai nghiện ma túy. Tội phạm về ma túy, "
    "người nghiện ma túy, cơ sở cai nghiện ma túy mà chưa rà soát; báo cáo về ma túy"
)


def test_a_pair_misread_once_takes_the_spelling_the_document_uses() -> None:
    subject = "V/v rà soát, đánh giá mức độ phức tạp vê mà túy và cơ sở cai nghiện"
    counts = count_pairs([*BODY, *subject.split()])
    assert repair_from_context(subject, counts) == (
        "V/v rà soát, đánh giá mức độ phức tạp về ma túy và cơ sở cai nghiện"
    )


def test_rare_or_balanced_spellings_are_left_as_read() -> None:
    # "mà chưa" once in the body: not seen often enough to overrule anything
    counts = count_pairs(BODY)
    assert repair_from_context("ma chưa", counts) == "ma chưa"
    # two spellings seen equally often: no dominance, no change
    even = count_pairs(_words("bản đồ bán đồ bản đồ bán đồ bản đồ bán đồ"))
    assert repair_from_context("bán đồ", even) == "bán đồ"
    # a pair across a comma is two phrases, not one: "vê," stays, "mà túy" is a pair
    assert repair_from_context("vê, mà túy", count_pairs(BODY)) == "vê, ma túy"


def test_case_and_punctuation_of_the_words_read_are_kept() -> None:
    counts = count_pairs(BODY)
    assert repair_from_context("VÊ MÀ TÚY.", counts) == "VỀ MA TÚY."
    assert repair_from_context("(Vê mà túy)", counts) == "(Về ma túy)"
