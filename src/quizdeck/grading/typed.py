"""Answers the student types (text, person, number, year, date): one grader per kind."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from quizdeck.grading.dates import grade_date
from quizdeck.grading.names import grade_text
from quizdeck.grading.numbers import grade_number, grade_year
from quizdeck.grading.verdict import Grade, fallback_text, first
from quizdeck.model import Kind

NOTE_SCRIPT = "answer in Latin letters"


def _has_other_script(text: str) -> bool:
    """Whether ``text`` has letters of a script other than Latin (Arabic, Cyrillic, ...)."""
    return any(
        char.isalpha() and not unicodedata.name(char, "").startswith(("LATIN", "MODIFIER"))
        for char in text
    )


def grade_typed(kind: Kind, expected: Sequence[str], given: str, prompt: str = "") -> Grade:
    """Grade a typed answer of ``kind``; other kinds are compared as written-out text.

    An answer in another script than every accepted answer's is wrong with the
    note :data:`NOTE_SCRIPT`, not graded as a transliteration.
    """
    if not given.strip():
        return Grade(0.0, False, "", first(expected), "no answer")
    if _has_other_script(given) and not any(_has_other_script(answer) for answer in expected):
        return Grade(0.0, False, NOTE_SCRIPT, first(expected), "written in another script")
    if kind is Kind.TEXT:
        return grade_text(expected, given, person=False, prompt=prompt)
    if kind is Kind.PERSON:
        return grade_text(expected, given, person=True, prompt=prompt)
    if kind is Kind.NUMBER:
        return grade_number(expected, given)
    if kind is Kind.YEAR:
        return grade_year(expected, given)
    if kind is Kind.DATE:
        return grade_date(expected, given, prompt)
    return fallback_text(expected, given)
