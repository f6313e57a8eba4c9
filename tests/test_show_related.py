"""``quiz show --related``: what a card is kept apart from in sessions, and why."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from quizdeck.cli import main
from quizdeck.decks.loading import check_deck_files, load_decks
from quizdeck.decks.scope import Scope
from quizdeck.session.related import Relations

DECK = """[deck]
id = "guild"
title = "Guild"

[[card]]
id = "b-founded"
kind = "year"
prompt = "In what year was the guild founded?"
answer = 1987

[[card]]
id = "a-hall"
kind = "text"
prompt = "Where did the guild of 1987 first meet?"
answer = "the harbour hall"

[[card]]
id = "master-who"
fact = "master"
kind = "person"
prompt = "Who was the guild's first master?"
answer = "Ada Lovelace"

[[card]]
id = "master-when"
fact = "master"
kind = "year"
prompt = "When did its first master take office?"
answer = 1990

[[card]]
id = "seal"
kind = "text"
prompt = "What does the guild's seal show?"
answer = "a ship"
explanation = "A ship, as on the banner Lovelace chose."

[[card]]
id = "alone"
kind = "text"
prompt = "What colour is the guild's gown?"
answer = "mauve"
"""


@pytest.fixture
def deck_file(tmp_path: Path) -> Path:
    path = tmp_path / "guild.toml"
    path.write_text(DECK, encoding="utf-8")
    return path


def show(*args: str) -> str:
    result = CliRunner().invoke(main, ["show", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_a_card_showing_anothers_answer_names_the_field_and_the_text(deck_file: Path) -> None:
    output = show(str(deck_file), "a-hall", "--related")
    assert "[a-hall] kept apart from 1 card(s)" in output
    assert "  guild/b-founded\n" in output
    assert "its prompt shows '1987', the answer of card guild/b-founded" in output


def test_the_card_shown_says_who_shows_its_answer(deck_file: Path) -> None:
    output = show(str(deck_file), "b-founded", "--related")
    assert "card guild/a-hall's prompt shows this card's answer ('1987')" in output
    person = show(str(deck_file), "master-who", "--related")
    assert "card guild/seal's explanation shows this card's answer ('Lovelace')" in person


def test_siblings_come_first_with_their_fact(deck_file: Path) -> None:
    output = show(str(deck_file), "master-who", "--related")
    assert "kept apart from 2 card(s)" in output
    sibling = output.index("guild/master-when")
    assert sibling < output.index("guild/seal")
    assert "a sibling: both test the fact 'master'" in output


def test_a_card_kept_apart_from_nothing_says_so(deck_file: Path) -> None:
    output = show(str(deck_file), "alone", "--related")
    assert "[alone] kept apart from 0 card(s)" in output


def test_without_a_card_every_related_card_of_the_deck_is_listed(deck_file: Path) -> None:
    output = show(str(deck_file), "--related")
    for card in ("a-hall", "b-founded", "master-who", "master-when", "seal"):
        assert f"[{card}] kept apart from" in output
    assert "[alone]" not in output
    assert "Where did the guild" not in output  # the relations, not the cards


def test_a_deck_with_nothing_kept_apart_says_so(tmp_path: Path) -> None:
    path = tmp_path / "small.toml"
    path.write_text('[deck]\nid = "small"\ntitle = "S"\n\n[[card]]\nid = "x"\nkind = "text"\n'
                    'prompt = "What?"\nanswer = "quuxwort"\n', encoding="utf-8")  # fmt: skip
    assert "No card of this deck is kept apart" in show(str(path), "--related")


def test_an_unknown_card_is_one_line_with_a_hint(deck_file: Path) -> None:
    result = CliRunner().invoke(main, ["show", str(deck_file), "a-hal", "--related"])
    assert result.exit_code == 1
    assert "deck 'guild' has no card 'a-hal' (did you mean 'a-hall'?)" in result.output


def test_the_reasons_are_inert(tmp_path: Path) -> None:
    path = tmp_path / "evil.toml"
    path.write_text(
        '[deck]\nid = "evil"\ntitle = "E"\n\n[[card]]\nid = "owner"\nkind = "text"\n'
        'prompt = "Which hall?"\nanswer = "Harbour Hall \\u001b]0;owned\\u0007"\n\n'
        '[[card]]\nid = "shower"\nkind = "text"\nprompt = "Who met in the harbour hall 0 '
        'owned?"\nanswer = "the guild"\n',
        encoding="utf-8",
    )
    output = show(str(path), "owner", "--related")
    assert "card evil/shower's prompt shows this card's answer" in output
    assert "\x1b" not in output and "\x07" not in output
    assert "\\x1b]0;owned\\x07" in output


def test_cards_of_other_decks_found_are_listed_too(
    deck_file: Path, quiz_home: Path, tmp_path: Path
) -> None:
    decks = quiz_home / "decks"
    decks.mkdir(exist_ok=True)
    (decks / "ships.toml").write_text(
        '[deck]\nid = "ships"\ntitle = "Ships"\n\n[[card]]\nid = "hall-ship"\nkind = "text"\n'
        'prompt = "Which ship is painted in the harbour hall?"\nanswer = "the Mary"\n',
        encoding="utf-8",
    )
    output = show(str(deck_file), "a-hall", "--related")
    assert "card ships/hall-ship's prompt shows this card's answer ('the harbour hall')" in output


def test_the_relations_are_the_ones_sessions_keep_apart() -> None:
    decks = load_decks()
    cards = [card for deck in decks for card in deck.cards]
    relations = Relations(cards)
    apart = Scope.of_decks(decks).apart()
    kept = 0
    for card in cards:
        found = relations.of(card.key)
        siblings = {other.key for other in found if other.reasons[0].startswith("a sibling")}
        assert siblings == {c.key for c in cards if card.fact and c.fact == card.fact} - {card.key}
        assert {other.key for other in found} - siblings == apart.related(card.key)
        kept += bool(apart.related(card.key))
    assert kept  # the bundled decks still have give-aways to keep apart


def test_relations_of_a_read_deck_match_its_cached_scope(deck_file: Path) -> None:
    decks, problems = check_deck_files([deck_file], cached=True)
    assert not problems
    relations = Relations([card for deck in decks for card in deck.cards])
    scope = Scope.of_decks(decks)
    for card in scope.all_cards():
        others = {r.key for r in relations.of(card.key) if not r.reasons[0].startswith("a sib")}
        assert others == scope.apart().related(card.key)
