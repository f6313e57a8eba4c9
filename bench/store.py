"""The progress store at scale: 100,000 cards and 1,000,000 reviews.

Run:  python bench/store.py [--cards N] [--reviews N] [--answers N]

It creates a profile database with the store's own migrations
(``Store.open``), fills it in one transaction with ``executemany`` (card
states and a year of review log, rows shaped as the store writes them), then
measures on it:

* answer → committed: ``Store.record_review`` in start mode (reschedule with
  FSRS, save the card state, log the review, commit), p50/p99 over N answers.
  Goal: p99 ≤ 0.5 ms, and the slowest of the paced answers ≤ 20 ms; the same
  answers are also run with ``synchronous=FULL`` (an fsync per commit, as Anki
  commits). Baseline in the same run: one raw ``sqlite3`` INSERT and
  COMMIT of a single row, in a WAL database with ``synchronous=NORMAL`` in the
  same folder. Before/after in the same run: N answers with SQLite's automatic
  checkpoint inside the commit (quiz's old setting), then N with the store's own
  checkpoints off the answer path (p50, p99 and the worst answer).
* the first session after indexing: every deck indexed afresh by ``Store.build_queue``,
  then 200 answers 10 ms apart; the worst answer (goal ≤ 50 ms) and the queue, before
  (the indexing's WAL left to the background checkpoint) and after (checkpointed before the
  queue returns), alternating.
* due queue: ``Store.build_queue`` over the 100,000 cards (median of several
  runs after the first). Goal: ≤ 30 ms.
* ``Store.stats`` (what ``quiz stats`` computes), and ``quiz stats`` itself as
  a command on the same database when the command exists.

If the ``anki`` package is importable (``pip install anki``), the same workload
runs on Anki's own backend (a collection with as many notes, review cards and
revlog rows; answers through ``answer_card``, the queue through
``get_queued_cards``) and the ratios are printed.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING
from unittest import mock

from quizdeck.clock import iso
from quizdeck.decks.scope import Scope
from quizdeck.model import Card, Kind, Mode, Rating
from quizdeck.store import Store
from quizdeck.store.checkpoint import Checkpointer
from quizdeck.store.database import WAL_CHECKPOINT_PAGES
from quizdeck.store.migrations import APPLICATION_ID, MIGRATIONS

if TYPE_CHECKING:
    from anki.collection import Collection  # optional: see anki_workload

DECKS = 10
SEED = 20211107
NOW = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)
#: Answer → committed, 99th percentile, and the slowest of the paced answers (issue 13).
GOAL_P99_MS = 0.5
GOAL_WORST_MS = 20
GOAL_QUEUE_MS = 30.0
#: The worst answer of the first session after indexing every card (issue 28).
GOAL_AFTER_INDEXING_MS = 50
#: quiz's setting before checkpoints left the answer path: SQLite's automatic checkpoint.
OLD_AUTOCHECKPOINT_PAGES = 8192

_CARD_SQL = (
    "INSERT INTO cards (deck, card, state, step, stability, difficulty, due, last_review, "
    "reps, lapses, suspended, buried_until, content_hash, leech, first_seen) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, NULL, ?, 0, ?)"
)
_REVIEW_SQL = (
    "INSERT INTO reviews (id, time, deck, card, mode, given, correct, score, rating, "
    "duration_ms, state_before, before, amended_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
    "NULL)"
)


def make_cards(count: int) -> list[Card]:
    """``count`` text cards spread over ``DECKS`` decks."""
    per_deck = -(-count // DECKS)
    return [
        Card(
            deck_id=f"bench-{n // per_deck}",
            id=f"card-{n}",
            kind=Kind.TEXT,
            prompt=f"What is the name of place number {n}?",
            answers=(f"Place {n}",),
            tags=("bench",),
        )
        for n in range(count)
    ]


def _before_json(deck: str, card: str, stability: float, difficulty: float, when: str) -> str:
    """The ``before`` column of a start review as the store wrote it before migration 9 (a
    CardState dict as JSON): a profile opened by quiz packs it (see ``quiz_workload``)."""
    memory = (
        f'{{"state": 2, "step": null, "stability": {stability:.4f}, '
        f'"difficulty": {difficulty:.4f}, "due": "{when}", "last_review": "{when}"}}'
    )
    return (
        f'{{"deck": "{deck}", "card": "{card}", "memory": {memory}, "reps": 3, "lapses": 0, '
        f'"suspended": false, "buried_until": null, "content_hash": "0123456789abcdef", '
        f'"leech": false, "first_seen": "{when}"}}'
    )


#: The schema a profile is generated at: its reviews' states before them are JSON, as quiz
#: wrote them until migration 9, and ``reviews`` is a table, as until migration 11.
OLD_SCHEMA = 8


def old_schema(path: Path, version: int) -> None:
    """Create ``path`` with the first ``version`` migrations, as an older quiz made it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as db:
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("BEGIN")
        for migration in MIGRATIONS[:version]:
            migration(db)
        db.execute(f"PRAGMA user_version = {version}")
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        db.execute("COMMIT")


def generate(path: Path, cards: list[Card], reviews: int, rng: random.Random) -> dict[str, int]:
    """Create the database with the store's migrations, then bulk-insert states and reviews."""
    old_schema(path, OLD_SCHEMA)  # the schema as quiz made it then: opening it migrates it
    reviewed = cards[: len(cards) * 9 // 10]  # one card in ten is still new
    states = []
    due_now = 0
    for card in reviewed:
        learning = rng.random() < 0.003
        stability = rng.lognormvariate(2.5, 1.0)
        due = NOW + timedelta(days=rng.uniform(-3.0, 120.0))
        if learning:
            due = NOW + timedelta(minutes=rng.uniform(-30, 30))
        last = min(NOW - timedelta(minutes=1), due - timedelta(days=max(1.0, stability / 3)))
        due_now += due <= NOW
        states.append(
            (
                card.deck_id,
                card.id,
                1 if learning else 2,
                0 if learning else None,
                stability,
                rng.uniform(1, 10),
                iso(due),
                iso(last),
                rng.randint(1, 30),
                rng.randint(0, 3),
                card.content_hash(),
                iso(last - timedelta(days=200)),
            )
        )
    offsets = sorted(rng.uniform(0, 365 * 86400) for _ in range(reviews))
    start = NOW - timedelta(days=365)
    seen: set[int] = set()
    rows = []
    for number, offset in enumerate(offsets, start=1):
        index = rng.randrange(len(reviewed))
        card = reviewed[index]
        when = iso(start + timedelta(seconds=offset)) or ""
        correct = rng.random() < 0.88
        roll = rng.random()
        mode = "start" if roll < 0.9 else ("practice" if roll < 0.95 else "exam")
        if mode != "start":
            state_before, before = None, None
        elif index in seen:
            state_before = 2
            before = _before_json(card.deck_id, card.id, 12.5, 5.2, when)
        else:
            state_before, before = None, "null"
            seen.add(index)
        rating = 3 if correct else 1
        rows.append(
            (number, when, card.deck_id, card.id, mode, f"Place {index}" if correct else "no idea",
             int(correct), float(correct), rating, rng.randint(1500, 20000), state_before, before)
        )  # fmt: skip
    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.execute("BEGIN")
        db.executemany(_CARD_SQL, states)
        db.executemany(_REVIEW_SQL, rows)
        db.execute("COMMIT")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.close()
    return {"reviewed": len(reviewed), "due_now": due_now}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def answer_times(
    store: Store,
    reviewed: list[Card],
    rng: random.Random,
    count: int,
    start: datetime,
    pause: Callable[[], object] | None = None,
) -> list[float]:
    """Seconds from answer to committed for ``count`` start-mode answers to random cards;
    ``pause`` (untimed) runs between answers, as a student reads the next question."""
    times = []
    for number in range(count):
        if pause is not None:
            pause()
        card = rng.choice(reviewed)
        correct = rng.random() < 0.9
        now = start + timedelta(seconds=number)
        times.append(
            timed(
                partial(
                    store.record_review,
                    card,
                    mode=Mode.START,
                    given="Place" if correct else "no idea",
                    correct=correct,
                    score=float(correct),
                    rating=Rating.GOOD if correct else Rating.AGAIN,
                    duration_ms=4000,
                    now=now,
                )
            )
        )
    return times


def after_indexing(
    store: Store, scope: Scope, reviewed: list[Card], rng: random.Random, runs: int
) -> dict[str, float]:
    """The first session after every deck is indexed afresh: the queue (indexing included) and
    the worst of its first 200 answers, 10 ms apart (a student answers in seconds: a background
    checkpoint of the indexing's WAL is then under way). Before: the WAL left to the background
    checkpoint; after: checkpointed before the queue returns. Alternating, ``runs`` times each."""
    db = store.database.connection
    figures: dict[str, list[float]] = {"queue": [], "worst": [], "old_queue": [], "old_worst": []}
    day = NOW + timedelta(days=10)
    for run in range(runs * 2):
        old = run % 2 == 0
        store.database.checkpointer.wait()
        db.execute("DELETE FROM deck_digests")  # every deck indexed again by the next queue
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        day += timedelta(days=1)
        with contextlib.ExitStack() as stack:
            if old:
                stack.enter_context(mock.patch.object(Checkpointer, "settle", _no_settle))
            queue = timed(lambda: store.build_queue(scope, day))  # noqa: B023
            answers = answer_times(store, reviewed, rng, 200, day, partial(time.sleep, 0.01))
        figures["old_queue" if old else "queue"].append(queue)
        figures["old_worst" if old else "worst"].append(max(answers))
    store.database.checkpointer.wait()
    return {f"indexed_{name}": statistics.median(times) for name, times in figures.items()}


def _no_settle(self: Checkpointer, db: sqlite3.Connection) -> None:
    """Checkpointer.settle as it was before: the WAL left to the background checkpoint."""


def raw_insert_commit(folder: Path, count: int) -> list[float]:
    """Baseline: INSERT + COMMIT of one row per transaction, WAL, synchronous=NORMAL."""
    db = sqlite3.connect(folder / "baseline.sqlite3", isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute("CREATE TABLE log (id INTEGER PRIMARY KEY, time TEXT, payload TEXT)")
    times = []
    for number in range(count):
        started = time.perf_counter()
        db.execute("BEGIN IMMEDIATE")
        db.execute("INSERT INTO log (time, payload) VALUES (?, ?)", (iso(NOW), f"row {number}"))
        db.execute("COMMIT")
        times.append(time.perf_counter() - started)
    db.close()
    return times


def quiz_workload(folder: Path, args: argparse.Namespace) -> dict[str, float]:
    rng = random.Random(SEED)
    cards = make_cards(args.cards)
    home = folder / "home"
    path = home / "profiles" / "default.sqlite3"
    started = time.perf_counter()
    info = generate(path, cards, args.reviews, rng)
    print(
        f"generated {len(cards):,} cards ({info['reviewed']:,} reviewed, {info['due_now']:,} "
        f"due now) and {args.reviews:,} reviews in {time.perf_counter() - started:.1f} s"
    )
    figures: dict[str, float] = {}
    # The profile is generated at schema 8 (each review's state before it as JSON, the log a
    # table with ISO times): opening it runs migrations 9 to 11 (states packed, the log made
    # compact, the file vacuumed once).
    figures["size_json"] = path.stat().st_size
    figures["migrate"] = timed(lambda: Store.open(path).close())
    figures["size"] = path.stat().st_size
    print(
        f"database {figures['size_json'] / 1e6:.0f} MB, {figures['size_json'] / args.reviews:.0f}"
        f" bytes a review at schema 8 (states before reviews as JSON); migrations 9 to 11 "
        f"(states packed, the log made compact, then VACUUM) took {figures['migrate']:.1f} s: "
        f"{figures['size'] / 1e6:.0f} MB, {figures['size'] / args.reviews:.0f} bytes a review, "
        f"{figures['size'] / figures['size_json']:.2f}×"
    )
    figures["open"] = timed(lambda: Store.open(path).close())
    store = Store.open(path)
    try:
        queue: list[Card] = []
        scope = Scope.of_cards(cards)  # as a command gets it: the deck's digest known

        def build() -> None:
            queue[:] = store.build_queue(scope, NOW)

        figures["queue_first"] = timed(build)
        figures["queue"] = statistics.median(timed(build) for _ in range(args.repeat))
        figures["queue_len"] = len(queue)

        stats = statistics.median(timed(lambda: store.stats(scope, NOW)) for _ in range(3))
        figures["stats"] = stats

        reviewed = cards[: len(cards) * 9 // 10]
        figures |= after_indexing(store, scope, reviewed, rng, args.runs)
        # Before: SQLite's automatic checkpoint inside the commit that crosses the bound (quiz
        # until now); after: the store's own checkpoints, off the answer path.
        store.database.checkpointer.bound = 1 << 62
        store.database.connection.execute(f"PRAGMA wal_autocheckpoint = {OLD_AUTOCHECKPOINT_PAGES}")
        before = answer_times(store, reviewed, rng, args.answers, NOW)
        store.database.connection.execute("PRAGMA wal_autocheckpoint = 0")
        store.database.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        store.database.checkpointer.bound = WAL_CHECKPOINT_PAGES * 4096
        answers = answer_times(store, reviewed, rng, args.answers, NOW + timedelta(days=1))
        # A student takes seconds per question: a background checkpoint ends in between.
        paced = answer_times(
            store,
            reviewed,
            rng,
            args.answers,
            NOW + timedelta(days=2),
            store.database.checkpointer.wait,
        )
        # Anki's durability: an fsync per commit.
        store.database.connection.execute("PRAGMA synchronous = FULL")
        synced = answer_times(
            store,
            reviewed,
            rng,
            args.answers,
            NOW + timedelta(days=3),
            store.database.checkpointer.wait,
        )
        store.database.connection.execute("PRAGMA synchronous = NORMAL")
        figures["full_p50"] = percentile(synced, 0.5)
        figures["full_p99"] = percentile(synced, 0.99)
        figures["full_max"] = max(synced)
        figures["paced_p50"] = percentile(paced, 0.5)
        figures["paced_p99"] = percentile(paced, 0.99)
        figures["paced_max"] = max(paced)
        figures["old_p50"] = percentile(before, 0.5)
        figures["old_p99"] = percentile(before, 0.99)
        figures["old_max"] = max(before)
        figures["answer_p50"] = percentile(answers, 0.5)
        figures["answer_p99"] = percentile(answers, 0.99)
        figures["answer_max"] = max(answers)
        integrity = store.database.connection.execute("PRAGMA integrity_check").fetchone()[0]
        figures["integrity_ok"] = float(integrity == "ok")
    finally:
        store.close()
    baseline = raw_insert_commit(folder, args.answers)
    figures["raw_p50"] = percentile(baseline, 0.5)
    figures["raw_p99"] = percentile(baseline, 0.99)
    figures["cli_stats"] = quiz_stats_command(home)
    return figures


def quiz_stats_command(home: Path) -> float:
    """Wall time of ``quiz stats`` on the generated profile (median of 3), or NaN."""
    quiz = str(Path(sys.executable).parent / "quiz")
    env = {**os.environ, "QUIZ_HOME": str(home), "NO_COLOR": "1"}
    env.pop("QUIZ_PROFILE", None)
    times = []
    for _ in range(3):
        started = time.perf_counter()
        result = subprocess.run([quiz, "stats"], capture_output=True, env=env, check=False)
        times.append(time.perf_counter() - started)
        if result.returncode != 0:
            message = (result.stderr or result.stdout).decode(errors="replace").strip()
            print(f"quiz stats: exit {result.returncode}: {message.splitlines()[-1:]}")
            return float("nan")
    return statistics.median(times)


# --------------------------------------------------------------------------- Anki


def anki_notes(path: Path, cards: int) -> None:
    """A new Anki collection at ``path`` (FSRS on) with ``cards`` Basic notes in ``DECKS``
    decks under one parent deck, every card new (a new student's collection)."""
    from anki.collection import AddNoteRequest, Collection

    col = Collection(str(path))
    try:
        col.set_config("fsrs", True)
        basic = col.models.by_name("Basic")
        assert basic is not None
        # One parent deck, so that one queue covers every card (as quiz start with no DECKS).
        deck_ids = [col.decks.id(f"bench::part-{n}") for n in range(DECKS)]
        per_deck = -(-cards // DECKS)
        batch = []
        for n in range(cards):
            note = col.new_note(basic)
            note["Front"] = f"What is the name of place number {n}?"
            note["Back"] = f"Place {n}"
            batch.append(AddNoteRequest(note, deck_ids[n // per_deck]))
            if len(batch) == 10_000:
                col.add_notes(batch)
                batch = []
        if batch:
            col.add_notes(batch)
    finally:
        col.close()


def anki_history(path: Path, reviews: int, rng: random.Random) -> list[int]:
    """Make nine cards in ten of the collection at ``path`` review cards (FSRS memory, due from
    3 days ago to 120 days on) and log ``reviews`` answers to them over a year, as
    ``generate`` does for quiz; returns the ids of every card."""
    from anki.collection import Collection

    col = Collection(str(path))
    try:
        card_ids: list[int] = col.db.list("SELECT id FROM cards ORDER BY id")
        today = col.sched.today
        reviewed = card_ids[: len(card_ids) * 9 // 10]
        updates = []
        for cid in reviewed:
            stability = rng.lognormvariate(2.5, 1.0)
            due_in = round(rng.uniform(-3.0, 120.0))
            ivl = max(1, round(stability / 3))
            data = json.dumps({"s": round(stability, 3), "d": round(rng.uniform(1, 10), 3)})
            updates.append((today + due_in, ivl, rng.randint(1, 30), rng.randint(0, 3), data, cid))
        # One transaction for each bulk write, as for quiz's store.
        col.db.transact(
            lambda: col.db.executemany(
                "UPDATE cards SET type = 2, queue = 2, due = ?, ivl = ?, factor = 2500, reps = ?, "
                "lapses = ?, data = ? WHERE id = ?",
                updates,
            )
        )
        base_ms = int((NOW - timedelta(days=365)).timestamp() * 1000)
        offsets = sorted(rng.sample(range(365 * 86_400_000), reviews))
        revlog = [
            (base_ms + offset, rng.choice(reviewed), -1, 3 if rng.random() < 0.88 else 1,
             rng.randint(1, 60), rng.randint(1, 30), 2500, rng.randint(1500, 20000), 1)
            for offset in offsets
        ]  # fmt: skip
        col.db.transact(
            lambda: col.db.executemany(
                "INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                revlog,
            )
        )
    finally:
        col.close()
    return card_ids


def anki_workload(folder: Path, args: argparse.Namespace) -> dict[str, float] | None:
    """The same workload on Anki's backend (Rust, through the ``anki`` package)."""
    try:
        from anki.collection import Collection
        from anki.scheduler_pb2 import CardAnswer
    except ImportError:
        return None
    rng = random.Random(SEED)
    path = folder / "anki" / "collection.anki2"
    path.parent.mkdir()
    started = time.perf_counter()
    anki_notes(path, args.cards)
    card_ids = anki_history(path, args.reviews, rng)
    reviewed = card_ids[: len(card_ids) * 9 // 10]
    figures_size = path.stat().st_size
    print(
        f"Anki: generated {len(card_ids):,} cards and {args.reviews:,} revlog rows in "
        f"{time.perf_counter() - started:.1f} s"
    )
    figures: dict[str, float] = {"size": figures_size}
    figures["open"] = timed(lambda: Collection(str(path)).close())
    col = Collection(str(path))
    try:
        other = col.decks.id("Default")
        top = col.decks.id("bench")
        figures["sync"] = float(col.db.scalar("PRAGMA synchronous"))

        def build() -> None:
            # Selecting another deck drops Anki's cached queue; the fetch rebuilds it.
            col.decks.select(other)
            col.decks.select(top)
            queued = col.sched.get_queued_cards(fetch_limit=1)
            counts = (queued.new_count, queued.learning_count, queued.review_count)
            figures["queue_len"] = float(sum(counts))

        times = [timed(build) for _ in range(args.repeat + 1)]
        figures["queue_first"] = times[0]
        figures["queue"] = statistics.median(times[1:])

        # Answering: random review cards, as for quiz. While Anki holds a built queue it only
        # answers the card at its top; with the queue dropped (by selecting a deck) it answers
        # any card, due or not, and nothing below fetches the queue again.
        col.decks.select(other)
        answers = []
        for _ in range(args.answers):
            card = col.get_card(rng.choice(reviewed))
            card.start_timer()
            states = col._backend.get_scheduling_states(card.id)
            rating = CardAnswer.GOOD if rng.random() < 0.9 else CardAnswer.AGAIN
            answer = col.sched.build_answer(card=card, states=states, rating=rating)
            answers.append(timed(partial(col.sched.answer_card, answer)))
        figures["answer_p50"] = percentile(answers, 0.5)
        figures["answer_p99"] = percentile(answers, 0.99)
        figures["answer_max"] = max(answers)
        figures["answers"] = len(answers)
        figures["stats"] = statistics.median(timed(lambda: anki_stats(col)) for _ in range(3))
    finally:
        col.close()
    return figures


def anki_stats(col: Collection) -> None:
    """The data of Anki's statistics screen for the whole collection (its ``quiz stats``)."""
    col._backend.graphs(search="deck:*", days=365)


# --------------------------------------------------------------------------- report


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms" if seconds == seconds else "n/a"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--reviews", type=int, default=1_000_000)
    parser.add_argument("--answers", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=9, help="queue builds timed")
    parser.add_argument("--runs", type=int, default=3, help="sessions after indexing, each way")
    parser.add_argument("--no-anki", action="store_true", help="skip the Anki comparison")
    args = parser.parse_args()
    version = sys.version.split()[0]
    print(
        f"Python {version}, SQLite {sqlite3.sqlite_version} on {sys.platform}, "
        f"{os.cpu_count()} CPUs"
    )
    with tempfile.TemporaryDirectory(prefix="quiz-bench-") as name:
        folder = Path(name)
        quiz = quiz_workload(folder, args)
        p99_verdict = "met" if quiz["answer_p99"] * 1000 <= GOAL_P99_MS else "NOT met"
        queue_verdict = "met" if quiz["queue"] * 1000 <= GOAL_QUEUE_MS else "NOT met"
        print(f"open the store: {ms(quiz['open'])}")
        print(
            f"answer → committed, {args.answers:,} record_review calls back to back: "
            f"p50 {ms(quiz['answer_p50'])}, p99 {ms(quiz['answer_p99'])}, "
            f"max {ms(quiz['answer_max'])} (goal p99 ≤ {GOAL_P99_MS:g} ms: {p99_verdict})"
        )
        print(
            f"  before (automatic checkpoint in the commit, {OLD_AUTOCHECKPOINT_PAGES} pages): "
            f"p50 {ms(quiz['old_p50'])}, p99 {ms(quiz['old_p99'])}, max {ms(quiz['old_max'])}; "
            f"after/before p50 {quiz['answer_p50'] / quiz['old_p50']:.2f}×, "
            f"p99 {quiz['answer_p99'] / quiz['old_p99']:.2f}×, "
            f"max {quiz['answer_max'] / quiz['old_max']:.2f}×"
        )
        paced_p99 = "met" if quiz["paced_p99"] * 1000 <= GOAL_P99_MS else "NOT met"
        paced_max = "met" if quiz["paced_max"] * 1000 <= GOAL_WORST_MS else "NOT met"
        print(
            f"  after, each background checkpoint done before the next answer (a student's "
            f"pause): p50 {ms(quiz['paced_p50'])}, p99 {ms(quiz['paced_p99'])}, "
            f"max {ms(quiz['paced_max'])}; after/before p99 "
            f"{quiz['paced_p99'] / quiz['old_p99']:.2f}×, "
            f"max {quiz['paced_max'] / quiz['old_max']:.2f}× (goal p99 ≤ {GOAL_P99_MS:g} ms: "
            f"{paced_p99}; worst ≤ {GOAL_WORST_MS} ms: {paced_max})"
        )
        print(
            f"  the same with synchronous=FULL (an fsync per commit, as Anki): "
            f"p50 {ms(quiz['full_p50'])}, p99 {ms(quiz['full_p99'])}, max {ms(quiz['full_max'])}"
        )
        print(
            f"  baseline, raw sqlite3 INSERT+COMMIT of one row: p50 {ms(quiz['raw_p50'])}, "
            f"p99 {ms(quiz['raw_p99'])}; ratio p50 {quiz['answer_p50'] / quiz['raw_p50']:.1f}×, "
            f"p99 {quiz['answer_p99'] / quiz['raw_p99']:.1f}×"
        )
        print(
            f"due queue over {args.cards:,} cards ({int(quiz['queue_len'])} cards asked): "
            f"median {ms(quiz['queue'])}, first {ms(quiz['queue_first'])} "
            f"(goal ≤ {GOAL_QUEUE_MS:g} ms: {queue_verdict})"
        )
        print(
            f"first session after indexing the {args.cards:,} cards afresh (median of "
            f"{args.runs}): queue {ms(quiz['indexed_queue'])}, worst of 200 answers 10 ms apart "
            f"{ms(quiz['indexed_worst'])} (goal ≤ {GOAL_AFTER_INDEXING_MS} ms: "
            f"{'met' if quiz['indexed_worst'] * 1000 <= GOAL_AFTER_INDEXING_MS else 'NOT met'}); "
            f"before (the WAL left to the background checkpoint): queue "
            f"{ms(quiz['indexed_old_queue'])}, worst answer {ms(quiz['indexed_old_worst'])}"
        )
        print(f"Store.stats over {args.reviews:,} reviews: {ms(quiz['stats'])}")
        print(f"quiz stats (the command, bundled decks): {ms(quiz['cli_stats'])}")
        print(f"PRAGMA integrity_check after the run: {'ok' if quiz['integrity_ok'] else 'FAILED'}")
        if args.no_anki:
            return
        anki = anki_workload(folder, args)
        if anki is None:
            print("anki is not installed (pip install anki): no comparison with Anki's backend")
            return
        print(f"Anki (anki {anki_version()}), same workload:")
        rows = [
            ("open", "open", "open"),
            ("answer p50", "answer_p50", "answer_p50"),
            ("answer p99", "answer_p99", "answer_p99"),
            ("answer p50, quiz FULL", "full_p50", "answer_p50"),
            ("answer p99, quiz FULL", "full_p99", "answer_p99"),
            ("due queue (median)", "queue", "queue"),
            ("due queue (first)", "queue_first", "queue_first"),
            ("stats", "stats", "stats"),
        ]
        print(f"  {'':<22} {'quiz':>12} {'Anki':>12} {'quiz/Anki':>10}")
        for label, ours, theirs in rows:
            ratio = quiz[ours] / anki[theirs] if anki[theirs] else float("nan")
            print(f"  {label:<22} {ms(quiz[ours]):>12} {ms(anki[theirs]):>12} {ratio:>9.2f}×")
        print(
            f"  database size: quiz {quiz['size'] / args.reviews:.0f} bytes a review, Anki "
            f"{anki['size'] / args.reviews:.0f}: {quiz['size'] / anki['size']:.2f}× (goal ≤ 2×)"
        )
        sync = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}.get(int(anki["sync"]), "?")
        print(
            f"  Anki answered {int(anki['answers']):,} random review cards; its queue counted "
            f"{int(anki['queue_len'])} cards; its stats are the data of its statistics screen "
            f"(a year of graphs); it commits with synchronous={sync}, quiz with NORMAL."
        )


def anki_version() -> str:
    try:
        from anki.buildinfo import version
    except ImportError:  # pragma: no cover
        return "?"
    return str(version)


if __name__ == "__main__":
    main()
