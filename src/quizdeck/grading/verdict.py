"""What a grade is: the verdict on one answer, the notes it may carry, and small shared helpers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from quizdeck.grading.text import normalize

TYPO_SCORE = 0.9

NOTE_TYPO = "almost: check the spelling"
NOTE_CLOSE = "close, but not quite"
NOTE_PART = "only part of the name"


@dataclass(frozen=True)
class Grade:
    """The verdict on one answer."""

    score: float  # 0..1
    correct: bool
    note: str = ""  # short, for near misses; "" otherwise
    expected: str = ""  # the canonical right answer as shown to the student
    #: why: "exact", "accepted variant", "title dropped", "initials", "typo at ...",
    #: "a different number"... Shown by ``quiz check``; not part of equality.
    reason: str = field(default="", compare=False)


def light(text: str) -> str:
    """Light normalization for choices: case and spacing only."""
    return " ".join(text.casefold().split())


def first(expected: Sequence[str]) -> str:
    """The canonical answer: the first accepted one."""
    return expected[0] if expected else ""


def fallback_text(expected: Sequence[str], given: str, wrong_reason: str = "") -> Grade:
    """Right only if the answer is one of the accepted answers written out (after normalize)."""
    wanted = normalize(given)
    correct = bool(wanted) and any(normalize(answer) == wanted for answer in expected)
    reason = "accepted answer written out" if correct else wrong_reason or "a different answer"
    return Grade(1.0 if correct else 0.0, correct, "", first(expected), reason)
