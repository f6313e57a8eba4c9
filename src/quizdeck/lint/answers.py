"""What a card's answer is, and whether a text holds it or backs a statement."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from quizdeck.grading.dates import parse_date
from quizdeck.grading.numbers import parse_number
from quizdeck.kinds import grade_answer
from quizdeck.lint.text import (
    CONTENT_SHARE,
    POSSESSIVE,
    content_words,
    has_number,
    has_phrase,
    names_date,
    stated_numbers,
    stem,
    words,
)
from quizdeck.model import Card, Kind


def answer_kind(card: Card) -> Kind:
    """The kind a card's answer is graded as (a choice card's answer by its sort)."""
    if card.kind is not Kind.CHOICE:
        return card.kind
    from quizdeck.session.distractors import answer_sort

    return answer_sort(card)


def variants(kind: Kind, answers: Sequence[str]) -> list[str]:
    """The answers to look for: each accepted one, and for a person the family name alone."""
    found = list(answers)
    if kind is Kind.PERSON:
        for answer in answers:
            names = words(answer)
            for size in (1, 2):
                family = " ".join(names[-size:])
                if len(names) > size and grade_answer(kind, list(answers), family).correct:
                    found.append(family)
    return list(dict.fromkeys(found))


def answer_in(kind: Kind, answers: Sequence[str], text: str) -> bool:
    """Whether ``text`` contains one of ``answers`` (or a form grading treats the same)."""
    if kind is Kind.NUMBER:
        values = (parse_number(answer) for answer in answers)
        return any(value is not None and has_number(text, value) for value in values)
    if kind is Kind.YEAR:
        years = (parse_number(answer) for answer in answers)
        return any(year is not None and str(int(year)) in words(text) for year in years)
    if kind is Kind.DATE:
        dates = (parse_date(answer) for answer in answers)
        return any(date is not None and names_date(text, date) for date in dates)
    return any(has_phrase(text, variant) for variant in variants(kind, answers))


@dataclass(frozen=True)
class Support:
    """How well a statement's key content is backed by a text."""

    missing_numbers: tuple[str, ...]
    missing_words: tuple[str, ...]
    share: float

    @property
    def ok(self) -> bool:
        return not self.missing_numbers and self.share >= CONTENT_SHARE

    def describe(self) -> str:
        missing = [*self.missing_numbers, *self.missing_words]
        return f"missing: {', '.join(missing)}" if missing else "too little of it found"


def spelled_alike(word: str, candidates: Iterable[str]) -> bool:
    """Whether grading would take one of ``candidates`` for ``word`` (a variant or a typo)."""
    return any(
        candidate[:1] == word[:1]
        and abs(len(candidate) - len(word)) <= 2
        and grade_answer(Kind.TEXT, [word], candidate).correct
        for candidate in candidates
    )


def support(statement: str, text: str) -> Support:
    """Every number of ``statement`` must be in ``text``, and most of its content words.

    Words match on a rough stem ("attacked" for "attack"), or when grading would
    accept the text's spelling ("Malki" for "Maliki").
    """
    missing_numbers = tuple(
        phrase for phrase, value in stated_numbers(statement) if not has_number(text, value)
    )
    present = set(words(text)) | set(words(POSSESSIVE.sub("", text)))
    stems = {stem(word) for word in present}
    wanted = content_words(statement)
    missing_words = tuple(
        word for word in wanted if stem(word) not in stems and not spelled_alike(word, present)
    )
    if not wanted:
        share = 1.0 if stated_numbers(statement) or has_phrase(text, statement) else 0.0
    else:
        share = 1 - len(missing_words) / len(wanted)
    return Support(missing_numbers, missing_words, share)
