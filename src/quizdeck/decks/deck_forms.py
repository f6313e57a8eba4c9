"""A deck's half of give-away detection, worked out once per deck: its answer forms and the
words its cards show (see :mod:`quizdeck.decks.giveaways`, which joins the decks' tables).

A :class:`FormTable` holds, for the cards of one deck in order:

- ``forms``: every answer form (its tokens joined by spaces) with the cards it belongs to,
  and ``wholes`` the forms some card has whole (not only as a family name or initials);
- ``lines`` and ``words``: the words each card shows, its own answer aside, as
  :func:`~quizdeck.decks.answer_forms.plain_text` reads them (or as tokens where it does
  not read the text as it is): one line per card. A card none of whose words may show the
  first token of any deck's form (:func:`~quizdeck.decks.answer_forms.candidate_words`)
  shows no form, so the join reads again only the cards whose line has one;
- ``own``: the runs of tokens inside each card's own answer, shorter than the answer. The
  own answer shows another card's answer only as such a run (a form equal to it, or a
  part of an answer, is the siblings' business), so the join finds those by key, without
  the cards. Each card is noted as ``position * 2 + before`` (before: the answer is shown
  before answering, as a choice card's right option is).

Everything is plain data (text, numbers, lists), so the deck cache keeps a table beside its
deck, in columns (:mod:`quizdeck.decks.deck_columns`, :mod:`quizdeck.decks.cache_forms`).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple

from quizdeck.decks.answer_forms import (
    _ISO_DATE,
    MONTHS,
    _date,
    answer_forms,
    plain_text,
    token_tuple,
    tokens,
)
from quizdeck.decks.format import collection_paused
from quizdeck.model import TYPED_KINDS, Card, Kind, text_around_blanks

#: Kinds whose card shows its prompt whole and nothing of its own answer before it is answered.
_PLAIN_KINDS = frozenset(TYPED_KINDS | {Kind.TRUEFALSE, Kind.FLIP})
#: One card's form: its position in the deck, its place among the card's forms, how a report
#: writes it, and whether it is a part of the answer (a family name, initials).
FormEntry = tuple[int, int, str, bool]


class FormTable(NamedTuple):
    """What give-away detection needs of one deck's cards (see the module's docstring)."""

    deck_id: str
    ids: list[str]
    facts: list[str]
    #: Each form (tokens joined by spaces) with its cards, in deck order.
    forms: dict[str, list[FormEntry]]
    #: The forms some card has as its whole answer (not only as a part of it).
    wholes: frozenset[str]
    #: Every word the cards show, their own answers aside.
    words: frozenset[str]
    #: The words each card shows, one line per card (its own answer aside); None when not kept.
    lines: str | None
    #: Each run of tokens shorter than a card's own answer, with the cards (see the module).
    own: dict[str, list[int]]
    #: The most tokens of a form.
    longest: int

    @property
    def size(self) -> int:
        """How many cards the table describes."""
        return len(self.ids)


def form_table(deck_id: str, cards: Sequence[Card], *, lines: bool = True) -> FormTable:
    """The table of ``cards``, the cards of the deck ``deck_id`` in order; without ``lines``
    (and ``words``) when the join will have the cards at hand (see ``join_tables``)."""
    with collection_paused():  # many small objects, no cycles
        return _form_table(deck_id, cards, lines)


def _form_table(deck_id: str, cards: Sequence[Card], keep_lines: bool) -> FormTable:
    forms: dict[str, list[FormEntry]] = {}
    own: dict[str, list[int]] = {}
    for position, card in enumerate(cards):
        for number, form in enumerate(answer_forms(card)):
            forms.setdefault(" ".join(form.tokens), []).append(
                (position, number, form.text, form.part)
            )
        _own_runs(card, position, own)
    text = "\n".join(map(card_line, cards)) if keep_lines else None
    return FormTable(
        deck_id,
        [card.id for card in cards],
        [card.fact for card in cards],
        forms,
        frozenset(key for key, entries in forms.items() if not all(e[3] for e in entries)),
        shared(set(text.split())) if text is not None else frozenset(),
        text,
        own,
        max((key.count(" ") + 1 for key in forms), default=0),
    )


def shared(words: Iterable[str]) -> frozenset[str]:
    """``words``, each the one copy of its text in the process (decks share most words)."""
    return frozenset(map(sys.intern, words))


def _others(card: Card) -> list[str]:
    """The texts ``card`` shows that are not its own answer (see ``shown_texts``)."""
    if card.kind in _PLAIN_KINDS and not card.choices and not card.pairs:
        return [card.prompt, card.correction, card.explanation]
    return list(_other_texts(card))


def _other_texts(card: Card) -> Iterator[str]:
    if card.kind is Kind.CLOZE:
        yield from text_around_blanks(card.prompt)
    else:
        yield card.prompt
    if card.choices:
        right = card.answers[0] if card.kind is Kind.CHOICE and card.answers else None
        yield from (option for option in card.choices if option != right)
    if card.kind is Kind.ORDER:
        yield from card.answers
    for pair in card.pairs:
        yield from pair
    if card.correction:
        yield card.correction
    if card.explanation:
        yield card.explanation


def card_line(card: Card) -> str:
    """The words ``card`` shows, its own answer aside, on one line (see the module)."""
    texts = _others(card)
    plain = plain_text("\n".join(texts))
    if plain is not None:
        return plain.decode()
    return " ".join(word for text in texts for word in tokens(text))


def _iso_date_tokens(text: str) -> tuple[str, ...]:
    """``tokens(text)`` for an ISO date (2021-11-07: day, month, year), quicker; else ()."""
    parsed = _date(text) if _ISO_DATE.fullmatch(text) else None
    if parsed is None:
        return ()
    year, month, day = parsed
    if month is None or day is None:
        return ()
    return (str(day), MONTHS[month - 1], str(year))


def _own_texts(card: Card) -> Iterator[tuple[str, bool]]:
    """The texts of ``card``'s own answer it shows, and whether before it is answered (as
    ``shown_texts`` marks them ``own``)."""
    if card.kind is Kind.CHOICE and card.answers:
        right = card.answers[0]
        yield from ((option, True) for option in card.choices if option == right)
    if card.kind in TYPED_KINDS and card.answers:
        yield card.answers[0], False
    for blank in card.blanks:
        if blank.answers:
            yield blank.answers[0], False


def _own_runs(card: Card, position: int, own: dict[str, list[int]]) -> None:
    """Note every run of tokens shorter than one of ``card``'s own answers (once per card)."""
    noted: set[str] = set()
    for text, before in _own_texts(card):
        if text.isascii() and text.strip().isdigit():
            continue  # a plain number is one token: no shorter run
        whole = _iso_date_tokens(text) or token_tuple(text)
        length = len(whole)
        if length < 2:
            continue
        place = position * 2 + before
        # Two tokens (most answers): the runs are the tokens themselves.
        runs = whole if length == 2 else _runs(whole)
        for key in runs:
            if key not in noted:
                noted.add(key)
                own.setdefault(key, []).append(place)


def _runs(whole: tuple[str, ...]) -> Iterator[str]:
    """Every run of ``whole``'s tokens shorter than it, shortest first."""
    for size in range(1, len(whole)):
        for start in range(len(whole) - size + 1):
            yield " ".join(whole[start : start + size])
