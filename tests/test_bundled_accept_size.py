"""The bundled decks grade with their glossary, not long accept lists (issue 24, item 5)."""

from __future__ import annotations

from quizdeck.decks.loading import bundled_decks_dir, load_decks
from quizdeck.model import TYPED_KINDS

#: At most this many accepted forms (``answer`` and ``accept`` values) per typed card, on average.
MAX_AVERAGE_FORMS = 3.0


def test_typed_cards_average_at_most_three_accepted_forms() -> None:
    paths = sorted(str(path) for path in bundled_decks_dir().glob("*.toml"))
    typed = [card for deck in load_decks(paths) for card in deck.cards if card.kind in TYPED_KINDS]
    forms = sum(len(card.answers) for card in typed)
    assert typed
    assert forms / len(typed) <= MAX_AVERAGE_FORMS, f"{forms} forms on {len(typed)} typed cards"


def test_every_bundled_deck_has_a_glossary() -> None:
    paths = sorted(str(path) for path in bundled_decks_dir().glob("*.toml"))
    for deck in load_decks(paths):
        assert deck.cards[0].glossary, deck.id
