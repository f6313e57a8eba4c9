"""Choosing the cards of a session: the ``quiz start`` queue, and the shuffled cards of a
practice or an exam.

Siblings (cards sharing a ``fact``) are kept apart everywhere: ``quiz start`` asks
at most one per fact a study day (the store builds that queue), and a practice or an
exam asks at most one per fact per run, so one card never gives the next away. Cards
without a fact that share an answer are also kept a few questions apart
(:func:`quizdeck.session.siblings.spread_siblings`): a second line of defence for decks that
do not name their facts.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from quizdeck.decks.apart import NOTHING_APART, KeepApart
from quizdeck.model import Card, Kind
from quizdeck.session.siblings import one_per_fact, spread_siblings

if TYPE_CHECKING:
    from quizdeck.decks.scope import Scope
    from quizdeck.session.log import ReviewLog


def filter_cards(
    cards: Iterable[Card], *, tags: Sequence[str] = (), kinds: Sequence[Kind] = ()
) -> list[Card]:
    """Cards having any of ``tags`` (if given) and one of ``kinds`` (if given)."""
    wanted = {tag.lower() for tag in tags}
    return [
        card
        for card in cards
        if (not wanted or wanted & {tag.lower() for tag in card.tags})
        and (not kinds or card.kind in kinds)
    ]


def shuffled(cards: Iterable[Card], rng: random.Random, count: int | None = None) -> list[Card]:
    """``cards`` in random order, at most ``count`` of them."""
    chosen = list(cards)
    rng.shuffle(chosen)
    return chosen if count is None else chosen[:count]


def practice_queue(
    cards: Iterable[Card], rng: random.Random, count: int, apart: KeepApart = NOTHING_APART
) -> list[Card]:
    """Up to ``count`` of ``cards`` in random order, at most one card per fact and never two
    cards that give each other away (``apart``), cards that share an answer kept apart."""
    return spread_siblings(one_per_fact(shuffled(cards, rng), apart)[:count])


def start_queue(
    log: ReviewLog,
    scope: Scope,
    now: datetime,
    *,
    new_limit: int | None = None,
    limit: int | None = None,
    seed: int = 0,
) -> list[Card]:
    """Due cards, then new ones up to ``new_limit``; at most ``limit`` in all.

    No two cards of one fact, and none whose sibling was answered today; cards that
    share an answer are kept apart, so one does not give the next away.
    """
    queue = log.build_queue(scope, now, new_limit=new_limit, review_limit=limit, seed=seed)
    return spread_siblings(queue if limit is None else queue[:limit])
