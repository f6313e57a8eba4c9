"""One broken deck in the user's deck folder does not stop the others: commands go on
with one warning line naming the file; a deck can be named by its file's stem."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from quizdeck.cli import main

BROKEN = '[deck]\nid = "broken"\ntitle = "Broken"\n\n[[card]]\nid = "x"\nkind = "nope"\n'


def run(*args: str, stdin: str = "") -> Result:
    return CliRunner().invoke(main, list(args), input=stdin)


@pytest.fixture
def broken_user_deck(quiz_home: Path) -> Path:
    folder = quiz_home / "decks"
    folder.mkdir(parents=True)
    path = folder / "broken.toml"
    path.write_text(BROKEN, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "args",
    [["decks"], ["due"], ["stats"], ["export"], ["start", "--plain"], ["practice", "--plain"]],
)
def test_the_other_decks_still_work(broken_user_deck: Path, args: list[str]) -> None:
    result = run(*args, stdin="x\n")
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1 and "broken.toml left out" in warnings[0]
    assert "quiz validate" in warnings[0]


def test_a_named_broken_deck_is_still_an_error(broken_user_deck: Path) -> None:
    result = run("show", str(broken_user_deck))
    assert result.exit_code == 1 and "broken.toml:5: card is missing 'prompt'" in result.output
    assert run("validate").exit_code == 1


def test_a_deck_can_be_named_by_its_file_stem() -> None:
    result = run("show", "attack")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("drone-attack:")


def test_an_unknown_deck_suggests_the_closest_name() -> None:
    result = run("show", "atack")
    assert result.exit_code == 1
    assert "no deck 'atack' (did you mean 'attack'?)" in result.output
