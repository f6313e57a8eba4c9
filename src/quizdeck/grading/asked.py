"""What a question asks for, read from its wording alone: light enough to show a hint before
the grading library is loaded."""

from __future__ import annotations

import re

_ASKS_YEAR = re.compile(r"\byears?\b|\bfull date\b", re.IGNORECASE)


def year_asked(prompt: str) -> bool:
    """Whether a date question asks for the year (it says "year" or "full date").

    A full-date card whose question does not takes the day and month alone.
    """
    return bool(_ASKS_YEAR.search(prompt))
