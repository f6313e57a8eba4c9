"""quiz source: a deck's source text by paragraph, or as a card cites it, read only from the deck's
folder or QUIZ_SOURCES."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from quizdeck.cli import main

SOURCE = (
    "The river rises in the hills.\n\nIt reaches the sea at Port Amber.\n\n"
    "The town has 12 bridges.\n"
)
DECK = """\
[deck]
id = "river"
title = "River"
source = "{source}"

[[card]]
id = "mouth"
kind = "text"
prompt = "Where does the river reach the sea?"
answer = "Port Amber"
source = [2]
"""


def quiz(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, list(args), env=env or {})


@pytest.fixture
def deck(tmp_path: Path) -> Path:
    path = tmp_path / "decks" / "river.toml"
    path.parent.mkdir()
    path.write_text(DECK.format(source="river.txt"), encoding="utf-8")
    return path


def test_the_whole_source_one_paragraph_or_a_cards_citation(deck: Path) -> None:
    (deck.parent / "river.txt").write_text(SOURCE, encoding="utf-8")
    whole = quiz("source", str(deck))
    assert whole.exit_code == 0
    assert whole.output.splitlines() == [
        "¶1 The river rises in the hills.",
        "¶2 It reaches the sea at Port Amber.",
        "¶3 The town has 12 bridges.",
    ]
    assert quiz("source", str(deck), "3").output == "¶3 The town has 12 bridges.\n"
    assert quiz("source", str(deck), "mouth").output == "¶2 It reaches the sea at Port Amber.\n"
    missing = quiz("source", str(deck), "4")
    assert missing.exit_code == 1 and "paragraphs 1 to 3" in missing.output
    unknown = quiz("source", str(deck), "mout")
    assert unknown.exit_code == 1 and "did you mean 'mouth'" in unknown.output


def test_the_source_is_found_in_a_quiz_sources_folder(deck: Path, tmp_path: Path) -> None:
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "river.txt").write_text(SOURCE, encoding="utf-8")
    assert quiz("source", str(deck), "1").exit_code == 1
    found = quiz("source", str(deck), "1", env={"QUIZ_SOURCES": str(folder)})
    assert found.exit_code == 0 and "rises in the hills" in found.output


def test_a_source_outside_the_allowed_folders_is_not_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("do not show this\n", encoding="utf-8")
    path = tmp_path / "decks" / "river.toml"
    path.parent.mkdir()
    path.write_text(DECK.format(source="../secret.txt"), encoding="utf-8")
    result = quiz("source", str(path))
    assert result.exit_code == 1 and "do not show" not in result.output
    assert "cannot be read here" in result.output


def test_a_deck_without_source_says_so(tmp_path: Path) -> None:
    path = tmp_path / "plain.toml"
    path.write_text(DECK.replace('source = "{source}"\n', ""), encoding="utf-8")
    result = quiz("source", str(path))
    assert result.exit_code == 1 and "names no source text" in result.output
