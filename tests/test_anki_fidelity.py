"""Anki fields come back as a student reads them in Anki, and quiz's own cards come back as they
were: lists and line breaks stay lines, cloze hints are kept, a match card is a match card, and
a back with extra text is no strict typed answer."""

from __future__ import annotations

from pathlib import Path

import genanki
import pytest
from click.testing import CliRunner, Result

from quizdeck.cli import main
from quizdeck.decks.reader import check_deck_file
from quizdeck.interchange.anki_text import plain
from quizdeck.model import Card


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def imported(tmp_path: Path, package: Path) -> list[Card]:
    result = run("import", str(package), "--deck", str(tmp_path / "back.toml"))
    assert result.exit_code == 0, result.output
    deck, problems = check_deck_file(tmp_path / "back.toml")
    assert deck is not None, problems
    return list(deck.cards)


def round_trip(tmp_path: Path, cards: str) -> list[Card]:
    deck = tmp_path / "d.toml"
    deck.write_text(f'[deck]\nid = "d"\ntitle = "D"\n\n{cards}', encoding="utf-8")
    assert check_deck_file(deck)[0] is not None, check_deck_file(deck)[1]
    out = tmp_path / "d.apkg"
    exported = run("export", str(deck), "--format", "apkg", "-o", str(out))
    assert exported.exit_code == 0, exported.output
    return imported(tmp_path, out)


def basic_package(tmp_path: Path, *notes: tuple[str, str], typed: bool = False) -> Path:
    model = genanki.BASIC_TYPE_IN_THE_ANSWER_MODEL if typed else genanki.BASIC_MODEL
    deck = genanki.Deck(2059400111, "Revolution")
    for front, back in notes:
        deck.add_note(genanki.Note(model=model, fields=[front, back]))
    path = tmp_path / "r.apkg"
    genanki.Package(deck).write_to_file(str(path))
    return path


@pytest.mark.parametrize(
    ("field", "text"),
    [
        ("<ul><li>Danton</li><li>Marat</li></ul>", "• Danton\n• Marat"),
        (
            "Clubs:<ol><li>Jacobins</li><li>Cordeliers</li></ol>",
            "Clubs:\n1. Jacobins\n2. Cordeliers",
        ),
        ("one<br>two<br />three", "one\ntwo\nthree"),
        ("<div>one</div><div>two</div>", "one\ntwo"),
        ("<p>one</p>\n<p>two &amp; <b>three</b></p>", "one\ntwo & three"),
        ("a\n  b", "a b"),  # in HTML a newline is a space
    ],
)
def test_html_lists_and_breaks_become_lines(field: str, text: str) -> None:
    assert plain(field, from_html=True) == text


def test_a_flip_back_keeps_its_lines_and_lists(tmp_path: Path) -> None:
    package = basic_package(
        tmp_path,
        ("Leaders of the Terror?", "<ul><li>Robespierre</li><li>Saint-Just</li></ul>"),
        ("The Tennis Court Oath", "<div>20 June 1789</div><div>at Versailles</div>"),
    )
    cards = imported(tmp_path, package)
    assert [card.answers[0] for card in cards] == [
        "• Robespierre\n• Saint-Just",
        "20 June 1789\nat Versailles",
    ]


def test_a_quiz_flip_back_comes_back_with_its_lines(tmp_path: Path) -> None:
    cards = round_trip(tmp_path, (
        '[[card]]\nid = "f"\nkind = "flip"\nprompt = "Explain the Terror"\n'
        'answer = "A period of violence.\\nMany were executed."\n'
    ))  # fmt: skip
    assert cards[0].answers == ("A period of violence.\nMany were executed.",)


def test_a_typed_answer_stays_on_one_line(tmp_path: Path) -> None:
    package = basic_package(tmp_path, ("Two leaders?", "Danton<br>Marat"), typed=True)
    assert imported(tmp_path, package)[0].answers[0] == "Danton; Marat"


CLOZES = (
    '[[card]]\nid = "c"\nkind = "cloze"\n'
    'prompt = "Crowned in {{year:1804}} in {{Paris|Lutetia}} (hint: a city), by {{Pius VII}}."\n\n'
    '[[card]]\nid = "colons"\nkind = "cloze"\nprompt = "A ratio of {{text:x::y}} here."\n\n'
    '[[card]]\nid = "set"\nkind = "cloze"\nany_order = true\n'
    'prompt = "Two consuls: {{Sieyès}} and {{Ducos}}."\n'
)


def test_cloze_hints_go_to_anki_as_hints() -> None:
    from quizdeck.interchange.anki_html import cloze_prompt

    assert cloze_prompt("Crowned in {{year:1804}} in {{Paris}} (hint: a city), by {{Pius}}.") == (
        "Crowned in {{c1::1804::year}} in {{c2::Paris::a city}}, by {{c3::Pius}}."
    )


def test_cloze_blanks_come_back_with_hints_kinds_variants_and_colons(tmp_path: Path) -> None:
    cards = round_trip(tmp_path, CLOZES)
    assert [(card.prompt, card.any_order) for card in cards] == [
        ("Crowned in {{year:1804}} in {{Paris|Lutetia}} (hint: a city), by {{Pius VII}}.", False),
        ("A ratio of {{text:x::y}} here.", False),
        ("Two consuls: {{Sieyès}} and {{Ducos}}.", True),
    ]


def test_anki_cloze_hints_are_kept(tmp_path: Path) -> None:
    deck = genanki.Deck(2059400112, "Empire")
    deck.add_note(genanki.Note(model=genanki.CLOZE_MODEL, fields=[
        "{{c1::Paris::city}} on the {{c2::<b>Seine</b>}}, crowned in {{c3::1804::year}}, "
        "not {{c3::the 1800s::year}}.", ""
    ]))  # fmt: skip
    path = tmp_path / "e.apkg"
    genanki.Package(deck).write_to_file(str(path))
    assert imported(tmp_path, path)[0].prompt == (
        "{{Paris}} (hint: city) on the {{Seine}}, crowned in {{year:1804}}, "
        "not {{the 1800s}} (hint: year)."
    )


def test_cloze_hints_of_an_anki_text_export_are_kept(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text(
        "#separator:tab\n#html:true\n#notetype column:1\n"
        "Cloze\tNapoleon was crowned in {{c1::1804::year}} in {{c2::Paris::city}}.\t\n",
        encoding="utf-8",
    )
    result = run("import", str(notes), "--deck", str(tmp_path / "t.toml"))
    assert result.exit_code == 0, result.output
    deck, problems = check_deck_file(tmp_path / "t.toml")
    assert deck is not None, problems
    assert deck.cards[0].prompt == (
        "Napoleon was crowned in {{year:1804}} in {{Paris}} (hint: city)."
    )


OTHER_KINDS = (
    '[[card]]\nid = "m"\nkind = "match"\nprompt = "Match each leader with his club"\n'
    'answer = [["Danton", "Cordeliers"], ["Robespierre → Maximilien", "Jacobins"]]\n\n'
    '[[card]]\nid = "ch"\nkind = "choice"\nprompt = "A river of Paris?"\nanswer = "Seine"\n'
    'accept = ["the Seine"]\nchoices = ["Seine", "Loire", "Rhône"]\n\n'
    '[[card]]\nid = "tf"\nkind = "truefalse"\nprompt = "Danton was a Jacobin leader."\n'
    'answer = false\ncorrection = "He led the Cordeliers."\n'
)


def test_match_choice_and_truefalse_cards_come_back_as_they_were(tmp_path: Path) -> None:
    match, choice, truefalse = round_trip(tmp_path, OTHER_KINDS)
    assert match.kind.value == "match"
    assert match.pairs == (("Danton", "Cordeliers"), ("Robespierre → Maximilien", "Jacobins"))
    assert (choice.kind.value, choice.answers) == ("choice", ("Seine", "the Seine"))
    assert sorted(choice.choices) == ["Loire", "Rhône", "Seine"]
    assert (truefalse.kind.value, truefalse.answers) == ("truefalse", ("false",))
    assert truefalse.correction == "He led the Cordeliers."


@pytest.mark.parametrize(
    ("back", "kind", "answer", "explanation"),
    [
        ("14 July 1789 (a Tuesday)", "date", "1789-07-14", "a Tuesday"),
        ("June 1791", "date", "1791-06", ""),
        ("Danton (Georges)", "text", "Danton", "Georges"),
        ("Paris, France", "text", "Paris, France", ""),
    ],
)
def test_a_type_in_back_with_extra_text_is_no_strict_answer(
    tmp_path: Path, back: str, kind: str, answer: str, explanation: str
) -> None:
    package = basic_package(tmp_path, ("When?", back), typed=True)
    card = imported(tmp_path, package)[0]
    assert (card.kind.value, card.answers[0], card.explanation) == (kind, answer, explanation)


def test_a_basic_back_with_extra_text_is_a_flip_card(tmp_path: Path) -> None:
    package = basic_package(tmp_path, ("Bastille stormed?", "14 July 1789 (a Tuesday)"))
    card = imported(tmp_path, package)[0]
    assert (card.kind.value, card.answers[0]) == ("flip", "14 July 1789 (a Tuesday)")
