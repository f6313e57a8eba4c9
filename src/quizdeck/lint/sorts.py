"""What sort of value a short text is: a year, a decade, a date, a number, or words."""

from __future__ import annotations

import re
from enum import Enum
from functools import lru_cache

from quizdeck.grading.dates import parse_date
from quizdeck.grading.numbers import parse_number
from quizdeck.lint.text import EDGE_PUNCTUATION, is_date_word, is_number_word

#: Words that may lead a value without changing its sort ("in 2003", "about 40").
LEADING = frozenset({"in", "the", "on", "about", "around", "some", "by"})
YEAR = re.compile(r"(1\d|20)\d\d")
DECADE = re.compile(r"(1\d|20)\d0['’]?s|['’]?\d0s")
#: Years a text may hold; wider than any deck needs, narrow enough to leave counts alone.
YEARS = range(1000, 2101)


class Sort(str, Enum):
    """The sort of a value, as a student would tell it apart from another."""

    YEAR = "year"
    DECADE = "decade"
    DATE = "date"
    NUMBER = "number"
    WORDS = "words"

    def __str__(self) -> str:
        return self.value


#: Sorts that may stand side by side as options without giving one away.
KIN = {Sort.DECADE: Sort.YEAR}


def _tokens(text: str) -> list[str]:
    tokens = [token.strip(EDGE_PUNCTUATION) for token in text.split()]
    tokens = [token for token in tokens if token]
    while tokens and tokens[0].casefold() in LEADING:
        tokens = tokens[1:]
    return tokens


def _is_date(tokens: list[str]) -> bool:
    """Whether ``tokens`` are a date with a month and a day or a year ("June 30", "May 2021")."""
    if not tokens or not all(is_date_word(token) for token in tokens):
        return False
    phrase = " ".join(tokens)
    parsed = parse_date(phrase) or parse_date(f"{phrase} 2000")
    if parsed is None or parsed[1] is None:
        return False
    return parsed[2] is not None or any(YEAR.fullmatch(token) for token in tokens)


@lru_cache(maxsize=4096)
def sort_of(text: str) -> Sort:
    """The sort of ``text``; anything that is not wholly a year, date or number is words."""
    tokens = _tokens(text)
    if len(tokens) == 1 and YEAR.fullmatch(tokens[0]) and int(tokens[0]) in YEARS:
        return Sort.YEAR
    if len(tokens) == 1 and DECADE.fullmatch(tokens[0]):
        return Sort.DECADE
    if _is_date(tokens):
        return Sort.DATE
    numeric = tokens and all(is_number_word(token) for token in tokens)
    if numeric and parse_number(" ".join(tokens)) is not None:
        return Sort.NUMBER
    return Sort.WORDS


def kin(sort: Sort) -> Sort:
    """The sort ``sort`` counts as beside other options."""
    return KIN.get(sort, sort)
