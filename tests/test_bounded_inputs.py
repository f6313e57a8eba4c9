"""Files from other people are read only if they are regular files of a bounded size:
no hang on a FIFO, no memory exhausted by /dev/zero, no source outside the deck's folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizdeck.cli import main
from quizdeck.decks.format import Deck
from quizdeck.decks.sources import Sources, source_file
from quizdeck.files import MIB, NotAFileError, TooLargeError, read_limited
from quizdeck.model import Card, Kind

QUIZ = str(Path(sys.executable).parent / "quiz")


def test_read_limited_reads_a_regular_file(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"hello")
    assert read_limited(path, 5) == b"hello"
    with pytest.raises(TooLargeError):
        read_limited(path, 4)


def test_read_limited_refuses_devices_and_fifos(tmp_path: Path) -> None:
    with pytest.raises(NotAFileError):
        read_limited(Path("/dev/zero"), MIB)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(NotAFileError):
        read_limited(fifo, MIB)  # returns at once: no writer is waited for
    with pytest.raises(IsADirectoryError):
        read_limited(tmp_path, MIB)


@pytest.mark.parametrize("command", [["validate"], ["import", "{path}", "--deck", "d.toml"]])
def test_a_fifo_given_as_input_is_a_message_not_a_hang(command: list[str], tmp_path: Path) -> None:
    fifo = tmp_path / "cards.toml"
    os.mkfifo(fifo)
    args = [part.replace("{path}", str(fifo)) for part in command]
    if args == ["validate"]:
        args.append(str(fifo))
    result = subprocess.run(
        [QUIZ, *args], capture_output=True, text=True, timeout=60, cwd=tmp_path, check=False
    )
    assert result.returncode == 1, result.stderr
    assert "not a regular file" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def deck_with_source(folder: Path, source: str) -> Deck:
    card = Card("d", "c", Kind.TEXT, "Q?", ("a",), paragraphs=(1,))
    return Deck(id="d", title="D", cards=(card,), source=source, path=folder / "d.toml")


def test_a_source_outside_the_deck_folder_is_not_read(tmp_path: Path) -> None:
    (tmp_path / "inside.txt").write_text("first paragraph\n", encoding="utf-8")
    inside = deck_with_source(tmp_path, "inside.txt")
    assert source_file(inside) == (tmp_path / "inside.txt").resolve()
    assert Sources([inside]).paragraphs(inside.cards[0]) == [(1, "first paragraph")]
    for hostile in ("../../../../etc/passwd", "/etc/passwd", "/dev/zero"):
        deck = deck_with_source(tmp_path, hostile)
        assert source_file(deck) is None
        assert Sources([deck]).paragraphs(deck.cards[0]) == []


def test_quiz_sources_allows_another_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "article.txt").write_text("the text\n", encoding="utf-8")
    decks = tmp_path / "decks"
    decks.mkdir()
    deck = deck_with_source(decks, "../shared/article.txt")
    assert source_file(deck) is None
    monkeypatch.setenv("QUIZ_SOURCES", str(shared))
    assert source_file(deck) == (shared / "article.txt").resolve()


def test_a_source_that_is_a_device_shows_nothing(tmp_path: Path) -> None:
    (tmp_path / "zero").symlink_to("/dev/zero")
    deck = deck_with_source(tmp_path, "zero")  # inside the folder by name, a device in fact
    assert Sources([deck]).paragraphs(deck.cards[0]) == []


def test_a_huge_csv_cell_is_a_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "big.csv").write_text(
        "prompt,answer\n" + '"' + "x" * 200_000 + '",y\n', encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["import", "big.csv", "--deck", "d.toml"])
    assert result.exit_code == 1, result.output
    assert "big.csv" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "d.toml").exists()
