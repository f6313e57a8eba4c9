"""Issue 26: the study loop with a real progress store and a pinned clock. Learning cards stay
in the session, the question counter counts cards, ``--limit`` caps questions, and what the
student changes after a verdict changes what comes back."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from click.testing import CliRunner

from quizdeck.cli import main
from quizdeck.decks.scope import Scope
from quizdeck.model import Kind, Mode
from quizdeck.scheduler import State
from quizdeck.session.asking import Followup
from quizdeck.session.engine import Session
from quizdeck.store import Store
from test_session import Clock, ScriptedAsker, card, exact_grader

START = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


class Now:
    """``now`` for the session: moves on ``step`` each time an answer is given."""

    def __init__(self, step: timedelta = timedelta(seconds=20)) -> None:
        self.moment, self.step = START, step

    def __call__(self) -> datetime:
        return self.moment


class Timed(ScriptedAsker):
    """A scripted asker whose answers take ``now.step`` of the session's time each."""

    def __init__(self, answers: list[object], now: Now, **extra: object) -> None:
        super().__init__(answers, **extra)  # type: ignore[arg-type]
        self.now = now

    def ask(self, question):  # type: ignore[no-untyped-def]
        self.now.moment += self.now.step
        return super().ask(question)


def run(store: Store, cards, answers, *, followups=(), limit=None, waiting=()):  # type: ignore[no-untyped-def]
    now = Now()
    asker = Timed(list(answers), now, followups=list(followups))
    session = Session(asker, store, grader=exact_grader, clock=Clock(), now=now, seed=1,
                      limit=limit)  # fmt: skip
    summary = session.run(cards, Scope.of_cards(cards), waiting)
    return asker, summary


def test_new_cards_stay_in_the_session_until_each_has_graduated(tmp_path: Path) -> None:
    """Gap 2: five new cards answered right each time come back (their learning step is within
    the learn-ahead window) until they graduate; the counter counts the five cards."""
    cards = [card(f"c{n}", answers=("yes",)) for n in range(5)]
    with Store.open(tmp_path / "p.db") as store:
        asker, summary = run(store, cards, ["yes"] * 20)
        states = [store.card_state("test", c.id) for c in cards]
    assert all(s is not None and s.memory and s.memory.state is State.REVIEW for s in states)
    assert len(summary.outcomes) == 10  # each card twice: a first time, then its step of 10 min
    shown = [(p.number, p.total, p.again) for p in asker.progress_shown]
    assert shown[:5] == [(n, 5, False) for n in range(1, 6)]
    assert shown[5:] == [(n, 5, True) for n in range(1, 6)]


def test_a_missed_card_comes_back_until_answered_right(tmp_path: Path) -> None:
    cards = [card("a", answers=("yes",)), card("b", answers=("yes",))]
    with Store.open(tmp_path / "p.db") as store:
        asker, _ = run(store, cards, ["no", "yes", "yes", "yes", "yes", "yes"])
    assert [q.card.id for q in asker.asked] == ["a", "b", "a", "b", "a"]


def test_limit_caps_the_questions_asked_again_included(tmp_path: Path) -> None:
    """Finding 8: --limit 2 asks two questions, the cards of the queue first."""
    cards = [card("a", answers=("yes",)), card("b", answers=("yes",))]
    with Store.open(tmp_path / "p.db") as store:
        asker, summary = run(store, cards, ["no"] * 10, limit=2)
    assert [q.card.id for q in asker.asked] == ["a", "b"]
    assert summary.limit_reached


def test_a_taken_back_answer_is_not_asked_again_for_a_free_retry(tmp_path: Path) -> None:
    """Finding 11: after u, the card (whose answer was shown) is not asked again now, and the
    answer taken back is not counted."""
    cards = [card("a", answers=("yes",)), card("b", answers=("yes",))]
    with Store.open(tmp_path / "p.db") as store:
        asker, summary = run(store, cards, ["no", "no"] + ["yes"] * 5, followups=[Followup.UNDO])
        assert store.card_state("test", "a") is None  # as new as before
    assert [q.card.id for q in asker.asked][:2] == ["a", "b"]
    assert "a" not in [q.card.id for q in asker.asked][1:]
    assert [o.card.id for o in summary.outcomes][:1] == ["b"]


def test_i_was_right_only_for_a_typed_answer_given(tmp_path: Path) -> None:
    """Finding 5: not for an empty answer, a true/false or a choice."""
    typed = card("t", answers=("Ur",))
    truth = card("s", Kind.TRUEFALSE, ("false",))
    choice = card("c", Kind.CHOICE, ("Ur",), choices=("Ur", "Uruk"))
    for shown, given, right in [(typed, "", False), (truth, "true", False),
                                (choice, "Uruk", False), (typed, "Uruk", True)]:  # fmt: skip
        with Store.open(tmp_path / f"{shown.id}{given}.db") as store:
            _, summary = run(store, [shown], [given] + [shown.answers[0]] * 6,
                             followups=[Followup.OVERRIDE])  # fmt: skip
        assert summary.outcomes[0].correct is right, (shown.kind, given)


def test_i_was_right_drops_the_re_ask_of_a_forgotten_review(tmp_path: Path) -> None:
    """Finding 9: a review card missed, then "I was right": it is not asked again seconds
    later (its new due date is days away)."""
    a, b = card("a", answers=("Ur",)), card("b", answers=("Ur",))
    with Store.open(tmp_path / "p.db") as store:
        for when in (START - timedelta(days=30), START - timedelta(days=29)):
            store.record_review(a, mode=Mode.START, given="Ur", correct=True, score=1.0,
                                rating=3, duration_ms=0, now=when)  # type: ignore[arg-type]  # fmt: skip
        asker, _ = run(store, [a, b], ["Uruk", "Ur", "Ur", "Ur"], followups=[Followup.OVERRIDE])
    assert [q.card.id for q in asker.asked] == ["a", "b", "b"]


def test_a_card_missed_before_a_stop_comes_back_in_the_next_session(tmp_path: Path) -> None:
    """Finding 7: missed, then the session stopped; started again at once, its learning step
    is not over, but it is due within the learn-ahead window: the session asks it."""
    deck = tmp_path / "d.toml"
    deck.write_text(
        '[deck]\nid = "d"\ntitle = "D"\n'
        + "".join(
            f'\n[[card]]\nid = "c{n}"\nkind = "text"\nprompt = "Word {n}?"\nanswer = "w{n}"\n'
            for n in range(6)
        ),
        encoding="utf-8",
    )
    runner = CliRunner()
    env = {"QUIZ_NOW": "2026-03-02T09:00:00+00:00"}
    first = runner.invoke(main, ["start", str(deck), "--plain", "--new", "4"], input="x\n", env=env)
    missed = next(f"Word {n}?" for n in range(6) if f"Word {n}?" in first.output)
    env = {"QUIZ_NOW": "2026-03-02T09:00:20+00:00"}
    again = runner.invoke(main, ["start", str(deck), "--plain", "--new", "4"], input="x\n" * 5,
                          env=env)  # fmt: skip
    assert again.exit_code == 0, again.output
    assert "Question 1 of 5" in again.output  # four new cards and the one missed
    assert missed in again.output.split("Question 5 of 5")[1]  # asked when its step is near


def test_limit_on_the_command_line(tmp_path: Path) -> None:
    deck = tmp_path / "d.toml"
    deck.write_text(
        '[deck]\nid = "d"\ntitle = "D"\n\n[[card]]\nid = "a"\nkind = "text"\nprompt = "A?"\n'
        'answer = "a"\n\n[[card]]\nid = "b"\nkind = "text"\nprompt = "B?"\nanswer = "b"\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["start", str(deck), "--plain", "--limit", "2"],
                                input="x\n" * 6)  # fmt: skip
    assert result.output.count("> x") == 2
    assert "1 card today" not in result.output and "2 cards today" in result.output


MIXED = """[deck]
id = "m"
title = "M"

[[card]]
id = "q"
kind = "match"
prompt = "Match the rivers."
answer = [["Ur", "Euphrates"], ["Nineveh", "Tigris"], ["Thebes", "Nile"]]

[[card]]
id = "p"
kind = "match"
prompt = "Match the kings."
answer = [["Sargon", "Akkad"], ["Hammurabi", "Babylon"], ["Gilgamesh", "Uruk"]]
"""


def plain_session(tmp_path: Path, text: str) -> str:
    deck = tmp_path / "m.toml"
    deck.write_text(MIXED, encoding="utf-8")
    result = CliRunner().invoke(main, ["practice", str(deck), "--plain", "--seed", "1"],
                                input=text)  # fmt: skip
    return result.output


def test_plain_i_was_right_is_refused_for_an_answer_never_given(tmp_path: Path) -> None:
    """Finding 5, plain mode: an empty answer, then /r: not counted as right."""
    out = plain_session(tmp_path, "\n/r\n?\n")  # a match: nothing typed to misjudge
    assert 'Not changed: "I was right" is for an answer you typed' in out
    assert "Done: 0 right" in out


def test_plain_question_mark_on_a_match_and_the_same_options_after_r(tmp_path: Path) -> None:
    """Finding 9: ? is taken on a match; after /u the next question is shown as before."""
    out = plain_session(tmp_path, "?\n/u\n?\n")
    assert "Give one letter" not in out
    second = "Match the rivers." if out.index("Match the kings.") < out.index(
        "Match the rivers.") else "Match the kings."  # fmt: skip
    lists = [block.split("Give each item")[0] for block in out.split(second)[1:]]
    assert "a) " in lists[0] and lists[0] == lists[1]  # then the recap names it once more


def test_one_card_and_a_swapped_command_name() -> None:
    """Finding 12 (part): "1 card", and 'quiz strat' suggests start, not stats."""
    from quizdeck.display import did_you_mean, plural

    assert (plural(1, "card"), plural(2, "card")) == ("1 card", "2 cards")
    result = CliRunner().invoke(main, ["strat"])
    assert "did you mean 'start'?" in result.output
    assert did_you_mean("practise", ["practice", "start"]) == " (did you mean 'practice'?)"
