"""Answer values as a deck file writes them: dates, years and numbers, checked and normalized."""

from __future__ import annotations

import datetime as dt
import re

ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")


def date_value(value: object) -> str | None:
    """A date answer as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, or None if it is not one."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value) if 1 <= value <= 9999 else None
    if not isinstance(value, str):
        return None
    match = ISO_DATE.fullmatch(value.strip())
    if not match:
        return None
    year, month, day = (int(part) if part else None for part in match.groups())
    try:
        dt.date(year or 1, month or 1, day or 1)
    except ValueError:
        return None
    return value.strip()


def year_value(value: object) -> str | None:
    """A year answer as a string, or None if it is not a year."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value) if 1 <= value <= 9999 else None
    if isinstance(value, str) and re.fullmatch(r"\d{1,4}", value.strip()):
        return str(int(value)) if int(value) >= 1 else None
    return None


def number_value(value: object) -> str | None:
    """A number answer as a string, or None if it is not a number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return None if value != value or value in (float("inf"), float("-inf")) else repr(value)
    if isinstance(value, str) and NUMBER.fullmatch(value.strip()):
        return value.strip()
    return None


def text_value(value: object) -> str | None:
    """A text answer, or None if it is not a string."""
    return value if isinstance(value, str) else None
