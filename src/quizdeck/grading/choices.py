"""Picked answers: one option of a choice card, or true/false."""

from __future__ import annotations

from collections.abc import Sequence

from quizdeck.grading.names import grade_text
from quizdeck.grading.verdict import Grade, first, light
from quizdeck.grading.wording import is_name

_TRUE = frozenset({"true", "t", "yes", "y"})
_FALSE = frozenset({"false", "f", "no", "n"})


_ARTICLES = ("the ", "a ", "an ")


def _bare(text: str) -> str:
    """An option as :func:`light` writes it, without a leading article ("the UAE" → "uae")."""
    text = light(text)
    return next((text[len(a) :] for a in _ARTICLES if text.startswith(a)), text)


def _chosen_option(given: str, choices: Sequence[str]) -> str:
    """The option an answer names: its text (a leading article aside), else its 1-based
    number or letter."""
    wanted = light(given)
    if any(light(choice) == wanted for choice in choices):
        return wanted
    same = [choice for choice in choices if _bare(choice) == _bare(given)]
    if len(same) == 1:
        return light(same[0])
    if wanted.isdecimal() and len(wanted) <= 3 and 1 <= int(wanted) <= len(choices):
        return light(choices[int(wanted) - 1])
    if len(wanted) == 1 and "a" <= wanted <= "z":
        index = ord(wanted) - ord("a")
        if index < len(choices):
            return light(choices[index])
    return wanted


def grade_choice(expected: Sequence[str], given: str, choices: Sequence[str]) -> Grade:
    """Grade a multiple-choice answer: the right option, ignoring case and spacing.

    An answer typed in other words than any option is read as a text answer to each option (a
    name as a person's, see :mod:`.names`): "aluminum" or "Pope Urban II" picks its option, and
    "Hugo" picks "Victor Hugo". It is right when it picks the right option and no other one
    ("Curie" among "Marie Curie" and "Pierre Curie" picks none).
    """
    chosen = _chosen_option(given, choices)
    correct = bool(chosen) and any(light(answer) == chosen for answer in expected)
    if correct:
        return Grade(1.0, True, "", first(expected), "the right option")
    if chosen in {light(choice) for choice in choices}:
        return Grade(0.0, False, "", first(expected), "another option")
    picked = _options_read(given, choices)
    right = [option for option in picked if any(light(a) == light(option) for a in expected)]
    if right and len(picked) == 1:
        grade = _read_as_text(expected, given, right[0])
        return Grade(
            grade.score, True, grade.note, first(expected), f"the right option, {grade.reason}"
        )
    reason = "more than one option" if len(picked) > 1 else "another option"
    return Grade(0.0, False, "", first(expected), reason)


def _read_as_text(expected: Sequence[str], given: str, option: str) -> Grade:
    """``given`` graded as a text (or, for a name, a person) answer that ``option`` is right for."""
    answers = [option, *(answer for answer in expected if light(answer) != light(option))]
    return grade_text(answers, given, person=is_name(option))


def _options_read(given: str, choices: Sequence[str]) -> list[str]:
    """The options an answer typed in other words names, read as text answers to each."""
    return [option for option in choices if _read_as_text((), given, option).correct]


def _truth(text: str) -> bool | None:
    """True, False, or None for an answer that is neither."""
    word = light(text).strip(" .!")
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    return None


def grade_truefalse(expected: Sequence[str], given: str) -> Grade:
    """Grade a true/false answer."""
    shown = first(expected)
    answer = _truth(given)
    right = _truth(shown)
    if answer is None or right is None:
        note = "answer true or false" if given.strip() else ""
        return Grade(0.0, False, note, shown, "neither true nor false")
    correct = answer == right
    return Grade(
        1.0 if correct else 0.0, correct, "", shown, "right" if correct else "the opposite"
    )
