"""Spaced-repetition scheduling: the one module that imports ``fsrs`` (py-fsrs 6).

Only our own types cross this boundary: :class:`Memory` (what is known about a
card's memory) and :class:`quizdeck.model.Rating`. Every time is an aware UTC
``datetime`` and "now" is always passed in.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from enum import IntEnum
from typing import TYPE_CHECKING, Any

from quizdeck.clock import iso, parse_time, utc
from quizdeck.model import Rating

if TYPE_CHECKING:
    import fsrs


class State(IntEnum):
    """Where a card is in its life; the values are FSRS's."""

    LEARNING = 1
    REVIEW = 2
    RELEARNING = 3

    def __str__(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class Memory:
    """The scheduler's view of one card after at least one review."""

    state: State
    step: int | None
    stability: float
    difficulty: float
    due: datetime
    last_review: datetime

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (times as ISO 8601 UTC, state as its number)."""
        return {
            "state": int(self.state),
            "step": self.step,
            "stability": self.stability,
            "difficulty": self.difficulty,
            "due": iso(self.due),
            "last_review": iso(self.last_review),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Memory:
        """The inverse of :meth:`to_dict`."""
        due, last_review = parse_time(data["due"]), parse_time(data["last_review"])
        if due is None or last_review is None:
            raise ValueError("a memory needs both 'due' and 'last_review'")
        step = data.get("step")
        return cls(
            state=State(int(data["state"])),
            step=None if step is None else int(step),
            stability=float(data["stability"]),
            difficulty=float(data["difficulty"]),
            due=due,
            last_review=last_review,
        )


def _minutes(*values: float) -> tuple[timedelta, ...]:
    return tuple(timedelta(minutes=value) for value in values)


@dataclass(frozen=True)
class SchedulerSettings:
    """What a student can tune about scheduling."""

    desired_retention: float = 0.9
    learning_steps: tuple[timedelta, ...] = field(default_factory=lambda: _minutes(1, 10))
    relearning_steps: tuple[timedelta, ...] = field(default_factory=lambda: _minutes(10))
    maximum_interval: int = 36500
    fuzz: bool = True
    #: FSRS's 21 model parameters fitted to the student (``quiz optimize``); () for its defaults.
    parameters: tuple[float, ...] = ()


class Scheduler:
    """FSRS with our settings: turns (memory, rating, now) into the next memory."""

    def __init__(self, settings: SchedulerSettings | None = None) -> None:
        import fsrs  # imported on first use, so a session's start does not wait for it

        self.settings = settings or SchedulerSettings()
        fitted = {"parameters": self.settings.parameters} if self.settings.parameters else {}
        self._fsrs = fsrs.Scheduler(
            **fitted,
            desired_retention=self.settings.desired_retention,
            learning_steps=self.settings.learning_steps,
            relearning_steps=self.settings.relearning_steps,
            maximum_interval=self.settings.maximum_interval,
            enable_fuzzing=self.settings.fuzz,
        )

    def review(self, memory: Memory | None, rating: Rating, now: datetime) -> Memory:
        """The memory after a review rated ``rating`` at ``now``; ``None`` is a new card."""
        import fsrs

        card, _ = self._fsrs.review_card(_to_fsrs(memory), fsrs.Rating(int(rating)), utc(now))
        return _from_fsrs(card)


@functools.lru_cache(maxsize=64)
def scheduler_for(settings: SchedulerSettings) -> Scheduler:
    """The scheduler of ``settings``, built once: building one checks FSRS's parameters,
    which a review need not pay for each time (one per deck whose [deck.study] differs)."""
    return Scheduler(settings)


def check_parameters(parameters: Sequence[float]) -> None:
    """Raise ValueError (saying which) if FSRS would not accept ``parameters``."""
    import fsrs

    try:
        fsrs.Scheduler(parameters=tuple(parameters))
    except ValueError as error:
        first = str(error).strip().splitlines()[-1].strip()
        raise ValueError(f"FSRS does not accept these parameters ({first})") from None


def is_lapse(before: Memory | None, rating: Rating) -> bool:
    """Whether this review forgot a card that had graduated to review."""
    return before is not None and before.state == State.REVIEW and rating == Rating.AGAIN


def _to_fsrs(memory: Memory | None) -> fsrs.Card:
    import fsrs

    # card_id is given so py-fsrs does not derive one from the clock (it sleeps 1 ms to do so).
    if memory is None:
        return fsrs.Card(card_id=0, due=datetime(1970, 1, 1, tzinfo=timezone.utc))
    return fsrs.Card(
        card_id=0,
        state=fsrs.State(int(memory.state)),
        step=memory.step,
        stability=memory.stability,
        difficulty=memory.difficulty,
        due=memory.due,
        last_review=memory.last_review,
    )


def _from_fsrs(card: fsrs.Card) -> Memory:
    if card.stability is None or card.difficulty is None or card.last_review is None:
        raise RuntimeError("fsrs returned a card without stability, difficulty or last review")
    return Memory(
        state=State(int(card.state)),
        step=card.step,
        stability=float(card.stability),
        difficulty=float(card.difficulty),
        due=utc(card.due),
        last_review=utc(card.last_review),
    )
