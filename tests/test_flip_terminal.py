"""Flip cards in a real terminal (a pty): Space or Enter shows the answer, Anki's keys 1-4 rate
it (Space or Enter: good), the rating is recorded, and an exam reports it as self-rated."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from test_terminal import ENTER, QUIZ, env, finish, history, settled, spawn

__all__ = ["env"]  # a fixture, used by name

DECK = """\
[deck]
id = "why"
title = "Why"

[[card]]
id = "coup"
kind = "flip"
prompt = "Why did Bonaparte need the army?"
answer = "He had no party behind him."
explanation = "The Directory was weak."

[[card]]
id = "leaves"
kind = "flip"
prompt = "Why do leaves turn in autumn?"
answer = "The tree stops making chlorophyll."
"""

pytestmark = pytest.mark.skipif(not QUIZ.exists(), reason="needs the quiz script")


@pytest.fixture
def why(tmp_path: Path) -> str:
    path = tmp_path / "why.toml"
    path.write_text(DECK, encoding="utf-8")
    return str(path)


def test_space_shows_the_answer_and_anki_keys_rate_it(env: dict[str, str], why: str) -> None:
    child = spawn(env, "start", why, "--limit", "2")  # cards still learning come back
    seen = io.StringIO()
    child.logfile_read = seen
    child.expect("Space or Enter shows the answer")
    child.send(" ")
    child.expect("How well did you know it")
    child.send("2")
    child.expect("Your rating: Hard")
    child.expect("Rated hard")
    child.expect("Space or Enter shows the answer")
    settled()
    child.send(ENTER)  # Enter shows the answer too
    child.expect("How well did you know it")
    settled()
    child.send(ENTER)  # and rates it good
    child.expect("Rated good")
    rest = finish(child)
    assert child.exitstatus == 0 and "Traceback" not in rest
    assert "Done: 2 right, 0 wrong" in rest
    shown = seen.getvalue()
    assert "He had no party behind him." in shown and "The Directory was weak." in shown
    assert "The tree stops making chlorophyll." in shown
    reviews = history(env)
    assert [(r["given"], r["correct"]) for r in reviews] == [("hard", True), ("good", True)]


def test_an_exam_reports_the_students_own_ratings(env: dict[str, str], why: str) -> None:
    child = spawn(env, "exam", why)
    for rating in ("1", "4"):
        child.expect("Space or Enter shows the answer")
        child.send(" ")
        child.expect("How well did you know it")
        child.send(rating)
    rest = finish(child)
    assert child.exitstatus == 0 and "Traceback" not in rest
    assert "Exam result: 1 of 2 right" in rest
    assert "Self-rated: 1 of 2" in rest and "You rated it: Again" in rest
