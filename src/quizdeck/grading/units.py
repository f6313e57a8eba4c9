"""Units of measure and eras: what a number answer says it counts, beside the number itself.

A number is only right in the unit the question asks for: "50 yards" is not "50" when the
question asks "how many metres", nor "9.58 minutes" an answer "in seconds". Spellings of one
unit are one unit ("metres", "meters", "m"). A question that names no unit leaves the
answer's unit unjudged, and so does an answer that names none.

A year "BC" is another year than the same number of an AD year, unless the question itself
counts years before Christ ("In which year BC ...").

A number, year or date said as a bound is not the value: "more than 50", "almost 50", "at least
50", "before 1789" say that the value is another. "About 50" and "around 1789" are the value.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise

_SPELLINGS: dict[str, tuple[str, ...]] = {
    # length
    "metre": ("metre", "metres", "meter", "meters", "m"),
    "kilometre": ("kilometre", "kilometres", "kilometer", "kilometers", "km", "kms"),
    "centimetre": ("centimetre", "centimetres", "centimeter", "centimeters", "cm"),
    "millimetre": ("millimetre", "millimetres", "millimeter", "millimeters", "mm"),
    "mile": ("mile", "miles", "mi"),
    "yard": ("yard", "yards", "yd", "yds"),
    "foot": ("foot", "feet", "ft"),
    "inch": ("inch", "inches"),
    # time
    "second": ("seconds", "sec", "secs", "s"),
    "minute": ("minute", "minutes", "min", "mins"),
    "hour": ("hour", "hours", "hr", "hrs", "h"),
    "day": ("day", "days"),
    "week": ("week", "weeks"),
    "month": ("month", "months"),
    "year": ("year", "years", "yr", "yrs"),
    # mass
    "gram": ("gram", "grams", "gramme", "grammes", "g"),
    "kilogram": ("kilogram", "kilograms", "kilogramme", "kilogrammes", "kg", "kilo", "kilos"),
    "tonne": ("tonne", "tonnes", "ton", "tons"),
    "pound": ("pound", "pounds", "lb", "lbs"),
    "ounce": ("ounce", "ounces", "oz"),
    # volume, temperature, speed
    "litre": ("litre", "litres", "liter", "liters"),
    "celsius": ("celsius", "centigrade"),
    "fahrenheit": ("fahrenheit",),
    "kelvin": ("kelvin", "kelvins"),
    "mph": ("mph",),
    "knot": ("knot", "knots"),
}
#: Each written form of a unit → the unit. "second" alone is the ordinal, so only "seconds".
UNIT_OF: dict[str, str] = {
    spelling: unit for unit, spellings in _SPELLINGS.items() for spelling in spellings
}
#: Words that put a year before Christ.
BEFORE_CHRIST = frozenset({"bc", "bce"})


def units_in(words: Iterable[str]) -> set[str]:
    """The units named by lower-case words (a text's number tokens or normalized words)."""
    return {UNIT_OF[word] for word in words if word in UNIT_OF}


def other_unit(given_words: Iterable[str], question_words: Iterable[str]) -> str:
    """A unit the answer names that the question does not, when the question names one; else ""."""
    asked = units_in(question_words)
    if not asked:
        return ""
    return next(iter(sorted(units_in(given_words) - asked)), "")


def before_christ(given_words: Iterable[str], question_words: Iterable[str]) -> bool:
    """Whether an answer puts its year before Christ where the question does not ("1170 BC")."""
    return bool(BEFORE_CHRIST & set(given_words)) and not BEFORE_CHRIST & set(question_words)


#: Words that make a number a bound rather than the value ("more than 50", "before 1789").
_BOUND_WORDS = frozenset({
    "more", "over", "above", "exceeding", "beyond", "less", "fewer", "under", "below",
    "almost", "nearly", "before", "after", "since", "until", "till", "prior",
})  # fmt: skip
#: Two-word bounds whose words are harmless alone ("at least 50", "at most", "up to", "no more").
_BOUND_PAIRS = frozenset({("at", "least"), ("at", "most"), ("up", "to")})


def bound(words: list[str]) -> str:
    """The word by which an answer says its number is a bound, not the value; "" if none.

    "More or less 50" is about 50, not a bound."""
    text = " ".join(words)
    if "more or less" in text:
        words = text.replace("more or less", " ").split()
    found = next((word for word in words if word in _BOUND_WORDS), "")
    pairs = set(pairwise(words))
    pair = next(iter(sorted(pairs & _BOUND_PAIRS)), None)
    return found or (" ".join(pair) if pair else "")
