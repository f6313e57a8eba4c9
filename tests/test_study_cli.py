"""quiz start / practice / exam / check in plain mode, through CliRunner."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from quizdeck import clock
from quizdeck.cli import main
from quizdeck.decks.loading import load_decks
from quizdeck.errors import StoreError
from quizdeck.kinds import expected_answer, grade
from quizdeck.store import Store
from quizdeck.store.rows import ReviewRow

DECK = """\
[deck]
id = "rivers"
title = "Rivers"
source = "rivers.txt"
tags = ["geo"]

[[card]]
id = "longest"
kind = "text"
prompt = "Which river is the longest in Africa?"
answer = "Nile"
explanation = "It runs north into the Mediterranean."
source = [1]
tags = ["africa"]

[[card]]
id = "surveyor"
kind = "person"
prompt = "Who surveyed the upper river in the story?"
answer = "Mira Holloway"

[[card]]
id = "bridges"
kind = "number"
prompt = "How many bridges cross the town's river?"
answer = 12

[[card]]
id = "dam-year"
kind = "year"
prompt = "In which year was the dam finished?"
answer = 1970
tags = ["dates"]

[[card]]
id = "flood"
kind = "date"
prompt = "On what date did the flood reach the old town?"
answer = "1966-11-04"
tags = ["dates"]

[[card]]
id = "rises"
kind = "choice"
prompt = "Where does the river rise?"
answer = "in the hills"
choices = ["in the hills", "in a lake", "in a glacier"]

[[card]]
id = "pacific"
kind = "truefalse"
prompt = "The big river flows into the Pacific."
answer = false
correction = "It flows into the Atlantic."

[[card]]
id = "towns"
kind = "order"
prompt = "Put the towns in order, from the source down."
answer = ["Upton", "Midford", "Lowmouth"]

[[card]]
id = "blanks"
kind = "cloze"
prompt = "The {{Danube}} crosses {{number:10}} countries."
"""

#: The right answer (input lines) to each card of DECK, by the start of its prompt.
RIGHT = {
    "Which river": ["Nile"],
    "Who surveyed": ["Holloway"],
    "How many bridges": ["twelve"],
    "In which year": ["1970"],
    "On what date": ["4 November 1966"],
    "Where does": ["in the hills"],
    "The big river": ["false"],
    "The ": ["Danube", "ten"],  # the cloze card
}

#: The order a start session with --seed 3 asks DECK's new cards in: spread over the deck.
START_ORDER = [
    "bridges", "towns", "flood", "surveyor", "pacific", "dam-year", "blanks", "longest", "rises"
]  # fmt: skip


@pytest.fixture
def deck(tmp_path: Path) -> Path:
    folder = tmp_path / "decks"
    folder.mkdir()
    (folder / "rivers.txt").write_text("The Nile runs north.\n\nBridges.\n", encoding="utf-8")
    path = folder / "rivers.toml"
    path.write_text(DECK, encoding="utf-8")
    return path


def quiz(*args: str, input: str = "") -> Result:
    return CliRunner().invoke(main, list(args), input=input)


def history() -> list[ReviewRow]:
    with Store.for_profile("default") as store:
        return store.history()


def order_numbers(output: str, items: list[str]) -> str:
    """The numbers to type to put ``items`` in order, read from the numbered list shown."""
    block = output.split("Put the towns in order", 2)[1]  # the first time it is asked
    shown = dict((text, number) for number, text in re.findall(r"^  (\d)\. (\w+)$", block, re.M))
    return ",".join(shown[item] for item in items)


def answers_all_right(deck: Path, *args: str) -> str:
    """The input answering every card of DECK right, in the order a dry run in another
    profile asks them (the order card read off the numbered items shown)."""
    dry = quiz(*args, str(deck), "--plain", "--seed", "3", "--profile", "dry", input="\n" * 40)
    prompts = re.findall(r"^Question \d+ of \d+.*\n(.+)$", dry.output, re.M)
    prompts = list(dict.fromkeys(prompts))  # missed cards come back: each card once
    lines: list[str] = []
    for prompt in prompts:
        if prompt.startswith("Put the towns"):
            lines.append(order_numbers(dry.output, ["Upton", "Midford", "Lowmouth"]))
            continue
        lines += next(answer for start, answer in RIGHT.items() if prompt.startswith(start))
    return "\n".join(lines) + "\n"


# --- start ------------------------------------------------------------------------------------


def test_start_asks_every_kind_and_records_each_answer(deck: Path) -> None:
    text = answers_all_right(deck, "start")
    assert history() == []  # the dry run answered nothing: nothing recorded
    result = quiz("start", str(deck), "--plain", "--seed", "3", input=text)
    assert result.exit_code == 0, result.output
    assert "Done: 9 right, 0 wrong" in result.output
    assert "Question 9 of 9 · 8 of 8 right so far" in result.output
    rows = history()
    assert [row.card for row in rows] == START_ORDER
    assert all(row.correct and row.mode.value == "start" for row in rows)
    assert rows[6].given == "Danube | ten"
    assert "Next review:" in result.output


def test_start_plain_prints_prompts_choices_verdict_and_explanation(deck: Path) -> None:
    result = quiz("start", str(deck), "--plain", "--limit", "1", input="Amazon\n")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Question 1 of 1\nWhich river is the longest in Africa?\n> Amazon\n" in out
    assert "Wrong   Answer: Nile" in out
    assert "It runs north into the Mediterranean." in out
    assert "Source: paragraph 1" in out
    assert "Done: 0 right, 1 wrong" in out


def test_choices_are_lettered_and_answered_by_letter(deck: Path) -> None:
    dry = quiz("practice", str(deck), "--kinds", "choice", "--seed", "1")
    number = re.search(r"^  ([a-d])\) in the hills$", dry.output, re.M)
    assert number, dry.output
    result = quiz("practice", str(deck), "--kinds", "choice", "--seed", "1",
                  input=number.group(1) + "\n")  # fmt: skip
    assert "Right   Answer: in the hills" in result.output


def test_end_of_input_stops_cleanly_and_keeps_answers(deck: Path) -> None:
    result = quiz("start", str(deck), input="Nile\nin the hills\n")
    assert result.exit_code == 0, result.output
    assert "Done: 2 right, 0 wrong" in result.output
    assert "Traceback" not in result.output
    assert [row.card for row in history()] == ["longest", "rises"]


def test_new_and_limit_cap_the_session(deck: Path) -> None:
    quiz("start", str(deck), "--new", "2", input="a\nin a lake\nc\n")
    assert len({row.card for row in history()}) == 2  # a missed card may come back, no third
    before = len({row.card for row in history()})
    result = quiz("start", str(deck), "--limit", "1", input="a\nb\n")
    assert "Question 1 of 1" in result.output
    assert len({row.card for row in history()}) == before + 1


def test_nothing_due_says_when_the_next_review_is(deck: Path) -> None:
    from quizdeck.decks.loading import load_decks
    from quizdeck.model import Mode, Rating

    with Store.for_profile("default") as store:  # every card known well: due in days
        for card in load_decks([str(deck)])[0].cards:
            store.record_review(card, mode=Mode.START, given="", correct=True, score=1.0,
                                rating=Rating.EASY, duration_ms=0, now=clock.now())  # fmt: skip
    result = quiz("start", str(deck))
    assert result.exit_code == 0
    assert "Nothing to review right now." in result.output
    assert "Next review:" in result.output and "quiz practice" in result.output


# --- practice ---------------------------------------------------------------------------------


def test_practice_filters_by_tag_and_does_not_schedule(deck: Path) -> None:
    result = quiz("practice", str(deck), "--tag", "africa", input="nile\n")
    assert result.exit_code == 0, result.output
    assert "Question 1 of 1" in result.output and "Done: 1 right" in result.output
    (row,) = history()
    assert row.mode.value == "practice" and row.card == "longest"
    with Store.for_profile("default") as store:
        assert store.card_state("rivers", "longest") is None


def test_practice_by_kind_and_count(deck: Path) -> None:
    result = quiz("practice", str(deck), "--kinds", "year,date", "--count", "1", input="1970\n")
    assert "Question 1 of 1" in result.output
    assert history()[0].card in {"dam-year", "flood"}


def test_practice_shuffles_with_the_seed(deck: Path) -> None:
    first = quiz("practice", str(deck), "--seed", "5").output
    again = quiz("practice", str(deck), "--seed", "5").output
    other = [quiz("practice", str(deck), "--seed", str(s)).output for s in range(6, 10)]
    assert first == again
    assert any(output != first for output in other)


def test_bad_kinds_and_tags_are_usage_errors(deck: Path) -> None:
    result = quiz("practice", str(deck), "--kinds", "essay")
    assert result.exit_code == 2 and "unknown kind 'essay'" in result.output
    result = quiz("practice", str(deck), "--tag", "nowhere")
    assert result.exit_code == 2 and "no cards match" in result.output


# --- exam -------------------------------------------------------------------------------------


def test_exam_keeps_feedback_for_the_end_and_reports(deck: Path) -> None:
    result = quiz("exam", str(deck), "--tag", "geo", "--kinds", "text,year", "--count", "2",
                  "--seed", "2", input="1971\nNile\n")  # fmt: skip
    assert result.exit_code == 0, result.output
    out = result.output
    before_report = out.split("Exam result", 1)[0]
    assert "Wrong" not in before_report and "Right" not in before_report
    assert "Exam result: 1 of 2 right — 50%" in out
    assert "By tag:" in out and re.search(r"dates\s+0/1", out) and re.search(r"geo\s+1/2", out)
    assert "Missed:" in out and "In which year was the dam finished?" in out
    assert "You answered: 1971" in out and "Answer: 1970" in out
    assert {row.mode.value for row in history()} == {"exam"}


def test_exam_has_a_count_and_time_limit(deck: Path) -> None:
    result = quiz("exam", str(deck), "--count", "3", "--time-limit", "30", input="")
    assert result.exit_code == 0, result.output
    assert "Question 1 of 3 · 30 min 0 s left" in result.output
    # The input ended before the first answer: the exam is scored over its three questions.
    assert "Exam result: 0 of 3 right — 0%" in result.output
    assert quiz("exam", str(deck), "--time-limit", "0").exit_code == 2


# --- errors and safety ------------------------------------------------------------------------


def test_unknown_deck_and_broken_deck_are_errors(tmp_path: Path) -> None:
    result = quiz("start", "no-such-deck")
    assert result.exit_code == 1 and "no deck 'no-such-deck'" in result.output
    broken = tmp_path / "broken.toml"
    broken.write_text('[deck]\nid = "b"\n', encoding="utf-8")
    result = quiz("start", str(broken))
    assert result.exit_code == 1 and "broken.toml" in result.output
    assert "Traceback" not in result.output


def test_deck_text_is_shown_inert(tmp_path: Path) -> None:
    path = tmp_path / "evil.toml"
    path.write_text(
        '[deck]\nid = "evil"\ntitle = "E"\n\n[[card]]\nid = "c"\nkind = "choice"\n'
        'prompt = "Pick \\u001b[2J one"\nanswer = "a\\u001b]0;x\\u0007"\n'
        'choices = ["a\\u001b]0;x\\u0007", "b"]\n'
        'explanation = "\\u009b31m"\n',
        encoding="utf-8",
    )
    result = quiz("practice", str(path), input="a\n")
    assert (
        "\x1b" not in result.output and "\x9b" not in result.output and "\x07" not in result.output
    )
    assert "Pick \\x1b[2J one" in result.output and "\\x9b31m" in result.output


def test_a_broken_progress_file_is_an_error_not_a_traceback(deck: Path, quiz_home: Path) -> None:
    db = quiz_home / "profiles" / "default.sqlite3"
    db.parent.mkdir(parents=True)
    db.write_bytes(b"this is not a database at all" * 100)
    result = quiz("start", str(deck))
    assert result.exit_code == 1 and "Error:" in result.output
    assert "Traceback" not in result.output
    with pytest.raises(StoreError):
        Store.for_profile("default")


def test_profiles_keep_progress_apart(deck: Path) -> None:
    quiz("start", str(deck), "--profile", "sam", "--limit", "1", input="Nile\n")
    assert history() == []
    with Store.for_profile("sam") as store:
        assert len(store.history()) == 1


# --- check ------------------------------------------------------------------------------------


def test_check_with_a_kind_and_answers() -> None:
    result = quiz("check", "--kind", "person", "--answer", "Mira Holloway", "holloway")
    assert result.exit_code == 0 and "right" in result.output
    result = quiz("check", "--kind", "number", "--answer", "1200", "1,300", "--json")
    assert result.exit_code == 0
    assert json.loads(result.output) == {
        "correct": False, "score": 0.0, "expected": "1200", "note": "",
        "reason": "a different number",
    }  # fmt: skip
    result = quiz("check", "--kind", "text", "--answer", "Nile", "--answer", "the Nile", "NILE")
    assert "right" in result.output


def test_check_a_deck_card(deck: Path) -> None:
    result = quiz("check", str(deck), "longest", "the nile", "--json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["correct"] is True and payload["expected"] == "Nile"
    assert set(payload) == {"correct", "score", "expected", "note", "reason"}
    assert payload["reason"] == "exact"
    result = quiz("check", str(deck), "towns", "Upton; Lowmouth; Midford", "--json")
    assert json.loads(result.output)["correct"] is False
    assert 0 < json.loads(result.output)["score"] < 1


def test_check_says_why() -> None:
    result = quiz("check", "--kind", "person", "--answer", "Mira Holloway", "Dr Holloway")
    assert "why: family name; title dropped" in result.output
    result = quiz("check", "--kind", "person", "--answer", "Mira Holloway", "Hollowya")
    assert "check the spelling (Hollow*ay*)" in result.output
    assert "why: typo at Hollow*ay*" in result.output
    asked = ["--kind", "text", "--answer", "Iran", "Iranian", "--json"]
    assert json.loads(quiz("check", *asked).output)["correct"] is False
    result = quiz("check", *asked, "--prompt", "Which country set it up?")
    assert json.loads(result.output)["reason"] == "the country's people or adjective"


def test_check_an_empty_answer_is_simply_wrong(deck: Path) -> None:
    result = quiz("check", str(deck), "longest", "", "--json")
    assert result.exit_code == 0
    assert json.loads(result.output)["correct"] is False
    result = quiz("check", "--kind", "year", "--answer", "1970", "")
    assert result.exit_code == 0 and "wrong" in result.output


def test_check_errors(deck: Path) -> None:
    result = quiz("check", str(deck), "no-such-card", "x")
    assert result.exit_code == 1 and "no card 'no-such-card'" in result.output
    assert quiz("check", "no-such-deck", "c", "x").exit_code == 1
    assert quiz("check", str(deck), "longest").exit_code == 2
    assert quiz("check", "--kind", "text", "x").exit_code == 2
    assert quiz("check", "--kind", "essay", "--answer", "a", "x").exit_code == 2


@pytest.mark.parametrize("command", ["start", "practice", "exam", "check"])
def test_help_explains_each_command(command: str) -> None:
    result = quiz(command, "--help")
    assert result.exit_code == 0
    assert "Usage: main" in result.output or "Usage: quiz" in result.output
    assert len(result.output.split()) > 40


# --- the bundled decks ------------------------------------------------------------------------


def test_bundled_decks_quiz_in_every_mode() -> None:
    decks = load_decks()
    assert decks, "no bundled decks"
    blanks = "\n" * 40  # enough for every blank of a cloze card and every prompt
    result = quiz("start", "--limit", "3", input=blanks)
    assert result.exit_code == 0, result.output
    assert "Done: 0 right" in result.output  # the three missed cards come back until input ends
    assert len({row.card for row in history()}) == 3
    result = quiz("practice", "--count", "4", input=blanks)
    assert result.exit_code == 0 and "Done: 0 right, 4 wrong" in result.output
    result = quiz("exam", "--count", "4", input=blanks)
    assert result.exit_code == 0 and "Exam result: 0 of 4 right" in result.output


def test_every_bundled_card_accepts_its_own_answer_through_check() -> None:
    for deck in load_decks():
        for card in deck.cards:
            given = (
                "; ".join(card.answers)
                if card.kind.value in ("order", "cloze")
                else expected_answer(card)
            )
            assert grade(card, given).correct, (deck.id, card.id)
    deck = load_decks()[0]
    first = deck.cards[0]
    result = quiz("check", deck.id, first.id, expected_answer(first), "--json")
    assert result.exit_code == 0 and json.loads(result.output)["correct"] is True
