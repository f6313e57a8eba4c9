"""Checks that a card's shape fits what it asks.

A text answer that is a date or a number should be graded as one, and one that is a sentence
should be rated by the student (flip) or picked (choice); an order item must not print its own
date; choice options must all be of one sort; a cloze list of blanks ("X, Y and Z") must be
graded as a set.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise

from quizdeck.kinds.flip import is_sentence
from quizdeck.lint.findings import Finding, Level, at
from quizdeck.lint.sorts import Sort, kin, sort_of
from quizdeck.lint.text import YEAR_TOKEN, dates_in
from quizdeck.model import Card, Kind, replace_blanks

#: The kind a text answer of each sort should have.
KIND_FOR = {Sort.YEAR: Kind.YEAR, Sort.DATE: Kind.DATE, Sort.NUMBER: Kind.NUMBER}
#: A month named in an order item: "(May)", "in June"; not a name ("October Revolution").
MONTH = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b\.?(?!\s+[A-Z])"
)
BLANK_MARK = "\x00{}\x00"
#: What comes between blanks listed together: a comma, or "and", "or", "&" before the last.
_COMMA_GAP = re.compile(r"\s*,\s*")
_LAST_GAP = re.compile(r"(?:\s*,\s+|\s+)(?:and|or|&)\s+")
_MARK = re.compile(r"\x00(\d+)\x00")


def text_answer_kind(card: Card) -> list[Finding]:
    """A text answer (or text blank) that is a year, date or number: the kind is wrong."""
    if card.kind is Kind.TEXT and card.answers:
        kind = KIND_FOR.get(sort_of(card.answers[0]))
        if kind is not None:
            message = f"answer '{card.answers[0]}' is a {kind}: make it a {kind} card"
            return [at(card, Level.ERROR, message)]
        return []
    found = []
    for number, blank in enumerate(card.blanks, start=1):
        kind = KIND_FOR.get(sort_of(blank.answers[0])) if blank.answers else None
        if blank.kind is Kind.TEXT and kind is not None:
            message = (
                f"blank {number} '{blank.answers[0]}' is a {kind}: write it {{{{{kind}:...}}}}"
            )
            found.append(at(card, Level.ERROR, message))
    return found


def sentence_answer(card: Card) -> list[Finding]:
    """A text answer that is a sentence (six words or more with a verb, or ten words): no string
    check judges it fairly; the student should rate it (flip) or pick it (choice)."""
    if card.kind is not Kind.TEXT or not card.answers or not is_sentence(card.answers[0]):
        return []
    message = (
        f"answer '{card.answers[0]}' is a sentence no string check can judge: make it a flip "
        "card (the student rates their own answer) or a choice card"
    )
    return [at(card, Level.WARNING, message)]


def _dated(item: str) -> bool:
    full, yearless = dates_in(item)
    return bool(YEAR_TOKEN.search(item) or full or yearless or MONTH.search(item))


def dated_order_items(card: Card) -> list[Finding]:
    """Order items that print their own date or year give the order away."""
    if card.kind is not Kind.ORDER:
        return []
    dated = [item for item in card.answers if _dated(item)]
    if not dated:
        return []
    level = Level.ERROR if len(dated) > 1 else Level.WARNING
    shown = ", ".join(f"'{item}'" for item in dated)
    return [at(card, level, f"order item(s) carry their own date, giving the order away: {shown}")]


def mixed_choices(card: Card) -> list[Finding]:
    """Choice options of another sort than the answer (a year among names) are given away."""
    if card.kind is not Kind.CHOICE or not card.answers:
        return []
    answer_sort = kin(sort_of(card.answers[0]))
    odd = [option for option in card.choices if kin(sort_of(option)) is not answer_sort]
    if not odd:
        return []
    shown = ", ".join(f"'{option}' ({sort_of(option)})" for option in odd)
    message = f"option(s) of another sort than the answer ({answer_sort}): {shown}"
    return [at(card, Level.ERROR, message)]


def _marked(prompt: str) -> str:
    return replace_blanks(prompt, lambda index, _body: BLANK_MARK.format(index))


def blank_lists(marked: str) -> Iterator[list[int]]:
    """The numbers of blanks listed together ("B, B and B") in a prompt marked by ``_marked``.

    One pass over the gaps between blanks: a single regex for the whole list tried every
    blank as a start and read the rest of the list each time (quadratic).
    """
    marks = list(_MARK.finditer(marked))
    gaps = [marked[mark.end() : after.start()] for mark, after in pairwise(marks)]
    first = 0
    while first < len(gaps):
        last = first
        while last < len(gaps) and _COMMA_GAP.fullmatch(gaps[last]):
            last += 1
        if last < len(gaps) and _LAST_GAP.fullmatch(gaps[last]):
            yield [int(mark.group(1)) for mark in marks[first : last + 2]]
            first = last + 2
        else:
            first = last + 1  # a start inside this run of commas fails the same way


def listed_blanks(card: Card) -> list[Finding]:
    """Blanks of one kind listed together ("X, Y and Z") but graded by position."""
    if card.kind is not Kind.CLOZE or card.any_order:
        return []
    found = []
    for indexes in blank_lists(_marked(card.prompt)):
        blanks = [card.blanks[i] for i in indexes if i < len(card.blanks)]
        if len({blank.kind for blank in blanks}) != 1:
            continue
        numbers = ", ".join(str(i + 1) for i in indexes)
        message = (
            f"blanks {numbers} are a list of {blanks[0].kind} answers graded by position: "
            "set any_order = true"
        )
        found.append(at(card, Level.ERROR, message))
    return found


def shape_checks(card: Card) -> list[Finding]:
    """Every shape check on ``card``."""
    return [
        *text_answer_kind(card),
        *sentence_answer(card),
        *dated_order_items(card),
        *mixed_choices(card),
        *listed_blanks(card),
    ]
