"""Issue 12: every command that takes a deck id rejects an unknown one (exit 1, one line,
a "did you mean"), while history, reset and unsuspend still reach a deck whose file is
gone but whose progress is stored."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from quizdeck.cli import main
from quizdeck.decks.loading import load_decks
from quizdeck.model import Mode, Rating
from quizdeck.store import Store

SMALL = """\
[deck]
id = "small"
title = "Small"

[[card]]
id = "red"
kind = "text"
prompt = "What colour is a ripe tomato?"
answer = "red"

[[card]]
id = "green"
kind = "text"
prompt = "What colour is grass?"
answer = "green"
"""


@pytest.fixture
def small(quiz_home: Path) -> Path:
    """A user deck with id ``small`` in the file ``colours.toml`` (so its stem differs)."""
    folder = quiz_home / "decks"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "colours.toml"
    path.write_text(SMALL, encoding="utf-8")
    return path


@pytest.fixture
def store(small: Path) -> Iterator[Store]:
    with Store.for_profile("default") as opened:
        yield opened


def quiz(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def answer(store: Store, card_id: str) -> None:
    (deck,) = load_decks(["small"])
    card = deck.card(card_id)
    assert card is not None
    store.record_review(
        card, mode=Mode.START, given=card_id, correct=True, score=1.0,
        rating=Rating.GOOD, duration_ms=1000, now=datetime.now(timezone.utc),
    )  # fmt: skip


def assert_one_line_failure(result: Result, *phrases: str) -> None:
    assert result.exit_code == 1, result.output
    assert len(result.output.strip().splitlines()) == 1, result.output
    assert "Traceback" not in result.output
    for phrase in phrases:
        assert phrase in result.output, result.output


@pytest.mark.parametrize(
    "args",
    [
        ("due", "smal"),
        ("stats", "smal"),
        ("history", "smal"),
        ("reset", "smal", "--yes"),
        ("suspend", "smal", "red"),
        ("unsuspend", "smal", "red"),
        ("bury", "smal", "red"),
    ],
)
def test_an_unknown_deck_is_an_error_with_a_suggestion(store: Store, args: tuple[str, ...]) -> None:
    answer(store, "red")
    assert_one_line_failure(quiz(*args), "no deck 'smal'", "did you mean 'small'?")


@pytest.mark.parametrize(
    "args",
    [
        ("history", "small", "gren"),
        ("suspend", "small", "gren"),
        ("unsuspend", "small", "gren"),
        ("bury", "small", "gren"),
    ],
)
def test_an_unknown_card_is_an_error_with_a_suggestion(store: Store, args: tuple[str, ...]) -> None:
    assert_one_line_failure(quiz(*args), "deck 'small' has no card 'gren'", "did you mean 'green'?")


def test_reset_of_an_unknown_deck_changes_nothing(store: Store) -> None:
    answer(store, "red")
    assert quiz("reset", "nosuch", "--yes").exit_code == 1
    assert store.counts() == (1, 1)


def test_a_deck_may_be_named_by_its_file_stem(store: Store) -> None:
    answer(store, "red")
    shown = quiz("history", "colours")
    assert shown.exit_code == 0 and "small/red" in shown.output
    assert quiz("history", "colours", "red").exit_code == 0
    assert quiz("unsuspend", "colours", "red").output == "small/red was not suspended.\n"
    reset = quiz("reset", "colours", "--yes")
    assert reset.exit_code == 0 and "Reset deck small" in reset.output
    assert store.counts() == (0, 0)


def test_a_known_deck_without_progress_is_calm(store: Store) -> None:
    assert quiz("history", "small").output == "No reviews yet.\n"
    assert quiz("history", "small", "green").output == "No reviews yet.\n"
    nothing = quiz("reset", "small", "--yes")
    assert nothing.exit_code == 0 and "Nothing to reset for deck small" in nothing.output


def test_a_deleted_deck_with_stored_progress_is_still_known(store: Store, small: Path) -> None:
    answer(store, "red")
    quiz("suspend", "small", "green")
    small.unlink()
    shown = quiz("history", "small")
    assert shown.exit_code == 0 and "small/red" in shown.output
    assert quiz("history", "small", "red").exit_code == 0
    assert_one_line_failure(quiz("history", "small", "blue"), "has no card 'blue'")
    assert quiz("unsuspend", "small", "green").output == "Unsuspended small/green.\n"
    assert_one_line_failure(quiz("history", "smal"), "did you mean 'small'?")
    reset = quiz("reset", "small", "--yes")
    assert reset.exit_code == 0 and "forgot 1 card(s) and 1 review(s)" in reset.output
    assert_one_line_failure(quiz("history", "small"), "no deck 'small'")
