"""quiz sync at scale: a first sync of 1,000,000 reviews, then a sync of 100 new answers.

Run:  python bench/sync.py [--reviews N] [--cards N] [--seed N]

Builds a profile of N reviews with bench/store.py's generator (the store's own schema), then
times, each as a ``quiz`` process like a student runs it, beside ``quiz stats`` over the same
history measured in the same run (the baseline):

1. the first sync of that device (its history becomes events, written to the folder);
2. the first sync of a second device joining the student (every event taken in and replayed);
3. 100 new answers on the first device, then its sync (sending them) and the second
   device's sync (receiving them).

Goals: the small syncs ≤ 0.3 s; the first sync ≤ the time of ``quiz stats``. Each row also gives
the command's peak memory, and the size of the device files.

Measured at 1,000,000 reviews on 2 shared cores, format 1 (JSON Lines, each answer's memories
worked out in Python) then format 2 (SQLite parts built by ``INSERT … SELECT``), each run
beside its own ``quiz stats`` (0.15 s and 0.33 s: the machine was busier for the second):

- first sync: 96.7 s → 10.4 s (640× → 32× ``quiz stats``); files 300 MiB → 86 MiB; peak
  memory 227 MiB → 30 MiB. Goal not met: a first sync copies every review once, ``quiz stats``
  reads sums kept as the student answers. Back to back at 200,000 reviews: 14.8 s → 1.1 s.
- second device joining: 388 s → 477 s (2,570× → 1,450× ``quiz stats``); peak 287 → 224 MiB.
  Still a replay in Python of every event taken in (no goal; see docs/sync.md).
- sending 100 answers 0.73 s → 0.26 s; receiving them 1.01 s → 0.28 s; nothing new 0.80 s →
  0.18 s. Goal (≤ 0.3 s) met.
"""

from __future__ import annotations

import argparse
import os
import random
import runpy
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent


PEAKS: list[int] = []  # each command's peak resident memory (KiB), in order

#: Runs a command and writes its wall time and peak memory to a file. A small process of its
#: own starts the command, as a child's peak memory counts the memory of the process that
#: forked it (the bench holds a whole generated profile).
MEASURE = """
import os, subprocess, sys, time
started = time.perf_counter()
child = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(child.pid, 0)
took = time.perf_counter() - started
with open(sys.argv[1], "w") as out:
    out.write(f"{took} {usage.ru_maxrss}")
sys.exit(0 if os.waitstatus_to_exitcode(status) == 0 else 1)
"""


def quiz(home: Path, *args: str) -> float:
    """Wall time of one ``quiz`` command on the data folder ``home``; its peak memory is added
    to ``PEAKS``."""
    command = [str(Path(sys.executable).parent / "quiz"), *args]
    env = {**os.environ, "QUIZ_HOME": str(home), "NO_COLOR": "1"}
    env.pop("QUIZ_PROFILE", None)
    with tempfile.TemporaryDirectory() as scratch:
        figures = Path(scratch) / "figures"
        result = subprocess.run(
            [sys.executable, "-c", MEASURE, str(figures), *command],
            capture_output=True, env=env, check=False,
        )  # fmt: skip
        took, peak = figures.read_text().split() if figures.exists() else ("0", "0")
    if result.returncode != 0:
        message = (result.stderr or result.stdout).decode(errors="replace").strip()
        raise SystemExit(f"quiz {' '.join(args)}: exit {result.returncode}: {message[-500:]}")
    PEAKS.append(int(peak))
    return float(took)


def answer_more(home: Path, cards: list[object], count: int, seed: int) -> None:
    """``count`` new start answers on the profile in ``home``, as a session records them."""
    from quizdeck.model import Card, Mode, Rating
    from quizdeck.store import Store

    store_bench = runpy.run_path(str(HERE / "store.py"))
    rng = random.Random(seed)
    now = store_bench["NOW"] + timedelta(hours=1)
    with Store.open(home / "profiles" / "default.sqlite3") as store:
        for number in range(count):
            card = rng.choice(cards)
            assert isinstance(card, Card)
            store.record_review(
                card, mode=Mode.START, given="Place", correct=True, score=1.0,
                rating=Rating.GOOD, duration_ms=3000, now=now + timedelta(seconds=number),
            )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reviews", type=int, default=1_000_000)
    parser.add_argument("--cards", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    store_bench = runpy.run_path(str(HERE / "store.py"))
    with tempfile.TemporaryDirectory(prefix="quiz-sync-bench-") as scratch:
        root = Path(scratch)
        first, second, shared = root / "first", root / "second", root / "shared"
        shared.mkdir()
        cards = store_bench["make_cards"](args.cards)
        started = time.perf_counter()
        store_bench["generate"](
            first / "profiles" / "default.sqlite3", cards, args.reviews, random.Random(args.seed)
        )
        print(
            f"built a profile of {args.reviews:,} reviews in {time.perf_counter() - started:.1f} s"
        )
        quiz(first, "stats")  # the first open migrates the generated file: not measured
        stats = min(quiz(first, "stats") for _ in range(3))
        peaks = [max(PEAKS[-3:])]
        first_sync = quiz(first, "sync", str(shared))
        peaks.append(PEAKS[-1])
        from quizdeck.store import Store

        with Store.open(first / "profiles" / "default.sqlite3") as store:
            student = store.identity()
        joining = quiz(second, "sync", str(shared), "--join", student)
        peaks.append(PEAKS[-1])
        size = sum(path.stat().st_size for path in shared.rglob("*.qsync"))
        answer_more(first, cards, 100, args.seed)
        sending = quiz(first, "sync", str(shared))
        receiving = quiz(second, "sync", str(shared))
        nothing = quiz(second, "sync", str(shared))
        peaks += PEAKS[-3:]
    print(f"device files: {size / 2**20:.0f} MiB for {args.reviews:,} reviews")
    print(f"{'what':<52} {'time':>9} {'÷ quiz stats':>13} {'peak memory':>12}")
    rows = [
        ("quiz stats over the same history (baseline)", stats, ""),
        ("first sync of the device holding the history", first_sync, "goal ≤ 1×"),
        ("first sync of a second device (takes in all)", joining, ""),
        ("sync of 100 new answers: the device sending", sending, "goal ≤ 0.3 s"),
        ("sync of 100 new answers: the device receiving", receiving, "goal ≤ 0.3 s"),
        ("sync with nothing new", nothing, ""),
    ]
    for (what, seconds, goal), kib in zip(rows, peaks, strict=True):
        ratio = seconds / stats
        print(f"{what:<52} {seconds:>7.2f} s {ratio:>11.2f}× {kib / 1024:>8.0f} MiB  {goal}")


if __name__ == "__main__":
    main()
