"""The forms a student recognises an answer in, and the text a card shows, as word tokens.

Both sides are read into the same tokens (:func:`tokens`): lower-case ASCII words,
numbers in digits ("forty-eight" and "48" are ``48``), months in full ("Nov." is
``november``), ordinals without their suffix ("7th" is ``7``), numeric dates written
out ("2021-11-07" is ``7 november 2021``), a plural's final s dropped and small words
("the", "of", "al-") left out. An answer's forms (:func:`answer_forms`) are token runs:
a number or year as one token, a date as its day and month in either order (or month
and year), a person also by the family name, a group also by its distinctive name and
its initials. Finding a form in another card's tokens is then a run comparison, with
no grading per pair (see :mod:`quizdeck.decks.giveaways`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from quizdeck.grading.dates import parse_date
from quizdeck.grading.numbers import parse_number
from quizdeck.grading.organisations import GENERIC_WORDS
from quizdeck.model import TYPED_KINDS, Card, Kind, text_around_blanks

MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip
_MONTH_OF = {name: name for name in MONTHS} | {name[:3]: name for name in MONTHS}
_MONTH_OF["sept"] = "september"
#: Words left out on both sides: they never tell one answer from another.
SMALL = frozenset({"the", "a", "an", "of", "al", "el", "ul", "th", "st", "nd", "rd"})
_NUMBER_WORDS = frozenset({
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    "hundred", "thousand", "million", "billion",
})  # fmt: skip
_GENERIC = frozenset(word.removesuffix("s") for word in GENERIC_WORDS)
#: Everyday words that are also answers (a month, initials, "none"): alone, such a token tells
#: nothing, since every text has them ("IS" for Islamic State is the verb "is").
EVERYDAY = frozenset({
    "am", "an", "as", "at", "be", "by", "do", "go", "he", "if", "in", "is", "it", "me", "my",
    "no", "of", "on", "or", "so", "to", "up", "us", "we", "all", "and", "any", "are", "but",
    "can", "for", "had", "has", "her", "him", "his", "its", "may", "not", "now", "one", "our",
    "out", "she", "the", "was", "who", "why", "yes", "you", "also", "none", "some", "that",
    "then", "they", "this", "were", "what", "when", "will", "with", "march", "nothing",
})  # fmt: skip
_POSSESSIVE = re.compile(r"(?<=\w)['’]s\b")
_GROUPING = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_ORDINAL = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)\b", re.IGNORECASE)
_NUMERIC_DATE = re.compile(r"\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}/\d{1,2}/\d{4}\b")
_TOKEN = re.compile(r"\d+(?:\.\d+)?|[a-z]+")
_APOSTROPHES = re.compile(r"['`’‘ʿʾ]")
#: "Who ..." asks for a person: a choice card's answer is then read as a name.
_WHO = re.compile(r"^\s*who\b", re.IGNORECASE)


def _written_date(match: re.Match[str]) -> str:
    parsed = parse_date(match.group(0))
    if parsed is None:
        return match.group(0)
    year, month, day = parsed
    if month is None or day is None:
        return match.group(0)
    return f"{day} {MONTHS[month - 1]} {year}"


def _ascii(text: str) -> str:
    if text.isascii():
        return text.lower()
    from anyascii import anyascii

    return anyascii(text).lower()


class _Canonical(dict[str, str]):
    """Each word's token, worked out once per word: "" for a small word, a month in full,
    a plural's final s dropped."""

    def __missing__(self, word: str) -> str:
        token = _MONTH_OF.get(word, word)
        if word in SMALL:
            token = ""
        elif len(word) > 3 and word[-1] == "s" and word[-2] != "s" and word.isalpha():
            token = word[:-1]
        self[word] = token
        return token


_CANONICAL = _Canonical()
#: :data:`EVERYDAY` as tokens ("this" is ``thi``, as a plural's final s is dropped).
_EVERYDAY_TOKENS = frozenset(_CANONICAL[word] for word in EVERYDAY) - {""}
_QUOTES = re.compile(r"['`’‘ʿʾ]")
_DIGIT = re.compile(r"\d")


def number_token(value: float) -> str:
    """A number as one token: ``48``, ``1.5``."""
    return str(int(value)) if value == int(value) else repr(value)


def tokens(text: str) -> list[str]:
    """``text`` as the tokens answers are looked for in (see the module's docstring)."""
    if _QUOTES.search(text):
        text = _POSSESSIVE.sub("", text)
    if _DIGIT.search(text):
        text = _NUMERIC_DATE.sub(_written_date, _ORDINAL.sub(r"\1", _GROUPING.sub("", text)))
    text = _ascii(text)
    if _QUOTES.search(text):
        text = _APOSTROPHES.sub("", text)
    raw = _TOKEN.findall(text)
    if _NUMBER_WORDS.isdisjoint(raw):
        return [token for token in map(_CANONICAL.__getitem__, raw) if token]
    return _with_numbers(raw)


#: Where :func:`tokens` reads digits otherwise than as plain words: digits against letters
#: (7th, x7), a number with a comma, point, slash or dash inside (1,000; 1.5; 7/11/2021).
_GLUED_DIGITS = re.compile(r"(?<=[a-zA-Z])\d|\d(?=[a-zA-Z]|[,./\-]\d)")
#: Bytes as lower-case letters and digits, anything else a space.
_PLAIN_BYTES = bytes(
    byte + 32 if 65 <= byte <= 90 else byte if 48 <= byte <= 57 or 97 <= byte <= 122 else 32
    for byte in range(256)
)
_NOT_DIGITS = bytes(byte for byte in range(256) if not 48 <= byte <= 57)


def plain_words(text: str) -> list[bytes] | None:
    """:func:`plain_text`'s words."""
    data = plain_text(text)
    return None if data is None else data.split()


def plain_text(text: str) -> bytes | None:
    """The words of ``text`` (lower-case ASCII bytes) when :func:`tokens` reads them as they
    are, before a word's own token (a month in full, a plural's s dropped, number words); None
    when it reads them otherwise (non-ASCII, apostrophes, see ``_GLUED_DIGITS``).

    A quick first look, with no Python step per word: a text none of whose plain words
    can be a wanted token (see :func:`word_candidates`) has none of those tokens. The words
    come separated by spaces (anything else than letters and digits is one).
    """
    if not text.isascii() or "'" in text or "`" in text:
        return None
    data = text.encode()
    if data.translate(None, _NOT_DIGITS) and _GLUED_DIGITS.search(text):
        return None
    return data.translate(_PLAIN_BYTES)


def word_candidates(wanted: Iterable[str]) -> frozenset[bytes]:
    """Every plain word whose token may be one of ``wanted``: the token itself, its plural, a
    month's short names, and every number word when a number is wanted."""
    return frozenset(word.encode() for word in candidate_words(wanted))


def candidate_words(wanted: Iterable[str]) -> frozenset[str]:
    """:func:`word_candidates` as text."""
    found = set(wanted)
    found.update([token + "s" for token in found])
    for word, month in _MONTH_OF.items():
        if month in found:
            found.add(word)
    if any(token[:1].isdigit() for token in found):
        found.update(_NUMBER_WORDS)
    return frozenset(word for word in found if word.isascii())


def _with_numbers(raw: list[str]) -> list[str]:
    """Tokens of words some of which are number words: each run of them read as one number."""
    found: list[str] = []
    run: list[str] = []
    for word in raw:
        if word in _NUMBER_WORDS or (run and word == "and"):
            run.append(word)
            continue
        if run:
            found += _number_run(run)
            run = []
        token = _CANONICAL[word]
        if token:
            found.append(token)
    if run:
        found += _number_run(run)
    return found


def _number_run(run: list[str]) -> list[str]:
    """A run of number words as one number token ("forty eight" is 48); a lone "one" stays."""
    trailing_and = run[-1] == "and"
    words = run[:-1] if trailing_and else run
    value = parse_number(" ".join(words)) if words != ["one"] else None
    kept = [number_token(value)] if value is not None else [_CANONICAL[w] for w in words]
    return kept + (["and"] if trailing_and else [])


class Form(NamedTuple):
    """One way an answer can be shown: its tokens, and how a report writes it."""

    tokens: tuple[str, ...]
    text: str
    #: A part of the answer that names it (a family name, a group's distinctive name or
    #: initials), not the answer whole.
    part: bool = False


def _number_forms(answer: str, kind: Kind) -> Iterator[Form]:
    digits = answer.strip()
    if digits.isascii() and digits.isdigit():  # most numbers and years: no need to parse
        yield Form((str(int(digits)),), str(int(digits)))
        return
    value = parse_number(answer)
    if value is not None and (kind is not Kind.YEAR or value == int(value)):
        token = number_token(value)
        yield Form((token,), token)


_ISO_DATE = re.compile(r"\s*(\d{4})-(\d\d)-(\d\d)\s*")


def _date(answer: str) -> tuple[int, int | None, int | None] | None:
    """``parse_date(answer)``, quicker for an ISO date whose day every month has."""
    iso = _ISO_DATE.fullmatch(answer)
    if iso is not None and 1 <= int(iso[2]) <= 12 and 1 <= int(iso[3]) <= 28:
        return int(iso[1]), int(iso[2]), int(iso[3])
    return parse_date(answer)


def _date_forms(answer: str) -> Iterator[Form]:
    parsed = _date(answer)
    if parsed is None:
        return
    year, month, day = parsed
    if month is None:
        yield Form((str(year),), str(year))
        return
    name = MONTHS[month - 1]
    if day is None:
        yield Form((name, str(year)), f"{name.title()} {year}")
        return
    yield Form((str(day), name), f"{day} {name.title()}", part=True)
    yield Form((name, str(day)), f"{name.title()} {day}", part=True)


def _name_words(answer: str) -> list[str]:
    """The answer's words as written, small words left out (for a report's text)."""
    words = re.split(r"[\s\-‐]+", answer.strip())
    stripped = [word.strip(".,;:()'\"") for word in words if word]
    return [word for word in stripped if word.lower() not in SMALL]


@functools.lru_cache(maxsize=64)
def token_tuple(text: str) -> tuple[str, ...]:
    """:func:`tokens` as a tuple, kept for the last texts read (a deck's table reads an
    answer's tokens for its forms and for its own answer)."""
    return tuple(tokens(text))


def _text_forms(answer: str, *, person: bool) -> Iterator[Form]:
    whole = token_tuple(answer)
    if not whole:
        return
    if len(whole) == 1 and whole[0][0].isdigit():
        yield Form(whole, whole[0])
        return
    yield Form(whole, answer.strip())
    written = _name_words(answer)
    if len(whole) < 2 or len(written) != len(whole):
        return
    capitalised = all(w[:1].isupper() or not w[:1].isalpha() for w in written)
    if person and capitalised:
        size = 2 if whole[-2] in ("abdul", "abd", "abdel") else 1
        family = whole[-size:]
        if len("".join(family)) >= 3:
            yield Form(family, " ".join(written[-size:]), part=True)
        return
    generic = [i for i, token in enumerate(whole) if token in _GENERIC]
    distinctive = [i for i in range(len(whole)) if i not in generic]
    if generic and distinctive and len("".join(whole[i] for i in distinctive)) >= 4:
        part = " ".join(written[i] for i in distinctive)
        yield Form(tuple(whole[i] for i in distinctive), part, part=True)
    if capitalised and not person:
        initials = "".join(token[0] for token in whole if token != "and")
        if 2 <= len(initials) <= 6:
            yield Form((initials,), initials.upper(), part=True)


def value_forms(kind: Kind, answer: str, *, person: bool = False) -> list[Form]:
    """The forms of one answer graded as ``kind``."""
    if kind in (Kind.NUMBER, Kind.YEAR):
        return list(_number_forms(answer, kind))
    if kind is Kind.DATE:
        return list(_date_forms(answer))
    forms = list(_text_forms(answer, person=person or kind is Kind.PERSON))
    return [form for form in forms if _telling(form)]


def _telling(form: Form) -> bool:
    """Whether a form can tell an answer apart: initials, a number, or a word of three letters
    or more; never one everyday word alone (see :data:`EVERYDAY`)."""
    if len(form.tokens) == 1 and form.tokens[0] in _EVERYDAY_TOKENS:
        return False
    return form.part or any(token[0].isdigit() or len(token) >= 3 for token in form.tokens)


def answer_forms(card: Card) -> list[Form]:
    """Every form ``card``'s answer may be shown in, most telling first; none for true/false,
    order and match cards (their answer is a verdict, an order, a pairing)."""
    forms: list[Form] = []
    if card.kind in (Kind.TEXT, Kind.PERSON) and card.answers:
        forms += value_forms(card.kind, card.answers[0])  # accepted variants are too loose
    elif card.kind in TYPED_KINDS:
        for answer in card.answers:
            forms += value_forms(card.kind, answer)
    elif card.kind is Kind.CHOICE and card.answers:
        answer = card.answers[0]
        kind = Kind.TEXT
        if _DIGIT.search(answer):  # a date has a year, a number here digits
            kind = Kind.DATE if parse_date(answer) and not answer.strip().isdigit() else Kind.TEXT
            if parse_number(answer) is not None and answer.strip().replace(",", "").isdigit():
                kind = Kind.NUMBER
        forms += value_forms(kind, answer, person=bool(_WHO.match(card.prompt)))
    elif card.kind is Kind.CLOZE:
        for blank in card.blanks:
            if blank.answers:
                forms += value_forms(blank.kind, blank.answers[0])
    return forms if len(forms) < 2 else list(dict.fromkeys(forms))


class Shown(NamedTuple):
    """A text a card shows: which field, whether before it is answered, the text, and whether
    it is the card's own answer (the same answer on two cards is the siblings' business)."""

    field: str
    before: bool
    text: str
    own: bool = False


def shown_texts(card: Card) -> Iterator[Shown]:
    """What ``card`` shows: before it is answered (prompt, options, items, pairs, the cloze
    text around its blanks) and after (the shown answer, correction, explanation)."""
    if card.kind is Kind.CLOZE:
        for piece in text_around_blanks(card.prompt):
            yield Shown("prompt", True, piece)
    else:
        yield Shown("prompt", True, card.prompt)
    right = card.answers[0] if card.kind is Kind.CHOICE and card.answers else None
    for option in card.choices:
        yield Shown("option", True, option, option == right)
    if card.kind is Kind.ORDER:
        for item in card.answers:
            yield Shown("item", True, item)
    for left, partner in card.pairs:
        yield Shown("pair", True, left)
        yield Shown("pair", True, partner)
    if card.kind in TYPED_KINDS and card.answers:
        yield Shown("answer", False, card.answers[0], True)
    for blank in card.blanks:
        if blank.answers:
            yield Shown("answer", False, blank.answers[0], True)
    if card.correction:
        yield Shown("correction", False, card.correction)
    if card.explanation:
        yield Shown("explanation", False, card.explanation)
