"""Anki deck names from an attacker, each deck a deck file (``--deck-per-anki-deck``): names
that make the same file name, names that try to leave the folder, and too many decks."""

from __future__ import annotations

from pathlib import Path

import genanki
import pytest
from click.testing import CliRunner

from quizdeck.cli import main
from quizdeck.decks.reader import check_deck_file


def package(tmp_path: Path, names: list[str]) -> Path:
    decks = [genanki.Deck(1000 + number, name) for number, name in enumerate(names)]
    for number, deck in enumerate(decks):
        note = genanki.Note(model=genanki.BASIC_MODEL, fields=[f"Question {number}?", "A"])
        deck.add_note(note)
    path = tmp_path / "decks.apkg"
    genanki.Package(decks).write_to_file(str(path))
    return path


@pytest.mark.parametrize(
    "names",
    [
        ["History", "history", "HISTORY"],
        [
            "Biology::Cell Biology::Mitochondria::Part 1",
            "Biology::Cell Biology::Mitochondria::Part 2",
        ],
        ["???", "!!!", "anki-deck"],
        ["../../etc/passwd", "etc/passwd", "/etc/passwd"],
    ],
)
def test_anki_decks_named_alike_get_a_deck_file_each(tmp_path: Path, names: list[str]) -> None:
    folder = tmp_path / "out"
    result = CliRunner().invoke(
        main,
        ["import", str(package(tmp_path, names)), "--deck-per-anki-deck", "--deck", str(folder)],
    )
    assert result.exit_code == 0, result.output
    files = sorted(folder.glob("*.toml"))
    assert len(files) == len(names)
    prompts, ids = set(), set()
    for path in files:
        deck, problems = check_deck_file(path)
        assert deck is not None and problems == [], problems
        ids.add(deck.id)
        prompts |= {card.prompt for card in deck.cards}
    assert len(ids) == len(names)
    assert prompts == {f"Question {number}?" for number in range(len(names))}
    written = {path for path in tmp_path.rglob("*") if not path.name.endswith(".lock")}
    assert written == {tmp_path / "decks.apkg", folder, *files}


def test_too_many_anki_decks_write_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from quizdeck.commands import anki_decks

    monkeypatch.setattr(anki_decks, "MAX_DECK_FILES", 3)
    folder = tmp_path / "out"
    apkg = package(tmp_path, ["A", "B", "C", "D"])
    result = CliRunner().invoke(
        main, ["import", str(apkg), "--deck-per-anki-deck", "--deck", str(folder)]
    )
    assert result.exit_code == 1
    assert "4 Anki decks" in result.output and "\n" not in result.output.strip()
    assert list(folder.glob("*")) == []


def test_a_deck_file_that_cannot_be_written_says_which_were(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from quizdeck.commands import import_cards
    from quizdeck.decks import authoring
    from quizdeck.decks.authoring import AuthoringError

    real = authoring.append_cards

    def full_disk_on_b(deck_file: Path, *args: object, **kwargs: object) -> object:
        if deck_file.name == "b.toml":
            raise AuthoringError([f"{deck_file}: cannot write: the disk is full"])
        return real(deck_file, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(import_cards, "append_cards", full_disk_on_b)
    folder = tmp_path / "out"
    apkg = package(tmp_path, ["A", "B", "C"])
    result = CliRunner().invoke(
        main, ["import", str(apkg), "--deck-per-anki-deck", "--deck", str(folder)]
    )
    assert result.exit_code == 1
    assert "the disk is full" in result.output
    assert "were added before" in result.output and "a.toml" in result.output
    assert sorted(path.name for path in folder.glob("*.toml")) == ["a.toml"]


def test_an_anki_deck_named_like_a_windows_device_gets_another_file_name(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    apkg = package(tmp_path, ["CON", "Aux", "LPT1"])
    result = CliRunner().invoke(
        main, ["import", str(apkg), "--deck-per-anki-deck", "--deck", str(folder)]
    )
    assert result.exit_code == 0, result.output
    assert sorted(path.name for path in folder.glob("*.toml")) == [
        "aux-deck.toml",
        "con-deck.toml",
        "lpt1-deck.toml",
    ]
