"""One card's history and schedule, worked out again from its events.

Every device replays a card's events in the same order (by time, then by event id), so two
devices holding the same events hold the same reviews and the same schedule for it:

- an answer taken back, or made before a ``forget`` of its card, is left out;
- an answer's verdict and rating are those of its latest amendment;
- a start answer whose card memory before it is the one it was made on (its fingerprint)
  takes the memory it left as recorded (FSRS spreads due dates at random, so working it
  out again would not give the same date); any other is worked out by the scheduler without
  spread (its card's answers interleave differently from how its device saw them).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from quizdeck.clock import StudyDays, parse_time
from quizdeck.model import Mode, Rating
from quizdeck.scheduler import Memory, State
from quizdeck.settings import SettingError, Settings, parse_setting
from quizdeck.store import events as ev
from quizdeck.store.events import Event
from quizdeck.store.log_rows import LogRow
from quizdeck.store.rows import CardState, Key, ReviewRow
from quizdeck.store.rules import reviewed

#: Settings that change how a card is scheduled (a change replays the cards answered later).
SCHEDULING = frozenset(
    {
        "desired_retention", "learning_steps", "relearning_steps", "maximum_interval",
        "day_starts_at_hour", "leech_threshold", "leech_action", "parameters",
    }
)  # fmt: skip


class SettingsAt:
    """A profile's settings at any point of the replay order, from its ``setting`` events."""

    def __init__(self, changes: Sequence[Event]) -> None:
        values: dict[str, object] = {}
        self.latest: dict[str, str] = {}
        self.orders: list[tuple[str, str, int]] = []
        self.snapshots: list[Settings] = []
        for event in sorted(changes, key=lambda change: change.order):
            try:
                values[event.body["key"]] = parse_setting(event.body["key"], event.body["value"])
            except (SettingError, KeyError, TypeError):
                continue
            self.latest[event.body["key"]] = str(event.body["value"])
            self.orders.append(event.order)
            self.snapshots.append(Settings(**values))  # type: ignore[arg-type]

    def at(self, order: tuple[str, str, int]) -> Settings:
        """The settings in force just before the event at ``order``."""
        index = bisect.bisect_left(self.orders, order)
        return self.snapshots[index - 1] if index else Settings()


@dataclass
class Replayed:
    """What a card's events come to: its reviews (by answer event id), its state, and the
    start answers whose recorded memory it did not follow."""

    rows: dict[str, LogRow]
    state: CardState | None
    untrusted: set[str]


def applies(forget: Event, key: Key) -> bool:
    """Whether the ``forget`` event covers the card ``key``."""
    body = forget.body
    if "cards" in body:
        return any(list(key) == pair for pair in body["cards"])
    return "deck" not in body or body["deck"] == key[0]


def replay(
    key: Key,
    card_events: Sequence[Event],
    forgets: Sequence[Event],
    settings: SettingsAt,
    calendar: Callable[[int], StudyDays],
    state: CardState | None = None,
) -> Replayed:
    """Replay the events of the card ``key`` (any order) after the ``forgets`` covering it,
    from ``state`` (the card's state before the first of them: None, a new card)."""
    cut = max((forget.order for forget in forgets if applies(forget, key)), default=None)
    ordered = sorted(
        (event for event in card_events if cut is None or event.order > cut),
        key=lambda event: event.order,
    )
    taken = {event.target for event in ordered if event.kind == ev.TAKE_BACK}
    amends: dict[str, Event] = {}
    for event in ordered:
        if event.kind == ev.AMEND and event.target is not None:
            amends[event.target] = event  # the latest wins: ``ordered`` is in replay order
    rows: dict[str, LogRow] = {}
    untrusted: set[str] = set()
    for event in ordered:
        if event.kind in (ev.SUSPEND, ev.UNSUSPEND, ev.BURY):
            state = _flagged(state or CardState(*key), event)
        elif event.kind == ev.ANSWER and event.id not in taken:
            amend = amends.get(event.id)
            verdict = {**event.body, **amend.body} if amend else event.body
            time = _time(event.time)
            before = state
            mode = Mode(event.body["mode"])
            if mode is Mode.START:
                now_settings = settings.at(event.order)
                recorded = verdict.get("after")
                trusted = recorded is not None and event.body.get("before") == ev.fingerprint(
                    _memory(before)
                )
                if not trusted:
                    untrusted.add(event.id)
                state, _ = reviewed(
                    before, key, event.body.get("hash"), Rating(verdict["rating"]), time,
                    now_settings, calendar(now_settings.day_starts_at_hour),
                    memory=ev.memory_from_list(recorded) if trusted else None, fuzz=False,
                )  # fmt: skip
            review = ReviewRow(
                0, time, key[0], key[1], mode, event.body["given"], bool(verdict["correct"]),
                float(verdict["score"]), Rating(verdict["rating"]), int(event.body["ms"]),
                _state_number(before) if mode is Mode.START else None,
                _time(amend.time) if amend else _optional_time(event.body.get("amended_at")),
            )  # fmt: skip
            rows[event.id] = LogRow(review, event.body.get("fact"), before, mode is Mode.START)
    return Replayed(rows, state, untrusted)


def _flagged(state: CardState, event: Event) -> CardState:
    if event.kind == ev.SUSPEND:
        return replace(state, suspended=True)
    if event.kind == ev.UNSUSPEND:
        return replace(state, suspended=False)
    return replace(state, buried_until=_optional_time(event.body.get("until")))


def empty(state: CardState | None) -> bool:
    """Whether nothing need be stored about a card (no schedule, no flag)."""
    return state is None or (
        state.memory is None and not state.suspended and state.buried_until is None
    )


def _memory(state: CardState | None) -> Memory | None:
    return state.memory if state else None


def _state_number(state: CardState | None) -> State | None:
    return state.memory.state if state and state.memory else None


def _time(text: str) -> datetime:
    moment = parse_time(text)
    assert moment is not None
    return moment


def _optional_time(text: object) -> datetime | None:
    return parse_time(text) if isinstance(text, str) else None
