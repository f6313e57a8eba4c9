"""``text``: a word or phrase the student types, graded leniently (see ``grading.names``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from quizdeck.kinds.base import Example
from quizdeck.kinds.typed import TypedKind
from quizdeck.model import Kind

if TYPE_CHECKING:
    from quizdeck.grading.typed import TypedGrader


class TextKind(TypedKind):
    kind = Kind.TEXT
    summary = "a word or phrase, graded leniently"
    example = Example(
        'prompt = "What is the capital of France?"\nanswer = "Paris"\naccept = ["Paris, France"]',
        "Lyon",
        "graded leniently: case, accents, small typos",
    )

    def grader(self) -> TypedGrader:
        from quizdeck.grading.typed import text_answer

        return text_answer
