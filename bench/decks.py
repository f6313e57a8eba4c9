"""Deck validation at scale: 1,000, 10,000 and 50,000 generated cards.

Run:  python bench/decks.py

For each size it writes one deck file mixing every kind of card and validates it
with ``quizdeck.decks.loading.check_deck_file`` (what ``quiz validate`` runs) twice: as
installed (rtoml parses the TOML when it is installed) and with tomllib alone
(the baseline, as on a platform without rtoml). It prints each time (best of
several runs, as timeit reports), the time per card and, in the same run, what
``tomllib.loads`` and ``rtoml.loads`` alone take on the same text. Growth is linear
when the per-card time of the 50k deck over that of the 1k deck is about 1.

Goal: a 10,000-card deck validates in at most 0.5 s.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import quizdeck.decks.reader
from quizdeck.decks.reader import check_deck_file

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

SIZES = (1_000, 10_000, 50_000)
GOAL_10K_SECONDS = 0.5


def card_toml(number: int) -> str:
    """One ``[[card]]`` table; the kind cycles through all nine."""
    n = number
    common = (
        f'explanation = "Card {n} explains itself in one short sentence."\n'
        f"source = [{n % 40 + 1}]\n"
        f'tags = ["bench", "group-{n % 17}"]\n'
    )
    kind = n % 9
    if kind == 0:
        body = (
            'kind = "text"\n'
            f'prompt = "What is the name of place number {n}?"\n'
            f'answer = "Place {n}"\naccept = ["place {n}", "the place {n}"]\n'
        )
    elif kind == 1:
        body = f'kind = "person"\nprompt = "Who led faction {n}?"\nanswer = "Person al-Name{n}"\n'
    elif kind == 2:
        body = f'kind = "number"\nprompt = "How many seats in race {n}?"\nanswer = {n % 329}\n'
    elif kind == 3:
        body = (
            f'kind = "year"\nprompt = "In what year was group {n} founded?"\n'
            f"answer = {1900 + n % 120}\n"
        )
    elif kind == 4:
        day = n % 28 + 1
        body = (
            f'kind = "date"\nprompt = "On what date did event {n} happen?"\n'
            f'answer = "2021-11-{day:02d}"\n'
        )
    elif kind == 5:
        body = (
            f'kind = "choice"\nprompt = "Which of these is option {n}?"\n'
            f'answer = "Option {n}"\n'
            f'choices = ["Option {n}", "Option {n + 1}", "Option {n + 2}", "Option {n + 3}"]\n'
        )
    elif kind == 6:
        body = (
            f'kind = "truefalse"\nprompt = "Statement {n} is true."\n'
            f"answer = {'true' if n % 2 else 'false'}\n"
        )
        if n % 2 == 0:
            body += f'correction = "Statement {n} is false."\n'
    elif kind == 7:
        body = (
            f'kind = "order"\nprompt = "Put the events of story {n} in order."\n'
            f'answer = ["First {n}", "Second {n}", "Third {n}"]\n'
        )
    else:
        body = (
            'kind = "cloze"\n'
            f'prompt = "Party {n} fell from {{{{number:{n % 90 + 10}}}}} seats '
            f'to {{{{number:{n % 9 + 1}}}}} in {{{{year:2021}}}}."\n'
        )
    return f'[[card]]\nid = "card-{n}"\n{body}{common}\n'


def minimal_card_toml(number: int) -> str:
    """A card with only the required keys."""
    return (
        f'[[card]]\nid = "card-{number}"\nkind = "text"\n'
        f'prompt = "What is the name of place {number}?"\nanswer = "Place {number}"\n\n'
    )


def deck_text(cards: int, card: Callable[[int], str] = card_toml) -> str:
    """A whole valid deck of ``cards`` cards."""
    head = (
        "[deck]\n"
        f'id = "bench-{cards}"\n'
        f'title = "Generated deck of {cards} cards"\n'
        'description = "Written by bench/decks.py."\n'
        'tags = ["generated"]\n\n'
    )
    return head + "".join(card(n) for n in range(cards))


def best_time(action: Callable[[], object], runs: int) -> float:
    """Best wall time of ``action`` over ``runs`` runs, in seconds (as timeit reports)."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return min(times)


@contextmanager
def tomllib_only() -> Iterator[None]:
    """Validation as on a platform without rtoml: tomllib parses every deck."""
    fast_toml = quizdeck.decks.reader.fast_toml
    quizdeck.decks.reader.fast_toml = lambda text: None
    try:
        yield
    finally:
        quizdeck.decks.reader.fast_toml = fast_toml


def rtoml_loads() -> Callable[[str], object] | None:
    """``rtoml.loads`` when rtoml is installed."""
    try:
        import rtoml
    except ImportError:
        return None
    return rtoml.loads


def measure(label: str, text: str, path: Path, runs: int) -> float:
    """Print one row of figures for the deck ``text`` written at ``path``; its validate time."""
    cards = text.count("[[card]]")
    validate = best_time(lambda: check_deck_file(path), runs)
    with tomllib_only():
        baseline = best_time(lambda: check_deck_file(path), runs)
    parse = best_time(lambda: tomllib.loads(text), runs)
    loads = rtoml_loads()
    fast_parse = best_time(lambda: loads(text), runs) if loads else float("nan")
    print(
        f"{cards:>7,}  {validate:>8.3f}s  {validate / cards * 1e6:>7.1f}µs  "
        f"{baseline:>11.3f}s  {baseline / cards * 1e6:>7.1f}µs  {baseline / validate:>6.2f}×  "
        f"{parse:>12.3f}s  {fast_parse:>10.3f}s{label}"
    )
    return validate


def checked_deck(folder: str, name: str, text: str, size: int) -> Path:
    """Write the deck and make sure it is valid with both parsers."""
    path = Path(folder) / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    for reading in (check_deck_file(path), None):
        if reading is None:
            with tomllib_only():
                reading = check_deck_file(path)
        deck, problems = reading
        if problems or deck is None or len(deck.cards) != size:
            shown = "\n".join(str(problem) for problem in problems[:5])
            raise SystemExit(f"generated deck of {size} cards is not valid:\n{shown}")
    return path


def main() -> None:
    fast = "rtoml " + version("rtoml") if rtoml_loads() else "tomllib (rtoml not installed)"
    print(f"Python {sys.version.split()[0]} on {sys.platform}; validate parses with {fast}")
    print(
        f"{'cards':>7}  {'validate':>9}  {'per card':>9}  {'tomllib-only':>12}  "
        f"{'per card':>9}  {'ratio':>7}  {'tomllib.loads':>13}  {'rtoml.loads':>11}"
    )
    per_card: dict[int, float] = {}
    results: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        for size in SIZES:
            text = deck_text(size)
            path = checked_deck(folder, f"bench-{size}", text, size)
            results[size] = measure("", text, path, 7 if size <= 10_000 else 3)
            per_card[size] = results[size] / size
        text = deck_text(10_000, minimal_card_toml)
        path = checked_deck(folder, "bench-minimal", text, 10_000)
        measure("  (required keys only)", text, path, 7)
    sizes = ", ".join(f"{len(deck_text(size)) / size:.0f}" for size in SIZES[:1])
    print(f"a generated card (all keys) is about {sizes} bytes of TOML")
    growth = per_card[SIZES[-1]] / per_card[SIZES[0]]
    print(f"per-card time, {SIZES[-1]:,} vs {SIZES[0]:,} cards: {growth:.2f}× (linear ≈ 1)")
    verdict = "met" if results[10_000] <= GOAL_10K_SECONDS else "NOT met"
    print(f"goal: 10,000 cards in ≤ {GOAL_10K_SECONDS} s: {results[10_000]:.3f} s, {verdict}")


def version(package: str) -> str:
    """The installed version of ``package``."""
    from importlib.metadata import version as installed

    return installed(package)


if __name__ == "__main__":
    main()
