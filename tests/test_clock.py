"""QUIZ_NOW: every command runs as of the moment it names, so days pass without sleeping."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from quizdeck.cli import main
from quizdeck.clock import ClockError, iso, now, parse_time
from quizdeck.store import Store

DECK = """\
[deck]
id = "rivers"
title = "Rivers"

[[card]]
id = "longest"
kind = "text"
prompt = "Which river is the longest in Africa?"
answer = "Nile"
"""


def quiz(*args: str, at: str = "", input: str = "") -> Result:
    env = {"QUIZ_NOW": at} if at else {}
    return CliRunner().invoke(main, list(args), input=input, env=env)


def test_now_is_the_pinned_moment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUIZ_NOW", "2026-12-01T09:30:00+01:00")
    assert now() == datetime(2026, 12, 1, 8, 30, tzinfo=timezone.utc)
    monkeypatch.setenv("QUIZ_NOW", "2026-12-01T08:30:00Z")
    assert now() == datetime(2026, 12, 1, 8, 30, tzinfo=timezone.utc)
    monkeypatch.setenv("QUIZ_NOW", "2026-12-01")
    assert now().tzinfo is timezone.utc
    monkeypatch.setenv("QUIZ_NOW", "next tuesday")
    with pytest.raises(ClockError, match="not a date-time"):
        now()
    monkeypatch.delenv("QUIZ_NOW")
    assert abs(now() - datetime.now(timezone.utc)) < timedelta(minutes=1)


def test_iso_text_round_trips() -> None:
    moment = datetime(2026, 12, 1, 8, 30, 0, 123, tzinfo=timezone.utc)
    assert parse_time(iso(moment)) == moment and iso(None) is None


def test_a_bad_quiz_now_is_a_usage_error() -> None:
    result = quiz("decks", at="soon\x1b[31m")
    assert result.exit_code == 2
    assert "QUIZ_NOW" in result.output and "\x1b" not in result.output


def test_reviews_are_recorded_at_quiz_now_and_come_due_days_later(tmp_path: Path) -> None:
    path = tmp_path / "rivers.toml"
    path.write_text(DECK, encoding="utf-8")
    # A new card comes back within the session until it graduates: answered right twice.
    first = quiz("start", str(path), "--plain", at="2026-12-01T09:00:00+00:00",
                 input="Nile\nNile\n")  # fmt: skip
    assert first.exit_code == 0, first.output
    with Store.for_profile("default") as store:
        rows = store.history()
    assert [row.time for row in rows] == [datetime(2026, 12, 1, 9, tzinfo=timezone.utc)] * 2
    same_day = quiz("start", str(path), "--plain", at="2026-12-01T09:05:00+00:00")
    assert "Nothing to review right now" in same_day.output
    later = quiz("start", str(path), "--plain", at="2027-03-01T09:00:00+00:00", input="Nile\n")
    assert "Which river is the longest in Africa?" in later.output
