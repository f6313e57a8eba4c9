"""The cold path: reading decks from TOML, writing the deck cache, and a cache hit.

Run:  python bench/cache.py [--cards 100000] [--decks 10] [--text] [--runs 5]

Writes N generated cards in D deck files (every kind with every optional key, from
bench/decks.py; with ``--text``, text cards with only the required keys, as
bench/scale.py writes them) into an empty ``QUIZ_HOME``'s deck folder, then
measures, alternating each figure with its baseline, medians of the runs (spread):

1. validation, in process: ``check_deck_file`` on every file against ``rtoml.loads`` of the
   same texts, the parser's own time (goal ≤ 2.5×), each the best of the runs (CPU time:
   the machine may be shared);
2. a warm cache hit in process (``check_deck_files(cached=True)``) against the TOML;
3. ``quiz due`` end to end in a new process: cold (the deck cache deleted before each run:
   reads the TOML, checks it and writes the cache) against "parse + SQL", a new Python that
   parses every file with rtoml and writes a row per card to a new SQLite file, about the
   least a cold start can do (goal ≤ 3×); warm (a cache hit); and a new student's first
   ``quiz due`` (no cache and no profile: the profile's index of the decks is built too);
4. the peak memory of a cold ``quiz due`` (goal ≤ 200 MiB at 300,000 cards).

Figures on this machine (2 CPUs shared with other work, so wall times vary: compare each
ratio with its baseline from the same run), Python 3.11, mixed cards in 10 decks; main at
cc9ca5b and this branch run one after the other on 8 December 2026 (load 2.5–6):

==========================  ==========================  ===========================
                            before (main at cc9ca5b)    after (chunked reading,
                                                        cards streamed to the cache)
==========================  ==========================  ===========================
100k: validation / rtoml    2.40× (22.9 / 9.5 µs)       2.58× (22.7 / 8.8 µs)
100k: cold due / floor      10.2 s / 1.6 s = 6.36×      11.1 s / 1.5 s = 7.34×
100k: new student / floor   7.52×                       6.79×
100k: peak, cold due        239 MiB                     126 MiB
300k: validation / rtoml    1.76× (26.8 / 15.2 µs)      1.55× (23.4 / 15.1 µs)
300k: cold due / floor      23.2 s / 7.1 s = 3.25×      15.4 s / 4.5 s = 3.39×
300k: new student / floor   3.43×                       3.35×
300k: peak, cold due        388 MiB                     180 MiB (goal met)
==========================  ==========================  ===========================

The time figures differ by no more than the runs' own spread: CPU time of a cold ``quiz due``
measured alternately is the same before and after (15.5–18.5 s against 14.8–18.1 s at 300k,
7.5 s against 7.1–7.4 s at 100k). Validation at 100k checks as fast as before (22.7 µs a
card); the ratio moves with rtoml's own time. Where the memory went: rtoml's tree of a whole
30,000-card file (now a chunk of 250 cards), the cards of a deck held until its cache rows were
written (now written a chunk at a time), and the give-away search holding every deck's cards
it read (it now holds one deck's, and stops at the size bound without reading the next).
What is left at 300k is that search (one deck's cards and the tables of the decks before it,
about 110 MiB over the 70 MiB that reading leaves). At 100,000 cards the scope is within the
give-away bound, so a cold due also runs the whole detection (~7× the floor there).

Below 50,000 cards a cold ``quiz due`` also looks for give-aways across the decks, which
takes far longer than reading them (minutes at 30,000 mixed cards): use 100,000 or more.
"""

from __future__ import annotations

import argparse
import os
import runpy
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
VALIDATION_GOAL, COLD_GOAL, MEMORY_GOAL = 2.5, 3.0, 200

#: The least a cold start can do: parse every deck file and write a row per card.
FLOOR_SCRIPT = """
import json, sqlite3, sys, rtoml
from pathlib import Path
db = sqlite3.connect(Path(sys.argv[1]) / "floor.sqlite3")
db.execute("CREATE TABLE cards (deck TEXT, id TEXT, prompt TEXT, answer TEXT)")
with db:
    for path in sorted(Path(sys.argv[2]).glob("*.toml")):
        cards = rtoml.loads(path.read_text(encoding="utf-8"))["card"]
        db.executemany("INSERT INTO cards VALUES (?, ?, ?, ?)",
                       ((path.stem, card["id"], card["prompt"], json.dumps(card.get("answer")))
                        for card in cards))
db.close()
"""


def timed(action: Callable[[], object], clock: Callable[[], float] = time.perf_counter) -> float:
    started = clock()
    action()
    return clock() - started


def summary(times: list[float]) -> str:
    low, high = min(times) * 1000, max(times) * 1000
    return f"{statistics.median(times) * 1000:.0f} ms ({low:.0f}–{high:.0f})"


def verdict(ratio: float, goal: float) -> str:
    return f"{ratio:.2f}× (goal ≤ {goal}×: {'met' if ratio <= goal else 'NOT met'})"


def text_card(number: int) -> str:
    """A text card with the required keys only (as bench/scale.py writes them)."""
    return (
        f'[[card]]\nid = "card-{number}"\nkind = "text"\n'
        f'prompt = "What is the name of place number {number}?"\nanswer = "Place {number}"\n\n'
    )


def write_decks(folder: Path, cards: int, decks: int, text_only: bool) -> list[Path]:
    bench_decks = runpy.run_path(str(HERE / "decks.py"))
    card = text_card if text_only else bench_decks["card_toml"]
    per_deck = -(-cards // decks)
    paths = []
    for number in range(decks):
        first, last = number * per_deck, min(cards, (number + 1) * per_deck)
        head = f'[deck]\nid = "bench-{number}"\ntitle = "Deck {number}"\ntags = ["bench"]\n\n'
        path = folder / f"bench-{number}.toml"
        path.write_text(head + "".join(card(n) for n in range(first, last)), encoding="utf-8")
        paths.append(path)
    return paths


#: Runs a command and prints its peak memory: started from a small process, as a child counts
#: what it inherits at fork (this one holds the decks read in process).
MEMORY_SCRIPT = """
import os, subprocess, sys
process = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(os.wait4(process.pid, 0)[2].ru_maxrss)
"""


def peak_memory(command: list[str], env: dict[str, str]) -> float:
    """Peak resident memory of ``command`` in MiB (Linux reports ru_maxrss in KiB)."""
    result = subprocess.run([sys.executable, "-c", MEMORY_SCRIPT, *command], env=env,
                            check=True, capture_output=True, text=True)  # fmt: skip
    return int(result.stdout) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--decks", type=int, default=10)
    parser.add_argument("--text", action="store_true", help="text cards, required keys only")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    import rtoml

    with tempfile.TemporaryDirectory() as home:
        os.environ["QUIZ_HOME"] = home
        folder = Path(home) / "decks"
        folder.mkdir()
        paths = write_decks(folder, args.cards, args.decks, args.text)
        kind = "text cards" if args.text else "mixed cards"
        print(f"Python {sys.version.split()[0]}; {args.cards:,} {kind} in {args.decks} decks; "
              f"median of {args.runs} runs (spread)")  # fmt: skip

        from quizdeck.decks.cache import cache_file
        from quizdeck.decks.loading import check_deck_files
        from quizdeck.decks.reader import check_deck_file

        decks, problems = check_deck_files(paths, cached=True)
        if problems or sum(len(deck.cards) for deck in decks) != args.cards:
            raise SystemExit(f"generated decks are not valid: {problems[:3]}")
        texts = [path.read_text(encoding="utf-8") for path in paths]
        cpu = time.process_time
        checks, parses = [], []
        for _ in range(args.runs):
            checks.append(timed(lambda: [check_deck_file(path) for path in paths], cpu))
            parses.append(timed(lambda: [rtoml.loads(text) for text in texts], cpu))
        check, parse = min(checks), min(parses)
        print(f"validation (check_deck_file): {check * 1000:.0f} ms, "
              f"{check / args.cards * 1e6:.1f} µs a card; rtoml.loads: {parse * 1000:.0f} ms, "
              f"{parse / args.cards * 1e6:.1f} µs a card; "
              f"{verdict(check / parse, VALIDATION_GOAL)}")  # fmt: skip

        toml, warm = [], []
        for _ in range(args.runs):
            toml.append(timed(lambda: check_deck_files(paths)))
            warm.append(timed(lambda: check_deck_files(paths, cached=True)))
        ratio = statistics.median(warm) / statistics.median(toml)
        print(f"in process: cache hit {summary(warm)}; TOML {summary(toml)}; {ratio:.2f}×")

        quiz = [str(Path(sys.executable).parent / "quiz"), "due"]
        environ = {**os.environ, "QUIZ_HOME": home}
        floor = [sys.executable, "-c", FLOOR_SCRIPT]
        subprocess.run(quiz, env=environ, check=True, capture_output=True)  # the profile

        def due() -> None:
            subprocess.run(quiz, env=environ, check=True, capture_output=True)

        def cold() -> None:
            cache_file().unlink(missing_ok=True)
            due()

        def newcomer() -> None:
            cache_file().unlink(missing_ok=True)
            shutil.rmtree(Path(home) / "profiles", ignore_errors=True)
            due()

        def parse_and_sql() -> None:
            with tempfile.TemporaryDirectory() as scratch:
                subprocess.run([*floor, scratch, str(folder)], check=True, capture_output=True)

        colds, floors, hots, news = [], [], [], []
        for _ in range(args.runs):
            colds.append(timed(cold))
            floors.append(timed(parse_and_sql))
            hots.append(timed(due))
            news.append(timed(newcomer))
        ratio = statistics.median(colds) / statistics.median(floors)
        print("quiz due, end to end (a new process each run):")
        print(f"  cold (no deck cache)          {summary(colds)}")
        print(f"  parse + SQL (the floor)       {summary(floors)}")
        print(f"  cold / floor                  {verdict(ratio, COLD_GOAL)}")
        print(f"  new student (no cache, no profile) {summary(news)}, "
              f"{statistics.median(news) / statistics.median(floors):.2f}× the floor")  # fmt: skip
        print(f"  warm (cache hit)              {summary(hots)}")

        memories = []
        for _ in range(3):
            cache_file().unlink(missing_ok=True)
            memories.append(peak_memory(quiz, environ))
        memory = statistics.median(memories)
        goal = "met" if memory <= MEMORY_GOAL else "NOT met"
        print(f"peak memory of a cold quiz due: {memory:.0f} MiB (goal ≤ {MEMORY_GOAL} MiB "
              f"at 300,000 cards: {goal})")  # fmt: skip


if __name__ == "__main__":
    main()
