"""quiz start in a real terminal (a pty): arrow keys, typed answers, Enter, Ctrl-C, Esc."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    import pexpect
else:
    pexpect = pytest.importorskip("pexpect")

QUIZ = Path(sys.executable).parent / "quiz"
DOWN, ENTER, CTRL_C, ESC = "\x1b[B", "\r", "\x03", "\x1b"


def settled() -> None:
    """Wait until a prompt takes an Enter with nothing typed (sooner, it is a stray one)."""
    import time

    from quizdeck.ui.prompt import SETTLE_SECONDS

    time.sleep(SETTLE_SECONDS + 0.2)


pytestmark = pytest.mark.skipif(
    sys.platform == "win32" or not QUIZ.exists(), reason="needs a pty and the quiz script"
)

DECK = """\
[deck]
id = "lakes"
title = "Lakes"

[[card]]
id = "deepest"
kind = "text"
prompt = "Which lake is the deepest in the world?"
answer = "Baikal"
explanation = "It lies in Siberia."

# quiz start spreads new cards over a deck: it asks these first, third, second. (No card
# shows another's answer: quiz start would keep the two apart, as it does siblings.)
[[card]]
id = "largest"
kind = "text"
prompt = "Which lake is the largest by area?"
answer = "Caspian Sea"

[[card]]
id = "salty"
kind = "truefalse"
prompt = "The largest lake on Earth holds fresh water."
answer = false
correction = "Its water is brackish."
"""


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    home = tmp_path / "home"
    home.mkdir()
    values = {**os.environ, "QUIZ_HOME": str(home), "TERM": "xterm", "NO_COLOR": "1"}
    # pexpect does not answer the cursor-position requests a real terminal answers at
    # once; without this, prompt_toolkit waits a second for the reply after every prompt.
    values["PROMPT_TOOLKIT_NO_CPR"] = "1"
    values.pop("QUIZ_PROFILE", None)
    return values


@pytest.fixture
def deck(tmp_path: Path) -> str:
    path = tmp_path / "lakes.toml"
    path.write_text(DECK, encoding="utf-8")
    return str(path)


def spawn(env: dict[str, str], *args: str) -> pexpect.spawn[str]:
    return pexpect.spawn(
        str(QUIZ), list(args), env=env, dimensions=(40, 120), timeout=20, encoding="utf-8"
    )


def finish(child: pexpect.spawn[str]) -> str:
    """Wait for the program to end; its remaining output."""
    child.expect(pexpect.EOF)
    child.close()
    assert child.before is not None
    return child.before


def history(env: dict[str, str]) -> list[dict[str, object]]:
    result = subprocess.run(
        [str(QUIZ), "history", "--json"], env=env, capture_output=True, text=True, check=True
    )
    data = json.loads(result.stdout)
    reviews: list[dict[str, object]] = data["reviews"] if isinstance(data, dict) else data
    return reviews


def test_start_with_arrow_keys_typed_answers_and_ctrl_c(env: dict[str, str], deck: str) -> None:
    child = spawn(env, "start", deck)
    child.expect("Question 1 of 3")
    child.expect("Which lake is the deepest")
    child.send("baikal" + ENTER)
    child.expect("Right")
    child.expect("It lies in Siberia")
    child.expect("Enter next")
    settled()
    child.send(ENTER)
    child.expect("Question 2 of 3 · 1 of 1 right so far")
    child.expect("The largest lake on Earth holds fresh water")
    child.send(DOWN + DOWN + ENTER)  # ↓ picks True, ↓ again False
    child.expect("Right")
    child.expect("Enter next")
    settled()
    child.send(ENTER)
    child.expect("Which lake is the largest by area")
    child.send(CTRL_C)
    rest = finish(child)
    assert child.exitstatus == 130
    assert "Stopped. 2 answers saved." in rest
    assert "Traceback" not in rest
    reviews = history(env)
    assert [(r["card"], r["correct"]) for r in reviews] == [("deepest", True), ("salty", True)]
    assert all(r["mode"] == "start" for r in reviews)


def test_i_was_right_with_the_arrow_keys_then_esc(env: dict[str, str], deck: str) -> None:
    child = spawn(env, "start", deck)
    child.expect("Which lake is the deepest")
    child.send("Lake Tanganyika" + ENTER)
    child.expect("Wrong")
    child.expect("I was right")
    child.send(DOWN + ENTER)
    child.expect("counted as right")
    child.expect("The largest lake on Earth holds fresh water")
    child.send(ESC)
    rest = finish(child)
    assert child.exitstatus == 130
    assert "Stopped. 1 answer saved." in rest and "Traceback" not in rest
    (review,) = history(env)
    assert review["card"] == "deepest" and review["correct"] is True
    assert review["amended_at"]


@pytest.mark.parametrize("stop", [CTRL_C, "x" + CTRL_C])
def test_a_ctrl_c_typed_with_the_answer_stops_after_saving_it(
    env: dict[str, str], deck: str, stop: str
) -> None:
    """A Ctrl-C that reaches the terminal with the answer's Enter (typed fast, or while the
    answer was graded) is not dropped with the other keys typed ahead: the answer is saved
    and the session stops, with or without other keys before it."""
    child = spawn(env, "start", deck)
    child.expect("Which lake is the deepest")
    child.expect("Your answer")
    child.send("baikal" + ENTER + stop)  # one write: the prompt reads them together
    child.expect("Right")
    rest = finish(child)
    assert "Stopped. 1 answer saved." in rest and "Traceback" not in rest
    assert "Enter next" not in rest
    (review,) = history(env)
    assert review["card"] == "deepest" and review["given"] == "baikal"


def enters(child: pexpect.spawn[str], gaps: list[float]) -> None:
    """An Enter after each gap (seconds)."""
    import time

    for gap in gaps:
        time.sleep(gap)
        child.send(ENTER)


#: The gaps between the Enter that goes on and the stray ones after it (10 ms to 0.8 s).
GAPS = [0.01, 0.3, 0.8]


def test_enter_twice_at_the_feedback_step_never_answers_the_next_card(
    env: dict[str, str], deck: str
) -> None:
    """Finding 1: a second, third and fourth Enter at any spacing answer and reveal nothing."""
    child = spawn(env, "start", deck)
    child.expect("Which lake is the deepest")
    child.send("baikal" + ENTER)
    child.expect("Enter next")
    settled()
    enters(child, [0, *GAPS])  # the first goes on; the others must not answer the true/false card
    child.expect("The largest lake on Earth holds fresh water")
    child.expect("Nothing is picked yet")
    child.send("f" + ENTER)
    child.expect("Right")
    child.expect("Enter next")
    settled()
    enters(child, [0, *GAPS])  # nor give up the typed card
    child.expect("Which lake is the largest by area")
    child.send("caspian sea" + ENTER)  # typing goes on: "Show the answer?" took no Enter
    child.expect("Right")
    child.send(ESC)
    rest = finish(child)
    assert "Traceback" not in rest
    reviews = history(env)
    assert [(r["card"], r["correct"], r["given"]) for r in reviews] == [
        ("deepest", True, "baikal"),
        ("salty", True, "false"),
        ("largest", True, "caspian sea"),
    ]


@pytest.mark.parametrize("alt", ["\x1b\x7f", "\x1bb", "\x1b[1;3D", "\x1b\x1b[D"])
def test_alt_and_option_keys_do_not_stop_the_session(
    env: dict[str, str], deck: str, alt: str
) -> None:
    """Finding 2: Alt+Backspace, Alt+b, Alt+← and Option+← (Esc, then the key) are not Esc."""
    child = spawn(env, "start", deck)
    child.expect("Which lake is the deepest")
    child.send("Chamber of" + alt)
    child.send(" baikal")
    child.send(ENTER)
    child.expect("Wrong|Right")
    child.send(ESC)
    rest = finish(child)
    assert "Stopped. 1 answer saved." in rest


def test_an_empty_answer_asks_first_and_then_counts_as_not_known(
    env: dict[str, str], deck: str
) -> None:
    child = spawn(env, "start", deck)
    child.expect("Which lake is the deepest")
    child.expect("Your answer")  # the prompt is drawn: its settle time starts now
    settled()
    child.send(ENTER)
    child.expect(r"answer\? \(counts as not known\) y or n")
    child.send(ENTER)  # only y shows it
    child.send("y")
    child.expect("Wrong")
    child.expect("Baikal")
    child.send(ESC)
    finish(child)
    (review,) = history(env)
    assert review["card"] == "deepest" and review["correct"] is False


def test_feedback_keys_answer_at_once_and_u_takes_an_answer_back(
    env: dict[str, str], deck: str
) -> None:
    """u (or Ctrl-Z) takes an answer back: not counted, and not asked again now that its answer
    was shown (finding 11). "I was right" only for a typed answer given (finding 5)."""
    child = spawn(env, "start", deck)
    child.expect("Which lake is the deepest")
    child.send("titicaca" + ENTER)
    child.expect("Wrong")
    child.expect("u take it back")
    child.sendcontrol("z")  # Ctrl-Z, as u: no Enter, the key answers
    child.expect("Taken back")
    child.expect("The largest lake on Earth holds fresh water")  # the next card, not the same again
    child.send("?")  # not known: recorded as no answer
    child.expect("Wrong")
    child.expect(r"\(Enter next · u take it back\)")  # no "I was right" for a pick
    child.send("r")
    child.expect("not an option")
    child.send("n")
    child.expect("Which lake is the largest by area")
    child.send("the inland one" + ENTER)
    child.expect("Wrong")
    child.expect("r i was right")
    child.send("r")
    child.expect("counted as right")
    child.send(ESC)
    finish(child)
    reviews = history(env)
    assert [(r["card"], r["correct"], r["given"]) for r in reviews] == [
        ("salty", False, ""),
        ("largest", True, "the inland one"),
    ]


def test_an_exam_counts_down_while_the_student_types(env: dict[str, str], deck: str) -> None:
    import time

    child = spawn(env, "exam", deck, "--kinds", "text", "--time-limit", "1", "--seed", "1")
    child.expect("Your answer")
    child.send("bai")
    time.sleep(2.2)  # the countdown is redrawn every half second
    shown = child.read_nonblocking(100_000, timeout=1)
    child.send(ESC)
    finish(child)
    assert re.search(r"⏱ 5\d", shown)  # redrawn as the seconds pass, while the student types
    assert "CPR" not in shown  # no warning about cursor position requests


def test_a_terminal_that_answers_no_cursor_requests_gets_no_warning(
    env: dict[str, str], deck: str
) -> None:
    """pexpect, like an editor's shell, never answers cursor position requests: quiz makes
    none, so no warning is printed over the questions."""
    env = {key: value for key, value in env.items() if key != "PROMPT_TOOLKIT_NO_CPR"}
    child = spawn(env, "start", deck)
    everything = io.StringIO()
    child.logfile_read = everything
    child.expect("Which lake is the deepest")
    child.expect("Your answer")
    child.send("baikal" + ENTER)
    child.expect("Enter next")
    settled()
    child.send(ENTER)
    child.expect("Question 2 of 3")
    child.expect(r"t or f|True")
    child.send(ESC)
    finish(child)
    assert "Stopped" in everything.getvalue()
    assert "CPR" not in everything.getvalue()
