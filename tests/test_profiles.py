"""Profiles (issue 26, finding 12): a mistyped ``--profile`` never makes an empty profile,
studying on a new name makes it and says so, and a name's case does not matter."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from quizdeck.cli import main
from quizdeck.paths import existing_profile, profile_db, profile_names

DECK = """\
[deck]
id = "mini"
title = "Mini"

[[card]]
id = "one"
kind = "text"
prompt = "Write one as a digit."
answer = "1"
"""


def quiz(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=input)


@pytest.fixture
def deck(quiz_home: Path) -> Path:
    folder = quiz_home / "decks"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "mini.toml"
    path.write_text(DECK, encoding="utf-8")
    return path


def profile_files(quiz_home: Path) -> list[str]:
    folder = quiz_home / "profiles"
    return sorted(path.name for path in folder.glob("*.sqlite3")) if folder.is_dir() else []


def study(profile: str) -> Result:
    return quiz("start", "mini", "--plain", "--profile", profile, input="1\n")


READING = [
    ["stats"],
    ["due"],
    ["history"],
    ["history", "--json"],
    ["progress", "export"],
    ["orphans"],
    ["orphans", "--prune", "--yes"],
    ["config", "get"],
    ["undo"],
    ["reset", "--yes"],
    ["optimize", "--dry-run"],
    ["suspend", "mini", "one"],
    ["unsuspend", "mini", "one"],
    ["bury", "mini", "one"],
]


@pytest.mark.parametrize("args", READING, ids=" ".join)
def test_a_mistyped_profile_is_refused_in_one_line_and_not_made(
    deck: Path, quiz_home: Path, args: list[str]
) -> None:
    assert study("alice").exit_code == 0
    before = profile_files(quiz_home)
    result = quiz(*args, "--profile", "alcie")
    assert result.exit_code == 1, result.output
    assert result.output == (
        "Error: no profile 'alcie' (profiles: alice, default); did you mean 'alice'?\n"
    )
    assert profile_files(quiz_home) == before


def test_a_profile_with_no_close_name_says_how_to_start_it(deck: Path, quiz_home: Path) -> None:
    result = quiz("stats", "--profile", "bob")
    assert result.exit_code == 1
    assert result.output == (
        "Error: no profile 'bob' (profiles: default); 'quiz start --profile bob' starts it\n"
    )
    assert profile_files(quiz_home) == []


def test_the_default_profile_always_exists(deck: Path) -> None:
    for args in (["stats"], ["due"], ["history"], ["config", "get", "new_per_day"]):
        assert quiz(*args).exit_code == 0
        assert quiz(*args, "--profile", "DEFAULT").exit_code == 0


def test_studying_on_a_new_name_makes_the_profile_and_says_so_once(
    deck: Path, quiz_home: Path
) -> None:
    first = study("bob")
    assert first.exit_code == 0, first.output
    assert first.stderr == "New profile 'bob'.\n"
    assert profile_files(quiz_home) == ["bob.sqlite3"]
    assert "New profile" not in quiz("practice", "mini", "--plain", "--profile", "bob").output
    assert quiz("stats", "--profile", "bob").exit_code == 0
    assert quiz("exam", "mini", "--plain", "--profile", "carol", input="1\n").stderr == (
        "New profile 'carol'.\n"
    )


def test_a_new_name_close_to_a_profile_asks_whether_it_was_meant(deck: Path) -> None:
    study("alice")
    result = quiz("practice", "mini", "--plain", "--profile", "alcie", input="1\n")
    assert result.exit_code == 0
    assert result.stderr == (
        "New profile 'alcie'.\nDid you mean 'alice'? Then stop now and use --profile alice.\n"
    )


def test_config_set_may_make_a_profile(deck: Path, quiz_home: Path) -> None:
    result = quiz("config", "set", "new_per_day", "7", "--profile", "dana")
    assert result.exit_code == 0
    assert result.stderr == "New profile 'dana'.\n"
    assert quiz("config", "get", "new_per_day", "--profile", "dana").output == "7\n"


def test_a_name_s_case_does_not_matter(deck: Path, quiz_home: Path) -> None:
    assert study("Alice").stderr == "New profile 'alice'.\n"
    assert profile_files(quiz_home) == ["alice.sqlite3"]
    assert study("ALICE").stderr == ""
    history = quiz("history", "--json", "--profile", "aLiCe")
    assert history.exit_code == 0
    assert history.output.count('"card": "one"') == 2
    assert profile_files(quiz_home) == ["alice.sqlite3"]


def test_a_mixed_case_profile_an_older_quiz_made_is_still_found(
    deck: Path, quiz_home: Path
) -> None:
    study("bob")
    (quiz_home / "profiles" / "bob.sqlite3").rename(quiz_home / "profiles" / "Bob.sqlite3")
    assert profile_names() == ["Bob", "default"]
    assert existing_profile("bob") == existing_profile("BOB") == "Bob"
    assert profile_db("bob") == quiz_home / "profiles" / "Bob.sqlite3"
    assert study("bob").stderr == ""
    assert quiz("history", "--profile", "BOB").output.count("mini/one") == 2
    export = quiz("progress", "export", "--profile", "boB")
    assert '"profile": "Bob"' in export.output
    assert profile_files(quiz_home) == ["Bob.sqlite3"]  # nothing renamed, nothing added


def test_two_files_an_older_quiz_made_for_one_name_are_both_kept(quiz_home: Path) -> None:
    folder = quiz_home / "profiles"
    folder.mkdir()
    for name in ("Eve", "eve"):
        (folder / f"{name}.sqlite3").touch()
    if len(list(folder.iterdir())) == 1:
        pytest.skip("this file system does not tell the case of names apart")
    assert existing_profile("Eve") == "Eve"
    assert existing_profile("eve") == existing_profile("EVE") == "eve"
