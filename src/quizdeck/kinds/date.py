"""``date``: a date, compared at the precision the deck gives (year, month or day)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar

from quizdeck.kinds.base import Example, Schema
from quizdeck.kinds.typed import TypedKind
from quizdeck.kinds.values import ISO_DATE, date_value
from quizdeck.model import Card, Kind

if TYPE_CHECKING:
    from quizdeck.grading.typed import TypedGrader

MONTHS = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)  # fmt: skip
#: The words a written date may hold besides its month: an author's date with others ("44 BC",
#: "before 1789", "c. 1789") is not made ISO, which would drop what they change.
_DATE_WORDS = {"of", "the", "st", "nd", "rd", "th"} | {
    day[:length] for day in ("monday", "tuesday", "wednesday", "thursday", "friday",
                             "saturday", "sunday") for length in (3, len(day))
}  # fmt: skip


def _only_a_date(text: str) -> bool:
    """Whether every word of ``text`` is a month (in full, or its first three letters, or
    "sept"), a weekday, or one of :data:`_DATE_WORDS`."""
    words = "".join(char if char.isalpha() else " " for char in text.lower()).split()
    months = {month.lower()[:length] for month in MONTHS for length in (3, len(month))}
    return all(word in _DATE_WORDS or word in months or word == "sept" for word in words)


#: The hint for a date answer by the number of its parts (year, month, day).
PRECISION_HINTS = {1: "(a year)", 2: "(month and year)", 3: "(day, month and year)"}


def human_date(text: str) -> str:
    """``2021-11-07`` → ``7 November 2021``, ``2021-11`` → ``November 2021``; else unchanged."""
    match = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", text.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        return text
    year, month, day = match.groups()
    shown = f"{MONTHS[int(month) - 1]} {year}"
    return f"{int(day)} {shown}" if day else shown


def date_hint(answers: tuple[str, ...], prompt: str = "") -> str:
    """``(day, month and year)`` for a full date; ``(day and month)`` when the prompt does not
    ask for the year (see ``year_asked``)."""
    if not answers:
        return "(a date)"
    parts = answers[0].split("-")
    if not all(part.isdigit() for part in parts):
        return "(a date)"
    if len(parts) == 3 and prompt.strip():
        from quizdeck.grading.asked import year_asked

        if not year_asked(prompt):
            return "(day and month)"
    return PRECISION_HINTS.get(len(parts), "(a date)")


class DateKind(TypedKind):
    kind = Kind.DATE
    summary = "a date, at the precision you give"
    wanted = "(a date)"
    format_hint = " (write YYYY, YYYY-MM or YYYY-MM-DD; students may answer in any form)"
    value_schema: ClassVar[Schema] = {
        "anyOf": [
            {"type": "string", "pattern": ISO_DATE.pattern},
            {"type": "integer", "minimum": 1, "maximum": 9999},
        ]
    }
    example = Example(
        'prompt = "On what full date did Apollo 11 land?"\nanswer = "1969-07-20"',
        "21 July 1969",
        '"YYYY", "YYYY-MM" or "YYYY-MM-DD"; students answer in any form',
    )

    def parse(self, value: object) -> str | None:
        return date_value(value)

    def written(self, text: str) -> str | None:
        """A date written in words or numbers ("20 June 1791") as ISO; None when it has no
        year or reads two ways ("03/04/1791")."""
        from quizdeck.grading.dates import iso_date

        return iso_date(text) if _only_a_date(text) else None

    def hint(self, card: Card) -> str:
        return date_hint(card.answers, card.prompt)

    def shown(self, card: Card, text: str) -> str:
        return human_date(text)

    def anki_fields(self, card: Card) -> tuple[str, str, str]:
        """The date as a student types it ("14 July 1789"): Anki's type-in box compares exactly.
        The deck's form ("1789-07-14") leads the accepted answers, so an import reads it back."""
        from quizdeck.interchange.anki_html import accepted_list, field_text

        return field_text(human_date(self.expected(card))), accepted_list(card.answers), ""

    def grader(self) -> TypedGrader:
        from quizdeck.grading.typed import date_answer

        return date_answer
