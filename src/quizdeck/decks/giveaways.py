"""Give-aways: a card that shows the answer of a card of another fact, and the cards kept apart.

:func:`find_giveaways` builds an index of every answer form once (keyed by its first
token, see :mod:`quizdeck.decks.answer_forms`), then reads each card's shown text once
and looks each token up: the work grows with the number of tokens and of matches, not
with the number of card pairs. :class:`KeepApart` turns the give-aways into keep-apart
groups: a card belongs to its fact and to one group per card it is kept apart from, and
the session keeps cards of one group apart as it keeps siblings apart.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from quizdeck.decks.answer_forms import (
    answer_forms,
    plain_words,
    shown_texts,
    tokens,
    word_candidates,
)
from quizdeck.decks.format import collection_paused
from quizdeck.model import Card

Key = tuple[str, str]


#: A form shown by more cards than this is a common word of the decks, not one card's
#: give-away: lint reports it once ("more than 100 cards"), and the session does not keep its
#: card apart from them all (the scan stops looking for it).
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


class _Needle:
    """One answer form: its cards, and the cards showing it (where, and whether before)."""

    __slots__ = ("common", "owners", "part", "shown_by", "text", "tokens")

    def __init__(self, tokens: tuple[str, ...], text: str, part: bool) -> None:
        self.tokens, self.text, self.part = tokens, text, part
        self.owners: list[int] = []
        self.shown_by: dict[int, tuple[str, bool]] = {}
        self.common = False

    def seen(self, card: int, field: str, before: bool) -> bool:
        """Note that ``card`` shows this form; False once the form is common."""
        known = self.shown_by.get(card)
        if known is None or (before and not known[1]):
            self.shown_by[card] = (field, before)
        return len(self.shown_by) <= COMMON


def find_giveaways(cards: Sequence[Card]) -> Detection:
    """Every (shower, owner) pair of cards of different facts where the shower shows a form of
    the owner's answer, once per pair (a field shown before answering first); and the answers
    shown by more than :data:`COMMON` cards."""
    with collection_paused():  # many small objects, no cycles
        return _find(cards)


def _find(cards: Sequence[Card]) -> Detection:
    needles: dict[tuple[str, ...], _Needle] = {}
    first: dict[str, list[_Needle]] = defaultdict(list)
    for number, card in enumerate(cards):
        for form in answer_forms(card):
            needle = needles.get(form.tokens)
            if needle is None:
                needle = needles[form.tokens] = _Needle(form.tokens, form.text, form.part)
                first[form.tokens[0]].append(needle)
            needle.part = needle.part and form.part
            if not needle.owners or needle.owners[-1] != number:
                needle.owners.append(number)
    lookup = first.get
    candidates = word_candidates(first)
    for number, card in enumerate(cards):
        for field, before, text, own in shown_texts(card):
            plain = plain_words(text)
            if plain is not None and candidates.isdisjoint(plain):
                continue  # no word of it can be a form's first token
            words = tokens(text)
            whole = tuple(words) if own else ()
            common = []
            for start in [i for i, word in enumerate(words) if word in first]:
                for needle in lookup(words[start]) or ():
                    size = len(needle.tokens)
                    matched = size == 1 or tuple(words[start : start + size]) == needle.tokens
                    if whole and (needle.part or needle.tokens == whole):
                        continue  # its own answer: the same answer is the siblings' business
                    if matched and not needle.seen(number, field, before):
                        common.append(needle)
            for needle in dict.fromkeys(common):
                _forget(first, needle)  # common: no need to look for it further
    return _pairs(cards, needles.values())


def _forget(first: dict[str, list[_Needle]], needle: _Needle) -> None:
    entries = first[needle.tokens[0]]
    entries.remove(needle)
    if not entries:
        del first[needle.tokens[0]]


def _pairs(cards: Sequence[Card], needles: Iterable[_Needle]) -> Detection:
    facts = [card.fact_key for card in cards]
    found: dict[tuple[int, int], Giveaway] = {}
    common: dict[int, Common] = {}
    for needle in needles:
        shown_by = needle.shown_by
        if len(shown_by) > COMMON:  # a word of the whole deck set: reported, not kept apart
            before = any(where[1] for where in shown_by.values())
            for owner in needle.owners:
                known = common.get(owner)
                if known is None or known.cards < len(shown_by):
                    common[owner] = Common(cards[owner].key, needle.text, len(shown_by), before)
            continue
        for owner in needle.owners:
            for shower, (field, before) in shown_by.items():
                if shower == owner or facts[shower] == facts[owner]:
                    continue
                known_pair = found.get((shower, owner))
                if known_pair is None or (before and not known_pair.before):
                    giveaway = Giveaway(cards[shower].key, cards[owner].key, field, before,
                                        needle.text)  # fmt: skip
                    found[(shower, owner)] = giveaway
    return Detection(list(found.values()), list(common.values()))
