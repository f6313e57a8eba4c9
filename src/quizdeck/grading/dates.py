"""Dates: every common written form, compared at the precision of the expected date."""

from __future__ import annotations

import re
from collections.abc import Sequence

from anyascii import anyascii

from quizdeck.grading.around import NEGATIONS
from quizdeck.grading.asked import year_asked
from quizdeck.grading.numerals import CARDINALS, ORDINALS
from quizdeck.grading.text import normalize
from quizdeck.grading.units import bound
from quizdeck.grading.verdict import Grade, first

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


def _numeric_readings(token: str, century: int | None = None) -> list[_DateParts]:
    """Readings of an all-digit date: 2021-11-07, 2021-11, 11/2021, 7/11/2021, 30/6 (either way).

    With a ``century`` (the card's), a two-digit year is read in it: 9/11/89.
    """
    parts = re.split(r"[-/.]", token)
    if any(len(part) > 4 for part in parts):
        return []
    numbers = [int(part) for part in parts]
    readings: list[_DateParts] = []
    if century is not None and len(parts) == 3 and all(len(part) <= 2 for part in parts):
        parts[2], numbers[2] = str(century + numbers[2]), century + numbers[2]
    if len(parts) == 3 and len(parts[0]) == 4 and len(parts[1]) <= 2 and len(parts[2]) <= 2:
        readings.append((numbers[0], numbers[1], numbers[2]))
    elif len(parts) == 3 and len(parts[2]) == 4 and len(parts[0]) <= 2 and len(parts[1]) <= 2:
        readings.append((numbers[2], numbers[1], numbers[0]))
        readings.append((numbers[2], numbers[0], numbers[1]))
    elif len(parts) == 2 and len(parts[0]) == 4 and len(parts[1]) <= 2:
        readings.append((numbers[0], numbers[1], None))
    elif len(parts) == 2 and len(parts[1]) == 4 and len(parts[0]) <= 2:
        readings.append((numbers[1], numbers[0], None))
    elif len(parts) == 2 and len(parts[0]) <= 2 and len(parts[1]) <= 2 and "." not in token:
        readings.append((None, numbers[1], numbers[0]))
        readings.append((None, numbers[0], numbers[1]))
    unique = list(dict.fromkeys(readings))
    return [reading for reading in unique if _valid(*reading)]


def _worded_reading(tokens: Sequence[str], century: int | None = None) -> list[_DateParts]:
    """The reading of a date with the month in words: 7 November 2021, Nov. 7th, 2021, May 2020.

    With a ``century``, a second short number is a two-digit year in it: 9 Nov 89.
    """
    months = {_MONTHS[token] for token in tokens if token in _MONTHS}
    numbers = [token for token in tokens if token.isdigit()]
    short = [token for token in numbers if len(token) <= 2]
    if century is not None and months and len(short) == 2 == len(numbers):
        numbers = [short[0], str(century + int(short[1]))]
        tokens = [token for token in tokens if not token.isdigit()] + numbers
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


_MONTH_NAMES = tuple(name for name in _MONTHS if len(name) > 3 or name == "may")[:12]
#: A day and month written the German way, with a dot after each: "14.7.".
_DOTTED_DAY = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(?!\d)")


def _german(match: re.Match[str]) -> str:
    """ "14.7." as "14 july" (left alone when the month is not one)."""
    day, month = match.group(1), int(match.group(2))
    return f" {day} {_MONTH_NAMES[month - 1]} " if 1 <= month <= 12 else match.group(0)


def _ordinals_as_digits(tokens: list[str]) -> list[str]:
    """Ordinal day words as digits: "fourteenth" → "14", "twenty first" → "21"."""
    found: list[str] = []
    for token in tokens:
        value = ORDINALS.get(token)
        if value is not None and found and found[-1] in ("twenty", "thirty") and value < 10:
            found[-1] = str(CARDINALS[found[-1]] + value)
        else:
            found.append(str(value) if value is not None else token)
    return found


#: Days known by name, as old chronicles and students date events: (month, day).
_NAMED_DAYS = {
    "christmas day": (12, 25), "christmas": (12, 25), "christmas eve": (12, 24),
    "new year's day": (1, 1), "new year's eve": (12, 31), "boxing day": (12, 26),
    "st stephen's day": (12, 26), "epiphany": (1, 6), "candlemas": (2, 2),
    "valentine's day": (2, 14), "st valentine's day": (2, 14), "st david's day": (3, 1),
    "st patrick's day": (3, 17), "lady day": (3, 25), "st george's day": (4, 23),
    "may day": (5, 1), "midsummer day": (6, 24), "midsummer's day": (6, 24),
    "bastille day": (7, 14), "lammas": (8, 1), "michaelmas": (9, 29), "halloween": (10, 31),
    "all saints' day": (11, 1), "all hallows' day": (11, 1), "all souls' day": (11, 2),
    "martinmas": (11, 11), "armistice day": (11, 11), "st andrew's day": (11, 30),
}  # fmt: skip


def _name_forms(name: str) -> set[tuple[str, ...]]:
    """The token forms of a day's name: with the apostrophe's s apart or joined, "st" or
    "saint"."""
    forms = {tuple(_DATE_TOKEN.findall(name)), tuple(_DATE_TOKEN.findall(name.replace("'", "")))}
    return forms | {("saint", *form[1:]) for form in forms if form[0] == "st"}


_DAY_NAMES = sorted(
    ((form, day) for name, day in _NAMED_DAYS.items() for form in _name_forms(name)),
    key=lambda item: -len(item[0]),
)


def _named_days(tokens: list[str]) -> list[str]:
    """A day known by name written as its day and month: "christmas day" → "25", "december";
    left out where the date is also written ("Bastille Day, 14 July 1789")."""
    rest: list[str] = []
    named: list[tuple[int, int]] = []
    index = 0
    while index < len(tokens):
        ahead = tokens[index:]
        found = next((n for n in _DAY_NAMES if tuple(ahead[: len(n[0])]) == n[0]), None)
        if found is None:
            rest.append(tokens[index])
            index += 1
            continue
        named.append(found[1])
        index += len(found[0])
    if any(token in _MONTHS for token in rest):
        return rest
    return [part for month, day in named for part in (str(day), _MONTH_NAMES[month - 1])] + rest


def _date_readings(text: str, century: int | None = None) -> list[_DateParts]:
    """Every way to read ``text`` as a date, most likely first; [] if it is not one."""
    text = _DOTTED_DAY.sub(_german, anyascii(text).lower())
    tokens = _named_days(_ordinals_as_digits(_DATE_TOKEN.findall(text)))
    compound = [token for token in tokens if not token.isalpha() and not token.isdigit()]
    if not compound:
        return _worded_reading(tokens, century)
    others = [token for token in tokens if token.isdigit() or token in _MONTHS]
    if len(compound) > 1 or others:
        return []
    return _numeric_readings(compound[0], century)


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


def iso_date(text: str) -> str | None:
    """``text`` as the deck form of a date ("20 June 1791" -> "1791-06-20", "June 1791" ->
    "1791-06"), or None when it is no date with a year or could be read two ways
    ("03/04/1791": 3 April or 4 March), which an author must then write in ISO."""
    readings = {reading for reading in _date_readings(text) if reading[0] is not None}
    if len(readings) != 1:
        return None
    year, month, day = readings.pop()
    parts = [f"{year:04d}", *(f"{part:02d}" for part in (month, day) if part is not None)]
    return "-".join(parts) if day is None or month is not None else None


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


def _year_optional(prompt: str) -> bool:
    """Whether a full-date question takes the day and month alone: known, and asks no year."""
    return bool(prompt.strip()) and not year_asked(prompt)


def _compare(right: _DateParts, reading: _DateParts, prompt: str) -> tuple[bool, str, str]:
    """(correct, note, reason) for one reading of the answer against one expected date."""
    correct, why = _compare_date(right, reading)
    if correct:
        return (True, "", "same date")
    year, month, day = reading
    full = right[2] is not None
    if year is None and full and (month, day) == right[1:] and _year_optional(prompt):
        return (True, "", "same day and month; the question does not ask for the year")
    return (False, why, "")


def grade_date(expected: Sequence[str], given: str, prompt: str = "") -> Grade:
    """Grade a date answer at the precision of the expected date.

    A card with a full date takes the day and month alone unless its
    ``prompt`` asks for the year (see :func:`year_asked`). A date denied ("not 14 July") or
    said as a bound ("before 14 July", see :mod:`.units`) is wrong.
    """
    shown = first(expected)
    words = normalize(given).split()
    if NEGATIONS & set(words) or bound(words):
        return Grade(0.0, False, "", shown, "the date denied or a bound")
    readings = _date_readings(given)
    note = ""
    for answer in expected:
        right = parse_date(answer)
        if right is None:
            if normalize(answer) and normalize(answer) == normalize(given):
                return Grade(1.0, True, "", shown, "accepted variant")
            continue
        for reading in readings or _date_readings(given, right[0] // 100 * 100):
            correct, why, reason = _compare(right, reading, prompt)
            if correct:
                return Grade(1.0, True, "", shown, reason)
            note = note or why
    reason = note or ("a different date" if readings else "not a date")
    return Grade(0.0, False, note, shown, reason)


def _day_and_month(text: str) -> set[tuple[int, int]]:
    """The (month, day) pairs a text may give, with or without a year."""
    return {(m, d) for _, m, d in _date_readings(text) if m is not None and d is not None}


def same_day_and_month(expected: str, given: str) -> bool:
    """Whether a day-and-month answer ("June 30") is given in another form ("30/6", "Jun 30th")."""
    if parse_date(expected) is not None:
        return False
    wanted = _day_and_month(expected)
    return bool(wanted) and bool(wanted & _day_and_month(given))
