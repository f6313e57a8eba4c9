"""Every command, fed hostile decks, CSV files, progress exports, file names and options,
prints nothing a terminal would obey: no C0/C1 control but newline and tab, no bidi override."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from quizdeck.cli import main

OSC_TITLE = "\x1b]0;TITLE\x07"
CLEAR = "\x1b[2J"
CLIPBOARD = "\x1b]52;c;ZXZpbA==\x07"
C1 = "\x9b31m"
BIDI = "\u202egnp.exe"
EVIL = OSC_TITLE + CLEAR + C1 + BIDI

#: What must never reach the terminal from outside text.
UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def toml_string(text: str) -> str:
    return json.dumps(text)  # a JSON string with \uXXXX escapes is a valid TOML basic string


GOOD_DECK = f"""[deck]
id = "evil"
title = {toml_string("Evil " + EVIL)}
description = {toml_string(EVIL)}

[[card]]
id = "text"
kind = "text"
prompt = {toml_string("Where? " + EVIL)}
answer = {toml_string("Baghdad" + CLEAR)}
accept = [{toml_string(C1 + "Bagdad")}]
explanation = {toml_string(CLIPBOARD + "explained")}
source = {toml_string("chapter " + BIDI)}
tags = [{toml_string("tag" + OSC_TITLE)}]

[[card]]
id = "pick"
kind = "choice"
prompt = "Pick one"
answer = {toml_string("a" + CLEAR)}
choices = [{toml_string("a" + CLEAR)}, {toml_string("b" + BIDI)}]

[[card]]
id = "steps"
kind = "order"
prompt = "Order"
answer = [{toml_string("one" + C1)}, {toml_string("two" + OSC_TITLE)}]
"""

BAD_DECK = f"""[deck]
id = {toml_string("bad" + CLEAR)}
title = "Bad"

[[card]]
id = "k"
kind = {toml_string(OSC_TITLE + "text")}
prompt = "Q"
answer = "A"
{toml_string(CLIPBOARD + CLEAR)} = 1

[[card]]
id = "c"
kind = "choice"
prompt = "Q"
answer = {toml_string("zz" + OSC_TITLE)}
choices = ["a", "b"]
"""

HOSTILE_CSV = f"prompt,answer,kind\n{EVIL},x,text\nQ,y,{OSC_TITLE}text\n"


@pytest.fixture(params=["broken-deck-too", "good-deck-only"])
def hostile(
    request: pytest.FixtureRequest, tmp_path: Path, quiz_home: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """A user deck folder with a valid but hostile deck (and a broken one), and hostile files."""
    monkeypatch.chdir(tmp_path)
    decks = quiz_home / "decks"
    decks.mkdir(parents=True)
    (decks / f"evil{CLEAR}.toml").write_text(GOOD_DECK, encoding="utf-8")
    if request.param == "broken-deck-too":
        (decks / f"bad{OSC_TITLE}.toml").write_text(BAD_DECK, encoding="utf-8")
    (tmp_path / "hostile.csv").write_text(HOSTILE_CSV, encoding="utf-8")
    progress = {
        "format": "quiz-progress",
        "version": 1,
        "profile": "student" + C1 + BIDI,
        "exported_at": "2026-01-02T00:00:00+00:00",
        "reviews": [
            {
                "deck": "evil" + CLEAR,
                "card": "text" + OSC_TITLE,
                "mode": "start",
                "given": EVIL,
                "correct": False,
                "score": 0.0,
                "rating": 1,
                "reviewed_at": "2026-01-01T00:00:00+00:00",
                "duration_ms": 1000,
            }
        ],
        "cards": [],
    }
    (tmp_path / f"class{CLEAR}.json").write_text(json.dumps(progress), encoding="utf-8")
    return tmp_path


def run(*args: str, stdin: str = "") -> Result:
    return CliRunner().invoke(main, list(args), input=stdin)


COMMANDS = [
    ["validate"],
    ["lint"],
    ["decks"],
    ["show", "evil"],
    ["show", "evil", "text"],
    ["show", "evil", "--related"],
    ["show", "evil" + OSC_TITLE],
    ["export"],
    ["export", "evil", "--format", "json"],
    ["start", "--plain"],
    ["start", "evil", "--plain"],
    ["practice", "evil", "--plain"],
    ["exam", "evil", "--plain"],
    ["due"],
    ["stats"],
    ["history"],
    ["orphans"],
    ["check", "evil", "text", "Bagdad" + CLEAR],
    ["check", "evil", "text", C1 + BIDI, "--json"],
    ["history", "--json"],
    ["check", "evil", "nosuch" + OSC_TITLE, "x"],
    ["suspend", "evil", "nosuch" + OSC_TITLE],
    ["due", "--profile", "a" + CLEAR],
    ["report", "class" + CLEAR + ".json"],
    ["report", "class" + CLEAR + ".json", "--format", "csv"],
    ["report", "class" + CLEAR + ".json", "--format", "json"],
    ["report", "missing" + OSC_TITLE + ".json"],
    ["import", "hostile.csv", "--deck", "out.toml"],
    ["import", "missing" + C1 + ".csv", "--deck", "out.toml"],
    ["lint", "--source", "hostile.csv"],
    ["nosuch" + CLEAR],
    ["--bogus" + OSC_TITLE],
]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda args: " ".join(args)[:40])
def test_no_control_character_reaches_the_terminal(hostile: Path, args: list[str]) -> None:
    result = run(*args, stdin="Baghdad\n1\n1 2\n" * 5)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    found = UNSAFE.findall(result.output)
    assert not found, f"{found!r} in:\n{result.output}"


def test_csv_to_a_terminal_is_inert_and_to_a_file_exact(
    hostile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from quizdeck.commands import decks

    result = run("export", "evil", "--format", "csv", "-o", "cards.csv")
    assert result.exit_code == 0
    assert CLEAR in (hostile / "cards.csv").read_text(encoding="utf-8")  # the data, exactly
    monkeypatch.setattr(decks, "_stdout_is_terminal", lambda: True)
    shown = run("export", "evil", "--format", "csv")
    assert shown.exit_code == 0 and "Baghdad" in shown.output
    assert not UNSAFE.findall(shown.output)
