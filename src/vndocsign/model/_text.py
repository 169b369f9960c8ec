"""Vietnamese text normalisation shared by the model, extraction and policy code.

Vietnamese text reaches us in NFC, in NFD (macOS, some PDF producers), with the "old" tone
placement (``hoá``, ``uỷ``) or the "new" one (``hóa``, ``ủy``), and with the letter Đ typed as a
plain D by people without a Vietnamese keyboard. Comparisons go through these helpers so that a
single rule decides what counts as "the same word".
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["canonical", "fold_d", "squash_spaces", "strip_diacritics", "upper_vi"]

# Old-style tone placement -> new style (tone on the main vowel), both directions seen in the wild.
# Keys are NFC strings; we normalise to the form used by Decree 30's own text ("ủy", "hóa").
_TONE_PAIRS = {
    "oà": "òa",
    "oá": "óa",
    "oả": "ỏa",
    "oã": "õa",
    "oạ": "ọa",
    "oè": "òe",
    "oé": "óe",
    "oẻ": "ỏe",
    "oẽ": "õe",
    "oẹ": "ọe",
    "uỳ": "ùy",
    "uý": "úy",
    "uỷ": "ủy",
    "uỹ": "ũy",
    "uỵ": "ụy",
}
# Only an open syllable ending in the pair moves its tone ("hoá" -> "hóa", "uỷ" -> "ủy"): with a
# final consonant the tone is on the second vowel in both conventions ("hoàn", "Huỳnh"), and
# after "q" the "u" belongs to the consonant ("quỳ", "Quỳnh").
_TONE_RE = re.compile(
    r"(?<![qQ])(?:" + "|".join(sorted(_TONE_PAIRS, key=len, reverse=True)) + r")(?![^\W\d_])",
    re.IGNORECASE,
)


def _tone(match: re.Match[str]) -> str:
    text = match.group(0)
    new = _TONE_PAIRS[text.lower()]
    # keep the case of each letter
    return "".join(n.upper() if o.isupper() else n for o, n in zip(text, new, strict=True))


_SPACES = re.compile(r"\s+")


def squash_spaces(text: str) -> str:
    """Collapse runs of white space (including NBSP) to one space and strip the ends."""
    return _SPACES.sub(" ", text.replace("\u00a0", " ")).strip()


def canonical(text: str) -> str:
    """NFC, one tone-placement convention, single spaces. Case is preserved."""
    nfc = unicodedata.normalize("NFC", text)
    return squash_spaces(_TONE_RE.sub(_tone, nfc))


def strip_diacritics(text: str) -> str:
    """``"Quyết định"`` -> ``"Quyet dinh"``; Đ/đ become D/d."""
    decomposed = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


def fold_d(text: str) -> str:
    """Replace Đ/đ with D/d only (the one confusion we tolerate in abbreviations)."""
    return text.replace("Đ", "D").replace("đ", "d")


def upper_vi(text: str) -> str:
    """Upper-case a canonical Vietnamese string (``str.upper`` is correct for NFC text)."""
    return canonical(text).upper()
