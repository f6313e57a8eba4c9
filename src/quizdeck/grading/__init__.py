"""Answer checking: is what the student gave right, nearly right, or wrong?

Every public function here takes any string without raising; an empty or
unreadable answer is simply wrong (score 0).

How each kind is graded:

``text``
    Compared after :func:`normalize` (case, punctuation, hyphens, a leading
    article and diacritics do not matter) and then word by word on a
    *spelling key* that folds the usual ways of writing Arabic and Persian
    names in Latin letters: no al-/el- prefix, apostrophes and ʿ dropped,
    doubled letters single, ``dh``/``zh``→``z``, ``q``/``gh``→``k``,
    ``ou``/``oo``/``o``→``u``, ``e`` matching ``a`` or ``i``, ``ei``/``ay``→``ai``,
    ``abdul``→``abd``, ``ibn``/``ben``→``bin``. No other consonants are merged,
    so Iran and Iraq stay apart. Beyond that, typos are forgiven per word by
    length (see :func:`typo_allowance`): none under 5 letters or in a word with
    digits, one edit up to 8 letters, two beyond. Edits are Levenshtein edits
    plus transpositions (rapidfuzz's OSA distance), counted on the spelling
    keys or on the plain words, whichever is fewer; so "Malki" for "Maliki" is
    a typo. A typo costs a little (score :data:`TYPO_SCORE`, note
    :data:`NOTE_TYPO`); one edit more is wrong, noted :data:`NOTE_CLOSE`.
    Every word must match, in order: an answer with a word missing is wrong
    ("Hezbollah" for "Kataib Hezbollah", noted :data:`NOTE_PART`), and so is
    a word with two or more letters added at one end (Sulaymaniyah for
    Sulaimani, Kadhimiya for Kadhimi).
``person``
    As ``text``; the family name alone is also right. The family name is the
    last word (with its al-), or the last two when they form an ``Abdul X``
    name ("Abdul Mehdi"). "Last, First" is read as "First Last".
``number``
    The one number in the answer, written in digits ("1,200", "1.5 million")
    or words ("forty-eight", "one thousand two hundred"), other words ignored.
    No tolerance; two different numbers in one answer is wrong.
``year``
    Exactly the year, as a number ("in 2014") or inside a date; "14" is wrong.
``date``
    See :func:`parse_date`. Compared at the precision of the expected value; a
    less precise answer is wrong ("which day?"), a more precise one is right
    when it falls inside the expected month or year. A full date takes the
    day and month alone when the card's prompt does not ask for the year.
``choice``
    The option text, ignoring case and spacing; or its number (1-based) or
    letter (a, b, ...) in the list of choices when the text is not an option.
``truefalse``
    true/false/t/f/yes/no/y/n, any case.
``order``
    Partial credit is the share of item *pairs* in the right relative order
    (Kendall-style); correct only when every item is there, in order.
``cloze``
    Each blank by its own kind; the score is the mean, correct when all are.
    With ``any_order`` the blanks are a set, each answer counting for the
    blank it fits best.

Text and person answers also forgive titles, an organisation's generic
words or its initials, harmless place words and descriptions, and a
country's people where the question asks which country (see :mod:`.names`).
Every grade carries a ``reason`` saying why it is right or wrong.

The grading is split by job: :mod:`.text` (normalization, spelling keys,
word matching), :mod:`.names` (text and person answers), :mod:`.numbers`
(numbers and years), :mod:`.dates`, :mod:`.lists` (order and cloze) and
:mod:`.verdict` (the :class:`Grade` type and notes). This module dispatches
by kind and grades choice and true/false answers.
"""

from __future__ import annotations

from collections.abc import Sequence

from quizdeck.cards import Blank, Card, Kind
from quizdeck.grading.dates import parse_date
from quizdeck.grading.lists import grade_cloze, grade_order, split_items
from quizdeck.grading.numbers import parse_number
from quizdeck.grading.text import normalize, typo_allowance
from quizdeck.grading.typed import grade_typed
from quizdeck.grading.verdict import (
    NOTE_CLOSE,
    NOTE_PART,
    NOTE_TYPO,
    TYPO_SCORE,
    Grade,
    first,
    light,
)

__all__ = [
    "NOTE_CLOSE",
    "NOTE_PART",
    "NOTE_TYPO",
    "TYPO_SCORE",
    "Grade",
    "grade",
    "grade_answer",
    "grade_cloze",
    "grade_order",
    "normalize",
    "parse_date",
    "parse_number",
    "split_items",
    "typo_allowance",
]

# --- choice and true/false ----------------------------------------------------------------

_TRUE = frozenset({"true", "t", "yes", "y"})
_FALSE = frozenset({"false", "f", "no", "n"})


def _chosen_option(given: str, choices: Sequence[str]) -> str:
    """The option an answer names: its text, else its 1-based number or letter."""
    wanted = light(given)
    if any(light(choice) == wanted for choice in choices):
        return wanted
    if wanted.isdecimal() and len(wanted) <= 3 and 1 <= int(wanted) <= len(choices):
        return light(choices[int(wanted) - 1])
    if len(wanted) == 1 and "a" <= wanted <= "z":
        index = ord(wanted) - ord("a")
        if index < len(choices):
            return light(choices[index])
    return wanted


def _grade_choice(expected: Sequence[str], given: str, choices: Sequence[str]) -> Grade:
    """Grade a multiple-choice answer: the right option, ignoring case and spacing."""
    chosen = _chosen_option(given, choices)
    correct = bool(chosen) and any(light(answer) == chosen for answer in expected)
    reason = "the right option" if correct else "another option"
    return Grade(1.0 if correct else 0.0, correct, "", first(expected), reason)


def _truth(text: str) -> bool | None:
    """True, False, or None for an answer that is neither."""
    word = light(text).strip(" .!")
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    return None


def _grade_truefalse(expected: Sequence[str], given: str) -> Grade:
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


def grade_answer(
    kind: Kind,
    expected: Sequence[str],
    given: str,
    *,
    choices: Sequence[str] = (),
    prompt: str = "",
) -> Grade:
    """Grade one answer to a question of ``kind``; ``expected`` holds every accepted answer.

    For ``order`` the answer is split into items (see :func:`split_items`);
    for ``cloze`` each expected string is one text blank. ``prompt``, the
    question, lets a date card take the day and month alone when it does not
    ask for the year, a "which country" question take the country's people,
    and a place the question names qualify the answer.
    """
    if kind is Kind.ORDER:
        return grade_order(expected, split_items(given))
    if kind is Kind.CLOZE:
        blanks = [Blank(Kind.TEXT, (answer,)) for answer in expected]
        return grade_cloze(blanks, split_items(given), prompt=prompt)
    if kind is Kind.CHOICE:
        return _grade_choice(expected, given, choices)
    if kind is Kind.TRUEFALSE:
        return _grade_truefalse(expected, given)
    return grade_typed(kind, expected, given, prompt)


def grade(card: Card, given: str | Sequence[str]) -> Grade:
    """Grade an answer to ``card``.

    ``order`` and ``cloze`` take a sequence (a string is split with
    :func:`split_items`); the other kinds take a string (a sequence is joined
    with ", ").
    """
    if card.kind in (Kind.ORDER, Kind.CLOZE):
        items = split_items(given) if isinstance(given, str) else list(given)
        if card.kind is Kind.ORDER:
            result = grade_order(card.answers, items)
        else:
            blanks = card.blanks or tuple(Blank(Kind.TEXT, (a,)) for a in card.answers)
            result = grade_cloze(blanks, items, any_order=card.any_order, prompt=card.question)
    else:
        text = given if isinstance(given, str) else ", ".join(given)
        result = grade_answer(
            card.kind, card.answers, text, choices=card.choices, prompt=card.prompt
        )
    return Grade(result.score, result.correct, result.note, card.expected, result.reason)
