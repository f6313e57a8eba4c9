"""Give-aways: a card that shows the answer of a card of another fact.

Each deck's half of the work is done once per deck (:func:`~quizdeck.decks.deck_forms.form_table`:
its answer forms, the words its cards show, the runs inside its cards' own answers), and
:func:`join_tables` joins the tables of a set of decks: set operations over the decks' words
and forms, one pass at C speed over each deck's lines, and a Python step only for a card
whose words may show a form (read again, text by text, as tokens) and for each match. The
runs inside own answers meet the forms by key. :func:`find_giveaways` does both for a list
of cards (what ``quiz lint`` reports). Sessions, which need only which cards to keep apart,
work pair of decks by pair of decks from the tables in columns kept in the deck cache (see
:mod:`quizdeck.decks.shown`).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import compress, count, groupby
from operator import attrgetter, not_
from typing import NamedTuple

from quizdeck.decks.answer_forms import candidate_words, plain_text, shown_texts, tokens
from quizdeck.decks.deck_forms import FormTable, card_line, form_table
from quizdeck.decks.format import collection_paused
from quizdeck.model import Card

Key = tuple[str, str]
#: The cards of the ``number``-th table at these positions, by position (those it can read).
Fetch = Callable[[int, list[int]], dict[int, Card]]

#: A form shown by more cards than this is a common word of the decks, not one card's
#: give-away: lint reports it once ("more than 100 cards"), and the session does not keep its
#: card apart from them all (only the first of those cards count).
COMMON = 100


class Giveaway(NamedTuple):
    """Card ``shower`` shows ``text``, a form of card ``owner``'s answer, in ``field``."""

    shower: Key
    owner: Key
    field: str
    before: bool
    text: str


class Common(NamedTuple):
    """A card whose answer (in the form ``text``) more than :data:`COMMON` cards show."""

    owner: Key
    text: str
    cards: int
    before: bool


class Detection(NamedTuple):
    """What :func:`find_giveaways` found."""

    giveaways: list[Giveaway]
    common: list[Common]


def find_giveaways(cards: Sequence[Card]) -> Detection:
    """Every (shower, owner) pair of cards of different facts where the shower shows a form of
    the owner's answer, once per pair (a field shown before answering first); and the answers
    shown by more than :data:`COMMON` cards."""
    chunks = [list(run) for _, run in groupby(cards, key=attrgetter("deck_id"))]
    tables = [form_table(chunk[0].deck_id, chunk, lines=False) for chunk in chunks]

    def fetch(number: int, positions: list[int]) -> dict[int, Card]:
        return {position: chunks[number][position] for position in positions}

    return join_tables(tables, fetch, chunks)


def join_tables(
    tables: Sequence[FormTable], fetch: Fetch, cards: Sequence[Sequence[Card]] = ()
) -> Detection:
    """:func:`find_giveaways` over the cards the ``tables`` describe, in order; ``fetch`` gives
    the few cards read again. A table kept without its lines needs its ``cards``."""
    with collection_paused():
        return _Join(tables, fetch, cards).detection()


class _Join:
    """The give-aways among the cards of several tables (numbered in order across them)."""

    def __init__(
        self, tables: Sequence[FormTable], fetch: Fetch, cards: Sequence[Sequence[Card]]
    ) -> None:
        self.tables, self.fetch, self.cards = tables, fetch, cards
        self.offsets = [0]
        for table in tables:
            self.offsets.append(self.offsets[-1] + table.size)
        self.forms = set[str]().union(*(table.forms.keys() for table in tables))
        #: The forms some card has whole (the others are only parts of answers).
        self.wholes = frozenset[str]().union(*(table.wholes for table in tables))
        self.candidates = candidate_words({key.split(" ", 1)[0] for key in self.forms})
        self.longest = max((table.longest for table in tables), default=0)
        #: Per form, the cards showing it: card number -> (field, before).
        self.shown: dict[str, dict[int, tuple[str, bool]]] = {}
        self._cards: dict[int, tuple[Key, tuple[str, str]]] = {}

    def detection(self) -> Detection:
        read_again: set[int] = set()
        for number, table in enumerate(self.tables):
            positions = self._worth_reading(number, table)
            if positions:
                offset = self.offsets[number]
                for position, card in sorted(self.fetch(number, positions).items()):
                    self._read(offset + position, card)
                    read_again.add(offset + position)
        for number, table in enumerate(self.tables):
            self._own_answers(number, table, read_again)
        return self._pairs()

    def _worth_reading(self, number: int, table: FormTable) -> list[int]:
        """The positions of the cards of ``table`` with a word that may start a form."""
        if table.lines is None:  # the cards are at hand: their lines, one at a time
            lines: Iterable[str] = map(card_line, self.cards[number])
            hits = self.candidates
        else:
            hits = table.words & self.candidates
            lines = table.lines.split("\n")[: table.size]
        if not hits:
            return []
        return list(compress(count(), map(not_, map(hits.isdisjoint, map(str.split, lines)))))

    def _forms_at(self, words: list[str], start: int) -> Iterator[str]:
        if words[start] not in self.candidates:
            return
        for size in range(1, min(self.longest, len(words) - start) + 1):
            key = " ".join(words[start : start + size])
            if key in self.forms:
                yield key

    def _read(self, number: int, card: Card) -> None:
        """Note every form ``card`` (card ``number``) shows, in the field it first shows it."""
        for field, before, text, own in shown_texts(card):
            plain = plain_text(text)
            if plain is not None and self.candidates.isdisjoint(plain.decode().split()):
                continue  # no word of it can start a form
            words = tokens(text)
            whole = " ".join(words) if own and words else None
            for start in range(len(words)):
                for key in self._forms_at(words, start):
                    if whole is not None and (key == whole or key not in self.wholes):
                        continue  # its own answer: the same answer is the siblings' business
                    self._note(key, number, field, before)

    def _note(self, key: str, number: int, field: str, before: bool) -> None:
        shown_by = self.shown.setdefault(key, {})
        known = shown_by.get(number)
        if known is None or (before and not known[1]):
            shown_by[number] = (field, before)

    def _own_answers(self, number: int, table: FormTable, read_again: set[int]) -> None:
        """Note the forms shown inside the own answers of the cards not read again."""
        offset = self.offsets[number]
        # Only forms some card has whole: a part of an answer in an own answer is left out.
        for key in table.own.keys() & self.wholes:
            for place in table.own[key]:
                position, before = divmod(place, 2)
                if offset + position not in read_again:
                    field = "option" if before else "answer"
                    self._note(key, offset + position, field, bool(before))

    def _card(self, number: int) -> tuple[Key, tuple[str, str]]:
        """Card ``number``'s key and what makes cards siblings (see ``Card.fact_key``)."""
        known = self._cards.get(number)
        if known is None:
            index = bisect.bisect_right(self.offsets, number) - 1
            table, position = self.tables[index], number - self.offsets[index]
            key, fact = (table.deck_id, table.ids[position]), table.facts[position]
            known = (key, ("fact", fact) if fact else ("card", f"{key[0]}/{key[1]}"))
            self._cards[number] = known
        return known

    def _owners(self, key: str) -> tuple[list[int], str, tuple[int, int]]:
        """The cards with the form ``key`` in order, how the first writes it, and where it
        comes first (its card, and its place among that card's forms)."""
        owners: list[int] = []
        text, first = "", (-1, -1)
        for number, table in enumerate(self.tables):
            for position, place, written, _part in table.forms.get(key, ()):
                card = self.offsets[number] + position
                if not owners:
                    text, first = written, (card, place)
                if not owners or owners[-1] != card:
                    owners.append(card)
        return owners, text, first

    def _pairs(self) -> Detection:
        found: dict[tuple[int, int], Giveaway] = {}
        common: dict[int, Common] = {}
        needles = [(self._owners(key), key) for key in self.shown]
        needles.sort(key=lambda needle: needle[0][2])  # in the order the forms come first
        for (owners, text, _first), key in needles:
            shown_by = sorted(self.shown[key].items())
            if len(shown_by) > COMMON:  # a word of the whole deck set: reported, not kept apart
                before = any(where[1] for _card, where in shown_by[: COMMON + 1])
                for owner in owners:
                    if owner not in common:
                        common[owner] = Common(self._card(owner)[0], text, COMMON + 1, before)
                continue
            for owner in owners:
                owner_key, owner_fact = self._card(owner)
                for shower, (field, before) in shown_by:
                    shower_key, shower_fact = self._card(shower)
                    if shower == owner or shower_fact == owner_fact:
                        continue
                    known_pair = found.get((shower, owner))
                    if known_pair is None or (before and not known_pair.before):
                        giveaway = Giveaway(shower_key, owner_key, field, before, text)
                        found[(shower, owner)] = giveaway
        return Detection(list(found.values()), list(common.values()))
