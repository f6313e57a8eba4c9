"""The index of the decks' cards beside their schedules (store_index, migration 5): what is new,
due, edited and tallied stays right whatever writes the schedule, a deck is indexed again when its
cards change, and the queue, ``quiz due`` and ``quiz stats`` never read a whole cached deck."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator, Sequence
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import overload

import pytest

from quizdeck.decks.format import CardList, Deck, IndexRow
from quizdeck.decks.scope import Scope, index_row
from quizdeck.model import Card, Kind, Mode, Rating
from quizdeck.store import Store
from quizdeck.store.database import Database

NOW = datetime(2026, 2, 3, 15, 0, tzinfo=timezone.utc)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "profiles" / "test.sqlite3", tz=timezone.utc) as opened:
        yield opened


def card(deck: str, card_id: str, *, tags: tuple[str, ...] = (), prompt: str = "") -> Card:
    return Card(deck, card_id, Kind.TEXT, prompt or f"Question {card_id}?", ("yes",), tags=tags)


def answer(store: Store, answered: Card, when: datetime, right: bool = True) -> int:
    recorded = store.record_review(
        answered,
        mode=Mode.START,
        given="yes" if right else "no",
        correct=right,
        score=float(right),
        rating=Rating.GOOD if right else Rating.AGAIN,
        duration_ms=1000,
        now=when,
    )
    return recorded.review_id


def test_tag_and_deck_tallies_follow_reviews_take_backs_and_retagged_cards(store: Store) -> None:
    war = card("d", "a", tags=("war",))
    both = card("d", "b", tags=("war", "law"))
    store.stats(
        Scope.of_cards([war, both]), NOW
    )  # indexed before any review: the triggers keep the sums
    answer(store, war, NOW)
    answer(store, both, NOW, right=False)
    taken = answer(store, both, NOW + timedelta(minutes=1))
    stats = store.stats(Scope.of_cards([war, both]), NOW)
    assert {tag: (t.reviews, t.correct) for tag, t in stats.per_tag.items()} == {
        "law": (2, 1),
        "war": (3, 2),
    }
    assert store.take_back(taken)
    stats = store.stats(Scope.of_cards([war, both]), NOW)
    assert (stats.per_tag["war"].reviews, stats.per_deck["d"].reviews) == (2, 2)
    retagged = [card("d", "a", tags=("map",)), card("d", "b", tags=("map",))]
    stats = store.stats(Scope.of_cards(retagged), NOW)  # the deck's cards changed: indexed again
    assert {tag: (t.reviews, t.correct) for tag, t in stats.per_tag.items()} == {"map": (2, 1)}


def test_a_card_added_to_a_deck_is_new_and_a_removed_one_is_neither_new_nor_due(
    store: Store,
) -> None:
    first, second = card("d", "a"), card("d", "b")
    answer(store, first, NOW - timedelta(days=30))
    assert [c.id for c in store.build_queue(Scope.of_cards([first, second]), NOW)] == ["a", "b"]
    assert store.due_summary(Scope.of_cards([second]), NOW).decks[0].new == 1
    assert store.build_queue(Scope.of_cards([second]), NOW) == [
        second
    ]  # "a" left the deck: not due
    added = card("d", "c")
    assert [c.id for c in store.build_queue(Scope.of_cards([second, added]), NOW)] == ["b", "c"]


def test_a_removed_card_leaves_every_count_of_due_until_it_comes_back(store: Store) -> None:
    kept, leaving = card("d", "a"), card("d", "b")
    answer(store, kept, NOW - timedelta(days=30))
    answer(store, leaving, NOW - timedelta(days=30), right=False)  # both still learning
    later = NOW + timedelta(days=3)

    def counted(cards: list[Card]) -> tuple[int, int, int]:
        summary = store.due_summary(Scope.of_cards(cards), later, days=3)
        deck = summary.decks[0]
        return deck.learning, deck.due_now, sum(count for _, count in summary.forecast)

    assert counted([kept, leaving]) == (2, 2, 2)
    assert counted([kept]) == (1, 1, 1)  # "b" left the deck: its schedule is kept, not counted
    store.suspend("d", "b")
    assert store.due_summary(Scope.of_cards([kept]), later).decks[0].suspended == 0
    store.unsuspend("d", "b")
    assert counted([kept, leaving]) == (2, 2, 2)  # back in the deck, with its schedule


def test_a_schedule_written_for_a_card_its_deck_lacks_is_not_counted(store: Store) -> None:
    kept = card("d", "a")
    store.due_summary(Scope.of_cards([kept]), NOW)  # deck "d" is indexed with one card
    answer(store, card("d", "stray"), NOW - timedelta(days=30))  # a schedule, no card
    summary = store.due_summary(Scope.of_cards([kept]), NOW + timedelta(days=30), days=2)
    assert (summary.decks[0].due_now, sum(count for _, count in summary.forecast)) == (0, 0)


def test_the_new_flag_follows_every_write_of_a_schedule(store: Store) -> None:
    cards = [card("d", name) for name in "abc"]
    scope = Scope.of_cards(cards)
    assert store.due_summary(scope, NOW).decks[0].new == 3
    taken = answer(store, cards[0], NOW)
    assert store.due_summary(scope, NOW).decks[0].new == 2
    store.take_back(taken)
    assert store.due_summary(scope, NOW).decks[0].new == 3
    answer(store, cards[1], NOW)
    store.undo_last()
    assert store.due_summary(scope, NOW).decks[0].new == 3
    store.suspend("d", "c")
    assert store.due_summary(scope, NOW).decks[0].new == 2


def test_an_edited_card_is_reported_until_it_is_reviewed_again(store: Store) -> None:
    original = card("d", "a", prompt="Old wording?")
    answer(store, original, NOW - timedelta(days=3))
    assert store.due_summary(Scope.of_cards([original]), NOW).changed == []
    edited = card("d", "a", prompt="New wording?")
    assert store.due_summary(Scope.of_cards([edited]), NOW).changed == [("d", "a")]
    answer(store, edited, NOW)
    assert store.due_summary(Scope.of_cards([edited]), NOW).changed == []


class Untouchable(CardList):
    """A cached deck's cards that fail if read whole: only the cards asked may be fetched."""

    def __init__(self, cards: list[Card]) -> None:
        self._cards = {each.id: each for each in cards}
        self.fetched: list[str] = []

    def __len__(self) -> int:
        return len(self._cards)

    @overload
    def __getitem__(self, index: int) -> Card: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Card]: ...
    def __getitem__(self, index: int | slice) -> Card | Sequence[Card]:
        raise AssertionError("a whole deck was read")

    def __iter__(self) -> Iterator[Card]:
        raise AssertionError("a whole deck was read")

    @property
    def digest(self) -> str:
        return json.dumps(sorted(self._cards))

    def by_ids(self, ids: Collection[str]) -> dict[str, Card]:
        self.fetched += ids
        return {card_id: self._cards[card_id] for card_id in ids if card_id in self._cards}

    def index_rows(self) -> list[IndexRow]:
        return [index_row(each) for each in self._cards.values()]


def test_the_queue_due_and_stats_fetch_only_the_cards_they_show(store: Store) -> None:
    cards = Untouchable([card("big", f"c{n:03}", tags=("t",)) for n in range(300)])
    deck = Deck("big", "Big", Path("big.toml"), cards)
    scope = Scope.of_decks([deck])
    answer(store, cards.by_ids(["c001"])["c001"], NOW - timedelta(days=10), right=False)
    cards.fetched.clear()
    store.set_setting("new_per_day", "5")
    queue = store.build_queue(scope, NOW)
    assert len(queue) == 6 and sorted(cards.fetched) == sorted(c.id for c in queue)
    summary = store.due_summary(scope, NOW)
    assert (summary.decks[0].new, summary.decks[0].due_now) == (299, 1)
    assert store.stats(scope, NOW).per_tag["t"].reviews == 1
    assert store.next_due(scope, NOW) is not None
    assert len(cards.fetched) == 6


def test_a_read_only_profile_leaves_out_removed_cards_without_writing(tmp_path: Path) -> None:
    path = tmp_path / "profiles" / "test.sqlite3"
    kept, leaving = card("d", "a"), card("d", "b")
    with Store.open(path, tz=timezone.utc) as store:
        answer(store, kept, NOW - timedelta(days=30))
        answer(store, leaving, NOW - timedelta(days=30))
        store.due_summary(Scope.of_cards([kept, leaving]), NOW)
    before = path.read_bytes()
    with Store(Database.open_read_only(path, timezone.utc)) as store:
        summary = store.due_summary(Scope.of_cards([kept]), NOW + timedelta(days=3), days=3)
        assert (summary.decks[0].learning, summary.decks[0].due_now) == (1, 1)
        assert sum(count for _, count in summary.forecast) == 1
    assert path.read_bytes() == before


def test_upgrading_marks_the_schedules_of_cards_already_gone(tmp_path: Path) -> None:
    import sqlite3

    from quizdeck.store.migrations import MIGRATIONS, migrate

    db = sqlite3.connect(tmp_path / "old.sqlite3", isolation_level=None)
    db.execute("BEGIN")
    for number in range(5):
        MIGRATIONS[number](db)
    db.execute("INSERT INTO deck_digests VALUES ('d', 'x')")
    db.execute("INSERT INTO deck_cards VALUES ('d', 'kept', 0, 0, '', '', '[]', 0, 0)")
    for deck, card in (("d", "kept"), ("d", "left"), ("other", "never indexed")):
        db.execute(
            "INSERT INTO cards (deck, card, state, due) VALUES (?, ?, 2, '2026')", (deck, card)
        )
    migrate(db, 5)
    db.execute("COMMIT")
    gone = dict(db.execute("SELECT card, gone FROM cards").fetchall())
    assert gone == {"kept": 0, "left": 1, "never indexed": 0}
    db.close()


def test_new_cards_are_counted_from_the_index_alone(store: Store) -> None:
    """``quiz due`` counts a deck's new cards without reading a table row per card: the new
    cards' index holds ``new`` (migration 8), so SQLite answers from the index."""
    from quizdeck.store.summary import NEW_COUNT

    store.due_summary(Scope.of_cards([card("d", "a")]), NOW)  # indexed
    plan = store.database.connection.execute(f"EXPLAIN QUERY PLAN {NEW_COUNT}", ('["d"]',))
    details = [row[-1] for row in plan]
    assert any("COVERING INDEX deck_cards_new" in detail for detail in details), details
