"""``number``: a number, typed in digits or words; no tolerance."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from quizdeck.kinds.base import Example, Schema
from quizdeck.kinds.typed import TypedKind
from quizdeck.kinds.values import NUMBER, number_value
from quizdeck.model import Kind

if TYPE_CHECKING:
    from quizdeck.grading.typed import TypedGrader


class NumberKind(TypedKind):
    kind = Kind.NUMBER
    summary = "a number, in digits or words"
    wanted = "(a number)"
    format_hint = " (write digits, e.g. 48 or 1,200)"
    value_schema: ClassVar[Schema] = {
        "anyOf": [
            {"type": "integer"},
            {"type": "number"},
            {"type": "string", "pattern": NUMBER.pattern},
        ]
    }
    integers = True
    example = Example(
        'prompt = "How many legs has a spider?"\nanswer = 8',
        "6",
        'digits or words ("eight") are accepted',
    )

    def parse(self, value: object) -> str | None:
        return number_value(value)

    def grader(self) -> TypedGrader:
        from quizdeck.grading.typed import number_answer

        return number_answer
