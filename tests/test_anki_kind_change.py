"""Exporting over a package whose notes had another note type (a card's kind changed) says which
cards: Anki updates a note only when its note type is the same, unless its import window has
"Merge note types" ticked (checked by hand with anki 26.09.3)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from quizdeck.cli import main

pytest.importorskip("genanki")

DECK = """\
[deck]
id = "geo"
title = "Geography"

[[card]]
id = "peru"
kind = "text"
prompt = "Capital of Peru?"
answer = "Lima"

[[card]]
id = "ocean"
kind = "text"
prompt = "Largest ocean?"
answer = "Pacific"
"""

CHOICE = DECK.replace('id = "ocean"\nkind = "text"', 'id = "ocean"\nkind = "choice"').replace(
    'answer = "Pacific"', 'answer = "Pacific"\nchoices = ["Pacific", "Atlantic"]'
)


def export(deck: Path, text: str, out: Path) -> Result:
    deck.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["export", str(deck), "--format", "apkg", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return result


def test_a_card_whose_kind_changed_is_named(tmp_path: Path) -> None:
    deck, out = tmp_path / "geo.toml", tmp_path / "geo.apkg"
    assert "changed kind" not in export(deck, DECK, out).output
    result = export(deck, CHOICE, out)
    lines = [line for line in result.output.splitlines() if "changed kind" in line]
    assert len(lines) == 1 and "geo/ocean" in lines[0] and "geo/peru" not in lines[0]
    assert "Merge note types" in lines[0]
    assert "changed kind" not in export(deck, CHOICE, out).output  # the same again: nothing


def test_nothing_is_said_over_a_file_that_is_no_package(tmp_path: Path) -> None:
    out = tmp_path / "geo.apkg"
    out.write_bytes(b"not a zip")
    assert "changed kind" not in export(tmp_path / "geo.toml", DECK, out).output
