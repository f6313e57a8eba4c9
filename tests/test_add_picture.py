"""``quiz add --image FILE`` and the wizard's picture step: a picture beside the deck, checked
as ``quiz validate`` checks it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from quizdeck.cli import main
from quizdeck.decks.reader import check_deck_file

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32
DECK = '[deck]\nid = "maps"\ntitle = "Maps"\n'


@pytest.fixture
def deck(tmp_path: Path) -> Path:
    (tmp_path / "maps").mkdir()
    (tmp_path / "maps" / "lyon.png").write_bytes(PNG)
    (tmp_path / "notes.txt").write_text("not a picture", encoding="utf-8")
    path = tmp_path / "maps.toml"
    path.write_text(DECK, encoding="utf-8")
    return path


def add(deck: Path, *args: str) -> Result:
    base = ["add", str(deck), "--prompt", "Which city is marked?", "--answer", "Lyon"]
    return CliRunner().invoke(main, [*base, *args])


def images(deck: Path) -> list[str]:
    loaded, problems = check_deck_file(deck)
    assert problems == [] and loaded is not None
    return [card.image for card in loaded.cards]


def test_add_image_names_a_picture_beside_the_deck(deck: Path) -> None:
    result = add(deck, "--image", "maps/lyon.png")
    assert result.exit_code == 0, result.output
    assert images(deck) == ["maps/lyon.png"]


def test_add_image_takes_a_path_from_the_current_folder(
    deck: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(deck.parent / "maps")
    result = add(deck, "--image", "lyon.png")
    assert result.exit_code == 0, result.output
    assert images(deck) == ["maps/lyon.png"]


@pytest.mark.parametrize(
    ("image", "message"),
    [
        ("maps/paris.png", "picture 'maps/paris.png' not found in the deck's folder"),
        ("notes.txt", "is not a PNG, JPEG, GIF, WebP or SVG image"),
        ("../lyon.png", "must stay inside the deck's folder"),
        ("/etc/passwd", "not an absolute path"),
    ],
)
def test_add_image_refuses_what_validate_refuses(deck: Path, image: str, message: str) -> None:
    before = deck.read_text(encoding="utf-8")
    result = add(deck, "--image", image)
    assert result.exit_code == 2 and message in result.output, result.output
    assert deck.read_text(encoding="utf-8") == before


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr("quizdeck.commands.teacher._interactive", lambda: True)
    yield


def wizard(deck: Path, keys: list[str]) -> Result:
    with create_pipe_input() as pipe:
        pipe.send_text("".join(keys))
        with create_app_session(input=pipe, output=DummyOutput()):
            return CliRunner().invoke(main, ["add", str(deck)])


CARD = [
    "\r",  # kind: text
    "Which city is marked?\r",
    "Lyon\r",
    "\r",  # no other accepted answers
    "\r\r\r",  # no explanation, source, tags
]


@pytest.mark.usefixtures("terminal")
def test_the_wizard_asks_for_a_picture_and_checks_it(deck: Path) -> None:
    keys = [*CARD, "maps/paris.png\r", "\x15maps/lyon.png\r", "\r", "\r", "\r"]
    result = wizard(deck, keys)
    assert result.exit_code == 0, result.output
    assert images(deck) == ["maps/lyon.png"]


@pytest.mark.usefixtures("terminal")
def test_the_picture_step_is_optional(deck: Path) -> None:
    result = wizard(deck, [*CARD, "\r", "\r", "\r", "\r"])
    assert result.exit_code == 0, result.output
    assert images(deck) == [""]


@pytest.mark.usefixtures("terminal")
def test_no_picture_step_without_a_picture_beside_the_deck(deck: Path) -> None:
    os.remove(deck.parent / "maps" / "lyon.png")
    result = wizard(deck, [*CARD, "\r", "\r", "\r"])
    assert result.exit_code == 0, result.output
    assert images(deck) == [""]
