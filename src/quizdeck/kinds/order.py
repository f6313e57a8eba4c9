"""``order``: put the items in the right order; partial credit for the pairs in order."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from quizdeck.kinds.base import (
    TEXT_SCHEMA,
    Answer,
    AnswerReader,
    CardKind,
    Claim,
    Example,
    Schema,
    Shape,
    json_strings,
)
from quizdeck.kinds.typed import join_list
from quizdeck.model import Card, Given, Kind

if TYPE_CHECKING:
    from quizdeck.grading.verdict import Grade

#: The most items an order card may have (a plain session letters them a to z; each costs
#: grading time), and the longest item: a card is read whole before it is graded.
MAX_ORDER_ITEMS = 26
MAX_ORDER_ITEM_CHARS = 500


def shuffle_order(items: Sequence[str], rng: random.Random) -> tuple[str, ...]:
    """``items`` shuffled so that they are not already in order (when that is possible)."""
    mixed = list(items)
    for _ in range(10):
        rng.shuffle(mixed)
        if mixed != list(items):
            break
    return tuple(mixed)


def is_string_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


class OrderKind(CardKind):
    kind = Kind.ORDER
    shape = Shape.PICK_ORDER
    summary = "put items in the right order"
    list_heading = "The right order:"
    example = Example(
        'prompt = "Put these planets in order, nearest the Sun first."\n'
        'answer = ["Mercury", "Venus", "Earth"]',
        ("Venus", "Mercury", "Earth"),
        "the items in the right order; the student puts them back",
    )

    def read(self, reader: AnswerReader, prompt: str) -> Answer:
        if "answer" not in reader.table:
            reader.problem("card is missing 'answer'")
            return Answer()
        value = reader.table["answer"]
        if not is_string_list(value):
            reader.problem("an order card's answer must be a list of the items, in order", "answer")
            return Answer()
        if len(value) < 2:
            reader.problem("an order card needs at least two items", "answer")
        if len(value) > MAX_ORDER_ITEMS:
            reader.problem(
                f"an order card has at most {MAX_ORDER_ITEMS} items, not {len(value)}", "answer"
            )
            return Answer()
        if any(len(item) > MAX_ORDER_ITEM_CHARS for item in value):
            reader.problem(
                f"an order card has an item longer than {MAX_ORDER_ITEM_CHARS} characters",
                "answer",
            )
            return Answer()
        if len(set(value)) != len(value):
            reader.problem("an order card lists the same item twice", "answer")
        return Answer(answers=tuple(value))

    def answer_schema(self) -> Schema:
        item = {**TEXT_SCHEMA, "maxLength": MAX_ORDER_ITEM_CHARS}
        items = {
            "type": "array",
            "items": item,
            "minItems": 2,
            "maxItems": MAX_ORDER_ITEMS,
            "uniqueItems": True,
        }
        return {"properties": {"answer": items}, "required": ["answer"]}

    def answer_value(self, items: Sequence[str]) -> Any:
        return [item.strip() for item in items if item.strip()] or None

    def json_answer(self, data: Mapping[str, Any]) -> tuple[Any, list[str]]:
        return json_strings(data, "answers") or None, []

    def options(self, card: Card, rng: random.Random) -> tuple[str, ...]:
        return shuffle_order(card.answers, rng)

    def grade(self, card: Card, given: Given) -> Grade:
        from quizdeck.grading.lists import grade_order, split_items

        items = split_items(given) if isinstance(given, str) else list(given)
        return grade_order(card.answers, items)

    def expected(self, card: Card) -> str:
        return " → ".join(card.answers)

    def answer_items(self, card: Card) -> tuple[str, ...]:
        return tuple(f"{n}. {item}" for n, item in enumerate(card.answers, start=1))

    def csv_answer(self, card: Card) -> tuple[str, str]:
        return join_list(card.answers), ""

    def anki_fields(self, card: Card) -> tuple[str, str, str]:
        from quizdeck.interchange.anki_html import card_random, html_list

        mixed = shuffle_order(card.answers, card_random(card))
        return html_list(card.answers, "ol"), "", "Put in order:" + html_list(mixed)

    def claims(self, card: Card) -> tuple[Claim, ...]:
        return tuple(Claim("item", statement=item) for item in card.answers)
