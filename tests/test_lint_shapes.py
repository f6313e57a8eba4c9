"""`quiz lint`: a card's shape must fit what it asks (kinds, options, order items, blanks)."""

from __future__ import annotations

from pathlib import Path

import pytest

from lint_support import card, deck, findings, lint, make_folder
from quizdeck.lint.sorts import Sort, sort_of


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return make_folder(tmp_path, monkeypatch)


PAD = card("pad", "truefalse", "Orla Venn was a glassmaker.", "true")


@pytest.mark.parametrize(
    ("text", "sort"),
    [
        ("1987", Sort.YEAR),
        ("in 2004", Sort.YEAR),
        ("the 1980s", Sort.DECADE),
        ("June 9", Sort.DATE),
        ("9 June 2012", Sort.DATE),
        ("May 2012", Sort.DATE),
        ("May", Sort.WORDS),
        ("fourteen", Sort.NUMBER),
        ("1,200", Sort.NUMBER),
        ("Orla Venn", Sort.WORDS),
        ("the October Revolution", Sort.WORDS),
        ("fourteen chapters", Sort.WORDS),
    ],
)
def test_values_are_sorted_as_a_student_tells_them_apart(text: str, sort: Sort) -> None:
    assert sort_of(text) is sort


def test_a_text_answer_that_is_a_date_year_or_number_is_an_error(folder: Path) -> None:
    cards = card("a", "text", "When did the hall reopen?", '"June 9"')
    cards += card("b", "text", "When was it founded?", '"1987"')
    cards += card("c", "text", "How many chapters?", '"fourteen"')
    cards += card("d", "text", "Which decade?", '"the 1980s"')
    cards += card("e", "cloze", "The hall reopened on {{June 9}} in {{year:2012}}.")
    code, lines = lint(folder, {"d.toml": deck("d", cards + PAD)})
    assert code == 1
    assert findings(lines, "error") == [
        "d.toml:6: error: answer 'June 9' is a date: make it a date card",
        "d.toml:14: error: answer '1987' is a year: make it a year card",
        "d.toml:22: error: answer 'fourteen' is a number: make it a number card",
        "d.toml:38: error: blank 1 'June 9' is a date: write it {{date:...}}",
    ]


def test_order_items_that_carry_their_dates_give_the_order_away(folder: Path) -> None:
    dated = '["Society founded (1987)", "Storm (March 3)", "Hall rebuilt"]'
    one = '["Society founded in 1987", "Storm destroys the hall", "Hall rebuilt"]'
    plain = '["Society founded", "October Revolution storm", "Hall rebuilt (by May)"]'
    cards = card("a", "order", "Order these.", dated)
    cards += card("b", "order", "Sort the events by date.", one)
    cards += card("c", "order", "Which came first?", plain)
    code, lines = lint(folder, {"d.toml": deck("d", cards + PAD)})
    assert code == 1
    assert findings(lines, "error") == [
        "d.toml:6: error: order item(s) carry their own date, giving the order away: "
        "'Society founded (1987)', 'Storm (March 3)'"
    ]
    assert findings(lines, "warning") == [
        "d.toml:14: warning: order item(s) carry their own date, giving the order away: "
        "'Society founded in 1987'",
        "d.toml:22: warning: order item(s) carry their own date, giving the order away: "
        "'Hall rebuilt (by May)'",
    ]


def test_choice_options_of_another_sort_than_the_answer_are_an_error(folder: Path) -> None:
    names = '["Orla Venn", "Tomas Venn", "1987"]'
    years = '["1987", "1990", "the 1980s"]'
    numbers = '["14", "12", "Velmora"]'
    cards = card("a", "choice", "Who founded it?", '"Orla Venn"', choices=names)
    cards += card("b", "choice", "When was it founded?", '"1987"', choices=years)
    cards += card("c", "choice", "How many chapters?", '"14"', choices=numbers)
    code, lines = lint(folder, {"d.toml": deck("d", cards + PAD)})
    assert code == 1
    assert findings(lines, "error") == [
        "d.toml:6: error: option(s) of another sort than the answer (words): '1987' (year)",
        "d.toml:24: error: option(s) of another sort than the answer (number): 'Velmora' (words)",
    ]


def test_listed_blanks_of_one_kind_must_be_graded_in_any_order(folder: Path) -> None:
    listed = "Its leaders were {{person:Orla Venn}}, {{person:Tomas Venn}} and {{person:Ida Lund}}."
    pair = "It met in {{Velmora}} and {{Oslo}}."
    mixed = "{{person:Orla Venn}} founded it in {{Velmora}} and {{year:1987}}."
    cards = card("a", "cloze", listed)
    cards += card("b", "cloze", pair, any_order="true")
    cards += card("c", "cloze", mixed)
    cards += card("d", "cloze", pair.replace("It met", "They met"))
    code, lines = lint(folder, {"d.toml": deck("d", cards + PAD)})
    assert code == 1
    assert findings(lines, "error") == [
        "d.toml:6: error: blanks 1, 2, 3 are a list of person answers graded by position: "
        "set any_order = true",
        "d.toml:28: error: blanks 1, 2 are a list of text answers graded by position: "
        "set any_order = true",
    ]
