"""The cards a command works on, as the progress store sees them: per deck, an index of its
cards (ids, facts, content hashes, tags) and a way to fetch the few cards it asks.

A scope is made from decks or from a plain list of cards. Cards of a cached deck are
never all read for it (see :class:`quizdeck.decks.format.CardList`): the store indexes a
deck only when its digest changes, and the queue fetches only the cards it asks.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from quizdeck.decks.apart import NOTHING_APART, KeepApart
from quizdeck.decks.format import CardList, Deck, IndexRow, cards_by_id
from quizdeck.model import NO_STUDY, Card, DeckStudy

if TYPE_CHECKING:
    import sqlite3

    from quizdeck.decks.deck_columns import DeckColumns
    from quizdeck.decks.shown import Record

Key = tuple[str, str]


@dataclass(frozen=True)
class ScopeDeck:
    """One deck of a scope."""

    deck_id: str
    digest: str  # equal digests: equal index rows
    index_rows: Callable[[], list[IndexRow]]
    fetch: Callable[[Collection[str]], dict[str, Card]]
    #: Every card of the deck (read only to find give-aways; None: the deck is left out).
    every_card: Callable[[], Sequence[Card] | None] = tuple
    #: The digest names the deck file's content as the deck cache keeps it.
    cached: bool = False
    #: The deck's study settings (its ``[deck.study]`` table).
    study: DeckStudy = NO_STUDY
    #: How many cards the deck has (known without reading them).
    size: int = 0


class Scope:
    """The decks a command works on (in order), each indexed and fetched on demand."""

    def __init__(self, decks: Iterable[ScopeDeck]) -> None:
        self.decks = list(decks)
        self.deck_ids = [deck.deck_id for deck in self.decks]
        self._apart: KeepApart | None = None

    def apart(self) -> KeepApart:
        """The cards of the scope that give each other away, kept apart in sessions: found
        once per set of decks and kept in the deck cache when every deck comes from it."""
        if self._apart is None:
            self._apart = keep_apart(self.decks)
        return self._apart

    @classmethod
    def of_decks(cls, decks: Iterable[Deck]) -> Scope:
        """The scope of loaded decks."""
        return cls(_scope_deck(deck.id, deck.cards, deck.study) for deck in decks)

    @classmethod
    def of_cards(cls, cards: Iterable[Card]) -> Scope:
        """The scope of a list of cards, grouped by deck in order of first appearance."""
        by_deck: dict[str, list[Card]] = {}
        for card in cards:
            by_deck.setdefault(card.deck_id, []).append(card)
        return cls(
            _scope_deck(deck_id, found, found[0].study) for deck_id, found in by_deck.items()
        )

    def studies(self) -> list[tuple[str, DeckStudy]]:
        """Each deck's id and study settings, in order."""
        return [(deck.deck_id, deck.study) for deck in self.decks]

    def keys(self) -> list[Key]:
        """Every card's key, deck by deck, in the decks' order."""
        return [(deck.deck_id, row[0]) for deck in self.decks for row in deck.index_rows()]

    def all_cards(self) -> list[Card]:
        """Every card of the scope (fetched: for small scopes and tests)."""
        return self.cards(self.keys())

    def cards(self, keys: Sequence[Key]) -> list[Card]:
        """The cards with these keys, in that order; keys the decks lack are left out."""
        wanted: dict[str, list[str]] = {}
        for deck_id, card_id in keys:
            wanted.setdefault(deck_id, []).append(card_id)
        found: dict[Key, Card] = {}
        for deck in self.decks:
            if deck.deck_id in wanted:
                for card_id, card in deck.fetch(wanted[deck.deck_id]).items():
                    found[(deck.deck_id, card_id)] = card
        return [found[key] for key in keys if key in found]


def index_row(card: Card) -> IndexRow:
    """What the store indexes of a card."""
    return (card.id, card.fact, card.content_hash(), json.dumps(list(card.tags)))


def _scope_deck(deck_id: str, cards: Sequence[Card], study: DeckStudy) -> ScopeDeck:
    if isinstance(cards, CardList):
        return ScopeDeck(deck_id, cards.digest, cards.index_rows, cards.by_ids, cards.every_card,
                         cached=True, study=study, size=len(cards))  # fmt: skip
    import hashlib

    rows = [index_row(card) for card in cards]
    digest = hashlib.sha256(json.dumps([deck_id, rows]).encode()).hexdigest()[:32]
    return ScopeDeck(
        deck_id, digest, lambda: rows, lambda ids: cards_by_id(cards, ids), lambda: cards,
        study=study, size=len(cards),
    )  # fmt: skip


#: The most cards whose give-aways a session looks for. Each deck's table and what each deck
#: shows of each other deck are kept in the deck cache, so that after an edit to one deck a
#: session works out only what involves that deck (see bench/giveaways.py). Beyond it
#: sessions keep only siblings apart; ``quiz lint`` still finds give-aways.
MAX_KEPT_APART_CARDS = 100_000


def keep_apart(decks: Sequence[ScopeDeck]) -> KeepApart:
    """The cards of ``decks`` that give each other away: from the deck cache when every deck
    comes from it and the set was seen before, else merged from what each deck shows of each
    other deck (see :mod:`quizdeck.decks.shown`; kept in the deck cache for cached decks,
    worked out for the others) and kept when it can be; none for more than
    :data:`MAX_KEPT_APART_CARDS` cards."""
    import hashlib

    from quizdeck.decks.cache import code_version, open_cache

    key = ""
    if decks and all(deck.cached for deck in decks):
        digests = "\n".join(sorted(f"{deck.deck_id}:{deck.digest}" for deck in decks))
        stamp = f"{code_version()}\n{MAX_KEPT_APART_CARDS}\n{digests}"
        key = hashlib.sha256(stamp.encode()).hexdigest()[:32]
        with open_cache() as cache:
            found = cache.apart(key)
        if found is not None:
            return found
    apart = NOTHING_APART  # past the bound; kept too, so the next command does not look again
    if sum(deck.size for deck in decks) <= MAX_KEPT_APART_CARDS:
        from quizdeck.decks.shown import merged_apart  # the grading library: only when needed

        with open_cache() as cache:
            db = cache.connection  # the tables and records live beside the decks (cache_forms)
            tables = _tables(db, decks)
            apart = merged_apart([table for _deck, table in tables], _records(db, tables))
    if key:
        with open_cache() as cache:
            cache.put_apart(key, apart)
    return apart


def _tables(
    db: sqlite3.Connection | None, decks: Sequence[ScopeDeck]
) -> list[tuple[ScopeDeck, DeckColumns]]:
    """Each deck's give-away table: kept in the deck cache, else worked out from its cards (and
    kept); a deck whose cards cannot be read is left out (the caller checked the size bound)."""
    from quizdeck.decks.cache_forms import store_columns, stored_columns
    from quizdeck.decks.deck_columns import columns_of
    from quizdeck.decks.deck_forms import form_table

    found: list[tuple[ScopeDeck, DeckColumns]] = []
    for deck in decks:
        table = stored_columns(db, deck.digest) if deck.cached else None
        if table is None or table.deck_id != deck.deck_id:
            cards = deck.every_card()
            if cards is None:
                continue
            made = form_table(deck.deck_id, cards)
            table = columns_of(made)
            if deck.cached:
                store_columns(db, deck.digest, table)
        found.append((deck, table))
    return found


def _records(
    db: sqlite3.Connection | None, tables: list[tuple[ScopeDeck, DeckColumns]]
) -> dict[tuple[int, int], Record]:
    """What each deck shows of each deck's forms, by (shower, owner) number: kept in the deck
    cache when the shower deck comes from it, else worked out (and kept)."""
    from quizdeck.decks.cache_forms import pair_key, store_records, stored_records
    from quizdeck.decks.shown import records_of

    numbers = range(len(tables))
    keys = {(shower, owner): pair_key(tables[shower][0].digest, tables[owner][1].forms_key)
            for shower in numbers for owner in numbers if tables[shower][0].cached}  # fmt: skip
    sizes = {key: tables[pair[0]][1].size for pair, key in keys.items()}
    kept = stored_records(db, sizes)
    found = {pair: kept[key] for pair, key in keys.items() if key in kept}
    made: dict[str, Record] = {}
    for shower in numbers:
        owners = [owner for owner in numbers if (shower, owner) not in found]
        if not owners:
            continue
        deck, table = tables[shower]

        def read(positions: list[int], deck: ScopeDeck = deck, table: DeckColumns = table
                 ) -> dict[int, Card]:  # fmt: skip
            cards = deck.fetch([table.ids[position] for position in positions])
            by_position = {position: cards.get(table.ids[position]) for position in positions}
            return {position: card for position, card in by_position.items() if card}

        shown = records_of(table, [tables[owner][1] for owner in owners], read)
        for owner, record in zip(owners, shown, strict=True):
            found[(shower, owner)] = record
            if (shower, owner) in keys:
                made[keys[(shower, owner)]] = record
    store_records(db, made)
    return found
