"""Text answers: normalization, transliteration spelling keys, and word-by-word matching."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum

from anyascii import anyascii
from rapidfuzz.distance import OSA

from quizdeck.grading.morphemes import other_part
from quizdeck.grading.numerals import word_values

# --- text normalization -------------------------------------------------------------------

ARTICLES = frozenset({"the", "a", "an"})
#: anyascii writes every apostrophe-like mark (’ ʿ ʾ ʻ ´ ...) as one of these.
_APOSTROPHES = re.compile(r"['`]")
_DOTTED_ACRONYM = re.compile(r"\b[a-z](?:\.[a-z])+\b\.?")
_NON_WORD = re.compile(r"[^a-z0-9]+")


def normalize(text: str) -> str:
    """Text in the form text grading compares: lowercase ASCII words separated by single spaces.

    Diacritics and other scripts' letters are transliterated (anyascii),
    apostrophes are dropped ("Asa'ib" → "asaib"), dotted acronyms are joined
    ("U.S." → "us"), ``&`` reads "and", other punctuation and hyphens separate
    words, and a leading "the", "a" or "an" is dropped when more words follow ("A." is an
    initial, kept).
    """
    text = _APOSTROPHES.sub("", anyascii(text).lower())
    text = _DOTTED_ACRONYM.sub(lambda match: match.group(0).replace(".", ""), text)
    text = text.replace("&", " and ")
    words = _NON_WORD.sub(" ", text).split()
    initial = text.lstrip()[1:2] == "."  # "A. Bronte": an initial, not the article
    if len(words) > 1 and words[0] in ARTICLES and not initial:
        words = words[1:]
    return " ".join(words)


# --- spelling keys --------------------------------------------------------------------------

#: Letter groups rewritten before comparing, in this order.
_SPELLING_RULES: tuple[tuple[str, str], ...] = (
    ("dh", "z"),
    ("zh", "z"),
    ("gh", "k"),
    ("ck", "k"),
    ("q", "k"),
    ("ou", "u"),
    ("oo", "u"),
    ("ee", "i"),
    ("ph", "f"),  # British and American: sulphur, sulfur
)
#: A word's opening "ae" or "oe" is "e" in American spelling: oestrogen, estrogen; aeon, eon.
_OPENING_DIGRAPHS = ("ae", "oe")
_DOUBLED = re.compile(r"([a-z])\1+")
_DIPHTHONG = re.compile(r"[ae][iy](?![aeiou])")
_VOWEL_Y = re.compile(r"(?<![aeiou])y(?![aeiou])")
#: ``e`` is written for both Arabic a and i (Haider/Haidar, Kazemi/Kadhimi).
_WILDCARD = "E"
_WORD_ALIASES = {"ibn": "bin", "ben": "bin", "abdul": "abd", "abdel": "abd", "abdal": "abd"}
_AL_PREFIXES = frozenset({"al", "el", "ul"})
#: al- and its sun-letter forms ("as-Sadr", "ash-Sham") when written with a hyphen.
_HYPHENATED_ARTICLE = re.compile(
    r"\b(?:[ae]l|ul|a[dnrstz]|ash|adh|ath)[-\u2010\u2011]\s*(?=[^\W\d_])", re.IGNORECASE
)


def _spelling_key(word: str) -> str:
    """Fold a normalized word's transliteration variants into one key."""
    key = _WORD_ALIASES.get(word, word)
    if len(key) > 4 and key.startswith(_OPENING_DIGRAPHS):
        key = key[1:]
    for old, new in _SPELLING_RULES:
        key = key.replace(old, new)
    key = _DOUBLED.sub(r"\1", key)
    key = _DIPHTHONG.sub("ai", key)
    key = _VOWEL_Y.sub("i", key)
    key = key.replace("o", "u").replace("e", _WILDCARD)
    key = _DOUBLED.sub(r"\1", key)
    if len(key) > 3 and key.endswith("ah"):
        key = key[:-1]
    return key


@dataclass(frozen=True)
class Word:
    """One word of an answer: as normalized, its spelling key, and the number it stands for."""

    text: str
    key: str
    value: int | None = None


#: An acronym ending in a Roman numeral ("WWII"), split so that the numeral is a word of its own.
_ACRONYM_NUMERAL = re.compile(r"\b([A-HJ-UWYZ]{2,})(I{1,3}|IV|VI{0,3}|IX|X)\b")
_LETTERS_DIGITS = re.compile(r"(?<=[a-z])(?=[0-9])")


def plain_words(text: str) -> list[str]:
    """The normalized words of an answer, with letters and digits apart ("ww1" → "ww", "1")."""
    text = _ACRONYM_NUMERAL.sub(r"\1 \2", _HYPHENATED_ARTICLE.sub("al ", text))
    return _LETTERS_DIGITS.sub(" ", normalize(text)).split()


def make_words(words: list[str]) -> list[Word]:
    """Words with their spelling keys and values; number words joined ("twenty first" → 21)."""
    return [Word(word, _spelling_key(word), value) for word, value in word_values(words)]


def name_words(text: str) -> list[Word]:
    """The words of an answer that matter for comparing names, each with its key.

    The Arabic article is left out: "al" or "el" before another word, and the
    hyphenated sun-letter forms ("as-Sadr", "ash-Sham", "ad-Dawa").
    """
    words = plain_words(text)
    kept = [
        word
        for index, word in enumerate(words)
        if not (word in _AL_PREFIXES and index + 1 < len(words))
    ]
    return make_words(kept)


def _key_chars_match(a: str, b: str) -> bool:
    """Whether two key characters match (the ``e`` wildcard matches a or i)."""
    if a == b:
        return True
    pair = {a, b}
    return _WILDCARD in pair and bool(pair & {"a", "i"})


def _keys_equal(a: str, b: str) -> bool:
    """Whether two spelling keys are the same, allowing for the ``e`` wildcard."""
    return len(a) == len(b) and all(_key_chars_match(x, y) for x, y in zip(a, b, strict=True))


def _key_distance(a: str, b: str) -> int:
    """Edit distance between two spelling keys, reading the ``e`` wildcard as a, then as i."""
    return min(
        OSA.distance(a.replace(_WILDCARD, vowel), b.replace(_WILDCARD, vowel))
        for vowel in ("a", "i")
    )


def _is_extended(a: str, b: str) -> bool:
    """Whether one key is the other with two or more letters added at one end.

    That is another word built on the same name (Sulaimani / Sulaymaniyah),
    not a typo, even where two typos would be forgiven.
    """
    longer, shorter = sorted((a, b), key=len, reverse=True)
    if not shorter or len(longer) - len(shorter) < 2:
        return False
    return _keys_equal(longer[: len(shorter)], shorter) or _keys_equal(
        longer[-len(shorter) :], shorter
    )


def typo_allowance(word: str) -> int:
    """How many typos a word of the expected answer forgives: 0, 1 or 2 by length."""
    if any(char.isdigit() for char in word) or len(word) < 5:
        return 0
    if len(word) <= 8:
        return 1
    return 2


# --- text matching ---------------------------------------------------------------------------


def is_one_letter_moved(a: str, b: str) -> bool:
    """Whether ``b`` is ``a`` with one letter moved two places ("Khadimi" / "Kadhimi"): one slip."""
    if len(a) != len(b) or a == b:
        return False
    start = next(i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y)
    end = len(a) - next(i for i, (x, y) in enumerate(zip(a[::-1], b[::-1], strict=True)) if x != y)
    inner_a, inner_b = a[start:end], b[start:end]
    if len(inner_a) > 3:
        return False
    return (inner_a[1:] == inner_b[:-1] and inner_a[0] == inner_b[-1]) or (
        inner_a[:-1] == inner_b[1:] and inner_a[-1] == inner_b[0]
    )


#: The shortest word whose ``e`` is read as a or i (see :func:`word_level`).
_SHORTEST_VOWEL_FOLD = 4


class Level(IntEnum):
    """How well a text answer matches, worst to best."""

    WRONG = 0
    PART = 1  # the right words, but only some of them
    CLOSE = 2  # a little more than a typo away
    TYPO = 3  # right, with a forgiven typo
    EXACT = 4  # right, or a spelling variant


def word_level(expected: Word, given: Word) -> Level:
    """How well one given word matches one expected word.

    A number (digits, number word, ordinal, Roman numeral) matches only the same value. A
    slip never changes the first letter ("Holland" is not "Poland"), nor a meaningful prefix
    or ending into another ("chlorine" is not "chloride", see :mod:`.morphemes`). The ``e``
    of transliterations stands for a or i only in words of four letters or more: "Ne" is not
    "Na", nor "ten" "tin".
    """
    if expected.value is not None or given.value is not None:
        return Level.EXACT if expected.value == given.value else Level.WRONG
    if other_part(expected.text, given.text):
        return Level.WRONG
    short = len(expected.text) < _SHORTEST_VOWEL_FOLD or len(given.text) < _SHORTEST_VOWEL_FOLD
    if _keys_equal(expected.key, given.key) and not (short and expected.key != given.key):
        return Level.EXACT
    if _is_extended(expected.key, given.key):
        return Level.WRONG
    allowance = typo_allowance(expected.text)
    distance = OSA.distance(expected.text, given.text)
    if not short:
        distance = min(distance, _key_distance(expected.key, given.key))
    if distance > 1 and is_one_letter_moved(expected.text, given.text):
        distance = 1
    if distance <= allowance and _same_start(expected, given):
        return Level.TYPO
    if allowance and distance <= allowance + 1:
        return Level.CLOSE
    return Level.WRONG


def _same_start(expected: Word, given: Word) -> bool:
    """Whether two words start alike, as written or by their spelling keys."""
    return expected.text[:1] == given.text[:1] or _key_chars_match(expected.key[:1], given.key[:1])


def _is_strict_subset(part: Sequence[Word], whole: Sequence[Word]) -> bool:
    """Whether every word of ``part`` matches a different word of the longer ``whole``."""
    if not part or len(part) >= len(whole):
        return False
    unused = list(whole)
    for word in part:
        match = next((w for w in unused if word_level(w, word) >= Level.TYPO), None)
        if match is None:
            return False
        unused.remove(match)
    return True


def _joined_level(expected: Sequence[Word], given: Sequence[Word]) -> Level:
    """Compare with the spaces taken out ("Hizb Allah" / "Hizbollah")."""
    expected_key = "".join(word.key for word in expected)
    given_key = "".join(word.key for word in given)
    if _keys_equal(expected_key, given_key):
        return Level.EXACT
    letters = "".join(word.text for word in expected)
    has_digit = any(char.isdigit() for char in letters)
    if len(letters) >= 9 and not has_digit and _key_distance(expected_key, given_key) <= 1:
        return Level.TYPO
    return Level.WRONG


def words_level(expected: Sequence[Word], given: Sequence[Word]) -> Level:
    """How well an answer's words match the expected words."""
    if not expected or not given:
        return Level.WRONG
    if len(expected) == len(given):
        return min(word_level(e, g) for e, g in zip(expected, given, strict=True))
    if _is_strict_subset(given, expected):
        return Level.PART
    if _is_strict_subset(expected, given):
        return Level.WRONG
    return _joined_level(expected, given)


def text_level(expected: str, given: str) -> Level:
    """How well a text answer matches one accepted answer."""
    if not normalize(given):
        return Level.WRONG
    if normalize(expected) == normalize(given):
        return Level.EXACT
    return words_level(name_words(expected), name_words(given))
