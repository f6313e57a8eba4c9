"""``person``: a name the student types; the family name alone also counts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from quizdeck.kinds.base import Example
from quizdeck.kinds.typed import TypedKind
from quizdeck.model import Kind

if TYPE_CHECKING:
    from quizdeck.grading.typed import TypedGrader


class PersonKind(TypedKind):
    kind = Kind.PERSON
    summary = "a name; the family name alone also counts"
    wanted = "(a name)"
    example = Example(
        'prompt = "Who painted the Mona Lisa?"\nanswer = "Leonardo da Vinci"',
        "Michelangelo",
        "the family name alone is also accepted",
    )

    def grader(self) -> TypedGrader:
        from quizdeck.grading.typed import person_answer

        return person_answer
