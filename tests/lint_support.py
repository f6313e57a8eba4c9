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


#: A deck of good cards, one of each kind, written from NOTES.
GOOD = """
[[card]]
id = "town"
kind = "text"
prompt = "In which harbour town did the society begin?"
answer = "Velmora"
explanation = "A glassmaking town."
source = 2

[[card]]
id = "founder"
kind = "person"
prompt = "Who started the society?"
answer = "Orla Venn"
explanation = "She was a glassmaker."
source = [2]

[[card]]
id = "weekday-rule"
kind = "person"
prompt = "Who insisted on weekly meetings?"
answer = "Orla Venn"
explanation = "The founder set the rhythm."
source = 3

[[card]]
id = "founded"
kind = "year"
prompt = "In what year was the society founded?"
answer = 1987
explanation = "Late in the decade."
source = 2

[[card]]
id = "chapters"
kind = "number"
prompt = "How many chapters did the society have by 2004?"
answer = 14
explanation = "Spread along the coast."
source = 3

[[card]]
id = "storm"
kind = "date"
prompt = "When did a storm wreck the meeting hall?"
answer = "2011-03-03"
explanation = "Early spring."
source = 4

[[card]]
id = "rebuilt"
kind = "date"
prompt = "By which month was the hall standing again?"
answer = "2012-05"
explanation = "About a year later."
source = 4

[[card]]
id = "reopened"
kind = "date"
prompt = "On what day did the hall open its doors again?"
answer = "2012-06-09"
explanation = "A month after the rebuilding."
source = 4

[[card]]
id = "meeting-day"
kind = "choice"
prompt = "On which weekday did the members gather?"
answer = "Thursday"
choices = ["Monday", "Thursday", "Sunday"]
explanation = "Every week."
source = 3

[[card]]
id = "storm-true"
kind = "truefalse"
prompt = "True or false: in 2011 a storm destroyed the old meeting hall."
answer = true
explanation = "It was rebuilt the next year."
source = 4

[[card]]
id = "blacksmith"
kind = "truefalse"
prompt = "A blacksmith founded the society."
answer = false
correction = "The society was founded by a glassmaker."
explanation = "Glass, not iron."
source = 2

[[card]]
id = "sequence"
kind = "order"
prompt = "Put these in order."
answer = ["Society founded", "Storm destroys the hall", "Hall rebuilt"]
explanation = "Many years apart."
source = "2-4"

[[card]]
id = "successor"
kind = "cloze"
prompt = "After the founder died, {{person:Tomas Venn}} led the society."
explanation = "Her nephew."
source = 5
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


#: What the give-away and pattern checks' messages say (tested in test_lint_giveaways.py), and
#: the suggestion of a flip card (test_flip_cli.py): the bundled decks' rewrite deals with them.
OTHER_CHECKS = ("the session keeps the two apart", "a student meets it everywhere", "right option",
                "true/false cards are true", "make it a flip card")  # fmt: skip


def findings(lines: list[str], level: str, *, every: bool = False) -> list[str]:
    """The findings of ``level``; with ``every``, the give-away and pattern checks' too."""
    return [
        line
        for line in lines
        if f": {level}: " in line and (every or not any(mark in line for mark in OTHER_CHECKS))
    ]
