"""Issue 28's goals at scale, each with its figure and verdict, from one run.

Run:  python bench/goals.py [--cards 300000] [--reviews 3000000] [--runs N] [--out FILE]

Builds one data folder as bench/scale.py does (N text cards in ten deck files, a profile
of M reviews made with the store's migrations, from a seed), installs quiz from a wheel
into a new venv (as a student installs it), builds the same collection in Anki's backend
when the ``anki`` package is importable (``pip install anki``; bench/store.py's
``anki_notes`` and ``anki_history``), then measures every goal on that folder, each
beside its baseline in the same run (medians of N runs with their spread), and prints a
Markdown table: goal | figure | ratio | verdict. ``--out`` writes the table to a file too.

1. ``quiz due`` for a student whose cards are mostly reviewed (the profile) and for a new
   student (every card new), against ``quiz due`` on the bundled decks with an empty
   profile (≤ 1.5×) and against Anki's whole process doing the same (a new Python that
   opens the collection, computes its deck list's due counts, ``deck_due_tree``, and
   closes it; ≤ 1×), the five commands run in turn;
2. the worst answer of the first session after every deck is indexed afresh (≤ 50 ms;
   bench/store.py's ``after_indexing``, run last as it answers cards);
3. a reinstall of the same wheel (``pip install --force-reinstall --no-deps``): the next
   ``quiz due`` rebuilds nothing (the deck cache's entries unchanged; its time beside the
   warm ``quiz due``);
4. the profile's size per review against Anki's collection with the same history (≤ 2×);
5. ``quiz start`` until its answer prompt takes keys, at scale, against a program that
   imports click and questionary and draws a text prompt (≤ 1.15×; bench/startup.py);
6. validation in process (``check_deck_file``, CPU time, best of N) against
   ``rtoml.loads`` of the same files (≤ 2.5×), a cold ``quiz due`` (the deck cache
   deleted) against parse + SQL (≤ 3×) and the cold ``quiz due``'s peak memory
   (≤ 200 MiB), as bench/cache.py measures them (here on text cards).

Without ``anki``, the rows that need it say so rather than show a figure (Anki runs on this
Python; quiz on the new venv's). At 300,000 cards and 3,000,000 reviews a run took 17 minutes
on this 2-CPU machine (shared with other work), 12 of them building the data: the profile
5.6 min, its migration on the first ``quiz due`` 4.6 min, Anki's collections 1.7 min; then
validation 1 min, the cold ``quiz due`` and its floor 1.8 min, the first sessions after
indexing 0.9 min, the rest under half a minute each. At 300 cards a run takes about a minute,
most of it installing quiz.
"""

from __future__ import annotations

import argparse
import functools
import importlib.util
import json
import os
import random
import runpy
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
#: Anki's whole process for ``quiz due``: open the collection, count what its deck list
#: shows (new, learning, review), close it.
ANKI_DUE_SCRIPT = """
import sys
from anki.collection import Collection
col = Collection(sys.argv[1])
try:
    tree = col.sched.deck_due_tree()
    print(tree.new_count, tree.learn_count, tree.review_count)
finally:
    col.close()
"""
#: The least a click program with a questionary prompt can do (bench/startup.py's floor).
FLOOR_PROMPT = "import click, questionary; questionary.text('Your answer').ask()"
DUE_GOAL, ANKI_GOAL, SIZE_GOAL, PROMPT_GOAL = 1.5, 1.0, 2.0, 1.15


@dataclass(frozen=True)
class Row:
    """One goal of the table: its figure beside its baseline, the ratio, whether it is met
    (None: not measured, and ``figure`` says why)."""

    goal: str
    figure: str
    ratio: str
    met: bool | None

    def verdict(self) -> str:
        return "not measured" if self.met is None else ("met" if self.met else "not met")


def held_to(goal: str, figure: str, value: float, limit: float) -> Row:
    """A row whose figure is a ratio to its baseline, met when at most ``limit``."""
    return Row(goal, figure, f"{value:.2f}×", value <= limit)


def table(rows: list[Row]) -> str:
    lines = ["| goal | figure (baseline; spread) | ratio | verdict |", "|---|---|---|---|"]
    lines += [f"| {r.goal} | {r.figure} | {r.ratio} | {r.verdict()} |" for r in rows]
    return "\n".join(lines)


def ms(times: list[float]) -> str:
    """Median and spread in ms."""
    low, high = min(times) * 1000, max(times) * 1000
    return f"{statistics.median(times) * 1000:.0f} ms ({low:.0f}–{high:.0f})"


def ratio(times: list[float], baseline: list[float]) -> float:
    return statistics.median(times) / statistics.median(baseline)


@functools.cache
def bench(name: str) -> dict[str, Any]:
    """The functions and constants of bench/``name``.py (run once)."""
    return runpy.run_path(str(HERE / f"{name}.py"))


def run(command: list[str], env: dict[str, str] | None = None) -> str:
    """Run ``command`` to its end (it must succeed); its output."""
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr[-2000:]}")
    return result.stdout


def child(part: str, *arguments: str) -> dict[str, float]:
    """A part measured in a process of its own (this one stays small); its figures."""
    return dict(json.loads(run([sys.executable, __file__, "--child", part, *arguments])))


# --------------------------------------------------------------------------- in a child


def build_anki(folder: Path, cards: int, reviews: int) -> dict[str, float]:
    """Two collections: ``new.anki2`` (every card new) and ``reviewed.anki2`` (the history)."""
    store = bench("store")
    new, reviewed = folder / "new.anki2", folder / "reviewed.anki2"
    store["anki_notes"](new, cards)
    shutil.copyfile(new, reviewed)
    store["anki_history"](reviewed, reviews, random.Random(store["SEED"]))
    return {"size": file_size(reviewed)}


def validation(folder: Path, runs: int) -> dict[str, float]:
    """``check_deck_file`` on every deck file against ``rtoml.loads`` of the same texts, CPU
    time, best of ``runs`` each (as bench/cache.py measures it)."""
    import rtoml

    from quizdeck.decks.reader import check_deck_file

    paths = sorted(folder.glob("*.toml"))
    texts = [path.read_text(encoding="utf-8") for path in paths]
    checks, parses = [], []
    for _ in range(runs):
        started = time.process_time()
        for path in paths:
            check_deck_file(path)
        checks.append(time.process_time() - started)
        started = time.process_time()
        for text in texts:
            rtoml.loads(text)
        parses.append(time.process_time() - started)
    return {"check": min(checks), "parse": min(parses)}


def first_session(profile: Path, cards: int, runs: int) -> dict[str, float]:
    """bench/store.py's ``after_indexing`` on the profile (it answers cards)."""
    from quizdeck.decks.scope import Scope
    from quizdeck.store import Store

    store_bench = bench("store")
    made = store_bench["make_cards"](cards)
    store = Store.open(profile)
    try:
        reviewed = made[: len(made) * 9 // 10]
        rng = random.Random(store_bench["SEED"])
        figures: dict[str, float] = store_bench["after_indexing"](
            store, Scope.of_cards(made), reviewed, rng, runs
        )
    finally:
        store.close()
    return figures


def run_child(part: str, arguments: list[str]) -> None:
    if part == "anki":
        figures = build_anki(Path(arguments[0]), int(arguments[1]), int(arguments[2]))
    elif part == "validation":
        figures = validation(Path(arguments[0]), int(arguments[1]))
    else:
        figures = first_session(Path(arguments[0]), int(arguments[1]), int(arguments[2]))
    print(json.dumps(figures))


# --------------------------------------------------------------------------- the goals

#: The benches whose functions this one calls (loaded with ``bench``).
SCALE, STARTUP, CACHE = "scale", "startup", "cache"


@dataclass
class Setup:
    """What every goal is measured on: quiz installed from ``wheel``, the data folder ``big``
    (the profile ``default``, a new student's ``newcomer``), Anki's collections in ``work``."""

    args: argparse.Namespace
    work: Path
    wheel: Path
    python: str
    quiz: str
    base: dict[str, str]
    at_scale: dict[str, str]
    bundled: dict[str, str]
    newcomer: dict[str, str]
    anki: bool
    why_not: str  # why Anki is not measured

    @property
    def big(self) -> Path:
        return Path(self.at_scale["QUIZ_HOME"])

    def timed(self, command: list[str], env: dict[str, str]) -> Callable[[], float]:
        return lambda: float(bench(SCALE)["timed_run"](command, env))


def step(what: str, action: Callable[[], Any]) -> Any:
    """Do ``action``, saying how long it took; its result."""
    started = time.perf_counter()
    result = action()
    print(f"{what}: {time.perf_counter() - started:.1f} s", flush=True)
    return result


def file_size(path: Path) -> float:
    """The size of a SQLite file with its write-ahead log, if one is left."""
    wal = path.with_name(path.name + "-wal")
    return path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)


def cache_entries(path: Path) -> list[tuple[Any, ...]]:
    """The deck cache's entries: which file, its size and SHA-256, the code that read it, the
    key of its cards; a deck written again gets a new ``rowid``. Not the file's time: a
    reinstall rewrites the bundled decks, and quiz then only notes their new times."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        rows = db.execute(
            "SELECT rowid, path, size, sha256, version, key, count, written FROM decks "
            "ORDER BY path"
        ).fetchall()
    db.close()
    return rows


def set_up(args: argparse.Namespace, work: Path) -> Setup:
    """Install quiz from a wheel, build the data folder and Anki's collections."""
    scale, startup = bench(SCALE), bench(STARTUP)
    wheels = work / "wheels"
    step("wheel", lambda: run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                               "-w", str(wheels), str(ROOT)]))  # fmt: skip
    (wheel,) = wheels.glob("*.whl")
    bin_dir = step("quiz installed from it in a new venv",
                   lambda: startup["install"](work / "venv", wheel))  # fmt: skip
    quiz = str(bin_dir / "quiz")
    big, small = work / "big", work / "small"
    small.mkdir()
    due = step("data built", lambda: scale["build_data"](big, args.cards, args.reviews, args.seed))
    print(f"  {args.cards:,} cards in 10 decks, {args.reviews:,} reviews, {due:,} due")
    base, at_scale, bundled = scale["environments"](str(big), str(small))
    for env in (base, at_scale):  # as bench/startup.py runs quiz: its byte code written
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    step("first quiz due (profile migrated, decks cached and indexed)",
         lambda: run([quiz, "due"], at_scale))  # fmt: skip
    newcomer = step("new student's profile made and indexed",
                    lambda: scale["new_student"](quiz, at_scale))  # fmt: skip
    anki = not args.no_anki and importlib.util.find_spec("anki") is not None
    why_not = "not run: `--no-anki`" if args.no_anki else "not run: anki is not installed here"
    if anki:
        step("Anki's collections built",
             lambda: child("anki", str(work), str(args.cards), str(args.reviews)))  # fmt: skip
    return Setup(args, work, wheel, str(bin_dir / "python"), quiz, base, at_scale, bundled,
                 newcomer, anki, why_not)  # fmt: skip


def due_rows(setup: Setup) -> tuple[list[Row], list[float]]:
    """``quiz due`` mostly reviewed and mostly new against the bundled decks and Anki's whole
    process, the five run in turn; the rows and the warm ``quiz due``'s times."""
    quiz = [setup.quiz, "due"]
    measures = {
        "quiz reviewed": setup.timed(quiz, setup.at_scale),
        "quiz new": setup.timed(quiz, setup.newcomer),
        "bundled": setup.timed(quiz, setup.bundled),
    }
    if setup.anki:
        for who in ("reviewed", "new"):
            anki_due = [sys.executable, "-c", ANKI_DUE_SCRIPT, str(setup.work / f"{who}.anki2")]
            measures[f"anki {who}"] = setup.timed(anki_due, setup.base)
    found = step("quiz due and Anki's, in turn",
                 lambda: bench(STARTUP)["alternate_all"](list(measures.values()),
                                                         setup.args.runs))  # fmt: skip
    times = dict(zip(measures, found, strict=True))
    rows = []
    for who, name in (("reviewed", "mostly reviewed"), ("new", "mostly new")):
        ours, bundled = times[f"quiz {who}"], times["bundled"]
        rows.append(
            held_to(f"`quiz due`, {name}, ≤ {DUE_GOAL}× the bundled decks",
                    f"{ms(ours)}; bundled decks, empty profile: {ms(bundled)}",
                    ratio(ours, bundled), DUE_GOAL)
        )  # fmt: skip
        goal = f"`quiz due`, {name}, ≤ Anki's whole process"
        if not setup.anki:
            rows.append(Row(goal, setup.why_not, "—", None))
            continue
        theirs = times[f"anki {who}"]
        rows.append(
            held_to(goal, f"{ms(ours)}; Anki (open, `deck_due_tree`, close): {ms(theirs)}",
                    ratio(ours, theirs), ANKI_GOAL)
        )  # fmt: skip
    return rows, times["quiz reviewed"]


def reinstall_row(setup: Setup, cache_path: Path, warm: list[float]) -> Row:
    """Reinstall the same wheel; the next ``quiz due`` must keep every deck cache entry."""
    before = cache_entries(cache_path)
    again = [setup.python, "-m", "pip", "install", "--quiet", "--force-reinstall", "--no-deps"]
    step("reinstalled", lambda: run([*again, str(setup.wheel)]))
    after = bench(SCALE)["timed_run"]([setup.quiz, "due"], setup.at_scale)
    kept = cache_entries(cache_path) == before
    return Row(
        "a reinstall of the same version rebuilds nothing",
        f"the next `quiz due` {after * 1000:.0f} ms (warm: {ms(warm)}); {len(before)} deck "
        f"cache entries {'unchanged' if kept else 'written again'}",
        f"{after / statistics.median(warm):.2f}× warm",
        kept and len(before) > 0,
    )


def size_row(setup: Setup) -> Row:
    """The profile's bytes a review against Anki's collection with the same history."""
    reviews = setup.args.reviews
    size = file_size(setup.big / "profiles" / "default.sqlite3")
    goal = f"≤ {SIZE_GOAL:g}× Anki's database size per review"
    ours = f"{size / reviews:.0f} bytes a review ({size / 1e6:.1f} MB)"
    if not setup.anki:
        return Row(goal, f"{ours}; Anki {setup.why_not}", "—", None)
    anki = file_size(setup.work / "reviewed.anki2")
    theirs = f"Anki {anki / reviews:.0f} bytes ({anki / 1e6:.1f} MB)"
    return held_to(goal, f"{ours}; {theirs}", size / anki, SIZE_GOAL)


def prompt_row(setup: Setup) -> Row:
    """``quiz start`` at scale until its answer prompt takes keys, against the floor program."""
    startup = bench(STARTUP)
    ready, spawn = startup["ANSWER_PROMPT"], startup["spawn_until"]
    prompt, floor = step("answer prompt and the floor, in turn", lambda: startup[
        "alternate_all"]([
            lambda: spawn([setup.quiz, "start"], ready, setup.at_scale),
            lambda: spawn([setup.python, "-c", FLOOR_PROMPT], ready, setup.base),
        ], setup.args.runs))  # fmt: skip
    return held_to(
        f"the answer prompt ≤ {PROMPT_GOAL}× the floor program",
        f"`quiz start` at scale {ms(prompt)}; import click and questionary, draw a text "
        f"prompt: {ms(floor)}", ratio(prompt, floor), PROMPT_GOAL,
    )  # fmt: skip


def cold_rows(setup: Setup, cache_path: Path) -> list[Row]:
    """Validation against rtoml, a cold ``quiz due`` against parse + SQL and its peak memory
    (bench/cache.py's goals)."""
    cache, runs, cards = bench(CACHE), setup.args.runs, setup.args.cards
    checked = step("validation", lambda: child("validation", str(setup.big / "decks"), str(runs)))
    goal_validation = cache["VALIDATION_GOAL"]
    rows = [
        held_to(
            f"validation ≤ {goal_validation}× the parser's own time",
            f"`check_deck_file` {checked['check'] / cards * 1e6:.1f} µs a card; `rtoml.loads` "
            f"{checked['parse'] / cards * 1e6:.1f} µs (CPU time, best of {runs})",
            checked["check"] / checked["parse"], goal_validation,
        )
    ]  # fmt: skip
    due = [setup.quiz, "due"]

    def cold() -> float:
        cache_path.unlink(missing_ok=True)
        return setup.timed(due, setup.at_scale)()

    def parse_and_sql() -> float:
        with tempfile.TemporaryDirectory() as scratch:
            floor = [setup.python, "-c", cache["FLOOR_SCRIPT"], scratch, str(setup.big / "decks")]
            return setup.timed(floor, setup.base)()

    colds, floors = step(
        "cold quiz due and parse + SQL, in turn",
        lambda: bench(STARTUP)["alternate_all"]([cold, parse_and_sql], runs),
    )
    goal_cold = cache["COLD_GOAL"]
    rows.append(
        held_to(f"a cold `due` ≤ {goal_cold}× parse + SQL",
                f"{ms(colds)} (the deck cache deleted); parse every deck with rtoml, a row per "
                f"card into SQLite: {ms(floors)}", ratio(colds, floors), goal_cold)
    )  # fmt: skip

    def peak() -> float:
        cache_path.unlink(missing_ok=True)
        return float(cache["peak_memory"](due, setup.at_scale))

    memories = step("cold peak memory", lambda: [peak() for _ in range(3)])
    memory, goal_memory = statistics.median(memories), cache["MEMORY_GOAL"]
    rows.append(
        Row(f"cold peak memory ≤ {goal_memory} MiB",
            f"{memory:.0f} MiB ({min(memories):.0f}–{max(memories):.0f}), median of 3",
            f"{memory / goal_memory:.2f}× the goal", memory <= goal_memory)
    )  # fmt: skip
    return rows


def first_session_row(setup: Setup) -> Row:
    """The worst answer of the first session after indexing (it answers cards: run it last)."""
    sessions = min(setup.args.runs, 3)
    profile = setup.big / "profiles" / "default.sqlite3"
    found = step(
        "first sessions after indexing",
        lambda: child("indexing", str(profile), str(setup.args.cards), str(sessions)),
    )
    worst, goal = found["indexed_worst"] * 1000, bench("store")["GOAL_AFTER_INDEXING_MS"]
    return Row(
        f"no answer over {goal} ms in the first session after indexing",
        f"worst of 200 answers 10 ms apart {worst:.1f} ms, median of {sessions} sessions (the "
        f"queue indexing every card: {found['indexed_queue']:.2f} s); before, the WAL left to "
        f"the background checkpoint: {found['indexed_old_worst'] * 1000:.1f} ms",
        f"{worst / goal:.2f}× the goal", worst <= goal,
    )  # fmt: skip


def goals(args: argparse.Namespace) -> list[Row]:
    """Every goal's row, in the issue's order, measured on one data folder."""
    with tempfile.TemporaryDirectory(prefix="quiz-goals-") as name:
        setup = set_up(args, Path(name))
        where = run([setup.python, "-c", "from quizdeck.decks.cache import cache_file; "
                     "print(cache_file())"], setup.at_scale).strip()  # fmt: skip
        cache_path = Path(where)
        due, warm = due_rows(setup)
        reinstall = reinstall_row(setup, cache_path, warm)
        size, prompt = size_row(setup), prompt_row(setup)
        cold = cold_rows(setup, cache_path)
        return [*due, first_session_row(setup), reinstall, size, prompt, *cold]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=300_000)
    parser.add_argument("--reviews", type=int, default=3_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, help="also write the table to this file")
    parser.add_argument("--no-anki", action="store_true", help="skip the comparisons with Anki")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args, rest = parser.parse_known_args()
    if args.child:
        run_child(args.child, rest)
        return
    if rest:
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    began = time.perf_counter()
    print(f"Python {sys.version.split()[0]}, SQLite {sqlite3.sqlite_version} on {sys.platform}, "
          f"{os.cpu_count()} CPUs; {args.cards:,} cards, {args.reviews:,} reviews; "
          f"median of {args.runs} runs (spread)", flush=True)  # fmt: skip
    rows = goals(args)
    print(f"\nIssue 28's goals at {args.cards:,} cards / {args.reviews:,} reviews "
          f"(a run of {(time.perf_counter() - began) / 60:.1f} min):\n")  # fmt: skip
    text = table(rows)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
