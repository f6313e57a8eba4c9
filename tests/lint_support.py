"""Helpers for the `quiz lint` tests: deck and card text, and running the command."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from quizdeck.cli import main

#: A made-up source: its non-empty lines are paragraphs 1 to 6.
NOTES = """The Lantern Society

The Lantern Society was founded in 1987 in the harbour town of Velmora by the glassmaker Orla Venn.

Venn insisted that the members meet every Thursday. By 2004 the society had fourteen chapters.

On March 3, 2011 a storm destroyed the old hall; rebuilt by May 2012, it reopened on June 9.

Orla Venn's nephew, Tomas Venn, led the society after her death.

Nothing in this closing line is asked about.
"""


def deck(deck_id: str, cards: str, source: str = "notes.txt") -> str:
    header = f'[deck]\nid = "{deck_id}"\ntitle = "Deck {deck_id}"\n'
    if source:
        header += f'source = "{source}"\n'
    return header + cards


def card(card_id: str, kind: str, prompt: str, answer: str = "", **keys: str) -> str:
    """A ``[[card]]`` table; values in ``keys`` and ``answer`` are TOML, written as is."""
    lines = ["", "[[card]]", f'id = "{card_id}"', f'kind = "{kind}"', f"prompt = {prompt!r}"]
    if answer:
        lines.append(f"answer = {answer}")
    keys.setdefault("explanation", '"Because."')
    keys.setdefault("source", "1")
    lines += [f"{key} = {value}" for key, value in keys.items() if value]
    return "\n".join(lines) + "\n"


def make_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Work in ``tmp_path``, with the made-up source as notes.txt."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.txt").write_text(NOTES, encoding="utf-8")
    return tmp_path


def lint(folder: Path, decks: dict[str, str], *args: str) -> tuple[int, list[str]]:
    """Write ``decks`` (file name -> text) into ``folder`` and run ``quiz lint`` on them."""
    for name, text in decks.items():
        (folder / name).write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["lint", *args, *decks])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output.splitlines()


def findings(lines: list[str], level: str) -> list[str]:
    return [line for line in lines if f": {level}: " in line]
