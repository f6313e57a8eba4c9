"""WAL checkpoints off the answer path: on close, in the background past a bound, kill -9 safe."""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from quizdeck.model import Card, Kind, Mode, Rating
from quizdeck.store import Store
from quizdeck.store.checkpoint import wal_size

NOW = datetime(2025, 3, 10, 12, 0, tzinfo=timezone.utc)
CARDS = [Card("d", f"c{i:03d}", Kind.TEXT, f"Question {i}?", (f"answer {i}",)) for i in range(50)]


def answer(store: Store, number: int) -> int:
    rating = (Rating.GOOD, Rating.AGAIN, Rating.HARD)[number % 3]
    return store.record_review(
        CARDS[number % len(CARDS)],
        mode=Mode.START,
        given=f"typed {number}",
        correct=rating != Rating.AGAIN,
        score=1.0,
        rating=rating,
        duration_ms=1500,
        now=NOW + timedelta(seconds=number),
    ).review_id


def test_commits_never_checkpoint_themselves(tmp_path: Path) -> None:
    with Store.open(tmp_path / "p.sqlite3") as store:
        assert store.database.connection.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 0


def test_closing_the_store_checkpoints_the_wal(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    Store.open(path).close()
    other = sqlite3.connect(path)  # another open connection: SQLite's last-close checkpoint is off
    try:
        other.execute("SELECT count(*) FROM reviews").fetchone()
        store = Store.open(path)
        for number in range(30):
            answer(store, number)
        assert wal_size(path) > 0
        store.close()
        assert wal_size(path) == 0
        assert other.execute("SELECT count(*) FROM reviews").fetchone()[0] == 30
    finally:
        other.close()


def test_a_long_run_of_answers_keeps_the_wal_under_the_bound(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    with Store.open(path) as store:
        bound = store.database.checkpointer.bound = 32 * 4096
        sizes = []
        for number in range(600):
            answer(store, number)
            store.database.checkpointer.wait()  # the student reads the next question meanwhile
            sizes.append(wal_size(path))
        assert max(sizes) <= bound
        assert sizes[-1] < max(sizes)  # the WAL was emptied, not merely left to grow
        assert (
            store.database.connection.execute("SELECT count(*) FROM reviews").fetchone()[0] == 600
        )


def test_answers_do_not_wait_for_a_running_checkpoint(tmp_path: Path) -> None:
    """Commits go on while a background checkpoint runs; everything ends up in the file."""
    path = tmp_path / "p.sqlite3"
    with Store.open(path) as store:
        store.database.checkpointer.bound = 8 * 4096
        started = 0
        for number in range(400):
            answer(store, number)
            started += store.database.checkpointer.running()
        assert started > 0
    db = sqlite3.connect(path)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("SELECT count(*) FROM reviews").fetchone()[0] == 400
    finally:
        db.close()


WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from test_store_checkpoint import answer
    from quizdeck.store import Store

    with Store.open(Path(sys.argv[1])) as store:
        store.database.checkpointer.bound = 4 * 4096  # a checkpoint every few answers
        print("ready", flush=True)
        for number in range(100_000):
            print(answer(store, number), flush=True)
    """
)


def test_kill_9_during_background_checkpoints_loses_no_committed_review(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    Store.open(path).close()
    rng = random.Random(13)
    committed: list[int] = []
    for _ in range(5):
        process = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path)],
            stdout=subprocess.PIPE,
            text=True,
            cwd=Path(__file__).parent,
        )
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "ready"
        for _ in range(rng.randint(20, 200)):
            committed.append(int(process.stdout.readline()))
        time.sleep(rng.uniform(0, 0.01))
        process.send_signal(signal.SIGKILL)
        committed += [int(line) for line in process.stdout.read().split()]
        process.wait()
        assert process.returncode == -signal.SIGKILL
    db = sqlite3.connect(path)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = {row[0] for row in db.execute("SELECT id FROM reviews")}
        reps = dict(db.execute("SELECT card, reps FROM cards").fetchall())
        logged = dict(db.execute("SELECT card, count(*) FROM reviews GROUP BY card"))
    finally:
        db.close()
    assert set(committed) <= stored
    assert len(stored) - len(committed) <= 5  # at most one unreported commit per kill
    assert reps == logged


def test_indexing_decks_checkpoints_its_wal_before_the_session_starts(tmp_path: Path) -> None:
    """Indexing many cards leaves a large WAL; checkpointing it in the background made one of
    the session's first answers wait for it (issue 28): it is done before the queue returns."""
    from quizdeck.decks.scope import Scope

    cards = [Card("big", f"c{i:05d}", Kind.TEXT, f"Question {i}?", (f"a{i}",)) for i in range(3000)]
    with Store.open(tmp_path / "p.sqlite3") as store:
        bound = store.database.checkpointer.bound
        store.database.checkpointer.bound = 64 * 1024  # the indexing's WAL is past it
        store.build_queue(Scope.of_cards(cards), NOW)
        assert not store.database.checkpointer.running()
        assert wal_size(store.path) == 0
        busy = store.database.connection.execute("PRAGMA busy_timeout").fetchone()[0]
        assert busy > 0  # the session's commits still wait for another quiz's
        store.database.checkpointer.bound = bound
        answer(store, 0)  # a small commit after that leaves its WAL alone
        assert wal_size(store.path) > 0
