"""The deck loader: valid decks load, and every kind of mistake is reported at its line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from quizdeck.decks.format import MAX_PROBLEMS, DeckError, DeckNotFound
from quizdeck.decks.loading import check_deck_files, find_card, load_decks
from quizdeck.decks.reader import check_deck_file
from quizdeck.model import Kind

HEADER = '[deck]\nid = "demo"\ntitle = "Demo"\n\n'

GOOD = (
    HEADER
    + """[[card]]
id = "capital"
kind = "text"
prompt = "What is the capital of Iraq?"
answer = "Baghdad"
accept = ["Bagdad"]
explanation = "Baghdad lies on the Tigris."
source = [1, 2]
tags = ["places"]

[[card]]
id = "when"
kind = "date"
prompt = "When?"
answer = 2021-11-07

[[card]]
id = "tf"
kind = "truefalse"
prompt = "Baghdad is in Iran."
answer = false
correction = "Baghdad is in Iraq."

[[card]]
id = "seq"
kind = "order"
prompt = "Put in order"
answer = ["first", "second", "third"]

[[card]]
id = "gap"
kind = "cloze"
prompt = "In {{year:2014}} the {{PMU|PMF}} emerged."

[[card]]
id = "pick"
kind = "choice"
prompt = "Which city?"
answer = "Mosul"
choices = ["Mosul", "Basra"]

[[card]]
id = "auto"
kind = "choice"
prompt = "Which group?"
answer = "Badr"
distractors = "auto"
"""
)


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run in the test's folder, so problems name files relative to it."""
    monkeypatch.chdir(tmp_path)


def write(tmp_path: Path, text: str, name: str = "deck.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(tmp_path: Path, text: str) -> list[str]:
    _, problems = check_deck_file(write(tmp_path, text))
    return [str(problem) for problem in problems]


def card(body: str) -> str:
    return HEADER + "[[card]]\n" + body


def test_good_deck_loads_every_kind(tmp_path: Path) -> None:
    deck, problems = check_deck_file(write(tmp_path, GOOD))
    assert problems == []
    assert deck is not None
    by_id = {card.id: card for card in deck.cards}
    assert by_id["capital"].answers == ("Baghdad", "Bagdad")
    assert by_id["capital"].paragraphs == (1, 2)
    assert by_id["capital"].line == 5
    assert by_id["when"].answers == ("2021-11-07",)
    assert by_id["tf"].answers == ("false",)
    assert by_id["seq"].kind is Kind.ORDER
    assert by_id["gap"].answers == ("2014", "PMU")
    assert by_id["gap"].blanks[0].kind is Kind.YEAR
    assert by_id["gap"].blanks[1].answers == ("PMU", "PMF")
    assert by_id["auto"].auto_distractors
    assert dt.date(2021, 11, 7).isoformat() in by_id["when"].answers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (HEADER + "[[card]\n", "deck.toml:5:"),
        (card('id = "a"\nkind = "text"\nprompt = "Q"\n'), "deck.toml:5: card is missing 'answer'"),
        (
            card('id = "a"\nkind = "text"\nprompt = ""\nanswer = "x"\n'),
            "deck.toml:8:1: 'prompt' is empty",
        ),
        (card('id = "a"\nkind = "text"\nanswer = "x"\n'), "deck.toml:5: card is missing 'prompt'"),
        (
            card('id = "a"\nkind = "text"\npromt = "Q"\nprompt = "Q"\nanswer = "x"\n'),
            "deck.toml:8:1: unknown key 'promt' in card (did you mean 'prompt'?)",
        ),
        (
            card('id = "a"\nkind = "text"\nprompt = 5\nanswer = "x"\n'),
            "deck.toml:8:1: 'prompt' must be a string, not an integer",
        ),
        (
            card('id = "a"\nkind = "essay"\nprompt = "Q"\nanswer = "x"\n'),
            "deck.toml:7:1: unknown kind 'essay'",
        ),
        (
            card('id = "a"\nkind = "choice"\nprompt = "Q"\nanswer = "x"\nchoices = ["y", "z"]\n'),
            "deck.toml:9:1: the answer 'x' is not one of the choices",
        ),
        (
            card('id = "a"\nkind = "order"\nprompt = "Q"\nanswer = ["only"]\n'),
            "deck.toml:9:1: an order card needs at least two items",
        ),
        (
            card('id = "a"\nkind = "date"\nprompt = "Q"\nanswer = "7 Nov"\n'),
            "deck.toml:9:1: date answer '7 Nov' does not parse as a date",
        ),
        (
            card('id = "a"\nkind = "year"\nprompt = "Q"\nanswer = "twenty"\n'),
            "deck.toml:9:1: year answer 'twenty' does not parse as a year",
        ),
        (
            card('id = "a"\nkind = "number"\nprompt = "Q"\nanswer = "many"\n'),
            "deck.toml:9:1: number answer 'many' does not parse as a number",
        ),
        (
            card('id = "a"\nkind = "truefalse"\nprompt = "Q"\nanswer = "maybe"\n'),
            "deck.toml:9:1: a truefalse answer must be true or false",
        ),
        (
            card('id = "a"\nkind = "cloze"\nprompt = "No blanks here"\n'),
            "deck.toml:8:1: a cloze prompt needs at least one {{blank}}",
        ),
        (
            card('id = "Bad Id"\nkind = "text"\nprompt = "Q"\nanswer = "x"\n'),
            "deck.toml:6:1: card id 'Bad Id' must be lowercase letters, digits and hyphens",
        ),
        ('[deck]\nid = "demo"\n\n[[card]]\nid = "a"\n', "deck.toml:1: [deck] is missing 'title'"),
        ('[[card]]\nid = "a"\n', "deck.toml:1: missing [deck] table"),
        (HEADER, "deck.toml:1: the deck has no cards"),
        (
            '[deck]\nid = "demo"\ntitle = "Demo"\ntitel = "x"\n\n'
            '[[card]]\nid="a"\nkind="text"\nprompt="Q"\nanswer="x"\n',
            "deck.toml:4:1: unknown key 'titel' in [deck] (did you mean 'title'?)",
        ),
    ],
)
def test_each_problem_is_reported_at_its_line(tmp_path: Path, text: str, expected: str) -> None:
    problems = problems_of(tmp_path, text)
    assert any(problem.startswith(expected) for problem in problems), problems


def test_toml_syntax_error_has_parser_position(tmp_path: Path) -> None:
    problems = problems_of(tmp_path, HEADER + '[[card]]\nid = "a"\nkind = \n')
    assert problems == ["deck.toml:7:8: TOML syntax error: Invalid value"]


def test_duplicate_card_ids_name_both_lines(tmp_path: Path) -> None:
    body = 'id = "a"\nkind = "text"\nprompt = "Q"\nanswer = "x"\n'
    problems = problems_of(tmp_path, card(body) + "\n[[card]]\n" + body)
    assert problems == ["deck.toml:12:1: duplicate card id 'a' (first used on line 5)"]


def test_every_problem_is_reported_not_just_the_first(tmp_path: Path) -> None:
    text = card('id = "a"\nkind = "txt"\npromt = "Q"\nanswer = "x"\n') + (
        '\n[[card]]\nid = "b"\nkind = "year"\nprompt = "Q"\nanswer = "soon"\n'
    )
    problems = problems_of(tmp_path, text)
    assert len(problems) == 4, problems


def test_duplicate_deck_ids_across_files(tmp_path: Path) -> None:
    first = write(tmp_path, GOOD, "one.toml")
    second = write(tmp_path, GOOD, "two.toml")
    decks, problems = check_deck_files([first, second])
    assert len(decks) == 1
    assert [str(p) for p in problems] == [
        "two.toml:2: duplicate deck id 'demo' (also used by one.toml)"
    ]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"\xff\xfe[deck]\n", "deck.toml:1: not UTF-8 text"),
        (b'[deck]\nid = "x"\ntitle = "caf\xe9"\n', "deck.toml:3: not UTF-8 text"),
    ],
)
def test_wrong_encoding_is_a_message(tmp_path: Path, raw: bytes, message: str) -> None:
    path = tmp_path / "deck.toml"
    path.write_bytes(raw)
    _, problems = check_deck_file(path)
    assert str(problems[0]).startswith(message)


def test_missing_file_and_directory_are_messages(tmp_path: Path) -> None:
    _, problems = check_deck_file(tmp_path / "nope.toml")
    assert str(problems[0]).endswith("nope.toml:1: no such file")
    _, problems = check_deck_file(tmp_path)
    assert "is a directory" in str(problems[0])


def test_load_decks_by_path_and_id(
    tmp_path: Path, quiz_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("quizdeck.decks.loading.bundled_decks_dir", lambda: tmp_path / "none")
    path = write(tmp_path, GOOD)
    (deck,) = load_decks([str(path)])
    assert deck.id == "demo" and deck.origin == "path"
    user_decks = quiz_home / "decks"
    user_decks.mkdir()
    write(user_decks, GOOD.replace('id = "demo"', 'id = "mine"'), "mine.toml")
    decks = load_decks(["mine"])
    assert [d.id for d in decks] == ["mine"] and decks[0].origin == "user"
    assert find_card(decks, "mine", "capital").prompt == "What is the capital of Iraq?"
    with pytest.raises(DeckNotFound):
        find_card(decks, "mine", "nope")
    with pytest.raises(DeckNotFound, match="no deck 'nothing'"):
        load_decks(["nothing"])


def test_load_decks_raises_for_an_invalid_deck(tmp_path: Path) -> None:
    path = write(tmp_path, card('id = "a"\nkind = "txt"\nprompt = "Q"\nanswer = "x"\n'))
    with pytest.raises(DeckError, match=r"deck.toml:7:1: unknown kind 'txt'"):
        load_decks([str(path)])


def test_deck_tags_apply_to_cards(tmp_path: Path) -> None:
    text = GOOD.replace('title = "Demo"', 'title = "Demo"\ntags = ["iraq"]')
    deck, problems = check_deck_file(write(tmp_path, text))
    assert problems == [] and deck is not None
    assert deck.cards[0].tags == ("iraq", "places")


def test_fact_names_siblings_and_must_be_a_slug(tmp_path: Path) -> None:
    card = '[[card]]\nid = "{}"\n{}kind = "text"\nprompt = "Q?"\nanswer = "x"\n\n'
    fact = 'fact = "attack-date"\n'
    text = HEADER + card.format("a", fact) + card.format("b", fact) + card.format("c", "")
    deck, problems = check_deck_file(write(tmp_path, text))
    assert problems == [] and deck is not None
    first, second, alone = deck.cards
    assert first.fact == second.fact == "attack-date"
    assert first.fact_key == second.fact_key != alone.fact_key
    assert alone.fact == ""
    bad = problems_of(
        tmp_path,
        HEADER + '[[card]]\nid = "a"\nfact = "Attack Date"\n'
        'kind = "text"\nprompt = "When?"\nanswer = "x"\n',
    )
    assert bad == [
        "deck.toml:7:1: fact 'Attack Date' must be lowercase letters, digits and hyphens"
    ]


def test_any_order_is_a_cloze_flag(tmp_path: Path) -> None:
    cloze = '[[card]]\nid = "set"\nkind = "cloze"\nprompt = "{{a}} and {{b}}"\nany_order = true\n'
    deck, problems = check_deck_file(write(tmp_path, HEADER + cloze))
    assert problems == [] and deck is not None and deck.cards[0].any_order
    text = '[[card]]\nid = "t"\nkind = "text"\nprompt = "Q?"\nanswer = "x"\nany_order = true\n'
    assert problems_of(tmp_path, HEADER + text) == [
        "deck.toml:10:1: 'any_order' is only for cloze cards"
    ]
    wrong = cloze.replace("any_order = true", 'any_order = "yes"')
    assert problems_of(tmp_path, HEADER + wrong) == [
        "deck.toml:9:1: 'any_order' must be true or false, not a string"
    ]


def test_thousands_of_problems_are_capped_and_located(tmp_path: Path) -> None:
    keys = "\n".join(f"k{i} = 1" for i in range(3000))
    card = '[[card]]\nid = "a"\nkind = "text"\nprompt = "Q"\nanswer = "A"\n'
    problems = problems_of(tmp_path, HEADER + card + '"quoted\\u0041" = 2\n' + keys + "\n")
    assert len(problems) == MAX_PROBLEMS + 1
    assert problems[0] == "deck.toml:10:1: unknown key 'quotedA' in card"
    assert problems[1] == "deck.toml:11:1: unknown key 'k0' in card"
    assert problems[-1].startswith(f"deck.toml:{11 + MAX_PROBLEMS - 1}:1: … and 2801 more problem")
