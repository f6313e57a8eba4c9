"""Missed cards come back to the same session after their learning step, as in Anki: while fresh
cards remain once the step is over, and early (within 20 minutes) when nothing else is left."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from click.testing import CliRunner

from quizdeck.cards import Card, Kind
from quizdeck.cli import main
from quizdeck.session_again import LEARN_AHEAD, Upcoming
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
