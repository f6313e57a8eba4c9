"""``match``: pair each item with its partner (leaders with their groups, groups with years).

In the deck file the answer is the list of pairs, each ``[item, partner]``::

    answer = [["Qais al-Khazali", "Asaib Ahl al-Haq"], ["Hadi al-Amiri", "Badr"]]

The student sees the items in the deck's order and the partners shuffled, and
gives a partner for each item; each right pair earns its share of the score.
As text (``quiz add --answer``, a CSV cell) a pair is written ``item = partner``.
"""

from __future__ import annotations

import random
import re
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
)
from quizdeck.kinds.order import shuffle_order
from quizdeck.kinds.typed import join_list
from quizdeck.model import Card, Given, Kind

if TYPE_CHECKING:
    from quizdeck.grading.verdict import Grade

MIN_PAIRS = 2
#: Partners are picked by letter (a–j), so a card has at most this many pairs.
MAX_PAIRS = 10
#: Between an item and its partner when written as text; ``\=`` is a literal ``=``.
_PAIR_SPLIT = re.compile(r"(?<!\\)=")
ARROW = " → "


def pair_text(item: str, partner: str) -> str:
    """``item = partner``, with ``=`` inside either side written ``\\=``."""
    return f"{item.replace('=', chr(92) + '=')} = {partner.replace('=', chr(92) + '=')}"


def split_pair(text: str) -> tuple[str, str] | None:
    """``"item = partner"`` → ``("item", "partner")``; None when it is not one pair."""
    parts = _PAIR_SPLIT.split(text.strip())
    if len(parts) != 2 or not all(part.strip() for part in parts):
        return None
    item, partner = (part.replace("\\=", "=").strip() for part in parts)
    return item, partner


def _pair_list(value: object) -> list[tuple[str, str]] | None:
    if not isinstance(value, list):
        return None
    pairs = []
    for pair in value:
        if not isinstance(pair, list) or len(pair) != 2:
            return None
        if not all(isinstance(side, str) for side in pair):
            return None
        pairs.append((pair[0], pair[1]))
    return pairs


class MatchKind(CardKind):
    kind = Kind.MATCH
    shape = Shape.PAIRS
    summary = "pair each item with its partner"
    wanted = "(a partner for each)"
    list_heading = "The pairs:"
    example = Example(
        'prompt = "Match each capital with its country."\n'
        'answer = [["Lima", "Peru"], ["Quito", "Ecuador"], ["La Paz", "Bolivia"]]',
        ("Ecuador", "Peru", "Bolivia"),
        "[item, partner] pairs; the partners are shuffled",
    )

    def read(self, reader: AnswerReader, prompt: str) -> Answer:
        if "answer" not in reader.table:
            reader.problem("card is missing 'answer'")
            return Answer()
        pairs = _pair_list(reader.table["answer"])
        if pairs is None:
            reader.problem(
                "a match card's answer must be a list of [item, partner] pairs, e.g. "
                '[["Paris", "France"], ["Rome", "Italy"]]',
                "answer",
            )
            return Answer()
        if not MIN_PAIRS <= len(pairs) <= MAX_PAIRS:
            reader.problem(f"a match card needs {MIN_PAIRS} to {MAX_PAIRS} pairs", "answer")
        for side, name in ((0, "item"), (1, "partner")):
            values = [pair[side].strip().casefold() for pair in pairs]
            if not all(values):
                reader.problem(f"a match card has an empty {name}", "answer")
            elif len(set(values)) != len(values):
                reader.problem(f"a match card lists the same {name} twice", "answer")
        return Answer(answers=tuple(right for _, right in pairs), pairs=tuple(pairs))

    def answer_schema(self) -> Schema:
        pair = {"type": "array", "items": TEXT_SCHEMA, "minItems": 2, "maxItems": 2}
        pairs = {"type": "array", "items": pair, "minItems": MIN_PAIRS, "maxItems": MAX_PAIRS}
        return {"properties": {"answer": pairs}, "required": ["answer"]}

    def answer_value(self, items: Sequence[str]) -> Any:
        """``["A = 1", "B = 2"]`` → ``[["A", "1"], ["B", "2"]]``; text that is not a pair stays
        text, for the deck check to name."""
        items = [item for item in items if item.strip()]
        if not items:
            return None
        pairs = [split_pair(item) for item in items]
        return [list(pair) if pair else item for pair, item in zip(pairs, items, strict=True)]

    def sketch(self, answers: Sequence[str], choices: Sequence[str] = (), prompt: str = "") -> Card:
        pairs = tuple(pair for text in answers if (pair := split_pair(text)))
        partners = tuple(partner for _, partner in pairs)
        return Card("", "", self.kind, prompt, partners, pairs=pairs)

    def json_answer(self, data: Mapping[str, Any]) -> tuple[Any, list[str]]:
        pairs = data.get("pairs")
        return (pairs if isinstance(pairs, list) and pairs else None), []

    def options(self, card: Card, rng: random.Random) -> tuple[str, ...]:
        return shuffle_order(card.answers, rng)

    def grade(self, card: Card, given: Given) -> Grade:
        from quizdeck.grading.pairs import grade_pairs, read_pairs

        partners = read_pairs(given, card.pairs) if isinstance(given, str) else list(given)
        return grade_pairs(card.pairs, partners, card.glossary)

    def expected(self, card: Card) -> str:
        return "; ".join(f"{item}{ARROW}{partner}" for item, partner in card.pairs)

    def answer_items(self, card: Card) -> tuple[str, ...]:
        return tuple(f"{item}{ARROW}{partner}" for item, partner in card.pairs)

    def csv_answer(self, card: Card) -> tuple[str, str]:
        return join_list([pair_text(item, partner) for item, partner in card.pairs]), ""

    def json_fields(self, card: Card) -> dict[str, Any]:
        return {"pairs": [list(pair) for pair in card.pairs]}

    def anki_fields(self, card: Card) -> tuple[str, str, str]:
        from quizdeck.interchange.anki_html import card_random, field_text, html_list

        items = [item for item, _ in card.pairs]
        partners = shuffle_order(card.answers, card_random(card))
        lettered = [f"{chr(ord('a') + n)}. {partner}" for n, partner in enumerate(partners)]
        options = "Match each with its partner:" + html_list(items, "ol") + html_list(lettered)
        answer = html_list([f"{item}{ARROW}{partner}" for item, partner in card.pairs])
        return answer, field_text(""), options

    def claims(self, card: Card) -> tuple[Claim, ...]:
        return tuple(
            Claim(f"pair '{item}{ARROW}{partner}'", Kind.TEXT, (item,), partners=(partner,))
            for item, partner in card.pairs
        )
