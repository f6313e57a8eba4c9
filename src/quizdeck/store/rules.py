"""The pure rules of a review: the card's next state and when it becomes a leech.

No SQLite here: the store loads the card's state, applies these rules and saves the
result, so they are tested on plain values.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from quizdeck.clock import StudyDays
from quizdeck.model import Rating
from quizdeck.scheduler import Memory, State, is_lapse, scheduler_for
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
    days: StudyDays | None = None,
    *,
    memory: Memory | None = None,
    fuzz: bool = True,
) -> tuple[CardState, bool]:
    """The card's state after a start review, and whether it just became a leech. A review
    card is due on a study day (``days``, by default those of ``settings`` in local time).

    ``memory``: the memory the review left, already known (a sync replaying a device's
    answer); else the scheduler works it out, without its random spread unless ``fuzz``.
    """
    previous = before or CardState(key[0], key[1])
    if memory is None:
        scheduling = settings.scheduler_settings()
        scheduling = scheduling if fuzz else replace(scheduling, fuzz=False)
        memory = scheduler_for(scheduling).review(previous.memory, rating, now)
        memory = on_study_day(memory, now, days or StudyDays(settings.day_starts_at_hour))
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


def on_study_day(memory: Memory, now: datetime, days: StudyDays) -> Memory:
    """``memory`` with a review card due from the start of its study day, as in Anki: an
    interval of n days after a review at ``now`` is due when the n-th study day after ``now``'s
    begins (a card reviewed at 20:06 and due tomorrow is due at tomorrow's day start, not at
    20:06). Learning and relearning cards keep their exact times (minutes)."""
    if memory.state is not State.REVIEW:
        return memory
    return replace(memory, due=days.days_after(now, memory.due))


def still_buried(until: datetime | None, now: datetime) -> datetime | None:
    """A bury that still holds at ``now``, or None once it has run out."""
    return until if until is not None and until > now else None


def leech_due(lapses: int, threshold: int) -> bool:
    """A card is flagged at ``threshold`` lapses, then again every half threshold more."""
    return lapses >= threshold and (lapses - threshold) % max(1, threshold // 2) == 0
