"""Light types shared by the session, the scheduler and the store (no heavy imports)."""

from __future__ import annotations

from enum import Enum, IntEnum


class Rating(IntEnum):
    """How well a card was remembered; the values are FSRS's."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


class Mode(str, Enum):
    """Which kind of session a review came from."""

    START = "start"  # spaced repetition: moves the schedule
    PRACTICE = "practice"  # cram: logged, schedule untouched
    EXAM = "exam"  # test: logged, schedule untouched

    def __str__(self) -> str:
        return self.value
