"""Flip cards through the commands: quiz start and exam in plain mode, quiz add (options and
wizard), quiz check, and quiz lint's suggestion of a flip card for a sentence answer."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from lint_support import card, deck, findings, lint, make_folder
from quizdeck.cli import main
from quizdeck.decks.reader import check_deck_file
from quizdeck.store import Store

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


def quiz(*args: str, input: str = "") -> Result:
    return CliRunner().invoke(main, list(args), input=input)


@pytest.fixture
def why(tmp_path: Path) -> Path:
    path = tmp_path / "why.toml"
    path.write_text(DECK, encoding="utf-8")
    return path


def test_start_in_plain_mode_records_the_students_ratings(why: Path) -> None:
    result = quiz("start", str(why), "--plain", "--seed", "1", input="\n2\n\n1\n")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "(Enter shows the answer)" in out and "1 again, 2 hard, 3 good, 4 easy" in out
    assert "Rated hard" in out and "Rated again" in out and "/r if you were right" not in out
    with Store.for_profile("default") as store:
        rows = store.history()
    assert [(row.given, row.correct) for row in rows][:2] == [("hard", True), ("again", False)]


def test_exam_in_plain_mode_reports_the_self_rated_answers(why: Path) -> None:
    result = quiz("exam", str(why), "--seed", "1", input="\n3\n\n1\n")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Exam result: 1 of 2 right" in out
    assert "Self-rated: 1 of 2 (flip cards count as you rated them)." in out
    assert "You rated it: Again" in out


def test_add_a_flip_card_with_options(why: Path) -> None:
    back = "It had lost the army and most of the public."
    result = quiz("add", str(why), "--kind", "flip", "--prompt", "Why did it fall?",
                  "--answer", back, "--explanation", "1799.")  # fmt: skip
    assert result.exit_code == 0, result.output
    added = check_deck_file(why)[0].cards[-1]  # type: ignore[union-attr]
    assert (added.kind.value, added.answers, added.explanation) == ("flip", (back,), "1799.")
    missing = quiz("add", str(why), "--kind", "flip", "--prompt", "Why?")
    assert missing.exit_code == 2 and "give the answer with --answer" in missing.output


def test_the_wizard_asks_for_the_back_of_a_flip_card(
    why: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("quizdeck.commands.teacher._interactive", lambda: True)
    keys = ["\x1b[B" * 10 + "\r", "Why did the Directory fall?\r", "It lost the army.\r",
            "\r\r\r", "\r", "\r", "\r"]  # fmt: skip
    with create_pipe_input() as pipe:
        pipe.send_text("".join(keys))
        with create_app_session(input=pipe, output=DummyOutput()):
            result = CliRunner().invoke(main, ["add", str(why)])
    assert result.exit_code == 0, result.output
    added = check_deck_file(why)[0].cards[-1]  # type: ignore[union-attr]
    assert (added.kind.value, added.answers) == ("flip", ("It lost the army.",))


def test_check_says_a_flip_card_is_self_rated(why: Path) -> None:
    result = quiz("check", str(why), "coup", "hard")
    assert result.exit_code == 0, result.output
    assert "✓ right" in result.output and "self-rated hard: counted as right" in result.output
    typed = quiz("check", "--kind", "flip", "--answer", "He had no party.", "no party")
    assert typed.exit_code == 0 and "✗ wrong" in typed.output
    assert "self-rated: the student rates the answer" in typed.output
    assert "'no party' is not a rating" in typed.output


def test_lint_suggests_flip_for_a_sentence_answer_once_per_card(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = make_folder(tmp_path, monkeypatch)
    sentence = '"Venn said the members had to meet every week"'
    cards = card(
        "a",
        "text",
        "What did Venn insist on?",
        sentence,
        accept='["the members had to meet every Thursday", "they met weekly"]',
    )
    cards += card("b", "text", "Where was it founded?", '"Velmora"')
    cards += card("c", "flip", "Why did the hall close?", '"A storm destroyed it in 2011."')
    cards += card("d", "truefalse", "Orla Venn was a glassmaker.", "true")  # fmt: skip
    _, lines = lint(folder, {"d.toml": deck("d", cards)})
    suggested = [line for line in findings(lines, "warning", every=True) if "flip" in line]
    assert suggested == [
        "d.toml:6: warning: answer 'Venn said the members had to meet every week' is a sentence "
        "no string check can judge: make it a flip card (the student rates their own answer) "
        "or a choice card"
    ]
