"""Devices for the sync tests: each a QUIZ_HOME of its own, studied through the store's API
and read through the command line, with the clock pinned."""

from __future__ import annotations

import json
import os
from datetime import datetime, timedelta, timezone
from pathlib import Path

from click.testing import CliRunner, Result

from quizdeck.cli import main
from quizdeck.decks.loading import load_decks
from quizdeck.model import Card, Mode, Rating
from quizdeck.store import Store
from quizdeck.sync.run import Outcome, sync

START = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


def cards() -> list[Card]:
    """The cards the devices study (a bundled deck)."""
    return list(load_decks(["groups"])[0].cards)


class Device:
    """One device of one student: its own data folder, its own clock."""

    def __init__(self, home: Path, profile: str = "default") -> None:
        self.home = home
        self.profile = profile
        self.clock = START

    def store(self) -> Store:
        return Store.open(self.home / "profiles" / f"{self.profile}.sqlite3")

    def tick(self, minutes: float = 1) -> datetime:
        self.clock += timedelta(minutes=minutes)
        return self.clock

    def answer(self, card: Card, rating: Rating, *, mode: Mode = Mode.START) -> int:
        """Answer ``card`` now (right unless AGAIN); returns the review id."""
        with self.store() as store:
            recorded = store.record_review(
                card, mode=mode, given="an answer", correct=rating is not Rating.AGAIN,
                score=0.0 if rating is Rating.AGAIN else 1.0, rating=rating,
                duration_ms=4000, now=self.tick(),
            )  # fmt: skip
        return recorded.review_id

    def amend(self, review_id: int, rating: Rating) -> None:
        with self.store() as store:
            store.amend_review(review_id, correct=True, score=1.0, rating=rating, now=self.tick())

    def take_back(self, review_id: int) -> bool:
        with self.store() as store:
            return store.take_back(review_id)

    def sync(self, folder: Path, **options: object) -> Outcome:
        pinned = os.environ.get("QUIZ_NOW")
        os.environ["QUIZ_NOW"] = self.clock.isoformat()  # the time the files say they were written
        try:
            with self.store() as store:
                return sync(store, folder, name=self.profile, **options)  # type: ignore[arg-type]
        finally:
            if pinned is None:
                del os.environ["QUIZ_NOW"]
            else:
                os.environ["QUIZ_NOW"] = pinned

    def cli(self, *args: str) -> Result:
        env = {"QUIZ_HOME": str(self.home), "QUIZ_NOW": self.clock.isoformat(), "TZ": "UTC"}
        return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)

    def history(self) -> list[dict[str, object]]:
        result = self.cli("history", "--json")
        assert result.exit_code == 0, result.output
        data = json.loads(result.output)
        assert isinstance(data, list)
        return data

    def views(self, now: datetime) -> tuple[object, ...]:
        """What the student sees of their progress at ``now``: history, due, stats."""
        self.clock = now
        due, stats = self.cli("due"), self.cli("stats")
        assert due.exit_code == 0 and stats.exit_code == 0, due.output + stats.output
        return self.history(), due.output, stats.output
