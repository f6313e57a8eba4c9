"""Answers with several parts: items put in order, and cloze blanks."""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import permutations
from typing import NamedTuple

from quizdeck.grading.entities import Glossary
from quizdeck.grading.text import Level, text_level
from quizdeck.grading.typed import TypedGrader, grade_typed
from quizdeck.grading.verdict import NOTE_TYPO, Grade


class BlankAnswers(NamedTuple):
    """One cloze blank as grading sees it: how its answer is graded and what it accepts."""

    grader: TypedGrader
    answers: Sequence[str]
    glossary: Glossary = ()


# --- order and cloze ---------------------------------------------------------------------------


def _match_items(expected: Sequence[str], given: Sequence[str]) -> list[int | None]:
    """For each given item, the index of the expected item it names (each used once)."""
    unused = set(range(len(expected)))
    positions: list[int | None] = []
    for item in given:
        best: int | None = None
        best_level = Level.TYPO
        for index in sorted(unused):
            level = text_level(expected[index], item)
            if level > best_level or (level == best_level and best is None):
                best, best_level = index, level
        if best is not None:
            unused.discard(best)
        positions.append(best)
    return positions


def grade_order(expected: Sequence[str], given: Sequence[str]) -> Grade:
    """Grade items put in order: the share of item pairs in the right relative order.

    Each pair of expected items scores when both are given and the earlier one
    comes first. Items are recognized as text answers (spelling variants and
    typos allowed). Correct only when every item is given once and in order.
    """
    shown = " → ".join(expected)
    given_at: dict[int, int] = {}
    positions = _match_items(expected, given)
    for place, index in enumerate(positions):
        if index is not None:
            given_at[index] = place
    count = len(expected)
    pairs = count * (count - 1) // 2
    right = sum(
        1
        for first in range(count)
        for second in range(first + 1, count)
        if first in given_at and second in given_at and given_at[first] < given_at[second]
    )
    complete = len(given_at) == count and len(positions) == count and count > 0
    score = right / pairs if pairs else float(complete)
    correct = complete and right == pairs
    note = "" if correct or right == 0 else f"{right} of {pairs} pairs in order"
    reason = "every item in order" if correct else f"{right} of {pairs} pairs in order"
    return Grade(score, correct, note, shown, reason)


def _blank(blank: BlankAnswers, given: str, prompt: str) -> Grade:
    """One blank's answer, graded as a typed answer of the blank's kind."""
    return grade_typed(blank.grader, blank.answers, given, prompt, glossary=blank.glossary)


def _in_order(blanks: Sequence[BlankAnswers], given: Sequence[str], prompt: str) -> list[Grade]:
    """Each blank graded against the answer given in its place."""
    return [
        _blank(blank, given[index] if index < len(given) else "", prompt)
        for index, blank in enumerate(blanks)
    ]


def _as_a_set(blanks: Sequence[BlankAnswers], given: Sequence[str], prompt: str) -> list[Grade]:
    """Each blank graded against a distinct given answer: the assignment scoring most.

    Every assignment is tried for up to seven blanks; beyond that each blank
    takes, in turn, the unused answer that suits it best.
    """
    answers = [*given, *[""] * max(0, len(blanks) - len(given))]
    table = [[_blank(blank, answer, prompt) for answer in answers] for blank in blanks]
    if len(blanks) <= 7 and len(answers) <= 9:
        best = max(
            permutations(range(len(answers)), len(blanks)),
            key=lambda pick: sum(table[row][col].score for row, col in enumerate(pick)),
        )
        return [table[row][col] for row, col in enumerate(best)]
    unused = set(range(len(answers)))
    chosen: list[Grade] = []
    for row in table:
        col = max(sorted(unused), key=lambda c: row[c].score)
        unused.discard(col)
        chosen.append(row[col])
    return chosen


def grade_cloze(
    blanks: Sequence[BlankAnswers],
    given: Sequence[str],
    *,
    any_order: bool = False,
    prompt: str = "",
) -> Grade:
    """Grade a cloze answer: each blank by its own kind; the score is the mean.

    With ``any_order`` the blanks are a set: each given answer fills the
    blank it fits best, each blank at most once.
    """
    shown = "; ".join(blank.answers[0] if blank.answers else "" for blank in blanks)
    if not blanks:
        return Grade(0.0, False, "", shown, "no blanks")
    grades = (_as_a_set if any_order else _in_order)(blanks, given, prompt)
    score = sum(grade.score for grade in grades) / len(grades)
    right = sum(grade.correct for grade in grades)
    reason = "; ".join(f"{index}: {grade.reason}" for index, grade in enumerate(grades, 1))
    if any_order:
        reason = f"blanks taken as a set; {reason}"
    if right == len(grades):
        typo = any(grade.note.startswith(NOTE_TYPO) for grade in grades)
        return Grade(score, True, NOTE_TYPO if typo else "", shown, reason)
    note = f"{right} of {len(grades)} blanks right" if right else ""
    return Grade(score, False, note, shown, reason)


# --- dispatch ----------------------------------------------------------------------------------

_ITEM_SPLIT = re.compile(r"(?<!\d),|,(?!\d)")


def split_items(text: str) -> list[str]:
    """Split a typed list: on ";" if there is one, else on commas not inside a number."""
    parts = text.split(";") if ";" in text else _ITEM_SPLIT.split(text)
    return [part.strip() for part in parts if part.strip()]
