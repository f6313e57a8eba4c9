"""``choice``: pick the right option, from the card's ``choices`` or drawn from the deck."""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from quizdeck.kinds.base import TEXT_SCHEMA, Answer, AnswerReader, CardKind, Example, Schema, Shape
from quizdeck.kinds.text import TextKind
from quizdeck.kinds.typed import join_list, many
from quizdeck.model import Card, Given, Kind

if TYPE_CHECKING:
    from quizdeck.grading.verdict import Grade


class ChoiceKind(CardKind):
    kind = Kind.CHOICE
    shape = Shape.PICK_ONE
    summary = "pick the right option"
    keys = frozenset({"answer", "accept", "choices", "distractors"})
    example = Example(
        'prompt = "Which is the largest ocean?"\nanswer = "Pacific"\n'
        'choices = ["Atlantic", "Pacific", "Indian"]',
        "Atlantic",
    )
    more_examples = (
        Example(
            'prompt = "Which river flows through Baghdad?"\nanswer = "Tigris"\n'
            'distractors = "auto"',
            "Euphrates",
            "wrong options are drawn from the answers of the deck",
        ),
    )

    def read(self, reader: AnswerReader, prompt: str) -> Answer:
        answers = TextKind().read(reader, prompt).answers
        choices = reader.string_list("choices")
        auto = self._distractors(reader)
        if not choices and not auto:
            reader.problem("a choice card needs 'choices' (or distractors = \"auto\")")
        if choices and answers and answers[0] not in choices:
            reader.problem(f"the answer '{answers[0]}' is not one of the choices", "answer")
        if len(set(choices)) != len(choices):
            reader.problem("a choice is listed twice", "choices")
        return Answer(answers=answers, choices=choices, auto_distractors=auto)

    @staticmethod
    def _distractors(reader: AnswerReader) -> bool:
        value = reader.table.get("distractors")
        if value is None:
            return False
        if value != "auto":
            reader.problem("'distractors' can only be \"auto\"", "distractors")
            return False
        return True

    def answer_schema(self) -> Schema:
        return {
            "properties": {"answer": many(TEXT_SCHEMA)},
            "required": ["answer"],
            "anyOf": [{"required": ["choices"]}, {"required": ["distractors"]}],
        }

    def answer_value(self, items: Sequence[str]) -> Any:
        return TextKind().answer_value(items)

    def options(self, card: Card, rng: random.Random) -> tuple[str, ...]:
        options = list(card.choices)
        rng.shuffle(options)
        return tuple(options)

    def grade(self, card: Card, given: Given) -> Grade:
        from quizdeck.grading.choices import grade_choice

        text = given if isinstance(given, str) else ", ".join(given)
        return grade_choice(card.answers, text, card.choices)

    def csv_answer(self, card: Card) -> tuple[str, str]:
        return join_list(card.answers[:1]), join_list(card.answers[1:])

    def anki_fields(self, card: Card) -> tuple[str, str, str]:
        from quizdeck.interchange.anki_html import (
            accepted_list,
            field_text,
            fixed_shuffle,
            html_list,
        )

        options = html_list(fixed_shuffle(card, card.choices)) if card.choices else ""
        return field_text(self.expected(card)), accepted_list(card.answers[1:]), options
