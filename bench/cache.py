"""Decks compiled once: loading a deck folder from the deck cache against reading its TOML.

Run:  python bench/cache.py [--cards 10000] [--runs 7]

Writes a deck of N generated cards (every kind, every optional key; see
bench/decks.py) into an empty ``QUIZ_HOME``'s deck folder, then measures, in one
run and alternating:

1. in process, ``check_deck_files`` reading the TOML (the baseline, what every
   command did before the cache) against a warm cache hit;
2. ``quiz due`` end to end in a fresh process: with the cache file deleted before
   each run (cold: reads TOML and writes the cache) against a warm cache.

Each figure is the median of the runs, with the spread (min–max).
"""

from __future__ import annotations

import argparse
import os
import runpy
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def summary(times: list[float]) -> str:
    low, high = min(times) * 1000, max(times) * 1000
    return f"{statistics.median(times) * 1000:8.1f} ms  ({low:.1f}–{high:.1f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    deck_text = runpy.run_path(str(HERE / "decks.py"))["deck_text"]
    with tempfile.TemporaryDirectory() as home:
        os.environ["QUIZ_HOME"] = home
        folder = Path(home) / "decks"
        folder.mkdir()
        deck = folder / "bench.toml"
        deck.write_text(deck_text(args.cards), encoding="utf-8")

        from quizdeck.decks.cache import cache_file
        from quizdeck.decks.loading import check_deck_files

        decks, problems = check_deck_files([deck], cached=True)
        if problems or len(decks[0].cards) != args.cards:
            raise SystemExit(f"generated deck is not valid: {problems[:3]}")
        toml, warm = [], []
        for _ in range(args.runs):
            toml.append(timed(lambda: check_deck_files([deck])))
            warm.append(timed(lambda: check_deck_files([deck], cached=True)))
        print(f"{args.cards:,} cards, in process (check_deck_files):")
        print(f"  TOML (baseline)   {summary(toml)}")
        print(f"  cache hit         {summary(warm)}")
        print(f"  ratio             {statistics.median(warm) / statistics.median(toml):8.2f}×")

        quiz = [str(Path(sys.executable).parent / "quiz"), "due"]
        environ = {**os.environ, "QUIZ_HOME": home}

        def due() -> None:
            subprocess.run(quiz, env=environ, check=True, capture_output=True)

        cold, hot = [], []
        for _ in range(args.runs):
            cache_file().unlink(missing_ok=True)
            cold.append(timed(due))
            hot.append(timed(due))
        print("quiz due, end to end (a new process each run):")
        print(f"  cold (TOML, writes the cache)  {summary(cold)}")
        print(f"  warm (cache hit)               {summary(hot)}")
        ratio = statistics.median(hot) / statistics.median(cold)
        print(f"  ratio                          {ratio:8.2f}×")


if __name__ == "__main__":
    main()
