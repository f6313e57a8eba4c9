"""`quiz lint --source`: each card's answer is in the source paragraphs it cites."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from lint_support import GOOD, card, deck, findings, lint, make_folder
from quizdeck.cli import main


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return make_folder(tmp_path, monkeypatch)


# --- grounding -------------------------------------------------------------------------


def ground(folder: Path, cards: str, source: str = "notes.txt") -> tuple[int, list[str]]:
    padding = card("pad", "year", "In which year did the founding happen?", "1987", source="2")
    return lint(folder, {"d.toml": deck("d", cards + padding, source)}, "--source", "notes.txt")


@pytest.mark.parametrize(
    ("kind", "answer", "cited", "shown"),
    [
        ("text", '"Oslo"', "2", "Oslo"),
        ("text", '"Velmora"', "3", "Velmora"),
        ("person", '"Tomas Venn"', "4", "Tomas Venn"),
        ("number", "15", "3", "15"),
        ("year", "2004", "2", "2004"),
        ("date", '"2011-03-04"', "4", "2011-03-04"),
        ("date", '"2012-06"', "4", "2012-06"),
        ("date", '"1987-05-01"', "2", "1987-05-01"),
    ],
)
def test_an_answer_missing_from_its_paragraphs_is_an_error(
    folder: Path, kind: str, answer: str, cited: str, shown: str
) -> None:
    code, lines = ground(folder, card("a", kind, "What is it?", answer, source=cited))
    assert code == 1
    assert findings(lines, "error") == [
        f"d.toml:6: error: answer '{shown}' not found in paragraph(s) {cited} of notes.txt"
    ]


@pytest.mark.parametrize(
    ("kind", "answer", "cited"),
    [
        ("text", '["Oslo", "the harbour town of Velmora"]', "[1, 2]"),
        ("text", '"Lantern Society"', "1"),
        ("person", '"Tomas Venn"', "5"),
        ("number", '"14"', "3"),
        ("number", '"1,987"', "2"),
        ("person", '"Tomas Venn"', "3"),
        ("year", "2011", "4"),
        ("date", '"2011"', "4"),
        ("date", '"2012-05"', "4"),
        ("date", '"2011-03-03"', "4"),
        ("date", '"1999-06-09"', "4"),
    ],
)
def test_an_answer_in_its_paragraphs_is_grounded(
    folder: Path, kind: str, answer: str, cited: str
) -> None:
    code, lines = ground(folder, card("a", kind, "What is it?", answer, source=cited))
    assert code == 0, lines


def test_a_choice_answer_must_be_in_its_paragraphs(folder: Path) -> None:
    cards = card(
        "a", "choice", "Which day?", '"Monday"', choices='["Monday", "Thursday"]', source="3"
    )
    code, lines = ground(folder, cards)
    assert code == 1
    assert "answer 'Monday' not found in paragraph(s) 3 of notes.txt" in lines[0]


def test_each_cloze_blank_must_be_in_its_paragraphs(folder: Path) -> None:
    cards = card(
        "a",
        "cloze",
        "{{Velmora}} was founded by {{person:Orla Venn}} in {{year:1988}}.",
        source="2",
    )
    code, lines = ground(folder, cards)
    assert code == 1
    assert findings(lines, "error") == [
        "d.toml:6: error: blank '1988' not found in paragraph(s) 2 of notes.txt"
    ]


def test_true_false_cards_are_checked_on_what_they_test(folder: Path) -> None:
    cards = card(
        "t", "truefalse", "True or false: Venn's nephew led the society.", "true", source="5"
    )
    cards += card("u", "truefalse", "The society had twelve chapters by 2004.", "true", source="3")
    cards += card(
        "f",
        "truefalse",
        "Velmora is inland.",
        "false",
        source="2",
        correction='"Velmora is a harbour town."',
    )
    cards += card(
        "g",
        "truefalse",
        "A poet founded it.",
        "false",
        source="2",
        correction='"The founder was a famous poet from the mountains."',
    )
    cards += card("h", "truefalse", "The hall never burned.", "false", source="4")
    code, lines = ground(folder, cards)
    assert code == 1
    assert findings(lines, "error") == [
        "d.toml:14: error: statement 'The society had twelve chapters by 2004.' not found in "
        "paragraph(s) 3 of notes.txt (missing: twelve)",
        "d.toml:31: error: correction 'The founder was a famous poet from the mountains.' not "
        "found in paragraph(s) 2 of notes.txt (missing: famous, poet, mountains)",
    ]
    assert findings(lines, "warning") == [
        "d.toml:40: warning: false statement has no correction, so it cannot be checked"
    ]


def test_order_items_need_their_content_in_the_paragraphs(folder: Path) -> None:
    good = '["The society is founded", "A storm destroys the hall", "1987"]'
    bad = '["The society is founded", "A flood ruins the library"]'
    cards = card("a", "order", "Order these.", good, source="[2, 4]")
    cards += card("b", "order", "Order those.", bad, source="[2, 4]")
    code, lines = ground(folder, cards)
    assert code == 1
    assert findings(lines, "error") == [
        "d.toml:14: error: item 'A flood ruins the library' not found in paragraph(s) 2, 4 of "
        "notes.txt (missing: flood, ruins, library)"
    ]


def test_citing_no_paragraph_or_one_past_the_end_is_an_error(folder: Path) -> None:
    cards = card("a", "text", "Where?", '"Velmora"', source="")
    cards += card("b", "text", "Where then?", '"Velmora"', source="[2, 9]")
    code, lines = ground(folder, cards)
    assert code == 1
    assert findings(lines, "error") == [
        "d.toml:6: error: card cites no paragraph of notes.txt",
        "d.toml:13: error: cites paragraph 9, but notes.txt has 6 paragraph(s)",
    ]
    assert findings(lines, "warning") == []


def test_a_deck_written_from_another_text_is_not_checked(folder: Path) -> None:
    code, lines = ground(folder, card("a", "text", "What?", '"Oslo"', source="3"), "other.txt")
    assert code == 0
    assert lines[0] == "d.toml:1: info: deck 'd' is written from other.txt, not checked against it"
    assert "0 of 6 paragraph(s) of notes.txt cited by a card" in lines[-1]


def test_an_unreadable_source_is_reported(folder: Path) -> None:
    (folder / "binary.txt").write_bytes(b"\xff\xfe\x00")
    (folder / "d.toml").write_text(deck("d", GOOD), encoding="utf-8")
    result = CliRunner().invoke(main, ["lint", "--source", "binary.txt", "d.toml"])
    assert result.exit_code == 1
    assert "cannot read source binary.txt" in result.output
