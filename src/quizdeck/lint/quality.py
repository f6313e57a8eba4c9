"""Checks on each card alone, and on prompts repeated across cards."""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz

from quizdeck.decks.format import Deck, display_path
from quizdeck.kinds import expected_answer, grade_answer, question_text
from quizdeck.kinds.truefalse import TRUE_OR_FALSE
from quizdeck.lint.answers import answer_in, answer_kind
from quizdeck.lint.findings import Finding, Level, at, deck_line, ref
from quizdeck.lint.giveaways import giveaway_checks
from quizdeck.lint.glossary import glossary_checks
from quizdeck.lint.patterns import pattern_checks
from quizdeck.lint.shapes import shape_checks
from quizdeck.lint.siblings import sibling_checks
from quizdeck.lint.text import words
from quizdeck.model import TYPED_KINDS, Card, Kind

#: rapidfuzz ratio of two normalized prompts (same kind) from which they are near-duplicates.
NEAR_DUPLICATE = 90
#: token-set ratio of two true/false statements from which one is a rewording of the other.
REWORDED = 90
#: token-set ratio of two true/false statements from which one is a rewording of the other.


def _card_basics(card: Card, grounding: bool) -> list[Finding]:
    found = []
    if not card.explanation.strip():
        found.append(at(card, Level.WARNING, "card has no explanation"))
    if not card.source.strip() and not grounding:
        found.append(at(card, Level.WARNING, "card has no source"))
    return found


def _gives_answer_away(card: Card) -> list[Finding]:
    if card.kind in TYPED_KINDS or card.kind is Kind.CHOICE:
        if card.answers and answer_in(answer_kind(card), card.answers, card.prompt):
            return [at(card, Level.ERROR, f"prompt contains its answer '{expected_answer(card)}'")]
        return []
    if card.kind is Kind.CLOZE:
        shown = question_text(card)
        return [
            at(
                card,
                Level.ERROR,
                f"cloze text still shows blank {number}'s answer '{blank.answers[0]}'",
            )
            for number, blank in enumerate(card.blanks, start=1)
            if blank.answers and answer_in(blank.kind, blank.answers, shown)
        ]
    return []


def _choices_equal_to_answer(card: Card) -> list[Finding]:
    if card.kind is not Kind.CHOICE or not card.answers:
        return []
    kind = answer_kind(card)
    return [
        at(
            card,
            Level.ERROR,
            f"choice '{option}' grades as right (the answer is '{card.answers[0]}')",
        )
        for option in card.choices
        if option not in card.answers and grade_answer(kind, list(card.answers), option).correct
    ]


def _single_kind(deck: Deck) -> list[Finding]:
    kinds = {card.kind for card in deck.cards}
    if len(deck.cards) < 2 or len(kinds) != 1:
        return []
    (kind,) = kinds
    message = f"every card of deck '{deck.id}' is a {kind} card: mix in other kinds"
    return [Finding(display_path(deck.path), deck_line(deck.path), Level.WARNING, message)]


def _prompt_pair(card: Card, other: Card, text: str, other_text: str) -> Finding | None:
    """A finding about ``card``'s prompt compared with an earlier card's, if they are too alike."""
    same_kind = card.kind is other.kind
    if text == other_text:
        if same_kind:
            return at(card, Level.ERROR, f"same prompt as {ref(card, other)}")
        return at(card, Level.WARNING, f"same prompt as {ref(card, other)}, a {other.kind} card")
    if same_kind and (score := fuzz.ratio(text, other_text)) >= NEAR_DUPLICATE:
        return at(
            card,
            Level.WARNING,
            f"prompt nearly duplicates {ref(card, other)} ({score:.0f}% alike)",
        )
    if card.kind is Kind.TRUEFALSE and same_kind:
        score = fuzz.token_set_ratio(text, other_text)
        if score >= REWORDED:
            return at(
                card,
                Level.WARNING,
                f"statement is a trivial rewording of "
                f"{ref(card, other)} ({score:.0f}% of words shared)",
            )
    return None


def _similar_prompts(cards: Sequence[Card]) -> list[Finding]:
    """Duplicate, near-duplicate and reworded prompts, each reported once at the later card."""
    texts = [" ".join(words(TRUE_OR_FALSE.sub("", question_text(card)))) for card in cards]
    found = []
    for index, card in enumerate(cards):
        if not texts[index]:
            continue
        for other_index in range(index):
            if not texts[other_index]:
                continue
            finding = _prompt_pair(card, cards[other_index], texts[index], texts[other_index])
            if finding is not None:
                found.append(finding)
                break
    return found


def lint_decks(decks: Sequence[Deck], *, grounding: bool = False) -> list[Finding]:
    """Quality findings on valid decks; prompts are compared across all of them."""
    found: list[Finding] = []
    for deck in decks:
        found += _single_kind(deck)
        for card in deck.cards:
            found += _card_basics(card, grounding)
            found += _gives_answer_away(card)
            found += _choices_equal_to_answer(card)
            found += shape_checks(card)
            found += glossary_checks(card)
    found += sibling_checks(decks)
    found += giveaway_checks(decks)
    found += pattern_checks(decks)
    found += _similar_prompts([card for deck in decks for card in deck.cards])
    return found
