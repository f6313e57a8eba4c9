"""``truefalse``: a statement the student marks true or false; a false one may carry its
``correction``."""

from __future__ import annotations

import random
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from quizdeck.kinds.base import (
    Answer,
    AnswerReader,
    CardKind,
    Claim,
    Example,
    Schema,
    Shape,
    describe,
)
from quizdeck.model import Card, Given, Kind

if TYPE_CHECKING:
    from quizdeck.grading.verdict import Grade

#: A prompt's leading "True or false:", which is not part of the statement.
TRUE_OR_FALSE = re.compile(r"^\s*true\s+or\s+false\s*[:?,.-]?\s*", re.IGNORECASE)


def statement_of(card: Card) -> str:
    """What a true/false card says is true: the prompt if true, its correction if false."""
    if card.answers[:1] == ("true",):
        return TRUE_OR_FALSE.sub("", card.prompt)
    return card.correction


class TrueFalseKind(CardKind):
    kind = Kind.TRUEFALSE
    shape = Shape.PICK_ONE
    summary = "a statement that is true or false"
    fixed_options = ("true", "false")
    keys = frozenset({"answer", "correction"})
    example = Example(
        'prompt = "Water boils at 50 degrees at sea level."\nanswer = false\n'
        'correction = "It boils at 100 degrees."',
        "true",
    )

    def read(self, reader: AnswerReader, prompt: str) -> Answer:
        if "answer" not in reader.table:
            reader.problem("card is missing 'answer'")
            return Answer()
        value = reader.table["answer"]
        if isinstance(value, bool):
            return Answer(answers=("true" if value else "false",))
        if isinstance(value, str) and value.strip().lower() in ("true", "false"):
            return Answer(answers=(value.strip().lower(),))
        reader.problem(f"a truefalse answer must be true or false, not {describe(value)}", "answer")
        return Answer()

    def answer_schema(self) -> Schema:
        truth = r"^\s*([Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee])\s*$"
        value = {"anyOf": [{"type": "boolean"}, {"type": "string", "pattern": truth}]}
        return {"properties": {"answer": value}, "required": ["answer"]}

    def answer_value(self, items: Sequence[str]) -> Any:
        items = [item.strip() for item in items if item.strip()]
        if len(items) == 1 and items[0].lower() in ("true", "false"):
            return items[0].lower() == "true"
        return items[0] if len(items) == 1 else items or None

    def question(self, card: Card) -> str:
        if TRUE_OR_FALSE.match(card.prompt):
            return card.prompt
        return f"True or false? {card.prompt}"

    def json_answer(self, data: Mapping[str, Any]) -> tuple[Any, list[str]]:
        answer, _ = super().json_answer(data)
        return self.answer_value([answer] if isinstance(answer, str) else []), []

    def options(self, card: Card, rng: random.Random) -> tuple[str, ...]:
        return self.fixed_options

    def shown(self, card: Card, text: str) -> str:
        return text.capitalize()

    def grade(self, card: Card, given: Given) -> Grade:
        from quizdeck.grading.choices import grade_truefalse

        return grade_truefalse(card.answers, given if isinstance(given, str) else " ".join(given))

    def csv_answer(self, card: Card) -> tuple[str, str]:
        return card.answers[0] if card.answers else "", ""

    def anki_fields(self, card: Card) -> tuple[str, str, str]:
        from quizdeck.interchange.anki_html import field_text

        truth = "True" if card.answers[:1] == ("true",) else "False"
        answer = f"{truth}: {field_text(card.correction)}" if card.correction else truth
        return answer, "", "True or false?"

    def claims(self, card: Card) -> tuple[Claim, ...]:
        what = "statement" if card.answers[:1] == ("true",) else "correction"
        return (Claim(what, statement=statement_of(card)),)
