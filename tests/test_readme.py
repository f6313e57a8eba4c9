"""The README's deck example is a valid deck, and its commands exist."""

from __future__ import annotations

import re
from pathlib import Path

import click

from quizdeck.cli import main
from quizdeck.deck import check_deck_file

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_deck_example_validates(tmp_path: Path) -> None:
    text = README.read_text(encoding="utf-8")
    blocks = re.findall(r"```toml\n(.*?)```", text, re.DOTALL)
    assert blocks, "README has no TOML example"
    path = tmp_path / "example.toml"
    path.write_text(blocks[0], encoding="utf-8")
    deck, problems = check_deck_file(path)
    assert [str(problem) for problem in problems] == []
    assert deck is not None
    kinds = {card.kind.value for card in deck.cards}
    assert len(kinds) >= 8, kinds


def test_readme_names_only_real_commands() -> None:
    text = README.read_text(encoding="utf-8")
    shell = "\n".join(re.findall(r"```sh\n(.*?)```", text, re.DOTALL))
    named = set(re.findall(r"^quiz ([a-z]+)", shell, re.MULTILINE))
    known = set(main.list_commands(click.Context(main)))
    assert named, "README shows no commands"
    assert named <= known, f"README shows commands that do not exist: {sorted(named - known)}"
    assert known <= named, f"README has no example of: {sorted(known - named)}"
