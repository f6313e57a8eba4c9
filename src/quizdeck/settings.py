"""A profile's settings: what each means, how it is read from text and written back."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import Any, NamedTuple

from quizdeck.errors import StoreError
from quizdeck.model import DeckStudy
from quizdeck.scheduler import SchedulerSettings, check_parameters


class SettingError(StoreError):
    """A setting name or value that quiz does not accept."""


def _parse_duration(text: str) -> timedelta:
    match = re.fullmatch(r"([0-9]{1,9}(?:\.[0-9]{1,6})?)\s*([smhd]?)", text.strip().lower())
    if not match:
        raise ValueError(f"'{text}' is not a duration like 30s, 10m, 1h or 1d")
    unit = {"s": "seconds", "m": "minutes", "": "minutes", "h": "hours", "d": "days"}
    step = timedelta(**{unit[match.group(2)]: float(match.group(1))})
    if not timedelta(seconds=1) <= step <= timedelta(days=30):
        raise ValueError(f"step '{text}' must be between 1s and 30d")
    return step


def _format_duration(step: timedelta) -> str:
    seconds = int(step.total_seconds())
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def parse_steps(text: str) -> tuple[timedelta, ...]:
    """Learning steps as a student writes them: ``"1m 10m"``, ``"1m, 1h"``, or ``none``."""
    parts = [part for part in re.split(r"[\s,]+", text.strip()) if part]
    if parts in ([], ["none"]):
        return ()
    if len(parts) > 10:
        raise ValueError("at most 10 steps")
    return tuple(_parse_duration(part) for part in parts)


def _format_steps(steps: Sequence[timedelta]) -> str:
    return " ".join(_format_duration(step) for step in steps) or "none"


def _number(kind: type, low: float, high: float) -> Callable[[str], Any]:
    def parse(text: str) -> Any:
        try:
            value = kind(text.strip())
        except ValueError:
            noun = "a whole number" if kind is int else "a number"
            raise ValueError(f"'{text}' is not {noun}") from None
        if not low <= value <= high:
            raise ValueError(f"must be between {low} and {high}")
        return value

    return parse


def _choice(*options: str) -> Callable[[str], str]:
    def parse(text: str) -> str:
        value = text.strip().lower()
        if value not in options:
            raise ValueError(f"must be one of: {', '.join(options)}")
        return value

    return parse


#: How many parameters the FSRS model has (FSRS-6).
PARAMETER_COUNT = 21


def _parse_parameters(text: str) -> tuple[float, ...]:
    """``default`` (FSRS's own), or the 21 numbers ``quiz optimize`` fitted."""
    if text.strip().lower() in ("", "default"):
        return ()
    parts = [part for part in re.split(r"[\s,]+", text.strip()) if part]
    if len(parts) != PARAMETER_COUNT:
        raise ValueError(f"give 'default' or {PARAMETER_COUNT} numbers, not {len(parts)}")
    try:
        values = tuple(float(part) for part in parts)
    except ValueError:
        raise ValueError("the parameters must be numbers") from None
    if not all(-1000 < value < 1000 for value in values):  # also refuses nan and inf
        raise ValueError("the parameters must be numbers between -1000 and 1000")
    return values


def _check_fitted(values: tuple[float, ...]) -> None:
    """FSRS's own bounds; checked when parameters are set, not each time settings are read
    (that would load fsrs before a session's first question)."""
    if values:
        check_parameters(values)


def _format_parameters(values: Sequence[float]) -> str:
    return ", ".join(f"{value:.4f}" for value in values) if values else "default"


#: The longest folder path ``sync_dir`` takes.
PATH_CHARS = 1024


def _parse_folder(text: str) -> str:
    """A folder path for ``sync_dir``; ``none`` (or nothing) turns syncing off."""
    value = text.strip()
    if value.lower() in ("", "none"):
        return ""
    if len(value) > PATH_CHARS or any(ord(char) < 32 or ord(char) == 127 for char in value):
        raise ValueError(f"give a folder path of at most {PATH_CHARS} printable characters")
    return value


class SettingSpec(NamedTuple):
    """How one setting is read from text, written back, and what it means."""

    parse: Callable[[str], Any]
    format: Callable[[Any], str]
    help: str
    #: A further check run only when the setting is changed (``checked_setting``).
    check: Callable[[Any], None] | None = None


#: The bounds of a desired retention and of new cards per day (a deck's too).
RETENTION_RANGE = (0.7, 0.99)
NEW_PER_DAY_RANGE = (0, 9999)

SETTINGS: dict[str, SettingSpec] = {
    "desired_retention": SettingSpec(
        _number(float, *RETENTION_RANGE), str, "chance of remembering a card when it comes due"
    ),
    "new_per_day": SettingSpec(
        _number(int, *NEW_PER_DAY_RANGE), str, "new cards introduced per day"
    ),
    "reviews_per_day": SettingSpec(_number(int, 0, 99999), str, "reviews per day at most"),
    "learning_steps": SettingSpec(parse_steps, _format_steps, "re-asks while learning"),
    "relearning_steps": SettingSpec(parse_steps, _format_steps, "re-asks after forgetting"),
    "maximum_interval": SettingSpec(_number(int, 1, 36500), str, "longest gap in days"),
    "day_starts_at_hour": SettingSpec(
        _number(int, 0, 23), str, "local hour at which a new study day begins"
    ),
    "leech_threshold": SettingSpec(_number(int, 1, 99), str, "lapses that make a card a leech"),
    "leech_action": SettingSpec(_choice("tag", "suspend"), str, "what happens to a leech"),
    "parameters": SettingSpec(
        _parse_parameters,
        _format_parameters,
        "FSRS's memory model: default, or fitted to you",
        _check_fitted,
    ),
    "sync_dir": SettingSpec(
        _parse_folder,
        lambda value: value or "none",
        "shared folder 'quiz start' syncs with before and after a session",
    ),
}


@dataclass(frozen=True)
class Settings:
    """A profile's settings (defaults for those never set)."""

    desired_retention: float = 0.9
    new_per_day: int = 20
    reviews_per_day: int = 200
    learning_steps: tuple[timedelta, ...] = (timedelta(minutes=1), timedelta(minutes=10))
    relearning_steps: tuple[timedelta, ...] = (timedelta(minutes=10),)
    maximum_interval: int = 36500
    day_starts_at_hour: int = 4
    leech_threshold: int = 8
    leech_action: str = "tag"
    parameters: tuple[float, ...] = ()
    sync_dir: str = ""
    #: The settings the student set (``quiz config set``): a deck's values never replace them.
    explicit: frozenset[str] = field(default=frozenset(), compare=False)

    def for_deck(self, study: DeckStudy) -> Settings:
        """These settings for the cards of a deck: its ``[deck.study]`` values, except where the
        student set their own."""
        values: dict[str, Any] = {
            "new_per_day": study.new_per_day,
            "desired_retention": study.retention,
            "learning_steps": study.learning_steps,
        }
        changes = {
            key: value
            for key, value in values.items()
            if value is not None and key not in self.explicit
        }
        return replace(self, **changes) if changes else self

    def own_new_per_day(self, study: DeckStudy) -> int | None:
        """The new cards a day a deck gives on its own allowance, or None when it shares the
        student's (it sets none, or the student set their own)."""
        if study.new_per_day is None or "new_per_day" in self.explicit:
            return None
        return study.new_per_day

    def scheduler_settings(self) -> SchedulerSettings:
        """What the scheduler needs of these settings (fuzz is always on)."""
        return SchedulerSettings(
            desired_retention=self.desired_retention,
            learning_steps=self.learning_steps,
            relearning_steps=self.relearning_steps,
            maximum_interval=self.maximum_interval,
            fuzz=True,
            parameters=self.parameters,
        )

    def formatted(self) -> dict[str, str]:
        """Every setting as the text ``quiz config`` shows."""
        return {key: spec.format(getattr(self, key)) for key, spec in SETTINGS.items()}


def checked_setting(key: str, text: str) -> Any:
    """``parse_setting``, plus the checks a new value must pass before it is stored."""
    value = parse_setting(key, text)
    check = SETTINGS[key].check
    try:
        if check is not None:
            check(value)
    except ValueError as error:
        raise SettingError(f"invalid value for {key}: {error}") from None
    return value


def parse_setting(key: str, text: str) -> Any:
    """The value of setting ``key`` written as ``text``; SettingError if either is wrong."""
    spec = SETTINGS.get(key)
    if spec is None:
        raise SettingError(f"unknown setting '{key}' (settings: {', '.join(SETTINGS)})")
    try:
        return spec.parse(text)
    except ValueError as error:
        raise SettingError(f"invalid value for {key}: {error}") from None
