"""The self-graded ``flip`` kind (Anki's Basic): the student reveals the answer and rates it
(Again, Hard, Good, Easy); the rating is what the scheduler gets, an exam counts it as the
student's own, and nothing offers "I was right" or hard/easy after it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from quizdeck.decks.reader import check_deck_file
from quizdeck.kinds import KINDS, grade, grade_answer, kind_of
from quizdeck.kinds.base import Shape
from quizdeck.model import Card, Kind, Mode, Rating, parse_rating
from quizdeck.session.asking import Followup, Question
from quizdeck.session.engine import Session
from quizdeck.ui.plain import PlainAsker
from quizdeck.ui.text import report_lines
from test_session import NOW, Clock, FakeLog, ScriptedAsker
from test_ui import ENTER, Lines, asker, keys, outcome

BACK = "He had no party behind him, only the army."
FLIP = Card("d", "f", Kind.FLIP, "Why did Bonaparte need the coup?", (BACK,),
            explanation="The Directory was weak.")  # fmt: skip


def flip(card_id: str, prompt: str = "Why?") -> Card:
    return Card("d", card_id, Kind.FLIP, prompt, (f"Because of {card_id}.",), tags=("why",))


# --- the kind -------------------------------------------------------------------------------


def test_flip_is_a_self_rated_kind_read_from_a_deck(tmp_path: Path) -> None:
    assert kind_of(FLIP).shape is Shape.SELF_RATED
    path = tmp_path / "d.toml"
    path.write_text(
        '[deck]\nid = "d"\ntitle = "D"\n\n[[card]]\nid = "c"\nkind = "flip"\n'
        f'prompt = "Why?"\nanswer = """{BACK}\nA second line."""\nexplanation = "x"\n',
        encoding="utf-8",
    )
    deck, problems = check_deck_file(path)
    assert deck is not None, problems
    assert deck.cards[0].answers == (f"{BACK}\nA second line.",)


@pytest.mark.parametrize(
    ("answer", "message"),
    [("", "card is missing 'answer'"), ('answer = " "', "'answer' is empty"),
     ('answer = ["a", "b"]', "one string"), ('answer = "a"\naccept = ["b"]', "only for")],
)  # fmt: skip
def test_a_flip_answer_is_one_string(tmp_path: Path, answer: str, message: str) -> None:
    path = tmp_path / "d.toml"
    path.write_text(
        f'[deck]\nid = "d"\ntitle = "D"\n\n[[card]]\nid = "c"\nkind = "flip"\nprompt = "Q?"\n'
        f"{answer}\n",
        encoding="utf-8",
    )
    deck, problems = check_deck_file(path)
    assert deck is None and any(message in problem.message for problem in problems), problems


def test_ratings_are_read_from_anki_keys_words_and_first_letters() -> None:
    assert [parse_rating(key) for key in "1234"] == list(Rating)
    assert parse_rating(" Good ") is Rating.GOOD and parse_rating("e") is Rating.EASY
    assert parse_rating("again") is Rating.AGAIN and parse_rating("h") is Rating.HARD
    assert parse_rating("5") is None and parse_rating("") is None and parse_rating("x") is None


def test_the_grade_is_the_students_own_rating() -> None:
    for given, correct in [("again", False), ("hard", True), ("good", True), ("easy", True)]:
        result = grade(FLIP, given)
        assert result.correct is correct and result.score == (1.0 if correct else 0.0)
        assert "self-rated" in result.reason and given in result.reason
        assert result.expected == BACK
    unrated = grade(FLIP, "the army")
    assert not unrated.correct and "not a rating" in unrated.reason
    assert grade_answer(Kind.FLIP, [BACK], "3").correct


def test_the_kind_gives_the_students_rating_to_the_scheduler() -> None:
    spec = KINDS[Kind.FLIP]
    assert spec.rating("hard", True) is Rating.HARD and spec.rating("easy", True) is Rating.EASY
    assert spec.rating("", False) is Rating.AGAIN
    assert KINDS[Kind.TEXT].rating("x", True) is Rating.GOOD
    assert KINDS[Kind.TEXT].rating("x", False) is Rating.AGAIN


# --- the session ----------------------------------------------------------------------------


def run(answers: list[str], mode: Mode = Mode.START, followups: list[Followup] | None = None
        ) -> tuple[ScriptedAsker, FakeLog]:  # fmt: skip
    log = FakeLog()
    cards = [flip(f"c{n}") for n in range(len(answers))]
    asker_ = ScriptedAsker(list(answers), followups=list(followups or []), log=log)
    Session(asker_, log, mode=mode, clock=Clock(), now=lambda: NOW, seed=1).run(cards)
    return asker_, log


def test_the_session_records_the_students_rating_for_scheduling() -> None:
    _, log = run(["again", "hard", "good", "easy"])
    assert [r.rating for r in log.reviews] == list(Rating)
    assert [r.correct for r in log.reviews] == [False, True, True, True]
    assert [r.given for r in log.reviews] == ["again", "hard", "good", "easy"]


def test_nothing_changes_a_self_rating_but_taking_it_back() -> None:
    asker_, log = run(["hard", "again"], followups=[Followup.EASY, Followup.OVERRIDE])
    assert log.amendments == []
    assert [r.rating for r in log.reviews] == [Rating.HARD, Rating.AGAIN]
    assert len(asker_.amended_shown) == 2  # each refusal is said
    from quizdeck.ui.text import amended_text

    assert "you rated this card yourself" in amended_text(asker_.amended_shown[0])
    asker_, log = run(["good", "good"], followups=[Followup.UNDO])
    assert log.reviews[0].taken_back


def test_an_exam_counts_the_students_rating_and_says_so() -> None:
    asker_, _ = run(["good", "again", "easy", "hard"], mode=Mode.EXAM)
    assert asker_.feedback_given == []
    (report,) = asker_.reports
    assert (report.right, report.total) == (3, 4)
    assert (report.self_rated_right, report.self_rated) == (3, 4)
    text = "\n".join(report_lines(report))
    assert "Self-rated: 3 of 4" in text
    assert "You rated it: Again" in text and "Because of c1." in text


# --- the askers -----------------------------------------------------------------------------


def plain(text: str) -> tuple[PlainAsker, Lines]:
    lines = Lines()
    return PlainAsker(stdin=io.StringIO(text), echo=lines), lines


def test_plain_mode_reveals_on_enter_then_reads_a_rating() -> None:
    ask, lines = plain("\n2\n")
    assert ask.ask(Question(FLIP, 1, 1, Mode.START)) == "hard"
    text = lines.text
    assert text.index(FLIP.prompt) < text.index("Enter shows the answer") < text.index(BACK)
    assert "1 again, 2 hard, 3 good, 4 easy" in text


@pytest.mark.parametrize(
    ("typed", "rating"),
    [("\n\n", "good"), ("x\neasy\n", "easy"), ("\n5\n1\n", "again"), ("\n?\n", "again")],
)
def test_plain_mode_ratings(typed: str, rating: str) -> None:
    ask, lines = plain(typed)
    assert ask.ask(Question(FLIP, 1, 1, Mode.START)) == rating
    if "5" in typed:
        assert "Rate it 1 to 4" in lines.text


def test_plain_feedback_after_a_flip_offers_no_override() -> None:
    ask, lines = plain("")
    rated = outcome(FLIP, "good", correct=True)
    assert ask.feedback(rated) is Followup.NEXT
    assert "Rated good" in lines.text and "The Directory was weak." in lines.text
    assert "/r if you were right" not in lines.text


def test_the_terminal_reveals_on_space_and_rates_with_anki_keys() -> None:
    ask, lines = asker()
    with keys(" 2"):
        assert ask.ask(Question(FLIP, 1, 1, Mode.START)) == "hard"
    assert BACK in lines.text
    for pressed, rating in [(ENTER + ENTER, "good"), (" 1", "again"), (ENTER + "4", "easy"),
                            ("  ", "good")]:  # fmt: skip
        ask, _ = asker()
        with keys(pressed):
            assert ask.ask(Question(FLIP, 1, 1, Mode.START)) == rating


def test_the_terminal_takes_no_stray_enter_for_a_reveal_or_a_rating() -> None:
    from quizdeck.session.asking import EndOfInput

    ask, lines = asker(0.0)  # every key comes at once after the prompt is drawn
    with keys(ENTER * 3), pytest.raises(EndOfInput):
        ask.ask(Question(FLIP, 1, 1, Mode.START))
    assert BACK not in lines.text


def test_terminal_feedback_after_a_flip_asks_nothing() -> None:
    ask, lines = asker()
    with keys(""):  # no key is read: the next question follows
        assert ask.feedback(outcome(FLIP, "again", correct=False)) is Followup.NEXT
    assert "Rated again" in lines.text and "The Directory was weak." in lines.text
