"""``text``: a word or phrase the student types, graded leniently (see ``grading.names``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from quizdeck.kinds.typed import TypedKind
from quizdeck.model import Kind

if TYPE_CHECKING:
    from quizdeck.grading.typed import TypedGrader


class TextKind(TypedKind):
    kind = Kind.TEXT
    summary = "a word or phrase, graded leniently"

    def grader(self) -> TypedGrader:
        from quizdeck.grading.typed import text_answer

        return text_answer
