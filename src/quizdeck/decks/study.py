"""A deck's study settings: the ``[deck.study]`` table, which travels with the deck.

    [deck.study]
    new_per_day = 10            # new cards of this deck a day
    retention = 0.85            # the desired retention of its cards
    learning_steps = ["1m", "10m"]

Each value applies to the deck's cards unless the student set their own (``quiz config
set``); see ``quizdeck.settings.Settings.for_deck``. The bounds are the student's.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from quizdeck.decks.locate import Locator
from quizdeck.display import did_you_mean
from quizdeck.kinds.base import describe
from quizdeck.model import NO_STUDY, DeckStudy
from quizdeck.settings import NEW_PER_DAY_RANGE, RETENTION_RANGE, parse_steps

STUDY_KEYS = ("new_per_day", "retention", "learning_steps")

Problem = Callable[[str, int, int], None]


class StudyReader:
    """Checks one ``[deck.study]`` table; every problem goes to ``problem`` at its line."""

    def __init__(self, locator: Locator, line: int, problem: Problem) -> None:
        self.locator, self.line, self.report = locator, line, problem

    def problem(self, key: str, message: str) -> None:
        line, col = self.locator.key(self.line, key)
        self.report(f"'{key}' in [deck.study] {message}", line, col)

    def read(self, table: dict[str, object]) -> DeckStudy:
        for key in table:
            if key not in STUDY_KEYS:
                line, col = self.locator.key(self.line, key)
                hint = did_you_mean(key, STUDY_KEYS)
                self.report(f"unknown key '{key}' in [deck.study]{hint}", line, col)
        return DeckStudy(
            new_per_day=self.new_per_day(table.get("new_per_day")),
            retention=self.retention(table.get("retention")),
            learning_steps=self.steps(table.get("learning_steps")),
        )

    def new_per_day(self, value: object) -> int | None:
        if value is None:
            return None
        if not isinstance(value, int) or isinstance(value, bool):
            self.problem("new_per_day", f"must be a whole number, not {describe(value)}")
            return None
        low, high = NEW_PER_DAY_RANGE
        if not low <= value <= high:
            self.problem("new_per_day", f"must be between {low} and {high}")
            return None
        return value

    def retention(self, value: object) -> float | None:
        if value is None:
            return None
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            self.problem("retention", f"must be a number like 0.9, not {describe(value)}")
            return None
        low, high = RETENTION_RANGE
        if not low <= value <= high:  # nan too
            self.problem("retention", f"must be between {low} and {high}")
            return None
        return float(value)

    def steps(self, value: object) -> tuple[timedelta, ...] | None:
        if value is None:
            return None
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            value = " ".join(value)
        if not isinstance(value, str):
            self.problem(
                "learning_steps",
                f'must be a list of steps like ["1m", "10m"], not {describe(value)}',
            )
            return None
        try:
            return parse_steps(value) if value.strip() else ()
        except ValueError as error:
            message = str(error)  # it quotes the step: a long one is cut
            cut = f"{message[:100]}…{message[-40:]}" if len(message) > 160 else message
            self.problem("learning_steps", f"is wrong: {cut}")
            return None


def read_study(meta: dict[str, object], locator: Locator, problem: Problem) -> DeckStudy:
    """The study settings of a deck's ``[deck]`` table ``meta`` (none when it has no ``study``)."""
    if "study" not in meta:
        return NO_STUDY
    table = meta["study"]
    key_line, col = locator.key(locator.deck_line, "study")
    if not isinstance(table, dict):
        problem(f"'study' in [deck] must be a table, not {describe(table)}", key_line, col)
        return NO_STUDY
    return StudyReader(locator, locator.study_line or key_line, problem).read(table)
