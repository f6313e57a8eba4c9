"""Answers the student types (text, person, number, year, date): one grader per kind."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Protocol

from quizdeck.grading.dates import grade_date
from quizdeck.grading.entities import Glossary
from quizdeck.grading.names import grade_text
from quizdeck.grading.numbers import grade_number, grade_year
from quizdeck.grading.verdict import Grade, first

NOTE_SCRIPT = "answer in Latin letters"


class TypedGrader(Protocol):
    """Grades one typed answer: (accepted answers, the answer given, the question) → a grade.

    ``glossary`` lists the entities a deck knows, each by all its names (see
    :mod:`.entities`): text and person answers naming another of them are wrong.
    """

    def __call__(
        self, expected: Sequence[str], given: str, prompt: str = "", *, glossary: Glossary = ()
    ) -> Grade: ...


def text_answer(
    expected: Sequence[str], given: str, prompt: str = "", *, glossary: Glossary = ()
) -> Grade:
    """A word or phrase, graded leniently (see :mod:`.claims` and :mod:`.names`)."""
    return grade_text(expected, given, person=False, prompt=prompt, glossary=glossary)


def person_answer(
    expected: Sequence[str], given: str, prompt: str = "", *, glossary: Glossary = ()
) -> Grade:
    """A name: the family name alone also counts."""
    return grade_text(expected, given, person=True, prompt=prompt, glossary=glossary)


def number_answer(
    expected: Sequence[str], given: str, prompt: str = "", *, glossary: Glossary = ()
) -> Grade:
    """A number, in digits or words, in the unit the question asks for."""
    return grade_number(expected, given, prompt)


def year_answer(
    expected: Sequence[str], given: str, prompt: str = "", *, glossary: Glossary = ()
) -> Grade:
    """A year."""
    return grade_year(expected, given, prompt)


def date_answer(
    expected: Sequence[str], given: str, prompt: str = "", *, glossary: Glossary = ()
) -> Grade:
    """A date at the precision of the expected one."""
    return grade_date(expected, given, prompt)


def _has_other_script(text: str) -> bool:
    """Whether ``text`` has letters of a script other than Latin (Arabic, Cyrillic, ...)."""
    return any(
        char.isalpha() and not unicodedata.name(char, "").startswith(("LATIN", "MODIFIER"))
        for char in text
    )


def grade_typed(
    grader: TypedGrader,
    expected: Sequence[str],
    given: str,
    prompt: str = "",
    *,
    glossary: Glossary = (),
) -> Grade:
    """Grade a typed answer with ``grader`` (one of this module's ``*_answer`` functions).

    An empty answer is wrong; an answer in another script than every accepted answer's is
    wrong with the note :data:`NOTE_SCRIPT`, not graded as a transliteration. ``glossary``
    is the deck's entities (see :class:`TypedGrader`).
    """
    if not given.strip():
        return Grade(0.0, False, "", first(expected), "no answer")
    if _has_other_script(given) and not any(_has_other_script(answer) for answer in expected):
        return Grade(0.0, False, NOTE_SCRIPT, first(expected), "written in another script")
    return grader(expected, given, prompt, glossary=glossary)
