"""`quiz lint`: siblings (cards naming one fact, across decks too) must agree and differ."""

from __future__ import annotations

from pathlib import Path

import pytest

from lint_support import card, deck, findings, lint, make_folder


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return make_folder(tmp_path, monkeypatch)


PAD = card("pad", "truefalse", "Orla Venn was a glassmaker.", "true", fact='"founder-trade"')
PAD += card(
    "pad-typed", "text", "What was Orla Venn's trade?", '"glassmaker"', fact='"founder-trade"'
)


def test_siblings_with_one_answer_must_accept_the_same_variants(folder: Path) -> None:
    one = card(
        "town",
        "text",
        "Where was it founded?",
        '"Velmora"',
        accept='["Port Velmora"]',
        fact='"town"',
    )
    two = card("town-again", "text", "Which town is its home?", '"Velmora"', fact='"town"')
    two += card("other", "text", "Which town did the storm hit?", '"Oslo"', fact='"town"')
    code, lines = lint(folder, {"one.toml": deck("one", one + PAD), "two.toml": deck("two", two)})
    assert code == 1
    assert findings(lines, "error") == [
        "two.toml:6: error: rejects 'Port Velmora', accepted by its sibling "
        "card 'one/town' (one.toml:6) (fact 'town')"
    ]


def test_a_fact_tested_only_by_true_false_is_a_warning(folder: Path) -> None:
    cards = card("a", "truefalse", "The society met on Thursdays.", "true", fact='"weekday"')
    cards += card("b", "truefalse", "The society met on Mondays.", "false", fact='"weekday"')
    code, lines = lint(folder, {"d.toml": deck("d", cards + PAD)})
    assert code == 0
    assert findings(lines, "warning") == [
        "d.toml:6: warning: fact 'weekday' is tested only by true/false (this card, and "
        "card 'b' (line 15)): add a typed card",
        "d.toml:15: warning: repeats its sibling card 'a' (line 6): same fact 'weekday', "
        "same truefalse question; keep one or ask another angle",
    ]


def test_a_card_without_fact_in_a_deck_that_names_facts_is_a_warning(folder: Path) -> None:
    cards = card("a", "text", "Which town?", '"Velmora"')
    alone = card("b", "text", "Which harbour?", '"Velmora"')
    code, lines = lint(folder, {"d.toml": deck("d", cards + PAD), "e.toml": deck("e", alone)})
    assert code == 0
    assert findings(lines, "warning") == [
        "d.toml:6: warning: card names no fact, unlike 2 card(s) of deck 'd'",
    ]


def test_siblings_of_one_kind_asking_for_one_answer_repeat_each_other(folder: Path) -> None:
    one = card("founded", "year", "When was the society founded?", "1987", fact='"founding"')
    one += card("founder", "person", "Who founded the society?", '"Orla Venn"', fact='"founding"')
    two = card("start", "year", "In what year did Orla Venn start it?", "1987", fact='"founding"')
    two += card("place", "text", "In which town did it start?", '"Velmora"', fact='"founding"')
    two += card("glass", "text", "What did its founder make?", '"glass"', fact='"founding"')
    code, lines = lint(folder, {"one.toml": deck("one", one), "two.toml": deck("two", two)})
    assert code == 0
    assert findings(lines, "warning") == [
        "two.toml:6: warning: repeats its sibling card 'one/founded' (one.toml:6): "
        "same fact 'founding', same year question; keep one or ask another angle"
    ]
