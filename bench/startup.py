"""Start-up time: ``quiz --help`` and the first question of ``quiz start``.

Run:  python bench/startup.py [--runs N]

1. ``quiz --help`` against ``python -c "import click"``: quiz's help needs
   nothing more than click, so the ratio shows what quiz adds on top.
2. Time to the first question of ``quiz start`` in a real terminal (a pty,
   through pexpect, with an empty ``QUIZ_HOME``), against the time
   ``python -c "import questionary"`` takes to start and print a line in the
   same kind of terminal: the interactive quiz cannot start faster than its
   prompt library. Measured twice: when the question text is on screen (quiz
   prints it before the prompt library has loaded, so the student is already
   reading) and when the answer prompt is drawn and takes keys (keys typed
   before that wait in the terminal and are not lost).

Each figure is the median of N runs (default 21). Goal: both ratios ≤ 1.3.
The ``quiz`` used is the script installed next to this Python.
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
QUIZ = str(BIN / "quiz")
#: What the interactive prompts draw once questionary runs (text, select, order, cloze).
ANSWER_PROMPT = re.compile(rb"Your answer|which comes first|\[1\] |\[\?\] ")


def median_time(action: Callable[[], object], runs: int) -> float:
    """Median wall time of ``action`` over ``runs`` runs (after one warm-up run)."""
    action()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def run_quietly(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, capture_output=True, env=env, check=False)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr.decode()[-2000:]}")


def first_question_pattern() -> re.Pattern[bytes]:
    """Matches the start of the prompt of any card of the bundled decks."""
    from quizdeck.deck import load_decks
    from quizdeck.display import inert
    from quizdeck.session import numbered_cloze

    cards = [card for deck in load_decks() for card in deck.cards]
    shown = [text for card in cards for text in (card.prompt, numbered_cloze(card.prompt))]
    prompts = {inert(text)[:40] for text in shown}
    alternatives = sorted((re.escape(p.encode()) for p in prompts if p), key=len, reverse=True)
    return re.compile(b"|".join(alternatives))


def spawn_until(command: list[str], pattern: re.Pattern[bytes], env: dict[str, str]) -> float:
    """Seconds from spawning ``command`` in a pty to ``pattern`` appearing on its screen."""
    import pexpect

    started = time.perf_counter()
    child = pexpect.spawn(command[0], command[1:], env=env, dimensions=(50, 250), timeout=30)
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


def median_spawn(command: list[str], pattern: re.Pattern[bytes], env: dict[str, str], runs: int):
    spawn_until(command, pattern, env)
    return statistics.median(spawn_until(command, pattern, env) for _ in range(runs))


def ratio_line(name: str, value: float, baseline: float, baseline_name: str) -> str:
    ratio = value / baseline
    verdict = "met" if ratio <= GOAL else "NOT met"
    return (
        f"{name}: {value * 1000:.0f} ms; {baseline_name}: {baseline * 1000:.0f} ms; "
        f"ratio {ratio:.2f}× (goal ≤ {GOAL}×: {verdict})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    runs = parser.parse_args().runs
    version = sys.version.split()[0]
    print(f"Python {version} on {sys.platform}, {os.cpu_count()} CPUs; median of {runs} runs")
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "QUIZ_HOME": home, "NO_COLOR": "1", "TERM": "xterm"}
        env.pop("QUIZ_PROFILE", None)

        helps = median_time(lambda: run_quietly([QUIZ, "--help"], env), runs)
        click = median_time(lambda: run_quietly([sys.executable, "-c", "import click"], env), runs)
        print(ratio_line("quiz --help", helps, click, 'python -c "import click"'))

        ready = re.compile(rb"ready")
        baseline_command = [sys.executable, "-c", "import questionary; print('ready')"]
        questionary = median_spawn(baseline_command, ready, env, runs)
        try:
            pattern = first_question_pattern()
            first = median_spawn([QUIZ, "start"], pattern, env, runs)
        except SystemExit as error:
            print(f"quiz start: could not be timed: {error}")
            return
        print(
            ratio_line(
                "quiz start, first question on screen",
                first,
                questionary,
                'python -c "import questionary" (in a pty)',
            )
        )
        prompt = median_spawn([QUIZ, "start"], ANSWER_PROMPT, env, runs)
        print(
            ratio_line(
                "quiz start, answer prompt ready",
                prompt,
                questionary,
                'python -c "import questionary" (in a pty)',
            )
        )


if __name__ == "__main__":
    main()
