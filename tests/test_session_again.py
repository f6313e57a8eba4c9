"""Missed cards come back to the same session after their learning step, as in Anki: while fresh
cards remain once the step is over, and early (within 20 minutes) when nothing else is left."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from click.testing import CliRunner

from quizdeck.cli import main
from quizdeck.model import Card, Kind
from quizdeck.session.again import LEARN_AHEAD, Upcoming
from quizdeck.store import Store

NOW = datetime(2026, 5, 1, 9, tzinfo=timezone.utc)


def cards(count: int) -> list[Card]:
    return [Card("d", f"c{n}", Kind.TEXT, f"Q{n}?", (f"A{n}",)) for n in range(count)]


def test_a_card_back_from_its_step_goes_before_the_next_fresh_card() -> None:
    one, two, three = cards(3)
    upcoming = Upcoming([one, two, three])
    assert upcoming.next(NOW) == one
    upcoming.again(one, NOW + timedelta(minutes=1), NOW)
    assert upcoming.next(NOW) == two  # its minute is not over: the next fresh card
    assert upcoming.next(NOW + timedelta(minutes=2)) == one  # over: before the third card
    assert upcoming.next(NOW + timedelta(minutes=2)) == three
    assert upcoming.next(NOW + timedelta(minutes=2)) is None


def test_learn_ahead_when_nothing_else_is_left() -> None:
    (card,) = cards(1)
    upcoming = Upcoming([card])
    assert upcoming.next(NOW) == card
    upcoming.again(card, NOW + timedelta(minutes=10), NOW)
    assert len(upcoming) == 1
    assert upcoming.next(NOW) == card  # asked early rather than ending the session
    upcoming.again(card, NOW + LEARN_AHEAD + timedelta(seconds=1), NOW)
    assert len(upcoming) == 0 and upcoming.next(NOW) is None  # beyond reach: a later session
    upcoming.again(card, None, NOW)
    assert upcoming.next(NOW) is None


def test_returns_come_in_due_order_and_can_be_dropped() -> None:
    one, two, three = cards(3)
    upcoming = Upcoming([])
    upcoming.again(one, NOW + timedelta(minutes=5), NOW)
    upcoming.again(two, NOW + timedelta(minutes=1), NOW)
    upcoming.again(three, NOW + timedelta(minutes=3), NOW)
    upcoming.drop(three)
    assert [upcoming.next(NOW), upcoming.next(NOW), upcoming.next(NOW)] == [two, one, None]


DECK = '[deck]\nid = "d"\ntitle = "D"\n' + "".join(
    f'\n[[card]]\nid = "c{n}"\nkind = "text"\nprompt = "Capital number {n}?"\nanswer = "City{n}"\n'
    for n in range(3)
)


def test_wrong_answers_on_three_new_cards_come_back_before_the_session_ends(tmp_path: Path) -> None:
    path = tmp_path / "d.toml"
    path.write_text(DECK, encoding="utf-8")
    dry = CliRunner().invoke(main, ["start", str(path), "--plain", "--new", "3", "--profile", "x"],
                             input="\n\n\n")  # fmt: skip
    order = [line.split()[2].rstrip("?") for line in dry.output.splitlines()
             if line.startswith("Capital number")][:3]  # fmt: skip
    right = "".join(f"City{number}\n" for number in order)
    result = CliRunner().invoke(main, ["start", str(path), "--plain", "--new", "3"],
                                input="wrong\nwrong\nwrong\n" + right)  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Done: 3 right, 3 wrong" in result.output
    with Store.for_profile("default") as store:
        rows = store.history()
    assert sorted(row.card for row in rows) == ["c0", "c0", "c1", "c1", "c2", "c2"]
    assert [row.correct for row in sorted(rows, key=lambda row: row.id)] == [False] * 3 + [True] * 3


def quiz(*args: str, input: str) -> str:
    result = CliRunner().invoke(main, list(args), input=input)
    assert result.exit_code == 0, result.output
    return result.output


def test_plain_mode_commands_change_the_previous_answer(tmp_path: Path) -> None:
    path = tmp_path / "d.toml"
    path.write_text(DECK, encoding="utf-8")
    output = quiz("start", str(path), "--plain", "--new", "2", input="nope\n/r\n?\n")
    assert "At the next prompt: /r if you were right" in output
    assert "Noted: counted as right" in output
    with Store.for_profile("default") as store:
        rows = sorted(store.history(), key=lambda row: row.id)
    assert [(row.correct, row.given) for row in rows] == [(True, "nope"), (False, "")]


def test_plain_undo_takes_the_answer_back_and_asks_again(tmp_path: Path) -> None:
    path = tmp_path / "d.toml"
    path.write_text(DECK, encoding="utf-8")
    output = quiz("start", str(path), "--plain", "--new", "1", "--seed", "2", input="typo\n/u\n")
    assert "Taken back: not counted." in output
    # Asked, back after its step (where /u takes the first answer back): not asked a third
    # time, since its answer was shown (issue 26, finding 11).
    assert output.count("Capital number") == 2
    with Store.for_profile("default") as store:
        assert store.history() == []
        assert store.card_state("d", "c0") is None and store.card_state("d", "c1") is None


def test_take_back_only_the_latest_review_of_a_card(tmp_path: Path) -> None:
    from quizdeck.model import Mode, Rating

    card = cards(1)[0]
    with Store.open(tmp_path / "p.sqlite3") as store:
        first = store.record_review(card, mode=Mode.START, given="x", correct=False, score=0.0,
                                    rating=Rating.AGAIN, duration_ms=1, now=NOW)  # fmt: skip
        second = store.record_review(card, mode=Mode.START, given="A0", correct=True, score=1.0,
                                     rating=Rating.GOOD, duration_ms=1,
                                     now=NOW + timedelta(minutes=2))  # fmt: skip
        assert not store.take_back(first.review_id)  # not the latest: kept
        assert store.take_back(second.review_id)
        state = store.card_state("d", "c0")
        assert state is not None and state.lapses == 0 and len(store.history()) == 1
        assert store.take_back(first.review_id)
        assert store.card_state("d", "c0") is None and store.history() == []


def test_the_recap_lists_missed_cards_and_json_gives_it_to_scripts(tmp_path: Path) -> None:
    import json

    path = tmp_path / "d.toml"
    path.write_text(DECK, encoding="utf-8")
    first = quiz("start", str(path), "--plain", "--new", "2", input="x\ny\n")
    assert (
        first.splitlines()[0]
        == "2 cards today, about 1 min. Esc or Ctrl-C stops; every answer is kept."
    )
    assert "Missed:" in first and " — City" in first
    again = quiz("practice", str(path), "--plain", "--count", "1", "--json", input="nope\n")
    assert "cards today" not in again
    recap = json.loads(again.strip().splitlines()[-1])
    assert recap["mode"] == "practice" and recap["answered"] == 1 and recap["wrong"] == 1
    (miss,) = recap["missed"]
    assert miss["given"] == "nope" and miss["answer"].startswith("City")
    later = quiz("start", str(path), "--plain", "--new", "1", input="z\n")
    assert "cards today" not in later  # only the first session of a profile


def test_an_exam_answer_cannot_be_changed_from_the_next_prompt(tmp_path: Path) -> None:
    path = tmp_path / "d.toml"
    path.write_text(DECK, encoding="utf-8")
    output = quiz("exam", str(path), "--plain", "--count", "2", input="nope\n/r\nstill\n")
    assert "Noted" not in output and "Exam result: 0 of 2 right" in output
    with Store.for_profile("default") as store:
        assert [row.correct for row in store.history()] == [False, False]
