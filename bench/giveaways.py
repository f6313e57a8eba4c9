"""Give-away detection at scale: 100,000 cards in ten deck files, against indexing them.

Run:  python bench/giveaways.py [--cards 100000] [--runs 3] [--seed 1]

Writes, from a seed, ten deck files of generated cards (text, person, number, year,
date, choice and cloze cards, with explanations; prompts made of a vocabulary of made-up
words, and one card in fifty showing another card's answer), then measures alternately
in this process, median of the runs with the spread, each against indexing, in CPU time
of the process (on a shared machine the clock moved by ±30 % and more from run to run):

1. indexing the decks: ``check_deck_files`` reading and checking the TOML into cards
   (the baseline);
2. what ``quiz lint`` does: ``find_giveaways`` over the same cards (each deck's table of
   answer forms and own-answer runs, then the join, reading each card's words once);
3. the tables as sessions keep them in the deck cache (``form_table`` then ``columns_of``:
   in columns, with each card's line of words), and what a session with no deck cache
   does with them: every pair of decks' record (``records_of``: which cards of one deck
   show a form of the other outside their own answer) and their merge (``merged_apart``);
   the bench checks that the merge keeps apart exactly the pairs lint finds;
4. the first session after an edit to one deck (a comment appended to one file, another
   one each run): loading the decks from the deck cache, then ``Scope.apart``: the edited
   deck's table worked out, the nine others read from the deck cache in columns, the
   edited deck's records against every deck worked out, the others' read from the deck
   cache (they are kept under the owner deck's forms, which a comment leaves alone: an edit
   that changes an answer also works out the nine others' records against the edited deck,
   about 0.14× more: 0.97–1.06 s against 0.72–0.85 s in one run), the merge, the result kept;

and the peak memory each takes (tracemalloc, one run each). The goal: detection adds at
most 10 % to indexing, in time and in memory.

Figures (100,000 cards, 22,181 give-aways, 1,578 common answers; a shared 2-core machine),
median of 3 runs in CPU time, ratios against indexing in the same run:

| | time | ratio | peak memory | ratio |
|---|---|---|---|---|
| indexing | 1.81 s (1.77–1.96) | 1.00× | 94 MiB | 1.00× |
| lint: ``find_giveaways`` | 2.09 s (2.04–2.18) | 1.15× | 89 MiB | 0.95× |
| tables in columns | 2.19 s (2.19–2.20) | 1.21× | 59 MiB | 0.63× |
| every pair's record, merged | 0.64 s (0.58–0.64) | 0.35× | 14 MiB | 0.15× |
| session after an edit: loading | 0.31 s (0.30–0.36) | 0.17× | 24 MiB | 0.25× |
| then ``Scope.apart`` | 0.88 s (0.87–1.00) | 0.49× | 95 MiB | 1.01× |

The code before (main at cc9ca5b: the edited deck's table, the nine others read back as a
tuple per form, then the join of all ten), its bench measured in CPU time the same way just
before: indexing 1.76 s (1.71–1.77), lint 1.20×, tables 1.00×, join 0.37×, loading 0.17×,
``Scope.apart`` 1.02× (1.79 s); memory 0.95×, 1.04×, 0.40×, 0.25×, 1.53×. So the first
session after an edit went from 1.02× to 0.49× of indexing (1.79 s → 0.88 s) and from 1.53×
to 1.01× in memory (143 → 95 MiB); lint's detection is the same code (1.20× and 1.15×, the
noise). A first session with no deck cache works out every table and every pair's record
(1.21× + 0.35×, against 1.00× + 0.37× for the tables and the join before).

Where ``Scope.apart`` spends its CPU time now (one run, 100,000 cards, 720–850 ms): about
half on the edited deck's table: reading its 10,000 cards back from the deck cache (90 ms)
and ``form_table`` (190 ms, about as much as reading the cards from TOML); reading the nine
other tables in columns 80 ms; the edited deck's records 90 ms (one split of each of its
lines, then reading the few cards that may show a form); the merge 140–170 ms; keeping the
result (22,181 pairs in ``KeepApart`` and in the deck cache) 60–160 ms. An unchanged set of
decks costs one read of the kept result, as before.

The goal is not met. What is left, in the order it would pay:

- the edited deck's table: reuse the parts of its previous table for the cards that did not
  change (an edit changes a few cards; this needs a fingerprint per card kept with the
  table, since a card's content hash leaves out its explanation and correction), and keep
  the cards the reader has at hand instead of reading them back from the deck cache (the
  cache drops them on purpose, to hold one deck at a time: ``decks/cache.py``);
- the merge and the kept result: a Python step per form shown and per pair (22,181); the
  merge could be kept per deck set minus one deck, the result stored as the pairs' card
  numbers rather than their keys;
- the other decks' records against a deck whose answers changed: a split of each of their
  lines; a word index per deck (each word with the cards that show it) makes it a look-up
  per word, but building it cost as much as the rest of a table (tables 1.80× instead of
  1.28× in a run before) for the same time, so it was left out;
- lint: its detection is still a Python step per card for the answer forms, the own-answer
  runs and the line (about equal parts), then the join; its tables could come from the
  deck cache too when the decks are unchanged.
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
    from quizdeck.decks.deck_columns import DeckColumns
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
    """The CPU time ``action`` takes in this process: on a shared machine, steadier than the
    time on the clock (the same code measured ±30 % from run to run on the clock)."""
    started = time.process_time()
    action()
    return time.process_time() - started


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
    from quizdeck.decks.apart import KeepApart
    from quizdeck.decks.deck_columns import columns_of
    from quizdeck.decks.deck_forms import form_table
    from quizdeck.decks.giveaways import find_giveaways
    from quizdeck.decks.loading import check_deck_files
    from quizdeck.decks.scope import Scope
    from quizdeck.decks.shown import merged_apart, records_of

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

        def tables() -> list[DeckColumns]:
            return [columns_of(form_table(deck.id, deck.cards)) for deck in decks]

        def join(made: list[DeckColumns]) -> KeepApart:
            """Every pair of decks' record, then their merge (no deck cache)."""
            records = {}
            for number, shower in enumerate(made):

                def read(positions: list[int], number: int = number) -> dict[int, Card]:
                    return {position: decks[number].cards[position] for position in positions}

                for owner, record in enumerate(records_of(shower, made, read)):
                    records[(number, owner)] = record
            return merged_apart(made, records)

        made = tables()
        if join(made).pairs() != KeepApart.of_giveaways(found.giveaways).pairs():
            raise SystemExit("the pairs of decks keep apart other cards than lint finds")
        Scope.of_decks(check_deck_files(paths, cached=True)[0]).apart()  # fills the deck cache
        times: dict[str, list[float]] = {name: [] for name in ROWS}
        for run in range(args.runs):
            times["indexing"].append(timed(lambda: check_deck_files(paths)))
            times["detection"].append(timed(lambda: find_giveaways(cards)))
            times["tables"].append(timed(tables))
            times["join"].append(timed(lambda: join(made)))
            loading, keeping, load_peak, keep_peak = session_after_edit(paths, run)
            times["loading"].append(loading)
            times["keeping"].append(keeping)
        base = statistics.median(times["indexing"])
        for name, label in ROWS.items():
            ratio = statistics.median(times[name]) / base
            print(f"  {label:48} {summary(times[name])}  {ratio:5.2f}×")
        peaks = {
            "indexing": peak(lambda: check_deck_files(paths)),
            "detection": peak(lambda: find_giveaways(cards)),
            "tables": peak(tables),
            "join": peak(lambda: join(made)),
            "loading": load_peak,
            "keeping": keep_peak,
        }
        print("  peak memory (tracemalloc), against indexing:")
        for name, label in ROWS.items():
            high = peaks[name]
            print(f"  {label:48} {high / 2**20:8.0f} MiB  {high / peaks['indexing']:5.2f}×")


#: What the bench measures, each against indexing (time: median of the runs, with the spread).
ROWS = {
    "indexing": "indexing (check_deck_files)",
    "detection": "lint: detection from the cards (find_giveaways)",
    "tables": "the decks' tables in columns (columns_of)",
    "join": "every pair's record, merged (records_of)",
    "loading": "session, one deck edited: loading the decks",
    "keeping": "  then the cards kept apart (Scope.apart)",
}


if __name__ == "__main__":
    main()
