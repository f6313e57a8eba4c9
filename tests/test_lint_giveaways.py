"""`quiz lint`: a card that shows the answer of a card of another fact, and guessable patterns."""

from __future__ import annotations

from pathlib import Path

import pytest

from lint_support import card, deck, findings, lint, make_folder
from quizdeck.decks.answer_forms import tokens


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return make_folder(tmp_path, monkeypatch)


#: (B's kind, B's answer as TOML, A's prompt showing it in another written form, the text shown)
FORMS = [
    ("number", "48", "Fateh lost most of its forty-eight seats: to whom?", "48"),
    ("number", "14", "After the 14 arrests, who was freed?", "14"),
    ("year", "2019", "Who fired on the protesters in 2019?", "2019"),
    ("date", '"2021-11-07"', "Who survived the attack on 7 November?", "7 November"),
    ("date", '"2021-11-07"', "Who survived the attack of November 7th, 2021?", "November 7"),
    ("date", '"2021-11-07"', "What happened on 2021-11-07 in the capital?", "7 November"),
    ("date", '"2021-05"', "Whom did the police arrest in May of 2021?", "May 2021"),
    ("person", '"Mustafa al-Kadhimi"', "Which office did Kadhimi's rival hold?", "Kadhimi"),
    ("text", '"Kataib Hezbollah"', "What did the KH fighters demand?", "KH"),
    ("text", '"the Badr Organization"', "Which city did Badr's men hold?", "Badr"),
    ("text", '"Popular Mobilization Units"', "Who fought beside the Popular Mobilization?",
     "Popular Mobilization"),
]  # fmt: skip


@pytest.mark.parametrize(("kind", "answer", "prompt", "shown"), FORMS)
def test_a_prompt_showing_another_facts_answer_in_any_form_is_an_error(
    folder: Path, kind: str, answer: str, prompt: str, shown: str
) -> None:
    cards = card("b", kind, "What is asked first?", answer, fact='"first"')
    cards += card("a", "text", prompt, '"Zorba"', fact='"second"')
    code, lines = lint(folder, {"d.toml": deck("d", cards)})
    assert code == 1
    assert findings(lines, "error", every=True) == [
        f"d.toml:15: error: prompt shows '{shown}', the answer of card 'b' (line 6) (before it "
        "is answered); the session keeps the two apart: reword one to ask both the same day"
    ]


def test_options_items_pairs_and_cloze_text_are_shown_before_answering(folder: Path) -> None:
    cards = card("b", "person", "Who led the society?", '"Orla Venn"')
    cards += card("c", "choice", "Who wrote it?", '"Tomas"', choices='["Tomas", "Venn"]')
    cards += card("o", "order", "Order these.", '["Venn arrives", "Storm"]')
    cards += card("m", "match", "Match them.", '[["Venn", "founder"], ["Glass", "trade"]]')
    cards += card("z", "cloze", "Orla Venn founded it in {{year:1987}}.")
    _code, lines = lint(folder, {"d.toml": deck("d", cards)})
    fields = sorted(line.split(": ")[2].split(" shows")[0] for line in findings(
        lines, "error", every=True))  # fmt: skip
    assert fields == ["item", "option", "pair", "prompt"]


def test_feedback_showing_another_facts_answer_is_a_warning(folder: Path) -> None:
    cards = card("b", "year", "When was it founded?", "1987")
    cards += card("a", "text", "Where?", '"Velmora"', explanation='"It began in 1987."')
    code, lines = lint(folder, {"d.toml": deck("d", cards)})
    assert code == 0
    assert findings(lines, "warning", every=True) == [
        "d.toml:14: warning: explanation shows '1987', the answer of card 'b' (line 6) (in its "
        "feedback); the session keeps the two apart: reword one to ask both the same day"
    ]


def test_siblings_and_a_cards_own_answer_are_not_give_aways(folder: Path) -> None:
    cards = card("b", "year", "When was it founded?", "1987", fact='"founding"')
    cards += card("a", "text", "What began in 1987?", '"the society"', fact='"founding"')
    cards += card("c", "choice", "Which year?", '"1987"', choices='["1987", "1990"]')
    _code, lines = lint(folder, {"d.toml": deck("d", cards)})
    assert not [line for line in lines if "shows '" in line and "'b'" in line.split("of")[0]]
    assert not any("card 'c'" in line for line in lines if "option shows" in line)


def test_an_answer_shown_in_many_cards_is_one_finding(folder: Path) -> None:
    cards = card("month", "text", "In which month was the vote?", '"October"')
    for number in range(7):
        cards += card(f"q{number}", "text", f"Who won seat {number} in October?", f'"P{number}"')
    _code, lines = lint(folder, {"d.toml": deck("d", cards)})
    shown = [line for line in findings(lines, "error", every=True) if "October" in line]
    assert len(shown) == 1
    assert shown[0].startswith("d.toml:6: error: answer 'October' shown in 7 cards: 'd/q0'")


def test_tokens_read_numbers_dates_and_names_alike() -> None:
    assert tokens("Forty-eight seats") == tokens("48 seats") == ["48", "seat"]
    assert tokens("the 7th of Nov.") == ["7", "november"]
    assert tokens("1,200 men on 2021-11-07") == ["1200", "men", "on", "7", "november", "2021"]
    assert tokens("al-Kadhimi's men") == ["kadhimi", "men"]


def test_true_false_balance_and_option_length_are_warnings(folder: Path) -> None:
    cards = "".join(
        card(f"t{n}", "truefalse", f"Statement {n} about the town.", "false") for n in range(5)
    )
    long = '"A very long right option that explains it all"'
    for n in range(4):
        cards += card(f"c{n}", "choice", f"Which {n}?", long,
                      choices=f'[{long}, "short", "brief one"]')  # fmt: skip
    _code, lines = lint(folder, {"d.toml": deck("d", cards)})
    warnings = findings(lines, "warning", every=True)
    assert "d.toml:1: warning: deck 'd': 0 of 5 true/false cards are true (0%)" in "\n".join(
        warnings
    )
    assert any("the right option is the longest in 4 of 4 choice cards" in w for w in warnings)
    assert sum("mean length of the others" in w for w in warnings) == 4


def test_the_right_option_alone_of_its_type_is_a_warning(folder: Path) -> None:
    people = '"Hadi al-Amiri", "Qais al-Khazali", "Abu Ali al-Askari"'
    cards = card("c", "choice", "Who backs them?", '"Iran"', choices=f'["Iran", {people}]')
    _code, lines = lint(folder, {"d.toml": deck("d", cards)})
    assert any(
        "the right option is the only country among names" in line
        for line in findings(lines, "warning", every=True)
    )


@pytest.mark.parametrize(
    ("answer", "prompt"),
    [
        ('"Islamic State"', "Which group is it that the army fought first?"),
        ('"October Revolution"', "Was the rally in Baghdad or in Basra?"),
        ('"May"', "Which party may form the next government?"),
        ('"none"', "Which of the rivals had none of the votes?"),
        ('"this"', "Was this the rally in Baghdad?"),  # "this" reads as a plural's token
    ],
)
def test_an_everyday_word_alone_is_no_give_away(folder: Path, answer: str, prompt: str) -> None:
    """Initials or a one-word answer that are everyday words ("IS", "OR", "may", "none") are in
    every text: finding them would bury the real give-aways."""
    cards = card("b", "text", "What is asked first?", answer, fact='"first"')
    cards += card("a", "text", prompt, '"Zorba"', fact='"second"')
    _code, lines = lint(folder, {"d.toml": deck("d", cards)})
    assert findings(lines, "error", every=True) == []
