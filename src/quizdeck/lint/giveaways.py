"""Give-aways in lint: a card that shows the answer of a card of another fact.

The detection is :func:`quizdeck.decks.giveaways.find_giveaways` (one index of answer
forms for all the decks). Each finding names both cards, the field and the text shown: an
error when the card shows it before it is answered (prompt, options, items, pairs, cloze
text), a warning when only its feedback does (shown answer, correction, explanation). An
answer shown by :data:`MANY` cards or more is one finding at its own card.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from quizdeck.decks.format import Deck
from quizdeck.decks.giveaways import COMMON, Giveaway, find_giveaways
from quizdeck.lint.findings import Finding, Level, at, ref
from quizdeck.model import Card

#: From this many cards showing one card's answer, it is one finding: the answer is common.
MANY = 5
#: How many of those cards a common-answer finding names.
NAMED = 4


def _level(before: bool) -> Level:
    return Level.ERROR if before else Level.WARNING


def _one(giveaway: Giveaway, shower: Card, owner: Card) -> Finding:
    when = "before it is answered" if giveaway.before else "in its feedback"
    message = (
        f"{giveaway.field} shows '{giveaway.text}', the answer of {ref(shower, owner)} "
        f"({when}); the session keeps the two apart: reword one to ask both the same day"
    )
    return at(shower, _level(giveaway.before), message)


def _common(owner: Card, found: Sequence[Giveaway]) -> Finding:
    before = any(giveaway.before for giveaway in found)
    named = ", ".join(f"'{g.shower[0]}/{g.shower[1]}' ({g.field})" for g in found[:NAMED])
    more = f" and {len(found) - NAMED} more" if len(found) > NAMED else ""
    text = found[0].text
    message = (
        f"answer '{text}' shown in {len(found)} cards: {named}{more}; a student meets it "
        "everywhere: ask something these cards do not show"
    )
    return at(owner, _level(before), message)


def giveaway_checks(decks: Sequence[Deck]) -> list[Finding]:
    """Give-away findings across ``decks`` (see the module's docstring)."""
    cards = {card.key: card for deck in decks for card in deck.cards}
    detection = find_giveaways(list(cards.values()))
    by_owner: dict[tuple[str, str], list[Giveaway]] = defaultdict(list)
    for giveaway in detection.giveaways:
        by_owner[giveaway.owner].append(giveaway)
    found: list[Finding] = []
    for owner, giveaways in by_owner.items():
        giveaways.sort(key=lambda g: (not g.before, g.shower))
        if len(giveaways) >= MANY:
            found.append(_common(cards[owner], giveaways))
            continue
        found += [_one(g, cards[g.shower], cards[owner]) for g in giveaways]
    for common in detection.common:
        message = (
            f"answer '{common.text}' shown in more than {COMMON} cards: a student meets it "
            "everywhere: ask something these cards do not show"
        )
        found.append(at(cards[common.owner], _level(common.before), message))
    return found
