"""The keys that name a question's options (a, b, c…; t and f) and reading them back.

Shared by both askers; no terminal library here. Options are named by letters, never by
digits when an option is itself a number ("2" must not answer "3" among 5, 3, 12, 8).
"""

from __future__ import annotations

import re
import string
from collections.abc import Sequence

LETTERS = string.ascii_lowercase
TRUE_FALSE_KEYS = {"true": "t", "false": "f"}


def has_digits(options: Sequence[str]) -> bool:
    """Whether any option holds a digit (a number, a year, a date)."""
    return any(character.isdigit() for option in options for character in option)


def uses_letters(options: Sequence[str]) -> bool:
    """Letters name the options unless one of them is itself a single letter (and none is a
    number), or there are more options than letters."""
    if len(options) > len(LETTERS):
        return False
    single_letters = any(
        len(option.strip()) == 1 and option.strip().isalpha() for option in options
    )
    return has_digits(options) or not single_letters


def option_keys(options: Sequence[str]) -> list[str]:
    """``a, b, c…`` for each option (``1, 2, 3…`` when letters would be confusing)."""
    if uses_letters(options):
        return list(LETTERS[: len(options)])
    return [str(number) for number in range(1, len(options) + 1)]


def keys_range(options: Sequence[str]) -> str:
    """``a letter from a to d`` or ``a number from 1 to 4``, for a hint."""
    keys = option_keys(options)
    name = "letter" if uses_letters(options) else "number"
    return f"a {name} from {keys[0]} to {keys[-1]}" if keys else "an option"


def pick_option(answer: str, options: Sequence[str]) -> str | None:
    """The option an answer names, else None: its text (any case), its key, its number when no
    option is a number (for older scripts), or a part of it found in no other option."""
    text = answer.strip()
    folded = text.casefold()
    exact = [option for option in options if option.strip().casefold() == folded]
    if exact:
        return exact[0]
    keys = option_keys(options)
    if folded in keys:
        return options[keys.index(folded)]
    if not has_digits(options) and re.fullmatch(r"\d{1,4}", text):
        position = int(text)
        return options[position - 1] if 1 <= position <= len(options) else None
    partial = [option for option in options if folded in option.casefold()]
    return partial[0] if len(partial) == 1 and len(folded) >= 3 else None


def parse_order(answer: str, count: int) -> list[int] | None:
    """``"3, 1, 2"`` → ``[3, 1, 2]``; the last number may be left out; None if not a full order."""
    numbers = [int(n) for n in re.findall(r"\d{1,6}", answer)]
    wanted = set(range(1, count + 1))
    if len(numbers) == count - 1 and set(numbers) < wanted:
        numbers += sorted(wanted - set(numbers))
    if len(numbers) != count or set(numbers) != wanted:
        return None
    return numbers


def parse_letters(answer: str, count: int) -> list[int] | None:
    """``"b, a, c"`` or ``"bac"`` → ``[1, 0, 2]``: each letter once, in the order typed; the
    last may be left out. None if that is not what was typed."""
    letters = re.sub(r"[\s,;]+", "", answer.casefold())
    if not letters.isascii() or not letters.isalpha():
        return None
    picked = [ord(letter) - ord("a") for letter in letters]
    wanted = set(range(count))
    if len(picked) == count - 1 and set(picked) < wanted and len(set(picked)) == len(picked):
        picked += sorted(wanted - set(picked))
    if len(picked) != count or set(picked) != wanted:
        return None
    return picked
