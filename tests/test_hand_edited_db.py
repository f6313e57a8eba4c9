"""A progress database edited by hand (a bad time, rating, state or number in a row):
every command says which row it cannot read, in one line, instead of a traceback."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizdeck.cli import main
from quizdeck.paths import profile_db

#: The review log is the table ``review_log`` (migration 11; ``reviews`` is a view of it).
EDITS = [
    "UPDATE review_log SET time = 'garbage' WHERE id = 2",
    "UPDATE review_log SET rating = 99 WHERE id = 2",
    "UPDATE review_log SET state_before = 42 WHERE id = 2",
    "UPDATE review_log SET mode = 'weird' WHERE id = 2",
    "UPDATE review_log SET mode = 7 WHERE id = 2",
    "UPDATE review_log SET duration_ms = 'abc' WHERE id = 2",
    "UPDATE review_log SET amended_at = 'then' WHERE id = 2",
    "UPDATE cards SET state = 9",
    "UPDATE cards SET due = 'x'",
    "UPDATE cards SET last_review = 'x'",
    "UPDATE cards SET buried_until = 'zz'",
    "UPDATE cards SET stability = 'strong'",
    "UPDATE settings SET value = 'zz'",
]
COMMANDS = [
    ["history"],
    ["history", "--json"],
    ["stats"],
    ["due"],
    ["progress", "export", "-o", "out.json"],
    ["progress", "export", "--format", "csv", "-o", "out.csv"],
    ["start", "election", "--plain"],
    ["orphans"],
    ["undo"],
]


@pytest.fixture
def edited_profile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    answered = CliRunner().invoke(
        main, ["start", "election", "--plain", "--new", "3"], input="x\nx\nx\n"
    )
    assert answered.exit_code == 0, answered.output
    with sqlite3.connect(profile_db()) as db:
        db.execute("INSERT OR IGNORE INTO settings (key, value) VALUES ('new_per_day', '5')")
    return profile_db()


@pytest.mark.parametrize("edit", EDITS)
def test_every_command_names_the_row_it_cannot_read(edited_profile: Path, edit: str) -> None:
    with sqlite3.connect(edited_profile) as db:
        assert db.execute(edit).rowcount > 0
    for args in COMMANDS:
        result = CliRunner().invoke(main, args, input="x\n")
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            args,
            result.exc_info,
        )
        assert result.exit_code in (0, 1, 130), (args, result.output)
        if result.exit_code == 1:
            assert "cannot be read" in result.output or "edited by hand" in result.output, (
                args,
                result.output,
            )
