"""quiz import reads Anki packages: quiz's own export comes back with the same prompts and
answers, a package made elsewhere gives flip (Basic) and cloze cards with their tags, and bad
packages are one line."""

from __future__ import annotations

import zipfile
from pathlib import Path

import genanki
import pytest
from click.testing import CliRunner, Result

from quizdeck.cli import main
from quizdeck.decks.loading import bundled_decks_dir
from quizdeck.decks.reader import check_deck_file


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def cards_of(path: Path) -> list[tuple[str, ...]]:
    deck, problems = check_deck_file(path)
    assert deck is not None, problems
    return [(card.kind.value, card.prompt, card.answers[0], *card.tags) for card in deck.cards]


@pytest.mark.parametrize("name", ["timeline.toml", "attack.toml"])
def test_quiz_export_comes_back_with_the_same_prompts_and_answers(
    tmp_path: Path, name: str
) -> None:
    source = bundled_decks_dir() / name
    assert (
        run("export", str(source), "--format", "apkg", "-o", str(tmp_path / "t.apkg")).exit_code
        == 0
    )
    result = run("import", str(tmp_path / "t.apkg"), "--deck", str(tmp_path / "back.toml"))
    assert result.exit_code == 0, result.output
    original, _ = check_deck_file(source)
    back, _ = check_deck_file(tmp_path / "back.toml")
    assert original is not None and back is not None
    expected = {
        card.prompt: card.answers[0]
        for card in original.cards
        if card.kind.value in ("text", "person", "number", "year", "date", "choice")
    }
    got = {card.prompt: card.answers[0] for card in back.cards}
    assert expected and all(got.get(prompt) == answer for prompt, answer in expected.items())
    for card in (card for card in original.cards if card.kind.value == "cloze"):
        twin = next(c for c in back.cards if c.answers == card.answers)
        assert twin.explanation == card.explanation and twin.paragraphs == card.paragraphs
    orders = [card for card in original.cards if card.kind.value == "order"]
    for card in orders:
        assert next(c for c in back.cards if c.prompt == card.prompt).answers == card.answers


def package(tmp_path: Path, media: bool = False) -> Path:
    basic = genanki.BASIC_MODEL
    cloze = genanki.CLOZE_MODEL
    deck = genanki.Deck(2059400110, "Geography")
    deck.add_note(genanki.Note(model=basic, fields=["Capital of <b>Peru</b>?", "Lima&nbsp;"],
                               tags=["south-america", "capitals"]))  # fmt: skip
    deck.add_note(
        genanki.Note(model=cloze, fields=["{{c1::Quito}} is in {{c2::Ecuador}}.", "Andes"])
    )
    deck.add_note(genanki.Note(model=basic, fields=["", "no question"]))
    path = tmp_path / "geo.apkg"
    pack = genanki.Package(deck)
    if media:
        picture = tmp_path / "map.png"
        picture.write_bytes(b"\x89PNG fake")
        pack.media_files = [str(picture)]
    pack.write_to_file(str(path))
    return path


def test_a_package_made_elsewhere(tmp_path: Path) -> None:
    path = package(tmp_path, media=True)
    result = run("import", str(path), "--deck", str(tmp_path / "geo.toml"))
    assert result.exit_code == 1  # note 3 has no question
    assert "geo.apkg:3: the note has no question text" in result.output
    assert "1 media file(s)" in result.output
    assert cards_of(tmp_path / "geo.toml") == [
        ("flip", "Capital of Peru?", "Lima", "south-america", "capitals"),  # Anki's Basic
        ("cloze", "{{Quito}} is in {{Ecuador}}.", "Quito"),
    ]


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ({"collection.anki21b": b"zstd"}, "not an Anki package"),
        ({"readme.txt": b"hi"}, "holds no collection"),
        ({"collection.anki2": b"not sqlite at all" * 10}, "cannot be read"),
    ],
)
def test_packages_quiz_cannot_read_are_one_line(
    tmp_path: Path, members: dict[str, bytes], message: str
) -> None:
    path = tmp_path / "bad.apkg"
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    result = run("import", str(path), "--deck", str(tmp_path / "d.toml"))
    assert result.exit_code == 1 and message in result.output
    assert "Traceback" not in result.output and not (tmp_path / "d.toml").exists()


def test_a_file_that_is_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "cards.apkg"
    path.write_text("prompt,answer\n", encoding="utf-8")
    result = run("import", str(path), "--deck", str(tmp_path / "d.toml"))
    assert result.exit_code == 1 and "not an Anki package" in result.output


def test_a_fifo_or_a_missing_package_is_one_line(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "pipe.apkg"
    os.mkfifo(fifo)
    result = run("import", str(fifo), "--deck", str(tmp_path / "d.toml"))
    assert result.exit_code == 1 and "not a regular file" in result.output
    missing = run("import", str(tmp_path / "none.apkg"), "--deck", str(tmp_path / "d.toml"))
    assert missing.exit_code == 1 and "none.apkg: no such file" in missing.output
