"""Give-away detection at scale: 100,000 cards in ten deck files, against indexing them.

Run:  python bench/giveaways.py [--cards 100000] [--runs 3] [--seed 1]

Writes, from a seed, ten deck files of generated cards (text, person, number, year,
date, choice and cloze cards, with explanations; prompts made of a vocabulary of made-up
words, and one card in fifty showing another card's answer), then measures alternately
in this process, median of the runs with the spread:

1. indexing the decks: ``check_deck_files`` reading and checking the TOML into cards
   (the baseline);
2. give-away detection over the same cards (``find_giveaways``: the answer index, one
   scan of every shown text, the pairs);

and the peak memory each takes (tracemalloc, one run each). The goal: detection adds at
most 10 % to indexing, in time and in memory.

Figures (100,000 cards, a shared 2-core machine under heavy load, so ±50 % from run to run;
ratios are against indexing in the same run):

- before the quick look (commit 2575c57): 3.07× and 2.52× in two runs (detection 26.7 s and
  7.7 s), memory 0.66×;
- after it: 1.25× and 1.64× (6.6 s and 8.6 s), memory 0.84×;
- both in one process, alternating, median of 3: indexing 4.98 s, before 14.8 s (2.97×),
  after 9.2 s (1.85×).

The goal is not met. Where the time goes now (cProfile, 20,000 cards): the loop over the
shown texts ~20 %, the quick look at each text ~25 % (encode, translate, split, the set
test), listing each card's shown texts ~10 %, tokenising and matching the texts that pass
(a quarter here, mostly the typed cards' own answers: numbers, years, dates) ~20 %, every
card's answer forms ~18 %, the pairs ~3 %. Each is a Python step per text or per card;
meeting 10 % needs that work done once when a deck is read and kept in the deck cache.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from quizdeck.decks.deck_forms import FormTable
    from quizdeck.decks.format import Deck
    from quizdeck.model import Card

SYLLABLES = [
    "ka",
    "ri",
    "mo",
    "sa",
    "tel",
    "vun",
    "dor",
    "ba",
    "li",
    "mek",
    "zar",
    "pu",
    "nai",
    "ost",
    "wen",
    "fa",
    "gol",
    "hir",
    "qu",
    "sim",
]


def word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3)))


def name(rng: random.Random) -> str:
    """A word no prompt uses (answers are names and terms, prompts ordinary words)."""
    return word(rng) + word(rng) + rng.choice(("ov", "anu", "ez", "ith"))


def sentence(rng: random.Random, vocabulary: list[str], size: int) -> str:
    return " ".join(rng.choice(vocabulary) for _ in range(size))


def deck_text(deck: int, cards: int, rng: random.Random, vocabulary: list[str]) -> str:
    """One deck of generated cards; about one card in fifty shows an earlier card's answer."""
    lines = [f'[deck]\nid = "gen{deck}"\ntitle = "Generated {deck}"\n']
    answers: list[str] = []
    for n in range(cards):
        kind = n % 7
        prompt = sentence(rng, vocabulary, 12).capitalize()
        if answers and rng.random() < 0.02:
            prompt += f" after {rng.choice(answers)}"
        explanation = sentence(rng, vocabulary, 18).capitalize() + "."
        body = f'[[card]]\nid = "c{n}"\nprompt = "{prompt}?"\nexplanation = "{explanation}"\n'
        if kind == 0:
            answer = f"{name(rng).title()} {name(rng).title()}"
            body += f'kind = "person"\nanswer = "{answer}"\n'
        elif kind == 1:
            answer = str(rng.randint(1000, 2025))
            body += f'kind = "year"\nanswer = {answer}\n'
        elif kind == 2:
            answer = str(rng.randint(11, 99999))
            body += f'kind = "number"\nanswer = {answer}\n'
        elif kind == 3:
            answer = f"{rng.randint(1900, 2025)}-{rng.randint(1, 12):02}-{rng.randint(1, 28):02}"
            body += f'kind = "date"\nanswer = "{answer}"\n'
        elif kind == 4:
            options = [f"{name(rng)} {name(rng)}" for _ in range(4)]
            answer = options[0]
            body += f'kind = "choice"\nanswer = "{answer}"\nchoices = {options!r}\n'.replace(
                "'", '"'
            )
        elif kind == 5:
            answer = name(rng)
            body = (
                f'[[card]]\nid = "c{n}"\nkind = "cloze"\nexplanation = "{explanation}"\n'
                f'prompt = "{prompt} {{{{{answer}}}}} {sentence(rng, vocabulary, 4)}."\n'
            )
        else:
            answer = f"{name(rng)} {name(rng)}"
            body += f'kind = "text"\nanswer = "{answer}"\n'
        answers.append(answer.split("-")[0] if kind == 3 else answer)
        lines.append(body)
    return "\n".join(lines)


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def peak(action: Callable[[], object]) -> int:
    tracemalloc.start()
    action()
    _, high = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return high


def summary(times: list[float]) -> str:
    low, high = min(times) * 1000, max(times) * 1000
    return f"{statistics.median(times) * 1000:8.0f} ms  ({low:.0f}–{high:.0f})"


def session_after_edit(paths: list[Path], run: int) -> tuple[float, float, int, int]:
    """Edit one deck, then load the decks from the deck cache as a session does, without and
    with the cards kept apart: (load time, give-away time, load peak, give-away peak)."""
    from quizdeck.decks.loading import check_deck_files
    from quizdeck.decks.scope import Scope

    with paths[run % len(paths)].open("a", encoding="utf-8") as deck_file:
        deck_file.write(f"\n# edited {run}\n")
    decks: list[Deck] = []

    def load() -> None:
        decks[:] = check_deck_files(paths, cached=True)[0]

    loading = timed(load)
    keeping = timed(lambda: Scope.of_decks(decks).apart())
    with paths[run % len(paths)].open("a", encoding="utf-8") as deck_file:
        deck_file.write(f"\n# edited again {run}\n")
    load_peak = peak(load)
    keep_peak = peak(lambda: Scope.of_decks(decks).apart())
    return loading, keeping, load_peak, keep_peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    from quizdeck.decks.deck_forms import form_table
    from quizdeck.decks.giveaways import find_giveaways, join_tables
    from quizdeck.decks.loading import check_deck_files
    from quizdeck.decks.scope import Scope

    rng = random.Random(args.seed)
    vocabulary = [word(rng) for _ in range(20_000)]
    with tempfile.TemporaryDirectory() as folder:
        os.environ["QUIZ_HOME"] = str(Path(folder) / "home")  # a deck cache of its own
        paths = []
        for deck in range(10):
            path = Path(folder) / f"gen{deck}.toml"
            path.write_text(deck_text(deck, args.cards // 10, rng, vocabulary), encoding="utf-8")
            paths.append(path)
        decks, problems = check_deck_files(paths)
        if problems:
            raise SystemExit(f"generated decks are not valid: {problems[:3]}")
        cards = [card for deck in decks for card in deck.cards]
        found = find_giveaways(cards)
        print(f"{len(cards):,} cards in {len(decks)} decks: {len(found.giveaways):,} give-aways, "
              f"{len(found.common):,} common answers")  # fmt: skip

        def tables() -> list[FormTable]:
            return [form_table(deck.id, deck.cards) for deck in decks]

        def fetch(number: int, positions: list[int]) -> dict[int, Card]:
            return {position: decks[number].cards[position] for position in positions}

        made = tables()
        Scope.of_decks(check_deck_files(paths, cached=True)[0]).apart()  # fills the deck cache
        times: dict[str, list[float]] = {name: [] for name in ROWS}
        for run in range(args.runs):
            times["indexing"].append(timed(lambda: check_deck_files(paths)))
            times["detection"].append(timed(lambda: find_giveaways(cards)))
            times["tables"].append(timed(tables))
            times["join"].append(timed(lambda: join_tables(made, fetch)))
            loading, keeping, load_peak, keep_peak = session_after_edit(paths, run)
            times["loading"].append(loading)
            times["keeping"].append(keeping)
        base = statistics.median(times["indexing"])
        for name, label in ROWS.items():
            ratio = statistics.median(times[name]) / base
            print(f"  {label:44} {summary(times[name])}  {ratio:5.2f}×")
        peaks = {
            "indexing": peak(lambda: check_deck_files(paths)),
            "detection": peak(lambda: find_giveaways(cards)),
            "tables": peak(tables),
            "join": peak(lambda: join_tables(made, fetch)),
            "loading": load_peak,
            "keeping": keep_peak,
        }
        print("  peak memory (tracemalloc), against indexing:")
        for name, label in ROWS.items():
            high = peaks[name]
            print(f"  {label:44} {high / 2**20:8.0f} MiB  {high / peaks['indexing']:5.2f}×")


#: What the bench measures, each against indexing (time: median of the runs, with the spread).
ROWS = {
    "indexing": "indexing (check_deck_files)",
    "detection": "detection from the cards (find_giveaways)",
    "tables": "  of which the decks' tables (form_table)",
    "join": "  of which the join (join_tables)",
    "loading": "session, one deck edited: loading the decks",
    "keeping": "  then the cards kept apart (Scope.apart)",
}


if __name__ == "__main__":
    main()
