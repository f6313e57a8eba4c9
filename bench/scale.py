"""quiz at scale: 100,000 cards in the user's deck folder and 1,000,000 reviews, beside baselines.

Run:  python bench/scale.py [--cards N] [--reviews N] [--runs N] [--seed N] [--here]

Builds, from a seed, a data folder (``QUIZ_HOME``) with N text cards in ten deck
files and a profile of M reviews made with the store's own migrations (see
bench/store.py), warms the deck cache once, then measures, alternating each
figure with its baseline, medians of the runs with their spread:

1. ``quiz start`` until the answer prompt takes keys (a real terminal) against
   ``python -c "import questionary"`` (goal ≤ 1.3×);
2. ``quiz due`` and ``quiz stats`` at scale, and ``quiz due`` for a new student (a profile
   with no review: every card new), against the same commands on the bundled decks with an
   empty profile (goal ≤ 1.5×);
3. the due queue built cold in a new process (``Store.build_queue``, the chosen
   cards fetched from the deck cache included), and the time that process took to
   find the decks first (goal for the queue: ≤ 5 ms);
4. the peak memory of ``quiz due`` at scale (goal ≤ 100 MiB).

quiz is measured as a student installs it (``pip install .`` into a new venv, see
bench/startup.py); ``--here`` measures the quiz next to this Python instead.
Answer → committed is measured by bench/store.py and deck validation by
bench/decks.py.
"""

from __future__ import annotations

import argparse
import os
import random
import runpy
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from quizdeck.model import Card

HERE = Path(__file__).resolve().parent


def seconds(times: list[float]) -> str:
    """Median and spread in ms; a tenth of a ms shown below 10 ms (the queue's goal is 5)."""
    digits = 1 if statistics.median(times) < 0.01 else 0
    middle = statistics.median(times) * 1000
    low, high = min(times) * 1000, max(times) * 1000
    return f"{middle:.{digits}f} ms ({low:.{digits}f}–{high:.{digits}f})"


def verdict(ratio: float, goal: float) -> str:
    return f"{ratio:.2f}× (goal ≤ {goal}×: {'met' if ratio <= goal else 'NOT met'})"


def write_decks(home: Path, cards: list[Card]) -> None:
    """The generated cards as deck files in the user's deck folder."""
    folder = home / "decks"
    folder.mkdir(parents=True)
    by_deck: dict[str, list[Card]] = {}
    for card in cards:
        by_deck.setdefault(card.deck_id, []).append(card)
    for deck_id, deck_cards in by_deck.items():
        lines = [f'[deck]\nid = "{deck_id}"\ntitle = "Generated {deck_id}"\ntags = ["bench"]\n']
        lines += [
            f'[[card]]\nid = "{card.id}"\nkind = "text"\nprompt = "{card.prompt}"\n'
            f'answer = "{card.answers[0]}"\n'
            for card in deck_cards
        ]
        (folder / f"{deck_id}.toml").write_text("\n".join(lines), encoding="utf-8")


def timed_run(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, capture_output=True)
    return time.perf_counter() - started


QUEUE_SCRIPT = """
import time
start = time.perf_counter()
from quizdeck.decks.scope import Scope
from quizdeck.decks.loading import load_decks
from quizdeck.store import Store
from quizdeck.clock import now
scope = Scope.of_decks(load_decks())
loaded = time.perf_counter()
with Store.for_profile("default") as store:
    opened = time.perf_counter()
    queue = store.build_queue(scope, now())
    built = time.perf_counter()
print(f"{loaded - start} {built - opened} {len(queue)}")
"""


def peak_memory(command: list[str], env: dict[str, str]) -> float:
    """Peak resident memory of ``command`` in MiB (Linux reports ru_maxrss in KiB)."""
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, _, usage = os.wait4(process.pid, 0)
    return usage.ru_maxrss / 1024


def build(home: Path, cards_count: int, reviews: int, seed: int) -> None:
    """The decks and the profile, in ``home`` (run in a process of its own)."""
    store_bench = runpy.run_path(str(HERE / "store.py"))
    cards = store_bench["make_cards"](cards_count)
    write_decks(home, cards)
    (home / "profiles").mkdir()
    info = store_bench["generate"](
        home / "profiles" / "default.sqlite3", cards, reviews, random.Random(seed)
    )
    print(info["due_now"])


def build_data(home: Path, cards: int, reviews: int, seed: int) -> int:
    """Build the decks and the profile in ``home`` in a process of its own, so that this one
    stays small (a child's peak memory on Linux counts what it inherits at fork); returns the
    number of cards due."""
    built = subprocess.run(
        [sys.executable, __file__, "--build", str(home), "--cards", str(cards),
         "--reviews", str(reviews), "--seed", str(seed)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    return int(built.stdout)


def environments(big: str, small: str) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """The environments commands run in: plain, at scale (``big``, "now" pinned to the day the
    profile was made for) and on the bundled decks with an empty profile (``small``)."""
    store_bench = runpy.run_path(str(HERE / "store.py"))
    base = {**os.environ, "NO_COLOR": "1", "TERM": "xterm"}
    base.pop("QUIZ_NOW", None)
    at_scale = {**base, "QUIZ_HOME": big, "QUIZ_NOW": store_bench["NOW"].isoformat()}
    bundled = {**base, "QUIZ_HOME": small}
    return base, at_scale, bundled


def new_student(quiz: str, at_scale: dict[str, str]) -> dict[str, str]:
    """The environment of a new student (a profile with no review: every card new) on the
    same decks, the profile made and its index of the decks built."""
    newcomer = {**at_scale, "QUIZ_PROFILE": "newcomer"}
    made = [quiz, "config", "set", "new_per_day", "20"]  # the default: it makes the profile
    subprocess.run(made, env=newcomer, check=True, capture_output=True)
    subprocess.run([quiz, "due"], env=newcomer, check=True, capture_output=True)  # index
    return newcomer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--reviews", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--here", action="store_true", help="measure the quiz next to this Python")
    parser.add_argument("--build", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build:
        build(args.build, args.cards, args.reviews, args.seed)
        return
    startup = runpy.run_path(str(HERE / "startup.py"))
    print(f"Python {sys.version.split()[0]} on {sys.platform}, {os.cpu_count()} CPUs; "
          f"median of {args.runs} runs (spread)")  # fmt: skip
    with (
        tempfile.TemporaryDirectory() as big,
        tempfile.TemporaryDirectory() as small,
        tempfile.TemporaryDirectory() as installed,
    ):
        # quiz as a student installs it, and every baseline on that environment's Python.
        bin_dir = startup["BIN"] if args.here else startup["install"](Path(installed) / "venv")
        python, quiz = str(bin_dir / "python"), str(bin_dir / "quiz")
        where = "here" if args.here else "by pip install . in a new venv"
        print(f"quiz as installed {where}")
        started = time.perf_counter()
        due = build_data(Path(big), args.cards, args.reviews, args.seed)
        print(f"built {args.cards:,} cards in 10 decks and {args.reviews:,} reviews "
              f"({due:,} due) in {time.perf_counter() - started:.0f} s")  # fmt: skip
        base, at_scale, bundled = environments(big, small)
        subprocess.run([quiz, "due"], env=at_scale, check=True, capture_output=True)  # cache

        ready = startup["ANSWER_PROMPT"]
        baseline = [python, "-c", "import questionary; print('Your answer')"]
        alternate = startup["alternate"]  # each pair in turn, after a warm-up
        prompt, questionary = alternate(
            lambda: startup["spawn_until"]([quiz, "start"], ready, at_scale),
            lambda: startup["spawn_until"](baseline, ready, base),
            args.runs,
        )
        ratio = statistics.median(prompt) / statistics.median(questionary)
        print(f"quiz start → answer prompt, {args.cards:,} cards: {seconds(prompt)}; "
              f"import questionary: {seconds(questionary)}; {verdict(ratio, 1.3)}")  # fmt: skip

        # A new student: the same decks, a profile with no review (every card new).
        newcomer = new_student(quiz, at_scale)
        scale = f"{args.cards:,} cards / {args.reviews:,} reviews"
        for name, command, env in (
            (f"quiz due, {scale}", "due", at_scale),
            (f"quiz due, {args.cards:,} cards, a new student (every card new)", "due", newcomer),
            (f"quiz stats, {scale}", "stats", at_scale),
        ):
            large, plain = alternate(
                lambda command=command, env=env: timed_run([quiz, command], env),
                lambda command=command: timed_run([quiz, command], bundled),
                args.runs,
            )
            ratio = statistics.median(large) / statistics.median(plain)
            print(f"{name}: {seconds(large)}; "
                  f"bundled decks: {seconds(plain)}; {verdict(ratio, 1.5)}")  # fmt: skip

        loads, queues = [], []
        for _ in range(args.runs):
            result = subprocess.run([python, "-c", QUEUE_SCRIPT], env=at_scale,
                                    check=True, capture_output=True, text=True)  # fmt: skip
            load, queue, _count = result.stdout.split()
            loads.append(float(load))
            queues.append(float(queue))
        goal = "met" if statistics.median(queues) <= 0.005 else "NOT met"
        print(f"due queue, cold in a new process: {seconds(queues)} (goal ≤ 5 ms: {goal}); "
              f"finding the {args.cards:,} cards' decks first: {seconds(loads)}")  # fmt: skip

        memory = statistics.median(peak_memory([quiz, "due"], at_scale) for _ in range(3))
        goal = "met" if memory <= 100 else "NOT met"
        print(f"peak memory of quiz due at {args.cards:,} cards: {memory:.0f} MiB "
              f"(goal ≤ 100 MiB: {goal})")  # fmt: skip


if __name__ == "__main__":
    main()
