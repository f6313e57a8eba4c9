"""``year``: exactly the year, typed as a number or inside a date."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from quizdeck.kinds.base import Example, Schema
from quizdeck.kinds.typed import TypedKind
from quizdeck.kinds.values import year_value
from quizdeck.model import Kind

if TYPE_CHECKING:
    from quizdeck.grading.typed import TypedGrader


class YearKind(TypedKind):
    kind = Kind.YEAR
    summary = "a year"
    wanted = "(a year)"
    format_hint = " (write the year as digits)"
    value_schema: ClassVar[Schema] = {
        "anyOf": [
            {"type": "integer", "minimum": 1, "maximum": 9999},
            {"type": "string", "pattern": r"^\s*\d{1,4}\s*$"},
        ]
    }
    integers = True
    example = Example('prompt = "In which year did the Berlin Wall fall?"\nanswer = 1989', "1991")

    def parse(self, value: object) -> str | None:
        return year_value(value)

    def grader(self) -> TypedGrader:
        from quizdeck.grading.typed import year_answer

        return year_answer
