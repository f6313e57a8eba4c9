"""The deck-reading commands, driven through click's CliRunner."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizdeck.cli import main

DECK = """[deck]
id = "demo"
title = "Demo deck"
description = "A small deck for tests."

[[card]]
id = "capital"
fact = "iraq-capital"
kind = "text"
prompt = "What is the capital of Iraq?"
answer = "Baghdad"
accept = ["Bagdad"]
explanation = "It lies on the Tigris."
source = [1]
tags = ["places"]

[[card]]
id = "tf"
kind = "truefalse"
prompt = "Mosul is in Iran."
answer = false

[[card]]
id = "seq"
kind = "order"
prompt = "Order these"
answer = ["one", "two", "three"]

[[card]]
id = "escape"
kind = "text"
prompt = "Red \\u001b[31mtext\\u001b[0m and a title \\u001b]0;owned\\u0007"
answer = "x"
"""


@pytest.fixture
def deck_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "demo.toml"
    path.write_text(DECK, encoding="utf-8")
    return path


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def test_help_lists_commands() -> None:
    code, output = run("--help")
    assert code == 0
    for command in ("validate", "decks", "show", "export"):
        assert command in output


def test_validate_clean_deck(deck_file: Path) -> None:
    code, output = run("validate", str(deck_file))
    assert code == 0
    assert "1 deck file(s), 4 cards: all valid" in output


def test_validate_reports_problems_and_summary(deck_file: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text(DECK.replace('prompt = "Order', 'promt = "Order'), encoding="utf-8")
    code, output = run("validate", str(deck_file), str(broken))
    assert code == 1
    lines = output.splitlines()
    assert "broken.toml:26:1: unknown key 'promt' in card (did you mean 'prompt'?)" in lines
    assert "broken.toml:23: card is missing 'prompt'" in lines
    assert lines[-1] == "2 problem(s) in 1 of 2 deck file(s)"


def test_validate_folder(deck_file: Path, tmp_path: Path) -> None:
    code, output = run("validate", str(tmp_path))
    assert code == 0 and "all valid" in output


def test_validate_missing_file_is_a_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, output = run("validate", "missing.toml")
    assert code == 1
    assert output.splitlines()[0] == "missing.toml:1: no such file"


def test_decks_lists_id_title_count_origin(deck_file: Path) -> None:
    code, output = run("decks", str(deck_file))
    assert code == 0
    assert "demo" in output and "Demo deck" in output and "4 cards" in output
    assert "path: demo.toml" in output


def test_show_deck_and_card(deck_file: Path) -> None:
    code, output = run("show", str(deck_file))
    assert code == 0
    assert (
        "[capital] text" in output and "A: Baghdad" in output and "also accepted: Bagdad" in output
    )
    assert "A: one → two → three" in output
    code, output = run("show", str(deck_file), "tf")
    assert code == 0
    assert "Mosul is in Iran." in output and "capital" not in output


def test_show_makes_escape_sequences_inert(deck_file: Path) -> None:
    code, output = run("show", str(deck_file), "escape")
    assert code == 0
    assert "\x1b" not in output and "\x07" not in output
    assert "\\x1b[31mtext" in output


def test_show_unknown_card_and_deck_are_errors(
    deck_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("quizdeck.decks.loading.bundled_decks_dir", lambda: tmp_path / "none")
    code, output = run("show", str(deck_file), "nope")
    assert code == 1 and "deck 'demo' has no card 'nope'" in output
    code, output = run("show", "no-such-deck")
    assert code == 1 and "no deck 'no-such-deck'" in output


def test_show_invalid_deck_is_a_failure_not_a_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[deck]\nid = \n", encoding="utf-8")
    code, output = run("show", str(bad))
    assert code == 1 and "TOML syntax error" in output


def test_export_json(deck_file: Path) -> None:
    code, output = run("export", str(deck_file), "--format", "json")
    assert code == 0
    cards = json.loads(output)
    assert [card["id"] for card in cards] == ["capital", "tf", "seq", "escape"]
    first = cards[0]
    assert first["deck"] == "demo" and first["kind"] == "text" and first["fact"] == "iraq-capital"
    assert cards[1]["fact"] == ""
    assert first["answers"] == ["Baghdad", "Bagdad"]
    assert first["choices"] == [] and first["source"] == "1" and first["tags"] == ["places"]
    assert cards[1]["answers"] == ["false"]
    assert cards[2]["answers"] == ["one", "two", "three"]


def test_export_to_file(deck_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "cards.json"
    code, _ = run("export", str(deck_file), "-o", str(out))
    assert code == 0
    assert len(json.loads(out.read_text(encoding="utf-8"))) == 4


def test_help_does_not_import_heavy_modules() -> None:
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from quizdeck.cli import main\n"
        "CliRunner().invoke(main, ['--help'])\n"
        "CliRunner().invoke(main, ['--version'])\n"
        "heavy = [m for m in ('questionary', 'fsrs', 'rich', 'prompt_toolkit', 'rapidfuzz')"
        " if m in sys.modules]\n"
        "print(heavy)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
