"""The pure rules of a review: the card's next state and when it becomes a leech.

No SQLite here: the store loads the card's state, applies these rules and saves the
result, so they are tested on plain values.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from quizdeck.model import Rating
from quizdeck.scheduler import is_lapse, scheduler_for
from quizdeck.settings import Settings
from quizdeck.store.rows import CardState, Key


def state_number(state: CardState | None) -> int | None:
    """The stored number of a card's scheduling state; None for a new card."""
    return int(state.memory.state) if state and state.memory else None


def reviewed(
    before: CardState | None,
    key: Key,
    content_hash: str | None,
    rating: Rating,
    now: datetime,
    settings: Settings,
) -> tuple[CardState, bool]:
    """The card's state after a start review, and whether it just became a leech."""
    previous = before or CardState(key[0], key[1])
    memory = scheduler_for(settings.scheduler_settings()).review(previous.memory, rating, now)
    lapse = is_lapse(previous.memory, rating)
    lapses = previous.lapses + lapse
    leech_now = lapse and leech_due(lapses, settings.leech_threshold)
    after = replace(
        previous,
        memory=memory,
        reps=previous.reps + 1,
        lapses=lapses,
        leech=previous.leech or leech_now,
        suspended=previous.suspended or (leech_now and settings.leech_action == "suspend"),
        buried_until=still_buried(previous.buried_until, now),
        content_hash=content_hash or previous.content_hash,
        first_seen=previous.first_seen or now,
    )
    return after, leech_now


def still_buried(until: datetime | None, now: datetime) -> datetime | None:
    """A bury that still holds at ``now``, or None once it has run out."""
    return until if until is not None and until > now else None


def leech_due(lapses: int, threshold: int) -> bool:
    """A card is flagged at ``threshold`` lapses, then again every half threshold more."""
    return lapses >= threshold and (lapses - threshold) % max(1, threshold // 2) == 0
