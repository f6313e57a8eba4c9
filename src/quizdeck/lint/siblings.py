"""Checks on siblings: cards that name the same fact, in one deck or across decks.

Siblings must agree on what they accept; a fact needs more than true/false
cards; two siblings of one kind asking for the same answer are a repeat, not
another angle; and in a deck that names facts every card should name one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from itertools import combinations

from quizdeck.decks.format import Deck
from quizdeck.kinds import grade
from quizdeck.lint.findings import Finding, Level, at, ref
from quizdeck.model import TYPED_KINDS, Card, Kind


def by_fact(cards: Sequence[Card]) -> dict[str, list[Card]]:
    """The cards that name a fact, grouped by it, in deck order."""
    groups: dict[str, list[Card]] = defaultdict(list)
    for card in cards:
        if card.fact:
            groups[card.fact].append(card)
    return groups


def _same_answer(card: Card, other: Card) -> bool:
    """Whether each card accepts the other's answer: they ask for the same thing."""
    return bool(card.answers and other.answers) and (
        grade(card, other.answers[0]).correct and grade(other, card.answers[0]).correct
    )


def _rejected(card: Card, other: Card) -> list[str]:
    """What ``other`` accepts and ``card`` grades wrong."""
    return [answer for answer in other.answers if not grade(card, answer).correct]


def differing_accepts(group: Sequence[Card]) -> list[Finding]:
    """Typed siblings with the same answer must accept the same variants."""
    typed = [card for card in group if card.kind in TYPED_KINDS]
    found = []
    for first, second in combinations(typed, 2):
        if not _same_answer(first, second):
            continue
        for card, other in ((first, second), (second, first)):
            if rejected := _rejected(card, other):
                shown = ", ".join(f"'{answer}'" for answer in rejected)
                message = (
                    f"rejects {shown}, accepted by its sibling {ref(card, other)} "
                    f"(fact '{card.fact}')"
                )
                found.append(at(card, Level.ERROR, message))
    return found


def _form(card: Card) -> tuple[object, ...]:
    """What a card asks for, beyond its kind: cards of one form and fact are a repeat."""
    if card.kind is Kind.TRUEFALSE:
        return ()
    if card.kind is Kind.CLOZE:
        return tuple(blank.answers[:1] for blank in card.blanks)
    if card.kind is Kind.ORDER:
        return (len(card.answers),)
    return ("answer",)


def _repeats(card: Card, other: Card) -> bool:
    if card.kind is not other.kind or _form(card) != _form(other):
        return False
    return _form(card) != ("answer",) or _same_answer(card, other)


def repeated_siblings(group: Sequence[Card]) -> list[Finding]:
    """Two siblings of one kind asking for the same answer: reported at the later one."""
    found = []
    for index, card in enumerate(group):
        other = next((other for other in group[:index] if _repeats(card, other)), None)
        if other is not None:
            message = (
                f"repeats its sibling {ref(card, other)}: same fact '{card.fact}', "
                f"same {card.kind} question; keep one or ask another angle"
            )
            found.append(at(card, Level.WARNING, message))
    return found


def true_false_only(group: Sequence[Card]) -> list[Finding]:
    """A fact tested by true/false cards alone is never recalled, only recognised."""
    if any(card.kind is not Kind.TRUEFALSE for card in group):
        return []
    first, *others = group
    also = "".join(f", and {ref(first, other)}" for other in others)
    message = (
        f"fact '{first.fact}' is tested only by true/false (this card{also}): add a typed card"
    )
    return [at(first, Level.WARNING, message)]


def facts_missing(deck: Deck) -> list[Finding]:
    """In a deck whose cards name facts, a card that names none."""
    named = sum(1 for card in deck.cards if card.fact)
    if not named:
        return []
    return [
        at(card, Level.WARNING, f"card names no fact, unlike {named} card(s) of deck '{deck.id}'")
        for card in deck.cards
        if not card.fact
    ]


def sibling_checks(decks: Sequence[Deck]) -> list[Finding]:
    """Every sibling check, facts grouped across all ``decks``."""
    found: list[Finding] = []
    for deck in decks:
        found += facts_missing(deck)
    for group in by_fact([card for deck in decks for card in deck.cards]).values():
        found += differing_accepts(group)
        found += repeated_siblings(group)
        found += true_false_only(group)
    return found
