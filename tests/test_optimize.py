"""`quiz optimize` on a profile built by a simulated student, and its messages."""

from __future__ import annotations

import heapq
import json
import math
import random
import sys
from datetime import datetime, timedelta, timezone

import pytest
from click.testing import CliRunner, Result

from quizdeck.cli import main
from quizdeck.model import Card, Kind, Mode, Rating
from quizdeck.optimize import MIN_REVIEWS, LoggedReview, outcomes_of
from quizdeck.paths import profile_db
from quizdeck.store import Store

START = datetime(2026, 1, 5, 9, tzinfo=timezone.utc)


def quiz(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def simulate_student(cards: int = 150, days: int = 200, seed: int = 7) -> int:
    """A student who forgets exponentially, each card with its own true memory strength
    that grows on success and shrinks on a lapse, answering when quiz says a card is due.
    Written through the store's own API; returns the number of reviews."""
    rng = random.Random(seed)
    deck = [Card("sim", f"c{n}", Kind.TEXT, f"Q{n}?", ("a",)) for n in range(cards)]
    strength = {card.id: rng.uniform(0.5, 3.0) for card in deck}  # days to 90 % recall
    growth = {card.id: rng.uniform(1.8, 3.2) for card in deck}
    last: dict[str, datetime] = {}
    queue = [(START + timedelta(days=n // 10, minutes=n), n) for n in range(cards)]
    end, reviews = START + timedelta(days=days), 0
    with Store.open(profile_db(), tz=timezone.utc) as store:
        while queue:
            when, index = heapq.heappop(queue)
            if when > end:
                break
            card = deck[index]
            gap = (when - last[card.id]).total_seconds() / 86400 if card.id in last else None
            recall = 0.55 if gap is None else math.exp(math.log(0.9) * gap / strength[card.id])
            right = rng.random() < recall
            if gap is not None and gap >= 1:
                factor = growth[card.id] if right else 0.4
                strength[card.id] = max(0.3, strength[card.id] * factor)
            recorded = store.record_review(
                card, mode=Mode.START, given="x", correct=right, score=float(right),
                rating=Rating.GOOD if right else Rating.AGAIN, duration_ms=2000, now=when,
            )  # fmt: skip
            reviews += 1
            last[card.id] = when
            due = recorded.due or when + timedelta(days=1)
            heapq.heappush(queue, (max(due, when + timedelta(minutes=1)), index))
    return reviews


def test_outcomes_are_reviews_a_day_or_more_after_the_one_before() -> None:
    day = START.date()

    def review(card: str, days: int, minutes: int, rating: int) -> LoggedReview:
        when = START + timedelta(days=days, minutes=minutes)
        return LoggedReview(("d", card), when, day + timedelta(days=days), rating)

    log = [review("a", 0, 0, 1), review("a", 0, 10, 3), review("a", 2, 0, 3), review("b", 0, 0, 3),
           review("a", 7, 0, 1), review("b", 3, 0, 3)]  # fmt: skip
    found = outcomes_of(log)
    assert [outcome.history for outcome in found] == [
        ((1, 0), (3, 0), (3, 2)),
        ((3, 0), (3, 3)),
        ((1, 0), (3, 0), (3, 2), (1, 5)),
    ]


def test_too_few_reviews_is_a_clear_message() -> None:
    pytest.importorskip("fsrs_rs_python", reason="the optional optimizer is not installed")
    simulate_student(cards=10, days=20)
    result = quiz("optimize")
    assert result.exit_code == 1
    assert f"at least {MIN_REVIEWS} are needed" in result.output


def test_without_the_optimizer_it_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "fsrs_rs_python", None)
    result = quiz("optimize")
    assert result.exit_code == 1
    assert "pip install 'quizdeck[optimizer]'" in result.output


def test_optimize_fits_a_simulated_student_and_start_uses_the_fit() -> None:
    pytest.importorskip("fsrs_rs_python", reason="the optional optimizer is not installed")
    reviews = simulate_student()
    dry = quiz("optimize", "--dry-run", "--json")
    assert dry.exit_code == 0, dry.output
    data = json.loads(dry.output)
    assert data["reviews"] >= MIN_REVIEWS and data["held_out"] == round(data["reviews"] * 0.2)
    assert data["saved"] is False and data["current"]["parameters"] == "default"
    assert len(data["fitted"]["parameters"]) == 21
    assert data["better"] == (data["fitted"]["log_loss"] < data["current"]["log_loss"])
    # This student forgets differently from FSRS's average user: the fit predicts better.
    assert data["better"], data
    assert quiz("config", "get", "parameters").output.strip() == "default"

    saved = quiz("optimize")
    assert saved.exit_code == 0, saved.output
    assert "Saved" in saved.output and "log loss" in saved.output
    stored = quiz("config", "get", "parameters").output
    assert stored.strip() != "default" and stored.count(",") == 20
    with Store.open(profile_db()) as store:
        assert store.settings().parameters == tuple(data["fitted"]["parameters"])
        assert store.settings().scheduler_settings().parameters == store.settings().parameters
        assert len(store.history()) == reviews

    assert quiz("optimize", "--reset").exit_code == 0
    assert quiz("config", "get", "parameters").output.strip() == "default"


def test_parameters_fsrs_would_refuse_are_not_a_setting() -> None:
    result = quiz("config", "set", "parameters", ", ".join(["500"] * 21))
    assert result.exit_code == 2 and "FSRS does not accept" in result.output
    assert quiz("config", "set", "parameters", "1, 2").exit_code == 2


def test_reading_fitted_parameters_does_not_load_fsrs() -> None:
    """A session's start must not wait for fsrs: FSRS's bounds are checked only on saving."""
    import subprocess

    defaults = "0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, "
    defaults += (
        "0.796, 1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542"
    )
    assert quiz("config", "set", "parameters", defaults).exit_code == 0
    code = (
        "import sys\nfrom quizdeck.store import Store\nfrom quizdeck.paths import profile_db\n"
        "with Store.open(profile_db()) as store:\n"
        "    assert len(store.settings().parameters) == 21\n"
        "print('fsrs' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
