"""Start-up time: ``quiz --help`` and the first question of ``quiz start``.

Run:  python bench/startup.py [--runs N] [--here] [--before REF] [--prompt-only]
                              [--instructions]

quiz is measured installed as a student installs it: ``pip install .`` into a new
virtual environment (byte-code compiled by pip), and every baseline runs on that
environment's Python, so both sides load their modules the same way. With
``--here``, the ``quiz`` installed next to this Python is measured instead (its byte
code is written by the warm-up run even where ``PYTHONDONTWRITEBYTECODE`` is set: without
it, an editable install compiles every quiz module on each run, ~190 ms). With
``--before REF``, the git commit REF is installed the same way into a second environment
and the answer prompt of both is timed in the same alternating runs as the floor.

1. ``quiz --help`` against ``python -c "import click"``: quiz's help needs
   nothing more than click, so the ratio shows what quiz adds on top.
2. Time to the first question of ``quiz start`` in a real terminal (a pty,
   through pexpect, with an empty ``QUIZ_HOME``), against the time
   ``python -c "import questionary"`` takes to start and print a line in the
   same kind of terminal. Measured twice: when the question text is on screen
   (quiz prints it before the prompt library has loaded, so the student is
   already reading) and when the answer prompt is drawn and takes keys (keys
   typed before that wait in the terminal and are not lost).
3. The answer prompt against the least a click program with a questionary prompt
   can do: import both and draw a text prompt. What is left is quiz's own work
   (its modules, the decks, the profile, the queue).

Each pair is run alternately, N times (default 21) after a warm-up; the figures
are medians with their spread. Goal: each ratio to the issue's baselines ≤ 1.3.

wcwidth is kept below 0.3: 0.9.5 takes 105–120 ms to import on this (loaded) machine,
0.2.14 8–17 ms (``python -X importtime -c "import wcwidth"``, five runs each). Both the
floor program and quiz import it (prompt_toolkit does), so the pin lowers both and not the
ratio; ``quiz due`` no longer imports it for ASCII tables.

Issue 28 item 6 (answer prompt ≤ 1.15× the floor). The 2.06× measured before (542 ms
against 263 ms, ``--here``) was mostly byte-code: ``PYTHONDONTWRITEBYTECODE`` was set, so
the editable install compiled quiz's ~80 modules on every run (~190 ms); the bench now drops
it. Measured with ``--before main --runs 11`` (main was then 4d45ff8; pip-installed; a
loaded 2-CPU machine whose floor moved from 127 to 300 ms between runs; each line is one
run):

- grading, rapidfuzz and anyascii no longer loaded by the kinds table (the date kind imports
  ``grading.dates`` when it needs it), the TOML reader only on a deck-cache miss, the exam
  report only for an exam: 370 ms against the floor's 261 ms, 1.42×; main 376 ms, 1.44×
  (0.98×: the bench's first card is a full date, whose hint still needs ``grading.dates``);
- the command's module and prompt_toolkit imported with the collector paused, then frozen:
  424 ms against 296 ms, 1.43×; main 466 ms, 1.57× (0.91×);
- full run: 326 ms against 279 ms, 1.17×; main 361 ms, 1.29× (0.90×); ``quiz --help``
  1.23× ``import click``; the question is on screen at 0.74× ``import questionary``;
- the graders imported by a background thread 0.5 s after the first question is put (the
  prompt is drawn, the student reads): the first verdict after "t" and Enter came 28 ms
  after the key against 34 ms when the thread waits past it (7 fresh profiles each, twice:
  medians 33/23 against 36/30 ms); the prompt is not affected;
- a quieter run, ``--prompt-only --runs 15``: 184 ms (171–270) against 128 ms, 1.44×; main
  192 ms (183–236), 1.50× (0.96×, 8 ms);
- after merging main (which made ``grading.dates`` heavier), a quiet full run, ``--before
  main --runs 15``: answer prompt 181 ms (174–198) against the floor's 131 ms, 1.38×; main
  188 ms (176–209), 1.44× (0.96×); ``quiz --help`` 47 ms against 39 ms, 1.19×; the question
  on screen at 86 ms against ``import questionary``'s 104 ms, 0.82×.

The goal (1.15×) is not met: it leaves quiz ~20 ms of its own on this machine, and quiz's
own work is ~50 ms. The largest single part is the first card's date hint: ``year_asked``
lives in ``grading.dates``, which now imports rapidfuzz, anyascii and half of grading
(17–23 ms by ``-X importtime``; 6 ms in 15 alternating runs against a stub ``year_asked``).

Where quiz's own milliseconds go (a quiet moment, 9 runs, time from the interpreter's start
inside the process, ``python -X importtime`` medians with the collector off): the floor
draws at 106 ms (click 21, questionary and prompt_toolkit 73, the prompt 12); quiz at 167 ms:
click and ``quizdeck.cli`` 23, ``commands.study`` and what it imports 20, the store, session
and ui modules 16, the decks from the cache 7, opening the profile 3, the queue 4, the
session's set-up 5, prompt_toolkit 68 (quiz does not import questionary), the prompt 25 —
of which ~10 ms import ``grading.dates`` (and rapidfuzz, anyascii) because the first card
of the bundled decks is a full date whose hint asks ``year_asked``. By package, quiz's own
imports take ~42 ms: grading with rapidfuzz and anyascii 10 (that hint), store 5, session 4,
kinds 4, decks 4, model 3 (its dataclasses and enums), settings with the scheduler 3, json,
pathlib and sqlite3 5, ui 2. What is left after this issue: the date hint's grading import
(``year_asked`` lives beside the date grader, which loads rapidfuzz and anyascii), and many
small modules, each a few dataclasses or enums. What runs, beside imports (empty profile,
warm deck cache): the deck cache 5.5 ms (2 ms of it hashing the 30 deck-reading modules'
source for the cache's version), opening the profile 1–3 ms (one snapshot reading the
application id, schema version and table count, four pragmas), the queue 2–4 ms (with
``spread_siblings``), keep-apart 0.2 ms, ``learning_soon`` and the first-session check
(``history(limit=1)``) 0.1 ms each; the garbage collector ran ~9 ms before the prompt, ~4 ms
now (before quiz's command is imported, and in click).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

GOAL = 1.3
BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parent.parent
QUIZ = str(BIN / "quiz")
#: What the interactive prompts draw once questionary runs (text, select, order, cloze). A
#: blank's label ("[1]: ", "[?] (a year): ") counts only as prompt_toolkit draws it, right
#: after a style escape: the cloze question printed before it holds "[1] " too.
ANSWER_PROMPT = re.compile(rb"Your answer|which comes first|\x1b\[[0-9;]*m\[(?:\d+|\?)\][ :]")


def run_quietly(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, capture_output=True, env=env, check=False)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr.decode()[-2000:]}")


def first_question_pattern() -> re.Pattern[bytes]:
    """Matches the start of the prompt of any card of the bundled decks."""
    from quizdeck.decks.loading import load_decks
    from quizdeck.display import inert
    from quizdeck.kinds.cloze import numbered_cloze

    cards = [card for deck in load_decks() for card in deck.cards]
    shown = [text for card in cards for text in (card.prompt, numbered_cloze(card.prompt))]
    prompts = {inert(text)[:40] for text in shown}
    alternatives = sorted((re.escape(p.encode()) for p in prompts if p), key=len, reverse=True)
    return re.compile(b"|".join(alternatives))


def spawn_until(command: list[str], pattern: re.Pattern[bytes], env: dict[str, str]) -> float:
    """Seconds from spawning ``command`` in a pty to ``pattern`` appearing on its screen."""
    import pexpect

    started = time.perf_counter()
    child: pexpect.spawn[bytes] = pexpect.spawn(
        command[0], command[1:], env=env, dimensions=(50, 250), timeout=30
    )
    try:
        child.expect(pattern)
        elapsed = time.perf_counter() - started
    except (pexpect.TIMEOUT, pexpect.EOF) as error:
        shown = (child.before or b"").decode(errors="replace")[-1000:]
        reason = type(error).__name__
        message = f"{' '.join(command)}: no question appeared ({reason}):\n{shown}"
        raise SystemExit(message) from None
    finally:
        child.close(force=True)
    return elapsed


def alternate(
    first: Callable[[], float], second: Callable[[], float], runs: int
) -> tuple[list[float], list[float]]:
    """Run both ``runs`` times, alternating, after one warm-up each."""
    a, b = alternate_all([first, second], runs)
    return a, b


def alternate_all(measures: list[Callable[[], float]], runs: int) -> list[list[float]]:
    """Run each of ``measures`` ``runs`` times, in turn, after one warm-up each."""
    for measure in measures:
        measure()
    times: list[list[float]] = [[] for _ in measures]
    for _ in range(runs):
        for measure, found in zip(measures, times, strict=True):
            found.append(measure())
    return times


def timed(command: list[str], env: dict[str, str]) -> float:
    """Seconds ``command`` takes to run to its end (it must succeed)."""
    started = time.perf_counter()
    run_quietly(command, env)
    return time.perf_counter() - started


def spread(times: list[float]) -> str:
    low, high = min(times) * 1000, max(times) * 1000
    return f"{statistics.median(times) * 1000:.0f} ms ({low:.0f}–{high:.0f})"


def ratio_line(name: str, value: list[float], baseline: list[float], baseline_name: str) -> str:
    ratio = statistics.median(value) / statistics.median(baseline)
    verdict = "met" if ratio <= GOAL else "NOT met"
    return (
        f"{name}: {spread(value)}; {baseline_name}: {spread(baseline)}; "
        f"ratio {ratio:.2f}× (goal ≤ {GOAL}×: {verdict})"
    )


def install(folder: Path, source: Path = ROOT) -> Path:
    """A new virtual environment in ``folder`` with quiz installed by ``pip install source``;
    returns its ``bin`` folder."""
    subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
    bin_dir = folder / ("Scripts" if os.name == "nt" else "bin")
    subprocess.run(
        [str(bin_dir / "python"), "-m", "pip", "install", "--quiet", str(source)],
        check=True,
        capture_output=True,
    )
    return bin_dir


def install_commit(folder: Path, commit: str) -> Path:
    """quiz as it was at git ``commit``, installed into a new environment in ``folder``."""
    source = folder / "source"
    source.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", commit],
        check=True,
        capture_output=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(source)], input=archive, check=True)
    return install(folder / "venv", source)


def prompt_ratios(
    quiz: str, floor: list[str], env: dict[str, str], runs: int, before: str | None
) -> None:
    """The answer prompt against the floor program, and against quiz at ``before`` (with a
    data folder of its own: the two versions may not share a deck cache)."""
    measures = [
        lambda: spawn_until([quiz, "start"], ANSWER_PROMPT, env),
        lambda: spawn_until(floor, ANSWER_PROMPT, env),
    ]
    if before is not None:
        home = Path(env["QUIZ_HOME"]).with_name("home-before")
        home.mkdir(exist_ok=True)
        env_before = {**env, "QUIZ_HOME": str(home)}
        measures.append(lambda: spawn_until([before, "start"], ANSWER_PROMPT, env_before))
    times = alternate_all(measures, runs)
    prompt, least = times[0], times[1]
    ratio = statistics.median(prompt) / statistics.median(least)
    own = (statistics.median(prompt) - statistics.median(least)) * 1000
    print(f"quiz start, answer prompt ready: {spread(prompt)}; import click and questionary, "
          f"draw a text prompt: {spread(least)}; ratio {ratio:.2f}× "
          f"(quiz's own work: {own:.0f} ms)")  # fmt: skip
    if before is not None:
        then = times[2]
        was = statistics.median(then) / statistics.median(least)
        gain = statistics.median(prompt) / statistics.median(then)
        print(f"  before: {spread(then)}, ratio {was:.2f}×; now / before: {gain:.2f}×")


#: Put before a measured program: it ends the process once prompt_toolkit has drawn the screen
#: for the first time, and (for quiz) holds back the graders' background import, which under
#: valgrind (~50 times slower) would otherwise run before the prompt is drawn.
STOP_AT_FIRST_DRAW = """
import os, sys

def _after(module):
    if module.__name__ == "quizdeck.session.engine":
        module.LOAD_GRADERS_AFTER = 3600.0
        return
    draw = module.Renderer.render
    def draw_once(self, *args, **kwargs):
        draw(self, *args, **kwargs)
        os._exit(0)
    module.Renderer.render = draw_once

class _Watch:
    names = {"prompt_toolkit.renderer", "quizdeck.session.engine"}

    @classmethod
    def find_spec(cls, name, path=None, target=None):
        if name not in cls.names:
            return None
        cls.names.discard(name)
        sys.meta_path.remove(cls)
        import importlib.util
        spec = importlib.util.find_spec(name)
        if cls.names:
            sys.meta_path.insert(0, cls)
        load = spec.loader.exec_module
        def exec_module(module):
            load(module)
            _after(module)
        spec.loader.exec_module = exec_module
        return spec

sys.meta_path.insert(0, _Watch)
"""
QUIZ_START = "sys.argv = ['quiz', 'start']\nfrom quizdeck.cli import main\nmain()"
FLOOR_PROMPT = "import click, questionary\nquestionary.text('Your answer').ask()"


def instructions(python: str, program: str, env: dict[str, str]) -> float:
    """Millions of instructions ``program`` runs (``python -c``, in a pty) until its first
    prompt is drawn, counted by valgrind: the same on every run, however loaded the machine."""
    import pexpect

    code = STOP_AT_FIRST_DRAW + program
    with tempfile.TemporaryDirectory() as work:
        counts = Path(work) / "callgrind.out"
        for command in ([python, "-c", code],  # warm-up: byte code, deck cache
                        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={counts}",
                         python, "-c", code]):  # fmt: skip
            child = pexpect.spawn(command[0], command[1:], env=env, dimensions=(50, 250),
                                  timeout=900)  # fmt: skip
            child.expect(pexpect.EOF)
            child.close()
        found = re.search(r"^(?:summary|totals): (\d+)", counts.read_text(), re.MULTILINE)
    if found is None:
        raise SystemExit(f"valgrind counted nothing for {python}")
    return int(found.group(1)) / 1e6


def instruction_ratios(
    python: str, before_python: str | None, env: dict[str, str], env_before: dict[str, str]
) -> None:
    """The answer prompt in instructions: quiz (and quiz at ``--before``) against the floor."""
    quiz = instructions(python, QUIZ_START, env)
    least = instructions(python, FLOOR_PROMPT, env)
    ratio = quiz / least
    print(f"instructions to the answer prompt (valgrind): quiz start {quiz:.1f} M; "
          f"import click and questionary, draw a text prompt {least:.1f} M; "
          f"ratio {ratio:.3f}×")  # fmt: skip
    if before_python is not None:
        then = instructions(before_python, QUIZ_START, env_before)
        print(f"  before: {then:.1f} M, ratio {then / least:.3f}×; now / before: "
              f"{quiz / then:.3f}×")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--here", action="store_true", help="measure the quiz next to this Python")
    parser.add_argument("--before", metavar="REF", help="also time the answer prompt at commit REF")
    parser.add_argument("--prompt-only", action="store_true", help="time the answer prompt only")
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="count the instructions to the answer prompt with valgrind instead of timing it",
    )
    args = parser.parse_args()
    version = sys.version.split()[0]
    how = (
        "one valgrind run each"
        if args.instructions
        else (f"median of {args.runs} alternating runs (spread)")
    )
    print(f"Python {version} on {sys.platform}, {os.cpu_count()} CPUs; {how}")
    with tempfile.TemporaryDirectory() as work:
        bin_dir = BIN if args.here else install(Path(work) / "venv")
        print("quiz as installed " + ("here" if args.here else "by pip install . in a new venv"))
        python, quiz = str(bin_dir / "python"), str(bin_dir / "quiz")
        home = Path(work) / "home"
        home.mkdir()
        env = {**os.environ, "QUIZ_HOME": str(home), "NO_COLOR": "1", "TERM": "xterm"}
        env.pop("QUIZ_PROFILE", None)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        before = None
        if args.before:
            before = str(install_commit(Path(work) / "before", args.before) / "quiz")
            print(f"before: quiz at {args.before}, installed the same way")
        least = [python, "-c", "import click, questionary; questionary.text('Your answer').ask()"]
        if args.instructions:
            home_before = Path(work) / "home-before"
            home_before.mkdir(exist_ok=True)
            env_before = {**env, "QUIZ_HOME": str(home_before)}
            before_python = str(Path(before).with_name("python")) if before else None
            instruction_ratios(python, before_python, env, env_before)
            return
        if args.prompt_only:
            prompt_ratios(quiz, least, env, args.runs, before)
            return
        helps, click = alternate(
            lambda: timed([quiz, "--help"], env),
            lambda: timed([python, "-c", "import click"], env),
            args.runs,
        )
        print(ratio_line("quiz --help", helps, click, 'python -c "import click"'))

        ready = re.compile(rb"ready")
        baseline = [python, "-c", "import questionary; print('ready')"]
        questionary_name = 'python -c "import questionary" (in a pty)'
        try:
            pattern = first_question_pattern()
            first, questionary = alternate(
                lambda: spawn_until([quiz, "start"], pattern, env),
                lambda: spawn_until(baseline, ready, env),
                args.runs,
            )
        except SystemExit as error:
            print(f"quiz start: could not be timed: {error}")
            return
        print(ratio_line("quiz start, first question on screen", first, questionary,
                         questionary_name))  # fmt: skip
        prompt, questionary = alternate(
            lambda: spawn_until([quiz, "start"], ANSWER_PROMPT, env),
            lambda: spawn_until(baseline, ready, env),
            args.runs,
        )
        print(ratio_line("quiz start, answer prompt ready", prompt, questionary,
                         questionary_name))  # fmt: skip
        prompt_ratios(quiz, least, env, args.runs, before)


if __name__ == "__main__":
    main()
