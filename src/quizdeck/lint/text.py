"""Words, numbers and dates in text, read the way grading reads them."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from quizdeck.grading.dates import parse_date
from quizdeck.grading.numbers import parse_number
from quizdeck.grading.text import normalize

#: Share of a statement's content words that must be in the cited paragraphs.
CONTENT_SHARE = 0.6
#: Shortest word counted as a content word.
CONTENT_LENGTH = 4
#: Longest run of words read as one number or date ("the 7th of November 2021").
WINDOW = 5

_STOPWORD_TEXT = """
    about above after again against also among because been before being below between
    both could does doing down during each either even from further have having here into
    itself just like made make many more most much must only other over same should since
    some such than that their theirs them then there these they this those though through
    under until upon very were what when where which while whom whose will with within
    would your true false following every
    article author writer argues says writes states notes reports
"""
#: Words left out of the content-word test: common ones, and words about the
#: statement or the article rather than the facts.
STOPWORDS = frozenset(_STOPWORD_TEXT.split())

POSSESSIVE = re.compile(r"(?<=\w)['’]s\b")
SCALE_WORDS = frozenset({"hundred", "thousand", "million", "billion", "and"})
YEAR_TOKEN = re.compile(r"(?<!\d)\d{4}(?!\d)")
CLAUSE_END = re.compile(r"[;:!?]\W*$|\d\.\W*$")
DATE_NUMBER = re.compile(r"^\d{1,4}(st|nd|rd|th)?$|^\d{1,4}([-/.]\d{1,4}){1,2}$", re.IGNORECASE)
Date = tuple[int, int | None, int | None]
EDGE_PUNCTUATION = "\"'“”‘’«»()[]{},.;:!?%$€£*"


@lru_cache(maxsize=4096)
def words(text: str) -> tuple[str, ...]:
    """The words of ``text`` after grading's normalization."""
    return tuple(re.findall(r"[^\W_]+", normalize(text)))


def has_phrase(text: str, phrase: str) -> bool:
    """Whether ``phrase`` occurs in ``text`` as a whole-word sequence, both normalized.

    A possessive in ``text`` may be read either way: "Kadhimi's" holds "Kadhimi".
    """
    needle = f" {' '.join(words(phrase))} "
    if not needle.strip():
        return False
    plain = POSSESSIVE.sub("", text)
    return any(needle in f" {' '.join(words(form))} " for form in (text, plain))


def _raw_tokens(text: str) -> list[str]:
    """Tokens for reading numbers and dates: split at spaces, dashes and word hyphens."""
    text = re.sub(r"(?<=[^\W\d_])-(?=[^\W\d_])|[–—]", " ", text)
    tokens = (token.strip(EDGE_PUNCTUATION) for token in text.split())
    return [token for token in tokens if token]


def _windows(tokens: Sequence[str], size: int = WINDOW) -> Iterable[tuple[int, int]]:
    """(start, end) of every run of up to ``size`` tokens."""
    for start in range(len(tokens)):
        for end in range(start + 1, min(start + size, len(tokens)) + 1):
            yield start, end


def is_number_word(token: str) -> bool:
    return parse_number(token) is not None or token.casefold() in SCALE_WORDS


@lru_cache(maxsize=1024)
def numbers_in(text: str) -> frozenset[float]:
    """Every number ``text`` names, in digits or words (each run of words that reads as one)."""
    tokens = _raw_tokens(text)
    found = set()
    for start, end in _windows(tokens, 4):
        value = parse_number(" ".join(tokens[start:end]))
        if value is not None:
            found.add(float(value))
    return frozenset(found)


def stated_numbers(text: str) -> list[tuple[str, float]]:
    """The numbers a statement states, longest reading first ("twenty two" is 22, not 20 and 2).

    A lone "one" is left out: it is more often a pronoun than a number.
    """
    tokens = _raw_tokens(text)
    found: list[tuple[str, float]] = []
    start = 0
    while start < len(tokens):
        end = start
        if tokens[start].casefold() == "and":
            start += 1
            continue
        while end < len(tokens) and is_number_word(tokens[end]):
            end += 1
        while end > start and (
            tokens[end - 1].casefold() == "and" or parse_number(" ".join(tokens[start:end])) is None
        ):
            end -= 1
        phrase = " ".join(tokens[start:end])
        if end > start and phrase.casefold() != "one":
            found.append((phrase, float(parse_number(phrase) or 0)))
        start = max(end, start + 1)
    return found


def has_number(text: str, value: float) -> bool:
    return any(math.isclose(value, number) for number in numbers_in(text))


@lru_cache(maxsize=4096)
def is_date_word(token: str) -> bool:
    """Whether ``token`` can be part of a written date: a day, year, month name, "of", "the"."""
    if DATE_NUMBER.match(token) or token.casefold() in ("of", "the"):
        return True
    if not token.isalpha():
        return False
    month = parse_date(f"{token} 2000")
    return month is not None and month[1] is not None


def _date_runs(text: str) -> list[list[str]]:
    """The runs of consecutive date words in ``text``: each may hold a date.

    A run also ends at the end of a clause: ";", ":", "!", "?", or "." after a number.
    """
    runs: list[list[str]] = [[]]
    for raw in text.split():
        token = raw.strip(EDGE_PUNCTUATION)
        if token and is_date_word(token):
            runs[-1].append(token)
        elif runs[-1]:
            runs.append([])
        if runs[-1] and CLAUSE_END.search(raw):
            runs.append([])
    return [run for run in runs if run]


@lru_cache(maxsize=1024)
def dates_in(text: str) -> tuple[frozenset[Date], frozenset[tuple[int, int]]]:
    """The dates ``text`` names, and the (month, day) pairs it names without any year."""
    full: set[Date] = set()
    yearless: set[tuple[int, int]] = set()
    for run in _date_runs(text):
        has_year = any(YEAR_TOKEN.search(token) for token in run)
        for start, end in _windows(run):
            phrase = " ".join(run[start:end])
            parsed = parse_date(phrase if has_year else f"{phrase} 2000")
            if parsed is not None and has_year:
                full.add(parsed)
            elif parsed is not None and parsed[1] is not None and parsed[2] is not None:
                yearless.add((parsed[1], parsed[2]))
    return frozenset(full), frozenset(yearless)


def names_date(text: str, target: Date) -> bool:
    """Whether ``text`` names ``target`` at its precision; "November 7" counts for a full date."""
    year, month, day = target
    full, yearless = dates_in(text)
    if month is None:
        return str(year) in words(text)
    if day is None:
        return any(found[:2] == (year, month) for found in full)
    return target in full or (month, day) in yearless


def stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s", "ly"):
        if word.endswith(suffix) and len(word) - len(suffix) >= CONTENT_LENGTH:
            return word[: -len(suffix)]
    return word


def content_words(text: str) -> list[str]:
    """The words of ``text`` that carry its meaning: not stopwords, not numbers, 4+ letters."""
    return [
        word
        for word in dict.fromkeys(words(POSSESSIVE.sub("", text)))
        if len(word) >= CONTENT_LENGTH and word not in STOPWORDS and parse_number(word) is None
    ]
