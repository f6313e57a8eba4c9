"""Cards that give each other away are kept apart like siblings: never on one study day in
``quiz start``, never in one exam or practice, for any deck."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizdeck.cli import main
from quizdeck.decks.apart import KeepApart
from quizdeck.decks.loading import check_deck_files
from quizdeck.decks.scope import Scope
from quizdeck.model import Card, Mode, Rating
from quizdeck.session.queue import practice_queue
from quizdeck.store import Store

NOW = datetime(2026, 2, 3, 15, 0, tzinfo=timezone.utc)
#: Card B asks for a year; card A's prompt shows it (in words, as a student would read it).
PAIR = """
[[card]]
id = "b-founded"
kind = "year"
prompt = "In what year was the guild founded?"
answer = 1987

[[card]]
id = "a-hall"
kind = "text"
prompt = "Where did the guild of nineteen eighty-seven, no: of 1987, first meet?"
answer = "the harbour hall"
"""


def deck_text(fillers: int = 38) -> str:
    cards = [PAIR] + [
        f'\n[[card]]\nid = "f{n:02}"\nkind = "text"\nprompt = "Which word is number {n}?"\n'
        f'answer = "word{n}"\n'
        for n in range(fillers)
    ]
    return '[deck]\nid = "guild"\ntitle = "Guild"\n' + "".join(cards)


@pytest.fixture
def deck_file(tmp_path: Path) -> Path:
    path = tmp_path / "guild.toml"
    path.write_text(deck_text(), encoding="utf-8")
    return path


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "progress.sqlite3", tz=timezone.utc) as opened:
        yield opened


def _scope(path: Path) -> Scope:
    decks, problems = check_deck_files([path], cached=True)
    assert not problems
    return Scope.of_decks(decks)


def _answer(store: Store, card: Card, when: datetime) -> None:
    store.record_review(card, mode=Mode.START, given="x", correct=True, score=1.0,
                        rating=Rating.GOOD, duration_ms=900, now=when)  # fmt: skip


def test_the_deck_knows_a_and_b_give_each_other_away(deck_file: Path) -> None:
    apart = _scope(deck_file).apart()
    assert apart.related(("guild", "a-hall")) == {("guild", "b-founded")}
    assert apart.related(("guild", "b-founded")) == {("guild", "a-hall")}
    # Read again, the relation comes from the deck cache (the same, not found again).
    assert _scope(deck_file).apart().pairs() == apart.pairs()


def test_past_the_size_bound_sessions_keep_only_siblings_apart(
    deck_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Finding give-aways grows faster than the cards: past the bound a session does not look
    (quiz due at 300,000 cards ran for half an hour); quiz lint still does."""
    from quizdeck.decks import scope as scopes

    cards = len(_scope(deck_file).keys())
    monkeypatch.setattr(scopes, "MAX_KEPT_APART_CARDS", cards - 1)
    assert len(_scope(deck_file).apart()) == 0
    monkeypatch.setattr(scopes, "MAX_KEPT_APART_CARDS", cards)
    assert _scope(deck_file).apart().related(("guild", "a-hall")) == {("guild", "b-founded")}
    result = CliRunner().invoke(main, ["lint", str(deck_file)])
    assert "a-hall" in result.output or "b-founded" in result.output


def test_past_the_size_bound_the_next_command_does_not_look_again(
    deck_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 300,000 cards every ``quiz due`` read the kept tables for 0.85 s only to find the
    scope past the bound: that finding is kept with the decks like any other."""
    from quizdeck.decks import scope as scopes

    cards = len(_scope(deck_file).keys())
    monkeypatch.setattr(scopes, "MAX_KEPT_APART_CARDS", cards - 1)
    assert len(_scope(deck_file).apart()) == 0

    def looked(*_args: object) -> None:
        raise AssertionError("the tables were read again")

    monkeypatch.setattr(scopes, "_tables", looked)
    assert len(_scope(deck_file).apart()) == 0


def test_past_the_size_bound_no_table_is_worked_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bound is checked from the decks' sizes before any deck's table is made: a cold
    ``quiz due`` at 300,000 cards made the first decks' tables and then threw them away."""
    from quizdeck.decks import deck_forms
    from quizdeck.decks import scope as scopes

    paths = [tmp_path / "one.toml", tmp_path / "two.toml"]
    for number, path in enumerate(paths):
        path.write_text(deck_text().replace('id = "guild"', f'id = "guild{number}"'), "utf-8")
    decks, problems = check_deck_files(paths, cached=True)
    assert not problems
    cards = sum(len(deck.cards) for deck in decks)
    monkeypatch.setattr(scopes, "MAX_KEPT_APART_CARDS", cards - 1)

    def made(*_args: object) -> None:
        raise AssertionError("a give-away table was worked out")

    monkeypatch.setattr(deck_forms, "form_table", made)
    assert len(Scope.of_decks(decks).apart()) == 0


@pytest.mark.parametrize("seed", range(6))
def test_a_40_card_start_session_never_asks_b_after_a_on_one_day(
    store: Store, deck_file: Path, seed: int
) -> None:
    scope = _scope(deck_file)
    store.set_setting("new_per_day", "50")
    asked: list[str] = []
    when = NOW
    for _ in range(3):  # three sessions on one study day
        queue = store.build_queue(scope, when, new_limit=40, seed=seed)
        for card in queue:
            if card.fact or not store.sibling_answered(card, when, scope.apart()):
                _answer(store, card, when)
                asked.append(card.id)
        when += timedelta(minutes=20)
    assert len(set(asked)) == 39
    assert not {"a-hall", "b-founded"} <= set(asked)
    tomorrow = store.build_queue(scope, store.next_day_start(NOW), new_limit=40, seed=seed)
    assert {"a-hall", "b-founded"} & {card.id for card in tomorrow}


def test_b_waits_in_a_session_once_a_was_answered_elsewhere(store: Store, deck_file: Path) -> None:
    scope = _scope(deck_file)
    a = next(card for card in scope.all_cards() if card.id == "a-hall")
    b = next(card for card in scope.all_cards() if card.id == "b-founded")
    _answer(store, a, NOW)
    assert store.sibling_answered(b, NOW + timedelta(minutes=1), scope.apart())
    assert not store.sibling_answered(a, NOW + timedelta(minutes=1), scope.apart())
    assert b.id not in {card.id for card in store.build_queue(scope, NOW, new_limit=40)}


@pytest.mark.parametrize("seed", range(20))
def test_an_exam_or_practice_never_holds_both(deck_file: Path, seed: int) -> None:
    scope = _scope(deck_file)
    queue = practice_queue(scope.all_cards(), random.Random(seed), 40, scope.apart())
    ids = {card.id for card in queue}
    assert len(ids) == 39 and not {"a-hall", "b-founded"} <= ids


def test_quiz_exam_never_asks_both(deck_file: Path) -> None:
    for seed in range(4):
        result = CliRunner().invoke(
            main, ["exam", str(deck_file), "--plain", "--count", "40", "--seed", str(seed)],
            input="\n" * 40,
        )  # fmt: skip
        shown = {"a-hall": "first meet?" in result.output, "b": "guild founded?" in result.output}
        assert any(shown.values()) and not all(shown.values()), result.output


def test_keep_apart_groups_name_both_cards_once() -> None:
    apart = KeepApart([(("d", "a"), ("d", "b")), (("d", "b"), ("d", "a"))])
    assert apart.groups(("d", "a")) == apart.groups(("d", "b")) == ("~d/a|d/b",)
    assert apart.pairs() == [(("d", "a"), ("d", "b"))]
