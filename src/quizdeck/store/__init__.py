"""Progress storage: one SQLite file per profile, with the schedule and the review log.

:class:`Store` is composed of parts, each a small class over the same database
(:mod:`.database`: opening, transactions and how durable a commit is):

- ``profile`` (:mod:`.profile`): settings, the student id, study days;
- ``index`` (:mod:`.index`): the decks' cards indexed beside their schedules;
- ``queue`` (:mod:`.due`): what a session asks, siblings answered today, the next due time;
- ``reviews`` (:mod:`.reviews`): recording, amending and taking back answers;
- ``flags`` (:mod:`.flags`): suspend, bury, reset, orphans;
- ``reading`` (:mod:`.reading`): card states, history, ``quiz due``, ``quiz stats``, export.

The rules of a review are in :mod:`.rules`, with no SQLite. The store's own methods
only pass each call on to its part, so the session and the commands see one object.
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Iterable
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from quizdeck import paths
from quizdeck.decks.apart import NOTHING_APART, KeepApart
from quizdeck.decks.scope import Scope
from quizdeck.errors import StoreError
from quizdeck.model import Card, Mode, Rating, Recorded
from quizdeck.session.siblings import AnsweredToday
from quizdeck.settings import Settings
from quizdeck.store.database import Database
from quizdeck.store.due import Queue
from quizdeck.store.index import DeckIndex
from quizdeck.store.profile import Profile
from quizdeck.store.reading import Reading
from quizdeck.store.rows import CardState, Key, Orphan, ReviewRow

if TYPE_CHECKING:
    from quizdeck.store.flags import CardFlags
    from quizdeck.store.reviews import Reviews
    from quizdeck.store.stats import Stats
    from quizdeck.store.summary import DueSummary


class Store:
    """One profile's progress. Open with :meth:`open` or :meth:`for_profile`; close when done."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self.profile = Profile(database)
        self.index = DeckIndex(database)
        self.queue = Queue(database, self.profile, self.index)
        self.reading = Reading(database, self.profile, self.index, self.queue)

    # What records answers and manages cards is made (and imported) when first used: a session
    # puts its first question before it records anything.

    @functools.cached_property
    def reviews(self) -> Reviews:
        from quizdeck.store.reviews import Reviews

        return Reviews(self.database, self.profile)

    @functools.cached_property
    def flags(self) -> CardFlags:
        from quizdeck.store.flags import CardFlags

        return CardFlags(self.database)

    # ----------------------------------------------------------------- opening

    @classmethod
    def open(cls, path: Path, *, tz: tzinfo | None = None, reading: bool = False) -> Store:
        """Open (creating and migrating if needed) the database at ``path``.

        ``tz`` is the time zone the study day is counted in (default: local time).
        With ``reading``, a database that cannot be opened for writing (a read-only
        folder or medium) is opened read-only instead, for commands that only read.
        """
        return cls(Database.open(path, tz=tz, reading=reading))

    @classmethod
    def for_profile(cls, profile: str, *, tz: tzinfo | None = None, reading: bool = False) -> Store:
        """Open the database of ``profile`` in the data directory (see ``open``)."""
        if not paths.valid_profile(profile):
            raise StoreError(
                f"invalid profile name '{profile}': use up to 64 letters, digits, '.', '_' or '-', "
                "starting with a letter or digit"
            )
        return cls.open(paths.profile_db(profile), tz=tz, reading=reading)

    def close(self) -> None:
        """Checkpoint what is left of the WAL and close the database."""
        self.database.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    @property
    def path(self) -> Path:
        return self.database.path

    @property
    def read_only(self) -> bool:
        return self.database.read_only

    @property
    def schema_version(self) -> int:
        """The schema version of the open database."""
        return self.database.schema_version

    # ----------------------------------------------------------------- profile

    def settings(self) -> Settings:
        return self.profile.settings()

    def get_setting(self, key: str) -> str:
        return self.profile.get_setting(key)

    def set_setting(self, key: str, text: str) -> str:
        return self.profile.set_setting(key, text)

    def identity(self) -> str:
        return self.profile.identity()

    def device_id(self) -> str:
        """This profile's device id (see :mod:`.events`), made on first use."""
        from quizdeck.store.events import device_id

        with self.database.write() as db:
            return device_id(db)

    def day_start(self, now: datetime) -> datetime:
        return self.profile.day_start(now)

    def next_day_start(self, now: datetime) -> datetime:
        return self.profile.next_day_start(now)

    def study_date(self, moment: datetime, hour: int | None = None) -> date:
        return self.profile.study_date(moment, hour)

    # ----------------------------------------------------------------- what a session asks

    def build_queue(
        self,
        scope: Scope,
        now: datetime,
        *,
        new_limit: int | None = None,
        review_limit: int | None = None,
        seed: int = 0,
    ) -> list[Card]:
        return self.queue.build(
            scope, now, new_limit=new_limit, review_limit=review_limit, seed=seed
        )

    def learning_soon(
        self, scope: Scope, now: datetime, ahead: timedelta
    ) -> list[tuple[Card, datetime]]:
        return self.queue.learning_soon(scope, now, ahead)

    def answered_today(self, now: datetime, apart: KeepApart = NOTHING_APART) -> AnsweredToday:
        return self.queue.answered_today(now, apart)

    def sibling_answered(self, card: Card, now: datetime, apart: KeepApart = NOTHING_APART) -> bool:
        return self.queue.sibling_answered(card, now, apart)

    def next_due(self, scope: Scope, now: datetime) -> datetime | None:
        return self.queue.next_due(scope, now)

    # ----------------------------------------------------------------- reviews

    def record_review(
        self,
        card: Card,
        *,
        mode: Mode,
        given: str,
        correct: bool,
        score: float,
        rating: Rating,
        duration_ms: int,
        now: datetime,
    ) -> Recorded:
        return self.reviews.record(
            card, mode=mode, given=given, correct=correct, score=score, rating=rating,
            duration_ms=duration_ms, now=now,
        )  # fmt: skip

    def amend_review(
        self, review_id: int, *, correct: bool, score: float, rating: Rating, now: datetime
    ) -> Recorded:
        return self.reviews.amend(review_id, correct=correct, score=score, rating=rating, now=now)

    def take_back(self, review_id: int) -> bool:
        return self.reviews.take_back(review_id)

    def undo_last(self) -> ReviewRow | None:
        return self.reviews.undo_last()

    # ----------------------------------------------------------------- managing cards

    def suspend(self, deck: str, card: str) -> None:
        self.flags.suspend(deck, card)

    def unsuspend(self, deck: str, card: str) -> bool:
        return self.flags.unsuspend(deck, card)

    def bury(self, deck: str, card: str, until: datetime) -> None:
        self.flags.bury(deck, card, until)

    def counts(self, deck: str | None = None) -> tuple[int, int]:
        return self.flags.counts(deck)

    def reset(self, deck: str | None = None) -> tuple[int, int]:
        return self.flags.reset(deck)

    def orphans(self, known: Collection[Key]) -> list[Orphan]:
        return self.flags.orphans(known)

    def prune(self, keys: Iterable[Key]) -> int:
        return self.flags.prune(keys)

    # ----------------------------------------------------------------- reading

    def card_state(self, deck: str, card: str) -> CardState | None:
        return self.reading.card_state(deck, card)

    def states(self, decks: Collection[str] | None = None) -> list[CardState]:
        return self.reading.states(decks)

    def history(
        self, deck: str | None = None, card: str | None = None, limit: int | None = None
    ) -> list[ReviewRow]:
        return self.reading.history(deck, card, limit)

    def due_summary(self, scope: Scope, now: datetime, days: int = 14) -> DueSummary:
        return self.reading.due_summary(scope, now, days)

    def stats(
        self,
        scope: Scope,
        now: datetime,
        *,
        decks: Collection[str] | None = None,
        days: int = 30,
        weakest: int = 10,
    ) -> Stats:
        return self.reading.stats(scope, now, decks=decks, days=days, weakest=weakest)

    def export(self, out: TextIO, fmt: str, *, profile: str, now: datetime) -> int:
        return self.reading.export(out, fmt, profile=profile, now=now)
