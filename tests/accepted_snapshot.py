"""Write ``tests/accepted_before.json``: every answer the bundled decks accept, card by card.

Run once, on the decks as they were before they moved onto the glossary (issue 24, item 5),
so that ``test_accepted_kept.py`` can prove that no answer they accepted was lost when their
``accept`` lists were cut down. Running it again would only record the shorter lists:

    python tests/accepted_snapshot.py > tests/accepted_before.json

Each entry is one card: its deck id, card id, kind and what it accepts. ``answers`` is one
accepted answer per item (the ``answer`` values, then the ``accept`` ones) for typed and
choice cards; for a cloze card, ``blanks`` holds each blank's variants (``{{a|b}}``); for the
other kinds, ``answers`` is the one answer the card takes as a whole (its items, its pairs'
partners, or ``true``/``false``).
"""

from __future__ import annotations

import json
import sys
from typing import Any

from quizdeck.decks.loading import bundled_decks_dir, load_decks
from quizdeck.model import TYPED_KINDS, Card, Kind


def entry(card: Card) -> dict[str, Any]:
    """What ``card`` accepts, as one JSON object."""
    found: dict[str, Any] = {"deck": card.deck_id, "card": card.id, "kind": card.kind.value}
    if card.kind in TYPED_KINDS or card.kind is Kind.CHOICE:
        found["answers"] = list(card.answers)
    elif card.kind is Kind.CLOZE:
        found["blanks"] = [list(blank.answers) for blank in card.blanks]
    else:
        found["answers"] = [list(card.answers)]
    return found


def snapshot() -> list[dict[str, Any]]:
    """Every card of the bundled decks, in deck and card order."""
    paths = sorted(str(path) for path in bundled_decks_dir().glob("*.toml"))
    return [entry(card) for deck in load_decks(paths) for card in deck.cards]


if __name__ == "__main__":
    json.dump(snapshot(), sys.stdout, indent=1, ensure_ascii=False)
    sys.stdout.write("\n")
