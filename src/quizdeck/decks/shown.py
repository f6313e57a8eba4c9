"""The cards kept apart in sessions, found pair of decks by pair of decks.

A session needs only which cards give each other away, not how (see
:mod:`quizdeck.decks.giveaways` for lint's report). That splits by pair of decks. Which
cards of a deck S show a form of a deck O (O may be S) in a text that is not their own
answer is a :data:`Record`; it depends only on S and on O's forms (see
:class:`~quizdeck.decks.deck_columns.DeckColumns`), and is the only part that reads cards.
The deck cache keeps each record under the shower deck's cache key and the owner deck's
forms, so after an edit to one deck a session works out only the records of that deck
against each deck, and those of the other decks against it when its answers changed. The
rest comes from the tables alone (:func:`merged_apart`): the cards with each form, and the
runs inside own answers, which count for the forms some card of any deck has whole, as in
the join.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator, Mapping, Sequence
from itertools import compress

from quizdeck.decks.answer_forms import plain_text, shown_texts, tokens
from quizdeck.decks.apart import KeepApart
from quizdeck.decks.deck_columns import DeckColumns, starters
from quizdeck.model import Card

#: Which cards of one deck show each form key of another deck (their positions, in order).
Record = dict[str, list[int]]
#: The shower deck's cards at these positions, by position (those it can read).
Read = Callable[[list[int]], dict[int, Card]]


def records_of(shower: DeckColumns, owners: Sequence[DeckColumns], read: Read) -> list[Record]:
    """Which cards of ``shower`` show each form of each of ``owners`` outside their own
    answer (one record per owner). Only the cards that show a word that may start a form are
    read (with ``read``)."""
    records: list[Record] = [{} for _ in owners]
    firsts = frozenset[str]().union(*(owner.firsts for owner in owners))
    hits = starters(shower.vocabulary, firsts) if firsts else set()
    if not hits:
        return records
    longest = max(owner.longest for owner in owners)
    indexes = [owner.index for owner in owners]
    for position, card in sorted(read(shower.cards_with(hits)).items()):
        for key in set(_keys_shown(card, firsts, longest, indexes)):
            for number, index in enumerate(indexes):
                if key in index:
                    records[number].setdefault(key, []).append(position)
    return records


def _keys_shown(
    card: Card, firsts: frozenset[str], longest: int, indexes: list[dict[str, int]]
) -> Iterator[str]:
    """Every form key of ``indexes`` that ``card`` shows outside its own answer."""
    for _field, _before, text, own in shown_texts(card):
        if own:
            continue  # the own answer's runs are in the table (``own_keys``)
        plain = plain_text(text)
        if plain is not None and not starters(plain.decode().split(), firsts):
            continue  # no word of it can start a form
        words = tokens(text)
        for start in range(len(words)):
            if words[start] not in firsts:
                continue
            for size in range(1, min(longest, len(words) - start) + 1):
                key = " ".join(words[start : start + size])
                if any(key in index for index in indexes):
                    yield key


def merged_apart(
    decks: Sequence[DeckColumns], records: Mapping[tuple[int, int], Record]
) -> KeepApart:
    """The cards kept apart, from ``decks`` and the record of every (shower, owner) pair of
    them (numbered as in ``decks``): a card that shows a form of another card's answer, of
    another fact, unless more than ``giveaways.COMMON`` cards show that form."""
    from quizdeck.decks import giveaways

    offsets = [0]
    for deck in decks:
        offsets.append(offsets[-1] + deck.size)
    showers: dict[str, set[int]] = {}
    for (shower, _owner), record in records.items():
        at = offsets[shower]
        for key, positions in record.items():
            showers.setdefault(key, set()).update([at + position for position in positions])
    # An own answer shows the runs inside it that some card has whole (see ``_Join``).
    wholes = frozenset[str]().union(*(deck.wholes for deck in decks))
    for deck, at in zip(decks, offsets, strict=False):
        kept = map(wholes.__contains__, deck.own_keys)
        for number in compress(range(len(deck.own_keys)), kept):
            found = showers.setdefault(deck.own_keys[number], set())
            found.update([at + position for position in deck.own_positions(number)])
    cards = _Cards(decks, offsets)
    pairs: set[tuple[int, int]] = set()
    for key, shown_by in showers.items():
        if len(shown_by) > giveaways.COMMON:
            continue  # a word of the whole deck set: not kept apart
        owners = cards.owners(key)
        if not owners:
            continue
        facts = [(shower, cards.fact(shower)) for shower in shown_by]
        for owner in owners:
            owner_fact = cards.fact(owner)
            pairs.update([(shower, owner) for shower, fact in facts
                          if fact != owner_fact and shower != owner])  # fmt: skip
    return KeepApart((cards.key(shower), cards.key(owner)) for shower, owner in pairs)


class _Cards:
    """The keys and facts of the cards of several decks, numbered in order across them."""

    def __init__(self, decks: Sequence[DeckColumns], offsets: list[int]) -> None:
        self.decks, self.offsets = decks, offsets
        #: Per card read: its key, and what makes it a sibling of another (``Card.fact_key``).
        self._known: dict[int, tuple[tuple[str, str], tuple[str, str]]] = {}

    def owners(self, key: str) -> list[int]:
        """The cards with the form ``key``."""
        found: list[int] = []
        for deck, at in zip(self.decks, self.offsets, strict=False):
            number = deck.index.get(key)
            if number is not None:
                found += [at + position for position in deck.owners_of(number)]
        return found

    def _card(self, number: int) -> tuple[tuple[str, str], tuple[str, str]]:
        known = self._known.get(number)
        if known is None:
            index = bisect.bisect_right(self.offsets, number) - 1
            deck, position = self.decks[index], number - self.offsets[index]
            card_id, fact = deck.ids[position], deck.facts[position]
            sibling = ("fact", fact) if fact else ("card", f"{deck.deck_id}/{card_id}")
            known = self._known[number] = ((deck.deck_id, card_id), sibling)
        return known

    def key(self, number: int) -> tuple[str, str]:
        """Card ``number``'s key."""
        return self._card(number)[0]

    def fact(self, number: int) -> tuple[str, str]:
        """What makes card ``number`` a sibling of another."""
        return self._card(number)[1]
