"""The rules of a review on plain values: no database involved."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from quizdeck.model import Rating
from quizdeck.settings import Settings
from quizdeck.store.rows import CardState
from quizdeck.store.rules import leech_due, reviewed, state_number, still_buried

NOW = datetime(2026, 3, 1, 12, tzinfo=timezone.utc)
KEY = ("deck", "card")


@pytest.mark.parametrize(
    ("lapses", "threshold", "due"),
    [(7, 8, False), (8, 8, True), (9, 8, False), (12, 8, True), (16, 8, True), (1, 1, True)],
)
def test_a_leech_is_flagged_at_the_threshold_then_every_half_threshold(
    lapses: int, threshold: int, due: bool
) -> None:
    assert leech_due(lapses, threshold) is due


def test_a_bury_holds_until_its_time() -> None:
    assert still_buried(NOW + timedelta(hours=1), NOW) == NOW + timedelta(hours=1)
    assert still_buried(NOW, NOW) is None
    assert still_buried(None, NOW) is None


def test_a_first_review_starts_the_card() -> None:
    after, leech = reviewed(None, KEY, "abc", Rating.GOOD, NOW, Settings())
    assert (after.deck, after.card, after.reps, after.lapses) == ("deck", "card", 1, 0)
    assert after.first_seen == NOW and after.content_hash == "abc"
    assert after.memory is not None and after.due is not None and after.due > NOW
    assert state_number(after) is not None and state_number(None) is None
    assert not leech


def forgotten_review_card(lapses: int) -> CardState:
    """A card in review that has lapsed ``lapses`` times."""
    state, _ = reviewed(None, KEY, None, Rating.EASY, NOW - timedelta(days=30), Settings())
    assert state.memory is not None
    return CardState("deck", "card", state.memory, reps=lapses + 1, lapses=lapses)


@pytest.mark.parametrize(("action", "suspended"), [("tag", False), ("suspend", True)])
def test_the_lapse_that_reaches_the_threshold_makes_a_leech(action: str, suspended: bool) -> None:
    settings = Settings(leech_threshold=3, leech_action=action)
    after, leech = reviewed(forgotten_review_card(2), KEY, None, Rating.AGAIN, NOW, settings)
    assert leech and after.leech and after.lapses == 3
    assert after.suspended is suspended
    again, leech_again = reviewed(after, KEY, None, Rating.GOOD, NOW, settings)
    assert not leech_again and again.leech and again.lapses == 3
