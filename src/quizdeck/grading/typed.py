"""Answers the student types (text, person, number, year, date): one grader per kind."""

from __future__ import annotations

from collections.abc import Sequence

from quizdeck.cards import Kind
from quizdeck.grading.dates import grade_date
from quizdeck.grading.names import grade_text
from quizdeck.grading.numbers import grade_number, grade_year
from quizdeck.grading.verdict import Grade, fallback_text, first


def grade_typed(kind: Kind, expected: Sequence[str], given: str) -> Grade:
    """Grade a typed answer of ``kind``; other kinds are compared as written-out text."""
    if not given.strip():
        return Grade(0.0, False, "", first(expected))
    if kind is Kind.TEXT:
        return grade_text(expected, given, person=False)
    if kind is Kind.PERSON:
        return grade_text(expected, given, person=True)
    if kind is Kind.NUMBER:
        return grade_number(expected, given)
    if kind is Kind.YEAR:
        return grade_year(expected, given)
    if kind is Kind.DATE:
        return grade_date(expected, given)
    return fallback_text(expected, given)
