"""The progress commands through click: due, stats, history, undo, config, suspend,
unsuspend, bury, reset, orphans and progress export."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from quizdeck.cli import main
from quizdeck.commands import reset as reset_command
from quizdeck.decks.loading import load_decks
from quizdeck.model import Mode, Rating
from quizdeck.store import Store

MINI = """\
[deck]
id = "mini"
title = "Mini"

[[card]]
id = "one"
kind = "text"
prompt = "Write one as a digit."
answer = "1"
tags = ["numbers"]

[[card]]
id = "two"
kind = "text"
prompt = "Write two as a digit."
answer = "2"
tags = ["numbers"]

[[card]]
id = "capital"
kind = "text"
prompt = "Capital of Iraq?"
answer = "Baghdad"
tags = ["places"]
"""


@pytest.fixture
def mini(quiz_home: Path) -> Path:
    """A small user deck, found without being named (as deck id ``mini``)."""
    folder = quiz_home / "decks"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "mini.toml"
    path.write_text(MINI, encoding="utf-8")
    return path


def quiz(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=input, env=env)


@pytest.fixture
def store(mini: Path) -> Iterator[Store]:
    with Store.for_profile("default") as opened:
        yield opened


def review(
    store: Store,
    card_id: str,
    rating: Rating = Rating.GOOD,
    mode: Mode = Mode.START,
    ago: timedelta = timedelta(0),
    at: datetime | None = None,
    deck_id: str = "mini",
) -> None:
    (deck,) = load_decks([deck_id])
    card = deck.card(card_id)
    assert card is not None
    store.record_review(
        card,
        mode=mode,
        given=f"typed {card_id}",
        correct=rating != Rating.AGAIN,
        score=1.0 if rating != Rating.AGAIN else 0.0,
        rating=rating,
        duration_ms=2500,
        now=(at or datetime.now(timezone.utc)) - ago,
    )


def test_the_commands_are_registered() -> None:
    names = set(main.list_commands(click.Context(main)))
    assert {"due", "stats", "history", "undo", "config", "reset", "orphans"} <= names
    assert "--profile" in quiz("due", "--help").output
    assert "QUIZ_PROFILE" in quiz("config", "set", "--help").output


def test_help_does_not_load_the_store_or_fsrs() -> None:
    code = (
        "import sys, quizdeck.cli, quizdeck.commands.overview, quizdeck.commands.history, "
        "quizdeck.commands.config, quizdeck.commands.card_flags, quizdeck.commands.reset, "
        "quizdeck.commands.progress; "
        "print(sorted(m for m in ('fsrs', 'quizdeck.store', 'quizdeck.scheduler', 'sqlite3') "
        "if m in sys.modules))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert loaded.stdout.strip() == "[]", loaded.stderr


#: Far from the start of a study day in every time zone, so "later today" stays today.
EVENING = datetime(2026, 3, 10, 20, 30, tzinfo=timezone.utc)


def test_due_shows_each_deck_and_a_forecast(store: Store) -> None:
    review(store, "one", Rating.AGAIN, at=EVENING)
    review(store, "two", Rating.EASY, at=EVENING)
    at_evening = {"QUIZ_NOW": EVENING.isoformat()}
    result = quiz("due", "mini", env=at_evening)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["Deck", "New", "Learning", "Due", "now", "Later", "today"]
    assert lines[1].split() == ["mini", "1", "1", "0", "1"]
    assert "Due in the next 14 days" in result.output
    assert "Today: 1 new card(s)" in result.output
    data = json.loads(quiz("due", "mini", "--json", env=at_evening).output)
    assert data["decks"] == [
        {
            "deck": "mini",
            "new": 1,
            "learning": 1,
            "due_now": 0,
            "due_later_today": 1,
            "suspended": 0,
        }
    ]
    assert len(data["forecast"]) == 14 and data["next_due"] is not None


def test_due_for_an_unknown_deck_is_an_error(mini: Path) -> None:
    result = quiz("due", "nope")
    assert result.exit_code == 1
    assert "no deck 'nope'" in result.output


def test_stats_text_and_json(store: Store) -> None:
    for days in (2, 1, 0):
        review(store, "one", Rating.GOOD, Mode.PRACTICE, timedelta(days=days))
    review(store, "capital", Rating.AGAIN, Mode.EXAM)
    review(store, "capital", Rating.AGAIN, Mode.EXAM)
    review(store, "capital", Rating.GOOD, Mode.EXAM)
    result = quiz("stats", "mini")
    assert result.exit_code == 0, result.output
    for heading in ("Reviews per day", "By deck", "By tag", "Weakest cards", "Streak: 3 day(s)"):
        assert heading in result.output
    assert "Capital of Iraq?" in result.output
    data = json.loads(quiz("stats", "--json", "--days", "7").output)
    assert data["total"] == {"reviews": 6, "correct": 4, "accuracy": 0.6667}
    assert data["per_tag"]["places"]["reviews"] == 3
    assert data["streak"] == 3 and len(data["days"]) == 7
    assert data["weakest"][0]["card"] == "capital"


def test_stats_with_no_reviews_is_calm(mini: Path) -> None:
    result = quiz("stats")
    assert result.exit_code == 0
    assert result.output.strip().splitlines() == [
        "No reviews yet: run 'quiz start' to study, then come back for your figures."
    ]
    due = quiz("due").output
    assert "Nothing comes due in the next 14 days." in due and "Due in the next" not in due


def test_history_json_has_the_promised_fields(store: Store) -> None:
    review(store, "one", Rating.GOOD)
    review(store, "two", Rating.AGAIN, Mode.PRACTICE)
    rows = json.loads(quiz("history", "--json").output)
    assert [row["card"] for row in rows] == ["one", "two"]
    first = rows[0]
    assert first["deck"] == "mini" and first["mode"] == "start"
    assert first["given"] == "typed one" and first["correct"] is True
    assert first["score"] == 1.0 and first["rating"] == "good" and first["duration_ms"] == 2500
    assert datetime.fromisoformat(first["time"]).utcoffset() == timedelta(0)
    assert rows[1]["correct"] is False
    only = json.loads(quiz("history", "mini", "two", "--json").output)
    assert [row["card"] for row in only] == ["two"]
    assert len(json.loads(quiz("history", "--json", "--limit", "1").output)) == 1
    text = quiz("history").output
    assert "mini/one" in text and "wrong" in text and "typed two" in text


def test_history_when_empty(mini: Path) -> None:
    assert quiz("history").output == "No reviews yet.\n"
    assert json.loads(quiz("history", "--json").output) == []


def test_undo_is_repeatable(store: Store) -> None:
    review(store, "one", Rating.GOOD)
    review(store, "two", Rating.AGAIN)
    assert "Took back mini/two" in quiz("undo").output
    assert "Took back mini/one" in quiz("undo").output
    assert quiz("undo").output == "Nothing to undo.\n"
    assert store.card_state("mini", "one") is None


def test_config_get_set_and_profiles(mini: Path) -> None:
    assert quiz("config", "get", "new_per_day").output == "20\n"
    assert quiz("config", "set", "new_per_day", "5").output == "new_per_day = 5\n"
    assert quiz("config", "get", "new_per_day").output == "5\n"
    assert quiz("config", "get", "new_per_day", "--profile", "bob").exit_code == 1  # no bob yet
    quiz("config", "set", "new_per_day", "7", env={"QUIZ_PROFILE": "bob"})
    assert quiz("config", "get", "new_per_day", "--profile", "bob").output == "7\n"
    everything = quiz("config", "get").output
    assert "desired_retention  = 0.9" in everything and "leech_action" in everything
    bad = quiz("config", "set", "desired_retention", "2")
    assert bad.exit_code == 2 and "between 0.7 and 0.99" in bad.output
    unknown = quiz("config", "get", "colour")
    assert unknown.exit_code == 2 and "unknown setting 'colour'" in unknown.output


@pytest.mark.parametrize("name", ["../../etc", "abc\n", "a b", "", ".hidden"])
def test_an_invalid_profile_name_is_refused(mini: Path, name: str) -> None:
    result = quiz("due", "--profile", name)
    assert result.exit_code == 2
    assert "not a profile name" in result.output


def test_suspend_unsuspend_and_bury(store: Store) -> None:
    assert quiz("suspend", "mini", "one").output == "Suspended mini/one.\n"
    state = store.card_state("mini", "one")
    assert state is not None and state.suspended
    assert quiz("unsuspend", "mini", "one").output == "Unsuspended mini/one.\n"
    assert "was not suspended" in quiz("unsuspend", "mini", "one").output
    result = quiz("bury", "mini", "two")
    assert result.exit_code == 0 and "Buried mini/two until" in result.output
    state = store.card_state("mini", "two")
    now = datetime.now(timezone.utc)
    assert state is not None and state.buried_until is not None
    assert now < state.buried_until <= now + timedelta(days=1)
    missing = quiz("suspend", "mini", "three")
    assert missing.exit_code == 1 and "has no card 'three'" in missing.output


def test_reset_asks_first_and_refuses_without_a_terminal(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    review(store, "one")
    refused = quiz("reset", "mini")
    assert refused.exit_code == 1 and "--yes" in refused.output
    assert store.counts() == (1, 1)
    monkeypatch.setattr(reset_command, "interactive", lambda: True)
    declined = quiz("reset", "mini", input="n\n")
    assert declined.exit_code == 1 and "Forget all progress for deck mini" in declined.output
    assert store.counts() == (1, 1)
    accepted = quiz("reset", "mini", input="y\n")
    assert accepted.exit_code == 0 and "forgot 1 card(s) and 1 review(s)" in accepted.output
    assert store.counts() == (0, 0)
    review(store, "two")
    assert quiz("reset", "--yes").exit_code == 0
    assert store.counts() == (0, 0)
    assert "Nothing to reset" in quiz("reset", "--yes").output


def test_orphans_are_listed_and_pruned(
    store: Store, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    review(store, "one")
    review(store, "capital")
    mini.write_text(MINI.split('[[card]]\nid = "capital"')[0], encoding="utf-8")
    listed = quiz("orphans")
    assert listed.exit_code == 0
    assert "mini/capital" in listed.output and "mini/one" not in listed.output
    assert store.counts() == (2, 2)
    refused = quiz("orphans", "--prune")  # no terminal to ask on, and no --yes
    assert refused.exit_code == 1 and "--yes" in refused.output
    assert store.counts() == (2, 2)
    monkeypatch.setattr(reset_command, "interactive", lambda: True)
    declined = quiz("orphans", "--prune", input="n\n")
    assert "Delete the progress of 1 card(s)?" in declined.output
    assert store.counts() == (2, 2)
    pruned = quiz("orphans", "--prune", "--yes")
    assert "Removed the progress of 1 card(s)" in pruned.output
    assert store.counts() == (1, 1)
    assert "No orphaned progress" in quiz("orphans").output


def test_orphans_prune_keeps_the_progress_of_a_deck_that_failed_to_load(
    store: Store, mini: Path
) -> None:
    review(store, "one")
    review(store, "capital")
    other = mini.with_name("other.toml")
    other_deck = MINI.replace('id = "mini"', 'id = "other"')
    other.write_text(other_deck, encoding="utf-8")
    review(store, "capital", deck_id="other")
    other.write_text(other_deck.split('[[card]]\nid = "capital"')[0], encoding="utf-8")
    mini.write_text(MINI + "garbage = [\n", encoding="utf-8")  # a typo mid-edit
    listed = quiz("orphans")
    assert listed.exit_code == 0
    assert "mini/capital" not in listed.output and "other/capital" in listed.output
    pruned = quiz("orphans", "--prune", "--yes")
    assert pruned.exit_code == 1
    assert "mini.toml" in pruned.output and "failed to load" in pruned.output
    assert store.counts() == (3, 3)
    assert quiz("history", "--json").output.count('"card"') == 3


def test_orphans_prune_keeps_the_progress_of_a_deck_studied_by_path(
    store: Store, mini: Path, tmp_path: Path
) -> None:
    review(store, "one")
    elsewhere = tmp_path / "elsewhere.toml"
    mini.rename(elsewhere)  # the deck now lives outside the deck folder: not found, not deleted
    listed = quiz("orphans")
    assert "not among the decks found" in listed.output and "mini" in listed.output
    assert quiz("orphans", "--prune", "--yes").exit_code == 0
    assert store.counts() == (1, 1)
    named = quiz("orphans", str(elsewhere), "--prune", "--yes")
    assert "No orphaned progress" in named.output
    assert store.counts() == (1, 1)


def test_progress_export_json_is_what_the_class_report_reads(store: Store, tmp_path: Path) -> None:
    from quizdeck.report.exports import read_export

    review(store, "one", Rating.GOOD)
    review(store, "capital", Rating.AGAIN, Mode.EXAM)
    target = tmp_path / "alice.json"
    result = quiz("progress", "export", "-o", str(target), "--profile", "default")
    assert result.exit_code == 0
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["format"] == "quiz-progress" and data["version"] == 1
    assert data["profile"] == "default" and len(data["reviews"]) == 2
    assert [card["card"] for card in data["cards"]] == ["one"]
    export = read_export(target)
    assert len(export.reviews) == 2 and export.cards[0].state == "learning"


def test_progress_export_csv_to_stdout(store: Store) -> None:
    review(store, "two", Rating.AGAIN)
    result = quiz("progress", "export", "--format", "csv")
    lines = result.output.splitlines()
    assert lines[0].startswith("id,time,deck,card,mode,given,correct,score,rating")
    assert ",mini,two,start,typed two,false,0.0,again,2500," in lines[1]


def test_a_corrupt_database_is_an_error_message_not_a_traceback(
    mini: Path, quiz_home: Path
) -> None:
    database = quiz_home / "profiles" / "default.sqlite3"
    database.parent.mkdir(parents=True)
    database.write_bytes(b"this is not sqlite" * 500)
    for args in (("due",), ("stats",), ("history",), ("undo",), ("config", "get")):
        result = quiz(*args)
        assert result.exit_code == 1, args
        assert "is not a quiz database or is corrupt" in result.output
        assert "Traceback" not in result.output
    assert database.read_bytes() == b"this is not sqlite" * 500
