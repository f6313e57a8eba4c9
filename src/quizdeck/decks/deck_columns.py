"""A deck's give-away table in columns, as sessions keep it in the deck cache (see
:mod:`quizdeck.decks.shown`, which joins them pair of decks by pair of decks).

:class:`DeckColumns` holds what :class:`~quizdeck.decks.deck_forms.FormTable` holds that a
session needs, in a few flat columns instead of a tuple per form: the form keys (one text
each), where each key's cards end in ``owners`` (an array of positions), a byte per key (1:
some card has it whole), the own-answer runs likewise, and the words the cards show as text
(one line per card). Reading it back from the cache is then a few C-speed splits and array
copies, with no Python step per card or per form.
"""

from __future__ import annotations

import hashlib
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from itertools import accumulate, compress, count
from operator import itemgetter, methodcaller, not_

from quizdeck.decks.answer_forms import _MONTH_OF, _NUMBER_WORDS
from quizdeck.decks.deck_forms import FormTable

#: The array type of positions and ends (signed integers of at least 32 bits: a scope has at
#: most ``MAX_KEPT_APART_CARDS`` cards).
INTS = "i"


@dataclass(eq=False)
class DeckColumns:
    """One deck's give-away table in columns (see the module's docstring)."""

    deck_id: str
    ids: list[str]
    facts: list[str]
    #: The form keys (tokens joined by spaces), in the table's order.
    keys: list[str]
    #: ``owners[ends[i - 1]:ends[i]]`` are the positions of the cards with key ``i``.
    ends: array[int]
    owners: array[int]
    #: One byte per key: 1 when some card of the deck has it as its whole answer.
    whole: bytes
    #: The runs inside the cards' own answers, and their places (``position * 2 + before``).
    own_keys: list[str]
    own_ends: array[int]
    own_places: array[int]
    #: Every word the cards show (their own answers aside).
    vocabulary: list[str]
    #: The words each card shows, one line per card.
    lines: str
    #: The most tokens of a form.
    longest: int

    @property
    def size(self) -> int:
        """How many cards the table describes."""
        return len(self.ids)

    @cached_property
    def index(self) -> dict[str, int]:
        """Each key's number."""
        return dict(zip(self.keys, range(len(self.keys)), strict=True))

    @cached_property
    def firsts(self) -> frozenset[str]:
        """The first token of every form."""
        return frozenset(map(itemgetter(0), map(methodcaller("partition", " "), self.keys)))

    @cached_property
    def forms_key(self) -> str:
        """Names the deck's forms: what the cards of any deck show of them depends only on
        these (and on that deck), not on the rest of this deck."""
        return hashlib.sha256("\n".join(self.keys).encode()).hexdigest()[:32]

    @cached_property
    def wholes(self) -> frozenset[str]:
        """The keys some card of the deck has as its whole answer."""
        return frozenset(compress(self.keys, self.whole))

    def owners_of(self, number: int) -> array[int]:
        """The positions of the cards with the key numbered ``number`` (in deck order)."""
        return self.owners[self.ends[number - 1] if number else 0 : self.ends[number]]

    def own_positions(self, number: int) -> list[int]:
        """The positions of the cards whose own answer holds the run numbered ``number``."""
        start = self.own_ends[number - 1] if number else 0
        return [place >> 1 for place in self.own_places[start : self.own_ends[number]]]

    def cards_with(self, words: Iterable[str]) -> list[int]:
        """The positions of the cards that show one of ``words``, in order (one split of each
        card's line, and a set operation at C speed)."""
        shows_none = map(set(words).isdisjoint, map(str.split, self.lines.split("\n")))
        return list(compress(count(), map(not_, shows_none)))


def columns_of(table: FormTable) -> DeckColumns:
    """``table`` (kept with its lines) in columns."""
    if table.lines is None:
        raise ValueError("a table in columns needs its lines")
    keys = list(table.forms)
    owners = array(INTS, [entry[0] for entries in table.forms.values() for entry in entries])
    own_places = array(INTS, [place for places in table.own.values() for place in places])
    return DeckColumns(
        table.deck_id,
        table.ids,
        table.facts,
        keys,
        array(INTS, accumulate(map(len, table.forms.values()))),
        owners,
        bytes(key in table.wholes for key in keys),
        list(table.own),
        array(INTS, accumulate(map(len, table.own.values()))),
        own_places,
        list(table.words),
        table.lines,
        table.longest,
    )


def starters(words: Iterable[str], firsts: frozenset[str] | set[str]) -> set[str]:
    """Those of ``words`` that may be read as the first token of a form whose first tokens are
    ``firsts``: the token itself, its plural, a month's short name, a number word when a
    number is wanted (``candidate_words(firsts) & words``, without going over ``firsts``)."""
    found = set(words)
    hits = found & firsts
    hits.update(word for word in found if word[-1:] == "s" and word[:-1] in firsts)
    hits.update(word for word in found & _MONTH_OF.keys() if _MONTH_OF[word] in firsts)
    numbers = found & _NUMBER_WORDS
    if numbers and any(first[:1].isdigit() for first in firsts):
        hits |= numbers
    return hits
