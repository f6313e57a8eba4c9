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
    when it falls inside the expected month or year.
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
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import IntEnum

from anyascii import anyascii
from rapidfuzz.distance import OSA

from quizdeck.cards import Blank, Card, Kind

#: Score of a right answer with a forgiven typo.
TYPO_SCORE = 0.9

NOTE_TYPO = "almost: check the spelling"
NOTE_CLOSE = "close, but not quite"
NOTE_PART = "only part of the name"


@dataclass(frozen=True)
class Grade:
    """The verdict on one answer."""

    score: float  # 0..1
    correct: bool
    note: str = ""  # short, for near misses; "" otherwise
    expected: str = ""  # the canonical right answer as shown to the student


# --- text normalization -------------------------------------------------------------------

_ARTICLES = frozenset({"the", "a", "an"})
#: anyascii writes every apostrophe-like mark (’ ʿ ʾ ʻ ´ ...) as one of these.
_APOSTROPHES = re.compile(r"['`]")
_DOTTED_ACRONYM = re.compile(r"\b[a-z](?:\.[a-z])+\b\.?")
_NON_WORD = re.compile(r"[^a-z0-9]+")


def normalize(text: str) -> str:
    """Text in the form text grading compares: lowercase ASCII words separated by single spaces.

    Diacritics and other scripts' letters are transliterated (anyascii),
    apostrophes are dropped ("Asa'ib" → "asaib"), dotted acronyms are joined
    ("U.S." → "us"), ``&`` reads "and", other punctuation and hyphens separate
    words, and a leading "the", "a" or "an" is dropped when more words follow.
    """
    text = _APOSTROPHES.sub("", anyascii(text).lower())
    text = _DOTTED_ACRONYM.sub(lambda match: match.group(0).replace(".", ""), text)
    text = text.replace("&", " and ")
    words = _NON_WORD.sub(" ", text).split()
    if len(words) > 1 and words[0] in _ARTICLES:
        words = words[1:]
    return " ".join(words)


def _light(text: str) -> str:
    """Light normalization for choices: case and spacing only."""
    return " ".join(text.casefold().split())


# --- spelling keys --------------------------------------------------------------------------

#: Letter groups rewritten before comparing, in this order.
_SPELLING_RULES: tuple[tuple[str, str], ...] = (
    ("dh", "z"),
    ("zh", "z"),
    ("gh", "k"),
    ("ck", "k"),
    ("q", "k"),
    ("ou", "u"),
    ("oo", "u"),
    ("ee", "i"),
)
_DOUBLED = re.compile(r"([a-z])\1+")
_DIPHTHONG = re.compile(r"[ae][iy](?![aeiou])")
_VOWEL_Y = re.compile(r"(?<![aeiou])y(?![aeiou])")
#: ``e`` is written for both Arabic a and i (Haider/Haidar, Kazemi/Kadhimi).
_WILDCARD = "E"
_WORD_ALIASES = {"ibn": "bin", "ben": "bin", "abdul": "abd", "abdel": "abd", "abdal": "abd"}
_AL_PREFIXES = frozenset({"al", "el", "ul"})
#: al- and its sun-letter forms ("as-Sadr", "ash-Sham") when written with a hyphen.
_HYPHENATED_ARTICLE = re.compile(
    r"\b(?:[ae]l|ul|a[dnrstz]|ash|adh|ath)[-\u2010\u2011]\s*(?=[^\W\d_])", re.IGNORECASE
)


def _spelling_key(word: str) -> str:
    """Fold a normalized word's transliteration variants into one key."""
    key = _WORD_ALIASES.get(word, word)
    for old, new in _SPELLING_RULES:
        key = key.replace(old, new)
    key = _DOUBLED.sub(r"\1", key)
    key = _DIPHTHONG.sub("ai", key)
    key = _VOWEL_Y.sub("i", key)
    key = key.replace("o", "u").replace("e", _WILDCARD)
    key = _DOUBLED.sub(r"\1", key)
    if len(key) > 3 and key.endswith("ah"):
        key = key[:-1]
    return key


@dataclass(frozen=True)
class _Word:
    """One word of an answer: as normalized, and its spelling key."""

    text: str
    key: str


def _name_words(text: str) -> list[_Word]:
    """The words of an answer that matter for comparing names, each with its key.

    The Arabic article is left out: "al" or "el" before another word, and the
    hyphenated sun-letter forms ("as-Sadr", "ash-Sham", "ad-Dawa").
    """
    text = _HYPHENATED_ARTICLE.sub("al ", text)
    words = normalize(text).split()
    kept = [
        word
        for index, word in enumerate(words)
        if not (word in _AL_PREFIXES and index + 1 < len(words))
    ]
    return [_Word(word, _spelling_key(word)) for word in kept]


def _key_chars_match(a: str, b: str) -> bool:
    """Whether two key characters match (the ``e`` wildcard matches a or i)."""
    if a == b:
        return True
    pair = {a, b}
    return _WILDCARD in pair and bool(pair & {"a", "i"})


def _keys_equal(a: str, b: str) -> bool:
    """Whether two spelling keys are the same, allowing for the ``e`` wildcard."""
    return len(a) == len(b) and all(_key_chars_match(x, y) for x, y in zip(a, b, strict=True))


def _key_distance(a: str, b: str) -> int:
    """Edit distance between two spelling keys, reading the ``e`` wildcard as a, then as i."""
    return min(
        OSA.distance(a.replace(_WILDCARD, vowel), b.replace(_WILDCARD, vowel))
        for vowel in ("a", "i")
    )


def _is_extended(a: str, b: str) -> bool:
    """Whether one key is the other with two or more letters added at one end.

    That is another word built on the same name (Sulaimani / Sulaymaniyah),
    not a typo, even where two typos would be forgiven.
    """
    longer, shorter = sorted((a, b), key=len, reverse=True)
    if not shorter or len(longer) - len(shorter) < 2:
        return False
    return _keys_equal(longer[: len(shorter)], shorter) or _keys_equal(
        longer[-len(shorter) :], shorter
    )


def typo_allowance(word: str) -> int:
    """How many typos a word of the expected answer forgives: 0, 1 or 2 by length."""
    if any(char.isdigit() for char in word) or len(word) < 5:
        return 0
    if len(word) <= 8:
        return 1
    return 2


# --- text matching ---------------------------------------------------------------------------


class _Level(IntEnum):
    """How well a text answer matches, worst to best."""

    WRONG = 0
    PART = 1  # the right words, but only some of them
    CLOSE = 2  # a little more than a typo away
    TYPO = 3  # right, with a forgiven typo
    EXACT = 4  # right, or a spelling variant


def _word_level(expected: _Word, given: _Word) -> _Level:
    """How well one given word matches one expected word."""
    if _keys_equal(expected.key, given.key):
        return _Level.EXACT
    if _is_extended(expected.key, given.key):
        return _Level.WRONG
    allowance = typo_allowance(expected.text)
    distance = min(_key_distance(expected.key, given.key), OSA.distance(expected.text, given.text))
    if distance <= allowance:
        return _Level.TYPO
    if allowance and distance <= allowance + 1:
        return _Level.CLOSE
    return _Level.WRONG


def _is_strict_subset(part: Sequence[_Word], whole: Sequence[_Word]) -> bool:
    """Whether every word of ``part`` matches a different word of the longer ``whole``."""
    if not part or len(part) >= len(whole):
        return False
    unused = list(whole)
    for word in part:
        match = next((w for w in unused if _word_level(w, word) >= _Level.TYPO), None)
        if match is None:
            return False
        unused.remove(match)
    return True


def _joined_level(expected: Sequence[_Word], given: Sequence[_Word]) -> _Level:
    """Compare with the spaces taken out ("Hizb Allah" / "Hizbollah")."""
    expected_key = "".join(word.key for word in expected)
    given_key = "".join(word.key for word in given)
    if _keys_equal(expected_key, given_key):
        return _Level.EXACT
    letters = "".join(word.text for word in expected)
    has_digit = any(char.isdigit() for char in letters)
    if len(letters) >= 9 and not has_digit and _key_distance(expected_key, given_key) <= 1:
        return _Level.TYPO
    return _Level.WRONG


def _words_level(expected: Sequence[_Word], given: Sequence[_Word]) -> _Level:
    """How well an answer's words match the expected words."""
    if not expected or not given:
        return _Level.WRONG
    if len(expected) == len(given):
        return min(_word_level(e, g) for e, g in zip(expected, given, strict=True))
    if _is_strict_subset(given, expected):
        return _Level.PART
    if _is_strict_subset(expected, given):
        return _Level.WRONG
    return _joined_level(expected, given)


def _text_level(expected: str, given: str) -> _Level:
    """How well a text answer matches one accepted answer."""
    if not normalize(given):
        return _Level.WRONG
    if normalize(expected) == normalize(given):
        return _Level.EXACT
    return _words_level(_name_words(expected), _name_words(given))


def _family_name(words: Sequence[_Word]) -> list[_Word]:
    """The family name of a full name: its last word, or ``Abdul X`` as a whole."""
    if len(words) >= 3 and words[-2].key == "abd":
        return list(words[-2:])
    return list(words[-1:])


def _person_level(expected: str, given: str) -> _Level:
    """How well a name matches: in full, or by the family name alone."""
    candidates = [given]
    first, comma, last = given.partition(",")
    if comma and first.strip() and last.strip():
        candidates.append(f"{last} {first}")
    best = _Level.WRONG
    expected_words = _name_words(expected)
    family = _family_name(expected_words)
    for candidate in candidates:
        best = max(best, _text_level(expected, candidate))
        given_words = _name_words(candidate)
        if family and len(given_words) == len(family) and len(family) < len(expected_words):
            level = _words_level(family, given_words)
            if level >= _Level.TYPO:
                best = max(best, level)
    return best


_LEVEL_GRADES = {
    _Level.EXACT: (1.0, True, ""),
    _Level.TYPO: (TYPO_SCORE, True, NOTE_TYPO),
    _Level.CLOSE: (0.0, False, NOTE_CLOSE),
    _Level.PART: (0.0, False, NOTE_PART),
    _Level.WRONG: (0.0, False, ""),
}


def _grade_text(expected: Sequence[str], given: str, *, person: bool) -> Grade:
    """Grade a text or person answer against every accepted answer; the best match counts."""
    match = _person_level if person else _text_level
    best = max((match(answer, given) for answer in expected), default=_Level.WRONG)
    score, correct, note = _LEVEL_GRADES[best]
    return Grade(score, correct, note, _first(expected))


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
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_NUMBER_WORDS = frozenset({*_UNITS, *_TEENS, *_TENS, *_SCALES, "hundred"})

_SPACE_GROUPING = re.compile(r"(?<=\d)[\u00a0\u2009\u202f](?=\d{3}(?!\d))")
_GROUPING = re.compile(r"(?<=\d)[,_'](?=\d{3}(?!\d))")
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
    text = anyascii(text).lower()
    text = _GROUPING.sub("", text)
    return _NUMBER_TOKEN.findall(text)


def _numbers_in(text: str) -> list[float]:
    """Every number written in ``text``, in digits or words, in order."""
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
    return _SCALES.get(word, 1)


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


def _grade_number(expected: Sequence[str], given: str) -> Grade:
    """Grade a number answer: exactly the value, no tolerance."""
    shown = _first(expected)
    values = _distinct(_numbers_in(given))
    if len(values) > 1:
        return Grade(0.0, False, "give one number", shown)
    if not values:
        return _fallback_text(expected, given)
    for answer in expected:
        right = parse_number(answer)
        if right is not None and _same_number(right, values[0]):
            return Grade(1.0, True, "", shown)
    return _fallback_text(expected, given)


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


def _grade_year(expected: Sequence[str], given: str) -> Grade:
    """Grade a year answer: exactly the year."""
    shown = _first(expected)
    year = _given_year(given)
    if year is None:
        return _fallback_text(expected, given)
    for answer in expected:
        right = parse_number(answer)
        if right is not None and _same_number(right, year):
            return Grade(1.0, True, "", shown)
    for answer in expected:
        right = parse_number(answer)
        if right is not None and 0 <= year < 100 and right >= 1000 and right % 100 == year:
            return Grade(0.0, False, "give the full year", shown)
    return Grade(0.0, False, "", shown)


# --- dates -----------------------------------------------------------------------------------

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
    "july": 7, "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_DATE_TOKEN = re.compile(r"\d+(?:[-/.]\d+)*|[a-z]+")
_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

#: (year, month, day); month and day may be missing. The year may be missing only
#: inside this module, to say "which year?".
_DateParts = tuple[int | None, int | None, int | None]


def _valid(year: int | None, month: int | None, day: int | None) -> bool:
    """Whether the parts make a real date (29 February only in leap years)."""
    if month is None:
        return day is None
    if not 1 <= month <= 12:
        return False
    if day is None:
        return True
    days = _DAYS_IN_MONTH[month - 1]
    if month == 2 and year is not None and not _is_leap(year):
        days = 28
    return 1 <= day <= days


def _is_leap(year: int) -> bool:
    """Whether ``year`` is a Gregorian leap year."""
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _numeric_readings(token: str) -> list[_DateParts]:
    """Readings of an all-digit date: 2021-11-07, 2021-11, 11/2021, 7/11/2021 (day first or not)."""
    parts = re.split(r"[-/.]", token)
    if any(len(part) > 4 for part in parts):
        return []
    numbers = [int(part) for part in parts]
    readings: list[_DateParts] = []
    if len(parts) == 3 and len(parts[0]) == 4 and len(parts[1]) <= 2 and len(parts[2]) <= 2:
        readings.append((numbers[0], numbers[1], numbers[2]))
    elif len(parts) == 3 and len(parts[2]) == 4 and len(parts[0]) <= 2 and len(parts[1]) <= 2:
        readings.append((numbers[2], numbers[1], numbers[0]))
        readings.append((numbers[2], numbers[0], numbers[1]))
    elif len(parts) == 2 and len(parts[0]) == 4 and len(parts[1]) <= 2:
        readings.append((numbers[0], numbers[1], None))
    elif len(parts) == 2 and len(parts[1]) == 4 and len(parts[0]) <= 2:
        readings.append((numbers[1], numbers[0], None))
    unique = list(dict.fromkeys(readings))
    return [reading for reading in unique if _valid(*reading)]


def _worded_reading(tokens: Sequence[str]) -> list[_DateParts]:
    """The reading of a date with the month in words: 7 November 2021, Nov. 7th, 2021, May 2020."""
    months = {_MONTHS[token] for token in tokens if token in _MONTHS}
    numbers = [token for token in tokens if token.isdigit()]
    years = [int(token) for token in numbers if len(token) == 4]
    days = [int(token) for token in numbers if len(token) <= 2]
    if len(months) > 1 or len(years) > 1 or len(days) > 1:
        return []
    if len(years) + len(days) != len(numbers) or not (years or months):
        return []
    month = months.pop() if months else None
    if days and month is None:
        return []
    reading = (years[0] if years else None, month, days[0] if days else None)
    return [reading] if _valid(*reading) else []


def _date_readings(text: str) -> list[_DateParts]:
    """Every way to read ``text`` as a date, most likely first; [] if it is not one."""
    tokens = _DATE_TOKEN.findall(anyascii(text).lower())
    compound = [token for token in tokens if not token.isalpha() and not token.isdigit()]
    if not compound:
        return _worded_reading(tokens)
    others = [token for token in tokens if token.isdigit() or token in _MONTHS]
    if len(compound) > 1 or others:
        return []
    return _numeric_readings(compound[0])


def parse_date(text: str) -> tuple[int, int | None, int | None] | None:
    """(year, month, day) from a written date, month and day None when not given; else None.

    Read: ISO "2021-11-07", "2021-11", "2021/11/07"; month names in full or
    abbreviated, with or without a dot, ordinal suffixes and commas ("7 November
    2021", "Nov 7 2021", "November 7th, 2021", "the 7th of Nov. 2021", "May 2020");
    "11/2021"; and all-digit day-month-year "7/11/2021" (also with "-" or ".").
    When such a date could be day/month or month/day, this returns the
    day-first reading; grading accepts either reading. The year must have
    four digits; other words (a weekday, "on", "early") are ignored.
    """
    for year, month, day in _date_readings(text):
        if year is not None:
            return (year, month, day)
    return None


def _compare_date(expected: _DateParts, given: _DateParts) -> tuple[bool, str]:
    """Whether ``given`` matches ``expected`` at its precision, and a note when it falls short."""
    year, month, day = given
    if year is None:
        same_rest = (month, day) == expected[1:] and month is not None
        return (False, "which year?" if same_rest else "")
    if year != expected[0]:
        return (False, "")
    if expected[1] is None:
        return (True, "")
    if month is None:
        return (False, "which month?")
    if month != expected[1]:
        return (False, "")
    if expected[2] is None:
        return (True, "")
    if day is None:
        return (False, "which day?")
    return (day == expected[2], "")


def _grade_date(expected: Sequence[str], given: str) -> Grade:
    """Grade a date answer at the precision of the expected date."""
    shown = _first(expected)
    readings = _date_readings(given)
    note = ""
    for answer in expected:
        right = parse_date(answer)
        if right is None:
            if normalize(answer) and normalize(answer) == normalize(given):
                return Grade(1.0, True, "", shown)
            continue
        for reading in readings:
            correct, why = _compare_date(right, reading)
            if correct:
                return Grade(1.0, True, "", shown)
            note = note or why
    return Grade(0.0, False, note, shown)


# --- choice and true/false ----------------------------------------------------------------

_TRUE = frozenset({"true", "t", "yes", "y"})
_FALSE = frozenset({"false", "f", "no", "n"})


def _chosen_option(given: str, choices: Sequence[str]) -> str:
    """The option an answer names: its text, else its 1-based number or letter."""
    wanted = _light(given)
    if any(_light(choice) == wanted for choice in choices):
        return wanted
    if wanted.isdecimal() and len(wanted) <= 3 and 1 <= int(wanted) <= len(choices):
        return _light(choices[int(wanted) - 1])
    if len(wanted) == 1 and "a" <= wanted <= "z":
        index = ord(wanted) - ord("a")
        if index < len(choices):
            return _light(choices[index])
    return wanted


def _grade_choice(expected: Sequence[str], given: str, choices: Sequence[str]) -> Grade:
    """Grade a multiple-choice answer: the right option, ignoring case and spacing."""
    chosen = _chosen_option(given, choices)
    correct = bool(chosen) and any(_light(answer) == chosen for answer in expected)
    return Grade(1.0 if correct else 0.0, correct, "", _first(expected))


def _truth(text: str) -> bool | None:
    """True, False, or None for an answer that is neither."""
    word = _light(text).strip(" .!")
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    return None


def _grade_truefalse(expected: Sequence[str], given: str) -> Grade:
    """Grade a true/false answer."""
    shown = _first(expected)
    answer = _truth(given)
    right = _truth(shown)
    if answer is None or right is None:
        note = "answer true or false" if given.strip() else ""
        return Grade(0.0, False, note, shown)
    correct = answer == right
    return Grade(1.0 if correct else 0.0, correct, "", shown)


# --- order and cloze ---------------------------------------------------------------------------


def _match_items(expected: Sequence[str], given: Sequence[str]) -> list[int | None]:
    """For each given item, the index of the expected item it names (each used once)."""
    unused = set(range(len(expected)))
    positions: list[int | None] = []
    for item in given:
        best: int | None = None
        best_level = _Level.TYPO
        for index in sorted(unused):
            level = _text_level(expected[index], item)
            if level > best_level or (level == best_level and best is None):
                best, best_level = index, level
        if best is not None:
            unused.discard(best)
        positions.append(best)
    return positions


def grade_order(expected: Sequence[str], given: Sequence[str]) -> Grade:
    """Grade items put in order: the share of item pairs in the right relative order.

    Each pair of expected items scores when both are given and the earlier one
    comes first. Items are recognized as text answers (spelling variants and
    typos allowed). Correct only when every item is given once and in order.
    """
    shown = " → ".join(expected)
    given_at: dict[int, int] = {}
    positions = _match_items(expected, given)
    for place, index in enumerate(positions):
        if index is not None:
            given_at[index] = place
    count = len(expected)
    pairs = count * (count - 1) // 2
    right = sum(
        1
        for first in range(count)
        for second in range(first + 1, count)
        if first in given_at and second in given_at and given_at[first] < given_at[second]
    )
    complete = len(given_at) == count and len(positions) == count and count > 0
    score = right / pairs if pairs else float(complete)
    correct = complete and right == pairs
    note = "" if correct or right == 0 else f"{right} of {pairs} pairs in order"
    return Grade(score, correct, note, shown)


def grade_cloze(blanks: Sequence[Blank], given: Sequence[str]) -> Grade:
    """Grade a cloze answer: each blank by its own kind; the score is the mean."""
    shown = "; ".join(blank.answers[0] if blank.answers else "" for blank in blanks)
    if not blanks:
        return Grade(0.0, False, "", shown)
    grades = [
        grade_answer(blank.kind, blank.answers, given[index] if index < len(given) else "")
        for index, blank in enumerate(blanks)
    ]
    score = sum(grade.score for grade in grades) / len(grades)
    right = sum(grade.correct for grade in grades)
    if right == len(grades):
        typo = any(grade.note == NOTE_TYPO for grade in grades)
        return Grade(score, True, NOTE_TYPO if typo else "", shown)
    note = f"{right} of {len(grades)} blanks right" if right else ""
    return Grade(score, False, note, shown)


# --- dispatch ----------------------------------------------------------------------------------

_ITEM_SPLIT = re.compile(r"(?<!\d),|,(?!\d)")


def split_items(text: str) -> list[str]:
    """Split a typed list: on ";" if there is one, else on commas not inside a number."""
    parts = text.split(";") if ";" in text else _ITEM_SPLIT.split(text)
    return [part.strip() for part in parts if part.strip()]


def _first(expected: Sequence[str]) -> str:
    """The canonical answer: the first accepted one."""
    return expected[0] if expected else ""


def _fallback_text(expected: Sequence[str], given: str) -> Grade:
    """Right only if the answer is one of the accepted answers written out (after normalize)."""
    wanted = normalize(given)
    correct = bool(wanted) and any(normalize(answer) == wanted for answer in expected)
    return Grade(1.0 if correct else 0.0, correct, "", _first(expected))


def grade_answer(
    kind: Kind, expected: Sequence[str], given: str, *, choices: Sequence[str] = ()
) -> Grade:
    """Grade one answer to a question of ``kind``; ``expected`` holds every accepted answer.

    For ``order`` the answer is split into items (see :func:`split_items`);
    for ``cloze`` each expected string is one text blank.
    """
    if kind is Kind.ORDER:
        return grade_order(expected, split_items(given))
    if kind is Kind.CLOZE:
        blanks = [Blank(Kind.TEXT, (answer,)) for answer in expected]
        return grade_cloze(blanks, split_items(given))
    if not given.strip():
        return Grade(0.0, False, "", _first(expected))
    if kind is Kind.TEXT:
        return _grade_text(expected, given, person=False)
    if kind is Kind.PERSON:
        return _grade_text(expected, given, person=True)
    if kind is Kind.NUMBER:
        return _grade_number(expected, given)
    if kind is Kind.YEAR:
        return _grade_year(expected, given)
    if kind is Kind.DATE:
        return _grade_date(expected, given)
    if kind is Kind.CHOICE:
        return _grade_choice(expected, given, choices)
    if kind is Kind.TRUEFALSE:
        return _grade_truefalse(expected, given)
    return _fallback_text(expected, given)


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
            result = grade_cloze(blanks, items)
    else:
        text = given if isinstance(given, str) else ", ".join(given)
        result = grade_answer(card.kind, card.answers, text, choices=card.choices)
    return Grade(result.score, result.correct, result.note, card.expected)
