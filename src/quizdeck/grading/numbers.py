"""Numbers and years: read from digits or English words, compared exactly."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from itertools import pairwise

from anyascii import anyascii

from quizdeck.grading.around import NEGATIONS
from quizdeck.grading.dates import parse_date
from quizdeck.grading.numerals import ORDINALS, whole_roman
from quizdeck.grading.text import normalize
from quizdeck.grading.units import before_christ, bound, other_unit
from quizdeck.grading.verdict import Grade, fallback_text, first

# --- numbers ---------------------------------------------------------------------------------

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4,
    "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
}  # fmt: skip
_TEENS = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {
    "dozen": 12,
    "thousand": 10**3,
    "million": 10**6,
    "billion": 10**9,
    "trillion": 10**12,
}
#: Short scales written after digits: "600k", "2bn".
_SUFFIX_SCALES = {"k": 10**3, "bn": 10**9}
_NUMBER_WORDS = frozenset({*_UNITS, *_TEENS, *_TENS, *_SCALES, "hundred"})
#: The cardinal word of each ordinal's value, so that "thirteenth" is read as "thirteen".
_CARDINAL_OF = {value: word for word, value in {**_UNITS, **_TEENS, **_TENS}.items()}

_SPACE_GROUPING = re.compile(r"(?<=\d)[\u00a0\u2009\u202f](?=\d{3}(?!\d))")
_GROUPING = re.compile(r"(?<=\d)[,_'](?=\d{3}(?!\d))")
#: A decimal comma: one or two digits after it ("9,58" is 9.58; "1,200" is a thousands group).
_DECIMAL_COMMA = re.compile(r"(?<=\d),(?=\d{1,2}(?![\d,]))")
#: One thousands group after one to three digits ("42,195"), read as a decimal comma when the
#: card's answer has three decimals (see :func:`_comma_readings`).
_ONE_GROUP = re.compile(r"(?<![\d,.])(\d{1,3}),(\d{3})(?![\d,.])")
#: "600 000": groups of three digits after one of one to three, with plain spaces between.
_PLAIN_SPACE_GROUPS = re.compile(r"(?<![\d.,])(?<!\d )\d{1,3}(?: \d{3})+(?![\d.,])")
#: A minus sign counts only where it cannot be a dash ("2014-2015" is two numbers).
_NUMBER_TOKEN = re.compile(r"(?:(?<![\w.])-)?\d+(?:\.\d+)?|[a-z]+")


class _WordNumber:
    """Builds one number from number words, one word at a time."""

    def __init__(self) -> None:
        self.total = 0  # finished thousand/million groups
        self.group = 0  # the group under a thousand being read
        self.last = ""  # the class of the previous word, "" before the first
        self.scale = 10**15  # the last scale used: later ones must be smaller

    @property
    def started(self) -> bool:
        """Whether any word has been read."""
        return bool(self.last)

    @property
    def value(self) -> float:
        """The number read so far."""
        return float(self.total + self.group)

    def feed(self, word: str) -> bool:
        """Add ``word`` to the number; False (and nothing changed) if it cannot follow."""
        if word in _UNITS:
            return self._add(_UNITS[word], "unit", after=("", "tens", "hundred", "scale"))
        if word in _TEENS:
            return self._add(_TEENS[word], "teen", after=("", "hundred", "scale"))
        if word in _TENS:
            return self._add(_TENS[word], "tens", after=("", "hundred", "scale"))
        if word == "hundred":
            if self.last not in ("unit", "teen") or not 0 < self.group < 100:
                return False
            self.group *= 100
            self.last = "hundred"
            return True
        if word in _SCALES:
            scale = _SCALES[word]
            if self.last in ("", "scale") or scale >= self.scale or self.group == 0:
                return False
            self.total += self.group * scale
            self.group = 0
            self.scale = scale
            self.last = "scale"
            return True
        return False

    def _add(self, amount: int, kind: str, *, after: tuple[str, ...]) -> bool:
        """Add a unit, teen or tens word if it may follow the previous word."""
        if self.last not in after or (self.last and amount == 0):
            return False
        self.group += amount
        self.last = kind
        return True


def _number_tokens(text: str) -> list[str]:
    """Digits, words and minus signs of a text, with thousands separators removed."""
    text = _SPACE_GROUPING.sub("", text)
    text = _PLAIN_SPACE_GROUPS.sub(lambda match: match.group(0).replace(" ", ""), text)
    text = anyascii(text).lower()
    text = _GROUPING.sub("", text)
    return _NUMBER_TOKEN.findall(text)


def _numbers_in(text: str, *, ordinals: bool = False) -> list[float]:
    """Every number written in ``text``, in digits or words, in order.

    With ``ordinals``, an ordinal word is its number ("the thirteenth" century); without, it is
    no number, as where the question counts ("how many": "ninth" does not say nine).
    """
    tokens = _number_tokens(text)
    found: list[float] = []
    words = _WordNumber()
    digits = ""  # the previous token when it was a number in digits ("2" of "2 million")

    def flush() -> None:
        nonlocal words
        if words.started:
            found.append(words.value)
        words = _WordNumber()

    for index, token in enumerate(tokens):
        following = tokens[index + 1] if index + 1 < len(tokens) else ""
        if _is_digits(token):
            flush()
            found.append(_scaled(token, 1))
        elif digits and _multiplier(token) != 1:
            found[-1] = _scaled(digits, _multiplier(token))
        elif token in _NUMBER_WORDS:
            if not words.feed(token):
                flush()
                words.feed(token)
        elif ordinals and token in ORDINALS and not digits and words.last in ("", "tens"):
            # "the thirteenth", "twenty-first"; not "1 second" or "two thirds"
            words.feed(_CARDINAL_OF[ORDINALS[token]])
            flush()
        elif token in ("a", "an") and _multiplier(following) != 1:
            flush()
            words.feed("one")
        elif not (token == "and" and words.started and following in _NUMBER_WORDS):
            flush()
        digits = token if _is_digits(token) else ""
    flush()
    return found


def _is_digits(token: str) -> bool:
    """Whether a number token is written in digits ("48", "-3", "1.5")."""
    return token[:1].isdigit() or token[:1] == "-"


def _multiplier(word: str) -> int:
    """What a word after digits multiplies them by: "2 million", "6 hundred"; else 1."""
    if word == "hundred":
        return 100
    return _SCALES.get(word, _SUFFIX_SCALES.get(word, 1))


def _scaled(digits: str, multiplier: int) -> float:
    """``digits`` ("-1.5") times ``multiplier``, rounded once so that equal values compare equal."""
    if multiplier == 1 or len(digits) > 40:
        return float(digits) * multiplier
    return float(Decimal(digits) * multiplier)


def _distinct(values: Sequence[float]) -> list[float]:
    """The values without repeats, in order."""
    distinct: list[float] = []
    for value in values:
        if value not in distinct:
            distinct.append(value)
    return distinct


def _same_number(a: float, b: float) -> bool:
    """Whether two parsed numbers are the same value: exactly, no tolerance."""
    return a == b


def parse_number(text: str) -> float | None:
    """The one number an answer gives, or None if it gives none or several different ones.

    Digits ("48", "1,200", "-3", "12.5", "1.5 million") and English words
    ("forty-eight", "six hundred", "one thousand two hundred and five",
    "a hundred") are read; other words are ignored ("about 600", "20 seats").
    """
    distinct = _distinct(_numbers_in(text))
    return distinct[0] if len(distinct) == 1 else None


def _denied(text: str) -> bool:
    """Whether an answer denies what it says ("not three")."""
    return any(word in NEGATIONS for word in normalize(text).split())


def _comma_readings(given: str, expected: str) -> list[str]:
    """``given``, and with a decimal comma when ``expected`` is a decimal ("9,58" for 9.58).

    Most of Europe writes a decimal comma, so a card whose answer has decimals also reads one:
    "9,58" is 9.58, and "42,195" is 42.195 when the answer has three decimals (where English
    reads a thousands group). A card whose answer is whole keeps the English reading.
    """
    decimals = expected.strip().partition(".")[2]
    if not decimals.isdigit():
        return [given]
    reading = _DECIMAL_COMMA.sub(".", given)
    if len(decimals) == 3:
        reading = _ONE_GROUP.sub(r"\1.\2", reading)
    return [given, reading]


def _asks_rank(prompt: str) -> bool:
    """Whether the question asks for a rank, so that "thirteenth" answers 13.

    It does when it asks "which" or "what" ("In which century ...?") and does not count ("how
    many": "ninth" does not say nine), or when a cloze writes an ordinal ending after the blank
    ("the {{number:8}}th Crusade").
    """
    words = normalize(prompt).split()
    if any(a == "how" and b in ("many", "much") for a, b in pairwise(words)):
        return False
    endings = ("st", "nd", "rd", "th")  # after "{{number:8}}", or "_____" as the student sees it
    return bool({"which", "what"} & set(words)) or any(
        f"{blank}{ending}" in prompt for blank in ("}}", "_") for ending in endings
    )


def _unit_words(text: str) -> list[str]:
    """The words of an answer as units are read: "8849m" is "8849" and "m"."""
    return _number_tokens(text.replace("'", ""))


def grade_number(expected: Sequence[str], given: str, prompt: str = "") -> Grade:
    """Grade a number answer: exactly the value, no tolerance.

    A Roman numeral alone ("XIV") is read; an answer that denies its number ("not 3") is wrong,
    and so is one in another unit than the question asks for ("50 yards" for "how many
    metres", see :mod:`.units`).
    """
    shown = first(expected)
    if _denied(given):
        return Grade(0.0, False, "", shown, "the answer denied")
    unit = other_unit(_unit_words(given), normalize(prompt).split())
    if unit:
        return Grade(0.0, False, "", shown, f"another unit ({unit})")
    limit = bound(normalize(given).split())
    if limit:
        return Grade(0.0, False, "", shown, f"a bound, not the number ({limit})")
    roman = whole_roman(given)
    ordinals = _asks_rank(prompt)
    for answer in expected:
        right = parse_number(answer)
        for reading in _comma_readings(given, answer):
            found = _numbers_in(reading, ordinals=ordinals)
            if normalize(reading).split()[:1] in (["minus"], ["negative"]):
                found = [-value for value in found]  # "minus forty" is -40
            values = [float(roman)] if roman is not None else _distinct(found)
            if right is not None and len(values) == 1 and _same_number(right, values[0]):
                return Grade(1.0, True, "", shown, "same number")
    read = _numbers_in(given, ordinals=ordinals)
    values = [float(roman)] if roman is not None else _distinct(read)
    if len(values) > 1:
        return Grade(0.0, False, "give one number", shown, "more than one number")
    if not values:
        return fallback_text(expected, given, "not a number")
    return Grade(0.0, False, "", shown, "a different number")  # "-100" is not "100"


# --- years -----------------------------------------------------------------------------------


def _spoken_year(text: str) -> int | None:
    """A year said as two numbers in words: "nineteen eighty-four", "twenty twenty-one"."""
    if any(char.isdigit() for char in text):
        return None
    numbers = _numbers_in(text)
    if len(numbers) != 2:
        return None
    century, rest = numbers
    if 10 <= century <= 99 and 10 <= rest <= 99 and century.is_integer() and rest.is_integer():
        return int(century * 100 + rest)
    return None


def _given_year(text: str) -> float | None:
    """The year an answer gives: a lone number, a spoken year, or the year of a date."""
    number = parse_number(text)
    if number is not None:
        return number
    spoken = _spoken_year(text)
    if spoken is not None:
        return spoken
    date = parse_date(text)
    return float(date[0]) if date else None


def grade_year(expected: Sequence[str], given: str, prompt: str = "") -> Grade:
    """Grade a year answer: exactly the year (also in Roman numerals); never one denied, nor
    one put before Christ ("1170 BC") where the question does not count years BC."""
    shown = first(expected)
    if _denied(given):
        return Grade(0.0, False, "", shown, "the answer denied")
    if before_christ(normalize(given).split(), normalize(prompt).split()):
        return Grade(0.0, False, "", shown, "a year before Christ")
    limit = bound(normalize(given).split())
    if limit:
        return Grade(0.0, False, "", shown, f"a bound, not the year ({limit})")
    roman = whole_roman(given)
    year = float(roman) if roman is not None else _given_year(given)
    if year is None:
        return fallback_text(expected, given, "not a year")
    for answer in expected:
        right = parse_number(answer)
        if right is not None and _same_number(right, year):
            return Grade(1.0, True, "", shown, "same year")
    for answer in expected:
        right = parse_number(answer)
        if right is not None and 0 <= year < 100 and right >= 1000 and right % 100 == year:
            return Grade(0.0, False, "give the full year", shown, "a year in two digits")
    return Grade(0.0, False, "", shown, "a different year")
