"""Reliability: no answer is lost, the store is never damaged, deck text is never obeyed.

These run the real ``quiz`` script in subprocesses (and in a pty for the
interactive test), so they test what a student runs, kill -9 included.
"""

from __future__ import annotations

import json
import os
import queue
import random
import re
import resource
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import read_only
from quizdeck.cli import main
from quizdeck.paths import profile_db

pytestmark = pytest.mark.slow  # deselect with: pytest -m 'not slow'

QUIZ = str(Path(sys.executable).parent / "quiz")
CARDS = 12
#: A verdict line of plain mode: each one is printed after its review was committed.
VERDICT = re.compile(r"^(Right|Wrong|Partly right|Counted as right)\b.*Answer:")
TRACEBACK = "Traceback (most recent call last)"

ESCAPES = (
    "\x1b[31m",  # colour
    "\x1b]0;owned\x07",  # OSC: set the window title
    "\x1b[2J",  # clear the screen
    "\x1b[1A",  # cursor up
    "\x9b31m",  # the 8-bit CSI
)


def deck_text(deck_id: str = "drill", cards: int = CARDS) -> str:
    lines = [f'[deck]\nid = "{deck_id}"\ntitle = "Drill"\n']
    for number in range(cards):
        lines.append(
            f'[[card]]\nid = "q{number}"\nkind = "text"\n'
            f'prompt = "Name of item number {number}?"\nanswer = "item {number}"\n'
            f'explanation = "It is item {number}."\n'
        )
    return "\n".join(lines)


def answer_for(number: int) -> str:
    """Right for most cards, wrong for every third one."""
    return f"item {number}" if number % 3 else "no idea"


@pytest.fixture
def deck(tmp_path: Path) -> Path:
    path = tmp_path / "drill.toml"
    path.write_text(deck_text(), encoding="utf-8")
    return path


def quiz_env(**extra: str) -> dict[str, str]:
    env = {**os.environ, "NO_COLOR": "1", **extra}
    env.pop("QUIZ_PROFILE", None)
    return env


def cli(*args: str) -> str:
    """Run a quiz command in-process (QUIZ_HOME comes from the conftest fixture)."""
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def history() -> list[dict[str, object]]:
    reviews: list[dict[str, object]] = json.loads(cli("history", "--json"))
    return reviews


def integrity(path: Path | None = None) -> str:
    db = sqlite3.connect(path or profile_db())
    try:
        return str(db.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        db.close()


class PlainSession:
    """``quiz start --plain`` in a subprocess, fed one answer at a time through a pipe."""

    def __init__(self, *args: str, env: dict[str, str] | None = None) -> None:
        self.process = subprocess.Popen(
            [QUIZ, "start", "--plain", *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env or quiz_env(),
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.output: list[str] = []
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def question(self, timeout: float = 20) -> int:
        """Wait for the next question; return its card number (from its prompt)."""
        while True:
            line = self._next(timeout)
            match = re.match(r"Name of item number (\d+)\?", line)
            if match:
                return int(match.group(1))

    def verdict(self, timeout: float = 20) -> str:
        while True:
            line = self._next(timeout)
            if VERDICT.match(line):
                return line

    def _next(self, timeout: float) -> str:
        line = self.lines.get(timeout=timeout)
        if line is None:
            stderr = self.process.stderr.read() if self.process.stderr else ""
            raise AssertionError(f"quiz ended early:\n{''.join(self.output)}\n{stderr}")
        self.output.append(line + "\n")
        return line

    def answer(self, text: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(text + "\n")
        self.process.stdin.flush()

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def finish(self, timeout: float = 30) -> tuple[int, str, str]:
        """Close stdin, wait for the end; (exit code, stdout, stderr)."""
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=timeout)
        while True:
            try:
                line = self.lines.get(timeout=5)
            except queue.Empty:
                break
            if line is None:
                break
            self.output.append(line + "\n")
        stderr = self.process.stderr.read() if self.process.stderr else ""
        return self.process.returncode, "".join(self.output), stderr


# --------------------------------------------------------------------------- kill -9


@pytest.mark.parametrize("point", range(10))
def test_sigkill_loses_no_answered_review(point: int, deck: Path, quiz_home: Path) -> None:
    """Kill -9 after k verdicts (and mid-way through answer k+1): the k reviews are stored."""
    rng = random.Random(1000 + point)
    verdicts = rng.randrange(0, CARDS)
    session = PlainSession(str(deck), "--new", str(CARDS))
    answered: list[tuple[str, str]] = []
    try:
        for _ in range(verdicts):
            number = session.question()
            session.answer(answer_for(number))
            session.verdict()
            answered.append((f"q{number}", answer_for(number)))
        # Send one more answer and kill at a random moment while it is graded and saved.
        number = session.question()
        session.answer(answer_for(number))
        time.sleep(rng.uniform(0, 0.002))  # about half the kills land before the commit
    finally:
        session.kill()
    assert session.process.returncode == -signal.SIGKILL

    assert integrity() == "ok"
    stored = [(row["card"], row["given"]) for row in history()]
    assert stored[: len(answered)] == answered
    assert len(stored) in (len(answered), len(answered) + 1)
    if len(stored) > len(answered):
        assert stored[-1] == (f"q{number}", answer_for(number))


def test_a_killed_session_can_be_followed_by_another(deck: Path) -> None:
    """After kill -9 the profile opens normally and the next session saves as usual."""
    session = PlainSession(str(deck), "--new", "3")
    number = session.question()
    session.answer(answer_for(number))
    session.verdict()
    session.kill()

    again = PlainSession(str(deck), "--new", "3")
    for _ in range(2):
        number = again.question()
        again.answer(answer_for(number))
        again.verdict()
    code, out, err = again.finish()
    assert code == 0, out + err
    assert len(history()) == 3
    assert integrity() == "ok"


# --------------------------------------------------------------------------- concurrency


def test_two_sessions_on_one_profile_keep_every_review(deck: Path) -> None:
    """Two sessions answering at the same time on one profile: every review of both is kept."""
    first = PlainSession(str(deck), "--new", str(CARDS))
    second = PlainSession(str(deck), "--new", str(CARDS))
    given: list[tuple[str, str]] = []
    # Both queues are built before anyone answers; otherwise a card the first session
    # has already studied is rightly no longer new for the second.
    first_questions = [first.question(), second.question()]
    for turn in range(CARDS):
        for index, session in enumerate((first, second)):
            number = first_questions[index] if turn == 0 else session.question()
            session.answer(answer_for(number))
            given.append((f"q{number}", answer_for(number)))
        for session in (first, second):
            session.verdict()
    for session in (first, second):
        code, out, err = session.finish()
        assert code == 0, out + err
        assert TRACEBACK not in err
    stored = [(row["card"], row["given"]) for row in history()]
    assert sorted(stored) == sorted(given)
    assert len(stored) == 2 * CARDS
    assert integrity() == "ok"


def test_two_sessions_racing_through_piped_answers(deck: Path) -> None:
    """Both sessions get all their answers at once, so their commits contend for the lock."""
    answers = "".join(answer_for(number) + "\n" for number in range(CARDS))
    processes = [
        subprocess.Popen(
            [QUIZ, "start", "--plain", "--seed", str(seed), str(deck), "--new", str(CARDS)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=quiz_env(),
        )
        for seed in (1, 2)
    ]
    results = [process.communicate(answers, timeout=60) for process in processes]
    for process, (out, err) in zip(processes, results, strict=True):
        assert process.returncode == 0, out + err
    verdicts = sum(len([ln for ln in out.splitlines() if VERDICT.match(ln)]) for out, _ in results)
    # The later session may find cards the other already studied (no longer new): the
    # invariant is that every verdict shown is a stored review.
    assert verdicts >= CARDS
    assert len(history()) == verdicts
    assert integrity() == "ok"


# --------------------------------------------------------------------------- broken data dirs


def one_line_error(code: int, out: str, err: str) -> str:
    """The error message of a failed command: exit 1, one line, no traceback."""
    assert code == 1, out + err
    assert TRACEBACK not in out + err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("Error: ")
    return lines[0]


def run_quiz(
    *args: str,
    stdin: str = "",
    env: dict[str, str] | None = None,
    preexec_fn: Callable[[], None] | None = None,
) -> tuple[int, str, str]:
    result = subprocess.run(
        [QUIZ, *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env or quiz_env(),
        timeout=60,
        preexec_fn=preexec_fn,
    )
    return result.returncode, result.stdout, result.stderr


def test_data_dir_that_cannot_be_created(deck: Path, tmp_path: Path) -> None:
    """QUIZ_HOME under a regular file (works as root too, unlike chmod): a clear message."""
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n", encoding="utf-8")
    env = quiz_env(QUIZ_HOME=str(blocker / "quiz-home"))
    for args in (("start", "--plain", str(deck)), ("stats",), ("history",)):
        message = one_line_error(*run_quiz(*args, stdin="x\n", env=env))
        assert "cannot create" in message, message
    assert blocker.read_text(encoding="utf-8") == "not a folder\n"


def test_read_only_data_dir(deck: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    with read_only(home):
        env = quiz_env(QUIZ_HOME=str(home))
        message = one_line_error(*run_quiz("start", "--plain", str(deck), stdin="x\n", env=env))
        assert str(home) in message


def limit_file_size(size: int) -> Callable[[], None]:
    """A preexec hook: writes past ``size`` bytes fail, as on a full disk (works as root)."""

    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return apply


def test_full_disk_mid_session(deck: Path) -> None:
    """The disk fills during a session: a clear message, exit 1, earlier reviews intact."""
    first = "".join(answer_for(number) + "\n" for number in range(3))
    code, out, err = run_quiz("start", "--plain", "--new", "3", str(deck), stdin=first)
    assert code == 0, out + err
    before = history()
    assert len(before) == 3

    answers = "".join(answer_for(number) + "\n" for number in range(CARDS))
    code, out, err = run_quiz(
        "start",
        "--plain",
        "--new",
        str(CARDS),
        str(deck),
        stdin=answers,
        preexec_fn=limit_file_size(40_000),
    )
    one_line_error(code, out, err)
    printed = len([line for line in out.splitlines() if VERDICT.match(line)])
    assert printed < CARDS - 3, "the file-size limit did not stop the session"
    assert integrity() == "ok"
    after = history()
    assert after[:3] == before
    assert len(after) >= 3 + printed


def test_corrupt_database_is_reported_and_left_alone(deck: Path) -> None:
    """Garbage in the profile's database file: a clear message, the file unchanged."""
    path = profile_db()
    path.parent.mkdir(parents=True)
    garbage = random.Random(7).randbytes(64 * 1024)
    path.write_bytes(garbage)
    for args in (("start", "--plain", str(deck)), ("stats",), ("history", "--json"), ("undo",)):
        message = one_line_error(*run_quiz(*args, stdin="item 1\n"))
        assert str(path) in message and "corrupt" in message, message
        assert path.read_bytes() == garbage
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]


def test_another_programs_database_is_left_alone(deck: Path) -> None:
    """A valid SQLite file that is not quiz's: refused, and not migrated or touched."""
    path = profile_db()
    path.parent.mkdir(parents=True)
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    db.execute("INSERT INTO notes (body) VALUES ('keep me')")
    db.commit()
    db.close()
    original = path.read_bytes()
    message = one_line_error(*run_quiz("start", "--plain", str(deck), stdin="item 1\n"))
    assert "not a quiz database" in message
    assert path.read_bytes() == original


def test_truncated_database_is_reported(deck: Path) -> None:
    """A database cut short (a copy that stopped half-way): a message, not a traceback."""
    code, out, err = run_quiz("start", "--plain", "--new", "5", str(deck), stdin="item 1\n" * 5)
    assert code == 0, out + err
    path = profile_db()
    data = path.read_bytes()
    cut = data[: len(data) // 2]
    path.write_bytes(cut)
    for name in ("default.sqlite3-wal", "default.sqlite3-shm"):
        (path.parent / name).unlink(missing_ok=True)
    code, out, err = run_quiz("history", "--json")
    if code == 0:  # SQLite may still read what is left; then it must be sound JSON
        json.loads(out)
    else:
        one_line_error(code, out, err)


# --------------------------------------------------------------------------- escapes


def escape_deck(tmp_path: Path) -> Path:
    """A deck whose text carries escape sequences in every field that is shown."""
    nasty = "".join(ESCAPES)
    body = json.dumps(f"Red {nasty} text")  # a TOML basic string is a JSON string here
    path = tmp_path / "escapes.toml"
    path.write_text(
        f'[deck]\nid = "escapes"\ntitle = {body}\ndescription = {body}\n\n'
        f'[[card]]\nid = "one"\nkind = "text"\nprompt = {json.dumps("Q " + nasty + " end?")}\n'
        f"answer = {body}\naccept = [{body}]\nexplanation = {body}\n"
        f"source = {body}\ntags = [{body}]\n\n"
        f'[[card]]\nid = "two"\nkind = "choice"\nprompt = {body}\n'
        f'answer = {body}\nchoices = [{body}, "plain"]\n\n'
        f'[[card]]\nid = "three"\nkind = "truefalse"\nprompt = {body}\nanswer = false\n'
        f"correction = {body}\n",
        encoding="utf-8",
    )
    return path


def assert_inert(output: str) -> None:
    for sequence in ESCAPES:
        assert sequence not in output, repr(sequence)
    assert "\x1b" not in output and "\x07" not in output and "\x9b" not in output
    assert "\\x1b[31m" in output  # shown, as text


def test_escapes_are_inert_in_plain_mode(tmp_path: Path) -> None:
    path = escape_deck(tmp_path)
    code, out, err = run_quiz("start", "--plain", str(path), stdin="wrong\n1\nfalse\n")
    assert code == 0, out + err
    assert_inert(out + err)
    assert "Q \\x1b[31m" in out


def test_escapes_are_inert_in_quiz_show(tmp_path: Path) -> None:
    path = escape_deck(tmp_path)
    result = CliRunner().invoke(main, ["show", str(path)])
    assert result.exit_code == 0, result.output
    assert_inert(result.output)
    result = CliRunner().invoke(main, ["decks", str(path)])
    assert result.exit_code == 0, result.output
    assert_inert(result.output)


def test_escapes_are_inert_in_a_real_terminal(tmp_path: Path, quiz_home: Path) -> None:
    """The interactive (questionary) mode, in a pty: the deck's sequences never reach it."""
    pexpect = pytest.importorskip("pexpect")
    path = escape_deck(tmp_path)
    env = quiz_env(QUIZ_HOME=str(quiz_home), TERM="xterm")
    child = pexpect.spawn(QUIZ, ["start", str(path)], env=env, dimensions=(40, 200), timeout=20)
    seen = b""
    try:
        child.expect(re.escape(rb"Q \x1b[31m"))  # the first prompt, shown inert
        seen += child.before + child.after
        child.send("wrong\r")
        child.expect(re.escape(rb"Red \x1b[31m"))  # the feedback: the answer, inert
        seen += child.before + child.after
        child.expect(re.escape(rb"Next"))
        seen += child.before + child.after
    finally:
        child.sendcontrol("c")
        child.expect(pexpect.EOF)
        seen += child.before or b""
        child.close(force=True)
    # prompt_toolkit moves the cursor and sets colours itself, so look for the deck's own
    # sequences: the whole run of them, and the window title it tries to set.
    assert "".join(ESCAPES).encode() not in seen
    assert b"\x1b]0;owned" not in seen
    assert "\x9b31m text".encode() not in seen
