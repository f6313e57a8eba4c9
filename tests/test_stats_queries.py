"""``quiz stats`` from grouped queries gives what a plain pass in Python over the log gives."""

from __future__ import annotations

import random
import sqlite3
from collections import defaultdict
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from quizdeck.clock import StudyDays, iso
from quizdeck.decks.scope import Scope
from quizdeck.model import Card, Kind
from quizdeck.store import Store

NOW = datetime(2025, 3, 10, 12, 0, tzinfo=timezone.utc)
#: Whole hours off UTC, and half and three quarters of an hour (the day starts mid-hour).
ZONES = (
    timezone(timedelta(hours=-5)),
    timezone(timedelta(hours=5, minutes=30)),
    timezone(timedelta(hours=5, minutes=45)),
)
DECKS = ("alpha", "beta", "gamma")
TAGS = ("war", "law", "map")


def build(path: Path, rng: random.Random, tz: timezone) -> tuple[list[Card], list[tuple[Any, ...]]]:
    """A profile with random cards, card states and reviews; returns the cards and reviews."""
    cards = [
        Card(
            deck, f"c{n}", Kind.TEXT, "q?", ("a",), tags=tuple(rng.sample(TAGS, rng.randint(0, 2)))
        )
        for deck in DECKS
        for n in range(rng.randint(3, 12))
    ]
    reviews = []
    for number in range(rng.randint(0, 400)):
        card = rng.choice(cards)
        when = NOW - timedelta(
            days=rng.choice((0, 1, 2, 3, 5, 9, 20, 40)), hours=rng.uniform(0, 24)
        )
        mode = rng.choice(("start", "start", "practice", "exam"))
        reviews.append(
            (
                number + 1,
                iso(when),
                card.deck_id,
                card.id,
                mode,
                "x",
                rng.random() < 0.7,
                1.0,
                rng.randint(1, 4),
                1000,
                rng.choice((None, 0, 1, 2)) if mode == "start" else None,
            )
        )
    states = [
        (card.deck_id, card.id, rng.randint(0, 9), int(rng.random() < 0.2), int(rng.random() < 0.2))
        for card in cards
        if rng.random() < 0.7
    ]
    Store.open(path, tz=tz).close()
    db = sqlite3.connect(path)
    with db:
        db.executemany(
            "INSERT INTO reviews (id, time, deck, card, mode, given, correct, score, rating, "
            "duration_ms, state_before) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            reviews,
        )
        db.executemany(
            "INSERT INTO cards (deck, card, lapses, leech, suspended) VALUES (?, ?, ?, ?, ?)",
            states,
        )
    db.close()
    return cards, reviews


def tally(rows: list[tuple[Any, ...]]) -> dict[str, Any]:
    right = sum(1 for row in rows if row[6])
    return {
        "reviews": len(rows),
        "correct": right,
        "accuracy": round(right / len(rows), 4) if rows else None,
    }


def expected(
    path: Path,
    cards: list[Card],
    reviews: list[tuple[Any, ...]],
    decks: set[str] | None,
    days: int,
    weakest: int,
    hour: int,
    tz: timezone,
) -> dict[str, Any]:
    """The stats by a plain pass over every review, as the to_dict of ``Store.stats``."""
    calendar = StudyDays(hour, tz)
    today = calendar.date_of(NOW)
    rows = [row for row in reviews if decks is None or row[2] in decks]
    by_day: dict[date, list[tuple[Any, ...]]] = defaultdict(list)
    by_card: dict[tuple[str, str], list[tuple[Any, ...]]] = defaultdict(list)
    for row in rows:
        by_day[calendar.date_of(datetime.fromisoformat(row[1]))].append(row)
        by_card[(row[2], row[3])].append(row)
    window = [today - timedelta(days=offset) for offset in range(days - 1, -1, -1)]
    learned = [row for day in window for row in by_day[day] if row[4] == "start" and row[10] == 2]
    streak, day = 0, today if by_day.get(today) else today - timedelta(days=1)
    while by_day.get(day):
        streak, day = streak + 1, day - timedelta(days=1)
    db = sqlite3.connect(path)
    flags = {
        (d, c): (lapses, leech, suspended)
        for d, c, lapses, leech, suspended in db.execute(
            "SELECT deck, card, lapses, leech, suspended FROM cards"
        )
    }
    db.close()

    def card_entry(key: tuple[str, str]) -> dict[str, Any]:
        lapses, leech, suspended = flags.get(key, (0, 0, 0))
        return {
            "deck": key[0],
            "card": key[1],
            **tally(by_card.get(key, [])),
            "lapses": lapses,
            "leech": bool(leech),
            "suspended": bool(suspended),
        }

    weak = [
        key
        for key, entries in by_card.items()
        if len(entries) >= 3 and sum(1 for row in entries if row[6]) < len(entries)
    ]
    weak.sort(
        key=lambda key: (
            sum(1 for row in by_card[key] if row[6]) / len(by_card[key]),
            -flags.get(key, (0, 0, 0))[0],
            -len(by_card[key]),
            key,
        )
    )
    leeches = sorted(
        (
            key
            for key, (_, leech, _) in flags.items()
            if leech and (decks is None or key[0] in decks)
        ),
        key=lambda key: (-flags[key][0], key),
    )
    by_tag: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    for card in cards:
        for tag in card.tags:
            by_tag[tag] += by_card.get(card.key, [])
    return {
        "days": [{"date": day.isoformat(), **tally(by_day[day])} for day in window],
        "total": tally(rows),
        "true_retention": tally([(*row[:6], row[8] > 1) for row in learned]),
        "streak": streak,
        "studied_today": bool(by_day.get(today)),
        "per_deck": {
            deck: tally([row for row in rows if row[2] == deck])
            for deck in sorted({row[2] for row in rows})
        },
        "per_tag": {tag: tally(by_tag[tag]) for tag in sorted(by_tag) if by_tag[tag]},
        "weakest": [card_entry(key) for key in weak[:weakest]],
        "leeches": [card_entry(key) for key in leeches],
    }


@pytest.mark.parametrize("seed", range(12))
def test_stats_match_a_plain_computation_over_random_reviews(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    path = tmp_path / "p.sqlite3"
    tz = ZONES[seed % len(ZONES)]
    cards, reviews = build(path, rng, tz)
    decks = None if rng.random() < 0.5 else set(rng.sample(DECKS, rng.randint(1, 2)))
    days, weakest, hour = rng.randint(1, 45), rng.choice((0, 3, 100)), rng.randint(0, 23)
    with Store.open(path, tz=tz) as store:
        store.set_setting("day_starts_at_hour", str(hour))
        got = store.stats(
            Scope.of_cards(cards), NOW, decks=decks, days=days, weakest=weakest
        ).to_dict()
    assert got == expected(path, cards, reviews, decks, days, weakest, hour, tz)
