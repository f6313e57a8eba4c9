"""Cards as JSON: one object per card, for scripts and other tools."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from quizdeck.cards import Card
from quizdeck.display import inert_json
from quizdeck.kinds import kind_of


def card_to_dict(card: Card) -> dict[str, Any]:
    """A card as plain JSON data.

    ``answers`` lists every accepted answer; for ``order`` cards the items in
    order, for ``truefalse`` ``"true"`` or ``"false"``, for ``cloze`` the first
    answer of each blank (``blanks`` has every accepted answer per blank), for
    ``match`` the partner of each item (``pairs`` has the ``[item, partner]`` pairs).
    """
    data: dict[str, Any] = {
        "deck": card.deck_id,
        "id": card.id,
        "fact": card.fact,
        "kind": card.kind.value,
        "prompt": card.prompt,
        "answers": list(card.answers),
        "choices": list(card.choices),
        "explanation": card.explanation,
        "source": card.source,
        "paragraphs": list(card.paragraphs),
        "tags": list(card.tags),
    }
    data.update(kind_of(card).json_fields(card))
    if card.auto_distractors:
        data["distractors"] = "auto"
    if card.correction:
        data["correction"] = card.correction
    return data


def cards_to_json(cards: Sequence[Card]) -> str:
    """A JSON array of ``cards``, indented for reading and diffing."""
    text = json.dumps([card_to_dict(card) for card in cards], ensure_ascii=False, indent=2)
    return inert_json(text)
