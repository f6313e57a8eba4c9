"""Answers guessable from patterns, per deck and for the decks together.

True/false cards that are mostly true (or mostly false), choice cards whose right option
is the longest too often or by far, and a right option that is the only one of its type
(a country among people, a group among names).
"""

from __future__ import annotations

from collections.abc import Sequence

from quizdeck.decks.format import Deck, display_path
from quizdeck.grading.countries import is_country
from quizdeck.grading.organisations import GENERIC_WORDS
from quizdeck.grading.wording import is_name
from quizdeck.lint.findings import Finding, Level, at, deck_line
from quizdeck.lint.sorts import Sort, sort_of
from quizdeck.model import Card, Kind

#: The share of true statements below or above which true/false cards are guessable.
TRUE_SHARE = (0.30, 0.70)
#: The share of choice cards whose right option is the longest beyond which length guesses.
LONGEST_SHARE = 1 / 3
#: A right option this many times the mean length of the others stands out.
LONGER = 1.5
#: Fewest cards a share is judged on.
FEWEST = 4


def _deck_finding(deck: Deck, message: str) -> Finding:
    return Finding(display_path(deck.path), deck_line(deck.path), Level.WARNING, message)


def _true_share(cards: Sequence[Card]) -> str | None:
    statements = [card for card in cards if card.kind is Kind.TRUEFALSE]
    if len(statements) < FEWEST:
        return None
    true = sum(1 for card in statements if card.answers[:1] == ("true",))
    share = true / len(statements)
    if TRUE_SHARE[0] <= share <= TRUE_SHARE[1]:
        return None
    return (
        f"{true} of {len(statements)} true/false cards are true ({share:.0%}): answering "
        f"'{'true' if share > TRUE_SHARE[1] else 'false'}' always scores well; aim for 30-70 %"
    )


def _longest(card: Card) -> bool:
    right = len(card.answers[0])
    return all(right > len(option) for option in card.choices if option != card.answers[0])


def _choice_cards(cards: Sequence[Card]) -> list[Card]:
    return [c for c in cards if c.kind is Kind.CHOICE and c.answers and len(c.choices) >= 3]


def _longest_share(cards: Sequence[Card]) -> str | None:
    choices = _choice_cards(cards)
    if len(choices) < FEWEST:
        return None
    longest = sum(1 for card in choices if _longest(card))
    if longest <= len(choices) * LONGEST_SHARE:
        return None
    return (
        f"the right option is the longest in {longest} of {len(choices)} choice cards: "
        "'pick the longest' scores well; lengthen some wrong options"
    )


def _stands_out(card: Card) -> Finding | None:
    others = [option for option in card.choices if option != card.answers[0]]
    if not others:
        return None
    mean = sum(len(option) for option in others) / len(others)
    if len(card.answers[0]) < LONGER * mean:
        return None
    message = (
        f"the right option is {len(card.answers[0]) / mean:.1f}× the mean length of the others "
        f"({len(card.answers[0])} characters against {mean:.0f}): it stands out"
    )
    return at(card, Level.WARNING, message)


def option_type(text: str) -> str:
    """What a student sees an option as: a year, date or number, a country, a group, a name,
    or words."""
    sort = sort_of(text)
    if sort is not Sort.WORDS:
        return str(sort)
    if is_country(text):
        return "country"
    words = [word.strip(".,").lower() for word in text.split()]
    if any(word in GENERIC_WORDS for word in words):
        return "group"
    if is_name(text) and len(words) >= 2:
        return "name"
    return "words"


def _only_of_its_type(card: Card) -> Finding | None:
    others = [option for option in card.choices if option != card.answers[0]]
    if len(others) < 2:
        return None
    kinds = {option_type(option) for option in others}
    right = option_type(card.answers[0])
    if len(kinds) != 1 or right in kinds or kinds & {"year", "date", "number", "decade"}:
        return None  # a year among names is already an error (see shapes.mixed_choices)
    (kind,) = kinds
    message = f"the right option is the only {right} among {kind}s: it can be picked by type"
    return at(card, Level.WARNING, message)


def pattern_checks(decks: Sequence[Deck]) -> list[Finding]:
    """The pattern findings of each deck, of each choice card, and of the decks together."""
    found: list[Finding] = []
    for deck in decks:
        for share in (_true_share(deck.cards), _longest_share(deck.cards)):
            if share is not None:
                found.append(_deck_finding(deck, f"deck '{deck.id}': {share}"))
        for card in _choice_cards(deck.cards):
            found += [f for f in (_stands_out(card), _only_of_its_type(card)) if f is not None]
    if len(decks) > 1:
        cards = [card for deck in decks for card in deck.cards]
        for share in (_true_share(cards), _longest_share(cards)):
            if share is not None:
                found.append(_deck_finding(decks[0], f"the {len(decks)} decks together: {share}"))
    return found
