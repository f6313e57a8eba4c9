"""``quiz stats`` at scale: the grouped queries against the old per-day / per-card code.

Run:  python bench/stats.py [--cards N] [--reviews N] [--repeat N]

Builds a profile of N cards and M reviews from a seed (with ``bench/store.py``'s
generator: the store's own schema, a year of review log), then times the stats
computation of ``Store.stats`` (grouped SQL) against the implementation it replaced
(kept below as the baseline), alternating the two, and prints the medians, their
spread and the ratio. Both must give the same result; the bench says so.
For the big figure: ``python bench/stats.py --cards 100000 --reviews 1000000``.
"""

from __future__ import annotations

import argparse
import random
import runpy
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from quizdeck.cards import Card
from quizdeck.progress_rows import deck_filter
from quizdeck.progress_stats import CardTally, Stats, Tally
from quizdeck.scheduler import iso
from quizdeck.store import Store
from quizdeck.study_days import StudyDays

STORE_BENCH = runpy.run_path(str(Path(__file__).with_name("store.py")))
NOW = STORE_BENCH["NOW"]
SEED = 20211107


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=2_000)
    parser.add_argument("--reviews", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each")
    args = parser.parse_args()
    print(f"Python {sys.version.split()[0]}, SQLite {sqlite3.sqlite_version}")
    with tempfile.TemporaryDirectory(prefix="quiz-stats-bench-") as name:
        path = Path(name) / "profile.sqlite3"
        cards = STORE_BENCH["make_cards"](args.cards)
        rng = random.Random(SEED)
        for n, card in enumerate(cards):  # a few tags, so that per-tag tallies have work
            cards[n] = replace(card, tags=(f"tag-{n % 7}", f"set-{n % 3}"))
        started = time.perf_counter()
        STORE_BENCH["generate"](path, cards, args.reviews, rng)
        print(
            f"generated {len(cards):,} cards and {args.reviews:,} reviews "
            f"in {time.perf_counter() - started:.1f} s"
        )
        with Store.open(path) as store:
            calendar = store._calendar()
            today = calendar.date_of(NOW)

            def new() -> Stats:
                return store.stats(cards, NOW)

            def old() -> Stats:
                with store._read() as db:
                    return old_stats(db, cards, calendar, today, decks=None, days=30, weakest=10)

            same = new().to_dict() == old().to_dict()
            times: dict[str, list[float]] = {"old": [], "new": []}
            for _ in range(args.repeat):
                for label, run in (("old", old), ("new", new)):
                    began = time.perf_counter()
                    run()
                    times[label].append(time.perf_counter() - began)
    medians = {label: statistics.median(values) for label, values in times.items()}
    for label, values in times.items():
        print(
            f"{label}: median {medians[label] * 1000:.1f} ms "
            f"(min {min(values) * 1000:.1f}, max {max(values) * 1000:.1f}; {len(values)} runs)"
        )
    print(
        f"new/old: {medians['new'] / medians['old']:.3f}×"
    )
    print(f"same result: {'yes' if same else 'NO'}")
    if not same:
        raise SystemExit(1)


# --------------------------------------------------------------------------- the old code
# ``quizdeck.progress_stats.stats`` as it was before the grouped queries: one query per
# day and per streak day, and a pass in Python over every card with reviews.


def old_stats(
    db: sqlite3.Connection,
    cards: Sequence[Card],
    calendar: StudyDays,
    today: date,
    *,
    decks: Collection[str] | None,
    days: int,
    weakest: int,
) -> Stats:
    """Reviews and accuracy per day, true retention, streak, per deck/tag accuracy,
    weakest cards and leeches. ``cards`` supply the tags; ``decks`` limits the reviews
    counted (None: all)."""
    where, params = deck_filter(decks)
    daily = [
        (day, *_day_tallies(db, calendar, day, where, params))
        for day in _days(today - timedelta(days=days - 1), days)
    ]
    card_tallies = _card_tallies(db, where, params)
    leech_rows = db.execute(
        "SELECT deck, card, lapses, suspended FROM cards WHERE leech = 1 "
        f"{where} ORDER BY lapses DESC, deck, card",
        params,
    ).fetchall()
    streak, studied_today = _streak(db, calendar, today, where, params)
    tallies = {(entry.deck, entry.card): entry for entry in card_tallies}
    return Stats(
        days=[(day, tally) for day, tally, _ in daily],
        total=sum((entry.tally for entry in card_tallies), Tally()),
        true_retention=sum((retained for _, _, retained in daily), Tally()),
        streak=streak,
        studied_today=studied_today,
        per_deck=_group(card_tallies, lambda entry: [entry.deck]),
        per_tag=_per_tag(cards, card_tallies),
        weakest=_weakest(card_tallies, weakest),
        leeches=[
            replace(tallies[(deck, card)], lapses=lapses, suspended=bool(suspended))
            if (deck, card) in tallies
            else CardTally(deck, card, Tally(), lapses, True, bool(suspended))
            for deck, card, lapses, suspended in leech_rows
        ],
    )


def _day_tallies(
    db: sqlite3.Connection,
    calendar: StudyDays,
    day: date,
    where: str,
    params: tuple[str, ...],
) -> tuple[Tally, Tally]:
    """One study day: all reviews, and start reviews of learned cards not forgotten."""
    start, end = calendar.start(day), calendar.start(day + timedelta(days=1))
    count, right, learned, kept = db.execute(
        "SELECT count(*), coalesce(sum(correct), 0), "
        "coalesce(sum(mode = 'start' AND state_before = 2), 0), "
        "coalesce(sum(mode = 'start' AND state_before = 2 AND rating > 1), 0) "
        f"FROM reviews WHERE time >= ? AND time < ? {where}",
        (iso(start), iso(end), *params),
    ).fetchone()
    return Tally(count, right), Tally(learned, kept)


def _card_tallies(db: sqlite3.Connection, where: str, params: tuple[str, ...]) -> list[CardTally]:
    """Reviews and right answers of every card with reviews, with its lapses and flags."""
    rows = db.execute(
        "SELECT t.deck, t.card, t.n, t.right, coalesce(c.lapses, 0), coalesce(c.leech, 0), "
        "coalesce(c.suspended, 0) FROM (SELECT deck, card, count(*) AS n, "
        f"sum(correct) AS right FROM reviews WHERE 1 {where} GROUP BY deck, card) t "
        "LEFT JOIN cards c ON c.deck = t.deck AND c.card = t.card",
        params,
    )
    return [
        CardTally(deck, card, Tally(count, int(right)), lapses, bool(leech), bool(suspended))
        for deck, card, count, right, lapses, leech, suspended in rows
    ]


def _streak(
    db: sqlite3.Connection,
    calendar: StudyDays,
    today: date,
    where: str,
    params: tuple[str, ...],
) -> tuple[int, bool]:
    """Consecutive study days with a review, ending today (or yesterday)."""

    def studied(day: date) -> bool:
        start, end = calendar.start(day), calendar.start(day + timedelta(days=1))
        return bool(
            db.execute(
                f"SELECT 1 FROM reviews WHERE time >= ? AND time < ? {where} LIMIT 1",
                (iso(start), iso(end), *params),
            ).fetchone()
        )

    studied_today = studied(today)
    day = today if studied_today else today - timedelta(days=1)
    streak = 0
    while studied(day):
        streak += 1
        day -= timedelta(days=1)
    return streak, studied_today


def _days(first: date, count: int) -> list[date]:
    return [first + timedelta(days=offset) for offset in range(count)]


def _group(
    entries: Iterable[CardTally], groups_of: Callable[[CardTally], Iterable[str]]
) -> dict[str, Tally]:
    totals: dict[str, Tally] = defaultdict(Tally)
    for entry in entries:
        for group in groups_of(entry):
            totals[group] = totals[group] + entry.tally
    return dict(sorted(totals.items()))


def _per_tag(cards: Sequence[Card], entries: Sequence[CardTally]) -> dict[str, Tally]:
    tags = {card.key: card.tags for card in cards if card.tags}
    return _group(entries, lambda entry: tags.get((entry.deck, entry.card), ()))


def _weakest(entries: Sequence[CardTally], count: int, minimum: int = 3) -> list[CardTally]:
    """Cards with at least ``minimum`` reviews, lowest accuracy first."""
    candidates = [
        entry
        for entry in entries
        if entry.tally.reviews >= minimum and entry.tally.correct < entry.tally.reviews
    ]
    candidates.sort(key=lambda entry: (entry.tally.accuracy, -entry.lapses, -entry.tally.reviews))
    return candidates[:count]


if __name__ == "__main__":
    main()
