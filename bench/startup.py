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

Issue 28 item 6 (answer prompt ≤ 1.15× the floor). Earlier rounds (``--before``, 11-15
runs): byte code no longer rewritten on each run (the 2.06× measured before was mostly that);
grading, the TOML reader and the exam report loaded only when needed; the command's module and
prompt_toolkit imported with the collector paused, then frozen; the graders imported by a
background thread 0.5 s after the first question is put (the first verdict 28 ms after the key
against 34 ms); the date hint's ``year_asked`` moved to ``grading.asked``. A quiet run then:
181 ms against the floor's 131 ms, 1.38×.

Timed ratios moved by 20-30 % between runs on this shared machine (the floor from 127 to
300 ms), so this round was measured in instructions too (``--instructions``: valgrind counts
them up to the first draw; nearly the same count on every run, exactly with fixed string hashes
(``PYTHONHASHSEED=0``, 793.8 M for main), and the ratio
follows the timed one: main 1.34-1.35× either way). Each step, in instructions to the prompt
(quiz's own work is what it runs beyond click, prompt_toolkit and the prompt: ~574 M):

- no sync code without a sync folder (``sync_quietly`` imported ``sync.run``, 8 modules and 6
  dataclasses, before reading the setting), only the asker used: 795 → 771 M;
- the collector paused while a study command sets up (the session runs it again): 769 M;
- ``Recorded``, ``SettingSpec``, ``Blank``, ``DeckStudy`` as named tuples, ``Settle`` and
  ``Session`` plain classes: a frozen dataclass costs ~4.4 M instructions (~0.7 ms) to make,
  its methods compiled from source at every start; a named tuple ~0.75 M: 758 → 746 M;
- ``KINDS`` imports a kind's module when a card of that kind is first met (5 of 16 modules of
  ``kinds/`` for a date card): 749 M;
- the distractor code only when a card asks for it; the store's ``reviews`` and ``flags`` parts
  (with ``before``, ``rules``, ``events``) made when first used; the session protocols for type
  checking only: 734 M;
- each typed kind's module on its own (54 modules before the prompt, 81 on main): 733 M;
- in a terminal, the collector paused until the first prompt is drawn (``quizdeck.Collector``;
  building and drawing it makes thousands of objects that last): 727 M.

``--before main --instructions`` (``PYTHONHASHSEED=0``): quiz start 727.3 M, the floor 590.2 M,
1.232×; main 793.8 M, 1.345× (now / before 0.916×). Timed, ``--before main --runs 15`` on a
loaded machine (load 5): answer prompt 362 ms against the floor's 300 ms, 1.21×; main 400 ms,
1.33× (0.90×).
A quiet run (load 0.9, at 734 M), ``--before main --runs 15``: answer prompt 161 ms (153-178)
against the floor's 132 ms, 1.22× (quiz's own work 29 ms); main 170 ms (164-178), 1.29× (0.95×);
``quiz --help`` 46 ms against 39 ms, 1.19×; the question on screen at 80 ms against ``import
questionary``'s 107 ms, 0.75×.

The goal (1.15×, 679 M) is not met. Where quiz's ~153 M of its own go now: importing its 54
modules ~130 M (81 on main): model, settings, scheduler, clock, display and paths 46 M (the
``Card``, ``Settings``, ``SchedulerSettings``, ``Memory`` and ``StudyDays`` dataclasses, the
enums); the store 26 M (``rows``' three dataclasses, the queue, the profile, the index,
migrations); the decks 23 M (format, scope, loading, the cache); session 13 M; the kinds of the
first card 9 M; ui 5 M; commands and cli 5 M; ``grading.asked`` 2 M. Run-time work is small
(warm, in one process: decks from the cache 1.8 ms of which 1 ms hashes the 32 deck-reading
modules, opening the profile 1 ms, the queue 1.6 ms) beside ~0.7 ms per dataclass made. What is
left is structural: the dataclasses of modules every command shares (``Card`` alone ~1.7 ms;
converting them changes equality or ``replace`` for everyone), and the store and decks
packages, whose first question needs most of their modules. The deck cache's version hash could
be stamped once per install (~1 ms).
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
    env = {**env, "PYTHONHASHSEED": "0"}  # string hashes (and so set orders) fixed: same count
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
