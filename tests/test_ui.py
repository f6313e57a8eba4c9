"""The askers: questionary prompts fed keystrokes through a pipe, and plain line mode."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import click
import pytest
from click.testing import CliRunner
from prompt_toolkit.application import Application, create_app_session
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput, Output
from prompt_toolkit.output.vt100 import Vt100_Output

from conftest import CardFields
from quizdeck.decks.loading import load_decks
from quizdeck.decks.scope import Scope
from quizdeck.decks.sources import Sources
from quizdeck.grading.verdict import Grade
from quizdeck.kinds import expected_answer
from quizdeck.model import Blank, Card, Given, Kind, Mode, Rating, Recorded
from quizdeck.session.asking import (
    MAX_ANSWER_CHARS,
    EndOfInput,
    Followup,
    Outcome,
    Progress,
    Question,
    Summary,
    TimeUp,
)
from quizdeck.session.engine import Session
from quizdeck.session.exam import ExamReport, Missed, TagScore
from quizdeck.ui.keys import parse_order, pick_option
from quizdeck.ui.plain import PlainAsker
from quizdeck.ui.terminal import QuestionaryAsker
from quizdeck.ui.text import (
    clock_text,
    progress_text,
    report_lines,
    summary_lines,
    when_text,
    wrap,
)

if TYPE_CHECKING:
    from typing_extensions import Unpack

DOWN, ENTER, ESC, CTRL_C, CTRL_D = "\x1b[B", "\r", "\x1b", "\x03", "\x04"
# Esc alone waits (briefly) for more keys: an Alt key is Esc and a key sent together.
ALT_BACKSPACE, ALT_B, ALT_LEFT, MAC_OPTION_LEFT = "\x1b\x7f", "\x1bb", "\x1b[1;3D", "\x1b\x1b[D"


def card(
    card_id: str,
    kind: Kind,
    answers: Sequence[str],
    *,
    prompt: str | None = None,
    **extra: Unpack[CardFields],
) -> Card:
    prompt = f"Question {card_id}?" if prompt is None else prompt
    return Card("t", card_id, kind, prompt, tuple(answers), **extra)


def question(
    c: Card, options: Sequence[str] = (), *, mode: Mode = Mode.START, time_left: float | None = None
) -> Question:
    return Question(c, 1, 3, mode, tuple(options), time_left)


@contextmanager
def keys(text: str, output: Output | None = None, *, close: bool = True) -> Iterator[None]:
    """Run prompts with ``text`` as the keyboard; input ends after it (EOFError, not a hang).
    ``close=False`` keeps the keyboard open (Esc alone is only Esc once no key follows)."""
    with create_pipe_input() as pipe:
        pipe.send_text(text)
        if close:
            pipe.close()
        with create_app_session(input=pipe, output=output or DummyOutput()):
            yield


class Lines(list[str]):
    def __call__(self, line: str) -> None:
        self.append(line)

    @property
    def text(self) -> str:
        return "\n".join(self)


class Ticking:
    """A clock that moves on ``step`` seconds each time it is read: every key comes long after
    the prompt was drawn (``step=0``: every key comes at once)."""

    def __init__(self, step: float = 10.0) -> None:
        self.step, self.now = step, 0.0

    def __call__(self) -> float:
        self.now += self.step
        return self.now


def asker(step: float = 10.0) -> tuple[QuestionaryAsker, Lines]:
    lines = Lines()
    return QuestionaryAsker(echo=lines, clock=Ticking(step)), lines


# --- questionary ------------------------------------------------------------------------------


def test_typed_answer_is_read_from_a_text_prompt() -> None:
    ask, _ = asker()
    with keys("  Baghdad \r"):
        assert ask.ask(question(card("c", Kind.TEXT, ["Baghdad"]))) == "Baghdad"


def test_choice_is_picked_with_arrow_keys_or_its_number() -> None:
    ask, _ = asker()
    choice = card("c", Kind.CHOICE, ["b"], choices=("a", "b", "c"))
    with keys(DOWN + DOWN + ENTER):  # nothing is picked at first: ↓ picks the first option
        assert ask.ask(question(choice, ["a", "b", "c"])) == "b"
    with keys("3" + ENTER):  # options that are letters themselves are numbered
        assert ask.ask(question(choice, ["a", "b", "c"])) == "c"


def test_true_false_is_a_select() -> None:
    ask, _ = asker()
    statement = card("s", Kind.TRUEFALSE, ["false"])
    with keys(DOWN + DOWN + ENTER):
        assert ask.ask(question(statement, ["true", "false"])) == "false"
    with keys(ENTER + "t" + ENTER):  # Enter with nothing picked does nothing
        assert ask.ask(question(statement, ["true", "false"])) == "true"


def test_order_items_are_picked_one_by_one() -> None:
    ask, _ = asker()
    order = card("o", Kind.ORDER, ["a", "b", "c"])
    # Shown c, a, b (keys 1, 2, 3: the items are letters): a, then b; c comes last, and
    # Enter confirms the whole order.
    with keys("2" + "3" + ENTER):
        assert ask.ask(question(order, ["c", "a", "b"])) == ("a", "b", "c")
    # With the arrows: ↓ points at c, ↓ at a, Enter places it; then from c, b the same.
    with keys(DOWN + DOWN + ENTER + DOWN + DOWN + ENTER + ENTER):
        assert ask.ask(question(order, ["c", "a", "b"])) == ("a", "b", "c")


def test_cloze_asks_one_blank_at_a_time() -> None:
    ask, _ = asker()
    cloze = card(
        "z",
        Kind.CLOZE,
        ["Ur", "1990"],
        prompt="{{Ur}} fell in {{year:1990}}.",
        blanks=(Blank(Kind.TEXT, ("Ur",)), Blank(Kind.YEAR, ("1990",))),
    )
    with keys("Uruk\r1990\r"):
        assert ask.ask(question(cloze)) == ("Uruk", "1990")


@pytest.mark.parametrize("key", [ESC, CTRL_C])
def test_esc_and_ctrl_c_stop_at_any_prompt(key: str) -> None:
    ask, _ = asker()
    with keys(key, close=False), pytest.raises(KeyboardInterrupt):
        ask.ask(question(card("c", Kind.TEXT, ["x"])))
    with keys(key, close=False), pytest.raises(KeyboardInterrupt):
        ask.ask(question(card("t", Kind.TRUEFALSE, ["true"]), ["true", "false"]))
    with keys("abc" + key, close=False), pytest.raises(KeyboardInterrupt):
        ask.feedback(outcome(card("c", Kind.TEXT, ["x"]), "y", correct=False))
    order = card("o", Kind.ORDER, ["a", "b", "c"])
    with keys("1" + key, close=False), pytest.raises(KeyboardInterrupt):
        ask.ask(question(order, ["c", "a", "b"]))


@pytest.mark.parametrize("alt", [ALT_BACKSPACE, ALT_B, ALT_LEFT, MAC_OPTION_LEFT])
def test_alt_and_option_keys_never_stop_the_session(alt: str) -> None:
    """Finding 2: Esc stops, but Esc sent with a key (Alt+Backspace, Alt+b, Alt+←, Option+←
    on a Mac) is that key, at a typed prompt and at a picking one."""
    ask, _ = asker()
    with keys("Chamber of" + alt + " Secrets" + ENTER):
        typed = ask.ask(question(card("c", Kind.TEXT, ["x"])))
    assert "Secrets" in typed
    with keys(alt + "f" + ENTER):
        assert ask.ask(question(card("t", Kind.TRUEFALSE, ["true"]), ["true", "false"])) == "false"
    with keys(alt + "r"):
        assert ask.feedback(outcome(card("c", Kind.TEXT, ["x"]), "y", correct=False)) is (
            Followup.OVERRIDE
        )


def test_ctrl_d_ends_the_session() -> None:
    ask, _ = asker()
    with keys(CTRL_D), pytest.raises(EndOfInput):
        ask.ask(question(card("c", Kind.TEXT, ["x"])))


def test_an_open_question_closes_when_the_time_is_up() -> None:
    ask, _ = asker()
    with keys(""), pytest.raises(TimeUp):
        ask.ask(question(card("c", Kind.TEXT, ["x"]), time_left=0))


def test_deck_text_reaches_the_terminal_inert() -> None:
    ask, lines = asker()
    screen = io.StringIO()
    output = Vt100_Output(screen, lambda: Size(rows=24, columns=100), term="xterm")
    evil = card(
        "e",
        Kind.CHOICE,
        ["a\x1b]0;pwned\x07"],
        prompt="Title and \x1b[2J?",
        choices=("a\x1b]0;pwned\x07", "b"),
    )
    with keys("a" + ENTER, output=output):
        ask.ask(question(evil, evil.choices))
    assert "? Title and \\x1b[2J?" in lines.text and "\x1b[2J" not in lines.text
    shown = screen.getvalue()
    assert "a\\x1b]0;pwned\\x07" in shown and "\x1b]0;pwned" not in shown


# --- feedback ---------------------------------------------------------------------------------


def outcome(
    c: Card, given: str, *, correct: bool, note: str = "", score: float | None = None
) -> Outcome:
    score = (1.0 if correct else 0.0) if score is None else score
    return Outcome(
        question=question(c),
        given=given,
        grade=Grade(score, correct, note, expected_answer(c)),
        correct=correct,
        score=score,
        rating=Rating.GOOD if correct else Rating.AGAIN,
        duration_ms=1000,
        review_id=1,
    )


def test_feedback_shows_verdict_answer_note_explanation_and_source(tmp_path: Path) -> None:
    (tmp_path / "text.txt").write_text("First paragraph.\n\nThe city fell in 1990.\n", "utf-8")
    (tmp_path / "d.toml").write_text(
        '[deck]\nid = "d"\ntitle = "D"\nsource = "text.txt"\n\n'
        '[[card]]\nid = "c"\nkind = "text"\nprompt = "Which city?"\nanswer = "Ur"\n'
        'explanation = "It was \\u001b[31mold."\nsource = 2\n',
        encoding="utf-8",
    )
    decks = load_decks([str(tmp_path / "d.toml")])
    lines = Lines()
    ask = QuestionaryAsker(Sources(decks), echo=lines, clock=Ticking())
    with keys(ENTER):
        choice = ask.feedback(outcome(decks[0].cards[0], "Urr", correct=False, note="almost"))
    assert choice is Followup.NEXT
    text = lines.text
    assert "✗ Wrong" in text and "Answer: Ur" in text and "almost" in text
    assert "It was \\x1b[31mold." in text and "\x1b[31m" not in text
    assert "¶2 The city fell in 1990." in text


def test_wrong_answer_can_be_overridden_right_one_rated() -> None:
    ask, _ = asker()
    wrong = outcome(card("c", Kind.TEXT, ["x"]), "y", correct=False)
    right = outcome(card("c", Kind.TEXT, ["x"]), "x", correct=True)
    with keys(DOWN + ENTER):
        assert ask.feedback(wrong) is Followup.OVERRIDE
    with keys(DOWN + ENTER):
        assert ask.feedback(right) is Followup.HARD
    with keys(DOWN + DOWN + ENTER):
        assert ask.feedback(right) is Followup.EASY
    with keys(ENTER):
        assert ask.feedback(right) is Followup.NEXT


def test_source_reference_without_source_text() -> None:
    ask, lines = asker()
    cited = card("c", Kind.TEXT, ["x"], paragraphs=(3, 4))
    with keys(ENTER):
        ask.feedback(outcome(cited, "x", correct=True))
    assert "Source: paragraph 3, 4" in lines.text


def test_partial_credit_is_shown_as_partly_right() -> None:
    ask, lines = asker()
    order = card("o", Kind.ORDER, ["a", "b", "c"])
    with keys(ENTER):
        ask.feedback(outcome(order, "b | a | c", correct=False, score=2 / 3))
    assert "Partly right (67%)" in lines.text
    assert "The right order:\n    1. a\n    2. b\n    3. c" in lines.text


# --- plain mode -------------------------------------------------------------------------------


def plain(text: str) -> tuple[PlainAsker, Lines]:
    lines = Lines()
    return PlainAsker(io.StringIO(text), echo=lines), lines


def test_plain_prints_the_prompt_as_written_and_numbers_choices() -> None:
    ask, lines = plain("2\n")
    choice = card("c", Kind.CHOICE, ["b"], prompt="Pick *one*:", choices=("a", "b"))
    assert ask.ask(question(choice, ["a", "b"])) == "b"
    assert lines[:3] == ["Pick *one*:", "  1. a", "  2. b"]


def test_plain_choice_by_text_and_a_bad_number_is_asked_again() -> None:
    ask, lines = plain("9\nB\n")
    choice = card("c", Kind.CHOICE, ["B"], choices=("A", "B"))
    assert ask.ask(question(choice, ["A", "B"])) == "B"
    assert any("number from 1 to 2" in line for line in lines)


def test_plain_cuts_an_overlong_answer_and_reads_the_next_line_as_the_next_answer() -> None:
    ask, lines = plain("x" * 5000 + "\nBaghdad\n")
    typed = card("t", Kind.TEXT, ["Baghdad"])
    assert ask.ask(question(typed)) == "x" * MAX_ANSWER_CHARS
    assert "(only the first 1,000 characters of an answer count)" in lines
    assert ask.ask(question(typed)) == "Baghdad"


def test_plain_true_false_order_cloze_and_typed() -> None:
    ask, lines = plain("f\n3, 1,2\nUr\n1990\nsix hundred\n")
    assert ask.ask(question(card("t", Kind.TRUEFALSE, ["false"]), ["true", "false"])) == "false"
    order = card("o", Kind.ORDER, ["a", "b", "c"])
    assert ask.ask(question(order, ["b", "c", "a"])) == ("a", "b", "c")
    cloze = card(
        "z",
        Kind.CLOZE,
        ["Ur", "1990"],
        prompt="{{Ur}} fell in {{year:1990}}.",
        blanks=(Blank(Kind.TEXT, ("Ur",)), Blank(Kind.YEAR, ("1990",))),
    )
    assert ask.ask(question(cloze)) == ("Ur", "1990")
    assert "[1] fell in [2]." in lines and "Blank 2 of 2 (a year):" in lines
    assert ask.ask(question(card("n", Kind.NUMBER, ["600"]))) == "six hundred"
    assert "> six hundred" in lines


def test_plain_order_rejects_a_bad_list_then_accepts_one_without_the_last() -> None:
    ask, lines = plain("1,1,2\n2,3\n")
    order = card("o", Kind.ORDER, ["a", "b", "c"])
    assert ask.ask(question(order, ["c", "a", "b"])) == ("a", "b", "c")
    assert any("each number from 1 to 3 once" in line for line in lines)


def test_plain_end_of_input_ends_the_session() -> None:
    ask, _ = plain("")
    with pytest.raises(EndOfInput):
        ask.ask(question(card("c", Kind.TEXT, ["x"])))


def test_plain_feedback_prints_verdict_and_explanation() -> None:
    ask, lines = plain("")
    explained = card("c", Kind.TEXT, ["Ur"], explanation="An old city.", paragraphs=(2,))
    assert ask.feedback(outcome(explained, "Uruk", correct=False)) is Followup.NEXT
    assert lines[0] == "Wrong   Answer: Ur"
    assert "  An old city." in lines and "  Source: paragraph 2" in lines


@dataclass
class MemoryLog:
    """Just enough of a review log for a plain session through click."""

    reviews: list[tuple[str, bool]]

    def build_queue(
        self,
        scope: Scope,
        now: datetime,
        *,
        new_limit: int | None = None,
        review_limit: int | None = None,
        seed: int = 0,
    ) -> list[Card]:
        raise AssertionError("the test hands the session its queue")

    def sibling_answered(self, card: Card, now: datetime, apart: object = None) -> bool:
        return False

    def record_review(self, card: Card, *, mode: Mode, given: str, correct: bool, score: float,
                      rating: Rating, duration_ms: int, now: datetime) -> Recorded:  # fmt: skip
        self.reviews.append((given, correct))
        return Recorded(len(self.reviews), None)

    def amend_review(
        self, review_id: int, *, correct: bool, score: float, rating: Rating, now: datetime
    ) -> Recorded:
        raise AssertionError("no answer is amended here")

    def next_due(self, scope: Scope, now: datetime) -> datetime | None:
        return None

    def take_back(self, review_id: int) -> bool:
        raise AssertionError("no answer is taken back here")


def test_plain_session_through_click_runner_reads_stdin() -> None:
    cards = [
        card("a", Kind.TEXT, ["Ur"], prompt="Oldest city?"),
        card("b", Kind.CHOICE, ["Nile"], prompt="Longest river?", choices=("Nile", "Amazon")),
        card("c", Kind.TEXT, ["Uruk"], prompt="Gilgamesh's city?"),
    ]
    log = MemoryLog([])

    @click.command()
    def quiz() -> None:
        def grader(c: Card, given: Given) -> Grade:
            return Grade(1.0, given in c.answers, "", expected_answer(c))

        summary = Session(PlainAsker(), log, grader=grader).run(cards)
        raise SystemExit(summary.exit_code)

    result = CliRunner().invoke(quiz, input="Ur\nNile\n")
    assert result.exit_code == 0, result.output
    assert log.reviews == [("Ur", True), ("Nile", True)]
    assert "Question 2 of 3 · 1 of 1 right so far" in result.output
    assert "Done: 2 right, 0 wrong" in result.output


# --- shared text ------------------------------------------------------------------------------


def test_wrap_indents_every_line_after_the_first_by_the_hanging_indent() -> None:
    assert wrap("one\ntwo", indent="? ", hanging="  ") == "? one\n  two"
    assert wrap("a " * 60, indent="1. ", hanging="   ").splitlines()[1].startswith("   a")
    assert wrap("x\x1b[2J") == "  x\\x1b[2J"


def test_progress_and_clock_text() -> None:
    assert progress_text(Progress(3, 10, 2, 1)) == "Question 3 of 10 · 1 of 2 right so far"
    assert progress_text(Progress(1, 10, 0, 0)) == "Question 1 of 10"
    exam = Progress(3, 10, 2, 1, show_score=False, time_left=95)
    assert progress_text(exam) == "Question 3 of 10 · 1 min 35 s left"
    assert clock_text(7) == "7 s" and clock_text(3700) == "1 h 1 min"


def test_when_text() -> None:
    now = datetime(2026, 3, 2, 12, 0, tzinfo=timezone.utc)
    assert when_text(now, now) == "now"
    assert when_text(now + timedelta(minutes=10), now) == "in 10 minutes"
    assert when_text(now + timedelta(hours=3), now).startswith("in 3 hours")
    assert when_text(now + timedelta(days=5), now).startswith("in 5 days")


def test_pick_option_and_parse_order() -> None:
    assert pick_option("2", ["a", "b"]) == "b"
    assert pick_option(" A ", ["a", "b"]) == "a"
    assert pick_option("3", ["a", "b"]) is None
    options = ["Qasem Soleimani", "Hadi al-Amiri", "Abu Mahdi al-Muhandis"]
    assert pick_option("soleimani", options) == "Qasem Soleimani"
    assert pick_option("al-", options) is None  # in two options
    assert pick_option("ab", options) is None  # too short to be sure
    assert parse_order("3,1,2", 3) == [3, 1, 2]
    assert parse_order("3 1", 3) == [3, 1, 2]
    assert parse_order("1,1,2", 3) is None
    assert parse_order("4,1,2", 3) is None


@pytest.mark.parametrize("typed", ["²", "9" * 5000, "1" + "0" * 4400 + ", 2"])
def test_odd_digits_pick_nothing_and_never_raise(typed: str) -> None:
    assert pick_option(typed, ["a", "b", "c"]) is None
    assert parse_order(typed, 3) is None


def test_other_scripts_digits_pick_an_option() -> None:
    assert pick_option("٣", ["a", "b", "c"]) == "c"  # Arabic-Indic three
    assert parse_order("٣ ١ ٢", 3) == [3, 1, 2]


def test_summary_and_report_lines() -> None:
    c = card("c", Kind.TEXT, ["Ur"], explanation="An old city.")
    done = outcome(c, "Ur", correct=True)
    summary = Summary(Mode.START, (done,), 3, 75.0, interrupted=True,
                      next_due=datetime.now(timezone.utc) + timedelta(minutes=30))  # fmt: skip
    text = "\n".join(summary_lines(summary))
    assert "Stopped. 1 answer saved." in text
    assert "Done: 1 right, 0 wrong · 1 min 15 s" in text
    assert "Next review: in 30 minutes" in text
    report = ExamReport(1, 2, 1.0, (TagScore("places", 1, 2),), (Missed(c, "Uruk", "Ur"),))
    text = "\n".join(report_lines(report))
    assert "Exam result: 1 of 2 right — 50%" in text
    assert "places  1/2" in text
    assert "You answered: Uruk" in text and "Answer: Ur" in text and "An old city." in text


def test_a_date_hint_says_day_and_month_when_the_year_is_not_asked() -> None:
    from quizdeck.ui.text import hint

    answers = ("2021-11-07",)
    assert hint(Kind.DATE, answers, "On what day and month was it?") == "(day and month)"
    assert hint(Kind.DATE, answers, "In which year and on what day?") == "(day, month and year)"
    assert hint(Kind.DATE, answers) == "(day, month and year)"
    assert hint(Kind.DATE, ("2021-11",), "When?") == "(month and year)"


# --- plain mode: letters for options ----------------------------------------------------------


def test_plain_lists_options_with_letters_and_takes_a_letter_or_the_text() -> None:
    ask, lines = plain("c\nparis\n")
    capital = card("c", Kind.CHOICE, ["Paris"], prompt="Capital of France?",
                   choices=("Lyon", "Paris", "Nice"))  # fmt: skip
    assert ask.ask(question(capital, ["Lyon", "Nice", "Paris"])) == "Paris"
    assert lines[:4] == ["Capital of France?", "  a) Lyon", "  b) Nice", "  c) Paris"]
    assert ask.ask(question(capital, ["Lyon", "Nice", "Paris"])) == "Paris"


def test_plain_digits_are_an_options_text_when_the_options_are_numbers() -> None:
    ask, lines = plain("2\nb\n12\n")
    count = card("n", Kind.CHOICE, ["3"], choices=("5", "3", "12", "8"))
    options = ["5", "3", "12", "8"]
    assert ask.ask(question(count, options)) == "3"  # "2" is no option: asked again, then b
    assert "  b) 3" in lines
    assert any("letter from a to d" in line for line in lines)
    assert ask.ask(question(count, options)) == "12"


def test_pick_option_never_takes_digits_as_positions_among_numbers() -> None:
    assert pick_option("2", ["5", "3", "12", "8"]) is None
    assert pick_option("b", ["5", "3", "12", "8"]) == "3"
    assert pick_option("8", ["5", "3", "12", "8"]) == "8"
    assert pick_option("2", ["1914", "1918"]) is None
    assert pick_option("2", ["Lyon", "Paris"]) == "Paris"  # no numbers: kept for old scripts


def test_plain_true_false_is_t_or_f() -> None:
    ask, lines = plain("drone\nt\n")
    statement = card("s", Kind.TRUEFALSE, ["true"], prompt="Water is wet.")
    assert ask.ask(question(statement, ["true", "false"])) == "true"
    assert lines[:3] == ["Water is wet.", "  t) True", "  f) False"]
    assert any("Answer t or f" in line for line in lines)


def test_plain_order_of_numbers_is_given_with_letters() -> None:
    ask, lines = plain("c, a, b\n")
    order = card("o", Kind.ORDER, ["12", "30", "45"])
    assert ask.ask(question(order, ["30", "45", "12"])) == ("12", "30", "45")
    assert "  a) 30" in lines
    assert any("their letters" in line for line in lines)


def test_plain_empty_answer_says_it_counts_as_not_known() -> None:
    ask, lines = plain("\n\n")
    assert ask.ask(question(card("t", Kind.TEXT, ["Ur"]))) == ""
    assert "(no answer: counted as not known)" in lines
    capital = card("c", Kind.CHOICE, ["Paris"], choices=("Lyon", "Paris"))
    assert ask.ask(question(capital, ["Lyon", "Paris"])) == ""
    assert lines.count("(no answer: counted as not known)") == 2


# --- questionary: letters for options, stray keys, empty answers ------------------------------


def test_choice_options_are_picked_by_letter_and_digits_are_not_keys_among_numbers() -> None:
    ask, _ = asker()
    count = card("n", Kind.CHOICE, ["3"], choices=("5", "3", "12", "8"))
    options = ["5", "3", "12", "8"]
    with keys("c" + ENTER):
        assert ask.ask(question(count, options)) == "12"
    # "4" names no option: it does nothing, nor does the Enter after it; then b, Enter.
    with keys("4" + ENTER + "b" + ENTER):
        assert ask.ask(question(count, options)) == "3"


def test_true_false_takes_t_or_f_and_stray_typing_answers_nothing() -> None:
    ask, _ = asker()
    statement = card("s", Kind.TRUEFALSE, ["false"])
    with keys("drone" + ENTER + "f" + ENTER):
        assert ask.ask(question(statement, ["true", "false"])) == "false"
    with keys("drone" + ENTER), pytest.raises(EndOfInput):  # input ends, nothing picked
        ask.ask(question(statement, ["true", "false"]))


def test_an_empty_typed_answer_asks_before_showing_the_answer() -> None:
    ask, _ = asker()
    typed = card("t", Kind.TEXT, ["Ur"])
    with keys(ENTER + "n" + "Ur" + ENTER):  # n: back to the question
        assert ask.ask(question(typed)) == "Ur"
    with keys(ENTER + ENTER + ENTER + "y"):  # only y shows the answer (not known); not Enter
        assert ask.ask(question(typed)) == ""
    with keys(ENTER), pytest.raises(EndOfInput):  # no reply to "Show the answer?"
        ask.ask(question(typed))


def test_a_cloze_left_all_blank_asks_before_showing_the_answer() -> None:
    ask, _ = asker()
    cloze = card("z", Kind.CLOZE, ["Ur", "1990"], prompt="{{Ur}} fell in {{year:1990}}.",
                 blanks=(Blank(Kind.TEXT, ("Ur",)), Blank(Kind.YEAR, ("1990",))))  # fmt: skip
    with keys(ENTER + ENTER + "n" + "Ur" + ENTER + ENTER):
        assert ask.ask(question(cloze)) == ("Ur", "")


def test_an_order_pick_can_be_taken_back_with_backspace() -> None:
    ask, _ = asker()
    order = card("o", Kind.ORDER, ["a", "b", "c"])
    # Shown c, a, b (keys 1, 2, 3): pick c (wrong), take it back, then a, b; c comes last.
    with keys("1" + "\x7f" + "2" + "3" + ENTER):
        assert ask.ask(question(order, ["c", "a", "b"])) == ("a", "b", "c")
    # The last pick can be taken back before Enter confirms it: a, c (b left over), back, b.
    with keys("2" + "1" + "\x7f" + "3" + ENTER):
        assert ask.ask(question(order, ["c", "a", "b"])) == ("a", "b", "c")


def test_a_cloze_blank_before_can_be_typed_again_with_up() -> None:
    ask, _ = asker()
    cloze = card(
        "z",
        Kind.CLOZE,
        ["Ur", "1990"],
        prompt="{{Ur}} fell in {{year:1990}}.",
        blanks=(Blank(Kind.TEXT, ("Ur",)), Blank(Kind.YEAR, ("1990",))),
    )
    # Type "Uruk", go on, come back with ↑, fix it to "Ur" (four backspaces), then 1990.
    with keys("Uruk\r" + "\x1b[A" + "\x7f" * 4 + "Ur\r" + "1990\r"):
        assert ask.ask(question(cloze)) == ("Ur", "1990")


def test_a_free_text_source_is_shown_as_written_not_as_a_paragraph() -> None:
    from quizdeck.kinds import grade
    from quizdeck.model import Rating, parse_paragraphs
    from quizdeck.session.asking import Outcome
    from quizdeck.ui.text import feedback_lines

    assert parse_paragraphs("chapter 3") == () and parse_paragraphs("¶3, 5-6") == (3, 5, 6)
    book = card("b", Kind.TEXT, ["Lima"], source="chapter 3")
    result = grade(book, "Lima")
    outcome = Outcome(question(book), "Lima", result, True, 1.0, Rating.GOOD, 0, 1)
    text = "\n".join(feedback_lines(outcome, None))
    assert "Source: chapter 3" in text and "paragraph" not in text


def test_ctrl_c_between_two_prompts_stops_at_the_next_one() -> None:
    """A Ctrl-C that comes while quiz prints or loads (no prompt on screen) is not raised
    wherever Python is (a finalizer would swallow it): the next prompt stops the session."""
    import signal

    from quizdeck.ui.prompt import Interrupts, run_app

    drawn: list[bool] = []

    class App:
        """A stand-in for a prompt_toolkit application."""

        def run(self, pre_run: Callable[[], None] | None = None) -> str:
            drawn.append(True)
            return "answer"

    app = cast("Application[Any]", App())
    with Interrupts.deferred():
        signal.raise_signal(signal.SIGINT)  # no KeyboardInterrupt here, between prompts
        with pytest.raises(KeyboardInterrupt):
            run_app(app)
        assert run_app(app) == "answer"  # once only
    assert drawn == [True]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_ctrl_c_while_the_prompt_starts_stops_it() -> None:
    """A Ctrl-C after quiz last looked but before the prompt library reads Ctrl-C as a key (it
    was lost, and the prompt waited): the prompt stops as soon as it starts."""
    import signal

    from quizdeck.ui.prompt import Interrupts, run_app

    class App:
        """A stand-in for a prompt_toolkit application, pressed while it starts."""

        stopped: BaseException | type[BaseException] | None = None

        def run(self, pre_run: Callable[[], None] | None = None) -> str:
            signal.raise_signal(signal.SIGINT)
            if pre_run is not None:
                pre_run()
            if self.stopped is not None:
                raise self.stopped
            return "answer"

        def exit(self, exception: BaseException | type[BaseException]) -> None:
            self.stopped = exception

    with Interrupts.deferred(), pytest.raises(KeyboardInterrupt):
        run_app(cast("Application[Any]", App()))


def test_ctrl_c_as_a_signal_stops_a_prompt() -> None:
    """Ctrl-C pressed while a prompt starts comes as a signal, not a key: it stops too."""
    from prompt_toolkit.keys import Keys

    from quizdeck.ui.prompt import stop_bindings

    assert stop_bindings().get_bindings_for_keys((Keys.SIGINT,))
