"""The quiz engine with a scripted asker and an in-memory review log."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import MISSING, dataclass, field, fields
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING

import pytest

from conftest import CardFields
from quizdeck.decks.scope import Scope
from quizdeck.grading.verdict import Grade
from quizdeck.kinds import expected_answer
from quizdeck.kinds.cloze import numbered_cloze
from quizdeck.kinds.order import shuffle_order
from quizdeck.model import Blank, Card, Given, Kind, Mode, Rating, Recorded
from quizdeck.session.asking import (
    EXIT_INTERRUPTED,
    MAX_ANSWER_CHARS,
    EndOfInput,
    Followup,
    Outcome,
    Progress,
    Question,
    Summary,
    TimeUp,
    given_text,
)
from quizdeck.session.engine import Session
from quizdeck.session.exam import ExamReport, exam_report
from quizdeck.session.options import card_options
from quizdeck.session.queue import filter_cards, practice_queue, shuffled, start_queue
from quizdeck.session.siblings import spread_siblings
from quizdeck.ui.text import report_lines

if TYPE_CHECKING:
    from typing_extensions import Unpack

NOW = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)


def card(
    card_id: str,
    kind: Kind = Kind.TEXT,
    answers: Sequence[str] = ("yes",),
    *,
    prompt: str | None = None,
    **extra: Unpack[CardFields],
) -> Card:
    prompt = f"Question {card_id}?" if prompt is None else prompt
    return Card("test", card_id, kind, prompt, tuple(answers), **extra)


def exact_grader(card: Card, given: Given) -> Grade:
    """Right when the answer is the first accepted one, ignoring case; order by items."""
    if isinstance(given, tuple):
        correct = given == card.answers
    else:
        correct = given.strip().lower() in {a.lower() for a in card.answers}
    return Grade(1.0 if correct else 0.0, correct, "", expected_answer(card))


@dataclass
class Review:
    card: Card
    mode: Mode
    given: str
    correct: bool
    score: float
    rating: Rating
    duration_ms: int
    now: datetime
    due_before: datetime | None  # the card's due time before this review (for take_back)
    taken_back: bool = False


@dataclass
class FakeLog:
    """In-memory review log: due cards first, then new ones."""

    due: dict[tuple[str, str], datetime] = field(default_factory=dict)
    reviews: list[Review] = field(default_factory=list)
    amendments: list[tuple[int, bool, float, Rating]] = field(default_factory=list)
    queue_calls: list[tuple[int | None, int | None]] = field(default_factory=list)

    def build_queue(
        self,
        scope: Scope,
        now: datetime,
        *,
        new_limit: int | None = None,
        review_limit: int | None = None,
        seed: int = 0,
    ) -> list[Card]:
        self.queue_calls.append((new_limit, review_limit))
        cards = scope.all_cards()
        due = [c for c in cards if c.key in self.due and self.due[c.key] <= now]
        new = [c for c in cards if c.key not in self.due]
        if review_limit is not None:
            due = due[:review_limit]
        return due + new[: new_limit if new_limit is not None else 10]

    def record_review(self, card: Card, *, mode: Mode, given: str, correct: bool, score: float,
                      rating: Rating, duration_ms: int, now: datetime) -> Recorded:  # fmt: skip
        before = self.due.get(card.key)
        self.reviews.append(
            Review(card, mode, given, correct, score, rating, duration_ms, now, before)
        )
        if mode is Mode.START:
            self.due[card.key] = now + (timedelta(days=1) if correct else timedelta(hours=1))
        return Recorded(len(self.reviews), self.due.get(card.key))

    def amend_review(
        self, review_id: int, *, correct: bool, score: float, rating: Rating, now: datetime
    ) -> Recorded:
        self.amendments.append((review_id, correct, score, rating))
        review = self.reviews[review_id - 1]
        review.correct, review.score, review.rating = correct, score, rating
        return Recorded(review_id, now + timedelta(days=4))

    def sibling_answered(self, card: Card, now: datetime, apart: object = None) -> bool:
        return any(
            r.mode is Mode.START and r.card.fact == card.fact and r.card.key != card.key
            for r in self.reviews
        )

    def next_due(self, scope: Scope, now: datetime) -> datetime | None:
        times = [self.due[c.key] for c in scope.all_cards() if c.key in self.due]
        return min(times) if times else None

    def take_back(self, review_id: int) -> bool:
        review = self.reviews[review_id - 1]
        kept = [r for r in self.reviews if r.card.key == review.card.key and not r.taken_back]
        if not kept or kept[-1] is not review:
            return False  # only a card's latest review can be taken back
        review.taken_back = True
        if review.mode is Mode.START:
            if review.due_before is None:
                del self.due[review.card.key]
            else:
                self.due[review.card.key] = review.due_before
        return True


class Clock:
    """A monotonic clock that moves only when told to."""

    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


@dataclass
class ScriptedAsker:
    """Answers from a script; an exception in the script is raised instead."""

    answers: list[Given | BaseException | type[BaseException]]
    followups: list[Followup | type[BaseException]] = field(default_factory=list)
    clock: Clock | None = None
    seconds_per_answer: float = 2.5
    log: FakeLog | None = None
    asked: list[Question] = field(default_factory=list)
    progress_shown: list[Progress] = field(default_factory=list)
    feedback_given: list[Outcome] = field(default_factory=list)
    reviews_at_feedback: list[int] = field(default_factory=list)
    amended_shown: list[Outcome] = field(default_factory=list)
    reports: list[ExamReport] = field(default_factory=list)
    summaries: list[Summary] = field(default_factory=list)

    def progress(self, progress: Progress) -> None:
        self.progress_shown.append(progress)

    def ask(self, question: Question) -> Given:
        self.asked.append(question)
        if self.clock is not None:
            self.clock.t += self.seconds_per_answer
        answer = self.answers.pop(0)
        if isinstance(answer, (str, tuple)):
            return answer
        raise answer

    def feedback(self, outcome: Outcome) -> Followup:
        self.feedback_given.append(outcome)
        if self.log is not None:
            self.reviews_at_feedback.append(len(self.log.reviews))
        if not self.followups:
            return Followup.NEXT
        choice = self.followups.pop(0)
        if isinstance(choice, Followup):
            return choice
        raise choice

    def amended(self, outcome: Outcome) -> None:
        self.amended_shown.append(outcome)

    def report(self, report: ExamReport) -> None:
        self.reports.append(report)

    def summary(self, summary: Summary) -> None:
        self.summaries.append(summary)


def session(
    asker: ScriptedAsker, log: FakeLog, *, mode: Mode = Mode.START, time_limit: float | None = None
) -> Session:
    return Session(asker, log, mode=mode, grader=exact_grader, clock=asker.clock or Clock(),
                   now=lambda: NOW, seed=1, time_limit=time_limit)  # fmt: skip


CARDS = [
    card("one", answers=("alpha",), tags=("greek",)),
    card("two", answers=("beta",), tags=("greek", "letters")),
    card("three", answers=("gamma",), tags=("letters",)),
]


def test_card_fields_are_the_optional_fields_of_a_card() -> None:
    """``conftest.CardFields`` types the card helpers' ``**extra``: it must follow ``Card``."""
    required = {f.name for f in fields(Card) if f.default is f.default_factory is MISSING}
    optional = {f.name for f in fields(Card) if f.init} - required
    assert CardFields.__optional_keys__ == optional
    assert CardFields.__required_keys__ == frozenset()


# --- start ------------------------------------------------------------------------------------


def test_start_records_each_answer_with_rating_and_time() -> None:
    log, clock = FakeLog(), Clock()
    asker = ScriptedAsker(["alpha", "wrong", "GAMMA"], clock=clock, log=log)
    summary = session(asker, log).run(CARDS)
    assert [r.correct for r in log.reviews] == [True, False, True]
    assert [r.rating for r in log.reviews] == [Rating.GOOD, Rating.AGAIN, Rating.GOOD]
    assert {r.mode for r in log.reviews} == {Mode.START}
    assert [r.duration_ms for r in log.reviews] == [2500, 2500, 2500]
    assert [r.given for r in log.reviews] == ["alpha", "wrong", "GAMMA"]
    assert (summary.right, summary.wrong, summary.exit_code) == (2, 1, 0)
    assert summary.elapsed == pytest.approx(7.5)
    assert summary.next_due == NOW + timedelta(hours=1)  # the missed card, after its step
    assert asker.summaries == [summary]
    assert asker.reports == []


def test_an_overlong_answer_is_cut_before_it_is_graded_and_stored() -> None:
    log, clock = FakeLog(), Clock()
    pasted = "alpha " + "x" * 100_000
    asker = ScriptedAsker([pasted, "beta", "gamma"], clock=clock, log=log)
    session(asker, log).run(CARDS)
    assert log.reviews[0].given == pasted[:MAX_ANSWER_CHARS]
    assert [len(r.given) for r in log.reviews] == [MAX_ANSWER_CHARS, 4, 5]


def test_each_answer_is_recorded_before_feedback_is_shown() -> None:
    log = FakeLog()
    asker = ScriptedAsker(["alpha", "beta"], log=log)
    session(asker, log).run(CARDS[:2])
    assert asker.reviews_at_feedback == [1, 2]


def test_progress_counts_questions_and_score_so_far() -> None:
    log = FakeLog()
    asker = ScriptedAsker(["alpha", "no", "gamma"])
    session(asker, log).run(CARDS)
    shown = [(p.number, p.total, p.answered, p.right, p.show_score) for p in asker.progress_shown]
    assert shown == [(1, 3, 0, 0, True), (2, 3, 1, 1, True), (3, 3, 2, 1, True)]


def test_a_card_whose_sibling_another_session_answered_is_skipped() -> None:
    first, second = card("first", fact="capital"), card("second", fact="capital")
    log = FakeLog()
    elsewhere = ScriptedAsker(["yes"])
    session(elsewhere, log).run([first])  # another session answers the sibling first
    asker = ScriptedAsker(["yes", "alpha"])
    summary = session(asker, log).run([second, CARDS[0]])
    assert [q.card.id for q in asker.asked] == ["one"]
    assert [(p.number, p.total) for p in asker.progress_shown] == [(1, 1)]
    assert summary.planned == 1
    practice = ScriptedAsker(["yes"])  # practice is not scheduled: nothing waits
    session(practice, log, mode=Mode.PRACTICE).run([second])
    assert [q.card.id for q in practice.asked] == ["second"]


def test_practice_queue_asks_one_card_per_fact() -> None:
    cards = [card(f"c{n}", fact=f"fact-{n % 3}") for n in range(9)] + [card("free")]
    queue = practice_queue(cards, random.Random(2), 20)
    assert sorted(c.fact for c in queue) == ["", "fact-0", "fact-1", "fact-2"]
    assert len(practice_queue(cards, random.Random(2), 2)) == 2


def test_start_queue_passes_limits_and_caps_the_session() -> None:
    log = FakeLog(due={CARDS[0].key: NOW - timedelta(days=1)})
    queue = start_queue(log, Scope.of_cards(CARDS), NOW, new_limit=1, limit=5)
    assert queue == [CARDS[0], CARDS[1]]
    assert log.queue_calls == [(1, 5)]
    assert start_queue(log, Scope.of_cards(CARDS), NOW, new_limit=5, limit=2) == [
        CARDS[0],
        CARDS[1],
    ]
    assert start_queue(log, Scope.of_cards(CARDS), NOW, new_limit=0) == [CARDS[0]]


def test_siblings_sharing_an_answer_are_kept_apart() -> None:
    year = card("kh-year", Kind.YEAR, ("2003",))
    same_year = card("invasion-year", Kind.CHOICE, ("2003",), choices=("2003", "2005"))
    other = card("pmu-year", Kind.YEAR, ("2014",))
    blank = card("gap", Kind.CLOZE, ("2014",), blanks=(Blank(Kind.YEAR, ("2014",)),))
    assert spread_siblings([year, same_year, other]) == [year, other, same_year]
    assert spread_siblings([other, blank, year]) == [other, year, blank]
    # With nothing else to put between them, siblings still come (in order).
    assert spread_siblings([year, same_year]) == [year, same_year]
    # True/false and order cards have no answer to give away.
    tf_a, tf_b = card("tf-a", Kind.TRUEFALSE, ("true",)), card("tf-b", Kind.TRUEFALSE, ("true",))
    assert spread_siblings([tf_a, tf_b, year]) == [tf_a, tf_b, year]


# --- follow-ups -------------------------------------------------------------------------------


def test_i_was_right_amends_the_review_to_right_and_good() -> None:
    log = FakeLog()
    asker = ScriptedAsker(["alfa"], followups=[Followup.OVERRIDE])
    summary = session(asker, log).run(CARDS[:1])
    assert log.amendments == [(1, True, 1.0, Rating.GOOD)]
    assert log.reviews[0].correct is True
    assert summary.right == 1
    assert asker.amended_shown[0].followup is Followup.OVERRIDE
    assert asker.amended_shown[0].due == NOW + timedelta(days=4)


@pytest.mark.parametrize(("choice", "rating"), [(Followup.HARD, Rating.HARD),
                                                (Followup.EASY, Rating.EASY)])  # fmt: skip
def test_hard_and_easy_change_the_rating_of_a_right_answer(
    choice: Followup, rating: Rating
) -> None:
    log = FakeLog()
    asker = ScriptedAsker(["alpha"], followups=[choice])
    session(asker, log).run(CARDS[:1])
    assert log.amendments == [(1, True, 1.0, rating)]
    assert log.reviews[0].rating is rating


def test_override_of_a_right_answer_and_hard_on_a_wrong_one_change_nothing() -> None:
    log = FakeLog()
    asker = ScriptedAsker(["alpha", "nope"], followups=[Followup.OVERRIDE, Followup.HARD])
    session(asker, log).run(CARDS[:2])
    assert log.amendments == []
    assert asker.amended_shown == []
    assert [r.rating for r in log.reviews] == [Rating.GOOD, Rating.AGAIN]


def test_undo_takes_the_answer_back_and_the_card_is_not_asked_again() -> None:
    """Taking an answer back after seeing the right one is no free retry (issue 26, 11)."""
    log = FakeLog()
    asker = ScriptedAsker(["alfa", "beta"], followups=[Followup.UNDO], log=log)
    summary = session(asker, log).run(CARDS[:2])
    assert [q.card.id for q in asker.asked] == ["one", "two"]
    assert [(r.given, r.taken_back) for r in log.reviews] == [("alfa", True), ("beta", False)]
    assert summary.right + summary.wrong == 1
    assert asker.amended_shown[0].followup is Followup.UNDO
    assert CARDS[0].key not in log.due  # its state is what it was before: new
    assert not log.take_back(1)  # already taken back


# --- stopping ---------------------------------------------------------------------------------


def test_ctrl_c_keeps_answers_prints_summary_and_exits_130() -> None:
    log = FakeLog()
    asker = ScriptedAsker(["alpha", "beta", KeyboardInterrupt])
    summary = session(asker, log).run(CARDS)
    assert len(log.reviews) == 2
    assert summary.interrupted
    assert summary.exit_code == EXIT_INTERRUPTED == 130
    assert asker.summaries == [summary]
    assert len(summary.outcomes) == 2


def test_ctrl_c_at_the_feedback_prompt_keeps_that_answer() -> None:
    log = FakeLog()
    asker = ScriptedAsker(["alpha", "beta"], followups=[Followup.NEXT, KeyboardInterrupt])
    summary = session(asker, log).run(CARDS)
    assert [r.given for r in log.reviews] == ["alpha", "beta"]
    assert summary.exit_code == 130
    assert len(asker.asked) == 2


def test_end_of_input_ends_cleanly_with_exit_0() -> None:
    log = FakeLog()
    asker = ScriptedAsker(["alpha", EndOfInput()])
    summary = session(asker, log).run(CARDS)
    assert (len(log.reviews), summary.exit_code, summary.interrupted) == (1, 0, False)
    assert asker.summaries == [summary]


# --- practice ---------------------------------------------------------------------------------


def test_practice_records_with_practice_mode() -> None:
    log = FakeLog()
    asker = ScriptedAsker(["alpha", "x"])
    session(asker, log, mode=Mode.PRACTICE).run(CARDS[:2])
    assert [r.mode for r in log.reviews] == [Mode.PRACTICE, Mode.PRACTICE]
    assert log.due == {}
    assert len(asker.feedback_given) == 2


def test_filter_by_tag_and_kind() -> None:
    mixed = [*CARDS, card("four", Kind.YEAR, ("1999",), tags=("Greek",))]
    assert [c.id for c in filter_cards(mixed, tags=["greek"])] == ["one", "two", "four"]
    assert [c.id for c in filter_cards(mixed, kinds=[Kind.YEAR])] == ["four"]
    assert [c.id for c in filter_cards(mixed, tags=["letters"], kinds=[Kind.TEXT])] == [
        "two",
        "three",
    ]
    assert filter_cards(mixed, tags=["nothing"]) == []


def test_shuffled_is_seeded_and_counted() -> None:
    many = [card(f"c{n}") for n in range(20)]
    first = shuffled(many, random.Random(7), 5)
    assert first == shuffled(many, random.Random(7), 5)
    assert len(first) == 5 and len(set(first)) == 5
    assert sorted(c.id for c in shuffled(many, random.Random(1))) == sorted(c.id for c in many)
    assert [c.id for c in shuffled(many, random.Random(3))] != [c.id for c in many]


# --- exam -------------------------------------------------------------------------------------


def test_exam_gives_no_feedback_then_a_scored_report() -> None:
    log = FakeLog()
    explained = card("three", answers=("gamma",), tags=("letters",), explanation="Third letter.")
    asker = ScriptedAsker(["alpha", "beta", "delta"])
    summary = session(asker, log, mode=Mode.EXAM).run([CARDS[0], CARDS[1], explained])
    assert asker.feedback_given == []
    assert [r.mode for r in log.reviews] == [Mode.EXAM] * 3
    assert not any(p.show_score for p in asker.progress_shown)
    (report,) = asker.reports
    assert (report.right, report.total) == (2, 3)
    assert report.percent == pytest.approx(200 / 3)
    assert {(t.tag, t.right, t.total) for t in report.tags} == {("greek", 2, 2), ("letters", 1, 2)}
    (missed,) = report.missed
    assert (missed.card.id, missed.given, missed.expected) == ("three", "delta", "gamma")
    assert missed.card.explanation == "Third letter."
    assert asker.summaries == [summary]


def test_exam_time_limit_stops_and_counts_unreached_questions_as_missed() -> None:
    log, clock = FakeLog(), Clock()
    asker = ScriptedAsker(["alpha", "beta", "gamma"], clock=clock, seconds_per_answer=4)
    summary = session(asker, log, mode=Mode.EXAM, time_limit=10).run(CARDS)
    # Answers at 4 s and 8 s count; the third question opens with 2 s left and is
    # answered at 12 s, after the limit, so it is not recorded.
    assert [r.given for r in log.reviews] == ["alpha", "beta"]
    assert summary.time_up and summary.exit_code == 0
    assert [p.time_left for p in asker.progress_shown] == [10, 6, 2]
    (report,) = asker.reports
    assert (report.right, report.total, report.time_up) == (2, 3, True)
    assert [(m.card.id, m.given) for m in report.missed] == [("three", None)]


def test_time_up_raised_by_the_asker_ends_the_exam() -> None:
    log = FakeLog()
    asker = ScriptedAsker(["alpha", TimeUp()])
    summary = session(asker, log, mode=Mode.EXAM, time_limit=60).run(CARDS)
    assert summary.time_up and len(log.reviews) == 1
    assert asker.reports[0].total == 3


def test_a_stopped_exam_is_scored_over_every_question_planned() -> None:
    """Finding 6: two right of ten, then Ctrl-C, is 2 of 10 (the rest not reached), not 100%."""
    log = FakeLog()
    asker = ScriptedAsker(["yes", "yes", KeyboardInterrupt])
    cards = [card(f"c{n}") for n in range(10)]
    summary = session(asker, log, mode=Mode.EXAM).run(cards)
    assert summary.exit_code == 130
    (report,) = asker.reports
    assert (report.right, report.total, report.not_reached) == (2, 10, 8)
    assert "  Stopped early; 8 questions not reached count as missed." in report_lines(report)


def test_exam_report_with_untagged_cards() -> None:
    plain_card = card("bare", answers=("x",))
    log = FakeLog()
    asker = ScriptedAsker(["x"])
    summary = session(asker, log, mode=Mode.EXAM).run([plain_card])
    report = exam_report(summary, [plain_card])
    assert [(t.tag, t.right, t.total) for t in report.tags] == [("untagged", 1, 1)]
    assert report.missed == ()


# --- how cards are put ------------------------------------------------------------------------


def test_options_of_choice_truefalse_and_order_cards() -> None:
    rng = random.Random(3)
    choice = card("c", Kind.CHOICE, ("b",), choices=("a", "b", "c", "d"))
    assert sorted(card_options(choice, rng)) == ["a", "b", "c", "d"]
    assert card_options(card("t", Kind.TRUEFALSE, ("false",)), rng) == ("true", "false")
    order = card("o", Kind.ORDER, ("1", "2", "3"))
    for seed in range(20):
        items = card_options(order, random.Random(seed))
        assert sorted(items) == ["1", "2", "3"] and items != ("1", "2", "3")
    assert card_options(CARDS[0], rng) == ()
    assert shuffle_order(["only"], rng) == ("only",)


def test_questions_carry_options_and_order_and_cloze_answers_are_tuples() -> None:
    log = FakeLog()
    order = card("o", Kind.ORDER, ("first", "second"))
    cloze = card(
        "z",
        Kind.CLOZE,
        ("Ur", "1990"),
        prompt="{{Ur}} fell in {{year:1990}}.",
        blanks=(Blank(Kind.TEXT, ("Ur",)), Blank(Kind.YEAR, ("1990",))),
    )
    asker = ScriptedAsker([("first", "second"), ("Ur", "1990")])
    session(asker, log).run([order, cloze])
    assert asker.asked[0].options == ("second", "first")
    assert [r.given for r in log.reviews] == ["first | second", "Ur | 1990"]
    assert all(r.correct for r in log.reviews)


def test_numbered_cloze_numbers_blanks_or_marks_a_single_one() -> None:
    assert numbered_cloze("{{Ur}} fell in {{year:1990}}.") == "[1] fell in [2]."
    assert numbered_cloze("It fell in {{year:1990}}.") == "It fell in [?]."


def test_given_text() -> None:
    assert given_text("x") == "x"
    assert given_text(("a", "b")) == "a | b"


def test_default_grader_is_the_grading_module() -> None:
    log = FakeLog()
    person = card("p", Kind.PERSON, ("Mustafa al-Kadhimi",))
    asker = ScriptedAsker(["kadhimi"])
    summary = Session(asker, log, now=lambda: NOW, clock=Clock()).run([person])
    assert summary.right == 1


# --- exam counts agree ------------------------------------------------------------------------


def half_grader(card: Card, given: Given) -> Grade:
    """Half a point for "half", else exact."""
    if given == "half":
        return Grade(0.5, False, "", expected_answer(card))
    return exact_grader(card, given)


def exam_text(summary: Summary, report: ExamReport) -> str:
    from quizdeck.ui.text import report_lines, summary_lines

    return "\n".join(report_lines(report) + summary_lines(summary))


def test_exam_percent_comes_from_the_same_count_as_right_answers() -> None:
    asker = ScriptedAsker(["alpha", "half", "half"])
    exam = Session(asker, FakeLog(), mode=Mode.EXAM, grader=half_grader, clock=Clock(),
                   now=lambda: NOW, seed=1)  # fmt: skip
    summary = exam.run(CARDS)
    text = exam_text(summary, asker.reports[0])
    assert "Exam result: 1 of 3 right — 33%" in text
    assert "Done: 1 right, 2 wrong" in text
    assert "partial credit: 2 of 3 points" in text.lower()


def test_after_a_time_out_the_report_and_the_summary_count_the_same_questions() -> None:
    clock = Clock()
    asker = ScriptedAsker(["nope", "beta", "gamma"], clock=clock, seconds_per_answer=4)
    summary = session(asker, FakeLog(), mode=Mode.EXAM, time_limit=6).run(CARDS)
    (report,) = asker.reports
    text = exam_text(summary, report)
    assert "Exam result: 0 of 3 right — 0%" in text
    assert "Done: 0 right, 3 missed (1 wrong, 2 not reached)" in text
    assert summary.counts.missed == report.total - report.right == 3
