"""Names: text and person answers graded against every accepted answer."""

from __future__ import annotations

from collections.abc import Sequence

from quizdeck.grading.text import Level, Word, name_words, text_level, words_level
from quizdeck.grading.verdict import NOTE_CLOSE, NOTE_PART, NOTE_TYPO, TYPO_SCORE, Grade, first


def _family_name(words: Sequence[Word]) -> list[Word]:
    """The family name of a full name: its last word, or ``Abdul X`` as a whole."""
    if len(words) >= 3 and words[-2].key == "abd":
        return list(words[-2:])
    return list(words[-1:])


def person_level(expected: str, given: str) -> Level:
    """How well a name matches: in full, or by the family name alone."""
    candidates = [given]
    first, comma, last = given.partition(",")
    if comma and first.strip() and last.strip():
        candidates.append(f"{last} {first}")
    best = Level.WRONG
    expected_words = name_words(expected)
    family = _family_name(expected_words)
    for candidate in candidates:
        best = max(best, text_level(expected, candidate))
        given_words = name_words(candidate)
        if family and len(given_words) == len(family) and len(family) < len(expected_words):
            level = words_level(family, given_words)
            if level >= Level.TYPO:
                best = max(best, level)
    return best


_LEVEL_GRADES = {
    Level.EXACT: (1.0, True, ""),
    Level.TYPO: (TYPO_SCORE, True, NOTE_TYPO),
    Level.CLOSE: (0.0, False, NOTE_CLOSE),
    Level.PART: (0.0, False, NOTE_PART),
    Level.WRONG: (0.0, False, ""),
}


def grade_text(expected: Sequence[str], given: str, *, person: bool) -> Grade:
    """Grade a text or person answer against every accepted answer; the best match counts."""
    match = person_level if person else text_level
    best = max((match(answer, given) for answer in expected), default=Level.WRONG)
    score, correct, note = _LEVEL_GRADES[best]
    return Grade(score, correct, note, first(expected))
