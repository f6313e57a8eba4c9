"""quiz import reads what other tools write: header aliases, extra columns, files without a header
(Quizlet), --columns, and Anki's "Notes in Plain Text" export."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from quizdeck.cli import main
from quizdeck.decks.reader import check_deck_file


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def imported(tmp_path: Path, text: str, *options: str) -> tuple[Result, list[tuple[str, ...]]]:
    source = tmp_path / "cards.txt"
    source.write_text(text, encoding="utf-8")
    result = run("import", str(source), "--deck", str(tmp_path / "deck.toml"), *options)
    deck, _ = check_deck_file(tmp_path / "deck.toml")
    cards = [(c.kind.value, c.prompt, *c.answers, *c.tags) for c in deck.cards] if deck else []
    return result, cards


@pytest.mark.parametrize(
    "header", ["question,answer", "Front,Back", "term,definition", "Question,Answers"]
)
def test_other_names_for_the_columns(tmp_path: Path, header: str) -> None:
    result, cards = imported(tmp_path, f"{header}\nCapital of Peru?,Lima\n")
    assert result.exit_code == 0, result.output
    assert cards == [("text", "Capital of Peru?", "Lima")]


def test_extra_columns_are_left_out_with_one_warning(tmp_path: Path) -> None:
    result, cards = imported(tmp_path, "prompt,answer,notes,explanaton\nQ?,A,x,y\n")
    assert result.exit_code == 0 and cards == [("text", "Q?", "A")]
    assert result.output.count("warning:") == 1
    assert "'notes'; 'explanaton' (did you mean 'explanation'?)" in result.output


def test_a_quizlet_export_without_a_header(tmp_path: Path) -> None:
    text = "Capital of Peru\tLima\nCapital of Chile\tSantiago\n"
    result, cards = imported(tmp_path, text)
    assert result.exit_code == 0, result.output
    assert cards == [("text", "Capital of Peru", "Lima"), ("text", "Capital of Chile", "Santiago")]
    assert "no header row: reading the columns as prompt, answer" in result.output


def test_columns_named_on_the_command_line(tmp_path: Path) -> None:
    result, cards = imported(tmp_path, "Lima;Capital of Peru;year\n", "--columns", "answer,prompt,")
    assert result.exit_code == 0, result.output
    assert cards == [("text", "Capital of Peru", "Lima")]
    bad = run("import", str(tmp_path / "cards.txt"), "--deck", "x.toml", "--columns", "prompt")
    assert bad.exit_code == 1 and "--columns: missing column 'answer'" in bad.output


ANKI = """\
#separator:tab
#html:true
#tags column:3
What is the capital of <b>Peru</b>?\tLima&nbsp;(city)\tgeography south-america
{{c1::Quito::a city}} is the capital of {{c2::Ecuador}}.\tHigh in the Andes.\tgeography
"""


def test_an_anki_plain_text_export(tmp_path: Path) -> None:
    result, cards = imported(tmp_path, ANKI)
    assert result.exit_code == 0, result.output
    assert cards == [
        # the bracketed extra is no part of the answer, as in an Anki type-in note
        ("text", "What is the capital of Peru?", "Lima", "geography", "south-america"),
        (
            "cloze",
            "{{Quito}} (hint: a city) is the capital of {{Ecuador}}.",  # Anki's hint kept
            "Quito",
            "Ecuador",
            "geography",
        ),
    ]
    deck, _ = check_deck_file(tmp_path / "deck.toml")
    assert deck is not None and deck.cards[1].explanation == "High in the Andes."
    assert deck.cards[0].explanation == "city"


def test_anki_rows_are_numbered_as_lines_of_the_file(tmp_path: Path) -> None:
    result, _ = imported(tmp_path, "#separator:tab\n#html:false\nQ?\t\n")
    assert result.exit_code == 1 and "cards.txt:3: the answer is empty" in result.output


def test_a_deck_goes_to_quizlet_and_back(tmp_path: Path) -> None:
    from quizdeck.decks.loading import bundled_decks_dir

    source = bundled_decks_dir() / "people.toml"
    out = tmp_path / "people.txt"
    assert run("export", str(source), "--format", "quizlet", "-o", str(out)).exit_code == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    original, _ = check_deck_file(source)
    assert original is not None and len(lines) == len(original.cards)
    assert all(line.count("\t") == 1 for line in lines)
    result = run("import", str(out), "--deck", str(tmp_path / "back.toml"))
    assert result.exit_code == 0, result.output
    back, _ = check_deck_file(tmp_path / "back.toml")
    assert back is not None
    typed = [c for c in original.cards if c.kind.value in ("text", "person")]
    answers = {card.prompt: card.answers[0] for card in back.cards}
    assert typed and all(answers[card.prompt] == card.answers[0] for card in typed)
