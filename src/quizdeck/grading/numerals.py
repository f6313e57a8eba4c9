"""Numbers inside words: ordinals ("sixteenth", "16th"), Roman numerals ("XVI") and number words.

A number in any of these forms is a number: text grading compares it by value and never
forgives it a slip ("Louis XVI" is not "Louis XVIII"; "the First World War" is "World War I").
"""

from __future__ import annotations

from collections.abc import Sequence

_UNIT_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TEEN_WORDS = (
    "ten", "eleven", "twelve", "thirteen", "fourteen",
    "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
)  # fmt: skip
_TENS_WORDS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
#: Cardinal number words up to ninety-nine; "fourty" is read as forty.
CARDINALS: dict[str, int] = {
    "zero": 0,
    **{word: index for index, word in enumerate(_UNIT_WORDS, 1)},
    **{word: index for index, word in enumerate(_TEEN_WORDS, 10)},
    **{word: 10 * index for index, word in enumerate(_TENS_WORDS, 2)},
    "fourty": 40,
}
_IRREGULAR = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fifth": 5,
    "eighth": 8,
    "ninth": 9,
    "twelfth": 12,
}
#: Ordinal words up to ninety-ninth's parts: "first" ... "nineteenth", "twentieth" ... "ninetieth".
ORDINALS: dict[str, int] = {
    **{f"{word}th": value for word, value in CARDINALS.items() if 4 <= value <= 19},
    **{
        word[:-1] + "ieth": value for word, value in CARDINALS.items() if value in range(20, 91, 10)
    },
    **_IRREGULAR,
}
_SUFFIXES = ("st", "nd", "rd", "th")
_FULL_ROMAN = (
    ("m", 1000), ("cm", 900), ("d", 500), ("cd", 400), ("c", 100), ("xc", 90),
    ("l", 50), ("xl", 40), ("x", 10), ("ix", 9), ("v", 5), ("iv", 4), ("i", 1),
)  # fmt: skip
_ROMAN = (("x", 10), ("ix", 9), ("v", 5), ("iv", 4), ("i", 1))


def roman_value(word: str) -> int | None:
    """The value of a Roman numeral of I, V and X written the standard way ("xvi" → 16), or None.

    Only numerals up to XXXIX are read: higher letters (L, C, D, M) make ordinary words.
    """
    word = word.lower()
    if not word or len(word) > 8 or any(char not in "ivx" for char in word):
        return None
    value = _roman_number(word)
    return value if _roman_text(value) == word else None


def whole_roman(text: str) -> int | None:
    """The value of an answer that is one Roman numeral written the standard way ("MDCCLXXXIX")."""
    word = text.strip().strip(".").lower()
    if not word or len(word) > 15 or any(char not in "ivxlcdm" for char in word):
        return None
    value = _roman_number(word, _FULL_ROMAN)
    return value if 0 < value < 4000 and _roman_text(value, _FULL_ROMAN) == word else None


def _roman_number(word: str, table: tuple[tuple[str, int], ...] = _ROMAN) -> int:
    """A Roman numeral's value, read greedily (checked against :func:`_roman_text`)."""
    total, index = 0, 0
    for text, value in table:
        while word.startswith(text, index):
            total += value
            index += len(text)
    return total if index == len(word) else -1


def _roman_text(value: int, table: tuple[tuple[str, int], ...] = _ROMAN) -> str:
    """``value`` as a standard Roman numeral of ``table``'s letters (I, V, X: up to 39); else ""."""
    if not 0 < value < (40 if table is _ROMAN else 4000):
        return ""
    text = ""
    for letters, amount in table:
        count, value = divmod(value, amount)
        text += letters * count
    return text


def ordinal_value(word: str) -> int | None:
    """The value of an ordinal: a word ("sixteenth") or digits with a suffix ("16th"); else None."""
    if word in ORDINALS:
        return ORDINALS[word]
    digits = word[:-2]
    if word.endswith(_SUFFIXES) and digits.isdigit() and len(digits) <= 9:
        return int(digits)
    return None


def _single_value(word: str, *, roman: bool) -> int | None:
    """The value of one word standing for a number, or None."""
    if word.isdigit() and len(word) <= 15:
        return int(word)
    if word in CARDINALS:
        return CARDINALS[word]
    ordinal = ordinal_value(word)
    if ordinal is not None:
        return ordinal
    return roman_value(word) if roman else None


def word_values(words: Sequence[str]) -> list[tuple[str, int | None]]:
    """The words with the number each stands for, compound number words joined into one.

    "twenty first" becomes one word worth 21 and "one hundred" one worth 100. A Roman numeral
    counts after another word only ("Louis xvi"), never as the first word ("I think").
    """
    found: list[tuple[str, int | None]] = []
    for index, word in enumerate(words):
        value = _single_value(word, roman=index > 0)
        if value is not None and found and _joins(found[-1], word, value):
            text, before = found.pop()
            assert before is not None
            value = before * 100 if word == "hundred" else before + value
            found.append((f"{text} {word}", value))
        elif word == "hundred" and found and found[-1][1] in range(1, 100):
            text, before = found.pop()
            found.append((f"{text} {word}", (before or 0) * 100))
        elif value is not None and found and _spoken_year(found[-1], word, value):
            text, before = found.pop()
            found.append((f"{text} {word}", (before or 0) * 100 + value))
        else:
            found.append((word, value))
    return found


def _spoken_year(previous: tuple[str, int | None], word: str, value: int) -> bool:
    """Whether two number words say a year as people do: "nineteen" + "eighty(-four)" is 1984
    (as "Nineteen Eighty-Four" for "1984"). Both must be words from 10 to 99."""
    text, before = previous
    words = [*text.split(), word]
    return (
        before is not None
        and 10 <= before <= 99
        and 10 <= value <= 99
        and " " not in text
        and all(part in CARDINALS for part in words)
    )


def _joins(previous: tuple[str, int | None], word: str, value: int) -> bool:
    """Whether a number word continues the one before it ("twenty" + "first", "one" + "hundred")."""
    text, before = previous
    last = text.split()[-1]
    if before is None or (last not in CARDINALS and last != "hundred"):
        return False
    if last in _TENS_WORDS or last == "fourty":
        return word in _UNIT_WORDS or (word in ORDINALS and 0 < value < 10)
    if last == "hundred":
        return word in CARDINALS or word in ORDINALS
    return False
