"""Tone marks of OCR'd words repaired from the document's own text (issue 12).

Why: Tesseract drops or swaps Vietnamese tone marks now and then (``vê mà túy`` for ``về ma
túy`` in a trích yếu), and a person reads such a word from its context. The best context is
the document itself: a letter about drugs says ``ma túy`` a dozen times, so the one ``mà túy``
in its subject is a misreading. A pair of neighbouring words is replaced by the spelling of the
same letters (diacritics ignored) that the OCR'd text of the document uses far more often —
at least :data:`MIN_SEEN` times and :data:`DOMINANCE` times as often as the spelling read. Words
seen too rarely are left as read: nothing is guessed from outside the document.
"""

from __future__ import annotations

import collections
import unicodedata
from collections.abc import Iterable

__all__ = ["DOMINANCE", "MIN_SEEN", "PairCounts", "count_pairs", "repair_from_context"]

#: The spelling taken must be seen at least this often in the document...
MIN_SEEN = 3
#: ... and this many times as often as the spelling read.
DOMINANCE = 3

PairCounts = dict[tuple[str, str], collections.Counter[tuple[str, str]]]


def _fold(word: str) -> str:
    stripped = unicodedata.normalize("NFD", word.lower())
    return "".join(c for c in stripped if not unicodedata.combining(c)).replace("đ", "d")


def _core(word: str) -> tuple[str, str, str]:
    """``(leading punctuation, letters, trailing punctuation)`` of a token."""
    start = 0
    while start < len(word) and not word[start].isalnum():
        start += 1
    end = len(word)
    while end > start and not word[end - 1].isalnum():
        end -= 1
    return word[:start], word[start:end], word[end:]


def count_pairs(words: Iterable[str]) -> PairCounts:
    """Spellings of every pair of neighbouring words, keyed by their letters without marks."""
    counts: PairCounts = {}
    previous: str | None = None
    for token in words:
        _, word, _ = _core(unicodedata.normalize("NFC", token))
        word = word.lower() if word.isalpha() else ""
        if previous and word:
            key = (_fold(previous), _fold(word))
            counts.setdefault(key, collections.Counter())[(previous, word)] += 1
        previous = word or None
    return counts


def _cased(model: str, word: str) -> str:
    if model.isupper() and len(model) > 1:
        return word.upper()
    return word[:1].upper() + word[1:] if model[:1].isupper() else word


def repair_from_context(text: str, counts: PairCounts) -> str:
    """``text`` with each word pair spelled as the document mostly spells it (see module)."""
    tokens = text.split()
    for i in range(len(tokens) - 1):
        (lead_a, a, tail_a), (lead_b, b, tail_b) = _core(tokens[i]), _core(tokens[i + 1])
        if not (a.isalpha() and b.isalpha()) or tail_a:
            continue
        seen = counts.get((_fold(a), _fold(b)))
        if not seen:
            continue
        (best_a, best_b), best = seen.most_common(1)[0]
        read = seen.get((a.lower(), b.lower()), 0)
        if (
            best < MIN_SEEN
            or best < DOMINANCE * max(read, 1)
            or (best_a, best_b)
            == (
                a.lower(),
                b.lower(),
            )
        ):
            continue
        tokens[i] = lead_a + _cased(a, best_a) + tail_a
        tokens[i + 1] = lead_b + _cased(b, best_b) + tail_b
    return " ".join(tokens)
