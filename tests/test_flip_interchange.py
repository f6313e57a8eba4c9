"""Flip cards go out to CSV, JSON, Quizlet and Anki and come back as flip cards; a long
Quizlet definition and an Anki Basic note become flip cards on import."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

import genanki
import pytest
from click.testing import CliRunner, Result

from quizdeck.cli import main
from quizdeck.decks.reader import check_deck_file
from quizdeck.kinds.flip import has_verb, is_sentence

#: (No comma: a Quizlet line with a comma beside its tab is read as comma-separated today.)
BACK = "He had no party behind him; only the army."
DECK = f"""\
[deck]
id = "flips"
title = "Flips"

[[card]]
id = "coup"
kind = "flip"
prompt = "Why did Bonaparte need the army in 1799?"
answer = "{BACK}"
explanation = "The Directory was weak."
tags = ["why"]
"""


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def cards_of(path: Path) -> list[tuple[str, ...]]:
    deck, problems = check_deck_file(path)
    assert deck is not None, problems
    return [(card.kind.value, card.prompt, *card.answers) for card in deck.cards]


@pytest.fixture
def deck(tmp_path: Path) -> Path:
    path = tmp_path / "flips.toml"
    path.write_text(DECK, encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["csv", "json", "apkg", "quizlet"])
def test_a_flip_card_goes_out_and_comes_back_a_flip_card(
    tmp_path: Path, deck: Path, fmt: str
) -> None:
    suffix = {"quizlet": "txt"}.get(fmt, fmt)
    out = tmp_path / f"cards.{suffix}"
    exported = run("export", str(deck), "--format", fmt, "-o", str(out))
    assert exported.exit_code == 0, exported.output
    back = tmp_path / "back.toml"
    imported = run("import", str(out), "--deck", str(back))
    assert imported.exit_code == 0, imported.output
    assert cards_of(back) == [("flip", "Why did Bonaparte need the army in 1799?", BACK)]
    card = check_deck_file(back)[0].cards[0]  # type: ignore[union-attr]
    if fmt != "quizlet":  # Quizlet keeps a term and its definition only
        assert card.explanation == "The Directory was weak." and "why" in card.tags


def test_csv_and_json_name_the_kind(tmp_path: Path, deck: Path) -> None:
    run("export", str(deck), "--format", "csv", "-o", str(tmp_path / "c.csv"))
    header, row = (tmp_path / "c.csv").read_text(encoding="utf-8").splitlines()[:2]
    assert header.startswith("id,kind,prompt,answer") and row.startswith("coup,flip,")
    run("export", str(deck), "--format", "json", "-o", str(tmp_path / "c.json"))
    (data,) = json.loads((tmp_path / "c.json").read_text(encoding="utf-8"))
    assert data["kind"] == "flip" and data["answers"] == [BACK]


def test_a_flip_card_is_an_anki_basic_note_without_a_typed_answer(
    tmp_path: Path, deck: Path
) -> None:
    out = tmp_path / "cards.apkg"
    assert run("export", str(deck), "--format", "apkg", "-o", str(out)).exit_code == 0
    with zipfile.ZipFile(out) as archive:
        (tmp_path / "c.anki2").write_bytes(archive.read("collection.anki2"))
    db = sqlite3.connect(tmp_path / "c.anki2")
    try:
        (models,) = db.execute("SELECT models FROM col").fetchone()
        (mid, fields) = db.execute("SELECT mid, flds FROM notes").fetchone()
    finally:
        db.close()
    model = json.loads(models)[str(mid)]
    assert model["name"] == "quiz flip" and model["type"] == 0  # a standard (not cloze) note
    assert all("{{type:" not in template["qfmt"] for template in model["tmpls"])
    assert fields.split("\x1f")[:2] == ["Why did Bonaparte need the army in 1799?", BACK]


def test_an_anki_basic_note_becomes_flip_and_a_type_in_note_text(tmp_path: Path) -> None:
    deck = genanki.Deck(2059400111, "History")
    deck.add_note(genanki.Note(model=genanki.BASIC_MODEL, fields=["Why 1799?", "A coup."]))
    deck.add_note(genanki.Note(model=genanki.BASIC_TYPE_IN_THE_ANSWER_MODEL,
                               fields=["Capital of Peru?", "Lima"]))  # fmt: skip
    deck.add_note(genanki.Note(model=genanki.CLOZE_MODEL, fields=["{{c1::Quito}} is high.", ""]))
    path = tmp_path / "history.apkg"
    genanki.Package(deck).write_to_file(str(path))
    result = run("import", str(path), "--deck", str(tmp_path / "h.toml"))
    assert result.exit_code == 0, result.output
    assert cards_of(tmp_path / "h.toml") == [
        ("flip", "Why 1799?", "A coup."),
        ("text", "Capital of Peru?", "Lima"),
        ("cloze", "{{Quito}} is high.", "Quito"),
    ]


def test_a_long_quizlet_definition_becomes_flip(tmp_path: Path) -> None:
    source = tmp_path / "set.txt"
    source.write_text(
        "Capital of Peru\tLima\n"
        "Directory\tThe government of France from 1795 until Bonaparte took power\n"
        "Photosynthesis\thow plants turn light, water and carbon dioxide into sugar and oxygen\n"
        "Islamic Revolutionary Guard Corps\tIran's army beside the regular army\n",
        encoding="utf-8",
    )
    result = run("import", str(source), "--deck", str(tmp_path / "q.toml"))
    assert result.exit_code == 0, result.output
    assert [kind for kind, *_ in cards_of(tmp_path / "q.toml")] == ["text", "flip", "flip", "text"]


def test_anki_plain_text_says_the_note_type_when_asked_to(tmp_path: Path) -> None:
    from quizdeck.interchange.csv_cards import read_csv

    text = (
        "#separator:tab\n#html:true\n#notetype column:1\n"
        "Basic\tWhy 1799?\tA coup.\n"
        "Basic (type in the answer)\tCapital of Peru?\tLima\n"
        "Basic (and reversed card)\tBonjour\tHello\n"
    )
    path = tmp_path / "notes.txt"
    path.write_text(text, encoding="utf-8")
    rows = read_csv(path)
    assert not rows.errors
    assert [(draft.kind.value, draft.prompt) for _, draft in rows.drafts] == [
        ("flip", "Why 1799?"), ("text", "Capital of Peru?"), ("flip", "Bonjour"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("answer", "sentence"),
    [
        ("he had no party behind him", True),
        ("The people elected him in a landslide vote", True),
        ("the Directory had lost the support of the army", True),
        ("leaves turn yellow because chlorophyll breaks down", True),
        ("Islamic Revolutionary Guard Corps Quds Force", False),
        ("an armed drone from the south of Iraq", False),
        ("the United Kingdom of Great Britain", False),
        ("Soviet-backed forces in the north", False),
        ("Lima", False),
        ("they fled", False),  # a sentence, but short: a string may judge it
        ("a long list of one two three four five six words", True),  # ten words or more
    ],
)
def test_what_reads_as_a_sentence(answer: str, sentence: bool) -> None:
    assert is_sentence(answer) is sentence
    assert has_verb("they fled") and not has_verb("the armed group")
